#!/bin/bash
# Runs every test suite (each a make target), keeps going after failures, and prints one summary.
#   tests/run-all.sh MAKE LOGDIR SUITE...
set -u
make_cmd=$1 logs=$2
shift 2
mkdir -p "$logs"
# The host and the oracles, probed once for every suite (tools/host-probe.sh; docs/testing.md).
top=$(cd "$(dirname "$0")/.." && pwd)
probe_dir=${MORPH_PROBE_DIR:-$top/build/tests/tools}
echo "=================== host and oracles ==================="
"$top/tools/host-probe.sh" --dir "$probe_dir" --banner | tee "$logs/host.txt"
eval "$("$top/tools/host-probe.sh" --dir "$probe_dir" --env)"
MORPH_PROBED=1
export MORPH_PROBED HOST_I386 MORPH_ORACLE ORACLE_WHY MORPH_X87 X87_EVIDENCE MORPH_RMW_FAULT RMW_EVIDENCE
# One cache of reference runs for this whole run (tests/lib/common.sh run_side): the x86 corpus
# and busybox run in many modes against the same reference, which under qemu-i386 costs.
MORPH_REF_CACHE_DIR=$(cd "$logs/.." && pwd)/refcache
rm -rf "$MORPH_REF_CACHE_DIR"
mkdir -p "$MORPH_REF_CACHE_DIR"
export MORPH_REF_CACHE_DIR
# Prebuilds (RUN_ALL_PREBUILD="TARGET:SUITE,SUITE ..."): TARGET is built in the background
# from the start, niced, while the first suites run (make test leaves about half a core idle),
# and each SUITE listed waits for it first (they share its files); it starts only when one of
# them is in this run. A failed prebuild is not a result: the suite builds TARGET again and
# reports what fails.
declare -A pre_pid=() pre_t0=() wait_for=()
for spec in ${RUN_ALL_PREBUILD:-}; do
    target=${spec%%:*}
    IFS=, read -r -a waiters <<<"${spec#*:}"
    wanted=""
    for w in "${waiters[@]}"; do
        for suite in "$@"; do [ "$suite" = "$w" ] && wanted=1; done
        wait_for[$w]="${wait_for[$w]:-} $target"
    done
    [ -n "$wanted" ] || continue
    nice -n 5 $make_cmd --no-print-directory "$target" >"$logs/prebuild-$target.log" 2>&1 &
    pre_pid[$target]=$!
    pre_t0[$target]=$SECONDS
done
total_pass=0 total_fail=0
declare -a lines=()
for suite in "$@"; do
    echo "=================== $suite ==================="
    for target in ${wait_for[$suite]:-}; do
        if [ -n "${pre_pid[$target]:-}" ]; then
            wait "${pre_pid[$target]}"; rc=$?
            echo "(prebuild $target: status $rc, done at most $((SECONDS - ${pre_t0[$target]})) s after it began; $logs/prebuild-$target.log)"
            pre_pid[$target]=""
        fi
    done
    t0=$SECONDS
    # shellcheck disable=SC2086
    $make_cmd --no-print-directory "$suite" 2>&1 | tee "$logs/$suite.log"
    rc=${PIPESTATUS[0]}
    secs=$((SECONDS - t0))
    # Result lines are "N passed, M failed", optionally after a label and a colon ("rtl-isa m0:",
    # "fusion=dual:"); a suite may print several (one per part), which are added up. A suite
    # with none is one check: its status.
    read -r p f < <(grep -E '^([^:]+: )?[0-9]+ passed, [0-9]+ failed$' "$logs/$suite.log" |
                    sed -E 's/^[^:]+: //' |
                    awk '{p += $1; f += $3; n++} END {if (n) print p, f; else print "-", "-"}')
    if [ "$p" != - ]; then
        counts="$p passed, $f failed"
        if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
            f=1
            counts="$counts; but make exited with status $rc"
        fi
    elif [ "$rc" = 0 ]; then
        p=1 f=0 counts="ok (a single check)"
    else
        p=0 f=1 counts="failed: make exited with status $rc (see $logs/$suite.log)"
    fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    # The wall time per suite shows where make test's time goes (the 40-minute CI budget).
    lines+=("$(printf '%-16s %5d s  %s' "$suite" "$secs" "$counts")")
done
echo "=================== summary ==================="
sed 's/^/  /' "$logs/host.txt"
printf '%s\n' "${lines[@]}"
echo "wall time: $SECONDS s"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
