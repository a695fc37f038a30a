#!/usr/bin/env python3
"""morph run --strace against the real strace (docs/usage.md, docs/testing.md).

For each i386 PROGRAM: `morph run --strace-file M PROGRAM` and, where the host runs i386 natively
(tools/host-probe.sh), `strace -f -o N PROGRAM`, each in an empty directory of its own. Checks:

  - every line of M is well formed: `PID  name(args) = RESULT`, RESULT a number, a hex address,
    `?`, or `-1 ENAME (message)`; `<unfinished ...>`; `+++ exited with N +++` / `+++ killed by
    SIGX +++`; the arguments' quotes and brackets balance; every process ends with a +++ line;
  - per process (matched by the tree of fork/clone results: the root, its first child...), the
    same sequence of system-call names as N, and for each call: the same number of arguments,
    the same shape of each (a string, an array, anything else), every constant morph shows by
    name (O_RDONLY, AT_FDCWD, SIGCHLD...) the same, every string the same, every decimal number
    the same (but a PID's), and the same result kind (success, or the same errno name), the
    same descriptor from the calls that make one; the same +++ line.

Differences the comparison removes, each for a stated reason (never a program's own behaviour):
  - VDSO: clock_gettime, clock_gettime64, gettimeofday, time, clock_getres: glibc calls them
    natively through the vDSO, which is no system call; morph has no vDSO, so they are calls.
  - strace's signal lines (`--- SIGCHLD {...} ---`): morph --strace does not show deliveries.
  - unfinished / resumed pairs are joined into one call (morph shows them for the calls that
    block or yield a thread).
  - a call that ends `= ? ERESTART...` and comes again at once: the kernel restarted it because
    a signal came meanwhile (natively a SIGCHLD can interrupt a fork); when is timing.
  - a result: a call cms/cms_systab.h marks ENOSYS, PLANNED or NOT_YET is -ENOSYS in morph by
    design (docs/syscalls.md); the native result of such a call may differ.
  - a string: getrandom's bytes are random.
Where the host cannot run i386 programs natively (or has no strace), the comparison prints SKIP
with the reason and only the well-formedness checks run.

A self-check makes sure the comparison can fail: the first program's morph trace with a call
removed, and with an open flag changed, must each be reported as different.

    tests/run-strace.py --morph MORPH --work DIR [--systab cms/cms_systab.h] PROGRAM...

Prints PASS/FAIL/SKIP per check and "N passed, M failed"; exit status 1 on a failure.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

# Calls whose numbers name processes (PIDs differ between two runs): their decimal arguments are
# compared by shape only. Every other decimal argument (descriptors, sizes, counts) and the
# result of a call that makes a descriptor must be the same.
PID_CALLS = {'kill', 'tkill', 'tgkill', 'wait4', 'waitpid', 'setpgid', 'getpgid', 'getsid', 'prlimit64',
             'get_robust_list', 'sched_getscheduler', 'sched_getparam', 'sched_setscheduler', 'rt_sigqueueinfo'}
FD_RESULTS = {'open', 'openat', 'creat', 'dup', 'dup2', 'dup3'}
VDSO = {'clock_gettime', 'clock_gettime64', 'gettimeofday', 'time', 'clock_getres'}
RANDOM_STRINGS = {'getrandom'}
ROW = re.compile(r'^\s*X\(\s*(\d+),\s*(\w+),\s*(\w+),\s*(\w+),')


def enosys_by_design(systab):
    names = set()
    for line in open(systab):
        m = ROW.match(line)
        if m and m.group(4) in ('ENOSYS', 'PLANNED', 'NOT_YET'):
            names.add(m.group(2))
    return names


def scan_call(text):
    """text = 'name(args...' : (name, [args], rest after the closing parenthesis) or None."""
    m = re.match(r'([A-Za-z_][A-Za-z0-9_]*)\(', text)
    if not m:
        return None
    i, depth, args, cur, q = m.end(), 0, [], '', False
    while i < len(text):
        c = text[i]
        if q:
            cur += c
            if c == '\\' and i + 1 < len(text):
                cur += text[i + 1]
                i += 1
            elif c == '"':
                q = False
        elif c == '"':
            q = True
            cur += c
        elif c in '[{':
            depth += 1
            cur += c
        elif c in ']}':
            depth -= 1
            if depth < 0:
                return None
            cur += c
        elif c == ')' and depth == 0 and not cur.count('(') > cur.count(')'):
            if cur.strip():
                args.append(cur.strip())
            return m.group(1), args, text[i + 1:]
        elif c == ',' and depth == 0:
            args.append(cur.strip())
            cur = ''
        else:
            cur += c
        i += 1
    return None  # unbalanced


RESULT = re.compile(r'^\s+= (-?\d+|0x[0-9a-f]+|\?|-1 E[A-Z0-9_]+ \(.*\)|\? ERESTART\w* \(.*\))( \(.*\))?$')
EXIT = re.compile(r'^\+\+\+ (exited with \d+|killed by SIG[A-Z0-9]+( \(core dumped\))?) \+\+\+$')


def parse(path, native):
    """{pid: [event]}, order of pids, errors. An event: ('call', name, args, result) or
    ('exit', text)."""
    procs, order, errors, pending = {}, [], [], {}
    for n, line in enumerate(open(path, errors='replace'), 1):
        line = line.rstrip('\n')
        m = re.match(r'^(\d+) +(.*)$', line)
        if not m:
            errors.append('%s:%d: no PID first: %s' % (path, n, line))
            continue
        pid, text = int(m.group(1)), m.group(2)
        if pid not in procs:
            procs[pid] = []
            order.append(pid)
        if native and (text.startswith('--- ') or text.startswith('[ Process')):
            continue  # signal deliveries: morph does not show them
        if True:  # a call that blocked: its start and its end, joined
            if text.endswith(' <unfinished ...>'):
                pending[pid] = text[:-len(' <unfinished ...>')]
                continue
            r = re.match(r'^<\.\.\. (\w+) resumed>(.*)$', text)
            if r:
                head = pending.pop(pid, None)
                if head is None:
                    errors.append('%s:%d: resumed without a start' % (path, n))
                    continue
                rest = r.group(2)
                text = head + rest
        if EXIT.match(text):
            procs[pid].append(('exit', text))
            continue
        c = scan_call(text)
        if not c:
            errors.append('%s:%d: not a call: %s' % (path, n, line))
            continue
        name, args, rest = c
        unfinished = rest == ' <unfinished ...>'
        if not unfinished and not RESULT.match(rest):
            errors.append('%s:%d: bad result: %s' % (path, n, line))
            continue
        res = 'unfinished' if unfinished else rest.split('= ', 1)[1]
        procs[pid].append(('call', name, args, res))
    for pid, ev in procs.items():
        if not ev or ev[-1][0] != 'exit':
            errors.append('%s: process %d has no +++ line at its end' % (path, pid))
    return procs, order, errors


def tree(procs, order):
    """pid -> canonical name: '0' for the first process, NAME.k for its k-th child (by the
    fork/vfork/clone results, in the order of its own calls)."""
    names = {order[0]: '0'} if order else {}
    todo = list(order[:1])
    while todo:
        pid = todo.pop(0)
        k = 0
        for ev in procs.get(pid, []):
            if ev[0] == 'call' and ev[1] in ('fork', 'vfork', 'clone', 'clone3') and re.match(r'^\d+$', ev[3]) and int(ev[3]) > 0:
                k += 1
                child = int(ev[3])
                names[child] = '%s.%d' % (names[pid], k)
                todo.append(child)
    return names


def shape(arg):
    return 'string' if arg.startswith('"') else 'array' if arg.startswith('[') else 'value'


SYMBOLIC = re.compile(r'^[A-Z_][A-Z0-9_]*(\|[A-Z_][A-Z0-9_]*)*(\|0x[0-9a-f]+)?$')


def result_kind(res):
    if res.startswith('-1 '):
        return res.split()[1]
    if res.startswith('?'):
        return res.split()[1] if len(res.split()) > 1 else '?'
    return 'ok'


def restarted(events):
    """Without the attempts the kernel restarted: a call = ? ERESTART... followed by the same
    call (a signal came meanwhile: timing, invisible to the program)."""
    ev = list(events)
    return [e for i, e in enumerate(ev)
            if not (e[0] == 'call' and e[3].startswith('? ERESTART') and i + 1 < len(ev)
                    and ev[i + 1][0] == 'call' and ev[i + 1][1] == e[1])]


def compare(morph, native, enosys):
    """Differences (a list of strings) between two parsed traces."""
    mp, mo, _ = morph
    np_, no, _ = native
    mnames, nnames = tree(mp, mo), tree(np_, no)
    diffs = []
    by_m = {v: k for k, v in mnames.items()}
    by_n = {v: k for k, v in nnames.items()}
    if set(by_m) != set(by_n):
        diffs.append('processes: morph %s, native %s' % (sorted(by_m), sorted(by_n)))
    for cname in sorted(set(by_m) & set(by_n)):
        keep = lambda ev: not (ev[0] == 'call' and ev[1] in VDSO)
        me = restarted(e for e in mp.get(by_m[cname], []) if keep(e))
        ne = restarted(e for e in np_.get(by_n[cname], []) if keep(e))
        ms = [e[1] if e[0] == 'call' else e[1] for e in me]
        ns = [e[1] if e[0] == 'call' else e[1] for e in ne]
        if ms != ns:
            import difflib
            d = [l for l in difflib.unified_diff(ns, ms, 'native', 'morph', lineterm='', n=1)][2:12]
            diffs.append('process %s: the calls differ:\n      %s' % (cname, '\n      '.join(d)))
            continue
        for a, b in zip(me, ne):
            if a[0] == 'exit':
                continue
            name, margs, mres = a[1], a[2], a[3]
            nargs, nres = b[2], b[3]
            where = 'process %s: %s(%s)' % (cname, name, ', '.join(margs))
            if len(margs) != len(nargs):
                diffs.append('%s: %d arguments, native %d: %s' % (where, len(margs), len(nargs), ', '.join(nargs)))
                continue
            for i, (x, y) in enumerate(zip(margs, nargs)):
                if shape(x) != shape(y):
                    diffs.append('%s: argument %d is a %s, native a %s (%s)' % (where, i + 1, shape(x), shape(y), y))
                elif SYMBOLIC.match(x) and x != y and x not in ('NULL',):
                    diffs.append('%s: argument %d %s, native %s' % (where, i + 1, x, y))
                elif shape(x) == 'string' and x != y and name not in RANDOM_STRINGS:
                    diffs.append('%s: argument %d %s, native %s' % (where, i + 1, x, y))
                elif re.match(r'^-?\d+$', x) and re.match(r'^-?\d+$', y) and x != y and name not in PID_CALLS:
                    diffs.append('%s: argument %d %s, native %s' % (where, i + 1, x, y))
            if name in FD_RESULTS and mres.split(' (')[0] != nres.split(' (')[0]:
                diffs.append('%s: = %s, native = %s' % (where, mres, nres))
            elif result_kind(mres) != result_kind(nres) and not (name in enosys and mres.startswith('-1 ENOSYS')):
                diffs.append('%s: = %s, native = %s' % (where, mres, nres))
    return diffs


def run_morph(morph, prog, wd, out):
    os.makedirs(wd, exist_ok=True)
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([morph, 'run', '--strace-file', out, prog], cwd=wd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, universal_newlines=True, timeout=300)
    return p.returncode, p.stderr


def run_native(prog, wd, out):
    os.makedirs(wd, exist_ok=True)
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run(['strace', '-f', '-o', out, prog], cwd=wd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, universal_newlines=True, timeout=300)
    return p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--morph', required=True)
    ap.add_argument('--work', required=True)
    ap.add_argument('--systab', default='cms/cms_systab.h')
    ap.add_argument('--probe-dir', default=None)
    ap.add_argument('progs', nargs='+')
    a = ap.parse_args()
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    morph = os.path.abspath(a.morph)
    enosys = enosys_by_design(a.systab)
    probe = [os.path.join(top, 'tools/host-probe.sh')] + (['--dir', a.probe_dir] if a.probe_dir else [])
    env = subprocess.run(probe + ['--env'], stdout=subprocess.PIPE, universal_newlines=True).stdout
    host_i386 = re.search(r"HOST_I386='?(\w[\w-]*)", env)
    host_i386 = host_i386.group(1) if host_i386 else 'unknown'
    why_skip = None
    if host_i386 != 'native':
        why_skip = 'the host runs i386 programs %s, not natively: strace would trace the emulator' % host_i386
    elif not shutil.which('strace'):
        why_skip = 'no strace on the host'
    passed = failed = 0

    def report(ok, what, detail=''):
        nonlocal passed, failed
        print('%s: %s%s' % ('PASS' if ok else 'FAIL', what, ('\n    ' + detail) if detail else ''))
        if ok:
            passed += 1
        else:
            failed += 1

    first = None
    for prog in a.progs:
        name = os.path.basename(prog)
        wd = os.path.abspath(os.path.join(a.work, name))
        shutil.rmtree(wd, ignore_errors=True)
        mout = os.path.join(wd, 'morph.strace')
        rc, err = run_morph(morph, os.path.abspath(prog), os.path.join(wd, 'm'), mout)
        if not os.path.exists(mout):
            report(False, '%s: morph --strace-file wrote nothing (exit %d): %s' % (name, rc, err.strip()[-300:]))
            continue
        m = parse(mout, native=False)
        report(not m[2], '%s: morph trace well formed (%d processes, %d lines)' %
               (name, len(m[1]), sum(len(v) for v in m[0].values())), '\n    '.join(m[2][:10]))
        if why_skip:
            print('SKIP: %s: the comparison with the real strace: %s' % (name, why_skip))
            continue
        nout = os.path.join(wd, 'native.strace')
        run_native(os.path.abspath(prog), os.path.join(wd, 'n'), nout)
        n = parse(nout, native=True)
        if n[2]:
            report(False, '%s: native strace output parsed' % name, '\n    '.join(n[2][:10]))
            continue
        d = compare(m, n, enosys)
        report(not d, '%s: the same calls, arguments and results as strace -f (%d processes)' % (name, len(n[1])),
               '\n    '.join(d[:12]))
        if first is None and not d:
            first = (mout, n)

    # --strace alone: the same lines on stderr, without the PID (one process).
    prog = os.path.abspath(a.progs[0])
    wd = os.path.abspath(os.path.join(a.work, 'stderr'))
    shutil.rmtree(wd, ignore_errors=True)
    os.makedirs(wd)
    p = subprocess.run([morph, 'run', '--strace', prog], cwd=wd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       universal_newlines=True, timeout=300)
    lines = [l for l in p.stderr.splitlines() if not l.startswith('morph: ')]
    path = os.path.join(wd, 'stderr.strace')
    open(path, 'w').write(''.join('1 %s\n' % l for l in lines))
    e = parse(path, native=False)
    filed = parse(os.path.join(os.path.abspath(os.path.join(a.work, os.path.basename(prog))), 'morph.strace'), native=False)
    same = [ev[1] for evs in e[0].values() for ev in evs] == [ev[1] for evs in filed[0].values() for ev in evs]
    report(not e[2] and same and p.returncode == 0,
           '%s: --strace on stderr: %d lines, well formed, the calls of --strace-file' % (os.path.basename(prog), len(lines)),
           '\n    '.join(e[2][:10]) + ('' if same else ' (the calls differ from --strace-file)'))

    # The comparison can fail: a call removed, and an open flag changed.
    if first:
        mout, n = first
        lines = open(mout).read().splitlines()
        victims = [i for i, l in enumerate(lines) if re.search(r'\d +(write|openat|read)\(', l)]
        for what, mutate in (('a call removed', lambda ls, i: ls[:i] + ls[i + 1:]),
                             ('an argument changed', lambda ls, i: ls[:i] + [re.sub(r'\((\d+|AT_FDCWD)', r'(\1, 0', ls[i], 1)] + ls[i + 1:])):
            if not victims:
                report(False, 'self-check: no write, read or openat line to alter')
                break
            bad = mout + '.altered'
            open(bad, 'w').write('\n'.join(mutate(lines, victims[0])) + '\n')
            d = compare(parse(bad, native=False), n, enosys)
            report(bool(d), 'self-check: the comparison finds %s' % what)
    elif not why_skip:
        report(False, 'self-check: no program matched, nothing to alter')
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
