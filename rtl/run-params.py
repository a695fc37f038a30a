#!/usr/bin/env python3
"""What `morph rtl-params CORE` says of a core reaches the model and the RTL alike (make
test-rtl), on each core given:
- the sizes (GtlbEntries, JtlbSets, JtlbWays, GsbDepth): the probe rtl/tests/sizes.S makes N
  guest stores in translated mode, N GTLB entries for consecutive pages and N JTLB entries for
  consecutive EIPs, then uses each; on both engines its statistics must show N - GsbDepth
  overflow traps (xmode_violation), N - min(N, GtlbEntries) GTLB misses and
  N - min(N, JtlbSets x JtlbWays) JTLB misses (N: its jtlbj count, hits and misses);
- the multiply (MulCycles): tests/isa/mul.S passes on both engines with the same multiply stall
  cycles, 0 without the iterative multiplier, a positive multiple of MulCycles with it.

    rtl/run-params.py --morph MORPH --sizes SIZES_ELF --mul MUL_ELF --work DIR CORE...

Prints PASS/FAIL per core and check; exits 1 if any failed."""
import argparse
import json
import os
import subprocess
import sys


def params(morph, core):
    out = subprocess.run([morph, 'rtl-params', core], check=True, capture_output=True, text=True).stdout
    return {k[2:]: int(v) for k, v in (w.split('=', 1) for w in out.split() if w.startswith('-G'))}


def run(morph, work, core, engine, elf):
    """The run's exit status and statistics."""
    j = os.path.join(work, '%s.%s.%s.json' % (os.path.basename(elf), core, engine))
    if os.path.exists(j):
        os.remove(j)
    rc = subprocess.run([morph, 'sim', '--engine=' + engine, '--core=' + core, '--max-cycles', '10000000',
                         '--stats-json', j, elf], capture_output=True).returncode
    return rc, (json.load(open(j)) if os.path.exists(j) else None)


def check_sizes(p, d):
    n = d['jtlb_hits'] + d['jtlb_misses']
    want = {'xmode_violation traps': n - min(n, p['GsbDepth']),
            'gtlb_misses': n - min(n, p['GtlbEntries']),
            'jtlb_misses': n - min(n, p['JtlbSets'] * p['JtlbWays'])}
    got = {'xmode_violation traps': d['traps'].get('xmode_violation', 0),
           'gtlb_misses': d['gtlb_misses'], 'jtlb_misses': d['jtlb_misses']}
    return ['%s %d, want %d' % (k, got[k], want[k]) for k in want if got[k] != want[k]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--morph', required=True)
    ap.add_argument('--sizes', required=True)
    ap.add_argument('--mul', required=True)
    ap.add_argument('--work', required=True)
    ap.add_argument('cores', nargs='+')
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    fails = 0
    for core in a.cores:
        p = params(a.morph, core)
        errs, stall = [], {}
        for engine in ('model', 'rtl'):
            rc, d = run(a.morph, a.work, core, engine, a.sizes)
            if rc or d is None:
                errs.append('%s: the probe exited %d' % (engine, rc))
            else:
                errs += ['%s: %s' % (engine, e) for e in check_sizes(p, d)]
            rc, d = run(a.morph, a.work, core, engine, a.mul)
            if rc or d is None:
                errs.append('%s: %s exited %d' % (engine, a.mul, rc))
            else:
                stall[engine] = d['stall_cycles']['multiply']
        if len(stall) == 2:
            m, mc = stall['model'], p['MulCycles']
            if stall['rtl'] != m:
                errs.append('multiply stall: rtl %d, model %d' % (stall['rtl'], m))
            if (mc == 0 and m != 0) or (mc and (m <= 0 or m % mc)):
                errs.append('multiply stall %d with MulCycles %d' % (m, mc))
        what = 'GTLB %d, JTLB %d x %d, GSB %d, MulCycles %d' % (p['GtlbEntries'], p['JtlbSets'], p['JtlbWays'],
                                                                  p['GsbDepth'], p['MulCycles'])
        if errs:
            fails += 1
            print('FAIL [params %s] %s: %s' % (core, what, '; '.join(errs)))
        else:
            print('PASS [params %s] %s reach the model and the RTL (multiply stall %d)' % (core, what,
                                                                                           stall['model']))
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
