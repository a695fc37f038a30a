#!/bin/sh
# Runs the ISA tests (bare RV32 ELFs) on an engine other than the model: ENGINE=rtl or cosim,
# on core configuration CORE (default m0). Same pass criteria as `make test-isa`: exit status 0
# and consistent statistics; the tests carry their own timing checks (mcycle deltas), written
# for m0, so on another core the exit status must be the model's on that core instead (timing.S
# and fuse.S fail their m0 cycle checks there, on both engines alike). On the RTL engine the
# statistics must also equal the model's. BPRED=NAME runs both with --bpred=NAME (the m0 cycle
# checks then fail alike: the exit status must be the model's, as on another core). CACHES=NAME
# runs both with --caches=NAME (the same: the model's status; the statistics, the caches'
# counters and stalls included, must still be equal on the RTL engine).
# Usage: ENGINE=rtl [CORE=macro] [BPRED=gshare] [CACHES=realistic] rtl/run-isa.sh ELF...
: "${ENGINE:?}" "${MORPH:?}" "${PYTHON:=python3}" "${CORE:=m0}" "${BPRED:=none}" "${CACHES:=off}"
tag=$CORE; [ "$BPRED" = none ] || tag=$CORE.$(echo "$BPRED" | tr ",=" "._")
[ "$CACHES" = off ] || tag=$tag.$CACHES
RTL_KEYS=$("$PYTHON" tools/stats.py --keys rtl) || exit 1
# one test: its PASS or FAIL line (and the log's tail); status 0 when it passed
one() {
  t=$1
  json="$t.$ENGINE.$tag.json"
  want=0
  if [ "$ENGINE" = rtl ] || [ "$CORE" != m0 ] || [ "$BPRED" != none ] || [ "$CACHES" != off ]; then
    "$MORPH" sim --core="$CORE" --bpred="$BPRED" --caches="$CACHES" --max-cycles 10000000 \
      --stats-json "$t.model.$tag.json" "$t" 2>/dev/null
    mrc=$?
    [ "$CORE" = m0 ] && [ "$BPRED" = none ] && [ "$CACHES" = off ] || want=$mrc
  fi
  "$MORPH" sim --engine="$ENGINE" --core="$CORE" --bpred="$BPRED" --caches="$CACHES" --max-cycles 10000000 \
    --stats-json "$json" "$t" 2>"$t.$ENGINE.$tag.log"
  rc=$?
  if [ $rc -eq "$want" ]; then rc=0; elif [ $rc -eq 0 ]; then rc=252; fi
  if [ $rc -eq 0 ] && ! "$PYTHON" tests/isa/check_stats.py "$json"; then rc=254; fi
  if [ $rc -eq 0 ] && [ "$ENGINE" = rtl ]; then
    # the RTL's cycle and op counts must equal the model's
    # the keys are the rows marked RTL in include/morph/stats.def
    if ! "$PYTHON" - "$json" "$t.model.$tag.json" $RTL_KEYS <<'PY'
import json, sys
r, m = (json.load(open(p)) for p in sys.argv[1:3])
keys = sys.argv[3:]
bad = [k for k in keys if r[k] != m[k]]
for k in bad: print("  %s: rtl %s, model %s" % (k, r[k], m[k]))
sys.exit(1 if bad else 0)
PY
    then rc=253; fi
  fi
  if [ $rc -eq 0 ]; then echo "PASS [$ENGINE $tag] $t$([ "$want" != 0 ] && echo " (status $want, as the model's)")"
  else echo "FAIL [$ENGINE $tag] $t (status $rc; 252 = passed where the model fails, 253 = statistics differ from the model's, 254 = inconsistent; log $t.$ENGINE.$tag.log)"; tail -30 "$t.$ENGINE.$tag.log"; fi
  [ $rc -eq 0 ]
}
# JOBS tests at a time (each writes files of its own), the lines printed in the given order
jobs=${JOBS:-2}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
i=0
for t in "$@"; do
  i=$((i+1))
  ( one "$t" >"$tmp/$i.out" 2>&1; echo $? >"$tmp/$i.rc" ) &
  [ $((i % jobs)) -eq 0 ] && wait
done
wait
pass=0; fail=0; k=0
while [ $k -lt $i ]; do
  k=$((k+1))
  cat "$tmp/$k.out"
  if [ "$(cat "$tmp/$k.rc" 2>/dev/null)" = 0 ]; then pass=$((pass+1)); else fail=$((fail+1)); fi
done
echo "$ENGINE-isa $tag: $pass passed, $fail failed"
[ $fail -eq 0 ]
