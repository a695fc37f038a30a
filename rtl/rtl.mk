# RTL of the morph core (rtl/), its Verilator harness (build/bin/morph-rtl-CORE, used by
# `morph run|sim --engine=rtl|cosim --core=CORE`), the Yosys synthesis check and the RTL test
# targets. docs/rtl.md describes all of it.
#
#   make rtl          build/bin/morph-rtl-CORE for each core of RTL_CORES (Verilated core + the
#                     model + lockstep co-simulation)
#   make lint         verilator --lint-only -Wall on the core, each configuration
#   make synth        Yosys synth_xilinx per core configuration of SYNTH_CORES: LUT/FF/LUT-RAM/BRAM/DSP
#                     per module, critical path (sta); build/synth/CORE/report.txt and a table of
#                     all in build/synth/report.txt
#   make synth-configs  the cost of the caches and the predictor: m0 synthesized (flattened) per
#                     cache preset and with the predictor or without (SYNTH_CONFIGS);
#                     build/synth/configs.txt. Not part of `make test` (6 runs of about 4
#                     minutes each; make -j2 runs two at a time)
#   make test-rtl     tests/isa/*.S on the RTL engine (same pass criteria, timing checks included);
#                     each core's sizes and multiplier on both engines (rtl/run-params.py)
#   make test-cosim   ISA tests, firmware boot and a CI-sized x86 set under --engine=cosim, and
#                     runs stopped by --max-cycles (rtl/run-cosim-limit.sh)
#   make test-full    the whole x86 corpus and busybox set under cosim (slow)
#
# Configurations: the presets the RTL implements are listed by `morph rtl-cores` and their
# parameters (the sizes GtlbEntries, JtlbSets, JtlbWays, GsbDepth; MulCycles, Fuse, Collapse,
# CollapseMem, Redirect) printed by `morph rtl-params CORE`, both from the one table of presets
# (sim/sim_core.c). Each is Verilated into its own obj dir, build/obj/rtl-CORE, whose params file
# holds them (the harness's C takes the sizes from it).
# RTL_CORES: the cores to build, lint and test (default: all of them); SYNTH_CORES (default
# m0 macro). The per-core rules run in a sub-make with RTL_CORE set.
#
# Knobs: RTL_GTLB_ENTRIES, RTL_JTLB_SETS, RTL_JTLB_WAYS, RTL_GSB_DEPTH (core parameters; unset,
# each core has its preset's, which the model also takes and cosim needs; set, they override
# every core's: -G after the preset's, and the last -G of a name wins), SYNTH_TARGET
# (xilinx | ecp5), RTL_TRACE=1 (a model that can write FST waveforms, --wave; about 8% slower),
# RTL_THREADS=N (Verilator --threads N; slower on this core, docs/rtl.md "Verilator speed").

VERILATOR ?= verilator
YOSYS ?= yosys
HOST_CXX ?= g++
RTL_GTLB_ENTRIES ?=
RTL_JTLB_SETS ?=
RTL_JTLB_WAYS ?=
RTL_GSB_DEPTH ?=
SYNTH_TARGET ?= xilinx
RTL_CORES ?=
RTL_CORE ?= m0
SYNTH_CORES ?= m0 macro
# the cores to build and test: evaluated in recipes, once $(MORPH) exists
RTL_CORE_LIST = $(or $(RTL_CORES),$(shell $(MORPH) rtl-cores))
RTL_TRACE ?= 0
RTL_THREADS ?= 1

RTL_SRCS := $(sort $(wildcard rtl/morph_*.sv))
# Simulation top of the harness (registers the memory ports' answers inside the model; not synthesized)
RTL_SIM_TOP := rtl/sim/morph_sim_top.sv
RTL_GEN := $(GEN)/morph_isa.vh $(GEN)/morph_facts.vh $(GEN)/morph_sizes.vh
# the size overrides (Name=value), after `morph rtl-params`'s
RTL_SIZE_OVERRIDES := $(if $(RTL_GTLB_ENTRIES),GtlbEntries=$(RTL_GTLB_ENTRIES)) \
	$(if $(RTL_JTLB_SETS),JtlbSets=$(RTL_JTLB_SETS)) $(if $(RTL_JTLB_WAYS),JtlbWays=$(RTL_JTLB_WAYS)) \
	$(if $(RTL_GSB_DEPTH),GsbDepth=$(RTL_GSB_DEPTH))
