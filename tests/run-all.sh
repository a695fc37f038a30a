#!/bin/bash
# Runs every test suite (each a make target), keeps going after failures, and prints one summary.
#   tests/run-all.sh MAKE LOGDIR SUITE...
set -u
make_cmd=$1 logs=$2
shift 2
mkdir -p "$logs"
total_pass=0 total_fail=0
declare -a lines=()
for suite in "$@"; do
    echo "=================== $suite ==================="
    # shellcheck disable=SC2086
    $make_cmd --no-print-directory "$suite" 2>&1 | tee "$logs/$suite.log"
    rc=${PIPESTATUS[0]}
    counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$logs/$suite.log" | tail -n 1)
    if [ -n "$counts" ]; then
        p=${counts%% passed*}
        f=${counts#*, }
        f=${f%% failed}
        if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
            f=1
            counts="$counts; but make exited with status $rc"
        fi
    else
        p=0 f=1
        counts="no result line: make exited with status $rc (see $logs/$suite.log)"
    fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    lines+=("$(printf '%-16s %s' "$suite" "$counts")")
done
echo "=================== summary ==================="
printf '%s\n' "${lines[@]}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
