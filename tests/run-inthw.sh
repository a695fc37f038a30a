#!/bin/bash
# Integer instruction harness: runs tests/inthw/inthw (the i386 build) under morph and compares
# it with the same cases executed by the host CPU in 64-bit mode (the x86-64 build of the same
# source: bit-level hardware truth on every host, with or without i386 support), one test per
# group of forms, with tests/inthw/intcmp (registers, memory, and the flags Zydis says are
# defined). Forms that 64-bit mode lacks are compared with the i386 reference run instead
# (native i386 or qemu-i386, tools/host-probe.sh). Also checks that the comparator rejects what it
# must (intcmp-selftest). docs/testing.md, "Integer instruction harness".
#
#   tests/run-inthw.sh --bin INTHW32 --host-bin INTHW64 --cmp INTCMP [--work DIR] [--cases N]
#                      [--interp-cases N] [--seed S]
#
# --cases: cases per form (forms.def weights scale it); --interp-cases: cases per form of the
# inthw-interp test, which runs every form with --emulation=interp (seed S+1; in the other tests
# the first 16 cases of each form are interpreted and the rest run translated, the default
# --bbt-threshold). INTHW_GROUPS="name ..." runs other groups than the default list below.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"

BIN=build/tests/inthw/inthw32
HOSTBIN=build/tests/inthw/inthw64
CMP=build/tests/inthw/intcmp
WORK=build/tests/inthw/run
NCASES=2000
NINTERP=32
SEED=1
while [ $# -gt 0 ]; do
    case $1 in
    --bin) BIN=$2; shift 2 ;;
    --host-bin) HOSTBIN=$2; shift 2 ;;
    --cmp) CMP=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --cases) NCASES=$2; shift 2 ;;
    --interp-cases) NINTERP=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --one) one=$2; shift 2 ;;
    *) break ;;
    esac
done
export BIN HOSTBIN CMP WORK NCASES NINTERP SEED

# group name -> forms (inthw's FORM list: names or @groups of tests/inthw/forms.def) and the
# reference: host (the x86-64 build on the host CPU) or ref (the i386 build's reference run).
declare -A FORMS=(
[inthw-alu]="@alu,@aluimm,@unary"
[inthw-mem]="@alumem,@shiftmem,@xchg"
[inthw-shift]="@shift,@shld"
[inthw-bits]="@bt,@bscan,@ext,@flag,@sysreg"
[inthw-muldiv]="@mul,@div"
[inthw-cond]="@cond,@seq"
[inthw-string]="@string"
[inthw-interp]="@alu,@aluimm,@unary,@alumem,@shiftmem,@xchg,@shift,@shld,@bt,@bscan,@ext,@flag,@mul,@div,@cond,@seq,@string"
[inthw-legacy]="@legacy"
[inthw-bcd]="@bcd"
[inthw-newer]="@newer"
[inthw-shld16hi]="@shld16hi"
[inthw-umip]="@umip"
)
declare -A REF=([inthw-legacy]=ref [inthw-bcd]=ref [inthw-umip]=ref)
# inthw-newer (POPCNT LZCNT TZCNT MOVBE BMI1 BMI2 ADX) needs a host CPU that executes them: where
# `inthw64 --has-newer` says it does not, the i386 reference run is the oracle instead.
DEFAULT_GROUPS="inthw-alu inthw-mem inthw-shift inthw-bits inthw-muldiv inthw-cond inthw-string inthw-interp inthw-legacy inthw-bcd inthw-newer inthw-shld16hi inthw-umip"

