#!/bin/sh
# Runs the ISA tests (bare RV32 ELFs) on an engine other than the model: ENGINE=rtl or cosim.
# Same pass criteria as `make test-isa`: exit status 0 and consistent statistics; the tests
# carry their own timing checks (mcycle deltas). Usage: ENGINE=rtl rtl/run-isa.sh ELF...
: "${ENGINE:?}" "${MORPH:?}" "${PYTHON:=python3}"
pass=0; fail=0
RTL_KEYS=$("$PYTHON" tools/stats.py --keys rtl) || exit 1
for t in "$@"; do
  json="$t.$ENGINE.json"
  "$MORPH" sim --engine="$ENGINE" --max-cycles 10000000 --stats-json "$json" "$t" 2>"$t.$ENGINE.log"
  rc=$?
  if [ $rc -eq 0 ] && ! "$PYTHON" tests/isa/check_stats.py "$json"; then rc=254; fi
  if [ $rc -eq 0 ] && [ "$ENGINE" = rtl ]; then
    # the RTL's cycle and op counts must equal the model's
    "$MORPH" sim --max-cycles 10000000 --stats-json "$t.model.json" "$t" 2>/dev/null
    # the keys are the rows marked RTL in include/morph/stats.def
    if ! "$PYTHON" - "$json" "$t.model.json" $RTL_KEYS <<'PY'
import json, sys
r, m = (json.load(open(p)) for p in sys.argv[1:3])
keys = sys.argv[3:]
bad = [k for k in keys if r[k] != m[k]]
for k in bad: print("  %s: rtl %s, model %s" % (k, r[k], m[k]))
sys.exit(1 if bad else 0)
PY
    then rc=253; fi
  fi
  if [ $rc -eq 0 ]; then pass=$((pass+1)); echo "PASS [$ENGINE] $t"
  else fail=$((fail+1)); echo "FAIL [$ENGINE] $t (status $rc; 253 = statistics differ from the model's, 254 = inconsistent; log $t.$ENGINE.log)"; tail -30 "$t.$ENGINE.log"; fi
done
echo "$ENGINE-isa: $pass passed, $fail failed"
[ $fail -eq 0 ]
