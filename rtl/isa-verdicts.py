#!/usr/bin/env python3
"""The verdicts of one rtl/run-isa.sh pass, in one process (a Python start costs a few tenths of
a second on some hosts, and the pass has tens of tests): per test, the engine's exit status
against the expected one, the report's consistency (tests/isa/check_stats.py) and, on the RTL
engine, the RTL-checked statistics equal to the model's (the rows marked RTL in
include/morph/stats.def).

    rtl/isa-verdicts.py ENGINE TAG ELF:RC:WANT...

RC is the engine run's exit status, WANT the one expected (the model's on a core, predictor or
cache preset other than m0's plain one, else 0); the reports are ELF.ENGINE.TAG.json and
ELF.model.TAG.json, the log ELF.ENGINE.TAG.log. Prints PASS/FAIL lines and the summary; exits 1
if any failed."""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'isa'))
sys.path.insert(0, os.path.join(HERE, '..', 'tools'))
import check_stats
import stats


def verdict(engine, tag, elf, rc, want, rows, rtl_keys):
    """(status, detail lines): 0, or 252 passed where the model fails, 253 statistics differ
    from the model's, 254 inconsistent; other values are the engine's own."""
    if rc == want:
        rc = 0
    elif rc == 0:
        return 252, []
    if rc:
        return rc, []
    try:
        d = json.load(open('%s.%s.%s.json' % (elf, engine, tag)))
    except (OSError, ValueError) as e:
        return 254, ['  report: %s' % e]
    errors = check_stats.check(d, rows)
    if errors:
        return 254, ['%s: %s' % (elf, e) for e in errors]
    if engine == 'rtl':
        m = json.load(open('%s.model.%s.json' % (elf, tag)))
        bad = ['  %s: rtl %s, model %s' % (k, d[k], m[k]) for k in rtl_keys if d[k] != m[k]]
        if bad:
            return 253, bad
    return 0, []


def main(argv):
    engine, tag, tests = argv[0], argv[1], argv[2:]
    rows = stats.read_stats()[0]
    rtl_keys = [r['json'] for r in rows if r['check'] == 'RTL']
    npass = nfail = 0
    for spec in tests:
        elf, rc, want = spec.rsplit(':', 2)
        rc, want = int(rc), int(want)
        st, detail = verdict(engine, tag, elf, rc, want, rows, rtl_keys)
        for line in detail:
            print(line)
        if st == 0:
            npass += 1
            print('PASS [%s %s] %s%s' % (engine, tag, elf, ' (status %d, as the model\'s)' % want if want else ''))
        else:
            nfail += 1
            log = '%s.%s.%s.log' % (elf, engine, tag)
            print('FAIL [%s %s] %s (status %d; 252 = passed where the model fails, 253 = statistics differ '
                  'from the model\'s, 254 = inconsistent; log %s)' % (engine, tag, elf, st, log))
            try:
                print(''.join(open(log, errors='replace').readlines()[-30:]), end='')
            except OSError:
                pass
    print('%s-isa %s: %d passed, %d failed' % (engine, tag, npass, nfail))
    return 1 if nfail else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