run_group() {
    local name=$1 list=${FORMS[$1]:-} ref=${REF[$1]:-host}
    local o=$WORK/$name bin hostbin cmp n=$NCASES seed=$SEED
    local MORPH_ARGS=$MORPH_ARGS # dynamic scope: run_side reads it
    if [ -z "$list" ]; then
        report "$WORK" "$name" FAIL "FAIL $name (no such group in tests/run-inthw.sh)"
        return
    fi
    if [ "$name" = inthw-shld16hi ]; then
        # 16-bit SHLD/SHRD by 17-31: the host vendor's behaviour, which --x87 selects; the amd
        # model was measured on an AMD CPU, the intel one (qemu's) never on an Intel CPU
        case $MORPH_X87 in
        amd) MORPH_ARGS="$MORPH_ARGS --x87=amd" ;;
        *)
            if [ -z "${INTHW_GROUPS:-}" ]; then
                echo "SKIP $name (the host's behaviour is '$MORPH_X87': morph's intel model of these counts is qemu's and was never compared with an Intel CPU; INTHW_GROUPS=inthw-shld16hi runs it with --x87=intel)"
                return
            fi
            MORPH_ARGS="$MORPH_ARGS --x87=intel" ;;
        esac
    fi
    if [ "$name" = inthw-umip ]; then
        # SGDT and SIDT give a 32-bit process Linux's UMIP values, which morph gives: only a
        # native i386 run on a CPU with UMIP shows them (qemu-i386 makes values up, and without
        # UMIP the CPU stores the real tables' addresses)
        if [ "$MORPH_ORACLE" != native ] || ! grep -qw umip /proc/cpuinfo; then
            echo "SKIP $name (SGDT and SIDT are compared only with a native i386 run on a CPU with UMIP; this host's reference is '$MORPH_ORACLE', UMIP $(grep -qw umip /proc/cpuinfo && echo present || echo absent))"
            return
        fi
    fi
    if [ "$name" = inthw-interp ]; then
        n=$NINTERP seed=$((SEED + 1)) MORPH_ARGS="$MORPH_ARGS --emulation=interp"
    fi
    bin=$(abspath "$BIN")
    hostbin=$(abspath "$HOSTBIN")
    cmp=$(abspath "$CMP")
    if [ ! -x "$bin" ] || [ ! -x "$hostbin" ] || [ ! -x "$cmp" ]; then
        report "$WORK" "$name" FAIL "FAIL $name (binary $bin, $hostbin or $cmp missing)"
        return
    fi
    local refname
    rm -f "$o.probe"
    if [ "$name" = inthw-newer ] && ! "$hostbin" --has-newer > "$o.probe" 2>&1; then
        ref=ref # the host CPU lacks one of them: the i386 reference run decides
    fi
    if [ "$ref" = host ]; then
        refname="host CPU"
        run_side host "$o.ref" "$MORPH_MAX_CYCLES" /dev/null -- "$hostbin" "$n" "$seed" "$list"
    else
        refname=$REF_LABEL
        [ -s "$o.probe" ] && refname+=" [$(head -n 1 "$o.probe")]"
        run_side ref "$o.ref" "$MORPH_MAX_CYCLES" /dev/null -- "$bin" "$n" "$seed" "$list"
    fi
    run_side morph "$o.morph" "$MORPH_MAX_CYCLES" /dev/null -- "$bin" "$n" "$seed" "$list"
    local rs ms why=""
    rs=$(cat "$o.ref.status")
    ms=$(cat "$o.morph.status")
    if [ "$rs" != 0 ]; then
        why="reference run ($refname) gave status $rs"
    elif [ "$ms" != 0 ] || [ -e "$o.morph.timeout" ]; then
        why="morph $(describe_status "$o.morph")"
    fi
    "$cmp" "$o.ref.out" "$o.morph.out" > "$o.cmp" 2>&1 || why=${why:-outputs differ}
    local total nforms
    total=$(sed -n 's/^total: \([0-9]*\) compared.*/\1/p' "$o.cmp")
    nforms=$(grep -c ' compared, ' "$o.cmp")
    nforms=$((nforms - 1))
    if [ -z "$why" ]; then
        # The full run writes gigabytes: outputs of a passing test go when they are large.
        find "$o.ref.out" "$o.morph.out" -size +64M -delete 2>/dev/null
        report "$WORK" "$name" PASS "PASS $name (${total} cases, $nforms forms, vs $refname; per form in $o.cmp)"
    else
        local text="FAIL $name ($why)"
        text+=$'\n'$(grep -v ' 0 mismatches' "$o.cmp" | head -n 40 | sed 's/^/    /')
        [ -s "$o.ref.err" ] && text+=$'\n'"    reference stderr: $(head -c 300 "$o.ref.err")"
        text+=$'\n'$(stderr_tail "$o.morph")
        text+=$'\n'"    rerun: $(abspath "$MORPH") run $MORPH_ARGS $bin $n $seed $list"
        report "$WORK" "$name" FAIL "$text"
    fi
}

