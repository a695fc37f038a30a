# tests/inthw/inthw.mk: the integer instruction harness (included by tests/tests.mk;
# docs/testing.md, "Integer instruction harness").
#
#   make test-inthw        every form: the host CPU (x86-64 build) vs morph (i386 build), CI-sized
#   make test-inthw-full   the same with INTHW_FULL_CASES cases per form (long)
#
# INTHW_CASES, INTHW_INTERP_CASES, INTHW_SEED: cases per form, cases per form of the
# --emulation=interp test, seed.

INTHW_DIR := $(TESTS_OUT)/inthw
INTHW32 := $(INTHW_DIR)/inthw32
INTHW64 := $(INTHW_DIR)/inthw64
INTCMP := $(INTHW_DIR)/intcmp
INTHW_CASES ?= 2000
INTHW_INTERP_CASES ?= 32
INTHW_FULL_CASES ?= 50000
INTHW_FULL_INTERP_CASES ?= 1000
INTHW_SEED ?= 1
INTHW_SRCS := tests/inthw/inthw.c tests/inthw/forms.def tests/tools/outbuf.h

.PHONY: test-inthw test-inthw-full inthw-build

$(INTHW32): $(INTHW_SRCS)
	@mkdir -p $(@D)
	$(X86_CC) $(X86_CFLAGS) -O2 -Wall -Wextra -Itests/tools -o $@ $<
$(INTHW64): $(INTHW_SRCS)
	@mkdir -p $(@D)
	$(HOST_CC) -static -fno-pie -no-pie -O2 -Wall -Wextra -Itests/tools -o $@ $<
$(INTCMP): tests/inthw/intcmp.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $< -o $@ -lZydis -lZycore

inthw-build: $(INTHW32) $(INTHW64) $(INTCMP)

# A group of 2000 cases x 125 forms takes about 19.5 G cycles (inthw-alu, mostly the firmware's
# decoding of each generated instruction): twice the default bound of tests/lib/common.sh.
test-inthw: $(INTHW32) $(INTHW64) $(INTCMP) $(TEST_MORPH_DEPS)
	@MORPH_MAX_CYCLES=40000000000 tests/run-inthw.sh --bin $(INTHW32) --host-bin $(INTHW64) --cmp $(INTCMP) \
		--work $(TESTS_WORK)/inthw/run --cases $(INTHW_CASES) --interp-cases $(INTHW_INTERP_CASES) \
		--seed $(INTHW_SEED)

# Tens of minutes of model time per group: no cycle bound, a 6-hour wall-clock limit per run.
test-inthw-full: $(INTHW32) $(INTHW64) $(INTCMP) $(TEST_MORPH_DEPS)
	@MORPH_MAX_CYCLES=100000000000000 MORPH_TIMEOUT=21600 tests/run-inthw.sh --bin $(INTHW32) \
		--host-bin $(INTHW64) --cmp $(INTCMP) --work $(TESTS_WORK)/inthw/run-full \
		--cases $(INTHW_FULL_CASES) --interp-cases $(INTHW_FULL_INTERP_CASES) --seed $(INTHW_SEED)
