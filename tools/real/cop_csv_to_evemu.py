#!/usr/bin/env python3
"""Converts a centre-of-pressure trace without loads (KellyLuo-O/stabilometry_project_2026's Zebris platform exports,
data/dataset*/platform/*_gait.csv: a "time","x","y" table in s and mm after a two-line header) into an evemu
recording: a constant load (--mass, 70 kg) placed at the centre of pressure on the balance board's corners, so that
Plantar's centre of pressure is the trace's (x right, y towards the toes, centred on its mean).
usage: cop_csv_to_evemu.py IN.csv OUT.evemu [--mass KG]
"""
import csv
import statistics
import sys

import boardevemu


def main():
    src, out = sys.argv[1], sys.argv[2]
    mass = float(sys.argv[sys.argv.index("--mass") + 1]) if "--mass" in sys.argv else 70.0
    rows = []
    for row in csv.reader(open(src, encoding="utf-8-sig")):
        try:
            if len(row) >= 3:
                rows.append(tuple(float(v) for v in row[:3]))
        except (ValueError, IndexError):
            continue
    mx = statistics.fmean(r[1] for r in rows)
    my = statistics.fmean(r[2] for r in rows)
    frames = [(t, boardevemu.corners(mass, x - mx, y - my)) for t, x, y in rows]
    boardevemu.write(out, frames, "Converted from %s (Zebris COP trace, %g kg placed at it)" % (src.split("/")[-1], mass))
    print('{"frames": %d, "seconds": %.1f}' % (len(frames), rows[-1][0] - rows[0][0]))


if __name__ == "__main__":
    main()
