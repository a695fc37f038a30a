#!/usr/bin/env python3
"""morph benchmark: each program under --emulation=interp, --emulation=bbt, and bbt with
superblocks (--sbt-threshold=2) (docs/translator.md).

For every run: cycles, x86 IPC, I-ops per x86 instruction, and for bbt the translator's
figures from --stats-json: dBBT (firmware cycles spent translating per x86 instruction
translated), share of cycles in firmware (CMS mode) vs translated code, share of x86
instructions executed in translated code, JTLB hit rate; then the bbt/interp speedup in cycles.
The guest's stdout must be the same in both modes (it is checked, not printed).
Writes OUT/bench.txt and OUT/bench.csv; then the start-up table (issue 17: bbt with Zydis alone,
with the 256-entry GTLB and as the machine is; decode cycles, first execution, dBBT, firmware
share, GTLB misses, trap cycles), OUT/startup.txt and OUT/startup.csv (--tables picks tables);
then, with --strops, the string-op table (issue 18: cycles per byte of REP MOVS/STOS on 64 KiB
in the interpreter and in translated code), OUT/strings.txt.
"""
import argparse, csv, importlib.machinery, json, os, subprocess, sys

# bench/suite/suite.py: the real programs' one definition (--suite)
suite = importlib.machinery.SourceFileLoader(
    "suite", os.path.join(os.path.dirname(os.path.abspath(__file__)), "suite", "suite.py")).load_module()


# The machines compared: the interpreter alone, basic-block translation, and superblocks on top
# (formed at loop heads after 2 exits through a stub; docs/translator.md "Superblocks").
MODES = {"interp": ["--emulation=interp"], "bbt": ["--emulation=bbt"],
         "sbt": ["--emulation=bbt", "--sbt-threshold=2"]}


# Start-up (issue 17), the same bbt run four ways. zydis: every decode Zydis's (the fast
# decoder's baseline); gtlb256: the default machine but for the 256-entry GTLB of before
# 2026-12-06 (the GTLB's baseline); fastdec: the default machine; xdec: the default machine
# with the decode assist (knob xdec: the fast decoder predecodes ModRM and SIB with xmodrm).
STARTUP = {"zydis": ["--emulation=bbt", "--fast-decode=off"], "gtlb256": ["--emulation=bbt", "--gtlb-entries=256"],
           "fastdec": ["--emulation=bbt"], "xdec": ["--emulation=bbt", "--core-opt=xdec=1"]}


def run(morph, mode, argv, out, name, opts=None):
    """One morph run; the guest gets the suite's fixed environment (suite.ENV): glibc's start-up
    scans the environment, so its size moves the cycles (docs/translator.md "Start-up")."""
    js = os.path.join(out, f"{name}.{mode}.json")
    cmd = suite.ENV + [morph, "run"] + (opts if opts is not None else MODES[mode]) + ["--stats-json", js] + argv
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=1800)
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} exited {p.returncode}: {p.stderr.decode()[-400:]}")
    with open(js) as f:
        return json.load(f), p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--morph", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--prog", action="append", default=[], help="NAME=PROGRAM ARGS...")
    ap.add_argument("--strops", help="bench/strops/strops.c built for i386: the string-op table")
    ap.add_argument("--startup-prog", action="append", default=[],
                    help="NAME=PROGRAM ARGS...: only in the start-up table (with every --prog)")
    ap.add_argument("--suite", metavar="BUILD[:SIZE]",
                    help="the start-up table also runs every program of the benchmark suite built in BUILD "
                         "(make suite) on input SIZE (test, small or ref; default test)")
    ap.add_argument("--tables", default="translator,startup,strings",
                    help="which tables, comma-separated: translator, startup, strings (default all)")
    a = ap.parse_args()
    tables = set(a.tables.split(","))
    if tables - {"translator", "startup", "strings"}:
        sys.exit(f"bench: unknown table in --tables {a.tables}")
    a.suite_runs = []
    if a.suite:
        build, _, size = a.suite.partition(":")
        if size and size not in suite.SIZES:
            sys.exit(f"bench: --suite size must be one of {', '.join(suite.SIZES)}")
        a.suite_runs = [(f"{n}:{size or 'test'}", argv) for n, argv in suite.i386_runs(build, size or "test")]
    os.makedirs(a.out, exist_ok=True)
    if "translator" in tables:
        translator(a)
    if "startup" in tables:
        startup(a)
    if a.strops and "strings" in tables:
        strings(a)


