#!/usr/bin/env python3
"""make fpga's report (docs/fpga.md "Resources"): the board's cells after synth_ice40, the
utilization and fmax nextpnr-ice40 reports, icetime's timing, and each module's share of the
cells (from the synthesis with the hierarchy kept). Exit status 1 when place and route failed."""
import os
import re
import sys

d = sys.argv[1]


def read(name):
    p = os.path.join(d, name)
    return open(p).read() if os.path.exists(p) else ""


def cells(stat):
    """{module: {cell: count}} from a Yosys `stat` output."""
    mods, cur = {}, None
    for line in stat.splitlines():
        m = re.match(r"=== (.*) ===", line)
        if m:
            cur = m.group(1)
            mods[cur] = {}
            continue
        m = re.match(r"\s+(SB_\w+)\s+(\d+)\s*$", line)
        if m and cur:
            mods[cur][m.group(1)] = int(m.group(2))
    return mods


def short(name):
    return re.sub(r"^\$paramod[^\\]*\\([^\\]+).*$", r"\1", name)


out = ["morph FPGA board: iCE40 HX8K (CT256), yosys synth_ice40 + nextpnr-ice40 + icepack"]
board = cells(read("board.stat"))
if board:
    c = next(iter(board.values()))
    lut, carry = c.get("SB_LUT4", 0), c.get("SB_CARRY", 0)
    ff = sum(v for k, v in c.items() if k.startswith("SB_DFF"))
    out.append("  synthesis: %d SB_LUT4, %d flip-flops, %d SB_CARRY, %d SB_RAM40_4K, %d SB_IO"
               % (lut, ff, carry, c.get("SB_RAM40_4K", 0), c.get("SB_IO", 0)))
pnr = read("pnr.log")
util = re.findall(r"Info:\s+(ICESTORM_LC|ICESTORM_RAM|SB_IO|SB_GB):\s+(\d+)/\s*(\d+)\s+(\d+)%", pnr)
for kind, used, avail, pct in util:
    out.append("  %-13s %6s / %-6s %3s%%" % (kind, used, avail, pct))
for m in re.finditer(r"Max frequency for clock\s+'([^']+)':\s+([\d.]+) MHz", pnr):
    out.append("  nextpnr fmax  %-28s %s MHz" % (m.group(1), m.group(2)))
ice = read("icetime.txt")
m = re.search(r"Total path delay: ([\d.]+) ns \(([\d.]+) MHz\)", ice)
if m:
    out.append("  icetime       critical path %s ns (%s MHz)" % (m.group(1), m.group(2)))
ok = os.path.exists(os.path.join(d, "morph.bin"))
if ok:
    out.append("  bitstream     %s (%d bytes)" % (os.path.join(d, "morph.bin"), os.path.getsize(os.path.join(d, "morph.bin"))))
else:
    err = [l for l in pnr.splitlines() if "ERROR" in l or "error" in l.lower()][:3]
    out.append("  no bitstream: place and route failed (%s/pnr.log)" % d)
    out += ["    " + l.strip() for l in err]
hier = cells(read("hier.stat"))
if hier:
    tot = {}
    inst = {}
    m = re.search(r"=== design hierarchy ===(.*)", read("hier.stat"), re.S)
    if m:
        for name, n in re.findall(r"^\s+(\S+)\s+(\d+)\s*$", m.group(1), re.M):
            inst[name] = int(n)
    rows = []
    for mod, c in hier.items():
        if mod == "design hierarchy":
            continue
        n = inst.get(mod, 1)
        lut = c.get("SB_LUT4", 0) * n
        ff = sum(v for k, v in c.items() if k.startswith("SB_DFF")) * n
        rows.append((lut, ff, short(mod), n))
    total = sum(r[0] for r in rows) or 1
    out.append("  share of cells per module (hierarchy kept: %d SB_LUT4 in all; constants do not cross"
               " module boundaries, so this is larger than the flattened design):" % total)
    for lut, ff, name, n in sorted(rows, reverse=True):
        out.append("    %-18s %6d LUT4 %5.1f%%  %6d FF%s" % (name, lut, 100.0 * lut / total, ff,
                                                           "" if n == 1 else "  (x%d)" % n))
print("\n".join(out))
sys.exit(0 if ok else 1)