RTL_PARAMS := $(addprefix -G,$(strip $(RTL_SIZE_OVERRIDES)))
RTL_VDIR := $(BUILD)/obj/rtl-$(RTL_CORE)/vl
RTL_OBJ := $(BUILD)/obj/rtl-$(RTL_CORE)
# the harness's own C and C++ (with make SANITIZE=1, sanitized, next to the sanitized morph that
# starts it; the Verilated model and Verilator's runtime are the normal build's)
RTL_HOST_OBJDIR := $(HOST_BUILD)/obj/rtl-$(RTL_CORE)
MORPH_RTL := $(HOST_BUILD)/bin/morph-rtl-$(RTL_CORE)
VL_INC := $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)/include

# Verilated core as a library, plus Verilator's runtime (shared by the configurations).
RTL_VLIB := $(RTL_VDIR)/Vmorph_sim_top__ALL.a
RTL_VLRT := $(BUILD)/obj/rtl/vlrt
VL_RT_OBJS := $(RTL_VLRT)/verilated.o $(RTL_VLRT)/verilated_dpi.o $(RTL_VLRT)/verilated_fst_c.o $(RTL_VLRT)/verilated_threads.o
VL_CXXFLAGS := -O2 -std=c++17 -I$(RTL_VDIR) -I$(VL_INC) -I$(VL_INC)/vltstd -DVM_TRACE=$(RTL_TRACE) \
	-DVM_TRACE_FST=$(RTL_TRACE) -DVM_TRACE_VCD=0 -DVM_COVERAGE=0 -DVM_SC=0 -faligned-new
# Verilator options of the model (docs/rtl.md "Verilator speed"). -fno-split: Verilator would
# otherwise copy the decoder's decision tree once per output signal. The model's C++ is compiled
# with Verilator's own OPT_FAST (-Os), which measured faster here than -O2 or -O3.
RTL_VFLAGS := -O3 --x-assign fast --x-initial fast -fno-split \
	$(if $(filter 1,$(RTL_TRACE)),--trace-fst) $(if $(filter-out 1,$(RTL_THREADS)),--threads $(RTL_THREADS))

$(RTL_VLRT)/%.o: $(VL_INC)/%.cpp
	@mkdir -p $(dir $@)
	$(HOST_CXX) $(VL_CXXFLAGS) -w -c $< -o $@

# The configuration's parameters (the preset's, then the size overrides) and the options in
# effect, rewritten only when they change (so is the Verilated model).
.PHONY: rtl-params-check
rtl-params-check: ;
$(RTL_OBJ)/params: $(MORPH) rtl-params-check
	@mkdir -p $(@D)
	@p=$$($(MORPH) rtl-params $(RTL_CORE)) && echo "$$p $(RTL_PARAMS)" >$@.new && \
	  { cmp -s $@.new $@ || mv $@.new $@; }; rm -f $@.new
$(RTL_OBJ)/vflags: rtl-params-check
	@mkdir -p $(@D)
	@echo "$(RTL_VFLAGS)" >$@.new && { cmp -s $@.new $@ || mv $@.new $@; }; rm -f $@.new
# A size parameter of the build as its params file has it (the last -G of the name), for the
# harness's C (expanded by the shell in the recipes).
rtl_size = $$(sed -n 's/.*-G$(1)=\([0-9]*\).*/\1/p' $(RTL_OBJ)/params)

$(RTL_VLIB): $(RTL_SRCS) $(RTL_SIM_TOP) $(RTL_GEN) rtl/rtl.mk $(RTL_OBJ)/params $(RTL_OBJ)/vflags
	@rm -rf $(RTL_VDIR); mkdir -p $(RTL_VDIR)
	$(VERILATOR) --cc --build -j 2 $(RTL_VFLAGS) \
	  -Wall -Irtl -I$(GEN) $$(cat $(RTL_OBJ)/params) --top-module morph_sim_top --Mdir $(RTL_VDIR) \
	  $(RTL_SRCS) $(RTL_SIM_TOP) >$(RTL_VDIR)/build.log 2>&1 || { tail -40 $(RTL_VDIR)/build.log; exit 1; }

RTL_HOST_OBJS := $(RTL_HOST_OBJDIR)/morph_main.o $(RTL_HOST_OBJDIR)/sim_rtl.o $(RTL_HOST_OBJDIR)/sim_cosim.o \
	$(RTL_HOST_OBJDIR)/rtl_shim.o
