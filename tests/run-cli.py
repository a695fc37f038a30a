#!/usr/bin/env python3
"""The command line (docs/usage.md): help, version, and errors that name the option.

  - `morph --help` and `morph help` print the usage on stdout and exit 0; `morph help run`,
    `morph help sim`, `morph help board` and `morph help host` list the options, each with its
    default, and are what `morph run --help` (and so on) print; `morph --version` names morph;
    `morph help bogus` is refused; an option of another command names the commands that take it;
  - docs/morph.1 is what `morph help --man` prints (from sim/morph_opts.def) and names every
    option; every option the parser knows (sim/morph_main.c) is in that table;
  - every option the help shows is one that `morph run` (or `morph sim`) knows (given without
    a program, it is never "unknown option"), and a row of docs/usage.md's tables names each;
  - an option with a list of values (--engine=model|rtl|cosim, ...): a bad value names the
    option and every value; --fusion's names every heuristic;
  - an unknown option exits with the usage status, names the option and points to --help;
  - a bad --core or --caches value names every preset that `--core=list` / `--caches=list`
    shows; the list forms exit 0.

  - --progress=S prints status lines (cycles, I-ops, firmware share) and leaves the run as it is
    (same cycles and output); a bad S is refused.

    tests/run-cli.py --morph MORPH --prog X86_PROGRAM [--doc docs/usage.md]

Prints PASS/FAIL per check and "N passed, M failed".
"""
import argparse
import re
import subprocess
import sys

USAGE_STATUS = 2  # SIM_EXIT_USAGE


