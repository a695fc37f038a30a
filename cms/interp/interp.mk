# Interpreter stage of the CMS firmware: the x86 decode layer (translator/xl_decode.c, shared with
# the translator), the interpreter (cms/interp/) and Zydis's decoder compiled for RV32.
# Exports INTERP_OBJS for the firmware link in cms/cms.mk (which includes this file).

# Fallback when cms/cms.mk did not define the firmware flags first (same flags as the brief).
CMS_CFLAGS ?= -march=rv32im_zicsr -mabi=ilp32 -O2 -g -std=c11 -Wall -Wextra -ffreestanding \
	-nostdlib -I$(GEN) -Iinclude -Icms -Iconcealed-mem -isystem /usr/lib/picolibc/riscv64-unknown-elf/include

INTERP_OBJDIR := $(BUILD)/obj/interp
ZYDIS_DIR ?= $(BUILD)/deps/zydis
ZYCORE_SYS_INC ?= /usr/include
# Zycore 1.4.1's Defines.h stops at "Unsupported architecture" for 32-bit RISC-V: a patched copy
# of its headers goes to build/gen/zycore (the system copy is never touched).
ZYCORE_GEN := $(GEN)/zycore
ZYCORE_STAMP := $(ZYCORE_GEN)/.stamp

ZYDIS_RV_FLAGS := -DZYAN_NO_LIBC -DZYDIS_STATIC_BUILD -DZYDIS_DISABLE_ENCODER \
	-DZYDIS_DISABLE_FORMATTER -DZYDIS_DISABLE_SEGMENT -DZYDIS_DISABLE_KNC -DNDEBUG \
	-I$(ZYCORE_GEN) -I$(ZYDIS_DIR)/include -I$(ZYDIS_DIR)/src
# Zydis's own sources are compiled with the firmware flags minus our warnings policy.
ZYDIS_SRCS := Decoder.c DecoderData.c MetaInfo.c Mnemonic.c Register.c SharedData.c Utils.c Zydis.c
ZYDIS_RV_OBJS := $(addprefix $(INTERP_OBJDIR)/zydis/,$(ZYDIS_SRCS:.c=.o))

INTERP_SRCS := translator/xl_decode.c cms/interp/interp.c cms/interp/x87.c
INTERP_OWN_OBJS := $(patsubst %.c,$(INTERP_OBJDIR)/%.o,$(INTERP_SRCS))
# x87: the soft-float library (softfloat/softfloat.mk, included before cms/cms.mk).
INTERP_OBJS := $(INTERP_OWN_OBJS) $(ZYDIS_RV_OBJS) $(SOFTFLOAT_FW_OBJS)

$(ZYCORE_STAMP): $(ZYCORE_SYS_INC)/Zycore/Defines.h cms/interp/interp.mk
	rm -rf $(ZYCORE_GEN) && mkdir -p $(ZYCORE_GEN)
	cp -r $(ZYCORE_SYS_INC)/Zycore $(ZYCORE_GEN)/Zycore
	sed -i 's/^#elif defined(__riscv) && __riscv_xlen == 64$$/#elif defined(__riscv) \&\& __riscv_xlen == 32\n#   define ZYAN_RISCV32\n&/' \
		$(ZYCORE_GEN)/Zycore/Defines.h
	grep -q ZYAN_RISCV32 $(ZYCORE_GEN)/Zycore/Defines.h
	touch $@

$(INTERP_OBJDIR)/zydis/%.o: $(ZYDIS_DIR)/src/%.c $(ZYCORE_STAMP)
	@mkdir -p $(dir $@)
	$(RV_CC) $(CMS_CFLAGS) -w $(ZYDIS_RV_FLAGS) -c $< -o $@

$(INTERP_OBJDIR)/%.o: %.c $(ZYCORE_STAMP) $(GEN)/morph_isa.h translator/xl_decode.h cms/cms_interp.h
	@mkdir -p $(dir $@)
	$(RV_CC) $(CMS_CFLAGS) $(ZYDIS_RV_FLAGS) -Itranslator $(SOFTFLOAT_CFLAGS) -c $< -o $@
$(INTERP_OBJDIR)/cms/interp/x87.o: cms/interp/x87.h softfloat/sf_x80.h cms/cms_cpu.h

.PHONY: interp
interp: $(INTERP_OBJS)
