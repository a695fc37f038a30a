#!/bin/sh
# Yosys synthesis of the morph core for one core configuration (make synth; docs/rtl.md).
#
#   rtl/synth.sh CONFIG "Name=value ..."   synthesize morph_core with those parameters into
#                                          $SYNTH_DIR/CONFIG/ and write its report.txt; a word
#                                          tie:PORT=VALUE ties morph_core's input PORT to VALUE
#                                          (the run's configuration fixed, e.g. no predictor)
#   rtl/synth.sh --summary CONFIG ...      $SYNTH_DIR/report.txt (or $SYNTH_SUMMARY): a table
#                                          across the configs, then each config's report;
#                                          SYNTH_DELTA=1 adds each one's LUT6, FF and block RAM
#                                          beyond the first config's
#
# Per configuration ($SYNTH_DIR/CONFIG/):
#   check.log      elaboration check: no latches, no combinational loops (`check -assert`)
#   <target>.log   the mapping log; <target>.stat its `stat` (per module and whole design)
#   sta.txt        xilinx: `sta` on the flattened netlist (the critical path, cell delays only)
#   summary.tsv    one line of figures for the summary table
#   report.txt     LUT, flip-flop, LUT-RAM, block RAM and DSP counts, per module and in total,
#                  and the estimated critical path
# Fails on read/elaboration errors, latches, loops and other `check` problems.
# Environment: SRCS, GEN (required), SYNTH_DIR (build/synth), TARGET (xilinx | ecp5), YOSYS,
# SYNTH_MIN_BRAM (fail with fewer block RAMs, in 36 Kbit units),
# XILINX_OPTS (extra synth_xilinx options, default -nowidelut: Yosys 0.23's LUT7/LUT8 mapping
# puts LUT1 buffers in front of MUXF7/MUXF8 and comes out about 6% larger on this core; make
# synth-configs adds -flatten, so that what a tied input leaves unused is removed).
set -e
: "${SYNTH_DIR:=build/synth}" "${TARGET:=xilinx}" "${YOSYS:=yosys}" "${XILINX_OPTS=-nowidelut}"
here=$(dirname "$0")

if [ "$1" = "--summary" ]; then
  shift
  python3 - "$SYNTH_DIR" "$@" > "$SYNTH_DIR/${SYNTH_SUMMARY:-report.txt}" <<'PY'
import os, sys
d, configs = sys.argv[1], sys.argv[2:]
# (ECP5: LUT4s and 18 Kbit DP16KD blocks)
ecp5 = os.environ.get("TARGET") == "ecp5"
cols = ["LUT", "LUT-RAM LUTs", "LUT4 total" if ecp5 else "LUT6 total", "FF", "LUT-RAM cells",
        "BRAM18" if ecp5 else "BRAM36", "DSP", "path ps"]
delta = os.environ.get("SYNTH_DELTA") == "1"
print("morph core synthesis, per configuration (details below; docs/rtl.md)")
print("  %-20s" % "config" + "".join("%15s" % c for c in cols) +
      ("%11s%9s%8s" % ("+" + cols[2].split()[0], "+FF", "+" + cols[5]) if delta else ""))
base = None
for c in configs:
    f = os.path.join(d, c, "summary.tsv")
    v = open(f).read().split() if os.path.exists(f) else ["-"] * len(cols)
    line = "  %-20s" % c + "".join("%15s" % x for x in v)
    if delta and "-" not in v:
        if base is None:
            base = v
        line += "%11d%9d%8g" % (int(v[2]) - int(base[2]), int(v[3]) - int(base[3]), float(v[5]) - float(base[5]))
    print(line)
if delta:
    print("  (+: against the first configuration)")
for c in configs:
    f = os.path.join(d, c, "report.txt")
    if os.path.exists(f):
        print()
        print(open(f).read().rstrip())
PY
  exit 0
fi

config=${1:?usage: synth.sh CONFIG \"Name=value ...\" | --summary CONFIG ...}
params=$2
: "${SRCS:?}" "${GEN:?}"
out="$SYNTH_DIR/$config"
mkdir -p "$out"
chparam=""
ties=""
for p in $params; do
  case $p in
    tie:*) p=${p#tie:}; ties="$ties delete -port morph_core/${p%%=*}; cd morph_core; connect -nounset -set ${p%%=*} ${p#*=}; cd;" ;;
    *) chparam="$chparam chparam -set ${p%%=*} ${p#*=} morph_core;" ;;
  esac
