# softfloat/softfloat.mk: the x87 80-bit soft-float library (included by the top Makefile).
#
#   SOFTFLOAT_SRCS       library sources (plain C11, integer only; firmware and host)
#   SOFTFLOAT_HDRS       its headers (sf_x80.h is the API; sf_internal.h is private)
#   SOFTFLOAT_CFLAGS     include flag for users of sf_x80.h
#   SOFTFLOAT_FW_OBJS    RV32 objects built with $(CMS_CFLAGS) under $(BUILD)/obj/softfloat/,
#                        for the firmware link (add to INTERP_OBJS or CMS_OBJS)
#
#   make test-softfloat-full   host differential test vs the host x87, 100000 cases per op
#                              (SF_DIFF_N=..., SF_DIFF_SEED=..., SF_DIFF_ONLY=op-substring)
#   make softfloat-cost        RV32 cost harness on `morph sim`: instructions and cycles per op,
#                              and the RV32 results checksum compared with the host build's

SOFTFLOAT_SRCS := softfloat/sf_round.c softfloat/sf_add.c softfloat/sf_mul.c softfloat/sf_div.c \
	softfloat/sf_sqrt.c softfloat/sf_rem.c softfloat/sf_cmp.c softfloat/sf_conv.c \
	softfloat/sf_bcd.c softfloat/sf_misc.c softfloat/sf_trans.c
SOFTFLOAT_HDRS := softfloat/sf_x80.h softfloat/sf_internal.h
SOFTFLOAT_CFLAGS := -Isoftfloat
SOFTFLOAT_FW_OBJS := $(patsubst softfloat/%.c,$(BUILD)/obj/softfloat/%.o,$(SOFTFLOAT_SRCS))

$(BUILD)/obj/softfloat/%.o: softfloat/%.c $(SOFTFLOAT_HDRS)
	@mkdir -p $(@D)
	$(RV_CC) $(CMS_CFLAGS) $(SOFTFLOAT_CFLAGS) -MMD -MP -c $< -o $@
-include $(wildcard $(BUILD)/obj/softfloat/*.d)

# ---- host differential test -----------------------------------------------------------------
SF_DIFF_BIN := $(BUILD)/tests/softfloat/sf_difftest
SF_DIFF_N ?= 100000
SF_DIFF_SEED ?= 1
SF_DIFF_ONLY ?=

$(SF_DIFF_BIN): $(SOFTFLOAT_SRCS) $(SOFTFLOAT_HDRS) tests/softfloat/sf_diff.c \
		tests/softfloat/sf_diff.h tests/softfloat/sf_difftest.c tests/tools/x87probe.h
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(SOFTFLOAT_CFLAGS) -Itests/softfloat -Itests/tools $(SOFTFLOAT_SRCS) \
		tests/softfloat/sf_diff.c tests/softfloat/sf_difftest.c -o $@

.PHONY: test-softfloat-full softfloat-cost
test-softfloat-full: $(SF_DIFF_BIN)
	$(SF_DIFF_BIN) $(SF_DIFF_N) $(SF_DIFF_SEED) $(SF_DIFF_ONLY)

# ---- RV32 cost harness ----------------------------------------------------------------------
SF_COST_ELF := $(BUILD)/tests/softfloat/sf_cost.elf
SF_COST_HOST := $(BUILD)/tests/softfloat/sf_cost_host

$(SF_COST_ELF): $(SOFTFLOAT_SRCS) $(SOFTFLOAT_HDRS) tests/softfloat/sf_cost.c tests/isa/link.ld $(GEN)/morph_facts.h $(GEN)/morph_facts.ld
	@mkdir -p $(@D)
	$(RV_CC) -march=rv32im_zicsr -mabi=ilp32 -O2 -std=c11 -ffreestanding -nostdlib \
		-nostartfiles -static -Iinclude -I$(GEN) -L$(GEN) $(SOFTFLOAT_CFLAGS) -Wl,-T,tests/isa/link.ld \
		-Wl,--no-warn-rwx-segments -o $@ tests/softfloat/sf_cost.c $(SOFTFLOAT_SRCS) $(CMS_LIBGCC)
$(SF_COST_HOST): $(SOFTFLOAT_SRCS) $(SOFTFLOAT_HDRS) tests/softfloat/sf_cost.c $(GEN)/morph_facts.h
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -DSF_COST_HOST -Iinclude -I$(GEN) $(SOFTFLOAT_CFLAGS) tests/softfloat/sf_cost.c \
		$(SOFTFLOAT_SRCS) -o $@

softfloat-cost: $(MORPH) $(SF_COST_ELF) $(SF_COST_HOST)
	@$(MORPH) sim --max-cycles 200000000 $(SF_COST_ELF) 2>&1 | tee $(SF_COST_ELF).log
	@host=$$($(SF_COST_HOST) | grep checksum); rv=$$(grep checksum $(SF_COST_ELF).log); \
	if [ "$$host" = "$$rv" ]; then echo "RV32 results match the host build ($$host)"; \
	else echo "RV32 results differ from the host build: host '$$host', rv32 '$$rv'"; exit 1; fi
