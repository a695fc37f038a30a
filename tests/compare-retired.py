#!/usr/bin/env python3
"""Caches and branch predictors change timing only (docs/model.md "Caches", "Branch prediction"):
the x86 instructions a program retires must not depend on them. Compares the statistics that
tests/run-x86.sh wrote with MORPH_STATS_JSON=1 (WORK/NAME.morph.json) for the same corpus run
under a base configuration and under others: every test of the base must be in each other run,
with the same x86_retired and exit status, and each other run must have used what it names
(L1 accesses with --caches, predicted control ops with --bpred).
(iops_retired is not compared: the firmware's timer interrupt comes after a number of cycles,
so the firmware's own I-ops follow the timing. Nor is x86_retired for a C test whose source
says `morph-test: timing-dependent`: it waits for timers while it computes, so its count
follows the machine's speed; its exit status still is. Nor for a run with rollbacks of translated
code, whose counter counts the replayed instructions twice.)

    tests/compare-retired.py BASE_WORK OTHER_WORK...

Prints PASS/FAIL per test and configuration, and "retired: N passed, M failed".
"""
import glob
import json
import os
import sys


def load(work):
    out = {}
    for p in sorted(glob.glob(os.path.join(work, '*.morph.json'))):
        with open(p) as f:
            out[os.path.basename(p)[:-len('.morph.json')]] = json.load(f)
    return out


HERE = os.path.dirname(os.path.abspath(__file__))


def timing_dependent(name):
    """A C test (NAME-O2 and the like) whose source carries the marker."""
    src = os.path.join(HERE, 'x86', 'c', name.rsplit('-', 1)[0] + '.c')
    try:
        with open(src) as f:
            return 'morph-test: timing-dependent' in f.read()
    except OSError:
        return False


def rollbacks(d):
    """Rollbacks of translated code in a run: after one the interpreter replays instructions the
    translated code has counted already (its x86 counter is not rolled back: docs/translator.md
    "Commits and recovery"), so x86_retired depends on where the commits were, which the core
    configuration changes (self-modifying code rolls back on every store to code)."""
    return (d.get('bbt') or {}).get('rollbacks', 0)


def check(name, b, o):
    errs = []
    bx, ox = (b.get('cms') or {}).get('x86_retired'), (o.get('cms') or {}).get('x86_retired')
    if timing_dependent(name) or rollbacks(b) or rollbacks(o):
        pass
    elif bx is None or bx != ox:
        errs.append('x86_retired %s, base %s' % (ox, bx))
    if b.get('exit_status') != o.get('exit_status') or b.get('stop') != o.get('stop'):
        errs.append('stop %s/%s, base %s/%s' % (o.get('stop'), o.get('exit_status'), b.get('stop'),
                                                b.get('exit_status')))
    if o.get('caches', 'off') != 'off' and not o.get('l1i_accesses'):
        errs.append('caches %s named but the L1I was not used' % o['caches'])
    if o.get('bpred', 'none') != 'none' and not o.get('bp_cond', 0) + o.get('bp_direct', 0):
        errs.append('--bpred=%s named but nothing was predicted' % o['bpred'])
    return errs


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    base = load(sys.argv[1])
    if not base:
        sys.exit('compare-retired: no statistics in %s (run with MORPH_STATS_JSON=1)' % sys.argv[1])
    passed = failed = 0
    for work in sys.argv[2:]:
        other = load(work)
        label = os.path.basename(work.rstrip('/'))
        for name, b in base.items():
            errs = ['no statistics (%s.morph.json missing)' % name] if name not in other \
                else check(name, b, other[name])
            if errs:
                failed += 1
                print('FAIL %s [%s]: %s' % (name, label, '; '.join(errs)))
            else:
                passed += 1
                if timing_dependent(name):
                    what = 'not compared (timing-dependent)'
                elif rollbacks(b) or rollbacks(other[name]):
                    what = 'not compared (%d / %d rollbacks)' % (rollbacks(b), rollbacks(other[name]))
                else:
                    what = b['cms']['x86_retired']
                print('PASS %s [%s] x86_retired %s' % (name, label, what))
    print('retired: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
