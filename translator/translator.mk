# Basic-block translator stage of the CMS firmware (docs/translator.md): the pipeline (xl_bbt.c
# driver, xl_lift.c, xl_pass_*.c, xl_encode.c), code cache (xl_cache.c), dispatcher
# (xl_dispatch.c) and the translated-mode entry stub (xl_enter.S), over the x86 front end
# (x86/x86.mk: decode, decoded-instruction cache, facts table). Exports XL_OBJS for the
# firmware link in cms/cms.mk.

XL_OBJDIR := $(BUILD)/obj/translator
# the pipeline alone (pure code generation; the host tests build it too)
# (fusion/: the fusion heuristics, one file each, docs/fusion.md)
XL_PIPELINE_SRCS := translator/xl_bbt.c translator/xl_lift.c translator/xl_pass_flags.c \
	translator/xl_pass_rle.c translator/xl_pass_cprop.c translator/xl_pass_incr.c translator/xl_pass_sched.c translator/xl_pass_fuse.c \
	translator/xl_region.c translator/xl_encode.c fusion/fuse.c $(sort $(wildcard fusion/fuse_*.c))
XL_SRCS := $(XL_PIPELINE_SRCS) translator/xl_cache.c translator/xl_dispatch.c translator/xl_sbt.c translator/xl_log.c
XL_OBJS := $(patsubst %.c,$(XL_OBJDIR)/%.o,$(notdir $(XL_SRCS))) $(XL_OBJDIR)/xl_enter.o

# -O3: the translator's cost per x86 instruction (dBBT) is part of every run; -O3 cuts it by
# about 1.5 cycles (compute-O2, measured) for a larger image (no caches: free).
# -flto: the translator's and the fusion heuristics' files are optimized as one at the firmware's
# link (cms/cms.mk), so the dispatcher's decode-cache fetch inlines into the block loop and the
# pipeline's calls across files inline: dBBT -5% (make bench-startup), dSBT -4%, the image 5 KB
# smaller. The front end (x86/) and the rest of the firmware gained nothing from it (measured)
# and stay as they are.
XL_LTO := -flto
$(XL_OBJDIR)/%.o: translator/%.c $(GEN)/morph_isa.h translator/translator.mk
	@mkdir -p $(dir $@)
	$(RV_CC) $(CMS_CFLAGS) -O3 $(XL_LTO) $(FE_CFLAGS) -Itranslator -Ifusion -MMD -MP -c $< -o $@
$(XL_OBJDIR)/%.o: fusion/%.c $(GEN)/morph_isa.h translator/translator.mk
	@mkdir -p $(dir $@)
	$(RV_CC) $(CMS_CFLAGS) $(XL_LTO) -Ifusion -MMD -MP -c $< -o $@
$(XL_OBJDIR)/xl_enter.o: translator/xl_enter.S $(GEN)/morph_isa.h
	@mkdir -p $(dir $@)
	$(RV_CC) $(CMS_ASFLAGS) -MMD -MP -c $< -o $@
-include $(wildcard $(XL_OBJDIR)/*.d)
