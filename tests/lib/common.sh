# Shared helpers for morph's test runners (sourced by tests/run-*.sh; bash).
#
# Environment understood by every runner:
#   MORPH              path of the morph binary (default build/bin/morph)
#   MORPH_ORACLE       the reference run ("the native run" of the issues): native (the host runs
#                      i386) or qemu (qemu-i386); probed once by tools/host-probe.sh unless set
#   MORPH_NATIVE_BOTH  if 1, run the reference on the "morph" side too (validates the harness
#                      while morph is not available; every comparison must then pass)
#   GUEST_LANG         the guest's locale: C (default; LANG=C LC_ALL=C) or e.g. C.UTF-8 (LANG only,
#                      as in a Debian 12 user's environment)
#   MORPH_MAX_CYCLES   default --max-cycles bound per test (tests may override it)
#   MORPH_TIMEOUT      wall-clock limit per run in seconds
#   MORPH_ARGS         extra options for `morph run` (e.g. --firmware-dir DIR)
#   MORPH_STATS_JSON   if 1, each morph run also writes its statistics to OUT.json (run_side)
#   MORPH_REF_CACHE_DIR  if set, reference runs are kept there and reused by a later run of the
#                      same program, arguments, files named as arguments, stdin and environment
#                      (run-all.sh sets it afresh for one make test: the x86 corpus runs in many
#                      modes against one reference)
#   JOBS               parallel tests (default 2)
#   ONLY               run only tests whose name contains this string

MORPH=${MORPH:-build/bin/morph}
MORPH_NATIVE_BOTH=${MORPH_NATIVE_BOTH:-0}
MORPH_MAX_CYCLES=${MORPH_MAX_CYCLES:-20000000000}
MORPH_TIMEOUT=${MORPH_TIMEOUT:-300}
MORPH_ARGS=${MORPH_ARGS:-}
MORPH_STATS_JSON=${MORPH_STATS_JSON:-0}
JOBS=${JOBS:-2}
ONLY=${ONLY:-}

GUEST_LANG=${GUEST_LANG:-C}

# The guest environment: small and identical on both sides.
GUEST_VARS=(PATH=/usr/bin:/bin HOME=/nonexistent LANG=$GUEST_LANG TERM=dumb
            MORPH_TEST_VAR=morph-test-value)
[ "$GUEST_LANG" = C ] && GUEST_VARS+=(LC_ALL=C)
GUEST_ENV=(env -i "${GUEST_VARS[@]}")
# qemu-i386 hands its guest the environment in reverse order (linux-user builds its list by
# inserting at the head), so it is given the variables reversed (docs/testing.md, qemu deviations).
QEMU_GUEST_ENV=(env -i)
for ((_i = ${#GUEST_VARS[@]} - 1; _i >= 0; _i--)); do QEMU_GUEST_ENV+=("${GUEST_VARS[_i]}"); done

# The reference run, chosen once (tools/host-probe.sh; run-all.sh probes for the whole suite and
# exports the result, so every runner and every parallel test uses the same oracle).
if [ "${MORPH_PROBED:-}" != 1 ]; then
    _top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    eval "$("$_top/tools/host-probe.sh" --dir "${MORPH_PROBE_DIR:-$_top/build/tests/tools}" --env)"
    MORPH_PROBED=1
    export MORPH_PROBED HOST_I386 MORPH_ORACLE ORACLE_WHY MORPH_X87 X87_EVIDENCE MORPH_RMW_FAULT RMW_EVIDENCE
fi
case $MORPH_ORACLE in
native) REF_LABEL="native i386" ;;
qemu) REF_LABEL="qemu-i386" ;;
*) REF_LABEL="no reference run [$ORACLE_WHY]" ;;
esac

abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

