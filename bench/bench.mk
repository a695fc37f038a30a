# make bench: interp vs bbt vs superblocks on a fixed set of programs (bench/bench.py,
# docs/translator.md): $(BUILD)/bench/bench.txt (also printed) and bench.csv; then the fusion
# figures (bench/fusion.py, docs/fusion.md): $(BUILD)/bench/fusion/.
BENCH_OUT := $(BUILD)/bench
SUITE_OUT := $(BUILD)/suite
BENCH_C := compute qsort hashtable bytecode_vm deep_recursion
BENCH_C_BINS := $(foreach p,$(BENCH_C),$(TESTS_OUT)/x86/c/$(p)-O2)

BENCH_PROGS = $(foreach b,$(BENCH_C_BINS),--prog "$(notdir $(b))=$(b)") \
	--prog "bb-sha256sum=$(BUSYBOX) sha256sum $(BB_IN)/data.txt" \
	--prog "bb-bzip2=$(BUSYBOX) bzip2 -c $(BB_IN)/data.txt"
# Debian's python3 (python3-matplotlib, installed by make deps), whatever python3 is first on PATH
BENCH_PY := $(firstword $(wildcard /usr/bin/python3) $(PYTHON))

# make sweep: the fusion sweep (bench/fusion.py; docs/fusion.md, docs/sweeps.md). Its job list,
# $(SWEEP_OUT)/jobs.txt, one simulation per line; tools/sweep runs the points not yet done with
# RUNNER=parallel (GNU parallel, JOBS at a time), serial, or slurm (a job array on the cluster
# that SLURM_CONF or /etc/slurm names; tools/slurm-local starts one on this machine); then the
# tables and figures from whatever is done, listing what failed or is missing.
# SWEEP_ARGS: more options of `tools/sweep run` (--chunk K, --max-tasks M, --sbatch-arg=..., --no-wait).
SWEEP_OUT ?= $(BENCH_OUT)/fusion
RUNNER ?= parallel
JOBS ?= 2
SWEEP_ARGS ?=
# BENCH_FUSION_OPTS: a subset or variant, e.g. "--heuristic hu-smith --core macro --sched off" (bench/fusion.py -h)
BENCH_FUSION = $(BENCH_PY) bench/fusion.py --morph $(MORPH) --out $(SWEEP_OUT) $(BENCH_PROGS) $(BENCH_FUSION_OPTS)

.PHONY: bench sweep sweep-jobs sweep-collect slurm-start slurm-stop bench-ladder
bench: bench-translator bench-suite bench-ladder sweep
sweep-jobs: $(MORPH) $(FIRMWARE) $(BENCH_C_BINS) $(BB_IN)/.stamp bench/fusion.py
	@mkdir -p $(SWEEP_OUT)
	@$(BENCH_FUSION) --list > $(SWEEP_OUT)/jobs.txt
	@echo "sweep: $$(wc -l < $(SWEEP_OUT)/jobs.txt) jobs in $(SWEEP_OUT)/jobs.txt"
sweep: sweep-jobs
	@rc=0; $(BENCH_PY) tools/sweep run --runner $(RUNNER) --jobs $(JOBS) $(SWEEP_ARGS) $(SWEEP_OUT)/jobs.txt || rc=$$?; \
	$(BENCH_FUSION) --collect || rc=1; exit $$rc
sweep-collect:
	$(BENCH_FUSION) --collect
# A private single-node Slurm in build/slurm (tools/slurm-local; `eval $$(tools/slurm-local env)`
# points sbatch and squeue at it, and make sweep RUNNER=slurm uses it).
slurm-start:
	tools/slurm-local start $(BUILD)/slurm
slurm-stop:
	tools/slurm-local stop $(BUILD)/slurm

STROPS := $(BENCH_OUT)/strops
$(STROPS): bench/strops/strops.c
	@mkdir -p $(@D)
	$(X86_CC) $(X86_CFLAGS) -O2 -Wall -o $@ $<

.PHONY: bench-translator bench-startup
bench-translator: $(MORPH) $(FIRMWARE) $(BENCH_C_BINS) $(DEMO_PROG) $(BB_IN)/.stamp bench/bench.py $(STROPS) \
	$(SUITE_OUT)/.built
	@mkdir -p $(BENCH_OUT)
	$(PYTHON) bench/bench.py --morph $(MORPH) --out $(BENCH_OUT) $(BENCH_PROGS) --startup-prog "demo=$(DEMO_PROG)" \
		--suite $(SUITE_OUT):$(STARTUP_SIZE) --strops $(STROPS)
# Another firmware build against this one on the same programs (bench/fw-ab.py: before and after
# a change, in one run): make fw-ab BASE_FW=/tmp/base/build/fw [BASE_OPTS="--gtlb-entries=256"].
.PHONY: fw-ab
fw-ab: $(MORPH) $(FIRMWARE) $(BENCH_C_BINS) $(DEMO_PROG) $(BB_IN)/.stamp bench/fw-ab.py $(SUITE_OUT)/.built
	@test -n "$(BASE_FW)" || { echo "make fw-ab: BASE_FW=DIR (a build/fw of the base) is needed (bench/fw-ab.py -h)"; exit 2; }
	$(PYTHON) bench/fw-ab.py --morph $(MORPH) --out $(BENCH_OUT) --base-fw $(BASE_FW) \
		$(foreach o,$(BASE_OPTS),--base-opt=$(o)) $(BENCH_PROGS) --prog "demo=$(DEMO_PROG)" --suite $(SUITE_OUT):$(STARTUP_SIZE)

