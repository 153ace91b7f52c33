#!/usr/bin/env python3
"""Converts an OpenBCI Wii Balance Board recording (NAME.obci.xml + .raw + .tag, as in AlGepe/MedPhysics_Subject's
Posturography/Data) into an evemu recording Plantar replays, and prints its tags as JSON on stdout.

The raw file holds little-endian float32 samples of the XML's channels: top_right, bottom_right, top_left,
bottom_left (the board's units, 0.01 kg) and a timestamp channel (s).
usage: obci_to_evemu.py NAME.obci.xml OUT.evemu
"""
import json
import struct
import sys
import xml.etree.ElementTree as ET

import boardevemu

NS = {"rs": "http://signalml.org/rawsignal"}


def main():
    xml_path, out = sys.argv[1], sys.argv[2]
    root = ET.parse(xml_path).getroot()
    labels = [l.text for l in root.find("rs:channelLabels", NS)]
    count = int(root.find("rs:channelCount", NS).text)
    rate = float(root.find("rs:samplingFrequency", NS).text)
    order = [labels.index(n) for n in ("top_right", "bottom_right", "top_left", "bottom_left")]
    raw = open(xml_path[: -len(".xml")] + ".raw", "rb").read()
    step = 4 * count
    frames = []
    for n in range(len(raw) // step):
        values = struct.unpack_from("<%df" % count, raw, n * step)
        # The timestamp channel is float32 (it holds Unix time in some files, to 128 s): time is the sample index.
        t = n / rate
        frames.append((t, [values[i] / 100.0 for i in order]))
    boardevemu.write(out, frames, "Converted from %s (OpenBCI, %.0f Hz)" % (xml_path.split("/")[-1], rate))
    tags = []
    try:
        troot = ET.parse(xml_path[: -len(".xml")] + ".tag").getroot()
        for tag in troot.iter("tag"):
            tags.append({"name": tag.get("name"), "at": float(tag.get("position"))})
    except FileNotFoundError:
        pass
    json.dump({"rate_hz": rate, "frames": len(frames), "seconds": frames[-1][0] - frames[0][0], "tags": tags},
              sys.stdout)
    print()


if __name__ == "__main__":
    main()