# run_side SIDE OUT MAXCYCLES STDIN -- PROGRAM ARGS...
#   Runs the i386 PROGRAM under morph (SIDE=morph) or as the reference run (SIDE=ref: natively or
#   under qemu-i386, per MORPH_ORACLE), or runs a host program as it is (SIDE=host), in a fresh
#   directory OUT.dir, with stdin from STDIN (a file, or /dev/null), stdout to OUT.out, stderr to
#   OUT.err and the exit status in OUT.status. OUT.timeout exists if the wall-clock limit was hit.
#   With no reference (MORPH_ORACLE=none) a ref run's status is "no-reference" and its stderr says
#   why, so that no comparison can pass.
run_side() {
    local side=$1 out cycles=$3 input key=
    out=$(abspath "$2")     # the run happens in $out.dir: relative names would break there
    input=$(abspath "$4")
    shift 5
    local -a cmd genv=("${GUEST_ENV[@]}")
    # (the harness check's "morph" side is never served from the cache: it must really run)
    if [ "$side" = ref ] && [ -n "${MORPH_REF_CACHE_DIR:-}" ] && [ "$MORPH_ORACLE" != none ]; then
        key=$(ref_cache_key "$input" "$@")
        if [ -f "$MORPH_REF_CACHE_DIR/$key.status" ]; then
            rm -rf "$out.timeout" "$out.dir"
            cp "$MORPH_REF_CACHE_DIR/$key.out" "$out.out"
            cp "$MORPH_REF_CACHE_DIR/$key.err" "$out.err"
            cp "$MORPH_REF_CACHE_DIR/$key.status" "$out.status"
            return 0
        fi
    fi
    if [ "$side" = morph ] && [ "$MORPH_NATIVE_BOTH" = 1 ]; then side=ref; fi
    case $side in
    morph)
        # shellcheck disable=SC2206
        cmd=("$(abspath "$MORPH")" run $MORPH_ARGS --max-cycles "$cycles")
        rm -f "$out.json"
        [ "$MORPH_STATS_JSON" = 1 ] && cmd+=(--stats-json "$out.json")
        cmd+=("$@") ;;
    ref | native)
        case $MORPH_ORACLE in
        native) cmd=("$@") ;;
        qemu) cmd=(qemu-i386 "$@") genv=("${QEMU_GUEST_ENV[@]}") ;;
        *)
            rm -rf "$out.timeout"
            : > "$out.out"
            echo "no reference run: $ORACLE_WHY" > "$out.err"
            echo no-reference > "$out.status"
            return 0 ;;
        esac ;;
    host) cmd=("$@") ;;
    *) echo "run_side: unknown side $side" >&2; exit 2 ;;
    esac
    rm -rf "$out.dir" "$out.timeout"
    mkdir -p "$out.dir"
    local rundir=$out.dir
    # qemu-i386 cannot list a directory of a file system whose readdir cookies need 64 bits
    # (ext4's hashed directories): its 32-bit getdents fails there, where Linux's compat call
    # does not. Its runs go to a tmpfs directory (docs/testing.md, "Where qemu-i386 is not the
    # hardware"); nothing is kept from a run's directory.
    if { [ "$side" = ref ] || [ "$side" = native ]; } && [ "$MORPH_ORACLE" = qemu ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
        rundir=$(mktemp -d /dev/shm/morph-ref.XXXXXX) || rundir=$out.dir
    fi
    local status
    # The subshell waits for the guest itself ("; exit"), so bash's job notice for a guest killed
    # by a signal ("Floating point exception") goes to /dev/null and the status is 128+signal.
    (
        cd "$rundir" || exit 125
        "${genv[@]}" timeout -k 5 "$MORPH_TIMEOUT" "${cmd[@]}" < "$input" > "$out.out" 2> "$out.err"
        exit $?
    ) 2> /dev/null
    status=$?
    # timeout(1) reports 124 itself; morph's --max-cycles also exits 124 but says so on stderr.
    if [ $status = 124 ] && ! grep -q -- '--max-cycles' "$out.err"; then
        : > "$out.timeout"
    fi
    echo $status > "$out.status"
    rm -rf "$out.dir"
    [ "$rundir" != "$out.dir" ] && rm -rf "$rundir"
    if [ -n "$key" ] && [ ! -e "$out.timeout" ]; then # kept whole or not at all (parallel runners)
        local tmp
        tmp=$(mktemp -d "$MORPH_REF_CACHE_DIR/.new.XXXXXX") &&
            cp "$out.out" "$tmp/$key.out" && cp "$out.err" "$tmp/$key.err" && cp "$out.status" "$tmp/$key.status" &&
            mv "$tmp/$key.out" "$tmp/$key.err" "$MORPH_REF_CACHE_DIR/" && mv "$tmp/$key.status" "$MORPH_REF_CACHE_DIR/"
        rm -rf "$tmp"
    fi
    return 0
}

