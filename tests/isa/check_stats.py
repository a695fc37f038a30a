#!/usr/bin/env python3
"""Consistency of a `morph --stats-json` report: every cycle issues an op or is a counted stall,
and the per-mode and per-activity attributions add up to the totals; the keys are the ones
include/morph/stats.def defines (read through tools/stats.py). Checks every file named;
imported, check() is the test (rtl/isa-verdicts.py)."""
import json, os, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools'))
import stats


def check(d, rows):
    """The inconsistencies of report d (a parsed --stats-json), as messages."""
    errors = []
    always = stats.top_keys(rows, ('hw', 'host'))
    defined = stats.top_keys(rows)
    errors += ["key %s missing" % k for k in always if k not in d and k not in stats.optional_keys(rows)]
    errors += ["key %s not defined in include/morph/stats.def" % k for k in d if k not in defined]
    if d["cycles"] != d["iops_retired"] - d["iops_coissued"] + sum(d["stall_cycles"].values()):
        errors.append("cycles != I-ops retired - I-ops co-issued + stall cycles")
    prof = d["fusion_profile"]
    if prof is not None and sum(prof.values()) != d["iops_translated"]:
        errors.append("fusion profile classes do not add up to I-ops retired in translated mode")
    if d["cycles"] != d["cycles_cms"] + d["cycles_translated"]:
        errors.append("per-mode cycles do not add up")
    if d["iops_retired"] != d["iops_cms"] + d["iops_translated"]:
        errors.append("per-mode I-ops do not add up")
    if d["cycles"] != sum(a["cycles"] for a in d["activity"].values()):
        errors.append("per-activity cycles do not add up")
    if d["iops_retired"] != sum(a["iops"] for a in d["activity"].values()):
        errors.append("per-activity I-ops do not add up")
    # an interrupt is entered as a trap is (docs/isa.md section 9)
    if d["stall_cycles"]["trap"] != 3 * (sum(d["traps"].values()) + d["interrupts"]):
        errors.append("trap stall cycles != 3 x (traps + interrupts)")
    return errors


def main(paths):
    rows = stats.read_stats()[0]
    bad = 0
    for p in paths:
        errors = check(json.load(open(p)), rows)
        for e in errors:
            print("%s: %s" % (p, e))
        bad += bool(errors)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
