#!/bin/bash
# Runs morph's x86 test corpus as the reference run (native i386 or qemu-i386) and under morph and compares the two runs.
#
#   tests/run-x86.sh [--regcmp PATH] [--work DIR] SPEC...
#   SPEC = KIND:BINARY:SOURCE with KIND asm (register-dump test, compared with regcmp) or c
#          (stdout and exit status compared exactly). SOURCE may carry annotations:
#            test-args: WORDS        arguments (shell words)
#            test-status: N          expected exit status (checked in both runs)
#            test-max-cycles: N      --max-cycles bound for this test
# Also runs the regcmp self-test. Prints PASS/FAIL per test and "N passed, M failed".
# See tests/lib/common.sh for the environment variables (MORPH, MORPH_NATIVE_BOTH, ...).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"

REGCMP=build/tests/tools/regcmp
WORK=build/tests/x86/run
while [ $# -gt 0 ]; do
    case $1 in
    --regcmp) REGCMP=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --one) one=$2; shift 2 ;;
    *) break ;;
    esac
done
export REGCMP WORK

# annotation SOURCE KEY: the value of "KEY: value" in the source, if any.
annotation() {
    sed -n "s/^.*$2: *\(.*\)\$/\1/p" "$1" | head -n 1 | sed 's/ *\*\/ *$//'
}

# spec_name SPEC: the test's name (asm-NAME for register-dump tests, the binary's name otherwise).
spec_name() {
    local kind bin src
    IFS=: read -r kind bin src <<< "$1"
    case $kind in
    asm) echo "asm-$(basename "$bin")" ;;
    *) basename "$bin" ;;
    esac
}

run_one() {
    local spec=$1 kind bin src
    IFS=: read -r kind bin src <<< "$spec"
    local name
    name=$(spec_name "$spec")
    local args status cycles
    args=$(annotation "$src" test-args)
    status=$(annotation "$src" test-status)
    cycles=$(annotation "$src" test-max-cycles)
    cycles=${cycles:-$MORPH_MAX_CYCLES}
    local -a argv=()
    eval "argv=($args)"
    bin=$(abspath "$bin")
    local o=$WORK/$name
    if [ ! -x "$bin" ]; then
        report "$WORK" "$name" FAIL "FAIL $name (binary $bin missing)"
        return
    fi
    run_side ref "$o.ref" "$cycles" /dev/null -- "$bin" "${argv[@]}"
    run_side morph "$o.morph" "$cycles" /dev/null -- "$bin" "${argv[@]}"
    local dev note=""
    dev=$(qemu_deviation "$name" "$o.ref")
    [ -n "$dev" ] && note=" (reference: qemu-i386 + pinned deviation ${dev#"$here"/})"
    local ns ms why=""
    ns=$(cat "$o.ref.status")
    ms=$(cat "$o.morph.status")
    if [ -n "$status" ] && [ "$ns" != "$status" ]; then
        why="reference run ($REF_LABEL) gave status $ns, test expects $status (broken test or host)"
    elif [ "$ns" != "$ms" ] || [ -e "$o.morph.timeout" ]; then
        why="$REF_LABEL status $ns, morph $(describe_status "$o.morph")"
    fi
    local detail=""
    if [ "$kind" = asm ]; then
        if ! detail=$("$REGCMP" "$o.ref.out" "$o.morph.out" 2>&1); then
            why=${why:-register dumps differ}
        else
            detail=""
        fi
    elif ! cmp -s "$o.ref.out" "$o.morph.out"; then
        why=${why:-stdout differs}
        detail=$(diff -u --label "$REF_LABEL" --label morph "$o.ref.out" "$o.morph.out" | head -n 16)
    fi
    if [ -z "$why" ]; then
        report "$WORK" "$name" PASS "PASS $name$note"
    else
        local text="FAIL $name ($why)$note"
        [ -n "$detail" ] && text+=$'\n'$(printf '%s\n' "$detail" | head -n 24 | sed 's/^/    /')
        text+=$'\n'$(stderr_tail "$o.morph")
        text+=$'\n'"    rerun: $(abspath "$MORPH") run --max-cycles $cycles $bin ${args}"
        report "$WORK" "$name" FAIL "$text"
    fi
}

if [ -n "${one:-}" ]; then
    run_one "$one"
    exit 0
fi

lock_work "$WORK"
rm -rf "$WORK"
mkdir -p "$WORK"
if [ "$MORPH_NATIVE_BOTH" = 1 ]; then
    echo "== x86 corpus: MORPH_NATIVE_BOTH=1, the reference ($REF_LABEL) on both sides (harness check) =="
else
    echo "== x86 corpus: $REF_LABEL vs $MORPH (guest LANG=$GUEST_LANG) =="
fi
# regcmp self-test: its cases count as tests of this suite.
if [ -z "$ONLY" ] || [[ regcmp-selftest == *"$ONLY"* ]]; then
    "$here/tools/regcmp-selftest.sh" "$REGCMP" "$WORK/regcmp-selftest" |
        while IFS= read -r line; do
            case $line in
            PASS\ * | FAIL\ *)
                tname=${line#* }
                tname=${tname%% *}
                echo "${line%% *}" > "$WORK/${tname//\//-}.result" ;;
            esac
            printf '%s\n' "$line"
        done
fi
specs=()
for spec in "$@"; do
    name=$(spec_name "$spec")
    if [ -z "$ONLY" ] || [[ $name == *"$ONLY"* ]]; then specs+=("$spec"); fi
done
ONLY="" run_parallel "$0" --regcmp "$REGCMP" --work "$WORK" -- "${specs[@]}"
summary "$WORK"
