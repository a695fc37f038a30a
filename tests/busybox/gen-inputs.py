#!/usr/bin/env python3
"""Generate the deterministic input files of the busybox suite into the directory given."""
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

state = 2463534242


def rnd():
    """xorshift32: same sequence on every machine."""
    global state
    state ^= (state << 13) & 0xffffffff
    state ^= state >> 17
    state ^= (state << 5) & 0xffffffff
    return state


WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
         "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee "
         "zulu morph crusoe efficeon daisy macro fusion commit rollback shadow").split()


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


# words.txt: one word per line, with repeats (sort, uniq, wc)
write("words.txt", "".join(WORDS[rnd() % len(WORDS)] + "\n" for _ in range(400)).encode())
# runs.txt: adjacent duplicates for uniq
lines = []
for _ in range(120):
    w = WORDS[rnd() % len(WORDS)]
    lines += [w] * (1 + rnd() % 4)
write("runs.txt", ("\n".join(lines) + "\n").encode())
# numbers.txt: signed numbers for sort -n
write("numbers.txt", "".join("%d\n" % ((rnd() % 200001) - 100000) for _ in range(300)).encode())
# table.txt: colon-separated records for cut
write("table.txt", "".join("%s:%d:%s:%x\n" % (WORDS[i % len(WORDS)], i * 37 % 1000,
                                               WORDS[(i * 7) % len(WORDS)], i * 2654435761 % 2**32)
                           for i in range(80)).encode())
# text.txt: prose-like lines (cat, head, tail, tr, wc)
text = []
for i in range(200):
    n = 3 + rnd() % 10
    text.append("%3d " % i + " ".join(WORDS[rnd() % len(WORDS)] for _ in range(n)))
write("text.txt", ("\n".join(text) + "\n").encode())
# small.bin: every byte value (od)
write("small.bin", bytes(range(256)) + bytes((i * 7) & 0xff for i in range(100)))
# data.txt: 64 KiB of compressible text; data.bin: 32 KiB mixing runs and noise
buf = []
size = 0
while size < 65536:
    line = " ".join(WORDS[rnd() % len(WORDS)] for _ in range(1 + rnd() % 12)) + "\n"
    buf.append(line)
    size += len(line)
write("data.txt", "".join(buf).encode())
data = bytearray()
while len(data) < 32768:
    if rnd() % 3 == 0:
        data += bytes([rnd() & 0xff]) * (1 + rnd() % 40)
    else:
        data += bytes(rnd() & 0xff for _ in range(1 + rnd() % 40))
write("data.bin", bytes(data[:32768]))
# floats.txt: numbers in many notations for sort -g and awk (x87); generated last so that the
# files above keep their contents
FIXED = ["0", "-0", "0.1", "1e-5", "-2.5E+3", ".75", "3.", "inf", "-inf", "nan", "1e308",
         "4.9e-324", "0x1p-3", "12", "007", "+8.25"]
vals = FIXED + ["%d.%03de%d" % ((rnd() % 2001) - 1000, rnd() % 1000, (rnd() % 41) - 20)
                for _ in range(120)] + ["%.6f" % (((rnd() % 2000001) - 1000000) / 997.0)
                                        for _ in range(60)]
write("floats.txt", "".join(v + "\n" for v in vals).encode())
