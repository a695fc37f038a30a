#!/usr/bin/env python3
"""morph's fusion figures (docs/fusion.md, "Figures"): every benchmark program under every
fusion heuristic and core configuration, in bbt mode with superblocks (--sbt-threshold=2).

Produces, in OUT (default build/bench/fusion):
- profile.csv / profile.png: the fusing profile, a stacked bar per program: the share of the
  I-ops executed in translated code that are in fused pairs, loads, stores, branches, NOPs,
  single-cycle ALU ops and the rest (Hu & Smith's figure), per heuristic, of the code the
  translator makes for macro (it fuses and schedules for the configured core);
- ladder.csv / ladder.png: the IPC ladder, cycle speedup (%) over m0 without fusion, per
  program and harmonic mean, for m1, m2, macro and macro2 with each heuristic, and wide2 and wide4
  without fusion beside them;
- ladder-HEURISTIC.txt: one table per heuristic (also printed).

With --memory (repeatable: ideal, realistic, or NAME=MORPH-OPTIONS), every point runs under each
memory system and the ladder is given per memory (ladder-HEURISTIC-MEMORY.txt, a `memory` column
in ladder.csv), with one side-by-side table of the harmonic means (ladder-summary.txt) and, for
each memory with caches, memory-MEMORY.txt / memory.csv: per program the cache miss rates per
level, the misprediction rates and the share of cycles lost to each (docs/fusion.md). The
fusing profile is the one of the first memory (the translator's code does not depend on it).

One run is one point of the sweep: `--list` prints the job list (one `tools/sweep job morph run
...` line per point, docs/sweeps.md), which tools/sweep runs serially, under GNU parallel or as a
Slurm job array (`make sweep RUNNER=...`); `--collect` then makes the tables and figures from
the points that are done, and lists those that failed or are missing (exit status 1 then).
"""
import argparse
import csv
import importlib.machinery
import json
import os
import shlex
import subprocess
import sys

# tools/sweep: a point's state (done, failed, missing), checked the same way its runners check it
sweep = importlib.machinery.SourceFileLoader(
    "sweep", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "sweep")).load_module()

# bench/suite/suite.py: the real programs' one definition (--suite)
suite = importlib.machinery.SourceFileLoader(
    "suite", os.path.join(os.path.dirname(os.path.abspath(__file__)), "suite", "suite.py")).load_module()

CORES = ("m0", "m1", "m2", "macro", "macro2", "wide2", "wide4")
FUSED_CORES = ("m1", "m2", "macro", "macro2")   # fusing machines: run with each heuristic
PLAIN_CORES = ("m0", "wide2", "wide4")  # conventional machines: no fusion
CLASSES = ("fused", "load", "store", "branch", "nop", "alu", "multi", "other")


PROFILE_CORE = "macro"  # the fusing profile is the one of the code made for this core

# Memory systems (--memory NAME): ideal is the core's own timing (no caches, no predictor);
# realistic is a real machine's front end and hierarchy: the `realistic` cache preset
# (include/morph/cache.def: 32K L1s, 256K L2 at 20, memory at 100 cycles) and gshare with its
# default tables (include/morph/bpred.def), so m2's shorter front end shows as a smaller
# misprediction penalty.
MEMORIES = {"ideal": [], "realistic": ["--caches=realistic", "--bpred=gshare"]}
MEM_CORES = ("m0", "macro")
SERIES = 1000000  # --series interval of runs under several memories (start-up cost resolution)  # the memory table's rows: the base and the top of the ladder


def memory(spec):
    """(name, options) of a --memory argument: a name of MEMORIES or NAME=OPTIONS."""
    if "=" in spec:
        name, opts = spec.split("=", 1)
        return name, shlex.split(opts)
    if spec not in MEMORIES:
        raise argparse.ArgumentTypeError(f"unknown memory '{spec}' ({', '.join(MEMORIES)} or NAME=OPTIONS)")
    return spec, MEMORIES[spec]


