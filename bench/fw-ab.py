#!/usr/bin/env python3
"""Two firmware builds side by side on the same programs, in one run (docs/translator.md
"Start-up"): each program under the base (--base-fw DIR, the bootrom.bin and cms.img of another
checkout's build/fw, with --base-opt options such as an older default) and under this build's
firmware, in the suite's fixed environment; outputs must match. Per program: cycles, speedup,
cycles per x86 instruction, decode cycles per miss, firmware share, GTLB misses and trap cycles
in % of translated-mode cycles; then the harmonic-mean speedup. Writes OUT/fw-ab.txt and .csv.

    make fw-ab BASE_FW=DIR [BASE_OPTS="--gtlb-entries=256"]
    bench/fw-ab.py --morph M --out DIR --base-fw DIR [--base-opt OPT ...] --prog NAME=CMD ... [--suite BUILD:SIZE]

A base from another commit: `git worktree add /tmp/base REV`, link build/deps into it, then
`make -C /tmp/base build/fw/cms.img build/fw/bootrom.bin` and pass /tmp/base/build/fw.
"""
import argparse, importlib.machinery, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
suite = importlib.machinery.SourceFileLoader("suite", os.path.join(HERE, "suite", "suite.py")).load_module()
bench = importlib.machinery.SourceFileLoader("bench", os.path.join(HERE, "bench.py")).load_module()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--morph", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--base-fw", required=True, help="the base firmware's directory (bootrom.bin, cms.img)")
    ap.add_argument("--base-opt", action="append", default=[], help="a morph run option of the base runs")
    ap.add_argument("--prog", action="append", default=[], help="NAME=PROGRAM ARGS...")
    ap.add_argument("--suite", metavar="BUILD[:SIZE]", help="also the benchmark suite (default size test)")
    a = ap.parse_args()
    for f in ("bootrom.bin", "cms.img"):
        if not os.path.exists(os.path.join(a.base_fw, f)):
            sys.exit(f"fw-ab: no {f} in {a.base_fw}")
    os.makedirs(a.out, exist_ok=True)
    progs = [(s.split("=", 1)[0], s.split("=", 1)[1].split()) for s in a.prog]
    if a.suite:
        build, _, size = a.suite.partition(":")
        progs += [(f"{n}:{size or 'test'}", argv) for n, argv in suite.i386_runs(build, size or "test")]
    cfgs = {"base": ["--firmware-dir", a.base_fw] + a.base_opt, "this": []}
    heads = ["program", "cycles base", "this", "speedup", "cyc/x86 base", "this", "cyc/dec base", "this",
             "fw cyc base", "this", "GTLB miss base", "this", "trap cyc base", "this"]
    widths = [22, 13, 13, 8, 12, 7, 12, 5, 11, 6, 14, 7, 13, 6]
    lines = [f"fw-ab: base = {a.base_fw} {' '.join(a.base_opt)}; this = {a.morph}'s firmware",
             " ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(heads, widths)))]
    rows, sp = [], []
    for name, argv in progs:
        r, outs = {}, {}
        for c, opts in cfgs.items():
            d, outs[c] = bench.run(a.morph, f"ab-{c}", argv, a.out, name.replace(":", "-"), ["--emulation=bbt"] + opts)
            act, cm = d["activity"], d["cms"]
            r[c] = {"cycles": d["cycles"], "cycles_per_x86": d["cycles"] / cm["x86_retired"],
                    "decode_cycles_per_miss": act["decode"]["cycles"] / (cm["decode_misses"] or 1),
                    "fw_cycle_share": d["cycles_cms"] / d["cycles"], "gtlb_misses": d["gtlb_misses"],
                    "trap_cycle_share": act["trap"]["cycles"] / (d["cycles_translated"] or 1)}
        if outs["base"] != outs["this"]:
            sys.exit(f"fw-ab: {name}: stdout differs between the two firmware builds")
        b, t = r["base"], r["this"]
        sp.append(b["cycles"] / t["cycles"])
        rows.append({"program": name, **{f"{k}_base": v for k, v in b.items()}, **{f"{k}_this": v for k, v in t.items()}})
        lines.append(" ".join([name.ljust(22), f"{b['cycles']:13d}", f"{t['cycles']:13d}", f"{sp[-1]:7.3f}x",
                               f"{b['cycles_per_x86']:12.2f}", f"{t['cycles_per_x86']:7.2f}",
                               f"{b['decode_cycles_per_miss']:12.0f}", f"{t['decode_cycles_per_miss']:5.0f}",
                               f"{100 * b['fw_cycle_share']:10.1f}%", f"{100 * t['fw_cycle_share']:5.1f}%",
                               f"{b['gtlb_misses']:14d}", f"{t['gtlb_misses']:7d}",
                               f"{100 * b['trap_cycle_share']:12.1f}%", f"{100 * t['trap_cycle_share']:5.1f}%"]))
    if sp:
        lines.append(f"harmonic-mean speedup of this firmware over the base (cycles): "
                     f"{len(sp) / sum(1 / x for x in sp):.3f}x over {len(sp)} programs")
    bench.write_table(a.out, "fw-ab", lines, rows)


if __name__ == "__main__":
    main()
