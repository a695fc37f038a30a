# C model of the morph core and the `morph` command-line tool (sim/), and the ISA tests
# (tests/isa/) that run on it.
#
#   make build/bin/morph    the model + CLI
#   make test-isa           assemble tests/isa/*.S for RV32 and run each with `morph sim`

SIM_SRCS := $(filter-out sim/sim_rtl.c sim/sim_cosim.c,$(wildcard sim/*.c))
SIM_OBJS := $(patsubst sim/%.c,$(HOST_BUILD)/obj/sim/%.o,$(SIM_SRCS))
SIM_CFLAGS := $(HOST_CFLAGS) $(HOST_SAN) -Isim -Iinclude -I$(GEN) -MMD -MP

$(HOST_BUILD)/obj/sim/%.o: sim/%.c $(GEN)/morph_isa.h
	@mkdir -p $(dir $@)
	$(HOST_CC) $(SIM_CFLAGS) -c $< -o $@

# morph_main.c prints the firmware's defaults in its options' table (sim/morph_opts.def); the
# RTL engine's build of it (rtl/rtl.mk) takes the same
MORPH_MAIN_CFLAGS := -Icms -Ix86 -Itranslator -DMORPH_SYSROOT_DEFAULT='"$(abspath $(BUILD)/deps/i386-root)"'
$(HOST_BUILD)/obj/sim/morph_main.o: SIM_CFLAGS += $(MORPH_MAIN_CFLAGS)

# (a sanitized morph, $(HOST_BUILD)/bin/morph, finds the normal build's firmware through
# $(HOST_BUILD)/fw -> ../fw)
$(MORPH): $(SIM_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_SAN) -o $@ $(SIM_OBJS) -lZydis
	$(if $(HOST_SAN),ln -sfn ../fw $(HOST_BUILD)/fw)

-include $(SIM_OBJS:.o=.d)

# The statistics (include/morph/stats.def) are the one source of truth for the report and
# docs/stats.md: tools/stats.py checks the definition before the report code builds,
# `make stats-doc` regenerates the page, `make test-stats-doc` checks it is current.
$(GEN)/stats.checked: include/morph/stats.def include/morph/cmsact.h tools/stats.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/stats.py --out $@.md
	@touch $@
$(HOST_BUILD)/obj/sim/sim_stats.o: $(GEN)/stats.checked
.PHONY: stats-doc test-stats-doc
stats-doc:
	$(PYTHON) tools/stats.py --out docs/stats.md
test-stats-doc:
	@$(PYTHON) tools/stats.py --check docs/stats.md

# ISA tests: bare RV32 programs, exit status 0 = pass, else the number of the failing check.
ISA_TEST_SRCS := $(wildcard tests/isa/*.S)
ISA_TEST_ELFS := $(patsubst tests/isa/%.S,$(BUILD)/tests/isa/%.elf,$(ISA_TEST_SRCS))
ISA_TEST_ASMH := $(GEN)/morph_isa.h
ISA_TEST_CFLAGS := -march=rv32im_zicsr -mabi=ilp32 -nostdlib -nostartfiles -static \
	-L$(GEN) -Wl,-T,tests/isa/link.ld -Wl,--no-relax -Wl,--no-warn-rwx-segments -I$(GEN) -Itests/isa -Iinclude

$(BUILD)/tests/isa/%.elf: tests/isa/%.S tests/isa/test.h tests/isa/link.ld $(ISA_TEST_ASMH)
	@mkdir -p $(dir $@)
	$(RV_CC) $(ISA_TEST_CFLAGS) -o $@ $<

.PHONY: test-isa
test-isa: $(MORPH) $(ISA_TEST_ELFS)
	@pass=0; fail=0; \
	for t in $(ISA_TEST_ELFS); do \
	  $(MORPH) sim --max-cycles 10000000 --stats-json $$t.json $$t; rc=$$?; \
	  if [ $$rc -eq 0 ] && ! $(PYTHON) tests/isa/check_stats.py $$t.json; then rc=254; fi; \
	  if [ $$rc -eq 0 ]; then pass=$$((pass+1)); echo "PASS $$t"; \
	  else fail=$$((fail+1)); echo "FAIL $$t (status $$rc: failing check number; 254 = inconsistent statistics)"; fi; \
	done; \
	t=$(BUILD)/tests/isa/xmodrm.elf; \
	if $(MORPH) sim --core-opt xdec=1 --max-cycles 10000000 --stats-json $$t.xdec.json $$t && \
	   $(PYTHON) tests/isa/check_stats.py $$t.xdec.json && \
	   $(PYTHON) -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["traps"] != {})' $$t.xdec.json; then \
	  pass=$$((pass+1)); echo "PASS $$t with the decode assist (xdec=1: no trap)"; \
	else fail=$$((fail+1)); echo "FAIL $$t with the decode assist (xdec=1)"; fi; \
	if $(MORPH) selftest >/dev/null; then pass=$$((pass+1)); echo "PASS morph selftest"; \
	else fail=$$((fail+1)); echo "FAIL morph selftest"; fi; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]

# Model speed: firmware-like RV32 code on `morph sim` (reports I-ops/s).
BENCH_ELF := $(BUILD)/tests/bench/bench.elf
$(BENCH_ELF): sim/bench/bench.c tests/isa/link.ld $(GEN)/morph_facts.h $(GEN)/morph_facts.ld
	@mkdir -p $(dir $@)
	$(RV_CC) -march=rv32im_zicsr -mabi=ilp32 -O2 -ffreestanding -nostdlib -nostartfiles -static \
	  -Iinclude -I$(GEN) -L$(GEN) -Wl,-T,tests/isa/link.ld -Wl,--no-warn-rwx-segments -o $@ $<

.PHONY: bench-model
bench-model: $(MORPH) $(BENCH_ELF)
	$(MORPH) sim --stats $(BENCH_ELF) 2>&1 | grep -E 'I-ops retired|cycles  |IPC|host seconds|model speed'
