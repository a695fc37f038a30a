#!/bin/sh
# A run stopped by --max-cycles under cosim: the model and the RTL must stop after the same op
# and morph exit 124, as --engine=model and --engine=rtl do (issue 23). Limits land on ordinary
# ops, on a divide in flight (rv32m) and inside fused pairs (fuse_pairs, on a fusing core), and
# on a firmware run of an x86 program. Usage: CORE=m0 MORPH=... rtl/run-cosim-limit.sh ISA_DIR X86_PROG
: "${MORPH:?}" "${CORE:=m0}"
isa=$1 x86=$2
pass=0; fail=0
check() { # label, morph arguments...
  label=$1; shift
  log=$isa/limit.$CORE.log
  "$MORPH" "$@" >/dev/null 2>"$log"; rc=$?
  if [ $rc -eq 124 ] && grep -q "no divergence" "$log" && grep -q "(--max-cycles)" "$log"; then
    pass=$((pass+1))
  else
    fail=$((fail+1)); echo "FAIL [cosim $CORE] $label (status $rc, want 124)"; tail -20 "$log"
  fi
}
for n in 1 2 3 7 50 200 201 333 400; do
  for t in rv32m fuse_pairs; do
    check "$t --max-cycles $n" sim --engine=cosim --core="$CORE" --max-cycles $n "$isa/$t.elf"
  done
done
for n in 5000 100001; do
  check "$x86 --max-cycles $n" run --engine=cosim --core="$CORE" --max-cycles $n "$x86"
done
echo "cosim-limit $CORE: $pass passed, $fail failed"
[ $fail -eq 0 ]
