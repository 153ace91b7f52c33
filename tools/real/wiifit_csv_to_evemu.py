#!/usr/bin/env python3
"""Converts a four-corner board CSV of ElifDidemErguven/WiiFitBoardML ("CSV Files/NAME-good.csv": ms, Sensor 1-4 (kg),
COP distance X, COP distance Y, Total Force (kg)) into an evemu recording Plantar replays.

The sensor order is not documented; the file's own COP columns are 25·((S2+S4)−(S1+S3))/T and 15·((S3+S4)−(S1+S2))/T
exactly, so S1 is bottom-left, S2 bottom-right, S3 top-left, S4 top-right when +X is right and +Y is towards the
toes (a mirrored board cannot be told apart from these files). usage: wiifit_csv_to_evemu.py IN.csv OUT.evemu
"""
import csv
import sys

import boardevemu


def main():
    src, out = sys.argv[1], sys.argv[2]
    frames = []
    for row in csv.reader(open(src, encoding="utf-8-sig")):
        try:
            ms, s1, s2, s3, s4 = (float(v) for v in row[:5])
        except (ValueError, IndexError):
            continue
        if frames and ms / 1000 < frames[-1][0]:
            continue
        frames.append((ms / 1000, [s4, s2, s3, s1]))
    boardevemu.write(out, frames, "Converted from %s (WiiFitBoardML)" % src.split("/")[-1])
    print('{"frames": %d, "seconds": %.1f}' % (len(frames), frames[-1][0] - frames[0][0]))


if __name__ == "__main__":
    main()
