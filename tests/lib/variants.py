"""Shared by the drivers that run each program under several timing configurations of the model
and compare the runs (tests/run-cores.py, run-caches.py, run-bpred.py): how morph is run, the
pool that checks programs in parallel, the PASS/FAIL tally, and the check that cosim refuses a
model-only configuration."""
import concurrent.futures
import json
import os
import subprocess
import sys

ENV = {'PATH': '/usr/bin:/bin', 'HOME': '/nonexistent', 'LANG': 'C', 'LC_ALL': 'C', 'TERM': 'dumb'}


_STATS_ROWS = None


def stats_problems(json_path):
    """tests/isa/check_stats.py's findings on a --stats-json report, made in this process (a
    Python start per report costs seconds over a suite on a slow host): '' when consistent."""
    global _STATS_ROWS
    here = os.path.dirname(os.path.abspath(__file__))
    if os.path.join(here, '..', 'isa') not in sys.path:
        sys.path.insert(0, os.path.join(here, '..', 'isa'))
    import check_stats
    if _STATS_ROWS is None:
        _STATS_ROWS = check_stats.stats.read_stats()[0]
    try:
        d = json.load(open(json_path))
    except (OSError, ValueError) as e:
        return '%s: %s' % (json_path, e)
    return '\n'.join('%s: %s' % (json_path, e) for e in check_stats.check(d, _STATS_ROWS))


def run_morph(morph, cmd, argv, opts, json_path, timeout=900):
    """morph CMD OPTS ARGV with --stats-json: (status, stdout bytes, stderr text, report or None).
    No firmware timer: how often it interrupts translated code depends on the timing, so the
    I-ops retired would differ between the configurations compared (docs/firmware.md
    "Interrupts")."""
    quantum = ['--quantum=off'] if cmd == 'run' else []
    args = [morph, cmd] + opts + quantum + ['--max-cycles', '20000000000', '--stats-json', json_path] + argv
    p = subprocess.run(args, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    try:
        d = json.load(open(json_path))
    except (OSError, ValueError):
        d = None
    return p.returncode, p.stdout, p.stderr.decode(errors='replace'), d


class Tally:
    """PASS/FAIL lines and the final count."""

    def __init__(self):
        self.passed = self.failed = 0

    def report(self, name, errs, what=''):
        if errs:
            self.failed += 1
            print('FAIL %s\n    %s' % (name, '\n    '.join(errs)))
        else:
            self.passed += 1
            print('PASS %s%s' % (name, ' (%s)' % what if what else ''))
        sys.stdout.flush()

    def done(self):
        print('%d passed, %d failed' % (self.passed, self.failed))
        return 1 if self.failed else 0


def run_jobs(jobs, check, workers, done):
    """check(*job) -> (errs, what) for every job, `workers` at a time; done(job, errs, what) in
    the order they finish. A crash or timeout of one run fails its program only."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as ex:
        futs = {ex.submit(check, *j): j for j in jobs}
        for f in concurrent.futures.as_completed(futs):
            try:
                errs, what = f.result()
            except Exception as e:
                errs, what = ['%s: %s' % (type(e).__name__, e)], ''
            done(futs[f], errs, what)


def cosim_refuses(morph, *opts):
    """`morph run --engine=cosim OPTS` must stop with usage status 2 saying the configuration is
    model-only, before it needs a morph-rtl. Returns the problems (empty: it does)."""
    p = subprocess.run([morph, 'run', '--engine=cosim'] + list(opts) + ['/bin/true'],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    if p.returncode == 2 and 'model-only' in p.stderr:
        return []
    return ['status %d: %s' % (p.returncode, p.stderr.strip())]