def translator(a):
    """The translator table: each --prog interpreted, in bbt and in sbt mode."""
    rows = []
    for spec in a.prog:
        name, cmdline = spec.split("=", 1)
        argv = cmdline.split()
        res = {}
        outs = {}
        for mode in MODES:
            res[mode], outs[mode] = run(a.morph, mode, argv, a.out, name)
            if outs[mode] != outs["interp"]:
                sys.exit(f"bench: {name}: stdout differs between interp and {mode}")
        for mode in MODES:
            d = res[mode]
            c = d["cms"]
            b = d.get("bbt") or {}
            x86 = c["x86_retired"]
            jl = d["jtlb_hits"] + d["jtlb_misses"]
            rows.append({
                "program": name, "mode": mode, "cycles": d["cycles"], "x86_insns": x86,
                "x86_ipc": x86 / d["cycles"],
                "iops_per_x86": d["iops_retired"] / x86,
                "iops_per_x86_translated": b.get("iops_per_x86_dynamic", 0.0),
                "dbbt": b.get("dbbt", 0.0),
                "iops_per_x86_sbt": b.get("sbt_code_iops_per_x86", 0.0),
                "sbt_cycle_share": b.get("sbt_code_cycle_share", 0.0),
                "fw_cycle_share": d["cycles_cms"] / d["cycles"],
                "translated_cycle_share": d["cycles_translated"] / d["cycles"],
                "translated_x86_share": b.get("translated_share", 0.0),
                "jtlb_hit_rate": d["jtlb_hits"] / jl if jl else 0.0,
                "speedup": res["interp"]["cycles"] / d["cycles"],
            })
    cols = [("program", "%-22s", 22), ("mode", "%-6s", 6), ("cycles", "%13d", 13),
            ("x86_ipc", "%7.4f", 7), ("iops_per_x86", "%8.2f", 8),
            ("iops_per_x86_translated", "%8.2f", 8), ("iops_per_x86_sbt", "%8.2f", 8), ("dbbt", "%7.0f", 7),
            ("fw_cycle_share", "%6.1f%%", 7), ("translated_cycle_share", "%6.1f%%", 7),
            ("sbt_cycle_share", "%6.1f%%", 7),
            ("translated_x86_share", "%6.1f%%", 7), ("jtlb_hit_rate", "%6.1f%%", 7),
            ("speedup", "%7.2fx", 8)]
    heads = ["program", "mode", "cycles", "x86 IPC", "Iops/x86", "Iops/x86", "Iops/x86", "dBBT", "fw cyc",
             "xl cyc", "SB cyc", "xl x86", "JTLB hit", "speedup"]
    heads2 = ["", "", "", "", "(all)", "(transl)", "(SB code)", "cyc/ins", "", "", "", "", "", "vs interp"]
    pct = {"fw_cycle_share", "translated_cycle_share", "sbt_cycle_share", "translated_x86_share", "jtlb_hit_rate"}
    lines = [" ".join(h.rjust(w) if i > 1 else h.ljust(w) for i, (h, (_, _, w)) in enumerate(zip(heads, cols))),
             " ".join(h.rjust(w) if i > 1 else h.ljust(w) for i, (h, (_, _, w)) in enumerate(zip(heads2, cols)))]
    for r in rows:
        cells = []
        for k, fmt, w in cols:
            v = r[k]
            if k in pct:
                v *= 100.0
            if r["mode"] == "interp" and k in ("iops_per_x86_translated", "dbbt",
                                               "translated_x86_share", "jtlb_hit_rate", "speedup"):
                cells.append("-".rjust(w))
            elif r["mode"] != "sbt" and k in ("iops_per_x86_sbt", "sbt_cycle_share"):
                cells.append("-".rjust(w))
            else:
                cells.append((fmt % v).rjust(w))
        lines.append(" ".join(cells))
    for mode in ("bbt", "sbt"):
        sp = [r["speedup"] for r in rows if r["mode"] == mode]
        if sp:
            hm = len(sp) / sum(1.0 / s for s in sp)
            lines.append(f"harmonic-mean {mode}/interp speedup (cycles): {hm:.2f}x over {len(sp)} programs")
    cyc = {(r["program"], r["mode"]): r["cycles"] for r in rows}
    sb = [cyc[(p, "bbt")] / cyc[(p, "sbt")] for p, m in cyc if m == "sbt"]
    if sb:
        hm = len(sb) / sum(1.0 / s for s in sb)
        lines.append(f"harmonic-mean sbt/bbt speedup (cycles): {hm:.3f}x over {len(sb)} programs")
    write_table(a.out, "bench", lines, rows)


