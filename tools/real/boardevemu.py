"""Writes Wii Balance Board evemu recordings (what `plantar replay` reads) from corner loads in kilograms.

Corner order is the kernel's: top-right (ABS_HAT0X), bottom-right (ABS_HAT0Y), top-left (ABS_HAT1X),
bottom-left (ABS_HAT1Y); values are 0.01 kg. Only changed axes are written, as the kernel sends them.
"""

HEADER = """# EVEMU 1.3
# Input device name: "Nintendo Wii Remote Balance Board"
# {comment}
N: Nintendo Wii Remote Balance Board
I: 0005 057e 0306 8000
P: 00 00 00 00 00 00 00 00
B: 00 0b 00 00 00 00 00 00 00
""" + "".join("B: 01 00 00 00 00 00 00 {} 00\n".format("01" if i == 4 else "00") for i in range(12)) + \
"""B: 02 00 00 00 00 00 00 00 00
B: 03 00 00 0f 00 00 00 00 00
B: 04 00 00 00 00 00 00 00 00
B: 05 00 00 00 00 00 00 00 00
B: 11 00 00 00 00 00 00 00 00
B: 12 00 00 00 00 00 00 00 00
B: 12 00 00 00 00 00 00 00 00
B: 14 00 00 00 00 00 00 00 00
B: 15 00 00 00 00 00 00 00 00
B: 15 00 00 00 00 00 00 00 00
A: 10 0 65535 2 4 0
A: 11 0 65535 2 4 0
A: 12 0 65535 2 4 0
A: 13 0 65535 2 4 0
"""


def write(path, frames, comment):
    """frames: iterable of (seconds, [tr, br, tl, bl] in kg). Times must not go backwards."""
    last = [None] * 4
    t0 = None
    with open(path, "w") as out:
        out.write(HEADER.format(comment=comment))
        for t, loads in frames:
            if t0 is None:
                t0 = t
            t -= t0
            stamp = "%.6f" % max(0.0, t)
            changed = False
            for i, kg in enumerate(loads):
                v = max(0, min(65535, int(round(kg * 100))))
                if v != last[i]:
                    out.write("E: %s 0003 %04x %04d\n" % (stamp, 0x10 + i, v))
                    last[i] = v
                    changed = True
            if changed:
                out.write("E: %s 0000 0000 0000\n" % stamp)


def corners(load, x, y, half_width=216.5, half_depth=119.0):
    """Corner loads that put `load` kg at centre of pressure (x, y) mm on the board (exact for Plantar's formula)."""
    fx = max(-1.0, min(1.0, x / half_width))
    fy = max(-1.0, min(1.0, y / half_depth))
    return [load * (1 + fx) * (1 + fy) / 4, load * (1 + fx) * (1 - fy) / 4,
            load * (1 - fx) * (1 + fy) / 4, load * (1 - fx) * (1 - fy) / 4]
