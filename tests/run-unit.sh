#!/bin/bash
# Runs host unit tests (cmocka binaries); prints PASS/FAIL per binary and "N passed, M failed".
#   tests/run-unit.sh [--work DIR] BINARY...
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
WORK=${WORK:-build/tests/unit/run}
if [ "${1:-}" = --work ]; then WORK=$2; shift 2; fi

if [ "${1:-}" = --one ]; then
    bin=$2 name=$(basename "$2")
    # (...; exit) keeps bash's "Aborted" job notice out of the report
    if (timeout -k 5 "$MORPH_TIMEOUT" "$bin" > "$WORK/$name.log" 2>&1; exit $?) 2> /dev/null; then
        report "$WORK" "$name" PASS "PASS $name"
    else
        rc=$?
        report "$WORK" "$name" FAIL "FAIL $name (status $rc)
$(grep -v -E '^\[ (RUN|      OK) ' "$WORK/$name.log" | tail -n 12 | sed 's/^/    /')
    full log: $WORK/$name.log"
    fi
    exit 0
fi

lock_work "$WORK"
rm -rf "$WORK"
mkdir -p "$WORK"
export WORK
echo "== unit tests: $# binaries =="
if [ $# = 0 ]; then
    echo "no unit tests declared (tests/unit/*.mk)"
fi
run_parallel "$0" -- "$@"
summary "$WORK"
