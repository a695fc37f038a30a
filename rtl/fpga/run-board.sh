#!/bin/sh
# Runs x86 programs on the board testbench (rtl/fpga/fpga.mk test-fpga; docs/fpga.md
# "Simulation"): the testbench boots the firmware from its SPI-flash model and exposes the UART
# as a pty; `morph host --serial` serves the link. Each program's stdout, stderr and exit
# status must equal `morph run`'s with the same RAM (the reference run of morph run itself is
# checked against the native one by the x86 tests).
#   TB=... MORPH=... FW=... MEM=... CORE=... rtl/fpga/run-board.sh LABEL PROGRAM...
# CORE: the preset the board's core was built as (the firmware translates for its knobs and sizes)
set -u
label=$1; shift
: "${TB:?}" "${MORPH:?}" "${FW:?}" "${MEM:?}" "${CORE:?}"
# MEM: the board's RAM in MiB (FPGA_RAM_SIZE); the firmware's heap must fit the board's first
# RAM window (FPGA_RAM_LOW): smaller caches than the defaults
opts="--core=$CORE --mem $MEM --code-cache 512 --decode-cache 4096"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
for prog in "$@"; do
  name=$(basename "$prog")
  "$MORPH" run $opts "$prog" >"$tmp/ref.out" 2>"$tmp/ref.err"; ref_rc=$?
  "$TB" +flash="$FW/cms.img" +max_cycles=2000000000 2>"$tmp/tb.err" &
  tb=$!
  dev=""
  for _ in $(seq 100); do
    dev=$(sed -n 's/^morph: link on \(.*\)$/\1/p' "$tmp/tb.err")
    [ -n "$dev" ] && break
    sleep 0.1
  done
  start=$(date +%s)
  if [ -n "$dev" ]; then
    "$MORPH" host --serial "$dev" $opts --stats "$prog" >"$tmp/out" 2>"$tmp/err"; rc=$?
  else
    echo "no link line from the testbench" >"$tmp/err"; rc=255
  fi
  wait $tb; tb_rc=$?
  secs=$(( $(date +%s) - start ))
  # the host's own statistics lines (morph host --stats) are not the guest's stderr
  grep -v '^morph host:' "$tmp/err" >"$tmp/err.guest"
  if [ $rc = $ref_rc ] && [ $tb_rc = 0 ] && cmp -s "$tmp/out" "$tmp/ref.out" && cmp -s "$tmp/err.guest" "$tmp/ref.err"; then
    pass=$((pass + 1))
    echo "PASS board-$label $name (exit $rc, ${secs}s; $(grep 'board cycles' "$tmp/tb.err" | sed 's/^morph-fpga-tb: //'))"
  else
    fail=$((fail + 1))
    echo "FAIL board-$label $name: exit $rc (reference $ref_rc), testbench exit $tb_rc"
    diff "$tmp/ref.out" "$tmp/out" | head -5
    diff "$tmp/ref.err" "$tmp/err.guest" | head -5
    tail -3 "$tmp/tb.err"
  fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
