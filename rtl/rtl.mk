# RTL of the morph core (rtl/), its Verilator harness (build/bin/morph-rtl, used by
# `morph run|sim --engine=rtl|cosim`), the Yosys synthesis check and the RTL test targets.
# docs/rtl.md describes all of it.
#
#   make rtl          build/bin/morph-rtl (Verilated core + the model + lockstep co-simulation)
#   make lint         verilator --lint-only -Wall on the core
#   make synth        Yosys synth_xilinx per core configuration: LUT/FF/LUT-RAM/BRAM/DSP per module,
#                     critical path (sta); build/synth/report.txt
#   make test-rtl     tests/isa/*.S on the RTL engine (same pass criteria, timing checks included)
#   make test-cosim   ISA tests, firmware boot and a CI-sized x86 set under --engine=cosim
#   make test-full    the whole x86 corpus and busybox set under cosim (slow)
#
# Knobs: RTL_GTLB_ENTRIES, RTL_JTLB_SETS, RTL_JTLB_WAYS, RTL_GSB_DEPTH (core parameters; the
# defaults are the model's, CORE_* of isa/morph-facts.tbl, which cosim needs), SYNTH_TARGET
# (xilinx | ecp5).

VERILATOR ?= verilator
YOSYS ?= yosys
HOST_CXX ?= g++
RTL_GTLB_ENTRIES ?= $(CORE_GTLB_ENTRIES)
RTL_JTLB_SETS ?= $(CORE_JTLB_SETS)
RTL_JTLB_WAYS ?= $(CORE_JTLB_WAYS)
RTL_GSB_DEPTH ?= $(CORE_GSB_DEPTH)
SYNTH_TARGET ?= xilinx

RTL_SRCS := $(sort $(wildcard rtl/morph_*.sv))
RTL_GEN := $(GEN)/morph_isa.vh $(GEN)/morph_facts.vh $(GEN)/morph_sizes.vh
RTL_PARAMS := -GGtlbEntries=$(RTL_GTLB_ENTRIES) -GJtlbSets=$(RTL_JTLB_SETS) \
	-GJtlbWays=$(RTL_JTLB_WAYS) -GGsbDepth=$(RTL_GSB_DEPTH)
RTL_VDIR := $(BUILD)/obj/rtl/vl
RTL_OBJ := $(BUILD)/obj/rtl
MORPH_RTL := $(BUILD)/bin/morph-rtl
VL_INC := $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)/include

# Verilated core as a library, plus Verilator's runtime.
RTL_VLIB := $(RTL_VDIR)/Vmorph_core__ALL.a
VL_RT_OBJS := $(RTL_OBJ)/vlrt/verilated.o $(RTL_OBJ)/vlrt/verilated_fst_c.o $(RTL_OBJ)/vlrt/verilated_threads.o
VL_CXXFLAGS := -O2 -std=c++17 -I$(RTL_VDIR) -I$(VL_INC) -I$(VL_INC)/vltstd -DVM_TRACE=1 -DVM_TRACE_FST=1 \
	-DVM_TRACE_VCD=0 -DVM_COVERAGE=0 -DVM_SC=0 -faligned-new

$(RTL_OBJ)/vlrt/%.o: $(VL_INC)/%.cpp
	@mkdir -p $(dir $@)
	$(HOST_CXX) $(VL_CXXFLAGS) -w -c $< -o $@

$(RTL_VLIB): $(RTL_SRCS) $(RTL_GEN) rtl/rtl.mk
	@mkdir -p $(RTL_VDIR)
	$(VERILATOR) --cc --build -j 2 -O3 --x-assign fast --x-initial fast --trace-fst \
	  -Wall -Irtl -I$(GEN) $(RTL_PARAMS) --top-module morph_core --Mdir $(RTL_VDIR) \
	  -CFLAGS "-O2" $(RTL_SRCS) >$(RTL_VDIR)/build.log 2>&1 || { tail -40 $(RTL_VDIR)/build.log; exit 1; }

RTL_HOST_OBJS := $(RTL_OBJ)/morph_main.o $(RTL_OBJ)/sim_rtl.o $(RTL_OBJ)/sim_cosim.o $(RTL_OBJ)/rtl_shim.o
RTL_CFLAGS := $(SIM_CFLAGS) -Icms -DMORPH_WITH_RTL -DRTL_JTLB_SETS=$(RTL_JTLB_SETS)u -DRTL_JTLB_WAYS=$(RTL_JTLB_WAYS)u \
	-DRTL_GTLB_ENTRIES=$(RTL_GTLB_ENTRIES) -DRTL_GSB_DEPTH=$(RTL_GSB_DEPTH)

$(RTL_OBJ)/%.o: sim/%.c $(GEN)/morph_isa.h
	@mkdir -p $(dir $@)
	$(HOST_CC) $(RTL_CFLAGS) -c $< -o $@

$(RTL_OBJ)/rtl_shim.o: sim/rtl_shim.cpp sim/sim_rtl_shim.h $(RTL_VLIB)
	@mkdir -p $(dir $@)
	$(HOST_CXX) $(VL_CXXFLAGS) -g -Isim -DRTL_GSB_DEPTH=$(RTL_GSB_DEPTH) -MMD -MP -c $< -o $@

