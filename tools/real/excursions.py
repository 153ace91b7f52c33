#!/usr/bin/env python3
"""For each tagged interval of a converted recording, the centre of pressure's largest shift from the level of the
second before the interval (a reference independent of Plantar's detectors). usage: excursions.py OUT.evemu TAGS.json"""
import json
import sys


def frames(path):
    loads = [0, 0, 0, 0]
    for line in open(path):
        if not line.startswith("E:"):
            continue
        _, t, typ, code, value = line.split()[:5]
        if typ == "0003":
            loads[int(code, 16) - 0x10] = int(value) / 100
        elif typ == "0000" and code == "0000":
            tr, br, tl, bl = loads
            total = sum(loads)
            if total > 5:
                yield float(t), total, 216.5 * ((tr + br) - (tl + bl)) / total, 119 * ((tl + tr) - (bl + br)) / total


def main():
    data = list(frames(sys.argv[1]))
    tags = json.load(open(sys.argv[2]))["tags"]
    starts = [t for t in tags if not "stop" in t["name"]]
    for s in starts:
        stop = next((t for t in tags if t["at"] > s["at"] and "stop" in t["name"]), None)
        if stop is None:
            continue
        before = [d for d in data if s["at"] - 1 <= d[0] < s["at"]]
        inside = [d for d in data if s["at"] <= d[0] < stop["at"]]
        if not before or not inside:
            continue
        bx = sum(d[2] for d in before) / len(before)
        by = sum(d[3] for d in before) / len(before)
        fwd = max(d[3] - by for d in inside)
        back = min(d[3] - by for d in inside)
        side = max(abs(d[2] - bx) for d in inside)
        print("%-22s %6.1f-%6.1f s  forward %+5.0f mm  back %+5.0f mm  sideways %4.0f mm" % (
            s["name"], s["at"], stop["at"], fwd, back, side))


if __name__ == "__main__":
    main()