RTL_CFLAGS := $(SIM_CFLAGS) $(MORPH_MAIN_CFLAGS) -DMORPH_WITH_RTL -DMORPH_RTL_CORE='"$(RTL_CORE)"'
# (recursive: rtl_size is for the shell of the recipe)
RTL_SIZE_CFLAGS = -DRTL_JTLB_SETS=$(call rtl_size,JtlbSets)u -DRTL_JTLB_WAYS=$(call rtl_size,JtlbWays)u \
	-DRTL_GTLB_ENTRIES=$(call rtl_size,GtlbEntries) -DRTL_GSB_DEPTH=$(call rtl_size,GsbDepth)

$(RTL_HOST_OBJDIR)/%.o: sim/%.c $(GEN)/morph_isa.h $(RTL_OBJ)/params
	@mkdir -p $(dir $@)
	$(HOST_CC) $(RTL_CFLAGS) $(RTL_SIZE_CFLAGS) -MMD -MP -c $< -o $@

$(RTL_HOST_OBJDIR)/rtl_shim.o: sim/rtl_shim.cpp sim/sim_rtl_shim.h $(RTL_VLIB)
	@mkdir -p $(dir $@)
	$(HOST_CXX) $(VL_CXXFLAGS) $(HOST_SAN) -g -Isim -DRTL_GSB_DEPTH=$(call rtl_size,GsbDepth) -MMD -MP -c $< -o $@

$(MORPH_RTL): $(RTL_HOST_OBJS) $(filter-out $(HOST_BUILD)/obj/sim/morph_main.o,$(SIM_OBJS)) $(RTL_VLIB) $(VL_RT_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CXX) $(HOST_SAN) -o $@ $(RTL_HOST_OBJS) $(filter-out $(HOST_BUILD)/obj/sim/morph_main.o,$(SIM_OBJS)) \
	  $(RTL_VLIB) $(VL_RT_OBJS) -lZydis -lz -lpthread

-include $(RTL_HOST_OBJS:.o=.d)

.PHONY: rtl rtl-core lint synth synth-configs test-rtl test-cosim test-full
rtl: $(MORPH)
	@for c in $(RTL_CORE_LIST); do $(MAKE) --no-print-directory rtl-core RTL_CORE=$$c || exit 1; done
rtl-core: $(MORPH) $(MORPH_RTL)

lint: $(RTL_GEN) $(MORPH)
	@for c in $(RTL_CORE_LIST); do \
	  p=$$($(MORPH) rtl-params $$c) && \
	  $(VERILATOR) --lint-only -Wall -Irtl -I$(GEN) $$p $(RTL_PARAMS) --top-module morph_core $(RTL_SRCS) && \
	  $(VERILATOR) --lint-only -Wall -Irtl -I$(GEN) $$p $(RTL_PARAMS) --top-module morph_sim_top $(RTL_SRCS) $(RTL_SIM_TOP) || exit 1; \
	  echo "lint $$c ($$p): verilator -Wall clean"; \
	done

# ---- synthesis ----------------------------------------------------------------------------------
# One run of rtl/synth.sh per core configuration in SYNTH_CORES, with the sizes and the core's
# parameters; build/synth/<core>/report.txt each, build/synth/report.txt the table across them.
# `make synth SYNTH_CORES="m0 m1"` picks configurations.
SYNTH_DIR := $(BUILD)/synth
SYNTH_XILINX_OPTS ?= -nowidelut
SYNTH_PARAMS := $(strip $(RTL_SIZE_OVERRIDES))
SYNTH_STAMPS = $(foreach c,$(SYNTH_CORES),$(SYNTH_DIR)/$(c)/report.txt)

# a configuration's parameters come from `morph rtl-params CORE` (the one table of presets)
$(SYNTH_DIR)/%/report.txt: $(RTL_SRCS) $(RTL_GEN) rtl/synth.sh rtl/xc7_timing.v rtl/rtl.mk $(MORPH)
	@mkdir -p $(dir $@)
	p=$$($(MORPH) rtl-params $* | sed 's/-G//g') && \
	SRCS="$(RTL_SRCS)" GEN="$(GEN)" SYNTH_DIR="$(SYNTH_DIR)" TARGET="$(SYNTH_TARGET)" YOSYS=$(YOSYS) \
	  XILINX_OPTS="$(SYNTH_XILINX_OPTS)" SYNTH_MIN_BRAM=$(if $(filter xilinx,$(SYNTH_TARGET)),1,0) \
	  rtl/synth.sh $* "$$p $(SYNTH_PARAMS)"

