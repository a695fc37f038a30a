"""The PASS/FAIL lines and the closing "N passed, M failed" of the check-list drivers
(tests/run-gdb.py, tests/run-log.py)."""
_counts = [0, 0]  # passed, failed


def check(name, cond, detail=""):
    """One PASS or FAIL line; returns cond."""
    _counts[0 if cond else 1] += 1
    print(f"PASS {name}" if cond else f"FAIL {name}" + (f": {detail}" if detail else ""))
    return cond


def summary():
    """Prints the tally; returns the exit status (1 if anything failed)."""
    print(f"{_counts[0]} passed, {_counts[1]} failed")
    return 1 if _counts[1] else 0
