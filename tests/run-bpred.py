#!/usr/bin/env python3
"""Every --bpred setting gives --bpred=none's results (docs/model.md "Branch prediction"):
each program runs under each predictor (and a tiny one that overflows its tables and stacks) on
m0 (the base timing routine) and macro (the general one); the output, exit status, I-ops
retired and x86 instructions retired must equal none's, and the report must be consistent
(tests/isa/check_stats.py: the stall counters, mispredict among them, add up to cycles).
Also: a predictor predicts (gshare mispredicts less than a tenth of the control ops of an x86
program and saves cycles over none), the RV32 return stack misses at most 0.1% of the
firmware's returns, the x86 return stack hits on call-heavy code (the first x86 program: > 50%
of its returns), and --engine=cosim refuses a predictor the RTL does not implement (other BTB
ways, a BTB larger than the RTL's): make test-cosim runs the others.

    tests/run-bpred.py --morph MORPH --work DIR [--x86 PROG ...] [--rv32 ELF ...]
                       [--busybox BUSYBOX]

x86 programs run in bbt mode (every block translated on first sight), so translated calls and
returns go through the dual-address return stack. Prints PASS/FAIL per program and
"N passed, M failed".
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from variants import Tally, cosim_refuses, run_jobs, run_morph, stats_problems  # noqa: E402

BPREDS = ('none', 'static', 'bimodal', 'gshare', 'gshare,btb_entries=4,btb_ways=1,bht_entries=4,hist_bits=2,ras=1,xras=1')
CORES = ('m0', 'macro')


def run(morph, cmd, prog, args, opts, json_path):
    rc, out, _, d = run_morph(morph, cmd, [prog] + args, opts, json_path, timeout=600)
    return rc, out, d


def check_program(morph, work, cmd, prog, args, opts, name, want_xras):
    errs, lines = [], []
    for core in CORES:
        res = {}
        for bp in BPREDS:
            j = os.path.join(work, '%s.%s.%s.json' % (name, core, bp.split(',')[0] + ('-tiny' if ',' in bp else '')))
            res[bp] = run(morph, cmd, prog, args, opts + ['--core=' + core, '--bpred=' + bp], j)
            bad = stats_problems(j)
            if bad:
                errs.append('%s %s: inconsistent report: %s' % (core, bp, bad))
        rc0, out0, d0 = res['none']
        if rc0 != 0:
            errs.append('%s none: exit status %d' % (core, rc0))
        for bp in BPREDS[1:]:
            rc, out, d = res[bp]
            if rc != rc0:
                errs.append('%s %s: exit status %d, none %d' % (core, bp, rc, rc0))
            if out != out0:
                errs.append('%s %s: output differs from none' % (core, bp))
            if d['iops_retired'] != d0['iops_retired']:
                errs.append('%s %s: iops_retired %d, none %d' % (core, bp, d['iops_retired'], d0['iops_retired']))
            if (d.get('cms') or {}).get('x86_retired') != (d0.get('cms') or {}).get('x86_retired'):
                errs.append('%s %s: x86_retired differs from none' % (core, bp))
            if d['bpred'] != bp:
                errs.append('%s %s: report names predictor %s' % (core, bp, d['bpred']))
        g = res['gshare'][2]
        ops = g['bp_cond'] + g['bp_direct'] + g['bp_indirect'] + g['bp_return']
        if cmd == 'run':
            if not ops or g['bp_miss_rate'] > 0.1 or g['cycles'] >= d0['cycles']:
                errs.append('%s gshare: miss rate %.3f of %d control ops, %d cycles (none %d)'
                            % (core, g['bp_miss_rate'], ops, g['cycles'], d0['cycles']))
            # the firmware's calls and returns pair up: a jump through x5 (a link register) reads
            # as a return and pops (regression: cms/start.S jumped to xl_leave through t0)
            rets = g['ras_hits'] + g['ras_misses']
            if not rets or g['ras_misses'] > 0.001 * rets:
                errs.append('%s gshare: RV32 return stack %d misses of %d returns' % (core, g['ras_misses'], rets))
            if want_xras and not g['xras_hit_rate'] > 0.5:
                errs.append('%s gshare: x86 return stack hit rate %.3f (%d hits)' % (core, g['xras_hit_rate'], g['xras_hits']))
        lines.append('%s cycles %s' % (core, ' '.join('%s=%d' % (b.split(',')[0] + ('-tiny' if ',' in b else ''),
                                                              res[b][2]['cycles']) for b in BPREDS)))
        if cmd == 'run':
            lines[-1] += ' xras_hit_rate %.3f' % g['xras_hit_rate']
    return errs, '; '.join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--morph', default='build/bin/morph')
    ap.add_argument('--work', default='build/tests/bpred/run')
    ap.add_argument('--x86', nargs='*', default=[])
    ap.add_argument('--rv32', nargs='*', default=[])
    ap.add_argument('--busybox', default='')
    ap.add_argument('--jobs', type=int, default=int(os.environ.get('JOBS', '2')))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    bbt = ['--emulation=bbt', '--bbt-threshold=1']
    jobs = [('run', p, [], bbt, os.path.basename(p), i == 0) for i, p in enumerate(a.x86)]
    if a.busybox:
        jobs.append(('run', a.busybox, ['echo', 'hi'], bbt, 'busybox-echo', False))
    jobs += [('sim', p, [], [], os.path.basename(p), False) for p in a.rv32]
    t = Tally()
    print('== branch predictors: %d programs x %d predictors x %d cores ==' % (len(jobs), len(BPREDS), len(CORES)))
    run_jobs([(a.morph, a.work) + j for j in jobs], check_program, a.jobs,
             lambda j, errs, what: t.report(j[6], errs, what))
    t.report('cosim refuses --bpred=gshare,btb_ways=4 (model-only)',
             cosim_refuses(a.morph, '--bpred=gshare,btb_ways=4'))
    t.report('cosim refuses --bpred=gshare,btb_entries=4096 (model-only)',
             cosim_refuses(a.morph, '--bpred=gshare,btb_entries=4096'))
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