def write_table(out, name, lines, rows):
    """Prints the table's lines and writes them to OUT/NAME.txt, its rows to OUT/NAME.csv."""
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    with open(os.path.join(out, f"{name}.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(out, f"{name}.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        for r in rows:
            w.writerow(r)
    print(f"bench: wrote {out}/{name}.txt and {out}/{name}.csv")


def startup(a):
    """The start-up table: per program, each configuration of STARTUP."""
    heads = ["program", "config", "cycles", "cyc/x86", "decodes", "fast", "cyc/dec", "1st exec", "dBBT", "dBBT+dec",
             "fw cyc", "GTLB miss", "trap cyc"]
    widths = [22, 8, 13, 8, 9, 7, 8, 8, 7, 9, 7, 10, 9]
    lines = ["start-up (issue 17): cyc/dec = cycles under activity decode per decode-cache miss (the fetch, the"
             " decode, the entry); 1st exec = cyc/dec + cycles under activity interp per instruction interpreted"
             " (an instruction's first executions are the interpreter's); dBBT = cycles under activity"
             " translate per x86 instruction translated;"
             " dBBT+dec = dBBT + cyc/dec (each instruction translated was decoded once); trap cyc = cycles"
             " under activity trap (guest-TLB and JTLB refills, x87 helper entries) in % of translated-mode cycles",
             " ".join(h.ljust(w) if i < 2 else h.rjust(w) for i, (h, w) in enumerate(zip(heads, widths)))]
    rows, cyc = [], {}
    progs = [(spec.split("=", 1)[0], spec.split("=", 1)[1].split()) for spec in a.prog + a.startup_prog]
    for name, argv in progs + a.suite_runs:
        outs = {}
        for dec, opts in STARTUP.items():
            d, outs[dec] = run(a.morph, dec, argv, a.out, name.replace(":", "-"), opts)
            if outs[dec] != outs["zydis"]:
                sys.exit(f"bench: {name}: stdout differs between the decoders")
            c, b, act = d["cms"], d.get("bbt") or {}, d["activity"]
            miss = c["decode_misses"] or 1
            xl = b.get("x86_translated") or 1
            r = {"program": name, "decoder": dec, "cycles": d["cycles"], "cycles_per_x86": d["cycles"] / c["x86_retired"],
                 "decode_misses": c["decode_misses"], "decode_fast_share": c.get("decode_fast", 0) / miss,
                 "decode_cycles_per_miss": act["decode"]["cycles"] / miss,
                 "first_exec_cycles": act["decode"]["cycles"] / miss
                 + act["interp"]["cycles"] / (c["interp_retired"] or 1),
                 "dbbt": act["translate"]["cycles"] / xl,
                 "dbbt_with_decode": act["translate"]["cycles"] / xl + act["decode"]["cycles"] / miss,
                 "fw_cycle_share": d["cycles_cms"] / d["cycles"], "gtlb_misses": d["gtlb_misses"],
                 "trap_cycle_share": act["trap"]["cycles"] / (d["cycles_translated"] or 1)}
            rows.append(r)
            cyc[(name, dec)] = d["cycles"]
            lines.append(" ".join([name.ljust(22), dec.ljust(8), f"{r['cycles']:13d}", f"{r['cycles_per_x86']:8.2f}",
                                   f"{r['decode_misses']:9d}", f"{100 * r['decode_fast_share']:6.1f}%",
                                   f"{r['decode_cycles_per_miss']:8.0f}", f"{r['first_exec_cycles']:8.0f}",
                                   f"{r['dbbt']:7.0f}",
                                   f"{r['dbbt_with_decode']:9.0f}",
                                   f"{100 * r['fw_cycle_share']:6.1f}%", f"{r['gtlb_misses']:10d}",
                                   f"{100 * r['trap_cycle_share']:8.1f}%"]))
    sp = [cyc[(n, "zydis")] / cyc[(n, "fastdec")] for n, d in cyc if d == "fastdec"]
    dec = [r["decode_cycles_per_miss"] for r in rows if r["decoder"] == "fastdec"]
    if sp:
        lines.append(f"harmonic-mean speedup of the fast decoder (cycles): {len(sp) / sum(1 / x for x in sp):.3f}x over "
                     f"{len(sp)} programs; decode cycles per miss with it: mean {sum(dec) / len(dec):.0f}")
    db = [r["dbbt_with_decode"] for r in rows if r["decoder"] == "fastdec"]
    if db:
        lines.append(f"dBBT+dec with the fast decoder (issue 17 target at most 600): mean {sum(db) / len(db):.0f} over "
                     f"{len(db)} programs, {sum(x <= 600 for x in db)} of them at most 600 (largest {max(db):.0f})")
    sx = [cyc[(n, "fastdec")] / cyc[(n, "xdec")] for n, d in cyc if d == "xdec"]
    dx = [r["decode_cycles_per_miss"] for r in rows if r["decoder"] == "xdec"]
    if sx:
        lines.append(f"harmonic-mean speedup of the decode assist over the fast decoder alone (cycles): "
                     f"{len(sx) / sum(1 / x for x in sx):.3f}x; decode cycles per miss with it: mean "
                     f"{sum(dx) / len(dx):.0f}")
    write_table(a.out, "startup", lines, rows)


# REP MOVS/STOS/CMPS/SCAS: (cycles with LONG - cycles with SHORT repetitions) / bytes gone over in between
STROPS = {"rep movsb": 0, "rep stosb": 1, "rep movsd": 2, "rep stosd": 3, "repe cmpsb": 4, "repne scasb": 5,
          "repe cmpsd": 6, "repne scasd": 7}
STROPS_REPS = (10, 60)
STROPS_BYTES = 1 << 16


def strings(a):
    lines = ["strings (issue 18 item 4, target at most 2 cycles per byte for MOVSB/STOSB): cycles per byte "
             f"of 64 KiB REP operations, from runs of {STROPS_REPS[0]} and {STROPS_REPS[1]} repetitions",
             "op".ljust(10) + "".join(m.rjust(10) for m in ("interp", "bbt"))]
    rows = []
    for op, code in STROPS.items():
        r = {"op": op}
        for mode in ("interp", "bbt"):
            c = [run(a.morph, mode, [a.strops, str(n), str(code)], a.out, f"strops{code}-{n}")[0]["cycles"]
                 for n in STROPS_REPS]
            r[mode] = (c[1] - c[0]) / ((STROPS_REPS[1] - STROPS_REPS[0]) * STROPS_BYTES)
        rows.append(r)
        lines.append(op.ljust(10) + "".join(f"{r[m]:10.2f}" for m in ("interp", "bbt")))
    write_table(a.out, "strings", lines, rows)


if __name__ == "__main__":
    main()