def run_path(out, name, h, c, mem="ideal"):
    """A point's result: the ideal memory's name is the one runs had before memories existed."""
    return os.path.join(out, "runs", f"{name}.{h}.{c}" + ("" if mem == "ideal" else f".{mem}") + ".json")


def jobs(morph, out, progs, heuristics, cores=CORES, sched=None, mems=(("ideal", []),)):
    """(json path, argv) of every run. The translator fuses and schedules for the core it runs
    on, so each core's run counts its own profile (m0 too: --fusion-profile)."""
    js = []
    for name, argv in progs:
        for mem, mopts in mems:
            for h in heuristics:
                for c in cores:
                    if c in PLAIN_CORES and h != "none":
                        continue
                    prof = ["--fusion-profile"] if c == "m0" else []
                    path = run_path(out, name, h, c, mem)
                    # with memories, a series gives the CMS start-up cost (startup_cycles)
                    series = ["--series", str(SERIES)] if len(mems) > 1 else []
                    cmd = [morph, "run", "--emulation=bbt", "--sbt-threshold=2", f"--fusion={h}", f"--core={c}",
                           *([f"--sched={sched}"] if sched else []), *mopts, *prof, *series, "--stats-json", path,
                           *argv]
                    js.append((path, cmd))
    return js


def suite_progs(build, size):
    return suite.i386_runs(build, size)


def hmean(xs):
    return len(xs) / sum(1.0 / x for x in xs) if xs and all(x > 0 for x in xs) else 0.0


