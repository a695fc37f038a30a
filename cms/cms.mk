# CMS firmware for the modeled RV32 core: boot ROM, firmware ELF, flash image.
#   build/fw/bootrom.bin  reset code at 0x1000 (concealed-mem/bootrom.S)
#   build/fw/cms.elf      firmware linked at 0x80000000 (concealed-mem/cms.ld)
#   build/fw/cms.img      flash image: header + blob (tools/mkimage.py)
# The x86 front end (x86/x86.mk) adds FE_OBJS, Zydis included; the interpreter stage
# (cms/interp/interp.mk) adds INTERP_OBJS and the translator (translator/translator.mk) XL_OBJS.

PICOLIBC ?= /usr/lib/picolibc/riscv64-unknown-elf
PICOLIBC_LIBC := $(PICOLIBC)/lib/release/rv32im/ilp32/libc.a
FW := $(BUILD)/fw
CMS_OBJDIR := $(BUILD)/obj/cms

CMS_CFLAGS := -march=rv32im_zicsr -mabi=ilp32 -O2 -g -std=c11 -Wall -Wextra -ffreestanding \
	-nostdlib -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-I$(GEN) -Iinclude -Icms -Iconcealed-mem -isystem $(PICOLIBC)/include
CMS_ASFLAGS := -march=rv32im_zicsr -mabi=ilp32 -Iconcealed-mem -I$(GEN) -Iinclude
# Link as plain rv32im so that gcc's multilib selection finds the rv32im/ilp32 libgcc.
CMS_LIBGCC := $(shell $(RV_CC) -march=rv32im -mabi=ilp32 -print-libgcc-file-name 2>/dev/null)
CMS_LDFLAGS := -march=rv32im -mabi=ilp32 -nostdlib -nostartfiles -static \
	-Wl,--gc-sections -Wl,--no-warn-rwx-segments
# The link compiles the translator's LTO objects (translator/translator.mk): at the translator's
# -O3, and with Zicsr, which their inline CSR accesses need (the -march above only picks libgcc).
CMS_LTO_LDFLAGS := -flto=auto -O3 -march=rv32im_zicsr

CMS_SRCS := cms/cms_main.c cms/cms_rt.c cms/cms_printf.c cms/cms_htif.c cms/cms_trap.c \
	cms/cms_mm.c cms/cms_elf.c cms/cms_stack.c cms/cms_uaccess.c cms/cms_sysabi.c \
	cms/cms_syscall.c cms/cms_signal.c cms/cms_futex.c cms/cms_thread.c cms/cms_sysnames.c \
	cms/cms_strace.c cms/cms_gdb.c cms/cms_desc.c
CMS_OBJS := $(CMS_OBJDIR)/start.o $(patsubst cms/%.c,$(CMS_OBJDIR)/%.o,$(CMS_SRCS))

include x86/x86.mk
-include cms/interp/interp.mk
include translator/translator.mk

.PHONY: firmware
firmware: $(FW)/bootrom.bin $(FW)/cms.img
all: firmware

# i386 system call names for log lines, from the host's kernel headers when present.
SYSCALL_HDR ?= $(firstword $(wildcard /usr/include/x86_64-linux-gnu/asm/unistd_32.h \
	/usr/include/i386-linux-gnu/asm/unistd_32.h /usr/include/asm/unistd_32.h))
$(GEN)/cms_sysnames.h: $(SYSCALL_HDR) cms/cms.mk
	@mkdir -p $(dir $@)
	echo '/* Generated from the host asm/unistd_32.h by cms/cms.mk. */' > $@.tmp
	if [ -n "$(SYSCALL_HDR)" ]; then awk '$$1 == "#define" && $$2 ~ /^__NR_/ && $$3 ~ /^[0-9]+$$/ \
	    { printf "[%s] = \"%s\",\n", $$3, substr($$2, 6) }' $(SYSCALL_HDR) >> $@.tmp; fi
	mv $@.tmp $@

# The system call table (cms/cms_systab.h) is the one source of truth for docs/syscalls.md:
# tools/syscalls.py checks it against sysabi.h and the kernel's names before the firmware
# builds, `make syscalls-doc` regenerates the page, `make test-syscalls-doc` checks it is current.
SYSCALLS_PY := $(PYTHON) tools/syscalls.py $(if $(SYSCALL_HDR),--unistd $(SYSCALL_HDR))
$(GEN)/systab.checked: cms/cms_systab.h include/morph/sysabi.h tools/syscalls.py
	@mkdir -p $(dir $@)
	$(SYSCALLS_PY) --out $@.md
	@touch $@
