# The FPGA prototype (docs/fpga.md): the iCE40 HX8K board, its simulation and its bitstream.
#
#   make fpga            Yosys synth_ice40, nextpnr-ice40 --hx8k, icepack: build/fpga/morph.bin,
#                        and the report build/fpga/report.txt (cells per module, logic cells, block
#                        RAM and I/O against the part, fmax from nextpnr and icetime)
#   make fpga-tb         the board testbench on the RTL (build/bin/morph-fpga-tb-rtl) and on the
#                        synthesized netlist (build/bin/morph-fpga-tb-gate)
#   make test-fpga-rtl   boots the firmware from the SPI flash model and runs x86 programs through
#                        the host link on the RTL: the exit-code test and two assembly ones
#   make test-fpga-gate  the same on the synthesized netlist, with the smallest program (make
#                        test: about 20 M board cycles, 3 to 4 minutes)
#   make test-fpga-gate-full  the RTL's programs on the netlist (make test-full: about 110 M
#                        board cycles, some 20 minutes at 100,000 a second)
#
# Knobs: FPGA_CORE (the core preset, default fpga: `morph rtl-params FPGA_CORE`), FPGA_PNR_OPTS.
# FPGA_PARAMS_EXTRA: Name=value parameters of the core after the preset's (the last one wins).
# FPGA_TEST_PROGS: the x86 programs test-fpga-rtl and test-fpga-gate-full run; FPGA_GATE_PROGS
# test-fpga-gate's (an assembly program whose run is little more than the firmware's start-up).
FPGA_CORE ?= fpga
FPGA_PARAMS_EXTRA ?=
FPGA := $(BUILD)/fpga
FPGA_SRCS := $(sort $(wildcard rtl/fpga/morph_fpga_*.sv))
FPGA_BOARD := rtl/fpga/morph_ice40_board.sv
FPGA_PCF := rtl/fpga/morph_ice40_hx8k.pcf
FPGA_TB := rtl/fpga/tb/morph_fpga_tb.cpp
FPGA_PNR_OPTS ?= --seed 1
ICE40_CELLS := $(abspath $(dir $(shell command -v $(YOSYS)))../share/yosys/ice40/cells_sim.v)
FPGA_TB_RTL := $(HOST_BUILD)/bin/morph-fpga-tb-rtl
FPGA_TB_GATE := $(HOST_BUILD)/bin/morph-fpga-tb-gate

.PHONY: fpga fpga-tb fpga-tb-gate test-fpga test-fpga-rtl test-fpga-gate test-fpga-gate-full lint-fpga
FPGA_TEST_PROGS := $(TESTS_OUT)/x86/c/exitcode-O2 $(TESTS_OUT)/x86/asm/misc $(TESTS_OUT)/x86/asm/sbt-ret
FPGA_GATE_PROGS := $(TESTS_OUT)/x86/asm/sbt-ret

# the boot ROM's words for $readmemh
$(FPGA)/bootrom.hex: $(FW)/bootrom.bin
	@mkdir -p $(@D)
	$(PYTHON) -c "import sys,struct; b=open(sys.argv[1],'rb').read(); b+=bytes(-len(b)%4); \
	  print('\n'.join('%08x'%w for w in struct.unpack('<%dI'%(len(b)//4),b)))" $< >$@

# the core's parameters: `morph rtl-params` less the ties (the board ties its inputs itself: no
# predictor, no cache timing), the predictor's and the caches' tables at their smallest
$(FPGA)/params: $(MORPH) rtl-params-check
	@mkdir -p $(@D)
	@$(MORPH) rtl-params $(FPGA_CORE) | tr ' ' '\n' | grep '^-G' | sed 's/^-G//' | \
	  sed -e 's/^\(Btb\|Bht\|Ras\|Xras\|L1\|L2\)\([A-Za-z]*\)=.*/\1\2=2/' >$@.new && \
	  for p in $(FPGA_PARAMS_EXTRA); do echo $$p >>$@.new; done && \
	  { cmp -s $@.new $@ || mv $@.new $@; }; rm -f $@.new