def collect(out, js, progs, heuristics, cores, plots=True, mems=(("ideal", []),)):
    """Tables and figures from the points that are done (tools/sweep's check); a point that is
    not leaves its cells empty (the tables say "missing"). Returns the points not done."""
    states = {path: sweep.state(cmd) for path, cmd in js}

    def load(name, h, c, mem):
        path = run_path(out, name, h, c, mem)
        if states.get(path, ("missing",))[0] != "done":
            return None
        with open(path) as f:
            return json.load(f)
    names = [n for n, _ in progs]
    others = [c for c in cores if c != "m0"]
    memnames = [m for m, _ in mems]
    multi = len(memnames) > 1
    # fusing profile (translated-mode I-ops), per heuristic and program, under the first memory
    prof_rows = []
    for h in heuristics:
        for n in names:
            d = load(n, h, PROFILE_CORE if h != "none" else "m0", memnames[0])
            if d is None:
                continue
            p = d["fusion_profile"]
            tot = sum(p.values()) or 1
            prof_rows.append({"heuristic": h, "program": n, **{k: p[k] / tot for k in CLASSES}})
    with open(os.path.join(out, "profile.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["heuristic", "program", *CLASSES])
        w.writeheader()
        w.writerows(prof_rows)
    # the ladder: cycles and translated-code cycles, speedup over m0 without fusion (on the same
    # memory), per memory and heuristic
    lad_rows, text, means = [], [], {}
    for mem in memnames:
        for h in heuristics:
            title = f"IPC ladder, heuristic {h}" + (f", memory {mem}" if multi else "")
            lines = [f"{title}: cycle speedup over m0 without fusion (translated code only in brackets)",
                     "program              fused%  " + "  ".join(f"{c:>16}" for c in others)]
            sp = {c: [] for c in others}
            spx = {c: [] for c in others}
            for n in names:
                base = load(n, "none", "m0", mem)
                row = {"memory": mem, "heuristic": h, "program": n}
                cells = []
                for c in others:
                    d = load(n, h if c in FUSED_CORES else "none", c, mem)
                    if base is None or d is None:
                        row[c] = row[c + "_translated"] = ""
                        cells.append("missing")
                        continue
                    s = base["cycles"] / d["cycles"]
                    sx = base["cycles_translated"] / d["cycles_translated"] if d["cycles_translated"] else 0.0
                    sp[c].append(s)
                    spx[c].append(sx)
                    row[c] = s
                    row[c + "_translated"] = sx
                    cells.append(f"{(s - 1) * 100:+6.1f}% [{(sx - 1) * 100:+6.1f}%]")
                fused = next((r["fused"] for r in prof_rows if r["heuristic"] == h and r["program"] == n), None)
                row["fused_share"] = "" if fused is None else fused
                lad_rows.append(row)
                lines.append(f"{n:<20} {'-' if fused is None else f'{fused * 100:6.1f}':>6}  "
                             + "  ".join(f"{x:>16}" for x in cells))
            hm = {c: hmean(sp[c]) for c in sp}
            hmx = {c: hmean(spx[c]) for c in spx}
            part = any(len(sp[c]) < len(names) for c in others)
            means[mem, h] = ({c: hm[c] for c in others if sp[c]}, part)
            lines.append(f"{'harmonic mean' + (' (done)' if part else ''):<20} {'':6}  " + "  ".join(
                f"{(hm[c] - 1) * 100:+6.1f}% [{(hmx[c] - 1) * 100:+6.1f}%]" if sp[c] else f"{'missing':>16}"
                for c in others))
            lad_rows.append({"memory": mem, "heuristic": h, "program": "harmonic-mean",
                             **{c: hm[c] if sp[c] else "" for c in others},
                             **{c + "_translated": hmx[c] if sp[c] else "" for c in others}, "fused_share": ""})
            t = "\n".join(lines) + "\n"
            text.append(t)
            with open(os.path.join(out, f"ladder-{h}" + (f"-{mem}" if multi else "") + ".txt"), "w") as f:
                f.write(t)
    with open(os.path.join(out, "ladder.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["memory", "heuristic", "program", *others,
                                          *(c + "_translated" for c in others), "fused_share"])
        w.writeheader()
        w.writerows(lad_rows)
    if multi:
        text.append(summary(out, memnames, heuristics, others, means))
        text.append(memory_table(out, names, memnames, load))
    sys.stdout.write("\n".join(text))
    if plots:
        for i, mem in enumerate(memnames):
            plot(out, names, heuristics, others, prof_rows, [r for r in lad_rows if r["memory"] == mem],
                 mem if i else "")
    bad = [(path, st, why) for path, (st, why) in states.items() if st != "done"]
    print(f"fusion: {len(js) - len(bad)} of {len(js)} points done"
          + (f", {sum(st == 'failed' for _, st, _ in bad)} failed, {sum(st == 'missing' for _, st, _ in bad)} missing"
             if bad else ""))
    for path, st, why in bad:
        print(f"  {st:<7} {path}: {why}")
    return bad


def summary(out, memnames, heuristics, others, means):
    """The ladder's harmonic means under each memory, side by side: ladder-summary.txt."""
    lines = ["IPC ladder, harmonic means: whole-run cycle speedup over m0 without fusion on the same memory",
             f"{'heuristic':<10} {'memory':<12}" + "".join(f"{c:>9}" for c in others)]
    for h in heuristics:
        for mem in memnames:
            hm, part = means[mem, h]
            lines.append(f"{h:<10} {mem + (' (part)' if part else ''):<12}" + "".join(
                f"{(hm[c] - 1) * 100:+8.1f}%" if c in hm else f"{'missing':>9}" for c in others))
    t = "\n".join(lines) + "\n"
    with open(os.path.join(out, "ladder-summary.txt"), "w") as f:
        f.write(t)
    return t


# the memory table's columns: (header, function of the stats JSON)
def _rate(d, k):
    return d.get(k, 0.0) * 100


def _share(d, k):
    return d["stall_cycles"][k] / d["cycles"] * 100 if d["cycles"] else 0.0


MEM_COLS = (("L1I miss%", lambda d: _rate(d, "l1i_miss_rate")),
            ("L1D miss%", lambda d: _rate(d, "l1d_miss_rate")),
            ("L2 miss%", lambda d: _rate(d, "l2_miss_rate")),
            ("bp miss%", lambda d: _rate(d, "bp_miss_rate")),
            ("xRAS hit%", lambda d: _rate(d, "xras_hit_rate")),
            ("I$ cyc%", lambda d: _share(d, "icache")),
            ("D$ cyc%", lambda d: _share(d, "dcache")),
            ("mispr cyc%", lambda d: _share(d, "mispredict")),
            ("taken cyc%", lambda d: _share(d, "taken_branch")),
            ("fw I$miss%", lambda d: (1 - d.get("l1i_misses_translated", 0) / d["l1i_misses"]) * 100
             if d.get("l1i_misses") else 0.0),
            ("start Mcyc", lambda d: d.get("startup_cycles", 0) / 1e6))


def memory_table(out, names, memnames, load):
    """Per memory with caches or a predictor, per program on m0 (no fusion) and macro (hu-smith):
    miss and misprediction rates and the share of cycles lost to each: memory-MEMORY.txt and
    memory.csv."""
    text, rows = [], []
    for mem in memnames:
        lines = [f"memory {mem}: miss rates per level, branch misprediction rate, x86 return-stack hit rate, "
                 "the share of cycles lost to I-cache and D-cache misses, mispredictions and taken branches, "
                 "the firmware's share of the L1I misses (the rest: the code cache), and the CMS start-up "
                 f"cost (Mcycles, in {SERIES // 1000000}M-cycle steps, from which on to the end translated code "
                 "takes 95% of the cycles; 0: never)",
                 f"{'program':<14} {'core':<6}" + "".join(f"{h.replace('%', ''):>11}" for h, _ in MEM_COLS)]
        for n in names:
            for c in MEM_CORES:
                d = load(n, "none" if c == "m0" else "hu-smith", c, mem)
                if d is None:
                    lines.append(f"{n:<14} {c:<6}  missing")
                    continue
                if d.get("caches", "off") == "off" and d.get("bpred", "none") == "none":
                    continue  # ideal: nothing to show
                v = [f(d) for _, f in MEM_COLS]
                rows.append({"memory": mem, "program": n, "core": c, **{h: x for (h, _), x in zip(MEM_COLS, v)}})
                lines.append(f"{n:<14} {c:<6}" + "".join(f"{x:>10.2f}" + ("" if h == "start Mcyc" else "%")
                                                         for (h, _), x in zip(MEM_COLS, v)))
        if len(lines) > 2:
            t = "\n".join(lines) + "\n"
            text.append(t)
            with open(os.path.join(out, f"memory-{mem}.txt"), "w") as f:
                f.write(t)
    with open(os.path.join(out, "memory.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["memory", "program", "core", *(h for h, _ in MEM_COLS)])
        w.writeheader()
        w.writerows(rows)
    return "\n".join(text)


def plot(out, names, heuristics, others, prof_rows, lad_rows, mem=""):
    """profile.png and ladder.png; for a memory other than the first (mem), ladder-MEM.png only."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("fusion: matplotlib missing (python3-matplotlib; make deps): no PNGs")
        return
    nan = float("nan")
    # fusing profile: one panel per heuristic but none (drawn once: the first memory's)
    hs = [h for h in heuristics if h != "none"] or heuristics
    if not mem:
        fig, axes = plt.subplots(1, len(hs), figsize=(4.5 * len(hs), 4), sharey=True, squeeze=False)
        colors = {"fused": "#2b6cb0", "load": "#a0aec0", "store": "#718096", "branch": "#ed8936",
                  "nop": "#f6e05e", "alu": "#e53e3e", "multi": "#9f7aea", "other": "#2d3748"}
        for ax, h in zip(axes[0], hs):
            bottom = [0.0] * len(names)
            for k in CLASSES:
                v = [next((r[k] for r in prof_rows if r["heuristic"] == h and r["program"] == n), 0.0) * 100
                     for n in names]
                ax.bar(names, v, bottom=bottom, color=colors[k], label=k)
                bottom = [a + b for a, b in zip(bottom, v)]
            ax.set_title(f"fusing profile: {h}")
            ax.set_ylim(0, 100)
            ax.tick_params(axis="x", rotation=60, labelsize=7)
        axes[0][0].set_ylabel("% of I-ops executed in translated code")
        axes[0][-1].legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
        fig.tight_layout()
        fig.savefig(os.path.join(out, "profile.png"), dpi=120, metadata={"Software": None})
        plt.close(fig)
    # IPC ladder: grouped bars per program and harmonic mean, for the heuristic hu-smith when run
    h = "hu-smith" if "hu-smith" in heuristics else hs[0]
    rows = [r for r in lad_rows if r["heuristic"] == h]
    progs = [r["program"] for r in rows]
    fig, ax = plt.subplots(figsize=(max(8, 1.3 * len(progs)), 4))
    width = 0.8 / max(1, len(others))
    for i, c in enumerate(others):
        ax.bar([x + i * width for x in range(len(progs))], [(r[c] - 1) * 100 if r[c] != "" else nan for r in rows],
               width, label=c + (f" ({h})" if c in FUSED_CORES else ""))
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(progs))])
    ax.set_xticklabels(progs, rotation=30, fontsize=8)
    ax.set_ylim(-10, 70)
    ax.axhline(0, color="black", linewidth=0.5)
    ax.set_ylabel("cycle speedup over m0 (%)")
    ax.set_title("IPC ladder (bbt + superblocks)" + (f", memory {mem}" if mem else ""))
    ax.legend(fontsize=7, ncol=3)
    fig.tight_layout()
    lname = f"ladder-{mem}.png" if mem else "ladder.png"
    fig.savefig(os.path.join(out, lname), dpi=120, metadata={"Software": None})
    plt.close(fig)
    print(f"fusion: wrote {out}/" + (f"{lname}" if mem else f"profile.png and {out}/{lname}"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--morph", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--prog", action="append", default=[], help="NAME=PROGRAM ARGS... (shell words)")
    ap.add_argument("--suite", metavar="BUILD[:SIZE]",
                    help="also every program of the benchmark suite built in BUILD (make suite), on input "
                         "SIZE (test, small or ref; default small)")
    ap.add_argument("--heuristic", action="append", help="default: every one (morph run --fusion=list)")
    ap.add_argument("--core", action="append", choices=CORES,
                    help="default: every one; m0 (the baseline) is always run")
    ap.add_argument("--sched", help="--sched for every run (off, sb, all; default: the firmware's)")
    ap.add_argument("--memory", action="append", type=memory,
                    help="ideal (the default), realistic, or NAME=MORPH-OPTIONS; repeat for a ladder under each")
    ap.add_argument("--list", action="store_true", help="print the job list")
    ap.add_argument("--collect", action="store_true", help="make the tables and figures from what is done")
    a = ap.parse_args()
    if a.list == a.collect:
        ap.error("one of --list and --collect")
    progs = [(s.split("=", 1)[0], shlex.split(s.split("=", 1)[1])) for s in a.prog]
    if a.suite:
        build, _, size = a.suite.partition(":")
        if size and size not in suite.SIZES:
            ap.error(f"--suite size must be one of {', '.join(suite.SIZES)}")
        progs += suite_progs(build, size or "small")
    hs = a.heuristic
    if not hs:
        p = subprocess.run([a.morph, "run", "--fusion=list"], stdout=subprocess.PIPE, universal_newlines=True)
        hs = [l.split()[0] for l in p.stdout.splitlines() if l.strip()]
    if "none" not in hs:
        hs = ["none"] + hs  # the baseline
    cores = [c for c in CORES if c == "m0" or not a.core or c in a.core]
    mems = a.memory or [("ideal", [])]
    js = jobs(a.morph, a.out, progs, hs, cores, a.sched, mems)
    if a.list:
        for _, cmd in js:
            print(shlex.join(["tools/sweep", "job", *cmd]))
        return 0
    return 1 if collect(a.out, js, progs, hs, cores, mems=mems) else 0


if __name__ == "__main__":
    sys.exit(main())