# The comparator must reject a one-bit difference in a defined flag (CF of ADD; DF, which no
# arithmetic instruction leaves undefined), a register, a memory hash, inputs or stub bytes that
# differ, and a missing line; it must accept a difference in a flag the instruction leaves
# undefined (SF of MUL, AF of SHL) and nothing else.
cmp_selftest() {
    local d=$WORK/intcmp-selftest why=""
    mkdir -p "$d"
    local z="00000000 00000000 00000000 00000000"
    local add_in="add32 01d8 00000001 ffffffff $z 00000a93 :"
    local mul_in="mul32 f7e3 00000003 00000005 $z 00000202 :"
    local shl_in="shl32cl d3e0 00000003 00000000 00000001 00000000 00000000 00000000 00000202 :"
    check() { # expected-status ref-text morph-text label
        printf '%b' "$2" > "$d/a"; printf '%b' "$3" > "$d/b"
        "$CMP" "$d/a" "$d/b" > "$d/out" 2>&1
        local st=$?
        [ "$st" = "$1" ] || why+="$4 (status $st, expected $1); "
    }
    check 0 "$add_in 00000000 ffffffff $z 00000257\n" "$add_in 00000000 ffffffff $z 00000257\n" "equal"
    check 1 "$add_in 00000000 ffffffff $z 00000257\n" "$add_in 00000000 ffffffff $z 00000256\n" "CF of add (defined)"
    check 1 "$add_in 00000000 ffffffff $z 00000257\n" "$add_in 00000000 ffffffff $z 00000657\n" "DF"
    check 1 "$add_in 00000000 ffffffff $z 00000257\n" "$add_in 00000001 ffffffff $z 00000257\n" "eax"
    check 0 "$mul_in 0000000f 00000005 $z 00000206\n" "$mul_in 0000000f 00000005 $z 00000286\n" "SF of mul (undefined)"
    check 1 "$mul_in 0000000f 00000005 $z 00000206\n" "$mul_in 0000000f 00000005 $z 00000207\n" "CF of mul (defined)"
    local shl_out="00000006 00000000 00000001 00000000 00000000 00000000"
    check 0 "$shl_in $shl_out 00000206\n" "$shl_in $shl_out 00000216\n" "AF of shl (undefined)"
    check 1 "$shl_in $shl_out 00000206\n" "$shl_in $shl_out 00000246\n" "ZF of shl (defined)"
    check 1 "$add_in 00000000 ffffffff $z 00000257 m 00000001 00000000 00000000\n" \
        "$add_in 00000000 ffffffff $z 00000257 m 00000002 00000000 00000000\n" "memory hash"
    check 1 "$add_in 00000000 ffffffff $z 00000257\n" \
        "add32 01d8 00000002 ffffffff $z 00000a93 : 00000000 ffffffff $z 00000257\n" "inputs"
    check 1 "$add_in 00000000 ffffffff $z 00000257\n" \
        "add32 03c3 00000001 ffffffff $z 00000a93 : 00000000 ffffffff $z 00000257\n" "stub bytes"
    check 1 "$add_in 00000000 ffffffff $z 00000257\n$add_in 00000000 ffffffff $z 00000257\n" \
        "$add_in 00000000 ffffffff $z 00000257\n" "missing line"
    check 1 "" "" "no cases"
    if [ -z "$why" ]; then
        report "$WORK" intcmp-selftest PASS "PASS intcmp-selftest"
    else
        report "$WORK" intcmp-selftest FAIL "FAIL intcmp-selftest ($why)"
    fi
}

if [ -n "${one:-}" ]; then
    run_group "$one"
    exit 0
fi

lock_work "$WORK"
rm -rf "$WORK"
mkdir -p "$WORK"
echo "== integer instruction harness: host CPU (x86-64 build; legacy and bcd forms: $REF_LABEL) vs $MORPH ($NCASES cases per form, $NINTERP interpreted, seed $SEED) =="
if [ -z "$ONLY" ] || [[ intcmp-selftest == *"$ONLY"* ]]; then cmp_selftest; fi
names=()
for g in ${INTHW_GROUPS:-$DEFAULT_GROUPS}; do
    if [ -z "$ONLY" ] || [[ $g == *"$ONLY"* ]]; then names+=("$g"); fi
done
ONLY="" run_parallel "$0" --bin "$BIN" --host-bin "$HOSTBIN" --cmp "$CMP" --work "$WORK" \
    --cases "$NCASES" --interp-cases "$NINTERP" --seed "$SEED" -- "${names[@]}"
cat "$WORK"/*.cmp 2>/dev/null | grep -E '^total:' |
    awk '{c += $2; m += $4} END {printf "integer cases compared: %d, mismatches: %d\n", c, m}'
summary "$WORK"
