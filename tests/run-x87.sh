#!/bin/bash
# x87 differential test: runs tests/x87/x87diff under morph (the i386 build) and on the host CPU
# (the x86-64 build of the same source, in 64-bit mode: bit-level hardware truth on every host,
# with or without i386 support), one test per group of operations, and compares the outputs with
# tests/x87/x87cmp.py (exact, 1 ulp for transcendentals). morph runs with --x87=$MORPH_X87, the
# host's probed behaviour (tools/host-probe.sh), so FOP and FDP are compared on both kinds of
# host. Also checks that the comparator rejects what it must.
#
#   tests/run-x87.sh --bin X87DIFF --host-bin X87DIFF64 [--work DIR] [--basic N] [--other N] [--seed S]
#
# --basic: cases per basic operation, --other: cases per other operation (docs/x87.md).
# X87_REF=i386 takes the reference from the i386 build's reference run (native i386 or qemu-i386)
# instead: qemu's x87 is not exact (docs/testing.md), so that is for hosts that run i386.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"

BIN=build/tests/x87/x87diff
HOSTBIN=build/tests/x87/x87diff64
X87_REF=${X87_REF:-host}
WORK=build/tests/x87/run
NBASIC=2000
NOTHER=300
SEED=1
while [ $# -gt 0 ]; do
    case $1 in
    --bin) BIN=$2; shift 2 ;;
    --host-bin) HOSTBIN=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --basic) NBASIC=$2; shift 2 ;;
    --other) NOTHER=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --one) one=$2; shift 2 ;;
    *) break ;;
    esac
done
export BIN HOSTBIN WORK NBASIC NOTHER SEED X87_REF
case $MORPH_X87 in
amd | intel) MORPH_ARGS="$MORPH_ARGS --x87=$MORPH_X87" ;;
esac
CMP=$here/x87/x87cmp.py

arith=""
for o in add sub subr mul div divr; do
    arith+="${o}_st,${o}_sti,${o}p,${o}_st0,${o}p0,${o}p2,${o}_m32,${o}_m64,i${o}_m32,i${o}_m16,"
done
declare -A OPGROUPS=(
[x87-arith]=${arith%,}
[x87-compare]=com,comp,compp,ucom,ucomp,ucompp,com_m32,comp_m64,icom_m32,icomp_m16,comi,comip,ucomi,ucomip,fcmov,tst,xam,xam_empty
[x87-misc]=sqrt,prem,prem1,rndint,scale,xtract,abs,chs,consts,stack,overflow,underflow,aliases,fstp1_empty,prem_empty,sincos_empty,prem_keep,prem1_keep,c1_keep,fld_empty_full7,xtract_empty_full7,sincos_empty_full7,chain
[x87-store]=fst_m32,fstp_m32,fst_m64,fstp_m64,fstp_m80,fist_m16,fistp_m16,fist_m32,fistp_m32,fistp_m64,fisttp_m16,fisttp_m32,fisttp_m64,fbstp
[x87-load]=fld_m32,fld_m64,fld_m80,fild_m16,fild_m32,fild_m64,fbld
[x87-trans]=fsin,fcos,fsincos,fptan,fpatan,f2xm1,fyl2x,fyl2xp1
)

# x87-G-helper: group x87-G with every block translated at its first execution (--bbt-threshold
# 1), so that each case runs through translated code's x87 helper and its fast path
# (docs/x87.md) instead of the interpreter.
run_group() {
    local name=$1 list=${OPGROUPS[${1%-helper}]}
    local MORPH_ARGS=$MORPH_ARGS
    [[ $name == *-helper ]] && MORPH_ARGS+=" --bbt-threshold 1"
    local o=$WORK/$name bin hostbin
    bin=$(abspath "$BIN")
    hostbin=$(abspath "$HOSTBIN")
    if [ ! -x "$bin" ] || { [ "$X87_REF" = host ] && [ ! -x "$hostbin" ]; }; then
        report "$WORK" "$name" FAIL "FAIL $name (binary $bin or $hostbin missing)"
        return
    fi
    case $MORPH_X87 in
    amd | intel) ;;
    *)
        report "$WORK" "$name" FAIL "FAIL $name (the host's x87 behaviour is '$MORPH_X87' ($X87_EVIDENCE): morph models amd and intel; docs/x87.md)"
        return ;;
    esac
    if [ "$X87_REF" = host ]; then
        run_side host "$o.ref" "$MORPH_MAX_CYCLES" /dev/null -- "$hostbin" "$NBASIC" "$NOTHER" "$SEED" "$list"
    else
        run_side ref "$o.ref" "$MORPH_MAX_CYCLES" /dev/null -- "$bin" "$NBASIC" "$NOTHER" "$SEED" "$list"
    fi
    run_side morph "$o.morph" "$MORPH_MAX_CYCLES" /dev/null -- "$bin" "$NBASIC" "$NOTHER" "$SEED" "$list"
    local ns ms why=""
    ns=$(cat "$o.ref.status")
    ms=$(cat "$o.morph.status")
    if [ "$ns" != 0 ]; then
        why="reference run gave status $ns"
    elif [ "$ms" != 0 ] || [ -e "$o.morph.timeout" ]; then
        why="morph $(describe_status "$o.morph")"
    fi
    "$CMP" "$o.ref.out" "$o.morph.out" > "$o.cmp" 2>&1 || why=${why:-outputs differ}
    local total
    total=$(sed -n 's/^total: \([0-9]*\) compared.*/\1/p' "$o.cmp")
    if [ -z "$why" ]; then
        report "$WORK" "$name" PASS "PASS $name (${total} cases; per operation in $o.cmp)"
    else
        local text="FAIL $name ($why)"
        text+=$'\n'$(grep -v ' 0 mismatches' "$o.cmp" | head -n 24 | sed 's/^/    /')
        text+=$'\n'$(stderr_tail "$o.morph")
        text+=$'\n'"    rerun: $(abspath "$MORPH") run $MORPH_ARGS $bin $NBASIC $NOTHER $SEED $list"
        report "$WORK" "$name" FAIL "$text"
    fi
}

