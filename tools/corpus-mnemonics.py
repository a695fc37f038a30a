#!/usr/bin/env python3
"""Distinct x86 mnemonics the test corpus executes under morph.

usage: tools/corpus-mnemonics.py [BUILD_DIR]
Runs every built x86 corpus program (tests/x86 asm and C) and the busybox cases under
`morph run --stats-json`, and reports the union of the mnemonics the firmware decoded (an
instruction is decoded only when it is about to execute). Build the corpus first (make test-x86).
"""
import glob, json, os, shlex, subprocess, sys, tempfile

build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
morph = os.path.join(build, "bin", "morph")
busybox = os.path.join(build, "deps", "busybox", "bin", "busybox")
bb_in = os.path.join(build, "tests", "busybox", "in")

runs = []
for path in sorted(glob.glob(os.path.join(build, "tests", "x86", "asm", "*")) +
                   glob.glob(os.path.join(build, "tests", "x86", "c", "*"))):
    if os.access(path, os.X_OK) and os.path.isfile(path):
        runs.append((os.path.basename(path), [path]))
cases = "tests/busybox/cases.txt"
if os.path.exists(busybox) and os.path.isdir(bb_in):
    for line in open(cases):
        if not line.strip() or line.startswith("#"):
            continue
        name, stdin, rest = line.split(None, 2)
        args = shlex.split(rest.replace("$IN", bb_in))
        runs.append(("busybox-" + name, [busybox] + args, None if stdin == "-" else os.path.join(bb_in, stdin)))

union, per = set(), {}
with tempfile.TemporaryDirectory() as tmp:
    for run in runs:
        name, argv = run[0], run[1]
        stdin = open(run[2]) if len(run) > 2 and run[2] else subprocess.DEVNULL
        js = os.path.join(tmp, "s.json")
        subprocess.run([morph, "run", "--stats-json", js, "--max-cycles", "20000000000"] + argv,
                       stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
        try:
            names = json.load(open(js)).get("x86_mnemonics", [])
        except (OSError, ValueError):
            names = []
        per[name] = len(names)
        union.update(names)
print("programs run: %d" % len(runs))
print("distinct x86 mnemonics executed: %d" % len(union))
print(" ".join(sorted(union)))