def run(morph, *args, env=None):
    p = subprocess.run([morph] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, timeout=60, env=env)
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--morph', required=True)
    ap.add_argument('--doc', default='docs/usage.md')
    ap.add_argument('--man', default='docs/morph.1')
    ap.add_argument('--main-c', default='sim/morph_main.c')
    ap.add_argument('--prog', required=True, help='an x86 program that runs for a second or so')
    ap.add_argument('--root', required=True, help='the i386 root of make deps (the default sysroot)')
    a = ap.parse_args()
    checks = []

    def check(name, ok, why=''):
        checks.append(ok)
        print('%s %s%s' % ('PASS' if ok else 'FAIL', name, '' if ok else ' (%s)' % why))

    for args in (['--help'], ['help']):
        rc, out, err = run(a.morph, *args)
        check('morph %s' % ' '.join(args), rc == 0 and out.startswith('usage: morph run') and not err,
              'status %d, stdout %r, stderr %r' % (rc, out[:40], err[:80]))
    helps = {}
    for cmd in ('run', 'sim', 'board', 'host'):
        rc, out, err = run(a.morph, 'help', cmd)
        helps[cmd] = out
        check('morph help %s' % cmd, rc == 0 and out.startswith('usage: morph %s' % cmd) and not err,
              'status %d, stdout %r, stderr %r' % (rc, out[:40], err[:80]))
        rc2, out2, err2 = run(a.morph, cmd, '--help')
        check('morph %s --help is morph help %s' % (cmd, cmd), rc2 == 0 and out2 == out and not err2, 'status %d' % rc2)
        # every option shows its default (but --help): an entry is its "  --" line and the
        # indented lines after it
        entries = re.findall(r'^  (--[a-z0-9-]+.*(?:\n {4,}.*)*)', out, re.M)
        nodef = [e.split()[0] for e in entries if '[default: ' not in e and not e.startswith('--help')]
        check('morph help %s: every option with its default' % cmd, len(entries) > 10 and not nodef, 'none for %s' % nodef)
    rc, out, err = run(a.morph, 'help', 'bogus')
    check('morph help bogus names the topics', rc == USAGE_STATUS and 'bogus' in err and
          all(t in err for t in ('run', 'sim', 'board', 'host')), 'status %d: %s' % (rc, err.strip()))
    every_help = ''.join(helps.values())
    rc, man, _ = run(a.morph, 'help', '--man')
    check('docs/morph.1 is current (make man-doc)', rc == 0 and man == open(a.man).read(), 'differs from `morph help --man`')
    for o in sorted(set(re.findall(r'^  (--[a-z0-9][a-z0-9-]*)', every_help, re.M))):
        check('the man page names %s' % o, ('.B ' + o.replace('-', '\\-')) in man, 'no .B line')
    # every option the parser knows (IS("--x") in sim/morph_main.c) is in the table that the help shows
    parsed = set(re.findall(r'IS\("(--[a-z0-9-]+)"\)', open(a.main_c).read()))
    shown = set(re.findall(r'^  (--[a-z0-9-]+)', every_help, re.M))
    check('every option of the parser is in sim/morph_opts.def', parsed and not (parsed - shown),
          'missing: %s' % sorted(parsed - shown))
    # an option with a list of values: a bad value names the option and every valid value
    for m in re.finditer(r'^  (--[a-z0-9-]+)=([a-z0-9|-]+)\s', helps['run'], re.M):
        opt, vals = m.group(1), m.group(2).split('|')
        rc, out, err = run(a.morph, 'run', '%s=bogus-value' % opt, '/bin/true')
        missing = [v for v in vals if v not in err]
        check('%s=bogus-value names %s and its values' % (opt, opt),
              rc == USAGE_STATUS and opt in err and 'bogus-value' in err and not missing,
              'status %d, missing %s: %s' % (rc, missing, err.strip()[:200]))
    rc, out, err = run(a.morph, 'run', '--fusion=list')
    names = [l.split()[0] for l in out.splitlines() if l.strip()]
    rc, out, err = run(a.morph, 'run', '--fusion=bogus-value', '/bin/true')
    check('--fusion=bogus-value names the heuristics', rc == USAGE_STATUS and '--fusion' in err and names and
          all(n in err for n in names), err.strip())

    run_part, sim_part = helps['run'], helps['sim']
    # the options that a table row of docs/usage.md names in its first column
    documented = set()
    for line in open(a.doc):
        if line.startswith('| `--'):
            documented.update(re.findall(r'`(--[a-z0-9][a-z0-9-]*)', line.split(' | ')[0]))
    # (morph board's options are morph sim's and --firmware-dir: given alone, a board would start)
    for cmd, part in (('run', run_part), ('sim', sim_part), ('host', helps['host'])):
        opts = sorted(set(re.findall(r'^  (--[a-z0-9][a-z0-9-]*)', part, re.M)) - {'--help'})
        check('%s: the usage shows options' % cmd, len(opts) > 10, '%d found' % len(opts))
        for o in opts:
            rc, out, err = run(a.morph, cmd, o)
            check('morph %s %s is known' % (cmd, o), 'unknown option' not in err and rc in (0, USAGE_STATUS),
                  'status %d: %s' % (rc, err.strip()[:120]))
            check('docs/usage.md describes %s' % o, o in documented, 'no row of %s names it' % a.doc)

    rc, out, err = run(a.morph, 'sim', '--quantum', '5', '/bin/true')
    check("a run option given to sim says so", rc == USAGE_STATUS and '--quantum is an option of morph run' in err,
          'status %d: %s' % (rc, err.strip()[:160]))
    rc, out, err = run(a.morph, 'host', '--serial', '/dev/null', '--engine=rtl', '/bin/true')
    check("a machine's option given to host names the commands that take it",
          rc == USAGE_STATUS and '--engine is an option of morph run, morph sim and morph board, not morph host' in err,
          'status %d: %s' % (rc, err.strip()[:160]))
    rc, out, err = run(a.morph, 'board', '--strace')
    check("a guest's option given to board says so",
          rc == USAGE_STATUS and '--strace is an option of morph run and morph host, not morph board' in err,
          'status %d: %s' % (rc, err.strip()[:160]))
    rc, out, err = run(a.morph, 'run', '--bogus-option', '/bin/true')
    check('unknown option', rc == USAGE_STATUS and '--bogus-option' in err and '--help' in err and not out,
          'status %d, stderr %r' % (rc, err[:160]))

    for opt in ('core', 'caches'):
        rc, out, err = run(a.morph, 'run', '--%s=list' % opt)
        # the table: a header line, then one line a preset (its name first; indented lines
        # continue it), up to the first empty line
        names = []
        for line in out.splitlines()[1:]:
            if not line.strip():
                break
            if not line[0].isspace():
                names.append(line.split()[0])
        check('--%s=list' % opt, rc == 0 and len(names) >= 3, 'status %d, %r' % (rc, out[:120]))
        rc, out, err = run(a.morph, 'run', '--%s=no-such-name' % opt, '/bin/true')
        missing = [n for n in names if n not in err]
        check('--%s=no-such-name names the presets' % opt,
              rc == USAGE_STATUS and '--%s' % opt in err and 'no-such-name' in err and not missing,
              'status %d, missing %s: %s' % (rc, missing, err.strip()[:200]))
    for opt in ('bpred', 'fusion'):
        rc, out, err = run(a.morph, 'run', '--%s=list' % opt)
        check('--%s=list' % opt, rc == 0 and out.strip(), 'status %d' % rc)

    import json
    import os
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        runs = []
        for extra in (['--progress=0.05'], []):
            j = os.path.join(tmp, 'r%d.json' % len(runs))
            rc, out, err = run(a.morph, 'run', '--stats-json', j, *extra, a.prog)
            runs.append((rc, out, err, json.load(open(j)) if os.path.exists(j) else {}))
        lines = re.findall(r'^morph: [0-9.]+ s  [0-9.]+ M cycles  [0-9.]+ M I-ops  [0-9.]+ M I-ops/s  '
                           r'firmware [0-9.]+% of cycles$', runs[0][2], re.M)
        check('--progress=0.05 prints status lines', len(lines) >= 2 and runs[0][0] == 0,
              'status %d, %d lines: %s' % (runs[0][0], len(lines), runs[0][2][:200]))
        check('--progress leaves the run as it is',
              runs[0][1] == runs[1][1] and runs[0][3].get('cycles') == runs[1][3].get('cycles') > 0,
              'cycles %s and %s' % (runs[0][3].get('cycles'), runs[1][3].get('cycles')))
        check('without --progress (stderr not a terminal) no status line', 'M I-ops/s' not in runs[1][2], runs[1][2][:200])
    rc, out, err = run(a.morph, 'run', '--progress=0', a.prog)
    check('--progress=0 is refused', rc == USAGE_STATUS and '--progress' in err, 'status %d: %s' % (rc, err[:200]))

    # the sysroot without -L (docs/usage.md): the build's i386 root for a dynamically linked
    # program, MORPH_LD_PREFIX before it; a bad MORPH_LD_PREFIX is refused
    factor = [os.path.join(a.root, 'usr/bin/factor'), '600851475143']
    want = '600851475143: 71 839 1471 6857\n'
    env = {k: v for k, v in os.environ.items() if k != 'MORPH_LD_PREFIX'}
    rc, out, err = run(a.morph, 'run', *factor, env=env)
    check('a dynamic program without -L runs with the default sysroot', rc == 0 and out == want,
          'status %d: %r %s' % (rc, out, err[:200]))
    rc, out, err = run(a.morph, 'run', *factor, env=dict(env, MORPH_LD_PREFIX=a.root))
    check('MORPH_LD_PREFIX names the sysroot', rc == 0 and out == want, 'status %d: %r %s' % (rc, out, err[:200]))
    rc, out, err = run(a.morph, 'run', *factor, env=dict(env, MORPH_LD_PREFIX='/nonexistent-root'))
    check('a MORPH_LD_PREFIX that is not a directory is refused',
          rc == USAGE_STATUS and 'MORPH_LD_PREFIX' in err and '/nonexistent-root' in err, 'status %d: %s' % (rc, err[:200]))

    p, f = checks.count(True), checks.count(False)
    print('%d passed, %d failed' % (p, f))
    return 1 if f else 0


if __name__ == '__main__':
    sys.exit(main())
