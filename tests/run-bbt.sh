#!/bin/bash
# Checks of the basic-block translator that need its statistics (docs/translator.md): each case
# runs a program as the reference run and under `morph run --emulation=bbt --stats-json`, requires the same
# stdout and exit status, and a condition on the "bbt" object of the JSON report:
#   - jump TLB hit rate >= 95% at the default JTLB size on indirect-heavy programs (a
#     switch-threaded bytecode interpreter, deep recursion);
#   - with a one-entry JTLB, the fast refill (translator/xl_enter.S) writes most entries, also
#     across self-modifying code, threads and code-cache flushes, with the reference output;
#   - a code cache so small that it flushes many times still gives the reference output;
#   - a guest fault inside translated code rolls back and is delivered by the interpreter
#     (same status as the reference; the exact message is checked by test-bad-input in bbt mode).
#   - chained transfers are counted with --count-chains only (an I-op at each translation's
#     entry), also in superblocks and across flushes.
#
#   tests/run-bbt.sh --x86 DIR --busybox BB --in DIR --bad DIR [--work DIR]
# Prints PASS/FAIL per case and "N passed, M failed". Environment: tests/lib/common.sh.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"

X86=build/tests/x86
BB=build/deps/busybox/bin/busybox
IN=build/tests/busybox/in
BAD=build/tests/bad-input
WORK=build/tests/bbt/run
while [ $# -gt 0 ]; do
    case $1 in
    --x86) X86=$2; shift 2 ;;
    --busybox) BB=$2; shift 2 ;;
    --in) IN=$2; shift 2 ;;
    --bad) BAD=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --one) one=$2; shift 2 ;;
    *) break ;;
    esac
done
# Absolute, because each run happens in its own directory (tests/lib/common.sh run_side).
X86=$(abspath "$X86") BB=$(abspath "$BB") IN=$(abspath "$IN") BAD=$(abspath "$BAD") WORK=$(abspath "$WORK")
export X86 BB IN BAD WORK

# name | program and arguments | morph options | condition on b (the "bbt" JSON object)
cases() {
    cat <<EOC
jtlb-bytecode_vm-O2|$X86/c/bytecode_vm-O2|--emulation=bbt|b['jtlb_hit_rate'] >= 0.95
jtlb-bytecode_vm-O0|$X86/c/bytecode_vm-O0|--emulation=bbt|b['jtlb_hit_rate'] >= 0.95
jtlb-deep_recursion-O2|$X86/c/deep_recursion-O2|--emulation=bbt|b['jtlb_hit_rate'] >= 0.95
jtlb-deep_recursion-Os|$X86/c/deep_recursion-Os|--emulation=bbt|b['jtlb_hit_rate'] >= 0.95
jtlbfast-deep_recursion-O2|$X86/c/deep_recursion-O2|--emulation=bbt --jtlb-sets=1 --jtlb-ways=1|b['jtlb_fast_fills'] >= 10000 and b['jtlb_fast_fills'] > 10 * b['jtlb_exits']
jtlbfast-bytecode_vm-O2|$X86/c/bytecode_vm-O2|--emulation=bbt --bbt-threshold=1 --jtlb-sets=1 --jtlb-ways=1|b['jtlb_fast_fills'] >= 10000
jtlbfast-smc_jit-O2|$X86/c/smc_jit-O2|--emulation=bbt --bbt-threshold=1 --jtlb-sets=1 --jtlb-ways=1|b['jtlb_fast_fills'] >= 1000 and b['smc_translations_invalidated'] >= 1
jtlbfast-threads-O2|$X86/c/threads-O2|--emulation=bbt --bbt-threshold=1 --jtlb-sets=1 --jtlb-ways=1|b['jtlb_fast_fills'] >= 1000
jtlbfast-flush-busybox-sha256sum|$BB sha256sum $IN/data.txt|--emulation=bbt --bbt-threshold=1 --code-cache=8 --jtlb-sets=1 --jtlb-ways=1|b['flushes'] >= 20 and b['jtlb_fast_fills'] >= 100
flush-compute-O2|$X86/c/compute-O2|--emulation=bbt --bbt-threshold=1 --code-cache=8|b['flushes'] >= 20
flush-deep_recursion-O0|$X86/c/deep_recursion-O0|--emulation=bbt --bbt-threshold=1 --code-cache=8|b["flushes"] >= 10
flush-busybox-sha256sum|$BB sha256sum $IN/data.txt|--emulation=bbt --bbt-threshold=1 --code-cache=8|b['flushes'] >= 20
flush-busybox-bzip2|$BB bzip2 -c $IN/text.txt|--emulation=bbt --bbt-threshold=1 --code-cache=8|b['flushes'] >= 20
rollback-unmapped-read|$BAD/unmapped-read|--emulation=bbt --bbt-threshold=1|b['rollbacks'] >= 1
rollback-unmapped-write|$BAD/unmapped-write|--emulation=bbt --bbt-threshold=1|b['rollbacks'] >= 1
rollback-sigfpe-O2|$X86/c/sigfpe-O2|--emulation=bbt --bbt-threshold=1|b['fallbacks'] >= 1
chains-uncounted-bytecode_vm-O2|$X86/c/bytecode_vm-O2|--emulation=bbt|b['exits_chained'] == 0 and b['chains'] >= 10
chains-counted-bytecode_vm-O2|$X86/c/bytecode_vm-O2|--emulation=bbt --count-chains|b['exits_chained'] >= 10000
chains-counted-sbt-compute-O2|$X86/c/compute-O2|--emulation=bbt --sbt-threshold=2 --count-chains|b['exits_chained'] >= 1000 and b['sbt_superblocks'] >= 10
chains-counted-flush-busybox-bzip2|$BB bzip2 -c $IN/text.txt|--emulation=bbt --bbt-threshold=1 --sbt-threshold=2 --code-cache=8 --count-chains|b['flushes'] >= 20 and b['exits_chained'] >= 1000
EOC
}

