#!/bin/bash
# Bad input and guest faults: each case runs morph on a prepared file and checks the exit status
# and one error line on stderr. Where the program is meaningful as x86, the reference run's status is
# checked too (so the test itself is known to be right).
#   tests/run-bad-input.sh --dir BUILT_FILES_DIR [--work DIR]
# With MORPH_NATIVE_BOTH=1 only the reference checks run (the morph checks are reported as SKIP).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"

DIR=build/tests/bad-input
WORK=build/tests/bad-input/run
while [ $# -gt 0 ]; do
    case $1 in
    --dir) DIR=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --one) one=$2; shift 2 ;;
    *) break ;;
    esac
done
DIR=$(abspath "$DIR")
WORK=$(abspath "$WORK")

# name ~ file ~ max cycles ~ expected morph status ~ stderr pattern (ERE; @ADDR = fault_here) ~ reference status
CASES=(
"not-elf~not-elf.txt~-~126~^morph: .*not-elf\.txt: not an ELF file~-"
"empty-file~empty~-~126~^morph: .*empty: (not an ELF file|truncated ELF file)~-"
"truncated-header~truncated-header~-~126~^morph: .*truncated-header: truncated ELF file~-"
"truncated-segments~truncated-segments~-~126~^morph: .*truncated-segments: truncated ELF file~-"
"elf64~elf64~-~126~^morph: .*elf64: 64-bit ELF files are not supported~-"
"elf-arm~elf-arm~-~126~^morph: .*elf-arm: ELF for machine 40, not i386~-"
"unsupported-sse~sse~-~132~^morph: unsupported x86 instruction 'addps xmm0, xmm1' at 0x0*@ADDR\$~0"
"unmapped-read~unmapped-read~-~139~^morph: guest SIGSEGV: read of unmapped address 0x0*10 at eip 0x0*@ADDR\$~139"
"unmapped-write~unmapped-write~-~139~^morph: guest SIGSEGV: write of unmapped address 0x0*dead0000 at eip 0x0*@ADDR\$~139"
"max-cycles~spin~2000000~124~^morph: stopped after 2000000 cycles \(--max-cycles\)~-"
"loop-fault~loop-fault~-~139~^morph: guest SIGSEGV: write of unmapped address 0x[0-9a-f]+ at eip 0x0*@ADDR\$~139"
"loop-div0~loop-div0~-~136~^morph: guest SIGFPE: integer divide by zero at eip 0x0*@ADDR\$~136"
)

run_one() {
    local name file cycles want pattern native  # native: the reference run's expected status
    IFS='~' read -r name file cycles want pattern native <<< "${CASES[$1]}"
    [ "$cycles" = - ] && cycles=$MORPH_MAX_CYCLES
    local bin=$DIR/$file o=$WORK/$name why="" note=""
    if [ ! -e "$bin" ]; then
        report "$WORK" "$name" FAIL "FAIL $name ($bin missing)"
        return
    fi
    if [[ $pattern == *@ADDR* ]]; then
        local addr
        addr=$(nm "$bin" | awk '$3 == "fault_here" { print $1 }' | sed 's/^0*//')
        pattern=${pattern//@ADDR/$addr}
    fi
    if [ "$native" != - ]; then
        run_side ref "$o.ref" "$cycles" /dev/null -- "$bin"
        local ns
        ns=$(cat "$o.ref.status")
        [ "$ns" != "$native" ] && why="reference run ($REF_LABEL) status $ns, expected $native (broken test)"
    fi
    if [ "$MORPH_NATIVE_BOTH" = 1 ]; then
        if [ "$native" = - ]; then
            report "$WORK" "$name" SKIP "SKIP $name (needs morph)"
            return
        fi
        note=" (reference check only)"
    else
        run_side morph "$o.morph" "$cycles" /dev/null -- "$bin"
        local ms hits
        ms=$(cat "$o.morph.status")
        hits=$(grep -c -E -- "$pattern" "$o.morph.err")
        if [ -z "$why" ] && [ "$ms" != "$want" ]; then
            why="morph $(describe_status "$o.morph"), expected $want"
        fi
        if [ -z "$why" ] && [ "$hits" != 1 ]; then
            why="expected one stderr line matching /$pattern/, found $hits"
        fi
    fi
    if [ -z "$why" ]; then
        report "$WORK" "$name" PASS "PASS $name$note"
    else
        local text="FAIL $name ($why)"
        [ "$MORPH_NATIVE_BOTH" = 1 ] || text+=$'\n'$(stderr_tail "$o.morph")
        text+=$'\n'"    rerun: $(abspath "$MORPH") run --max-cycles $cycles $bin"
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
echo "== bad input: $([ "$MORPH_NATIVE_BOTH" = 1 ] && echo "reference ($REF_LABEL) checks only (MORPH_NATIVE_BOTH=1)" || echo "$MORPH") =="
specs=()
for i in "${!CASES[@]}"; do
    name=${CASES[$i]%%~*}
    if [ -z "$ONLY" ] || [[ $name == *"$ONLY"* ]]; then specs+=("$i"); fi
done
ONLY="" run_parallel "$0" --dir "$DIR" --work "$WORK" -- "${specs[@]}"
summary "$WORK"