$(CMS_OBJDIR)/cms_syscall.o: $(GEN)/systab.checked
.PHONY: syscalls-doc test-syscalls-doc
syscalls-doc:
	$(SYSCALLS_PY) --out docs/syscalls.md
test-syscalls-doc:
	@$(SYSCALLS_PY) --check docs/syscalls.md

$(CMS_OBJDIR)/%.o: cms/%.c $(GEN)/morph_isa.h
	@mkdir -p $(dir $@)
	$(RV_CC) $(CMS_CFLAGS) -MMD -MP -c $< -o $@
$(CMS_OBJDIR)/cms_sysnames.o: $(GEN)/cms_sysnames.h
# cms_main.c is the dispatch layer: it starts the front end, the interpreter and the dispatcher.
$(CMS_OBJDIR)/cms_main.o: CMS_CFLAGS += $(FE_CFLAGS) -Itranslator -Ifusion
$(CMS_OBJDIR)/cms_gdb.o: CMS_CFLAGS += $(FE_CFLAGS)
$(CMS_OBJDIR)/start.o: cms/start.S concealed-mem/layout.h $(GEN)/morph_facts.h $(GEN)/morph_isa.h cms/cms_pte.h include/morph/cmsact.h include/morph/xlcode.h
	@mkdir -p $(dir $@)
	$(RV_CC) $(CMS_ASFLAGS) -MMD -MP -c $< -o $@
-include $(wildcard $(CMS_OBJDIR)/*.d)

$(FW)/cms.ld: concealed-mem/cms.ld concealed-mem/layout.h $(GEN)/morph_facts.h
	@mkdir -p $(dir $@)
	$(RV_CC) -E -P -x c -DMORPH_FACTS_PLAIN -Iconcealed-mem -I$(GEN) $< -o $@

# The firmware's own fuse marks (tools/fwfuse.c, docs/fusion.md "The firmware"): FW_FUSION is a
# heuristic (fusion/fuse_table.h; the translator's own rules), or none: hu-smith, since macro's
# collapsed address runs the ALU op and load pairs its moves make in one cycle (about 3% of a
# firmware-bound run on macro; m0, where a moved load's consumer can meet the load-use delay,
# pays 0.06-0.3%). The stamp rebuilds cms.elf when it changes.
FW_FUSION ?= hu-smith
FWFUSE := $(BUILD)/bin/fwfuse
$(FWFUSE): tools/fwfuse.c fusion/fuse.c $(wildcard fusion/fuse_*.c fusion/*.h) $(GEN)/morph_decode.h
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -I$(GEN) -Iinclude -Ifusion -o $@ tools/fwfuse.c fusion/fuse.c $(wildcard fusion/fuse_*.c)
$(FW)/.fw-fusion-$(FW_FUSION):
	@mkdir -p $(dir $@)
	@rm -f $(FW)/.fw-fusion-*
	@touch $@

$(FW)/cms.elf: $(CMS_OBJS) $(FE_OBJS) $(INTERP_OBJS) $(XL_OBJS) $(FW)/cms.ld $(FWFUSE) $(FW)/.fw-fusion-$(FW_FUSION)
	$(RV_CC) $(CMS_LDFLAGS) $(CMS_LTO_LDFLAGS) -T $(FW)/cms.ld -Wl,-Map,$(FW)/cms.map -o $@ \
		$(CMS_OBJS) $(FE_OBJS) $(INTERP_OBJS) $(XL_OBJS) $(PICOLIBC_LIBC) $(CMS_LIBGCC)
	$(FWFUSE) $(FW_FUSION) $@
	@$(RV_PREFIX)size $@

$(FW)/cms.img: $(FW)/cms.elf tools/mkimage.py $(GEN)/morph_facts.py
	$(PYTHON) tools/mkimage.py --gen $(GEN) --objcopy $(RV_OBJCOPY) $< $@
	@echo "firmware image: $$(stat -c %s $@) bytes"

$(FW)/bootrom.elf: concealed-mem/bootrom.S concealed-mem/layout.h $(GEN)/morph_facts.h
	@mkdir -p $(dir $@)
	$(RV_CC) $(CMS_ASFLAGS) -nostdlib -nostartfiles -Wl,-Ttext=$(MM_BOOTROM_BASE) -Wl,--no-warn-rwx-segments \
		-o $@ $<
$(FW)/bootrom.bin: $(FW)/bootrom.elf
	$(RV_OBJCOPY) -O binary $< $@
	@test $$(stat -c %s $@) -le $$(($(MM_BOOTROM_SIZE))) || { echo "boot ROM larger than 4 KiB"; rm -f $@; exit 1; }