run_one() {
    local name prog margs cond
    IFS='|' read -r name prog margs cond <<< "$1"
    local -a argv
    read -r -a argv <<< "$prog"
    local o=$WORK/$name json
    json=$(abspath "$o.json")
    rm -f "$json"
    run_side ref "$o.ref" "$MORPH_MAX_CYCLES" /dev/null -- "${argv[@]}"
    MORPH_ARGS="$MORPH_ARGS $margs --stats-json $json" \
        run_side morph "$o.morph" "$MORPH_MAX_CYCLES" /dev/null -- "${argv[@]}"
    local ns ms why="" detail=""
    ns=$(cat "$o.ref.status")
    ms=$(cat "$o.morph.status")
    if [ "$ns" != "$ms" ] || [ -e "$o.morph.timeout" ]; then
        why="$REF_LABEL status $ns, morph $(describe_status "$o.morph")"
    elif ! cmp -s "$o.ref.out" "$o.morph.out"; then
        why="stdout differs"
        detail=$(diff -u --label "$REF_LABEL" --label morph "$o.ref.out" "$o.morph.out" | head -n 12)
    elif [ "$MORPH_NATIVE_BOTH" != 1 ]; then
        if ! detail=$(python3 - "$json" "$cond" <<'EOP'
import json, sys
d = json.load(open(sys.argv[1]))
b = d.get("bbt")
if not b:
    print("no bbt statistics in the report"); sys.exit(1)
ok = eval(sys.argv[2], {}, {"b": b})
print("jtlb hit rate %.4f, flushes %d, rollbacks %d, translated share %.4f" %
      (b["jtlb_hit_rate"], b["flushes"], b["rollbacks"], b["translated_share"]))
sys.exit(0 if ok else 1)
EOP
        ); then
            why="condition failed: $cond"
        fi
    fi
    if [ -z "$why" ]; then
        report "$WORK" "$name" PASS "PASS $name ($detail)"
    else
        local text="FAIL $name ($why)"
        [ -n "$detail" ] && text+=$'\n'$(printf '%s\n' "$detail" | sed 's/^/    /')
        text+=$'\n'$(stderr_tail "$o.morph")
        text+=$'\n'"    rerun: $(abspath "$MORPH") run $margs --stats $prog"
        report "$WORK" "$name" FAIL "$text"
    fi
}

if [ -n "${one:-}" ]; then
    run_one "${one//$'\037'/ }"
    exit 0
fi

lock_work "$WORK"
rm -rf "$WORK"
mkdir -p "$WORK"
echo "== basic-block translator checks: $REF_LABEL vs $MORPH =="
mapfile -t specs < <(cases | tr ' ' '\037')
# specs travel through xargs: spaces are carried as \037 and restored in --one
for s in "${specs[@]}"; do
    if [ -z "$ONLY" ] || [[ ${s%%|*} == *"$ONLY"* ]]; then printf '%s\n' "$s"; fi
done | xargs -r -d '\n' -P "$JOBS" -I{} "$0" --x86 "$X86" --busybox "$BB" --in "$IN" --bad "$BAD" --work "$WORK" --one {}
summary "$WORK"