# (the configurations synthesize side by side: one Yosys each, single-threaded)
synth: $(MORPH)
	@$(MAKE) --no-print-directory -j$(or $(JOBS),2) $(SYNTH_STAMPS)
	@SYNTH_DIR="$(SYNTH_DIR)" TARGET="$(SYNTH_TARGET)" rtl/synth.sh --summary $(SYNTH_CORES)
	@cat $(SYNTH_DIR)/report.txt

# The cost of the caches and the predictor per configuration: CORE-CACHES-BP, CACHES a preset
# of include/morph/cache.def (its geometry, cache_levels_i tied to its levels), BP bp (the
# predictor at bpred.def's sizes, the kind an input) or nobp (bp_cfg_i tied to none).
# Flattened, so what a tied input leaves unused is gone (figures not comparable with make
# synth's, which keeps the hierarchy). build/synth/configs.txt: the table, with each one's
# LUT6/FF/BRAM beyond the first.
SYNTH_CONFIGS ?= m0-off-nobp m0-off-bp m0-l1-nobp m0-l1l2-nobp m0-realistic-nobp m0-realistic-bp
$(SYNTH_DIR)/cfg-%/report.txt: $(RTL_SRCS) $(RTL_GEN) rtl/synth.sh rtl/xc7_timing.v rtl/rtl.mk $(MORPH)
	@mkdir -p $(dir $@)
	set -- $(subst -, ,$*) && \
	p=$$($(MORPH) rtl-params $$1 --caches=$$2 $$([ "$$3" = nobp ] && echo --bpred=none) | sed 's/-G//g') && \
	SRCS="$(RTL_SRCS)" GEN="$(GEN)" SYNTH_DIR="$(SYNTH_DIR)" TARGET="$(SYNTH_TARGET)" YOSYS=$(YOSYS) \
	  XILINX_OPTS="$(SYNTH_XILINX_OPTS) -flatten" \
	  rtl/synth.sh cfg-$* "$$p $(SYNTH_PARAMS)"

synth-configs: $(foreach c,$(SYNTH_CONFIGS),$(SYNTH_DIR)/cfg-$(c)/report.txt)
	@SYNTH_DIR="$(SYNTH_DIR)" SYNTH_SUMMARY=configs.txt SYNTH_DELTA=1 rtl/synth.sh --summary $(addprefix cfg-,$(SYNTH_CONFIGS))
	@cat $(SYNTH_DIR)/configs.txt

# ---- tests --------------------------------------------------------------------------------------
# the probe of the sizes (rtl/run-params.py)
RTL_SIZES := $(BUILD)/tests/rtl/sizes.elf
$(RTL_SIZES): rtl/tests/sizes.S tests/isa/test.h tests/isa/link.ld $(ISA_TEST_ASMH)
	@mkdir -p $(dir $@)
	$(RV_CC) $(ISA_TEST_CFLAGS) -o $@ $<
test-rtl: rtl $(ISA_TEST_ELFS) $(RTL_SIZES)
	@for c in $(RTL_CORE_LIST); do \
	  ENGINE=rtl CORE=$$c MORPH=$(MORPH) PYTHON=$(PYTHON) rtl/run-isa.sh $(ISA_TEST_ELFS) || exit 1; \
	done
	@$(PYTHON) rtl/run-params.py --morph $(MORPH) --sizes $(RTL_SIZES) --mul $(BUILD)/tests/isa/mul.elf \
	  --work $(BUILD)/tests/rtl/params $(RTL_CORE_LIST)
	@$(foreach c,$(RTL_BPRED_CORES),for b in $(call RTL_BPREDS,$(c)); do \
	  ENGINE=rtl CORE=$(c) BPRED=$$b MORPH=$(MORPH) PYTHON=$(PYTHON) rtl/run-isa.sh $(ISA_TEST_ELFS) || exit 1; \
	done;) true
	@$(foreach c,$(RTL_CORE_LIST),ENGINE=rtl CORE=$(c) CACHES=realistic \
	  BPRED=$(if $(filter $(c),$(RTL_BPRED_CORES)),gshare,none) MORPH=$(MORPH) PYTHON=$(PYTHON) \
	  rtl/run-isa.sh $(RTL_CACHE_ELFS) || exit 1;) true
	@for k in l1 l1l2; do \
	  ENGINE=rtl CACHES=$$k MORPH=$(MORPH) PYTHON=$(PYTHON) rtl/run-isa.sh $(RTL_CACHE_ELFS) || exit 1; \
	done
	@MORPH=$(MORPH) CORES="$(RTL_CORE_LIST)" rtl/run-pipeview.sh $(BUILD)/tests/isa/fuse_pairs.elf