# (an absolute path: the synthesis rules run in $(FPGA))
FPGA_CHPARAM = $$(sed 's/\(.*\)=\(.*\)/-set \1 \2/' $(abspath $(FPGA))/params | tr '\n' ' ')

# Board synthesis for place and route, the testbench's netlist (morph_fpga_top: the same logic
# without the pads), both flattened, and a synthesis with the hierarchy kept for the share of
# each module (larger: constant inputs do not cross module boundaries there).
$(FPGA)/board.json: $(RTL_SRCS) $(FPGA_SRCS) $(FPGA_BOARD) $(RTL_GEN) $(FPGA)/params $(FPGA)/bootrom.hex rtl/fpga/fpga.mk
	cd $(FPGA) && $(YOSYS) -q -l synth-board.log -p "read_verilog -sv -I$(CURDIR)/rtl -I$(CURDIR)/$(GEN) \
	  $(addprefix $(CURDIR)/,$(RTL_SRCS) $(FPGA_SRCS) $(FPGA_BOARD)); \
	  chparam $(FPGA_CHPARAM) morph_fpga_top; synth_ice40 -top morph_ice40_board -json board.json; \
	  tee -q -o board.stat stat"

$(FPGA)/netlist.v: $(RTL_SRCS) $(FPGA_SRCS) $(RTL_GEN) $(FPGA)/params $(FPGA)/bootrom.hex rtl/fpga/fpga.mk
	cd $(FPGA) && $(YOSYS) -q -l synth-top.log -p "read_verilog -sv -I$(CURDIR)/rtl -I$(CURDIR)/$(GEN) \
	  $(addprefix $(CURDIR)/,$(RTL_SRCS) $(FPGA_SRCS)); \
	  chparam $(FPGA_CHPARAM) morph_fpga_top; synth_ice40 -top morph_fpga_top; \
	  tee -q -o top.stat stat; write_verilog -noattr netlist.v"

$(FPGA)/hier.stat: $(RTL_SRCS) $(FPGA_SRCS) $(RTL_GEN) $(FPGA)/params $(FPGA)/bootrom.hex rtl/fpga/fpga.mk
	cd $(FPGA) && $(YOSYS) -q -l synth-hier.log -p "read_verilog -sv -I$(CURDIR)/rtl -I$(CURDIR)/$(GEN) \
	  $(addprefix $(CURDIR)/,$(RTL_SRCS) $(FPGA_SRCS)); \
	  chparam $(FPGA_CHPARAM) morph_fpga_top; synth_ice40 -top morph_fpga_top -noflatten; \
	  tee -q -o hier.stat stat"

fpga: $(FPGA)/board.json $(FPGA)/hier.stat $(FW)/cms.img
	@rm -f $(FPGA)/morph.asc $(FPGA)/morph.bin
	@cd $(FPGA) && nextpnr-ice40 --hx8k --package ct256 --json board.json --pcf $(CURDIR)/$(FPGA_PCF) \
	  --asc morph.asc --report pnr.json $(FPGA_PNR_OPTS) >pnr.log 2>&1; echo $$? >pnr.rc
	@if [ -s $(FPGA)/morph.asc ]; then icepack $(FPGA)/morph.asc $(FPGA)/morph.bin && \
	  icetime -d hx8k -P ct256 -p $(FPGA_PCF) -t $(FPGA)/morph.asc >$(FPGA)/icetime.txt 2>&1; fi
	@$(PYTHON) rtl/fpga/report.py $(FPGA) >$(FPGA)/report.txt; rc=$$?; cat $(FPGA)/report.txt; exit $$rc

# ---- the testbench, on the RTL and on the netlist
# (the C++ optimization level last: -O2 for the RTL, -O1 for the netlist, which then builds in
# 3.5 minutes instead of 5 and runs as fast)
FPGA_TB_VFLAGS = -O3 --x-assign fast --x-initial fast -Wno-fatal -Wno-lint -Wno-style \
	--cc --exe --build -j 2 -CFLAGS "-I$(abspath $(GEN)) $(1)"

