# Interpreter stage of the CMS firmware: the interpreter and its x87 layer (cms/interp/), over
# the x86 front end (x86/x86.mk: decode, decoded-instruction cache, facts table, Zydis).
# Exports INTERP_OBJS for the firmware link in cms/cms.mk (which includes this file).

# Fallback when cms/cms.mk did not define the firmware flags first (same flags as the brief).
CMS_CFLAGS ?= -march=rv32im_zicsr -mabi=ilp32 -O2 -g -std=c11 -Wall -Wextra -ffreestanding \
	-nostdlib -I$(GEN) -Iinclude -Icms -Iconcealed-mem -isystem /usr/lib/picolibc/riscv64-unknown-elf/include

INTERP_OBJDIR := $(BUILD)/obj/interp
INTERP_SRCS := cms/interp/interp.c cms/interp/x87.c
INTERP_OWN_OBJS := $(patsubst %.c,$(INTERP_OBJDIR)/%.o,$(INTERP_SRCS))
# x87: the soft-float library (softfloat/softfloat.mk, included before cms/cms.mk).
INTERP_OBJS := $(INTERP_OWN_OBJS) $(SOFTFLOAT_FW_OBJS)

$(INTERP_OBJDIR)/%.o: %.c $(FE_HDRS) cms/cms_interp.h
	@mkdir -p $(dir $@)
	$(RV_CC) $(CMS_CFLAGS) $(FE_CFLAGS) $(SOFTFLOAT_CFLAGS) -MMD -MP -c $< -o $@
$(INTERP_OBJDIR)/cms/interp/x87.o: cms/interp/x87.h softfloat/sf_x80.h cms/cms_cpu.h
-include $(wildcard $(INTERP_OBJDIR)/cms/interp/*.d)

.PHONY: interp
interp: $(INTERP_OBJS)
