#!/bin/bash
# Lockstep co-simulation of x86 programs: each runs under `morph run --engine=cosim` and must
# show no divergence, the same exit status and the same stdout as the model alone, on each core
# configuration of CORES (default m0; `morph rtl-cores` lists them).
#   rtl/run-cosim.sh ci     firmware boot + a CI-sized set: on every core a C program and one
#                           with every block translated (also under a 1000-cycle timer quantum); on m0 also busybox
#                           and the caches on every core (--caches=realistic; on m0 also l1 and l1l2); on macro
#                           superblocks with the hu-smith fusion heuristic (the translator's
#                           fused pairs, co-issued and collapsed); on every core whose RTL has
#                           the front-end predictor (morph rtl-cores --bpred) the translated
#                           program under gshare (also with --caches=realistic), on m0 also
#                           static and bimodal (with the timer quantum), on macro also gshare
#                           with superblocks and fused pairs; on m0 also the decode assist
#                           (--core-opt xdec=1); on a core with the iterative multiplier
#                           (MulCycles) x86 multiplies and divides, every block translated
#   rtl/run-cosim.sh full   every x86 test program and a busybox applet set (slow: the RTL runs
#                           at about five million cycles per second)
# JOBS=N runs N programs at a time (default: the number of processors); the report is printed
# in the same order whatever N is. BPRED=NAME runs every program (both engines) under
# --bpred=NAME (e.g. BPRED=gshare rtl/run-cosim.sh ci: the CI set with a predictor), CACHES=NAME
# under --caches=NAME (a program's own --caches, later on its line, overrides it).
: "${MORPH:?}" "${BUILD:=build}" "${BUSYBOX:=$BUILD/deps/busybox/bin/busybox}" "${CORES:=m0}" "${BPRED:=}" "${CACHES:=}"
set=${1:-ci}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 1)}
work=$BUILD/tests/cosim
mkdir -p "$work"
# Each program runs in a directory of its own (some create files in the current directory, and
# programs run at the same time), so the paths are made absolute.
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
MORPH=$(abs "$MORPH"); BUILD=$(abs "$BUILD"); BUSYBOX=$(abs "$BUSYBOX"); work=$(abs "$work")
printf 'one two three\nfour five\nsix\n' > "$work/small.txt"
pass=0; fail=0
names=()

one() { # label, program and arguments (on core $core): writes $work/$label.$core.result
  local label=$1 name=$1.$core; shift
  if [ -n "$BPRED" ]; then set -- --bpred="$BPRED" "$@"; name=$name.$BPRED; label="$label [--bpred=$BPRED]"; fi
  if [ -n "$CACHES" ]; then set -- --caches="$CACHES" "$@"; name=$name.$CACHES; label="$label [--caches=$CACHES]"; fi
  rm -rf "$work/run/$name"; mkdir -p "$work/run/$name"; cd "$work/run/$name" || return
  "$MORPH" run --core="$core" "$@" >"$work/$name.model.out" 2>/dev/null </dev/null; mrc=$?
  "$MORPH" run --engine=cosim --core="$core" "$@" >"$work/$name.cosim.out" 2>"$work/$name.cosim.log" </dev/null; crc=$?
  if [ $crc -eq $mrc ] && grep -q "no divergence" "$work/$name.cosim.log" &&
     cmp -s "$work/$name.model.out" "$work/$name.cosim.out"; then
    echo "PASS [cosim $core] $label ($(grep -o '[0-9]* events compared' "$work/$name.cosim.log"))"
  else
    echo "FAIL [cosim $core] $label (status cosim $crc, model $mrc; log $work/$name.cosim.log)"
    tail -40 "$work/$name.cosim.log"
  fi
}

run() { # label, program and arguments: started now, reported in order by report()
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  local r=$1.$core${BPRED:+.$BPRED}${CACHES:+.$CACHES}
  names+=("$r")
  one "$@" >"$work/$r.result" 2>&1 &
}

report() {
  wait
  for n in "${names[@]}"; do
    cat "$work/$n.result"
    if head -1 "$work/$n.result" | grep -q '^PASS'; then pass=$((pass+1)); else fail=$((fail+1)); fi
  done
}

