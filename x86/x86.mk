# x86 front end of the CMS firmware (x86/): the decode layer (xl_decode.c), the facts table
# (xl_ops.h, header only), the decoded-instruction cache (xl_dcache.c) and Zydis's decoder
# compiled for RV32. The interpreter and the
# translators both use it; neither builds it. Exports FE_OBJS for the firmware link in
# cms/cms.mk (which includes this file before the tiers) and FE_CFLAGS for the tiers.

FE_OBJDIR := $(BUILD)/obj/x86
ZYDIS_DIR ?= $(BUILD)/deps/zydis
ZYCORE_SYS_INC ?= /usr/include
# Zycore 1.4.1's Defines.h stops at "Unsupported architecture" for 32-bit RISC-V: a patched copy
# of its headers goes to build/gen/zycore (the system copy is never touched).
ZYCORE_GEN := $(GEN)/zycore
ZYCORE_STAMP := $(ZYCORE_GEN)/.stamp

# -DZYAN_CUSTOM_LIBC: the C library functions Zydis uses are picolibc's (x86/xl_zyan_libc.h).
ZYDIS_RV_FLAGS := -DZYAN_NO_LIBC -DZYAN_CUSTOM_LIBC -include x86/xl_zyan_libc.h -DZYDIS_STATIC_BUILD -DZYDIS_DISABLE_ENCODER \
	-DZYDIS_DISABLE_FORMATTER -DZYDIS_DISABLE_SEGMENT -DZYDIS_DISABLE_KNC -DNDEBUG \
	-I$(ZYCORE_GEN) -I$(ZYDIS_DIR)/include -I$(ZYDIS_DIR)/src
# Zydis's own sources are compiled with the firmware flags minus our warnings policy.
ZYDIS_SRCS := Decoder.c DecoderData.c MetaInfo.c Mnemonic.c Register.c SharedData.c Utils.c Zydis.c
ZYDIS_RV_OBJS := $(addprefix $(FE_OBJDIR)/zydis/,$(ZYDIS_SRCS:.c=.o))

# What a tier adds to its flags to use the front end (xl_decode.h, xl_ops.h, xl_dcache.h).
FE_CFLAGS := -Ix86
# The decoder: xl_decode.c (Zydis) and the fast path it tries first; host tests build both.
FE_DECODE_SRCS := x86/xl_decode.c x86/xl_fastdec.c
FE_HDRS := x86/xl_decode.h x86/xl_ops.h x86/xl_dcache.h $(GEN)/morph_isa.h $(GEN)/xl_modrm_tab.h
FE_OBJS := $(FE_OBJDIR)/xl_decode.o $(FE_OBJDIR)/xl_fastdec.o $(FE_OBJDIR)/xl_dcache.o $(ZYDIS_RV_OBJS)

# The fast decoder's ModRM/SIB tables, from the decode assist's C definition (one fact).
$(GEN)/xl_modrm_tab.h: tools/gen-xmodrm.c include/morph/xdec.h
	@mkdir -p $(@D) $(BUILD)/obj/tools
	$(HOST_CC) -O1 -Wall -Iinclude $< -o $(BUILD)/obj/tools/gen-xmodrm
	$(BUILD)/obj/tools/gen-xmodrm > $@.tmp && mv $@.tmp $@

$(ZYCORE_STAMP): $(ZYCORE_SYS_INC)/Zycore/Defines.h x86/x86.mk
	rm -rf $(ZYCORE_GEN) && mkdir -p $(ZYCORE_GEN)
	cp -r $(ZYCORE_SYS_INC)/Zycore $(ZYCORE_GEN)/Zycore
	sed -i 's/^#elif defined(__riscv) && __riscv_xlen == 64$$/#elif defined(__riscv) \&\& __riscv_xlen == 32\n#   define ZYAN_RISCV32\n&/' \
		$(ZYCORE_GEN)/Zycore/Defines.h
	grep -q ZYAN_RISCV32 $(ZYCORE_GEN)/Zycore/Defines.h
	touch $@

$(FE_OBJDIR)/zydis/%.o: $(ZYDIS_DIR)/src/%.c $(ZYCORE_STAMP) x86/xl_zyan_libc.h
	@mkdir -p $(dir $@)
	$(RV_CC) $(CMS_CFLAGS) -w $(ZYDIS_RV_FLAGS) -c $< -o $@

$(FE_OBJDIR)/xl_decode.o: x86/xl_decode.c $(FE_HDRS) $(ZYCORE_STAMP)
	@mkdir -p $(dir $@)
	$(RV_CC) $(CMS_CFLAGS) $(ZYDIS_RV_FLAGS) $(FE_CFLAGS) -MMD -MP -c $< -o $@

# The fast decoder names Zydis's mnemonic ids (the enum header alone) and nothing else of it;
# -O3 as the translator: it runs once per decode-cache miss, on the start-up path.
$(FE_OBJDIR)/xl_fastdec.o: x86/xl_fastdec.c $(FE_HDRS) $(ZYCORE_STAMP)
	@mkdir -p $(dir $@)
	$(RV_CC) $(CMS_CFLAGS) -O3 $(ZYDIS_RV_FLAGS) $(FE_CFLAGS) -MMD -MP -c $< -o $@

# The cache uses the platform (cms/: heap, guest loads, page map, hooks), never Zydis.
$(FE_OBJDIR)/xl_dcache.o: x86/xl_dcache.c $(FE_HDRS) cms/cms.h cms/cms_guest.h cms/cms_mm.h
	@mkdir -p $(dir $@)
	$(RV_CC) $(CMS_CFLAGS) $(FE_CFLAGS) -MMD -MP -c $< -o $@

# The headers each one includes (include/morph/htif.h's struct morph_config, say): a change there
# must rebuild it, or the firmware reads its configuration with two layouts.
-include $(wildcard $(FE_OBJDIR)/*.d)

.PHONY: x86
x86: $(FE_OBJS)
