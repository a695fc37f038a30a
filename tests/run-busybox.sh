#!/bin/bash
# Runs busybox applets as the reference run and under morph and compares stdout and exit status.
#   tests/run-busybox.sh --busybox BIN --in INPUTDIR [--work DIR] CASES_FILE
# Besides the cases file, runs compression round trips: the compressed bytes must equal the reference
# ones, and decompressing (under morph) both morph's and the reference's output must give the input.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"

BUSYBOX=build/deps/busybox/bin/busybox
IN=build/tests/busybox/in
WORK=build/tests/busybox/run
while [ $# -gt 0 ]; do
    case $1 in
    --busybox) BUSYBOX=$2; shift 2 ;;
    --in) IN=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --cases) CASES=$2; shift 2 ;;
    --one) one=$2; shift 2 ;;
    *) break ;;
    esac
done
BUSYBOX=$(abspath "$BUSYBOX")
IN=$(abspath "$IN")
WORK=$(abspath "$WORK")

# compare NAME: compare the reference and morph runs of WORK/NAME; sets $why and $detail.
compare() {
    local o=$WORK/$1
    why="" detail=""
    local ns ms
    ns=$(cat "$o.ref.status")
    ms=$(cat "$o.morph.status")
    if [ "$ns" != "$ms" ] || [ -e "$o.morph.timeout" ]; then
        why="$REF_LABEL status $ns, morph $(describe_status "$o.morph")"
    fi
    if ! cmp -s "$o.ref.out" "$o.morph.out"; then
        why=${why:-stdout differs}
        detail=$(diff -u --label "$REF_LABEL" --label morph "$o.ref.out" "$o.morph.out" | head -n 14)
        [ -n "$detail" ] || detail=$(cmp "$o.ref.out" "$o.morph.out" 2>&1)
    fi
}

# finish NAME RERUN [RUN]: report; RUN names the run whose stderr is shown (default NAME).
finish() {
    local name=$1 rerun=$2 run=${3:-$1}
    if [ -z "$why" ]; then
        report "$WORK" "$name" PASS "PASS $name"
    else
        local text="FAIL $name ($why)"
        [ -n "$detail" ] && text+=$'\n'$(printf '%s\n' "$detail" | sed 's/^/    /')
        text+=$'\n'$(stderr_tail "$WORK/$run.morph")
        text+=$'\n'"    rerun: $rerun"
        report "$WORK" "$name" FAIL "$text"
    fi
}

# A case from the cases file: "case:LINE_NUMBER".
run_case() {
    local line name input rest
    line=$(sed -n "${1}p" "$CASES")
    read -r name input rest <<< "$line"
    local -a argv=()
    # a case whose arguments do not parse would run busybox without any, and pass
    if ! eval "argv=($rest)" || [ ${#argv[@]} -eq 0 ]; then
        report "$WORK" "$name" FAIL "FAIL $name (its arguments in $CASES do not parse: $rest)"
        return
    fi
    local stdin=/dev/null
    [ "$input" != - ] && stdin=$IN/$input
    run_side ref "$WORK/$name.ref" "$MORPH_MAX_CYCLES" "$stdin" -- "$BUSYBOX" "${argv[@]}"
    run_side morph "$WORK/$name.morph" "$MORPH_MAX_CYCLES" "$stdin" -- "$BUSYBOX" "${argv[@]}"
    compare "$name"
    finish "$name" "$(abspath "$MORPH") run $BUSYBOX ${argv[*]} < $stdin"
}

# Round trip: "rt:COMPRESSOR:DECOMPRESSOR:INPUT".
run_roundtrip() {
    local comp decomp input
    IFS=: read -r comp decomp input <<< "$1"
    local name=$comp-${input/./-} src=$IN/$input
    local run=$name rerun="$(abspath "$MORPH") run $BUSYBOX $comp -c -9 $src"
    run_side ref "$WORK/$name.ref" "$MORPH_MAX_CYCLES" /dev/null -- "$BUSYBOX" "$comp" -c -9 "$src"
    run_side morph "$WORK/$name.morph" "$MORPH_MAX_CYCLES" /dev/null -- "$BUSYBOX" "$comp" -c -9 "$src"
    compare "$name"
    [ -n "$why" ] && why="$comp: $why"
    if [ -z "$why" ]; then
        # decompress, under morph, both morph's and the reference's compressed output
        local which
        for which in morph ref; do
            run=$name-$decomp-$which
            rerun="$(abspath "$MORPH") run $BUSYBOX $decomp -c < $WORK/$name.$which.out"
            run_side ref "$WORK/$run.ref" "$MORPH_MAX_CYCLES" "$WORK/$name.$which.out" -- "$BUSYBOX" "$decomp" -c
            run_side morph "$WORK/$run.morph" "$MORPH_MAX_CYCLES" "$WORK/$name.$which.out" -- "$BUSYBOX" "$decomp" -c
            compare "$run"
            if [ -z "$why" ] && ! cmp -s "$WORK/$run.morph.out" "$src"; then
                why="the original does not come back"
            fi
            if [ -n "$why" ]; then
                why="$decomp of the $which-compressed data: $why"
                break
            fi
        done
    fi
    finish "$name" "$rerun" "$run"
}

if [ -n "${one:-}" ]; then
    case $one in
    rt:*) run_roundtrip "${one#rt:}" ;;
    *) run_case "$one" ;;
    esac
    exit 0
fi

CASES=${1:-${CASES:-tests/busybox/cases.txt}}
lock_work "$WORK"
rm -rf "$WORK"
mkdir -p "$WORK"
echo "== busybox: $BUSYBOX ($([ "$MORPH_NATIVE_BOTH" = 1 ] && echo "$REF_LABEL on both sides" || echo "$REF_LABEL vs $MORPH"), guest LANG=$GUEST_LANG) =="
if [ ! -x "$BUSYBOX" ]; then
    echo "FAIL busybox ($BUSYBOX missing: run make deps)"
    echo "0 passed, 1 failed"
    exit 1
fi
specs=()
n=0
while IFS= read -r line; do
    n=$((n + 1))
    case $line in '#'* | '') continue ;; esac
    name=${line%% *}
    if [ -z "$ONLY" ] || [[ $name == *"$ONLY"* ]]; then specs+=("$n"); fi
done < "$CASES"
for rt in gzip:gunzip:data.txt gzip:gunzip:data.bin bzip2:bunzip2:data.txt bzip2:bunzip2:data.bin; do
    if [ -z "$ONLY" ] || [[ $rt == *"$ONLY"* ]]; then specs+=("rt:$rt"); fi
done
ONLY="" run_parallel "$0" --busybox "$BUSYBOX" --in "$IN" --work "$WORK" --cases "$CASES" -- "${specs[@]}"
summary "$WORK"
