# make bench: interp vs bbt on a fixed set of programs (bench/bench.py, docs/translator.md).
# Writes $(BUILD)/bench/bench.txt (the table also goes to stdout) and $(BUILD)/bench/bench.csv.
BENCH_OUT := $(BUILD)/bench
BENCH_C := compute qsort hashtable bytecode_vm deep_recursion
BENCH_C_BINS := $(foreach p,$(BENCH_C),$(TESTS_OUT)/x86/c/$(p)-O2)

.PHONY: bench
bench: $(MORPH) $(FIRMWARE) $(BENCH_C_BINS) $(BB_IN)/.stamp bench/bench.py
	@mkdir -p $(BENCH_OUT)
	$(PYTHON) bench/bench.py --morph $(MORPH) --out $(BENCH_OUT) \
		$(foreach b,$(BENCH_C_BINS),--prog "$(notdir $(b))=$(b)") \
		--prog "bb-sha256sum=$(BUSYBOX) sha256sum $(BB_IN)/data.txt" \
		--prog "bb-bzip2=$(BUSYBOX) bzip2 -c $(BB_IN)/data.txt"