done
# (a tie needs the processes converted first)
read="read_verilog -sv -I$GEN $SRCS; $chparam hierarchy -check -top morph_core;${ties:+ proc;$ties}"

# 1. elaboration: no latches, no loops, no multiple drivers
"$YOSYS" -q -l "$out/check.log" -p "$read; proc; opt_clean; \
  select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$sr; check -assert"

# 2. FPGA mapping, hierarchy kept (the per-module breakdown; make synth-configs flattens). Yosys leaves one inverter per
# flip-flop on the active-low reset; opt_merge shares them (Vivado folds them into the
# flip-flops). The critical path: `sta` on the flattened netlist with the cells' timing models.
case "$TARGET" in
  xilinx)
    "$YOSYS" -q -l "$out/xilinx.log" -p "$read; \
      synth_xilinx -top morph_core -family xc7 -noiopad $XILINX_OPTS; opt_merge; opt_clean; check -assert; \
      tee -q -o $out/xilinx.stat stat; \
      flatten; opt_clean; read_verilog -lib -specify +/xilinx/cells_sim.v; \
      read_verilog -lib -specify $here/xc7_timing.v; tee -q -o $out/sta.txt sta" ;;
  ecp5)
    "$YOSYS" -q -l "$out/ecp5.log" -p "$read; synth_ecp5 -top morph_core; check -assert; \
      tee -q -o $out/ecp5.stat stat"
    : > "$out/sta.txt" ;;
  *) echo "synth: unknown TARGET $TARGET" >&2; exit 2 ;;
esac

python3 - "$out" "$TARGET" "$config" "$params" <<'PY'
import os, re, sys
out, target, config, params = sys.argv[1:5]
mods, order, cur, inst = {}, [], None, {}
in_hier = False
for line in open("%s/%s.stat" % (out, target)):
    m = re.match(r"=== (.*) ===", line)
    if m:
        cur = m.group(1)
        in_hier = cur == "design hierarchy"
        if not in_hier:
            mods[cur] = {}
            order.append(cur)
        continue
    m = re.match(r"\s+(\S+)\s+(\d+)\s*$", line)
    if not m or cur is None:
        continue
    name, n = m.group(1), int(m.group(2))
    if in_hier:
        if name in mods:
            inst[name] = n
    elif not name.startswith("Number"):
        mods[cur][name] = mods[cur].get(name, 0) + n
top = "morph_core"
inst[top] = 1

# LUT6 sites a LUT-RAM cell occupies (SLICEM LUTs)
RAM_LUTS = {"RAM32X1S": 1, "RAM64X1S": 1, "RAM128X1S": 2, "RAM256X1S": 4, "RAM32X1D": 2,
            "RAM64X1D": 2, "RAM128X1D": 4, "RAM32M": 4, "RAM64M": 4, "RAM32M16": 8,
            "RAM64M8": 8}
def figures(cells):
    t = lambda p: sum(v for k, v in cells.items() if p(k))
    if target == "xilinx":
        lutram = {k: v for k, v in cells.items() if k.startswith("RAM") and not k.startswith("RAMB")}
        return dict(lut=t(lambda k: re.match(r"LUT\d$", k)),
                    ff=t(lambda k: re.match(r"FD[CPRSE]*$", k)),
                    ramc=sum(lutram.values()),
                    raml=sum(v * RAM_LUTS.get(k, 1) for k, v in lutram.items()),
                    bram=t(lambda k: k.startswith("RAMB36")) + 0.5 * t(lambda k: k.startswith("RAMB18")),
                    dsp=t(lambda k: k.startswith("DSP")),
                    inv=t(lambda k: k == "INV"), ramkinds=lutram)
    return dict(lut=t(lambda k: k == "LUT4"), ff=t(lambda k: k.startswith("TRELLIS_FF")),
                ramc=t(lambda k: k.startswith("TRELLIS_DPR16X4")),
                raml=t(lambda k: k.startswith("TRELLIS_DPR16X4")) * 2,
                bram=t(lambda k: k.startswith("DP16KD") or k.startswith("PDPW16KD")),
                dsp=t(lambda k: k.startswith("MULT18X18D") or k.startswith("ALU54B")),
                inv=0, ramkinds={})

def short(name):
    return re.sub(r"^\$paramod[^\\]*\\([^\\]+).*$", r"\1", name)

