#!/bin/sh
# Random differential test of a rewritten module against its previous version (docs/rtl.md,
# Synthesis and Verilator speed): the reference comes from git (REF, default 8149472, before the
# area work; 7a5e0b2 for regfile and alu, before their rewrite for speed and area), renamed old_<name>; both run side by
# side on random stimulus and every output is compared each cycle.
#   rtl/tests/equiv/run.sh gsb|jtlb|gtlb|xalu|regfile|alu [cycles] [seed]
# gsb, regfile and alu run twice: the simulation branch and the synthesis branch (+define+SYNTHESIS).
set -e
m=${1:?usage: run.sh gsb|jtlb|gtlb|xalu|regfile|alu [cycles] [seed]}; n=${2:-2000000}; seed=${3:-1}
case $m in regfile|alu) : "${REF:=7a5e0b2}";; esac
: "${REF:=8149472}" "${BUILD:=build}"
dir=$(cd "$(dirname "$0")" && pwd); root=$(cd "$dir/../../.." && pwd)
work=$root/$BUILD/obj/equiv; mkdir -p "$work"
git -C "$root" show "$REF:rtl/morph_$m.sv" | sed "s/^module morph_$m/module old_$m/" > "$work/old_$m.sv"
run() { # tag, extra verilator options
  d=$work/$m$1
  verilator --cc --build -j 2 -O2 -Wno-fatal -Wno-lint -Wno-style -I"$root/$BUILD/gen" \
    --top-module tb_$m --Mdir "$d" -CFLAGS "-O2 -DVTOP=Vtb_$m" --exe "$dir/tb.cpp" $2 \
    "$dir/tb_$m.sv" "$work/old_$m.sv" "$root/rtl/morph_$m.sv" > "$d.log" 2>&1 || { tail -20 "$d.log"; exit 1; }
  printf '%s%s: ' "$m" "$1"; "$d/Vtb_$m" "$n" "$seed"
}
run "" ""
case $m in gsb|regfile|alu) run -synth +define+SYNTHESIS;; esac
exit 0
