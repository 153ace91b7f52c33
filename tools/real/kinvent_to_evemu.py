#!/usr/bin/env python3
"""Converts a KINVENT K-Force single-leg balance export (szuhungcheng/CoP-Fractal-Dimension-and-Clustering-Analysis,
example_data/*.csv, MIT licence) into one evemu recording per trial, as a board under the standing foot.

Each trial has a summary (eyes, side, "Longitudinal/Lateral Standard Deviation (mm)") and 250 Hz rows of four
channels (kg) with AP and ML centre of pressure in the plate's own units. The plate's geometry is not in the file, so
the centre of pressure is scaled to millimetres by the trial's own standard deviations, and the total load (the sum of
the channels) is put there on the balance board's corners. usage: kinvent_to_evemu.py IN.csv OUTPREFIX [--every N]
"""
import statistics
import sys

import boardevemu


def trials(path):
    trial = None
    for line in open(path, encoding="utf-8-sig"):
        cells = line.rstrip("\n").split(",")
        key = cells[0].strip()
        if key.startswith("Eyes Condition"):
            if trial is not None and trial["rows"]:
                yield trial
            trial = {"eyes": cells[1].strip(), "rows": []}
        elif key.startswith("Side") and trial is not None:
            trial["side"] = cells[1].strip()
        elif key.startswith("Longitudinal Standard Deviation") and trial is not None:
            trial["sd_ap"] = float(cells[1])
        elif key.startswith("Lateral Standard Deviation") and trial is not None:
            trial["sd_ml"] = float(cells[1])
        elif trial is not None and key.replace(".", "", 1).isdigit() and len(cells) >= 8:
            try:
                t = float(cells[0])
                load = sum(float(c) for c in cells[1:5])
                trial["rows"].append((t, load, float(cells[6]), float(cells[7])))
            except ValueError:
                pass
    if trial is not None and trial["rows"]:
        yield trial


def main():
    src, prefix = sys.argv[1], sys.argv[2]
    every = int(sys.argv[sys.argv.index("--every") + 1]) if "--every" in sys.argv else 1
    for n, tr in enumerate(trials(src)):
        rows = tr["rows"][::every]
        ap = [r[2] for r in tr["rows"]]
        ml = [r[3] for r in tr["rows"]]
        kap = tr["sd_ap"] / statistics.pstdev(ap)
        kml = tr["sd_ml"] / statistics.pstdev(ml)
        map_, mml = statistics.fmean(ap), statistics.fmean(ml)
        frames = [(t, boardevemu.corners(load, (x - mml) * kml, (y - map_) * kap)) for t, load, y, x in rows]
        out = "%s-%d-%s-%s.evemu" % (prefix, n + 1, tr["side"].lower(), tr["eyes"].lower())
        boardevemu.write(out, frames, "Converted from %s trial %d (KINVENT K-Force, %s foot, eyes %s; MIT licence, "
                         "(c) 2025 Szu-Hung Cheng)" % (src.split("/")[-1], n + 1, tr["side"], tr["eyes"].lower()))
        print(out, len(frames), "frames, %.1f s, %.1f kg" % (rows[-1][0] - rows[0][0], statistics.fmean(r[1] for r in rows)))


if __name__ == "__main__":
    main()