rows, tot = [], dict(lut=0, ff=0, ramc=0, raml=0, bram=0, dsp=0, inv=0)
kinds, bkinds = {}, {}
for mname in order:
    f = figures(mods[mname])
    n = inst.get(mname, 0)
    rows.append((short(mname), n, f))
    for k in tot:
        tot[k] += n * f[k]
    for k, v in f["ramkinds"].items():
        kinds[k] = kinds.get(k, 0) + n * v
    for k, v in mods[mname].items():
        if k.startswith(("RAMB", "DP16KD", "PDPW16KD")):
            bkinds[k] = bkinds.get(k, 0) + n * v

path, pfrom, pto = "-", "", ""
try:
    sta = open("%s/sta.txt" % out).read()
    m = re.search(r"Latest arrival time in '\S+' is (\d+):\n(.*?)\n\n", sta, re.S)
    if m:
        path = m.group(1)
        nets = re.findall(r"^\s+(\d+) (\S+) \((\S+)\)\n\s+(\S+.*)$", m.group(2), re.M)
        # each entry: arrival, cell, arc, then the net into that arc
        if nets:
            pto = "%s (%s)" % (nets[0][3].strip(), nets[0][2])
            for i in range(len(nets) - 1, 0, -1):
                if not nets[i][2].startswith(("BUFG", "IBUF")):
                    pfrom = "%s (%s)" % (nets[i - 1][3].strip(), nets[i][2])
                    break
except FileNotFoundError:
    pass

L = []
L.append("morph core synthesis, config %s (yosys, %s; parameters: %s)" %
         (config, ("synth_xilinx -family xc7 %s, %s" % (os.environ.get("XILINX_OPTS", ""),
          "flattened" if "-flatten" in os.environ.get("XILINX_OPTS", "").split() else "hierarchy kept")).replace("  ", " ")
          if target == "xilinx" else target,
          params or "defaults"))
L.append("  LUTs (logic)        %8d" % tot["lut"])
L.append("  LUT-RAM             %8d cells, %d LUTs (%s)" %
         (tot["ramc"], tot["raml"], ", ".join("%d %s" % (v, k) for k, v in sorted(kinds.items())) or "none"))
lut_kind, bram_kb = ("LUT6", 36) if target == "xilinx" else ("LUT4", 18)  # ECP5: LUT4s, DP16KD
L.append("  %s total          %8d (logic + LUT-RAM)" % (lut_kind, tot["lut"] + tot["raml"]))
L.append("  flip-flops          %8d" % tot["ff"])
L.append("  block RAMs          %8g (%d Kbit each; %s)" % (tot["bram"], bram_kb, ", ".join("%d %s" % (v, k) for k, v in sorted(bkinds.items())) or "none"))
L.append("  DSP blocks          %8d" % tot["dsp"])
if target == "xilinx":
    ns = int(path) / 1000.0 if path != "-" else 0
    L.append("  critical path       %8s ps%s (yosys sta: cell delays of the xc7 models, no routing)" %
             (path, " = %.0f MHz" % (1000.0 / ns) if ns else ""))
    if pfrom:
        L.append("    from %s" % pfrom)
        L.append("    to   %s" % pto)
L.append("  per module (per instance; x N instances):")
L.append("    %-16s %4s %7s %7s %8s %6s %5s" % ("module", "inst", "LUT", "FF", "LUTRAM", "BRAM36", "DSP"))
for name, n, f in rows:
    L.append("    %-16s %4d %7d %7d %8s %6g %5d" %
             (name, n, f["lut"], f["ff"], "%d/%d" % (f["ramc"], f["raml"]), f["bram"], f["dsp"]))
L.append("    (LUTRAM: cells/LUTs; module figures exclude submodules)")
L.append("  checks: no latches, no combinational loops (yosys check -assert)")
open("%s/summary.tsv" % out, "w").write("\t".join(str(x) for x in (
    tot["lut"], tot["raml"], tot["lut"] + tot["raml"], tot["ff"], tot["ramc"], "%g" % tot["bram"],
    tot["dsp"], path)) + "\n")
# make synth: the caches' arrays that are read one cycle ahead must come out as block RAM
need = float(os.environ.get("SYNTH_MIN_BRAM") or 0)
if tot["bram"] < need:
    open("%s/report.failed.txt" % out, "w").write("\n".join(L) + "\n")
    if os.path.exists("%s/report.txt" % out):
        os.remove("%s/report.txt" % out)
    sys.exit("synth: config %s has %g block RAMs, expected at least %g (the L1I's and the L2's arrays, "
             "morph_cache RegRead; see %s/report.failed.txt)" % (config, tot["bram"], need, out))
if os.path.exists("%s/report.failed.txt" % out):
    os.remove("%s/report.failed.txt" % out)
open("%s/report.txt" % out, "w").write("\n".join(L) + "\n")
PY
