#!/usr/bin/env python3
"""The caches change timing only (docs/model.md "Caches"): each program runs under every --caches
preset; output, exit status, I-ops retired and x86 instructions retired must equal the run
without caches (off), the report must be consistent (tests/isa/check_stats.py: every cycle an
issued op or a counted stall, I- and D-cache stalls included), and with caches the L1s must
have been used and the cycles must not be fewer than without (also on two wide cores, macro2
and wide4, which run the general timing routine). Also:
  - translate, flush, retranslate: a tiny code cache (--code-cache=8, every block translated)
    under the small l1 preset flushes many times and still gives the output without caches;
  - a missing fence.i is caught: tests/isa/icache_stale.S passes without caches and stops with
    "stale instruction fetch" with them; the firmware with fence.i disabled
    (--inject=no-fence-i) stops the same way, so the firmware's fence.i are the ones needed;
  - --engine=cosim refuses what the RTL's caches do not do (docs/rtl.md "Caches"): a geometry
    larger than the RTL holds, an L2 hit latency under 2 cycles (the cosim runs themselves are
    in make test-cosim); and runs the caches together with a predictor: rtl/tests/bp_icache.S
    (--cosim ELF: calls into returns whose lines miss the L1I) under l1 and realistic with
    gshare and static on m0 and m2, no divergence;
  - --series N (running totals every N cycles) leaves the run as it is: the same output and
    cycles; its rows are running totals that end at the report's, one an interval, and
    startup_cycles is the end of an interval from which 95% of the cycles are translated code;
  - --profile FILE (a sample every N cycles) leaves the run as it is too, holds one sample per
    N cycles, its samples of translated code name EIPs inside the program's executable segments
    (also after a `commit x0`), and tools/profile.py names firmware and guest functions from it.

    tests/run-caches.py --morph MORPH --work DIR [--x86 PROG ...] [--rv32 ELF ...]
        [--busybox BUSYBOX] [--stale ELF] [--cosim ELF] [--presets off,l1,l1l2,realistic]

Prints PASS/FAIL per program and "N passed, M failed".
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from variants import Tally, cosim_refuses, run_jobs, run_morph, stats_problems  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


run = run_morph


def check_program(morph, work, cmd, argv, opts, name, presets):
    res = {}
    for c in presets:
        j = os.path.join(work, '%s.%s.json' % (name, c))
        res[c] = run(morph, cmd, argv, opts + ['--caches=' + c], j)
        if res[c][3] is None:
            return ['%s: no report (status %d): %s' % (c, res[c][0], res[c][2].strip()[-300:])], ''
        bad = stats_problems(j)
        if bad:
            return ['%s: inconsistent report: %s' % (c, bad)], ''
    errs = []
    rc0, out0, err0, d0 = res['off']
    if rc0 != 0:
        errs.append('off: exit status %d: %s' % (rc0, err0.strip()[-300:]))
    for c in presets:
        if c == 'off':
            continue
        rc, out, err, d = res[c]
        if rc != rc0:
            errs.append('%s: exit status %d, off %d: %s' % (c, rc, rc0, err.strip()[-300:]))
        if out != out0:
            errs.append('%s: output differs from off' % c)
        if d['iops_retired'] != d0['iops_retired']:
            errs.append('%s: iops_retired %d, off %d' % (c, d['iops_retired'], d0['iops_retired']))
        if (d.get('cms') or {}).get('x86_retired') != (d0.get('cms') or {}).get('x86_retired'):
            errs.append('%s: x86_retired differs from off' % c)
        if not d['l1i_accesses'] or not d['l1i_misses'] or not d['l1d_accesses'] and d0['iops_retired'] > 1000:
            errs.append('%s: the L1s were not used' % c)
        if d['cycles'] < d0['cycles']:
            errs.append('%s: %d cycles, fewer than off %d' % (c, d['cycles'], d0['cycles']))
        if d['caches'] != c:
            errs.append('%s: report names caches %s' % (c, d['caches']))
    if d0['stall_cycles']['icache'] or d0['stall_cycles']['dcache'] or d0['l1i_accesses']:
        errs.append('off: cache stalls or accesses without caches')
    return errs, ' '.join('%s=%d' % (c, res[c][3]['cycles']) for c in presets)


def check_series(morph, work, prog, every=1000000):
    """--series does not change the run; its rows are consistent with the report."""
    opts = ['--caches=realistic', '--emulation=bbt', '--bbt-threshold=1']
    r0 = run(morph, 'run', [prog], opts, os.path.join(work, 'series.off.json'))
    r1 = run(morph, 'run', [prog], opts + ['--series', str(every)], os.path.join(work, 'series.on.json'))
    if r0[3] is None or r1[3] is None:
        return ['no report: %s %s' % (r0[2].strip()[-200:], r1[2].strip()[-200:])]
    d0, d1 = r0[3], r1[3]
    errs = []
    if r0[0] != r1[0] or r0[1] != r1[1]:
        errs.append('status or output differs with --series')
    for k in ('cycles', 'iops_retired', 'l1i_misses', 'l1d_misses', 'l2_misses', 'cycles_translated'):
        if d0[k] != d1[k]:
            errs.append('%s %d with --series, %d without' % (k, d1[k], d0[k]))
    if 'series' in d0 or 'startup_cycles' in d0:
        errs.append('series or startup_cycles reported without --series')
    s = d1.get('series') or {}
    cols, rows = s.get('columns', []), s.get('rows', [])
    if s.get('interval') != every or not rows or any(len(r) != len(cols) for r in rows):
        return errs + ['malformed series: interval %r, %d rows' % (s.get('interval'), len(rows))]
    last = dict(zip(cols, rows[-1]))
    for k in cols:
        if last[k] != d1[k]:
            errs.append('last row %s %d, report %d' % (k, last[k], d1[k]))
        if any(a[cols.index(k)] > b[cols.index(k)] for a, b in zip(rows, rows[1:])):
            errs.append('column %s decreases' % k)
    want = (d1['cycles'] - 1) // every + 1
    if not want <= len(rows) <= want + 1:
        errs.append('%d rows for %d cycles at %d' % (len(rows), d1['cycles'], every))
    st = d1.get('startup_cycles')
    if st is None or (st and st not in [r[cols.index('cycles')] for r in rows]):
        errs.append('startup_cycles %r is not the end of an interval' % st)
    elif st:  # from there on, 95% of the cycles in translated code
        r = rows[[x[cols.index('cycles')] for x in rows].index(st)]
        dc, dx = d1['cycles'] - st, d1['cycles_translated'] - r[cols.index('cycles_translated')]
        if dx * 100 < dc * 95:
            errs.append('startup_cycles %d: only %d of the %d cycles after it translated' % (st, dx, dc))
    return errs


def exec_segments(elf):
    """[lo, hi) of each executable PT_LOAD segment of a 32-bit little-endian ELF file."""
    import struct
    with open(elf, 'rb') as f:
        b = f.read()
    if b[:4] != b'\x7fELF' or b[4] != 1:
        return []
    phoff, = struct.unpack_from('<I', b, 28)
    phentsize, phnum = struct.unpack_from('<HH', b, 42)
    out = []
    for i in range(phnum):
        typ, _, vaddr, _, _, memsz, flags, _ = struct.unpack_from('<8I', b, phoff + i * phentsize)
        if typ == 1 and flags & 1:
            out.append((vaddr, vaddr + memsz))
    return out


def check_profile(morph, work, prog, every=997):
    """--profile does not change the run; its samples add up and name EIPs of the program's code;
    tools/profile.py names them."""
    opts = ['--emulation=bbt', '--bbt-threshold=1']
    path = os.path.join(work, 'profile.txt')
    r0 = run(morph, 'run', [prog], opts, os.path.join(work, 'profile.off.json'))
    r1 = run(morph, 'run', [prog], opts + ['--profile', path, '--profile-every', str(every)],
             os.path.join(work, 'profile.on.json'))
    if r0[3] is None or r1[3] is None or r0[0] != r1[0] or r0[1] != r1[1]:
        return ['status, output or report differs with --profile: %s' % r1[2].strip()[-300:]]
    if r0[3]['cycles'] != r1[3]['cycles']:
        return ['%d cycles with --profile, %d without' % (r1[3]['cycles'], r0[3]['cycles'])]
    rows = [l.split() for l in open(path) if not l.startswith('#')]
    n = sum(int(r[0]) for r in rows)
    if n != r1[3]['cycles'] // every and n != r1[3]['cycles'] // every - 1:
        return ['%d samples for %d cycles at %d' % (n, r1[3]['cycles'], every)]
    if not any(r[1] == 'xl' for r in rows) or not any(r[1] == 'cms' for r in rows):
        return ['no samples of translated code or of the firmware']
    # a sample of translated code names the EIP of the last commit, also after a `commit x0`
    # (read from the exit stub after it): always inside the program's executable segments
    text = exec_segments(prog)
    bad = [r for r in rows if r[1] == 'xl' and not any(lo <= int(r[4], 16) < hi for lo, hi in text)]
    if not text or bad:
        return ['%d samples of translated code name an EIP outside the program\'s code, e.g. %s' %
                (len(bad), ' '.join(bad[0]) if bad else '(no executable segment found)')]
    fw = os.path.join(os.path.dirname(os.path.abspath(morph)), '..', 'fw', 'cms.elf')
    p = subprocess.run([sys.executable, os.path.join(HERE, '..', 'tools', 'profile.py'), path, '--fw', fw],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    def first(title):  # the first function a section names
        lines = p.stdout.split(title, 1)[-1].splitlines()[1:2] if title in p.stdout else []
        return lines[0].split()[2] if lines and len(lines[0].split()) > 2 else '0x'
    if p.returncode or first('firmware functions').startswith('0x') or \
            first('translated code by guest function').startswith('0x'):
        return ['tools/profile.py did not name a firmware and a guest function: %s' % p.stdout[-400:]]
    return []


def expect_stale(morph, work, cmd, argv, opts, name):
    rc, _, err, _ = run(morph, cmd, argv, opts, os.path.join(work, name + '.json'))
    if rc == 125 and 'stale instruction fetch' in err:
        return []
    return ['status %d, want 125 with "stale instruction fetch": %s' % (rc, err.strip()[-300:])]


def cosim_agrees(morph, elf, *opts):
    """`morph sim --engine=cosim OPTS ELF` must pass (exit 0) with no divergence."""
    p = subprocess.run([morph, 'sim', '--engine=cosim'] + list(opts) + [elf],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    if p.returncode == 0 and 'no divergence' in p.stderr:
        return []
    return ['status %d: %s' % (p.returncode, p.stderr.strip()[-600:])]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--morph', default='build/bin/morph')
    ap.add_argument('--work', default='build/tests/caches/run')
    ap.add_argument('--x86', nargs='*', default=[])
    ap.add_argument('--rv32', nargs='*', default=[])
    ap.add_argument('--busybox')
    ap.add_argument('--stale')
    ap.add_argument('--cosim')
    ap.add_argument('--presets', default='off,l1,l1l2,realistic')
    ap.add_argument('--jobs', type=int, default=int(os.environ.get('JOBS', '2')))
    a = ap.parse_args()
    presets = a.presets.split(',')
    assert presets[0] == 'off'
    os.makedirs(a.work, exist_ok=True)
    only = os.environ.get('ONLY', '')
    jobs = []
    for p in a.x86:
        for emu in (['--emulation=interp'], ['--emulation=bbt', '--bbt-threshold=1'], []):
            tag = emu[0].split('=')[1] if emu else 'sbt'
            jobs.append(('run', [p], emu, '%s-%s' % (os.path.basename(p), tag)))
        if p == a.x86[0]:  # translate, flush, retranslate
            jobs.append(('run', [p], ['--emulation=bbt', '--bbt-threshold=1', '--code-cache=8'],
                         '%s-flush' % os.path.basename(p)))
            for core in ('macro2', 'wide4'):  # the general timing routine, wide issue
                jobs.append(('run', [p], ['--core=' + core], '%s-%s' % (os.path.basename(p), core)))
    if a.busybox:
        jobs.append(('run', [a.busybox, 'echo', 'hi'], [], 'busybox-echo'))
        jobs.append(('run', [a.busybox, 'sort', '-r', '/etc/hostname', '/etc/os-release'], [], 'busybox-sort'))
    for p in a.rv32:
        jobs.append(('sim', [p], [], os.path.basename(p)))
    jobs = [j for j in jobs if only in j[3]]
    t = Tally()

    def done(j, errs, cycles):
        name = j[5]
        if not errs and name.endswith('-flush'):
            d = json.load(open(os.path.join(a.work, '%s.l1.json' % name)))
            if d['bbt']['flushes'] < 20:
                errs = ['only %d code-cache flushes (want >= 20)' % d['bbt']['flushes']]
            else:
                cycles += ', %d flushes' % d['bbt']['flushes']
        t.report(name, errs, 'cycles ' + cycles if cycles else '')

    print('== caches: %d programs x %d presets ==' % (len(jobs), len(presets)))
    run_jobs([(a.morph, a.work) + j + (presets,) for j in jobs], check_program, a.jobs, done)
    if a.x86 and only in 'series':
        t.report('--series: same run, consistent rows', check_series(a.morph, a.work, a.x86[0]))
    if a.x86 and only in 'profile':
        t.report('--profile: same run, samples add up, functions named', check_profile(a.morph, a.work, a.x86[0]))
    if a.stale and only in 'stale':
        rc, _, err, _ = run(a.morph, 'sim', [a.stale], [], os.path.join(a.work, 'stale.off.json'))
        t.report('stale fetch: passes without caches', [] if rc == 0 else ['status %d' % rc])
        t.report('stale fetch: caught with caches',
                 expect_stale(a.morph, a.work, 'sim', [a.stale], ['--caches=l1'], 'stale.l1'))
    if a.x86 and only in 'no-fence-i':
        t.report('firmware without fence.i: caught',
                 expect_stale(a.morph, a.work, 'run', [a.x86[0]], ['--emulation=bbt', '--bbt-threshold=1',
                                                                   '--caches=l1', '--inject=no-fence-i'],
                              'no-fence-i'))
    t.report('cosim refuses an L2 larger than the RTL holds',
             cosim_refuses(a.morph, '--caches=realistic', '--l2=1M,8,64,20'))
    t.report('cosim refuses a 1-cycle L2', cosim_refuses(a.morph, '--caches=l1l2', '--l2=32K,4,64,1'))
    if a.cosim and only in 'cosim':
        for core in ('m0', 'm2'):
            for caches, bpred in (('l1', 'gshare'), ('realistic', 'static')):
                t.report('cosim runs --caches=%s --bpred=%s on %s: %s' % (caches, bpred, core, os.path.basename(a.cosim)),
                         cosim_agrees(a.morph, a.cosim, '--core=' + core, '--caches=' + caches, '--bpred=' + bpred))
    return t.done()


if __name__ == '__main__':
    sys.exit(main())
