# Shared helpers for morph's test runners (sourced by tests/run-*.sh; bash).
#
# Environment understood by every runner:
#   MORPH              path of the morph binary (default build/bin/morph)
#   MORPH_NATIVE_BOTH  if 1, run the native binary on the "morph" side too (validates the harness
#                      while morph is not available; every comparison must then pass)
#   MORPH_MAX_CYCLES   default --max-cycles bound per test (tests may override it)
#   MORPH_TIMEOUT      wall-clock limit per run in seconds
#   MORPH_ARGS         extra options for `morph run` (e.g. --firmware-dir DIR)
#   JOBS               parallel tests (default 2)
#   ONLY               run only tests whose name contains this string

MORPH=${MORPH:-build/bin/morph}
MORPH_NATIVE_BOTH=${MORPH_NATIVE_BOTH:-0}
MORPH_MAX_CYCLES=${MORPH_MAX_CYCLES:-20000000000}
MORPH_TIMEOUT=${MORPH_TIMEOUT:-300}
MORPH_ARGS=${MORPH_ARGS:-}
JOBS=${JOBS:-2}
ONLY=${ONLY:-}

# The guest environment: small and identical on both sides.
GUEST_ENV=(env -i PATH=/usr/bin:/bin HOME=/nonexistent LANG=C LC_ALL=C TERM=dumb
           MORPH_TEST_VAR=morph-test-value)

abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

# run_side SIDE OUT MAXCYCLES STDIN -- PROGRAM ARGS...
#   Runs PROGRAM natively (SIDE=native) or under morph (SIDE=morph) in a fresh directory OUT.dir,
#   with stdin from STDIN (a file, or /dev/null), stdout to OUT.out, stderr to OUT.err and the exit
#   status in OUT.status. OUT.timeout exists if the wall-clock limit was hit.
run_side() {
    local side=$1 out cycles=$3 input
    out=$(abspath "$2")     # the run happens in $out.dir: relative names would break there
    input=$(abspath "$4")
    shift 5
    local -a cmd
    if [ "$side" = morph ] && [ "$MORPH_NATIVE_BOTH" != 1 ]; then
        # shellcheck disable=SC2206
        cmd=("$(abspath "$MORPH")" run $MORPH_ARGS --max-cycles "$cycles" "$@")
    else
        cmd=("$@")
    fi
    rm -rf "$out.dir" "$out.timeout"
    mkdir -p "$out.dir"
    local status
    # The subshell waits for the guest itself ("; exit"), so bash's job notice for a guest killed
    # by a signal ("Floating point exception") goes to /dev/null and the status is 128+signal.
    (
        cd "$out.dir" || exit 125
        "${GUEST_ENV[@]}" timeout -k 5 "$MORPH_TIMEOUT" "${cmd[@]}" < "$input" > "$out.out" 2> "$out.err"
        exit $?
    ) 2> /dev/null
    status=$?
    # timeout(1) reports 124 itself; morph's --max-cycles also exits 124 but says so on stderr.
    if [ $status = 124 ] && ! grep -q -- '--max-cycles' "$out.err"; then
        : > "$out.timeout"
    fi
    echo $status > "$out.status"
    rm -rf "$out.dir"
    return 0
}

# describe_status OUT: "status N" plus what it means.
describe_status() {
    local s
    s=$(cat "$1.status")
    if [ -e "$1.timeout" ]; then
        echo "timed out after ${MORPH_TIMEOUT}s"
    elif [ "$s" = 124 ]; then
        echo "status 124 (--max-cycles)"
    elif [ "$s" -gt 128 ] 2>/dev/null; then
        echo "status $s (signal $((s - 128)))"
    else
        echo "status $s"
    fi
}

# stderr_tail OUT: the last lines of a run's stderr, indented (for failure reports).
stderr_tail() {
    if [ -s "$1.err" ]; then
        echo "    stderr:"
        tail -n 4 "$1.err" | cut -c1-200 | sed 's/^/      /'
    fi
}

# report RESULTDIR NAME VERDICT TEXT: record the verdict and print the block in one write.
report() {
    local dir=$1 name=$2 verdict=$3 text=$4
    printf '%s\n' "$verdict" > "$dir/$name.result"
    printf '%s\n' "$text"
}

# summary RESULTDIR: print the failures again, then "N passed, M failed"; non-zero if M > 0.
summary() {
    local dir=$1 pass=0 fail=0 f
    local -a failed=()
    for f in "$dir"/*.result; do
        [ -e "$f" ] || continue
        case $(cat "$f") in
        PASS) pass=$((pass + 1)) ;;
        FAIL) fail=$((fail + 1)); failed+=("$(basename "$f" .result)") ;;
        esac
    done
    if [ $fail -gt 0 ]; then
        echo "failed: ${failed[*]}"
    fi
    echo "$pass passed, $fail failed"
    [ $fail = 0 ] && [ $pass -gt 0 ]
}

# run_parallel SCRIPT ARGS... -- SPECS...: run "SCRIPT ARGS... --one SPEC" for each spec, JOBS at
# a time. Specs must not contain whitespace.
run_parallel() {
    local -a pre=()
    while [ "$1" != -- ]; do pre+=("$1"); shift; done
    shift
    local spec
    for spec in "$@"; do
        if [ -z "$ONLY" ] || [[ $spec == *"$ONLY"* ]]; then printf '%s\n' "$spec"; fi
    done | xargs -r -P "$JOBS" -n 1 "${pre[@]}" --one
}

# lock_work DIR: one run per work directory at a time (several sessions may share build/); a
# second run waits instead of deleting the first one's files.
lock_work() {
    mkdir -p "$(dirname "$1")"
    exec 9> "$1.lock"
    if ! flock -n 9; then
        echo "(waiting for another run that uses $1)"
        flock 9
    fi
}