# The comparator must reject: a 1-ulp difference outside transcendental lines, 2 ulp and a
# C0 difference inside them, and a missing line; and accept 1 ulp (also across a binade) and
# C1 in transcendental lines.
cmp_selftest() {
    local d=$WORK/x87cmp-selftest why=""
    mkdir -p "$d"
    check() { # expected-status reference-text morph-text label
        printf "$2" > "$d/a"; printf "$3" > "$d/b"
        "$CMP" "$d/a" "$d/b" > "$d/out" 2>&1
        local st=$?
        [ "$st" = "$1" ] || why+="$4 (status $st, expected $1); "
    }
    check 0 'add_st 0 sw=3000 0=3fff8000000000000001\n' 'add_st 0 sw=3000 0=3fff8000000000000001\n' "equal"
    check 1 'add_st 0 sw=3000 0=3fff8000000000000001\n' 'add_st 0 sw=3000 0=3fff8000000000000002\n' "1 ulp, exact op"
    check 0 '~fsin 0 sw=3000 0=3ffeffffffffffffffff\n' '~fsin 0 sw=3200 0=3fff8000000000000000\n' "1 ulp across binade + C1"
    check 1 '~fsin 0 sw=3000 0=3ffeffffffffffffffff\n' '~fsin 0 sw=3000 0=3fff8000000000000001\n' "2 ulp"
    check 1 '~fsin 0 sw=3000 0=3fff8000000000000000\n' '~fsin 0 sw=3100 0=3fff8000000000000000\n' "C0"
    check 1 'add_st 0 sw=3000\nadd_st 1 sw=3000\n' 'add_st 0 sw=3000\n' "missing line"
    if [ -z "$why" ]; then
        report "$WORK" x87cmp-selftest PASS "PASS x87cmp-selftest"
    else
        report "$WORK" x87cmp-selftest FAIL "FAIL x87cmp-selftest ($why)"
    fi
}

if [ -n "${one:-}" ]; then
    run_group "$one"
    exit 0
fi

lock_work "$WORK"
rm -rf "$WORK"
mkdir -p "$WORK"
if [ "$X87_REF" = host ]; then refname="the host CPU (x86-64 build, $MORPH_X87 behaviour)"; else refname=$REF_LABEL; fi
echo "== x87 differential test: $refname vs $MORPH --x87=$MORPH_X87 ($NBASIC cases per basic operation, $NOTHER per other, seed $SEED) =="
if [ -z "$ONLY" ] || [[ x87cmp-selftest == *"$ONLY"* ]]; then cmp_selftest; fi
names=()
for g in x87-arith x87-compare x87-misc x87-store x87-load x87-trans x87-arith-helper x87-compare-helper \
    x87-misc-helper x87-store-helper x87-load-helper x87-trans-helper; do
    if [ -z "$ONLY" ] || [[ $g == *"$ONLY"* ]]; then names+=("$g"); fi
done
ONLY="" run_parallel "$0" --bin "$BIN" --host-bin "$HOSTBIN" --work "$WORK" --basic "$NBASIC" --other "$NOTHER" \
    --seed "$SEED" -- "${names[@]}"
cat "$WORK"/*.cmp 2>/dev/null | grep -E '^total:' | awk '{c += $2; m += $4} END {printf "x87 cases compared: %d, mismatches: %d\n", c, m}'
summary "$WORK"
