# make bench: interp vs bbt vs superblocks on a fixed set of programs (bench/bench.py,
# docs/translator.md): $(BUILD)/bench/bench.txt (also printed) and bench.csv; then the fusion
# figures (bench/fusion.py, docs/fusion.md): $(BUILD)/bench/fusion/.
BENCH_OUT := $(BUILD)/bench
BENCH_C := compute qsort hashtable bytecode_vm deep_recursion
BENCH_C_BINS := $(foreach p,$(BENCH_C),$(TESTS_OUT)/x86/c/$(p)-O2)

BENCH_PROGS = $(foreach b,$(BENCH_C_BINS),--prog "$(notdir $(b))=$(b)") \
	--prog "bb-sha256sum=$(BUSYBOX) sha256sum $(BB_IN)/data.txt" \
	--prog "bb-bzip2=$(BUSYBOX) bzip2 -c $(BB_IN)/data.txt"
# Debian's python3 (python3-matplotlib, installed by make deps), whatever python3 is first on PATH
BENCH_PY := $(firstword $(wildcard /usr/bin/python3) $(PYTHON))
# BENCH_FUSION_OPTS: a subset or variant, e.g. "--heuristic hu-smith --sched off" (bench/fusion.py -h)
BENCH_FUSION = $(BENCH_PY) bench/fusion.py --morph $(MORPH) --out $(BENCH_OUT)/fusion $(BENCH_PROGS) $(BENCH_FUSION_OPTS)

# make bench: the translator table, then the fusion figures (bench/fusion.py, docs/fusion.md).
.PHONY: bench bench-fusion bench-fusion-jobs bench-fusion-collect
bench: bench-translator bench-fusion
bench-fusion: $(MORPH) $(FIRMWARE) $(BENCH_C_BINS) $(BB_IN)/.stamp bench/fusion.py
	$(BENCH_FUSION)
# The same sweep as a job list (GNU parallel: `parallel < jobs.txt`; Slurm: bench/fusion.sbatch),
# then the tables and figures from what the jobs wrote.
bench-fusion-jobs: $(MORPH) $(FIRMWARE) $(BENCH_C_BINS) $(BB_IN)/.stamp
	@mkdir -p $(BENCH_OUT)/fusion
	$(BENCH_FUSION) --list > $(BENCH_OUT)/fusion/jobs.txt
	@echo "bench: $$(wc -l < $(BENCH_OUT)/fusion/jobs.txt) jobs in $(BENCH_OUT)/fusion/jobs.txt"
bench-fusion-collect:
	$(BENCH_FUSION) --collect
.PHONY: bench-translator
bench-translator: $(MORPH) $(FIRMWARE) $(BENCH_C_BINS) $(BB_IN)/.stamp bench/bench.py
	@mkdir -p $(BENCH_OUT)
	$(PYTHON) bench/bench.py --morph $(MORPH) --out $(BENCH_OUT) $(BENCH_PROGS)