C=$BUILD/tests/x86/c
BPRED_CORES=" $("$MORPH" rtl-cores --bpred) "
SBT="--emulation=bbt --bbt-threshold=1 --sbt-threshold=2 --fusion=hu-smith"
for core in $CORES; do
if [ "$set" = ci ]; then
  run c-exitcode-O2 "$C/exitcode-O2"
  # the caches (docs/rtl.md "Caches"): the realistic preset with every block translated (commits
  # release the gated stores into the L1D)
  run asm-xchg-bbt1-realistic --caches=realistic --emulation=bbt --bbt-threshold=1 "$BUILD/tests/x86/asm/xchg"
  # Every block translated: translated mode, commits, chaining and the JTLB on the RTL.
  run asm-xchg-bbt1 --emulation=bbt --bbt-threshold=1 "$BUILD/tests/x86/asm/xchg"
  # the firmware's timer every 1000 cycles of translated code: interrupts taken and resumed
  run asm-xchg-bbt1-quantum --emulation=bbt --bbt-threshold=1 --quantum=1000 "$BUILD/tests/x86/asm/xchg"
  case $BPRED_CORES in *" $core "*)
    # the front-end predictor: BTB, counters, both return stacks (the x86 one on translated calls)
    run asm-xchg-bbt1-gshare --bpred=gshare --emulation=bbt --bbt-threshold=1 "$BUILD/tests/x86/asm/xchg"
    # the predictor with the caches (its tables read at fetch, before an L1I wait)
    run asm-xchg-bbt1-realistic-gshare --caches=realistic --bpred=gshare --emulation=bbt --bbt-threshold=1 \
      "$BUILD/tests/x86/asm/xchg"
    if [ "$core" = m0 ]; then
      run asm-xchg-bbt1-static --bpred=static --emulation=bbt --bbt-threshold=1 "$BUILD/tests/x86/asm/xchg"
      run asm-xchg-bbt1-quantum-bimodal --bpred=bimodal --emulation=bbt --bbt-threshold=1 --quantum=1000 \
        "$BUILD/tests/x86/asm/xchg"
    fi
    # shellcheck disable=SC2086
    [ "$core" = macro ] && run asm-xchg-sbt-fused-gshare --bpred=gshare $SBT "$BUILD/tests/x86/asm/xchg"
    ;;
  esac
  if "$MORPH" rtl-params "$core" | grep -q -- '-GMulCycles=[1-9]'; then
    # the iterative multiplier under the x-ALU's multiplies (imul, mul) and the firmware's
    run asm-muldiv-bbt1 --emulation=bbt --bbt-threshold=1 "$BUILD/tests/x86/asm/muldiv"
  fi
  if [ "$core" = m0 ]; then
    # the decode assist (docs/isa.md section 7a): the firmware's fast decoder uses xmodrm
    run c-exitcode-O2-xdec --core-opt xdec=1 "$C/exitcode-O2"
    # the small l1 preset (evictions, writebacks) and l1l2 through boot and a C program
    run c-exitcode-O2-l1 --caches=l1 "$C/exitcode-O2"
    run asm-xchg-bbt1-l1l2 --caches=l1l2 --emulation=bbt --bbt-threshold=1 "$BUILD/tests/x86/asm/xchg"
    run asm-xchg "$BUILD/tests/x86/asm/xchg"
    run busybox-echo "$BUSYBOX" echo hi
    run busybox-wc "$BUSYBOX" wc "$work/small.txt"
  fi
  if [ "$core" = macro ]; then
    # superblocks and the translator's fused pairs (tests/tests.mk test-x86-sbt's options)
    # shellcheck disable=SC2086
    run asm-xchg-sbt-fused $SBT "$BUILD/tests/x86/asm/xchg"
    # shellcheck disable=SC2086
    run c-compute-O2-sbt-fused $SBT "$C/compute-O2"
    # DIV of a 64-bit dividend: superblocks call the firmware's xl_div64 in translated mode
    # shellcheck disable=SC2086
    run c-div64-O2-sbt-fused $SBT "$C/div64-O2"
  fi
else
  for p in "$BUILD"/tests/x86/asm/* "$C"/*; do
    [ -x "$p" ] && [ -f "$p" ] && run "$(basename "$p")" "$p"
  done
  for a in "echo hi" "wc $work/small.txt" "md5sum $work/small.txt" "sort $work/small.txt" \
           "cat $work/small.txt" "head -n 2 $work/small.txt" "tr a-z A-Z" "seq 1 20" "expr 6 \* 7" \
           "basename /a/b/c.txt .txt" "true" "false"; do
    # shellcheck disable=SC2086
    run "busybox-$(echo "$a" | cut -d' ' -f1)" "$BUSYBOX" $a
  done
fi
done
report
echo "cosim-$set: $pass passed, $fail failed"
[ $fail -eq 0 ]