# ref_cache_key STDIN PROGRAM ARGS...: what a reference run's result depends on, hashed: the
# oracle, the guest environment, the wall-clock limit, the arguments, and the contents of stdin,
# of the program and of every argument that names a file (a directory: its listing).
ref_cache_key() {
    local input=$1 a
    {
        printf '%s\0' "$MORPH_ORACLE" "$MORPH_TIMEOUT" "${GUEST_VARS[@]}" -- "$@"
        sha1sum < "$input"
        for a in "$@"; do
            if [ -f "$a" ]; then sha1sum < "$a"
            elif [ -d "$a" ]; then ls -la --time-style=+%s "$a"
            fi
        done
    } 2> /dev/null | sha1sum | cut -c1-40
}

# qemu_deviation NAME REFOUT: where the reference run is qemu-i386 and NAME (or NAME without its
#   -O0/-O2/-Os or -dyn suffix) has a pinned deviation file tests/qemu-deviations/NAME.dev, turns qemu's
#   result in REFOUT.out/.status into the hardware's: the file gives "status: QEMU -> HW" and a
#   unified diff from qemu's stdout to the hardware's. qemu must still give exactly what the file
#   pins (status and text), otherwise the deviation changed and needs review: then REFOUT.status
#   becomes "deviation-changed" and REFOUT.err says why, so that the comparison fails. Prints the
#   file used (nothing if none applies).
qemu_deviation() {
    local name=$1 ref=$2 dev="" d
    [ "$MORPH_ORACLE" = qemu ] || return 0
    d=$(cd "$(dirname "${BASH_SOURCE[0]}")/../qemu-deviations" && pwd)
    if [ -f "$d/$name.dev" ]; then dev=$d/$name.dev
    elif [ -f "$d/${name%-O[0-9s]}.dev" ]; then dev=$d/${name%-O[0-9s]}.dev
    elif [ -f "$d/${name%-dyn}.dev" ]; then dev=$d/${name%-dyn}.dev
    else return 0; fi
    local from to st
    read -r from to < <(sed -n 's/^status: *\([0-9]*\) *-> *\([0-9]*\) *$/\1 \2/p' "$dev")
    st=$(cat "$ref.status")
    if [ "$st" != "$from" ]; then
        echo "qemu-i386 gave status $st, but $dev pins $from" >> "$ref.err"
        echo deviation-changed > "$ref.status"
    elif ! sed -n '/^--- /,$p' "$dev" | patch -s -F0 --no-backup-if-mismatch -r - -o "$ref.hw" "$ref.out" > /dev/null 2>&1; then
        echo "qemu-i386's output no longer matches the diff pinned in $dev" >> "$ref.err"
        echo deviation-changed > "$ref.status"
    else
        mv "$ref.hw" "$ref.out"
        echo "$to" > "$ref.status"
    fi
    echo "$dev"
}

# describe_status OUT: "status N" plus what it means.
describe_status() {
    local s
    s=$(cat "$1.status")
    if [ -e "$1.timeout" ]; then
        echo "timed out after ${MORPH_TIMEOUT}s"
    elif [ "$s" = 124 ]; then
        echo "status 124 (--max-cycles)"
    elif [ "$s" -gt 128 ] 2>/dev/null && [ "$s" -le 192 ]; then
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
