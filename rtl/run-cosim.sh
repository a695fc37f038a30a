#!/bin/sh
# Lockstep co-simulation of x86 programs: each runs under `morph run --engine=cosim` and must
# show no divergence, the same exit status and the same stdout as the model alone.
#   rtl/run-cosim.sh ci     firmware boot + a CI-sized set (gcc -m32 -static programs, busybox)
#   rtl/run-cosim.sh full   every x86 test program and a busybox applet set (slow: the RTL runs
#                           at about a million cycles per second)
: "${MORPH:?}" "${BUILD:=build}" "${BUSYBOX:=$BUILD/deps/busybox/bin/busybox}"
set=${1:-ci}
work=$BUILD/tests/cosim
mkdir -p "$work"
printf 'one two three\nfour five\nsix\n' > "$work/small.txt"
pass=0; fail=0

run() { # name, program and arguments
  name=$1; shift
  "$MORPH" run "$@" >"$work/$name.model.out" 2>/dev/null </dev/null; mrc=$?
  "$MORPH" run --engine=cosim "$@" >"$work/$name.cosim.out" 2>"$work/$name.cosim.log" </dev/null; crc=$?
  if [ $crc -eq $mrc ] && grep -q "no divergence" "$work/$name.cosim.log" &&
     cmp -s "$work/$name.model.out" "$work/$name.cosim.out"; then
    pass=$((pass+1)); echo "PASS [cosim] $name ($(grep -o '[0-9]* events compared' "$work/$name.cosim.log"))"
  else
    fail=$((fail+1)); echo "FAIL [cosim] $name (status cosim $crc, model $mrc; log $work/$name.cosim.log)"
    tail -40 "$work/$name.cosim.log"
  fi
}

C=$BUILD/tests/x86/c
if [ "$set" = ci ]; then
  run c-exitcode-O2 "$C/exitcode-O2"
  run asm-xchg "$BUILD/tests/x86/asm/xchg"
  # Every block translated: translated mode, commits, chaining and the JTLB on the RTL.
  run asm-xchg-bbt1 --emulation=bbt --bbt-threshold=1 "$BUILD/tests/x86/asm/xchg"
  run busybox-echo "$BUSYBOX" echo hi
  run busybox-wc "$BUSYBOX" wc "$work/small.txt"
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
echo "cosim-$set: $pass passed, $fail failed"
[ $fail -eq 0 ]
