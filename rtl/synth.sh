#!/bin/sh
# Yosys synthesis check of the morph core (make synth). Fails on read/elaboration errors, on
# latches, on combinational loops and other `check` problems. Writes to $OUT:
#   generic.stat   generic `synth` cell report
#   <target>.stat  synth_xilinx / synth_ecp5 cell report
#   report.txt     LUT, flip-flop, distributed/block RAM and DSP counts
# Environment: SRCS, GEN, OUT, TARGET (xilinx | ecp5), PARAMS ("Name=value ...").
set -e
: "${SRCS:?}" "${GEN:?}" "${OUT:?}" "${TARGET:=xilinx}" "${YOSYS:=yosys}"
mkdir -p "$OUT"
chparam=""
for p in $PARAMS; do chparam="$chparam chparam -set ${p%%=*} ${p#*=} morph_core;"; done
read="read_verilog -sv -I$GEN $SRCS; $chparam hierarchy -check -top morph_core"
# 1. elaboration: no latches, no loops, no multiple drivers
"$YOSYS" -q -l "$OUT/check.log" -p "$read; proc; opt_clean; \
  select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$sr; check -assert"
# 2. generic synthesis
"$YOSYS" -q -l "$OUT/generic.log" -p "$read; synth -top morph_core -flatten; check -assert; \
  tee -q -o $OUT/generic.stat stat"
# 3. FPGA mapping
case "$TARGET" in
  xilinx) map="synth_xilinx -top morph_core -flatten -family xc7" ;;
  ecp5)   map="synth_ecp5 -top morph_core" ;;
  *) echo "synth: unknown TARGET $TARGET" >&2; exit 2 ;;
esac
"$YOSYS" -q -l "$OUT/$TARGET.log" -p "$read; $map; check -assert; tee -q -o $OUT/$TARGET.stat stat"
python3 - "$OUT/$TARGET.stat" "$OUT/generic.stat" "$TARGET" "$PARAMS" > "$OUT/report.txt" <<'PY'
import re, sys
stat, gen, target, params = sys.argv[1:5]
cells = {}
for line in open(stat):
    m = re.match(r"\s+(\S+)\s+(\d+)\s*$", line)
    if m and not m.group(1).startswith("Number"):
        cells[m.group(1)] = cells.get(m.group(1), 0) + int(m.group(2))
def total(pred): return sum(v for k, v in cells.items() if pred(k))
if target == "xilinx":
    luts = total(lambda k: re.match(r"LUT\d$", k))
    ffs = total(lambda k: re.match(r"FD[CPRSE]*$", k))
    lutram = total(lambda k: k.startswith("RAM") and not k.startswith("RAMB"))
    bram = total(lambda k: k.startswith("RAMB"))
    dsp = total(lambda k: k.startswith("DSP"))
else:
    luts = total(lambda k: k == "LUT4")
    ffs = total(lambda k: k.startswith("TRELLIS_FF"))
    lutram = total(lambda k: k.startswith("TRELLIS_DPR16X4"))
    bram = total(lambda k: k.startswith("DP16KD") or k.startswith("PDPW16KD"))
    dsp = total(lambda k: k.startswith("MULT18X18D") or k.startswith("ALU54B"))
gcells = 0
for line in open(gen):
    m = re.match(r"\s+Number of cells:\s+(\d+)", line)
    if m: gcells = int(m.group(1))
print("morph core synthesis (yosys, %s; parameters: %s)" % (target, params or "defaults"))
print("  LUTs                %8d" % luts)
print("  flip-flops          %8d" % ffs)
print("  LUT-RAM cells       %8d" % lutram)
print("  block RAMs          %8d" % bram)
print("  DSP blocks          %8d" % dsp)
print("  generic cells       %8d" % gcells)
print("  checks: no latches, no combinational loops (yosys check -assert)")
PY