$(FPGA_TB_RTL): $(RTL_SRCS) $(FPGA_SRCS) $(RTL_GEN) $(GEN)/morph_facts.h $(FPGA_TB) $(FPGA)/params $(FPGA)/bootrom.hex
	@rm -rf $(FPGA)/tb-rtl; mkdir -p $(FPGA)/tb-rtl $(@D)
	$(VERILATOR) $(call FPGA_TB_VFLAGS,-O2) -Irtl -I$(GEN) $$(sed 's/^/-G/' $(FPGA)/params | tr '\n' ' ') \
	  -GRomFile='"$(abspath $(FPGA)/bootrom.hex)"' --top-module morph_fpga_top --Mdir $(FPGA)/tb-rtl \
	  -o $(abspath $@) $(RTL_SRCS) $(FPGA_SRCS) $(abspath $(FPGA_TB)) >$(FPGA)/tb-rtl/build.log 2>&1 || \
	  { tail -30 $(FPGA)/tb-rtl/build.log; exit 1; }

$(FPGA_TB_GATE): $(FPGA)/netlist.v $(GEN)/morph_facts.h $(FPGA_TB)
	@rm -rf $(FPGA)/tb-gate; mkdir -p $(FPGA)/tb-gate $(@D)
	$(VERILATOR) $(call FPGA_TB_VFLAGS,-O1) -DNO_ICE40_DEFAULT_ASSIGNMENTS --top-module morph_fpga_top \
	  --Mdir $(FPGA)/tb-gate -o $(abspath $@) $(FPGA)/netlist.v $(ICE40_CELLS) $(abspath $(FPGA_TB)) \
	  >$(FPGA)/tb-gate/build.log 2>&1 || { tail -30 $(FPGA)/tb-gate/build.log; exit 1; }

fpga-tb: $(FPGA_TB_RTL) $(FPGA_TB_GATE)
fpga-tb-gate: $(FPGA_TB_GATE)

# the board's logic, as the core is (make lint): verilator -Wall clean with the preset's parameters
lint-fpga: $(FPGA)/params $(RTL_GEN)
	$(VERILATOR) --lint-only -Wall -Irtl -I$(GEN) $$(sed 's/^/-G/' $(FPGA)/params | tr '\n' ' ') \
	  --top-module morph_fpga_top $(RTL_SRCS) $(FPGA_SRCS)
	@echo "lint-fpga ($(FPGA_CORE)): verilator -Wall clean"

test-fpga: test-fpga-rtl test-fpga-gate
test-fpga-rtl: $(FPGA_TB_RTL) $(MORPH) firmware $(FPGA_TEST_PROGS) lint-fpga
	@TB=$(FPGA_TB_RTL) MORPH=$(MORPH) FW=$(FW) CORE=$(FPGA_CORE) MEM=$$(($(FPGA_RAM_SIZE) >> 20)) rtl/fpga/run-board.sh rtl $(FPGA_TEST_PROGS)
test-fpga-gate: $(FPGA_TB_GATE) $(MORPH) firmware $(FPGA_GATE_PROGS)
	@TB=$(FPGA_TB_GATE) MORPH=$(MORPH) FW=$(FW) CORE=$(FPGA_CORE) MEM=$$(($(FPGA_RAM_SIZE) >> 20)) rtl/fpga/run-board.sh gate $(FPGA_GATE_PROGS)
test-fpga-gate-full: $(FPGA_TB_GATE) $(MORPH) firmware $(FPGA_TEST_PROGS)
	@TB=$(FPGA_TB_GATE) MORPH=$(MORPH) FW=$(FW) CORE=$(FPGA_CORE) MEM=$$(($(FPGA_RAM_SIZE) >> 20)) rtl/fpga/run-board.sh gate $(FPGA_TEST_PROGS)

test-full: test-fpga-gate-full
