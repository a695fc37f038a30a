#!/usr/bin/env python3
"""Every core configuration runs the same firmware and code with the same results
(docs/model.md "Core configurations"): each program runs under every --core; the output, exit
status, I-ops retired, x86 instructions retired and fusion profile must equal m0's, the report
must be consistent (tests/isa/check_stats.py), and cycles must order as the cores do:
m1 <= m0, m2 <= m1, macro <= m2, macro2 <= macro, wide2 <= m0, wide4 <= wide2 (strictly m1 < m0 when a program
carries fuse marks of its own: an ISA test's, or the translator's; the firmware's are not). Also: --engine=cosim refuses a model-only core (wide4), and the configured core reaches
the firmware's translator (the first x86 program with --fusion=dual --sched=all: dual marks
nothing on m0 and marks on macro2, the scheduler moves different ops for m0 and wide4, the
output is m0's). Each x86 program also runs on m0 with the decode assist (--core-opt=xdec=1):
the same output, exit status, x86 instructions retired and decodes (fast ones included) as m0.
Each x86 program also runs on fpga (m0's timing with the iterative multiplier, smaller TLBs and
gated store buffer: the firmware refills and commits more, so only the guest's results are
compared): the same output, exit status and x86 instructions retired as m0, in no fewer cycles.

    tests/run-cores.py --morph MORPH --work DIR [--x86 PROG ...] [--rv32 ELF ...]

x86 programs run in both emulation modes (bbt translating every block on first sight).
Prints PASS/FAIL per program and "N passed, M failed".
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from variants import Tally, cosim_refuses, run_jobs, run_morph, stats_problems  # noqa: E402

CORES = ('m0', 'm1', 'm2', 'macro', 'macro2', 'wide2', 'wide4')
ORDER = (('m1', 'm0'), ('m2', 'm1'), ('macro', 'm2'), ('macro2', 'macro'), ('wide2', 'm0'), ('wide4', 'wide2'))


def run(morph, cmd, prog, opts, json_path):
    rc, out, _, d = run_morph(morph, cmd, [prog], opts, json_path, timeout=600)
    return rc, out, d


def check_program(morph, work, cmd, prog, opts, name):
    """Returns a list of problems (empty: pass)."""
    res = {}
    for core in CORES:
        # m0 runs the general timing routine too (--fusion-profile), so its profile is compared
        extra = ['--fusion-profile'] if core == 'm0' else []
        j = os.path.join(work, '%s.%s.json' % (name, core))
        res[core] = run(morph, cmd, prog, opts + ['--core=' + core] + extra, j)
        bad = stats_problems(j)
        if bad:
            return ['%s: inconsistent report: %s' % (core, bad)], 
    errs = []
    rc0, out0, d0 = res['m0']
    for core in CORES[1:]:
        rc, out, d = res[core]
        if rc != rc0:
            errs.append('%s: exit status %d, m0 %d' % (core, rc, rc0))
        if out != out0:
            errs.append('%s: output differs from m0' % core)
        for key in ('iops_retired', 'fusion_profile', 'fused_marked'):
            if d[key] != d0[key]:
                errs.append('%s: %s %s, m0 %s' % (core, key, d[key], d0[key]))
        if (d.get('cms') or {}).get('x86_retired') != (d0.get('cms') or {}).get('x86_retired'):
            errs.append('%s: x86_retired differs from m0' % core)
        if d['core'] != core:
            errs.append('%s: report names core %s' % (core, d['core']))
    if d0['fused_pairs'] or d0['iops_coissued']:
        errs.append('m0: fused_pairs/iops_coissued not 0')
    cyc = {c: res[c][2]['cycles'] for c in CORES}
    for a, b in ORDER:
        if cyc[a] > cyc[b]:
            errs.append('cycles %s %d > %s %d' % (a, cyc[a], b, cyc[b]))
    # the program's own marks: an ISA test's, or the translator's (the firmware carries its own
    # adjacent dependent pairs, tools/fwfuse.c, which m1 cannot issue in one cycle)
    marks = (d0.get('bbt') or {}).get('fuse_pairs', 0) if d0.get('cms') else d0['fused_marked']
    if marks:
        if not cyc['m1'] < cyc['m0'] or not res['m1'][2]['fused_pairs']:
            errs.append('fuse marks but m1 gains nothing (m1 %d, m0 %d cycles)' % (cyc['m1'], cyc['m0']))
    if rc0 != 0:
        errs.append('m0: exit status %d' % rc0)
    shown = ' '.join('%s=%d' % (c, cyc[c]) for c in CORES)
    if cmd == 'run':
        # the decode assist (knob xdec): the firmware decodes with xmodrm, the same instructions
        # with the same results (only the firmware's own ops and cycles may differ)
        rc, out, d = run(morph, cmd, prog, opts + ['--core=m0', '--core-opt=xdec=1'],
                         os.path.join(work, '%s.m0-xdec.json' % name))
        c, c0 = d.get('cms') or {}, d0.get('cms') or {}
        if rc != rc0 or out != out0:
            errs.append('m0 with xdec=1: exit status %d or output differs from m0' % rc)
        for key in ('x86_retired', 'decode_misses', 'decode_fast'):
            if c.get(key) != c0.get(key):
                errs.append('m0 with xdec=1: %s %s, m0 %s' % (key, c.get(key), c0.get(key)))
        if d['core'] != 'm0,xdec=1':
            errs.append('m0 with xdec=1: report names core %s' % d['core'])
        # the FPGA-size core: its firmware learns the smaller gated store buffer (a store past it
        # would trap) and its translations keep to it
        j = os.path.join(work, '%s.fpga.json' % name)
        rc, out, d = run(morph, cmd, prog, opts + ['--core=fpga'], j)
        c = d.get('cms') or {}
        bad = stats_problems(j)
        if bad:
            errs.append('fpga: inconsistent report: %s' % bad)
        if rc != rc0 or out != out0 or c.get('x86_retired') != c0.get('x86_retired'):
            errs.append('fpga: exit status %d, output or x86_retired differ from m0' % rc)
        if d['cycles'] < d0['cycles']:
            errs.append('fpga: cycles %d < m0 %d' % (d['cycles'], d0['cycles']))
        shown += ' fpga=%d' % d['cycles']
    return errs, shown


def check_core_reaches_firmware(morph, work, prog):
    """The translator fuses and schedules for the --core given (struct morph_config.core)."""
    opts = ['--emulation=bbt', '--bbt-threshold=1', '--fusion=dual', '--fusion-blocks=same', '--sched=all']
    res = {c: run(morph, 'run', prog, opts + ['--core=' + c], os.path.join(work, 'reach.%s.json' % c))
           for c in ('m0', 'macro2', 'wide4')}
    errs = []
    for c, (rc, out, d) in res.items():
        if rc != 0 or out != res['m0'][1]:
            errs.append('%s: exit %d or output differs from m0' % (c, rc))
    mark = {c: res[c][2]['bbt']['fuse_pairs'] for c in res}  # the translator's marks (not the firmware's)
    moved = {c: res[c][2]['bbt']['sched_moved'] for c in res}
    if mark['m0'] != 0 or mark['macro2'] == 0:
        errs.append('dual marks m0 %d (want 0), macro2 %d (want > 0)' % (mark['m0'], mark['macro2']))
    if not moved['m0'] or not moved['wide4'] or moved['m0'] == moved['wide4']:
        errs.append('sched_moved m0 %d, wide4 %d: want both > 0 and different' % (moved['m0'], moved['wide4']))
    return errs, 'fuse pairs marked by the translator %s, sched_moved %s' % (mark, moved)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--morph', default='build/bin/morph')
    ap.add_argument('--work', default='build/tests/cores/run')
    ap.add_argument('--x86', nargs='*', default=[])
    ap.add_argument('--rv32', nargs='*', default=[])
    ap.add_argument('--jobs', type=int, default=int(os.environ.get('JOBS', '4')))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    only = os.environ.get('ONLY', '')
    jobs = []
    for p in a.x86:
        for emu in (['--emulation=interp'], ['--emulation=bbt', '--bbt-threshold=1']):
            jobs.append(('run', p, emu, '%s-%s' % (os.path.basename(p), emu[0].split('=')[1])))
    for p in a.rv32:
        jobs.append(('sim', p, [], os.path.basename(p)))
    jobs = [j for j in jobs if only in j[3]]
    t = Tally()
    print('== core configurations: %d programs x %d cores ==' % (len(jobs), len(CORES)))
    run_jobs([(a.morph, a.work) + j for j in jobs], check_program, a.jobs,
             lambda j, errs, cycles: t.report(j[5], errs, 'cycles ' + cycles if cycles else ''))
    if a.x86 and only in 'reach':
        t.report('core reaches the translator', *check_core_reaches_firmware(a.morph, a.work, a.x86[0]))
    # The RTL implements m0, m1, m2 and macro (morph rtl-cores): cosim must refuse a model-only
    # core, saying so, before it needs a morph-rtl.
    t.report('cosim refuses --core=wide4 (model-only)', cosim_refuses(a.morph, '--core=wide4'))
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