$(MORPH_RTL): $(RTL_HOST_OBJS) $(filter-out $(BUILD)/obj/sim/morph_main.o,$(SIM_OBJS)) $(RTL_VLIB) $(VL_RT_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CXX) -o $@ $(RTL_HOST_OBJS) $(filter-out $(BUILD)/obj/sim/morph_main.o,$(SIM_OBJS)) \
	  $(RTL_VLIB) $(VL_RT_OBJS) -lZydis -lz -lpthread

-include $(RTL_HOST_OBJS:.o=.d)

.PHONY: rtl lint synth test-rtl test-cosim test-full
rtl: $(MORPH) $(MORPH_RTL)

lint: $(RTL_GEN)
	$(VERILATOR) --lint-only -Wall -Irtl -I$(GEN) $(RTL_PARAMS) --top-module morph_core $(RTL_SRCS)
	@echo "lint: verilator -Wall clean"

# ---- synthesis ----------------------------------------------------------------------------------
# One run of rtl/synth.sh per core configuration in SYNTH_CONFIGS, each with its parameter string
# SYNTH_PARAMS_<config>; build/synth/<config>/report.txt each, build/synth/report.txt the table
# across them. `make synth SYNTH_CONFIGS="m0 m1"` picks configurations.
SYNTH_DIR := $(BUILD)/synth
SYNTH_CONFIGS ?= m0
SYNTH_XILINX_OPTS ?= -nowidelut
SYNTH_PARAMS_m0 := GtlbEntries=$(RTL_GTLB_ENTRIES) JtlbSets=$(RTL_JTLB_SETS) \
	JtlbWays=$(RTL_JTLB_WAYS) GsbDepth=$(RTL_GSB_DEPTH)
SYNTH_STAMPS := $(foreach c,$(SYNTH_CONFIGS),$(SYNTH_DIR)/$(c)/report.txt)

$(SYNTH_DIR)/%/report.txt: $(RTL_SRCS) $(RTL_GEN) rtl/synth.sh rtl/xc7_timing.v rtl/rtl.mk
	@mkdir -p $(dir $@)
	SRCS="$(RTL_SRCS)" GEN="$(GEN)" SYNTH_DIR="$(SYNTH_DIR)" TARGET="$(SYNTH_TARGET)" YOSYS=$(YOSYS) \
	  XILINX_OPTS="$(SYNTH_XILINX_OPTS)" \
	  rtl/synth.sh $* "$(SYNTH_PARAMS_$*)"

synth: $(SYNTH_STAMPS)
	@SYNTH_DIR="$(SYNTH_DIR)" rtl/synth.sh --summary $(SYNTH_CONFIGS)
	@cat $(SYNTH_DIR)/report.txt

# ---- tests --------------------------------------------------------------------------------------
test-rtl: $(MORPH) $(MORPH_RTL) $(ISA_TEST_ELFS)
	@ENGINE=rtl MORPH=$(MORPH) PYTHON=$(PYTHON) rtl/run-isa.sh $(ISA_TEST_ELFS)

# Negative test: cosim must catch a real model/RTL difference (rtl/tests/smc_next_op.S).
RTL_NEG_ELF := $(BUILD)/tests/rtl/smc_next_op.elf
$(RTL_NEG_ELF): rtl/tests/smc_next_op.S tests/isa/test.h tests/isa/link.ld $(ISA_TEST_ASMH)
	@mkdir -p $(dir $@)
	$(RV_CC) $(ISA_TEST_CFLAGS) -o $@ $<

test-cosim: $(MORPH) $(MORPH_RTL) $(FIRMWARE) $(ISA_TEST_ELFS) $(RTL_NEG_ELF) \
		$(TESTS_OUT)/x86/c/exitcode-O2 $(TESTS_OUT)/x86/asm/xchg
	@ENGINE=cosim MORPH=$(MORPH) PYTHON=$(PYTHON) rtl/run-isa.sh $(ISA_TEST_ELFS)
	@$(MORPH) sim --engine=cosim $(RTL_NEG_ELF) >$(RTL_NEG_ELF).log 2>&1; rc=$$?; \
	if [ $$rc -eq 125 ] && grep -q "cosim DIVERGENCE" $(RTL_NEG_ELF).log; then \
	  echo "PASS [cosim] divergence detected in $(RTL_NEG_ELF)"; \
	else echo "FAIL [cosim] divergence not detected in $(RTL_NEG_ELF) (status $$rc)"; exit 1; fi
	@MORPH=$(MORPH) BUILD=$(BUILD) BUSYBOX=$(BUSYBOX) rtl/run-cosim.sh ci

test-full: $(MORPH) $(MORPH_RTL) $(FIRMWARE) $(X86_ASM_BINS) $(X86_C_BINS)
	@MORPH=$(MORPH) BUILD=$(BUILD) BUSYBOX=$(BUSYBOX) rtl/run-cosim.sh full