# The start-up table alone (issue 17: decode, dBBT, firmware share, GTLB refills), under a minute:
# the programs above, the demo and the benchmark suite on STARTUP_SIZE (test, small or ref).
STARTUP_SIZE ?= test
bench-startup: $(MORPH) $(FIRMWARE) $(BENCH_C_BINS) $(DEMO_PROG) $(BB_IN)/.stamp bench/bench.py $(SUITE_OUT)/.built
	@mkdir -p $(BENCH_OUT)
	$(PYTHON) bench/bench.py --morph $(MORPH) --out $(BENCH_OUT) $(BENCH_PROGS) --startup-prog "demo=$(DEMO_PROG)" \
		--suite $(SUITE_OUT):$(STARTUP_SIZE) --tables startup

# ---- the benchmark suite (bench/suite/suite.py, docs/bench.md) ----------------------------------
# Real programs from Debian source packages (unpacked by make deps into build/deps/src), each
# built for i386 (what morph runs), RV32IM with picolibc and bench/rv32rt (the native run on
# the same core, `morph sim`) and the host; inputs generated deterministically.
SUITE_PY := $(PYTHON) bench/suite/suite.py
SUITE_SRCS := $(wildcard bench/suite/*/* bench/rv32rt/*) bench/suite/suite.py
$(SUITE_OUT)/.built: $(DEPS_STAMP) $(SUITE_SRCS) $(GEN)/morph_facts.h
	@for t in i386 rv32 host; do $(SUITE_PY) build $$t --src $(BUILD)/deps/src --out $(SUITE_OUT)/$$t --gen $(GEN) -j 2 || exit 1; done
	@$(SUITE_PY) inputs --out $(SUITE_OUT)/inputs
	@touch $@
.PHONY: suite test-suite bench-suite bench-suite-quick
suite: $(SUITE_OUT)/.built
# CI: every program on its test input five ways (host, the i386 reference, morph run, morph run
# with superblocks and fusion on macro, and the RV32 build under morph sim): the same output and
# status.
test-suite: $(SUITE_OUT)/.built $(TEST_MORPH_DEPS)
	@eval "$$(tools/host-probe.sh --dir $(TESTS_OUT)/tools --env)"; \
	$(SUITE_PY) check --build $(SUITE_OUT) --morph $(MORPH) --oracle $$MORPH_ORACLE
# make bench's part: x86 through CMS against the native RV32 build, on m0 and macro, on the small
# and ref inputs (steady state from their difference): $(BENCH_OUT)/suite/suite.txt (printed),
# suite.csv, suite.png. Runs already done are kept (BENCH_SUITE_OPTS=--force reruns them);
# BENCH_JOBS runs in parallel. bench-suite-quick: the test and small inputs.
BENCH_JOBS ?= 2
BENCH_SUITE_OPTS ?=
bench-suite: $(SUITE_OUT)/.built $(MORPH) $(FIRMWARE)
	@$(BENCH_PY) bench/suite/suite.py bench --build $(SUITE_OUT) --morph $(MORPH) --out $(BENCH_OUT)/suite \
	  -j $(BENCH_JOBS) $(BENCH_SUITE_OPTS)
bench-suite-quick: $(SUITE_OUT)/.built $(MORPH) $(FIRMWARE)
	@$(BENCH_PY) bench/suite/suite.py bench --build $(SUITE_OUT) --morph $(MORPH) --out $(BENCH_OUT)/suite-quick \
	  -j $(BENCH_JOBS) --sizes test small $(BENCH_SUITE_OPTS)

# make bench-ladder: the fusing profile and the IPC ladder over the benchmark suite (make suite, the
# small inputs), m0 / m1 / m2 / macro with hu-smith, under ideal memory and under the realistic
# machine (--caches=realistic --bpred=gshare), side by side, with the miss and misprediction
# rates and the cycles lost to each (docs/fusion.md "The ladder on the suite"): $(LADDER_OUT).
# Runs done are kept (tools/sweep); LADDER_SIZE=test for a quick look.
LADDER_OUT ?= $(BENCH_OUT)/ladder
LADDER_SIZE ?= small
BENCH_LADDER = $(BENCH_PY) bench/fusion.py --morph $(MORPH) --out $(LADDER_OUT) --suite $(SUITE_OUT):$(LADDER_SIZE) \
	--heuristic hu-smith --core m1 --core m2 --core macro --memory ideal --memory realistic
bench-ladder: $(MORPH) $(FIRMWARE) $(SUITE_OUT)/.built bench/fusion.py
	@mkdir -p $(LADDER_OUT)
	@$(BENCH_LADDER) --list > $(LADDER_OUT)/jobs.txt
	@echo "bench-ladder: $$(wc -l < $(LADDER_OUT)/jobs.txt) jobs in $(LADDER_OUT)/jobs.txt"
	@rc=0; $(BENCH_PY) tools/sweep run --runner $(RUNNER) --jobs $(JOBS) $(SWEEP_ARGS) $(LADDER_OUT)/jobs.txt || rc=$$?; \
	$(BENCH_LADDER) --collect || rc=1; exit $$rc