# the ISA tests the RTL engine runs with caches, its statistics (the caches' counters and stalls
# included) equal to the model's: all but icache_stale.S, which the model stops (a stale fetch)
# and the RTL, as hardware, runs
RTL_CACHE_ELFS = $(filter-out %/icache_stale.elf,$(ISA_TEST_ELFS))

# Negative tests: cosim must catch a real model/RTL difference: an op rewritten right before it
# runs (rtl/tests/smc_next_op.S, every core), and on a fusing core a co-issued tail's result
# corrupted on purpose (--inject=rtl-fused-tail) in tests/isa/fuse_pairs.S.
RTL_NEG_ELF := $(BUILD)/tests/rtl/smc_next_op.elf
RTL_NEG_FUSED := $(BUILD)/tests/isa/fuse_pairs.elf
$(RTL_NEG_ELF): rtl/tests/smc_next_op.S tests/isa/test.h tests/isa/link.ld $(ISA_TEST_ASMH)
	@mkdir -p $(dir $@)
	$(RV_CC) $(ISA_TEST_CFLAGS) -o $@ $<
# the caches' planted fault (--inject=rtl-cache-way: an L1D hit makes the wrong way the most recent)
RTL_NEG_CACHE := $(BUILD)/tests/rtl/cache_ways.elf
$(RTL_NEG_CACHE): rtl/tests/cache_ways.S tests/isa/test.h tests/isa/link.ld $(ISA_TEST_ASMH)
	@mkdir -p $(dir $@)
	$(RV_CC) $(ISA_TEST_CFLAGS) -o $@ $<
# the caches with a predictor: a call into a return that misses the L1I (the tables are read at
# fetch, before the L1I wait), under both cache presets the RTL runs and every predictor
RTL_BP_ICACHE := $(BUILD)/tests/rtl/bp_icache.elf
$(RTL_BP_ICACHE): rtl/tests/bp_icache.S tests/isa/test.h tests/isa/link.ld $(ISA_TEST_ASMH)
	@mkdir -p $(dir $@)
	$(RV_CC) $(ISA_TEST_CFLAGS) -o $@ $<

# the cores of RTL_CORE_LIST whose RTL has the front-end predictor (morph rtl-cores --bpred), and
# the predictors the ISA tests run under on them (test-rtl, test-cosim)
RTL_BPRED_CORES = $(filter $(shell $(MORPH) rtl-cores --bpred),$(RTL_CORE_LIST))
# (every predictor on m0; gshare and the tiny one on the other cores)
RTL_BPRED_TINY := gshare,btb_entries=4,bht_entries=4,hist_bits=2,ras=1,xras=1
RTL_BPREDS = $(if $(filter m0,$(1)),static bimodal gshare $(RTL_BPRED_TINY),gshare $(RTL_BPRED_TINY))

