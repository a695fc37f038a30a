#!/usr/bin/env python3
"""Consistency of a `morph --stats-json` report: every cycle is an issued op or a counted stall,
and the per-mode and per-activity attributions add up to the totals."""
import json, sys

d = json.load(open(sys.argv[1]))
errors = []
if d["cycles"] != d["iops_retired"] + sum(d["stall_cycles"].values()):
    errors.append("cycles != I-ops retired + stall cycles")
if d["cycles"] != d["cycles_cms"] + d["cycles_translated"]:
    errors.append("per-mode cycles do not add up")
if d["iops_retired"] != d["iops_cms"] + d["iops_translated"]:
    errors.append("per-mode I-ops do not add up")
if d["cycles"] != sum(a["cycles"] for a in d["activity"].values()):
    errors.append("per-activity cycles do not add up")
if d["iops_retired"] != sum(a["iops"] for a in d["activity"].values()):
    errors.append("per-activity I-ops do not add up")
if d["stall_cycles"]["trap"] != 3 * sum(d["traps"].values()):
    errors.append("trap stall cycles != 3 x traps")
for e in errors:
    print("%s: %s" % (sys.argv[1], e))
sys.exit(1 if errors else 0)