test-cosim: rtl $(FIRMWARE) $(ISA_TEST_ELFS) $(RTL_NEG_ELF) $(RTL_NEG_CACHE) $(RTL_BP_ICACHE) $(TESTS_OUT)/x86/c/exitcode-O2 \
		$(TESTS_OUT)/x86/c/compute-O2 $(TESTS_OUT)/x86/c/div64-O2 $(TESTS_OUT)/x86/asm/xchg $(TESTS_OUT)/x86/asm/muldiv
	@for c in $(RTL_CORE_LIST); do \
	  ENGINE=cosim CORE=$$c MORPH=$(MORPH) PYTHON=$(PYTHON) rtl/run-isa.sh $(ISA_TEST_ELFS) || exit 1; \
	  t=$(BUILD)/tests/isa/xmodrm.elf; \
	  if $(MORPH) sim --engine=cosim --core=$$c --core-opt xdec=1 $$t >$$t.$$c.xdec.log 2>&1 && \
	     grep -q "no divergence" $$t.$$c.xdec.log; then echo "PASS [cosim $$c] $$t --core-opt xdec=1"; \
	  else echo "FAIL [cosim $$c] $$t --core-opt xdec=1"; tail -20 $$t.$$c.xdec.log; exit 1; fi; \
	  neg="$(RTL_NEG_ELF) $(RTL_NEG_CACHE)"; \
	  if [ "$$($(MORPH) rtl-params $$c | grep -c Fuse=1)" = 1 ]; then neg="$$neg $(RTL_NEG_FUSED)"; fi; \
	  for t in $$neg; do \
	    inj=; case $$t in *fuse_pairs*) inj=--inject=rtl-fused-tail;; *cache_ways*) inj="--caches=l1 --inject=rtl-cache-way";; esac; \
	    $(MORPH) sim --engine=cosim --core=$$c $$inj $$t >$$t.$$c.neg.log 2>&1; rc=$$?; \
	    if [ $$rc -eq 125 ] && grep -q "cosim DIVERGENCE" $$t.$$c.neg.log; then \
	      echo "PASS [cosim $$c] divergence detected in $$t $$inj"; \
	    else echo "FAIL [cosim $$c] divergence not detected in $$t $$inj (status $$rc)"; exit 1; fi; \
	  done; \
	  CORE=$$c MORPH=$(MORPH) rtl/run-cosim-limit.sh $(BUILD)/tests/isa $(TESTS_OUT)/x86/c/exitcode-O2 || exit 1; \
	done
	@$(foreach c,$(RTL_BPRED_CORES),for b in $(call RTL_BPREDS,$(c)); do \
	    ENGINE=cosim CORE=$(c) BPRED=$$b MORPH=$(MORPH) PYTHON=$(PYTHON) rtl/run-isa.sh $(ISA_TEST_ELFS) || exit 1; \
	  done; \
	  t=$(BUILD)/tests/isa/rv32i_branch.elf; \
	  $(MORPH) sim --engine=cosim --core=$(c) --bpred=bimodal --inject=rtl-bpred $$t >$$t.$(c).bpneg.log 2>&1; rc=$$?; \
	  if [ $$rc -eq 125 ] && grep -q "cosim DIVERGENCE" $$t.$(c).bpneg.log; then \
	    echo "PASS [cosim $(c)] divergence detected in $$t --bpred=bimodal --inject=rtl-bpred"; \
	  else echo "FAIL [cosim $(c)] divergence not detected in $$t --bpred=bimodal --inject=rtl-bpred (status $$rc)"; exit 1; fi; \
	  for k in l1 realistic; do for b in $(call RTL_BPREDS,$(c)); do \
	    $(MORPH) sim --engine=cosim --core=$(c) --caches=$$k --bpred=$$b $(RTL_BP_ICACHE) >$(RTL_BP_ICACHE).$(c).log 2>&1; rc=$$?; \
	    if [ $$rc -eq 0 ] && grep -q "no divergence" $(RTL_BP_ICACHE).$(c).log; then \
	      echo "PASS [cosim $(c)] $(RTL_BP_ICACHE) --caches=$$k --bpred=$$b"; \
	    else echo "FAIL [cosim $(c)] $(RTL_BP_ICACHE) --caches=$$k --bpred=$$b (status $$rc)"; tail -30 $(RTL_BP_ICACHE).$(c).log; exit 1; fi; \
	  done; done; \
	  for neg in "--caches=l1 --bpred=gshare --inject=rtl-cache-way $(RTL_NEG_CACHE)" \
	             "--caches=realistic --bpred=bimodal --inject=rtl-bpred $(BUILD)/tests/isa/rv32i_branch.elf"; do \
	    $(MORPH) sim --engine=cosim --core=$(c) $$neg >$(RTL_BP_ICACHE).$(c).neg.log 2>&1; rc=$$?; \
	    if [ $$rc -eq 125 ] && grep -q "cosim DIVERGENCE" $(RTL_BP_ICACHE).$(c).neg.log; then \
	      echo "PASS [cosim $(c)] divergence detected in $$neg"; \
	    else echo "FAIL [cosim $(c)] divergence not detected in $$neg (status $$rc)"; exit 1; fi; \
	  done;) true
	@MORPH=$(MORPH) BUILD=$(BUILD) BUSYBOX=$(BUSYBOX) CORES="$(RTL_CORE_LIST)" rtl/run-cosim.sh ci

test-full: rtl $(FIRMWARE) $(X86_ASM_BINS) $(X86_C_BINS) test-fastdec-full
	@MORPH=$(MORPH) BUILD=$(BUILD) BUSYBOX=$(BUSYBOX) CORES="$(or $(RTL_CORES),macro)" rtl/run-cosim.sh full
