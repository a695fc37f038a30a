# tests/tests.mk: morph's test corpus and runners (included by the top Makefile).
#
#   make test-all        every suite below, then one summary
#   make test-unit       host unit tests (cmocka) declared by tests/unit/*.mk
#   make test-isa        ISA tests (defined in sim/sim.mk)
#   make test-x86        x86 register-dump (asm) and C programs: the reference run vs morph
#   make test-busybox    busybox applets from Debian's i386 archive: the reference run vs morph
#   make test-x86-interp, test-x86-bbt, test-busybox-interp, test-busybox-bbt
#                        the same in one emulation mode (x86 in bbt mode translates every block
#                        on first sight: --bbt-threshold=1); test-all runs both modes
#   make test-x86-dyn    the C programs at -O2 dynamically linked (PIE): the reference run with
#                        the host's i386 libraries vs morph with the default sysroot's
#   make test-x86-utf8, test-busybox-utf8
#                        the C programs and busybox with LANG=C.UTF-8 (GUEST_LANG; default mode)
#   make test-bbt        translator checks from --stats-json: JTLB hit rate, tiny code cache
#   make test-cores      every core configuration (--core) gives m0's results; cycles order as
#                        the cores do (tests/run-cores.py; timing rules: test-unit's cores)
#   make test-caches     every --caches preset gives the results and I-op counts of no caches; a
#                        missing fence.i is caught; tiny code cache (tests/run-caches.py)
#   make test-attack     concealed memory under attack: an i386 program's loads, stores, jumps,
#                        mmaps, system calls and signal frames aimed at the machine, 0 escapes
#   make test-strace     morph run --strace-file against strace -f on the native run (tests/run-strace.py)
#   make test-gdb        morph run -g driven by gdb-multiarch in batch mode: breakpoints, steps,
#                        registers, memory, to the exit (tests/run-gdb.py)
#   make test-log        morph run -d in_asm,out_asm,cms: the records against objdump and the
#                        statistics, the run unchanged (tests/run-log.py)
#   make test-cli        help, version, the man page current, the usage's options known and
#                        documented, errors naming the option and the valid values (tests/run-cli.py)
#   make test-hostlink   morph board + morph host over a pty against morph run (model and RTL boards),
#                        and each end against one scripted from the protocol (tests/run-hostlink.py)
#   make test-memory     the x86 corpus and busybox on realistic caches and predictors: the
#                        reference's results, ideal memory's x86 instruction counts
#   make test-bpred      every branch predictor (--bpred) gives none's results; the x86 return stack
#                        hits on call-heavy code (tests/run-bpred.py; timing rules: test-unit's bpred)
#   make test-sweep      a small fusion sweep serially, under GNU parallel and as a job array on a
#                        private single-node Slurm: identical results (tests/run-sweep.sh)
#   make test-bad-input  bad ELF files and guest faults: exit status and error line
#   make test-realprogs  real static programs from Debian's archive vs the reference, LANG=C and
#                        C.UTF-8 (tests/realprogs/realprogs.mk)
#   make test-syscalls-doc  docs/syscalls.md matches the system call table (cms/cms.mk)
#   make test-facts-lint    no machine fact of isa/*.tbl spelled by hand (tools/lint-facts.py)
#   make test-stats-doc  docs/stats.md matches include/morph/stats.def (sim/sim.mk)
#   make test-xlpins     translation-quality pins: the I-op listing of every inline x86 form
#                        (tests/xlpins/*.json) and the worked example of docs/translator.md;
#                        make xlpins-update rewrites them (review the diff)
#   make xl-stages X="hex bytes"  a block after every translator stage (lift, passes, link)
#   make test-x87        x87 differential test (tests/x87/x87diff): the host CPU (x86-64 build) vs morph, CI-sized
#   make test-x87-full   the same with 100000 cases per basic operation (long)
#   make tests-demo      build the demo program ($(DEMO_PROG))
#   make test-fuzz-x86   random x86 sequences (tools/fuzz-x86.py): 3000 with a fixed seed, the
#                        reference run vs morph in every emulation mode and two core configurations
#   make fuzz-x86 N=1000000 JOBS=2 [SEED=S]  a campaign (progress, summary, minimized tests of the
#                        mismatches in tests/fuzz-x86/open/); docs/testing.md
#   make test-fuzz-T     T = elf, stack, decode, sysabi, htif, hostsys: an AFL++ target's saved corpus,
#                        crashes and seeds, replayed under ASan/UBSan (the ELF loader, the initial
#                        stack, the x86 decode layer against Zydis, the forwarded system calls'
#                        marshalling, the simulator's HTIF host side and its system calls)
#   make fuzz-T SECONDS=N  AFL++ over target T for N seconds (default 60); the minimized queue goes
#                        to tests/fuzz-T/corpus/, crashes and hangs to tests/fuzz-T/crashes/
#   make test-sanitize   the build with SANITIZE=1 (ASan, UBSan; build/san/) and SANITIZE_SUITES under it
#                        (not in test-all); any test target runs sanitized with make SANITIZE=1 TARGET
#
# Options: ONLY=substring (run matching tests), JOBS=n, MORPH_NATIVE_BOTH=1 (run the native binary
# on both sides: checks the harness without morph), MORPH_MAX_CYCLES, MORPH_TIMEOUT, MORPH_ARGS.
# See docs/testing.md.
#
# Unit test convention: tests/unit/<name>.mk declares
#   UNIT_TESTS += <name>
#   UNIT_SRCS_<name> := tests/unit/test_<name>.c <sources...>
#   UNIT_CFLAGS_<name> := <extra compile flags, e.g. -DCMS_HOST>
#   UNIT_LIBS_<name> := <extra link flags, e.g. -lZydis -lZycore>   (optional)

TESTS_OUT := $(BUILD)/tests
# the host test programs (unit tests, xlpins_dump) and the runs (make SANITIZE=1: $(BUILD)/san/tests,
# apart from the normal build's)
TESTS_WORK := $(HOST_BUILD)/tests
X86_CC ?= gcc
X86_CFLAGS := -m32 -static -fno-pie -no-pie
X86_ASFLAGS := -m32 -static -nostdlib -fno-pie -no-pie -Itests/x86/asm/lib
BUSYBOX ?= $(BUILD)/deps/busybox/bin/busybox
MORPH_NATIVE_BOTH ?= 0
export MORPH MORPH_NATIVE_BOTH

# Runs that need the real morph depend on it, unless the harness is being checked with the reference on both sides.
ifeq ($(MORPH_NATIVE_BOTH),1)
TEST_MORPH_DEPS :=
else
TEST_MORPH_DEPS := $(MORPH) $(FIRMWARE)
endif

.PHONY: test-all test-unit test-x86 test-x86-dyn test-busybox test-x87 test-x87-full test-bad-input tests-demo \
	tests-build test-x86-interp test-x86-bbt test-busybox-interp test-busybox-bbt test-bbt \
	test-x86-sbt test-busybox-sbt test-sbt-faults \
	test-x86-utf8 test-busybox-utf8

# ---- unit tests (host, cmocka) ------------------------------------------------------------------
# The fast decoder (x86/xl_fastdec.c: 512 generated opcode functions, about 10 s to compile) is
# compiled once for the host tests that link it (FE_DECODE_HOST), not once per binary.
FE_FASTDEC_HOST_OBJ := $(TESTS_WORK)/obj/xl_fastdec.o
FE_DECODE_HOST := x86/xl_decode.c $(FE_FASTDEC_HOST_OBJ)
$(FE_FASTDEC_HOST_OBJ): x86/xl_fastdec.c $(wildcard x86/*.h) include/morph/xdec.h $(GEN)/morph_isa.h $(GEN)/xl_modrm_tab.h \
	tests/tests.mk
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_SAN) -I$(GEN) -Iinclude -Ix86 -c $< -o $@
UNIT_TESTS :=
include $(wildcard tests/unit/*.mk)
UNIT_BINS := $(addprefix $(TESTS_WORK)/unit/,$(UNIT_TESTS))
UNIT_HDRS := $(wildcard include/morph/*.h cms/*.h cms/*/*.h sim/*.h x86/*.h translator/*.h fusion/*.h)

define UNIT_RULE
$(TESTS_WORK)/unit/$(1): $$(UNIT_SRCS_$(1)) $(UNIT_HDRS) $(GEN)/morph_isa.h tests/tests.mk
	@mkdir -p $$(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_SAN) -I$(GEN) -Iinclude -Icms -Ix86 -Itranslator -Ifusion $$(UNIT_CFLAGS_$(1)) \
		$$(UNIT_SRCS_$(1)) -o $$@ -lcmocka $$(UNIT_LIBS_$(1))
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call UNIT_RULE,$(t))))

test-unit: $(UNIT_BINS)
	@tests/run-unit.sh --work $(TESTS_WORK)/unit/run $(UNIT_BINS)

# The fast decoder against Zydis on 10^7 random byte strings (test-unit runs 10^5); in test-full.
.PHONY: test-fastdec-full
test-fastdec-full: $(TESTS_WORK)/unit/xl_fastdec
	@XL_FASTDEC_RANDOM=10000000 $(TESTS_WORK)/unit/xl_fastdec > $(TESTS_WORK)/unit/xl_fastdec-full.log 2>&1 \
		&& echo "PASS fastdec-full ($$(grep '^random:' $(TESTS_WORK)/unit/xl_fastdec-full.log))" \
		|| { tail -n 20 $(TESTS_WORK)/unit/xl_fastdec-full.log; echo "FAIL fastdec-full"; exit 1; }

# ---- translation-quality pins (docs/translator.md) ----------------------------------------------
XLPINS_DUMP := $(TESTS_WORK)/xlpins/xlpins_dump
XLPINS_SRCS := tests/xlpins/xlpins_dump.c $(XL_PIPELINE_SRCS) $(FE_DECODE_HOST) sim/sim_disasm.c sim/sim_core.c \
	sim/sim_bpred.c sim/sim_cache.c sim/sim_jtlb.c
.PHONY: test-xlpins xlpins-update
$(XLPINS_DUMP): $(XLPINS_SRCS) $(UNIT_HDRS) $(GEN)/morph_isa.h tests/tests.mk
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_SAN) -DCMS_HOST -I$(GEN) -Iinclude -Icms -Ix86 -Itranslator -Ifusion -Isim $(XLPINS_SRCS) \
		-o $@ -lZydis
test-xlpins: $(XLPINS_DUMP)
	@$(PYTHON) tests/xlpins/xlpins.py check --dump $(XLPINS_DUMP)
	@$(PYTHON) tests/xlpins/stages_doc.py check --dump $(XLPINS_DUMP)
	@$(PYTHON) tests/xlpins/stages_doc.py check --dump $(XLPINS_DUMP) --doc docs/fusion.md
xlpins-update: $(XLPINS_DUMP)
	@$(PYTHON) tests/xlpins/xlpins.py update --dump $(XLPINS_DUMP)
	@$(PYTHON) tests/xlpins/stages_doc.py update --dump $(XLPINS_DUMP)
	@$(PYTHON) tests/xlpins/stages_doc.py update --dump $(XLPINS_DUMP) --doc docs/fusion.md
# a block after every pipeline stage: make xl-stages X="83 c4 f0 39 d8 75 f0" (x86 bytes in hex)
# [FUSION=hu-smith] (the fusion pass with that heuristic, docs/fusion.md; a block gets adjacent
# unless FUSION_BLOCKS=same, as morph run --fusion-blocks)
# [PATH_DIRS=TF] (the bytes as a superblock whose Jccs go Taken/Fall-through in turn, docs/translator.md)
# [SCHED=all] (the scheduler, docs/translator.md "Scheduling") [CORE=m0] (translating for that --core preset)
.PHONY: xl-stages
xl-stages: $(XLPINS_DUMP)
	@echo "$(X)" | $(XLPINS_DUMP) --stages $(if $(FUSION),--fusion=$(FUSION)) $(if $(FUSION_BLOCKS),--fusion-blocks=$(FUSION_BLOCKS)) \
		$(if $(PATH_DIRS),--path=$(PATH_DIRS)) \
		$(if $(SCHED),--sched=$(SCHED)) $(if $(CORE),--core=$(CORE))

# ---- x86 corpus ---------------------------------------------------------------------------------
REGCMP := $(TESTS_OUT)/tools/regcmp
X86_ASM_SRCS := $(wildcard tests/x86/asm/*.S)
X86_ASM_BINS := $(patsubst tests/x86/asm/%.S,$(TESTS_OUT)/x86/asm/%,$(X86_ASM_SRCS))
X86_C_SRCS := $(wildcard tests/x86/c/*.c)
X86_C_OPTS := O0 O2 Os
X86_C_BINS := $(foreach o,$(X86_C_OPTS),$(patsubst tests/x86/c/%.c,$(TESTS_OUT)/x86/c/%-$(o),$(X86_C_SRCS)))
DEMO_PROG := $(TESTS_OUT)/demo/demo

# KIND:BINARY:SOURCE specs for tests/run-x86.sh
X86_SPECS := $(foreach s,$(X86_ASM_SRCS),asm:$(patsubst tests/x86/asm/%.S,$(TESTS_OUT)/x86/asm/%,$(s)):$(s)) \
	$(foreach o,$(X86_C_OPTS),$(foreach s,$(X86_C_SRCS),c:$(patsubst tests/x86/c/%.c,$(TESTS_OUT)/x86/c/%-$(o),$(s)):$(s))) \
	c:$(DEMO_PROG):tests/demo/demo.c

$(REGCMP): tests/tools/regcmp.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $< -o $@ -lZydis -lZycore

$(TESTS_OUT)/x86/asm/%: tests/x86/asm/%.S tests/x86/asm/lib/rt.S tests/x86/asm/lib/rec.h
	@mkdir -p $(@D)
	$(X86_CC) $(X86_ASFLAGS) $< tests/x86/asm/lib/rt.S -o $@

define X86_C_RULE
$(TESTS_OUT)/x86/c/%-$(1): tests/x86/c/%.c $(wildcard tests/x86/c/*.h)
	@mkdir -p $$(@D)
	$(X86_CC) $(X86_CFLAGS) -$(1) -Wall -o $$@ $$<
endef
$(foreach o,$(X86_C_OPTS),$(eval $(call X86_C_RULE,$(o))))

# The C programs at -O2 again, dynamically linked (PIE; the reference run uses the host's
# ld-linux.so.2 and i386 C library, morph the default sysroot's, build/deps/i386-root;
# docs/firmware.md "ELF loader"): make test-x86-dyn.
X86_DYN_BINS := $(patsubst tests/x86/c/%.c,$(TESTS_OUT)/x86/dyn/%-dyn,$(X86_C_SRCS))
X86_DYN_SPECS := $(foreach s,$(X86_C_SRCS),c:$(patsubst tests/x86/c/%.c,$(TESTS_OUT)/x86/dyn/%-dyn,$(s)):$(s))
$(TESTS_OUT)/x86/dyn/%-dyn: tests/x86/c/%.c $(wildcard tests/x86/c/*.h)
	@mkdir -p $(@D)
	$(X86_CC) -m32 -O2 -Wall -o $@ $<

$(DEMO_PROG): tests/demo/demo.c
	@mkdir -p $(@D)
	$(X86_CC) $(X86_CFLAGS) -O2 -Wall -o $@ $<

tests-demo: $(DEMO_PROG)

test-x86: $(X86_ASM_BINS) $(X86_C_BINS) $(DEMO_PROG) $(REGCMP) $(TEST_MORPH_DEPS)
	@tests/run-x86.sh --regcmp $(REGCMP) --work $(TESTS_WORK)/x86/run $(X86_SPECS)
test-x86-dyn: $(X86_DYN_BINS) $(REGCMP) $(TEST_MORPH_DEPS)
	@tests/run-x86.sh --regcmp $(REGCMP) --work $(TESTS_WORK)/x86/run-dyn $(X86_DYN_SPECS)

# Both emulation modes (docs/translator.md): bbt with threshold 1 translates every block.
test-x86-interp: $(X86_ASM_BINS) $(X86_C_BINS) $(DEMO_PROG) $(REGCMP) $(TEST_MORPH_DEPS)
	@MORPH_ARGS="$(MORPH_ARGS) --emulation=interp" \
		tests/run-x86.sh --regcmp $(REGCMP) --work $(TESTS_WORK)/x86/run-interp $(X86_SPECS)
test-x86-bbt: $(X86_ASM_BINS) $(X86_C_BINS) $(DEMO_PROG) $(REGCMP) $(TEST_MORPH_DEPS)
	@MORPH_ARGS="$(MORPH_ARGS) --emulation=bbt --bbt-threshold=1" \
		tests/run-x86.sh --regcmp $(REGCMP) --work $(TESTS_WORK)/x86/run-bbt $(X86_SPECS)

# The firmware's timer quantum (docs/firmware.md "Interrupts") at 1000 cycles, every block
# translated, superblocks early: translated code is interrupted every few blocks and resumed
# where it was; every result must stay the same.
.PHONY: test-x86-quantum
test-x86-quantum: $(X86_ASM_BINS) $(X86_C_BINS) $(DEMO_PROG) $(REGCMP) $(TEST_MORPH_DEPS)
	@MORPH_ARGS="$(MORPH_ARGS) --emulation=bbt --bbt-threshold=1 --sbt-threshold=2 --quantum=1000" \
		tests/run-x86.sh --regcmp $(REGCMP) --work $(TESTS_WORK)/x86/run-quantum $(X86_SPECS)

# Superblocks early (docs/translator.md "Superblocks"): every block translated at first sight
# and considered as a superblock head at the second exit through one of its stubs; the x86
# corpus with hu-smith fusing them (busybox below without fusion).
test-x86-sbt: $(X86_ASM_BINS) $(X86_C_BINS) $(DEMO_PROG) $(REGCMP) $(TEST_MORPH_DEPS)
	@MORPH_ARGS="$(MORPH_ARGS) --emulation=bbt --bbt-threshold=1 --sbt-threshold=2 --fusion=hu-smith" \
		tests/run-x86.sh --regcmp $(REGCMP) --work $(TESTS_WORK)/x86/run-sbt $(X86_SPECS)

# bbt again with each fusion heuristic but none (docs/fusion.md), after the scheduler on every
# block (docs/translator.md "Scheduling"; --fusion-blocks=same: blocks get the heuristic too),
# both for macro2 (2 wide, fusing: every heuristic
# marks): a fuse mark and the moves of either pass must not change any result. The list comes
# from `morph run --fusion=list`.
FUSION_HEURISTICS = $(filter-out none,$(shell $(MORPH) run --fusion=list 2>/dev/null | cut -d' ' -f1))
.PHONY: test-x86-fusion
test-x86-fusion: $(X86_ASM_BINS) $(X86_C_BINS) $(DEMO_PROG) $(REGCMP) $(TEST_MORPH_DEPS)
	@mkdir -p $(TESTS_WORK)/x86; test -n "$(FUSION_HEURISTICS)"; pids=; for h in $(FUSION_HEURISTICS); do \
		MORPH_ARGS="$(MORPH_ARGS) --emulation=bbt --bbt-threshold=1 --fusion=$$h --fusion-blocks=same --sched=all --core=macro2" \
		tests/run-x86.sh --regcmp $(REGCMP) --work $(TESTS_WORK)/x86/run-fusion-$$h $(X86_SPECS) \
		> $(TESTS_WORK)/x86/fusion-$$h.log 2>&1 & pids="$$pids $$!"; done; \
	fail=0; for j in $$pids; do wait $$j || fail=1; done; \
	for h in $(FUSION_HEURISTICS); do echo "fusion=$$h: $$(tail -1 $(TESTS_WORK)/x86/fusion-$$h.log)"; done; \
	if [ $$fail = 1 ]; then grep -h FAIL $(TESTS_WORK)/x86/fusion-*.log | head -20; exit 1; fi

# The C programs again in a Debian 12 user's environment, LANG=C.UTF-8 without LC_ALL (the asm
# register dumps print no text): glibc then loads the UTF-8 locale.
X86_C_SPECS := $(filter c:%,$(X86_SPECS))
test-x86-utf8: $(X86_C_BINS) $(DEMO_PROG) $(REGCMP) $(TEST_MORPH_DEPS)
	@GUEST_LANG=C.UTF-8 tests/run-x86.sh --regcmp $(REGCMP) --work $(TESTS_WORK)/x86/run-utf8 \
		$(X86_C_SPECS)

# ---- busybox ------------------------------------------------------------------------------------
BB_IN := $(TESTS_OUT)/busybox/in

$(BB_IN)/.stamp: tests/busybox/gen-inputs.py
	$(PYTHON) tests/busybox/gen-inputs.py $(BB_IN)
	@touch $@

test-busybox: $(BB_IN)/.stamp $(TEST_MORPH_DEPS)
	@tests/run-busybox.sh --busybox $(BUSYBOX) --in $(BB_IN) --work $(TESTS_WORK)/busybox/run \
		tests/busybox/cases.txt

test-busybox-interp: $(BB_IN)/.stamp $(TEST_MORPH_DEPS)
	@MORPH_ARGS="$(MORPH_ARGS) --emulation=interp" tests/run-busybox.sh --busybox $(BUSYBOX) \
		--in $(BB_IN) --work $(TESTS_WORK)/busybox/run-interp tests/busybox/cases.txt
test-busybox-bbt: $(BB_IN)/.stamp $(TEST_MORPH_DEPS)
	@MORPH_ARGS="$(MORPH_ARGS) --emulation=bbt" tests/run-busybox.sh --busybox $(BUSYBOX) \
		--in $(BB_IN) --work $(TESTS_WORK)/busybox/run-bbt tests/busybox/cases.txt

test-busybox-sbt: $(BB_IN)/.stamp $(TEST_MORPH_DEPS)
	@MORPH_ARGS="$(MORPH_ARGS) --emulation=bbt --bbt-threshold=2 --sbt-threshold=2" \
		tests/run-busybox.sh --busybox $(BUSYBOX) --in $(BB_IN) --work $(TESTS_WORK)/busybox/run-sbt \
		tests/busybox/cases.txt

# busybox in the UTF-8 environment too.
test-busybox-utf8: $(BB_IN)/.stamp $(TEST_MORPH_DEPS)
	@GUEST_LANG=C.UTF-8 tests/run-busybox.sh --busybox $(BUSYBOX) --in $(BB_IN) \
		--work $(TESTS_WORK)/busybox/run-utf8 tests/busybox/cases.txt

# ---- real programs from Debian's archive, and the system call table's page ------------------
include tests/realprogs/realprogs.mk

# ---- integer instruction harness: the host CPU in 64-bit mode vs morph ------------------------
include tests/inthw/inthw.mk

# ---- x87 differential test ---------------------------------------------------------------------
X87_DIFF := $(TESTS_OUT)/x87/x87diff
X87_BASIC ?= 2000
X87_OTHER ?= 300
X87_SEED ?= 1

X87_DIFF64 := $(TESTS_OUT)/x87/x87diff64

$(X87_DIFF): tests/x87/x87diff.c tests/tools/outbuf.h
	@mkdir -p $(@D)
	$(X86_CC) $(X86_CFLAGS) -O2 -Wall -Wextra -Itests/tools -o $@ $<
# The reference: the same source for x86-64, run by the host CPU (docs/testing.md).
$(X87_DIFF64): tests/x87/x87diff.c tests/tools/outbuf.h
	@mkdir -p $(@D)
	$(HOST_CC) -static -fno-pie -no-pie -O2 -Wall -Wextra -Itests/tools -o $@ $<

test-x87: $(X87_DIFF) $(X87_DIFF64) $(TEST_MORPH_DEPS)
	@tests/run-x87.sh --bin $(X87_DIFF) --host-bin $(X87_DIFF64) --work $(TESTS_WORK)/x87/run --basic $(X87_BASIC) \
		--other $(X87_OTHER) --seed $(X87_SEED)
# Cycles per FADD/FMUL/FDIV/FSQRT on the model (docs/x87.md).
X87_COST := $(TESTS_OUT)/x87/x87cost
$(X87_COST): tests/x87/x87cost.c
	@mkdir -p $(@D)
	$(X86_CC) $(X86_CFLAGS) -O2 -Wall -o $@ $<
.PHONY: x87-cost
x87-cost: $(X87_COST) $(MORPH) $(FIRMWARE)
	@tests/x87/cost.sh $(MORPH) $(X87_COST)
# Hours of model time per group: no cycle bound, a 6-hour wall-clock limit per run.
test-x87-full: $(X87_DIFF) $(X87_DIFF64) $(TEST_MORPH_DEPS)
	@MORPH_MAX_CYCLES=100000000000000 MORPH_TIMEOUT=21600 tests/run-x87.sh --bin $(X87_DIFF) --host-bin $(X87_DIFF64) --work $(TESTS_WORK)/x87/run-full --basic 100000 \
		--other 10000 --seed $(X87_SEED)

# ---- bad input ----------------------------------------------------------------------------------
BAD := $(TESTS_OUT)/bad-input
BAD_FILES := $(BAD)/not-elf.txt $(BAD)/empty $(BAD)/truncated-header $(BAD)/truncated-segments \
	$(BAD)/elf64 $(BAD)/elf-arm $(BAD)/sse $(BAD)/unmapped-read $(BAD)/unmapped-write \
	$(BAD)/spin $(BAD)/hello32 $(BAD)/loop-fault $(BAD)/loop-div0

$(BAD)/hello32: tests/bad-input/hello.c
	@mkdir -p $(@D)
	$(X86_CC) $(X86_CFLAGS) -O2 -o $@ $<
$(BAD)/elf64: tests/bad-input/hello.c
	@mkdir -p $(@D)
	$(X86_CC) -m64 -O2 -o $@ $<
$(BAD)/not-elf.txt: tests/bad-input/not-elf.txt
	@mkdir -p $(@D)
	cp $< $@
$(BAD)/empty:
	@mkdir -p $(@D)
	: > $@
# 40 bytes: the ELF magic survives, the 52-byte header does not.
$(BAD)/truncated-header: $(BAD)/hello32
	head -c 40 $< > $@
# The headers survive, the loadable segments do not.
$(BAD)/truncated-segments: $(BAD)/hello32
	head -c 2000 $< > $@
# e_machine (offset 18, 16-bit little endian) := 40 (EM_ARM)
$(BAD)/elf-arm: $(BAD)/hello32
	cp $< $@.tmp
	printf '\050\000' | dd of=$@.tmp bs=1 seek=18 conv=notrunc status=none
	mv $@.tmp $@
$(BAD)/%: tests/bad-input/%.S
	@mkdir -p $(@D)
	$(X86_CC) $(X86_ASFLAGS) -o $@ $<

test-bad-input: $(BAD_FILES) $(TEST_MORPH_DEPS)
	@tests/run-bad-input.sh --dir $(BAD) --work $(TESTS_WORK)/bad-input/run

# Translator checks that read --stats-json (tests/run-bbt.sh), then the bad-input cases with
# every block translated: faults inside translations are delivered at the exact EIP.
test-bbt: $(X86_C_BINS) $(BB_IN)/.stamp $(BAD_FILES) $(TEST_MORPH_DEPS)
	@tests/run-bbt.sh --x86 $(TESTS_OUT)/x86 --busybox $(BUSYBOX) --in $(BB_IN) --bad $(BAD) \
		--work $(TESTS_WORK)/bbt/run
	@MORPH_ARGS="$(MORPH_ARGS) --emulation=bbt --bbt-threshold=1" tests/run-bad-input.sh \
		--dir $(BAD) --work $(TESTS_WORK)/bad-input/run-bbt
	@MORPH_ARGS="$(MORPH_ARGS) --emulation=bbt --bbt-threshold=1 --sbt-threshold=2" \
		tests/run-bad-input.sh --dir $(BAD) --work $(TESTS_WORK)/bad-input/run-sbt

# ---- superblock fault injection (docs/testing.md) -----------------------------------------------
# tests/sbt-faults/gen.py writes one program per variant (a guest access or a DIV of a superblock
# faulting on a late iteration) and variants.txt; tests/run-sbt-faults.sh compares the state at
# the fault in interp mode, with superblocks (with and without fusion) and in the reference run.
SBTF := $(TESTS_OUT)/sbt-faults
$(SBTF)/.stamp: tests/sbt-faults/gen.py tests/tests.mk
	@mkdir -p $(@D)
	$(PYTHON) tests/sbt-faults/gen.py $(SBTF)
	@cut -d' ' -f1 $(SBTF)/variants.txt | xargs -P 2 -I{} $(X86_CC) -m32 -static -nostdlib -fno-pie -no-pie \
		-o $(SBTF)/{} $(SBTF)/{}.S
	@touch $@
.PHONY: test-sbt-faults
test-sbt-faults: $(SBTF)/.stamp $(TEST_MORPH_DEPS)
	@tests/run-sbt-faults.sh --dir $(SBTF) --work $(TESTS_WORK)/sbt-faults/run

# ---- random x86 sequences (tools/fuzz-x86.py, docs/testing.md) --------------------------------
FUZZ_X86 := $(PYTHON) tools/fuzz-x86.py
FUZZ_X86_DEPS := tools/fuzz-x86.py tests/fuzz-x86/rt.S $(TEST_MORPH_DEPS)
# the CI-sized run: the corpus of minimized sequences that once mismatched (tests/fuzz-x86/corpus/),
# then a fixed seed, 3000 sequences (a few at a time minimized into $(TESTS_WORK)/fuzz-x86/found/
# if they mismatch)
TEST_FUZZ_X86_SEED ?= 20
TEST_FUZZ_X86_N ?= 3000
.PHONY: test-fuzz-x86 fuzz-x86
test-fuzz-x86: $(FUZZ_X86_DEPS) $(wildcard tests/fuzz-x86/corpus/*.json)
	@$(FUZZ_X86) selftest
	@$(FUZZ_X86) replay --work $(TESTS_WORK)/fuzz-x86/replay tests/fuzz-x86/corpus/*.json
	@$(FUZZ_X86) campaign --quiet --seed $(TEST_FUZZ_X86_SEED) -n $(TEST_FUZZ_X86_N) --jobs $(JOBS) \
		--morph $(MORPH) --minimize 2 --work $(TESTS_WORK)/fuzz-x86/run --corpus $(TESTS_WORK)/fuzz-x86/found
# make fuzz-x86 N=1000000 JOBS=2 SEED=7: a campaign; the seed defaults to the time (printed).
N ?= 10000
fuzz-x86: $(FUZZ_X86_DEPS)
	@$(FUZZ_X86) campaign -n $(N) --jobs $(JOBS) --seed $(if $(SEED),$(SEED),$$(date +%s)) \
		--morph $(MORPH) --work $(HOST_BUILD)/fuzz-x86 --corpus tests/fuzz-x86/open

# ---- AFL++ harnesses over the firmware's and simulator's input parsers (docs/testing.md) -----------
# One template per target T: tests/fuzz-T/T_harness.c is built twice, with gcc's ASan/UBSan as
# $(TESTS_OUT)/fuzz-T/replay (make test-fuzz-T replays tests/fuzz-T/corpus/, tests/fuzz-T/crashes/
# and the seeds through it) and with afl-cc as $(TESTS_OUT)/fuzz-T/afl (make fuzz-T SECONDS=N).
# A target declares FUZZ_SRCS_T (the harness first), FUZZ_CFLAGS_T, FUZZ_LIBS_T, FUZZ_DEPS_T and a
# rule for $(TESTS_OUT)/fuzz-T/seeds/.stamp (its seed directory).
FUZZ_TARGETS := elf stack decode sysabi htif hostsys
FUZZ_HOST_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -D_GNU_SOURCE
FUZZ_CMS_CFLAGS := -DCMS_HOST -Icms -Iconcealed-mem -Iinclude -I$(GEN)
SECONDS ?= 60

# the ELF loader (cms_elf_load)
FUZZ_SRCS_elf := tests/fuzz-elf/elf_harness.c cms/cms_elf.c cms/cms_printf.c
FUZZ_CFLAGS_elf := $(FUZZ_CMS_CFLAGS)
FUZZ_DEPS_elf := $(wildcard cms/*.h) $(GEN)/morph_facts.h
ELF_SEED_BINS := $(BAD)/spin $(BAD)/unmapped-read $(BAD)/loop-div0 $(TESTS_OUT)/x86/asm/fuzz-xadd-addr-reg \
	$(TESTS_OUT)/x86/dyn/exitcode-dyn
ELF_SEED_RAW := $(BAD)/truncated-header $(BAD)/truncated-segments $(BAD)/not-elf.txt $(BAD)/empty
$(TESTS_OUT)/fuzz-elf/seeds/.stamp: $(ELF_SEED_BINS) $(ELF_SEED_RAW) tests/fuzz-elf/seed-pie.S
	@rm -rf $(@D) && mkdir -p $(@D)
	for f in $(ELF_SEED_BINS); do strip -o $(@D)/$$(basename $$f) $$f; done
	cp $(ELF_SEED_RAW) $(@D)/
	$(X86_CC) -m32 -static-pie -nostdlib -fpie -Wl,--build-id=none -o $(@D)/seed-pie tests/fuzz-elf/seed-pie.S
	strip $(@D)/seed-pie
	@touch $@

# the initial-stack builder (cms_stack_build); seeds: the busybox cases' argument lists
FUZZ_SRCS_stack := tests/fuzz-stack/stack_harness.c cms/cms_stack.c
FUZZ_CFLAGS_stack := $(FUZZ_CMS_CFLAGS)
FUZZ_DEPS_stack := tests/lib/fuzz_main.h $(wildcard cms/*.h)
FUZZ_SEED_INPUTS_stack := tests/busybox/cases.txt

# the decode layer (xl_decode) against the host's Zydis; seeds: the test programs' instructions
FUZZ_SRCS_decode := tests/fuzz-decode/decode_harness.c $(FE_DECODE_SRCS)
FUZZ_CFLAGS_decode := -Ix86 -Iinclude -I$(GEN)
FUZZ_LIBS_decode := -lZydis
FUZZ_DEPS_decode := tests/lib/fuzz_main.h $(wildcard x86/*.h) $(GEN)/morph_isa.h $(GEN)/xl_modrm_tab.h
FUZZ_SEED_INPUTS_decode := $(ELF_SEED_BINS) $(BAD)/hello32

# the forwarded system calls' marshalling (cms_sysabi_forward) with a stub host; the seeds are
# every forwarded call with plausible arguments (written by the harness from the table)
FUZZ_SRCS_sysabi := tests/fuzz-sysabi/sysabi_harness.c cms/cms_sysabi.c cms/cms_uaccess.c cms/cms_mm.c \
	cms/cms_printf.c
FUZZ_CFLAGS_sysabi := $(FUZZ_CMS_CFLAGS)
FUZZ_DEPS_sysabi := tests/lib/fuzz_main.h $(wildcard cms/*.h include/morph/*.h) $(GEN)/morph_facts.h

# the simulator's HTIF host side (sim_htif_request) on a 64 KiB model RAM; the seeds are one
# request of every command as the firmware makes them (written by the harness). A CODE_TIER
# request may mark all of concealed memory (milliseconds): AFL++'s timeout is raised.
FUZZ_SRCS_htif := tests/fuzz-htif/htif_harness.c sim/sim_htif.c sim/sim_strace.c sim/sim_log.c sim/sim_disasm.c \
	sim/sim_gdb.c sim/sim_timing.c sim/sim_link.c
FUZZ_CFLAGS_htif := -Isim -Iinclude -I$(GEN)
FUZZ_LIBS_htif := -lZydis
FUZZ_DEPS_htif := tests/lib/fuzz_main.h $(wildcard sim/*.h include/morph/*.h) $(GEN)/morph_isa.h $(GEN)/morph_facts.h
FUZZ_AFL_FLAGS_htif := -t 500

# the simulator's side of the forwarded system calls (sim_syscall: i386 structures to and from the
# host's) with a fake host answering from the input; the seeds are every call (written by the harness)
FUZZ_SRCS_hostsys := tests/fuzz-hostsys/hostsys_harness.c
FUZZ_CFLAGS_hostsys := -Isim -Icms -Iinclude -I$(GEN)
FUZZ_DEPS_hostsys := tests/lib/fuzz_main.h sim/sim_syscall.c $(wildcard sim/*.h include/morph/*.h) cms/cms_sysabi.h

# the harnesses that write their own seeds (from the project's test data) with --seeds DIR ARGS
define FUZZ_GEN_SEEDS
$(TESTS_OUT)/fuzz-$(1)/seeds/.stamp: $(TESTS_OUT)/fuzz-$(1)/replay $$(FUZZ_SEED_INPUTS_$(1))
	@rm -rf $$(@D) && mkdir -p $$(@D)
	$(TESTS_OUT)/fuzz-$(1)/replay --seeds $$(@D) $$(FUZZ_SEED_INPUTS_$(1))
	@touch $$@
endef

define FUZZ_RULE
.PHONY: test-fuzz-$(1) fuzz-$(1)
$(TESTS_OUT)/fuzz-$(1)/replay: $$(FUZZ_SRCS_$(1)) $$(FUZZ_DEPS_$(1)) tests/tests.mk
	@mkdir -p $$(@D)
	$(HOST_CC) $(FUZZ_HOST_CFLAGS) $$(FUZZ_CFLAGS_$(1)) -fsanitize=address,undefined -fno-sanitize-recover=all \
		$$(FUZZ_SRCS_$(1)) -o $$@ $$(FUZZ_LIBS_$(1))
$(TESTS_OUT)/fuzz-$(1)/afl: $$(FUZZ_SRCS_$(1)) $$(FUZZ_DEPS_$(1)) tests/tests.mk
	@mkdir -p $$(@D)
	@command -v afl-cc > /dev/null || { echo "fuzz-$(1): afl-cc not found (Debian package afl++; make deps)"; exit 1; }
	AFL_USE_ASAN=1 AFL_USE_UBSAN=1 AFL_QUIET=1 afl-cc $(FUZZ_HOST_CFLAGS) $$(FUZZ_CFLAGS_$(1)) -Wno-unused-parameter \
		$$(FUZZ_SRCS_$(1)) -o $$@ $$(FUZZ_LIBS_$(1))
test-fuzz-$(1): $(TESTS_OUT)/fuzz-$(1)/replay $(TESTS_OUT)/fuzz-$(1)/seeds/.stamp
	@set -- $$(wildcard tests/fuzz-$(1)/corpus/* tests/fuzz-$(1)/crashes/*) $(TESTS_OUT)/fuzz-$(1)/seeds/*; \
	if out=$$$$($(TESTS_OUT)/fuzz-$(1)/replay "$$$$@" 2>&1); then echo "PASS fuzz-$(1) replay: $$$$out"; \
		echo "1 passed, 0 failed"; else printf '%s\n' "$$$$out" | tail -n 30; \
		echo "FAIL fuzz-$(1) replay"; echo "0 passed, 1 failed"; exit 1; fi
fuzz-$(1): $(TESTS_OUT)/fuzz-$(1)/afl $(TESTS_OUT)/fuzz-$(1)/replay $(TESTS_OUT)/fuzz-$(1)/seeds/.stamp
	@rm -rf $(TESTS_OUT)/fuzz-$(1)/out $(TESTS_OUT)/fuzz-$(1)/cmin $(TESTS_OUT)/fuzz-$(1)/in && mkdir -p $(TESTS_OUT)/fuzz-$(1)/in
	@cp $(TESTS_OUT)/fuzz-$(1)/seeds/* $$(wildcard tests/fuzz-$(1)/corpus/*) $(TESTS_OUT)/fuzz-$(1)/in/
	AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
		afl-fuzz -V $$(SECONDS) $$(FUZZ_AFL_FLAGS_$(1)) -i $(TESTS_OUT)/fuzz-$(1)/in -o $(TESTS_OUT)/fuzz-$(1)/out -- $(TESTS_OUT)/fuzz-$(1)/afl \
		> $(TESTS_OUT)/fuzz-$(1)/afl.log 2>&1 || { tail -n 20 $(TESTS_OUT)/fuzz-$(1)/afl.log; exit 1; }
	@grep -E "^(execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|run_time) " \
		$(TESTS_OUT)/fuzz-$(1)/out/default/fuzzer_stats
	AFL_QUIET=1 afl-cmin -i $(TESTS_OUT)/fuzz-$(1)/out/default/queue -o $(TESTS_OUT)/fuzz-$(1)/cmin -- $(TESTS_OUT)/fuzz-$(1)/afl > /dev/null 2>&1
	@rm -rf tests/fuzz-$(1)/corpus && mkdir -p tests/fuzz-$(1)/corpus
	@for f in $(TESTS_OUT)/fuzz-$(1)/cmin/*; do cp "$$$$f" tests/fuzz-$(1)/corpus/$$$$(sha1sum < "$$$$f" | cut -c1-16); done
	@n=0; for f in $(TESTS_OUT)/fuzz-$(1)/out/default/crashes/id* $(TESTS_OUT)/fuzz-$(1)/out/default/hangs/id*; do \
		[ -e "$$$$f" ] || continue; mkdir -p tests/fuzz-$(1)/crashes; \
		cp "$$$$f" tests/fuzz-$(1)/crashes/$$$$(sha1sum < "$$$$f" | cut -c1-16); n=$$$$((n+1)); done; \
	echo "fuzz-$(1): corpus $$$$(ls tests/fuzz-$(1)/corpus | wc -l) files in tests/fuzz-$(1)/corpus/; $$$$n crashes or hangs saved"; \
	[ $$$$n = 0 ]
endef
$(foreach t,$(filter-out elf,$(FUZZ_TARGETS)),$(eval $(call FUZZ_GEN_SEEDS,$(t))))
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_RULE,$(t))))

# ---- core configurations (docs/model.md) --------------------------------------------------------
CORES_X86 := $(TESTS_OUT)/x86/c/compute-O2 $(TESTS_OUT)/x86/c/qsort-O2 $(TESTS_OUT)/x86/c/hashtable-Os \
	$(TESTS_OUT)/x86/asm/muldiv $(TESTS_OUT)/x86/asm/bbt_seq $(DEMO_PROG)
CORES_RV32 := $(addprefix $(BUILD)/tests/isa/,fuse_cores.elf fuse_pairs.elf rv32i_alu.elf rv32m.elf xalu.elf traps.elf \
	gtlb.elf jtlb.elf commit.elf xmode.elf csr.elf mul.elf)
.PHONY: test-cores
test-cores: $(CORES_X86) $(CORES_RV32) $(MORPH) $(FIRMWARE)
	@$(PYTHON) tests/run-cores.py --morph $(MORPH) --work $(TESTS_WORK)/cores/run --x86 $(CORES_X86) \
		--rv32 $(CORES_RV32)

# ---- caches (docs/model.md "Caches") -------------------------------------------------------------
# (not csr.S nor timing.S: they pin the cycles of ideal memory)
CACHES_RV32 := $(addprefix $(BUILD)/tests/isa/,icache.elf rv32i_alu.elf rv32i_mem.elf rv32m.elf xalu.elf traps.elf \
	gtlb.elf jtlb.elf commit.elf xmode.elf fuse_pairs.elf)
.PHONY: test-caches
# (rtl: the caches with a predictor under cosim, rtl/tests/bp_icache.S, rule in rtl/rtl.mk)
test-caches: $(CORES_X86) $(CACHES_RV32) $(BUILD)/tests/isa/icache_stale.elf $(BUILD)/tests/rtl/bp_icache.elf \
		$(MORPH) $(FIRMWARE) rtl
	@$(PYTHON) tests/run-caches.py --morph $(MORPH) --work $(TESTS_WORK)/caches/run --x86 $(CORES_X86) \
		--rv32 $(CACHES_RV32) --busybox $(BUSYBOX) --stale $(BUILD)/tests/isa/icache_stale.elf \
		--cosim $(BUILD)/tests/rtl/bp_icache.elf

# ---- concealed memory under attack (docs/firmware.md "Concealment") ----------------------------
ATTACK := $(TESTS_OUT)/attack/attack
$(ATTACK): tests/attack/attack.c $(GEN)/morph_facts.h
	@mkdir -p $(@D)
	$(X86_CC) $(X86_CFLAGS) -O2 -Wall -I$(GEN) -o $@ $<
ATTACK_EXECER := $(TESTS_OUT)/attack/execer
$(ATTACK_EXECER): tests/attack/execer.c
	@mkdir -p $(@D)
	$(X86_CC) $(X86_CFLAGS) -O2 -Wall -o $@ $<
.PHONY: test-attack
test-attack: $(ATTACK) $(ATTACK_EXECER) $(MORPH) $(FIRMWARE)
	@$(MAKE) --no-print-directory rtl-core RTL_CORE=m0
	@tests/run-attack.sh --morph $(MORPH) --prog $(ATTACK) --execer $(ATTACK_EXECER) --fw $(FW) \
		--work $(TESTS_WORK)/attack/run --cosim m0

# ---- the command line (docs/usage.md) ----------------------------------------------------------
# help, version, every option of the usage known to morph and named in docs/usage.md, errors that
# name the option and the valid values, --progress (tests/run-cli.py).
.PHONY: test-cli
test-cli: $(MORPH) $(FIRMWARE) $(TESTS_OUT)/x86/c/floatfmt-Os
	@$(PYTHON) tests/run-cli.py --morph $(MORPH) --doc docs/usage.md --man docs/morph.1 --main-c sim/morph_main.c \
		--prog $(TESTS_OUT)/x86/c/floatfmt-Os --root $(BUILD)/deps/i386-root

# ---- the host link (docs/hostlink.md) -----------------------------------------------------------
# morph board (the C model, and the RTL on m0) with morph host on its pty: the exit-code test, a
# hello world, argv and the environment, file I/O, each as morph run gives it; protocol faults.
HOSTLINK_PROGS := $(TESTS_OUT)/x86/c/exitcode-O2 $(BAD)/hello32 $(TESTS_OUT)/x86/c/argv_env-O2 $(TESTS_OUT)/x86/c/fileio-O2
.PHONY: test-hostlink
test-hostlink: $(HOSTLINK_PROGS) $(MORPH) $(FIRMWARE)
	@$(MAKE) --no-print-directory rtl-core RTL_CORE=m0
	@$(PYTHON) tests/run-hostlink.py --morph $(MORPH) --gen $(GEN) --htif-h include/morph/htif.h \
		--work $(TESTS_WORK)/hostlink --exitcode $(word 1,$(HOSTLINK_PROGS)) --hello $(word 2,$(HOSTLINK_PROGS)) \
		--argv $(word 3,$(HOSTLINK_PROGS)) --fileio $(word 4,$(HOSTLINK_PROGS)) --rtl

# ---- morph run --strace against the real strace (docs/usage.md) ---------------------------------
# Each program's morph --strace-file is well formed and, where the host runs i386 natively, has
# the calls, argument shapes, named constants, strings and results of `strace -f` on the native
# run (tests/run-strace.py says which differences it removes, and why). Every C program of the
# corpus at -O2 but the two that make threads, threads and x87threads (glibc falls back to clone
# after morph's -ENOSYS clone3, and how often a thread waits on a futex or yields is the
# scheduler's), and asyncsig (where a signal from outside interrupts which call is timing).
STRACE_PROGS := $(patsubst tests/x86/c/%.c,$(TESTS_OUT)/x86/c/%-O2,$(filter-out %/threads.c %/x87threads.c %/asyncsig.c,$(X86_C_SRCS)))
.PHONY: test-strace
test-strace: $(STRACE_PROGS) $(MORPH) $(FIRMWARE) $(HOST_PROBES)
	@$(PYTHON) tests/run-strace.py --morph $(MORPH) --work $(TESTS_WORK)/strace --probe-dir $(abspath $(TESTS_OUT)/tools) \
		$(STRACE_PROGS)

# ---- morph run -g PORT under gdb-multiarch (docs/usage.md "Debugging the guest") ---------------
# Corpus programs built -O0 -g, so that gdb knows their functions, lines and variables.
GDB_PROGS := $(TESTS_OUT)/gdb/recursion $(TESTS_OUT)/gdb/exitcode $(TESTS_OUT)/gdb/bytecode_vm $(TESTS_OUT)/gdb/sigfpe
$(TESTS_OUT)/gdb/%: tests/x86/c/%.c
	@mkdir -p $(@D)
	$(X86_CC) $(X86_CFLAGS) -O0 -g -Wall -o $@ $<
.PHONY: test-gdb
test-gdb: $(GDB_PROGS) $(MORPH) $(FIRMWARE)
	@$(PYTHON) tests/run-gdb.py --morph $(MORPH) --work $(TESTS_WORK)/gdb/run \
		--recursion $(TESTS_OUT)/gdb/recursion --exitcode $(TESTS_OUT)/gdb/exitcode --long $(TESTS_OUT)/gdb/bytecode_vm \
		--sigfpe $(TESTS_OUT)/gdb/sigfpe

# ---- morph run -d KEYS (docs/usage.md "Translation log") ---------------------------------------
LOG_PROGS := $(TESTS_OUT)/x86/c/recursion-O2 $(TESTS_OUT)/x86/c/qsort-O0
.PHONY: test-log
test-log: $(LOG_PROGS) $(MORPH) $(FIRMWARE)
	@$(PYTHON) tests/run-log.py --morph $(MORPH) --work $(TESTS_WORK)/log --fw-elf $(FW)/cms.elf \
		--objdump $(RV_PREFIX)objdump $(LOG_PROGS)

# ---- the corpus on realistic memory (docs/model.md "Caches", "Branch prediction") ---------------
# The whole x86 corpus (every block translated, superblocks, hu-smith) on macro with ideal memory
# and under each MEMORY_CONFIGS entry (NAME:OPTIONS, options joined by @): every run must match
# the reference (tests/run-x86.sh) and retire the x86 instructions of ideal memory
# (tests/compare-retired.py); busybox (superblocks) under the realistic preset too.
MEMORY_BASE := --emulation=bbt --bbt-threshold=1 --sbt-threshold=2 --fusion=hu-smith --core=macro
MEMORY_CONFIGS := realistic-gshare:--caches=realistic@--bpred=gshare m2-l1l2-bimodal:--core=m2@--caches=l1l2@--bpred=bimodal
.PHONY: test-memory
test-memory: $(X86_ASM_BINS) $(X86_C_BINS) $(DEMO_PROG) $(REGCMP) $(BB_IN)/.stamp $(TEST_MORPH_DEPS)
	@fail=0; for c in ideal $(MEMORY_CONFIGS); do n=$${c%%:*}; o=$$(echo "$${c#*:}" | tr @ ' '); \
		[ $$n = ideal ] && o=; echo "== memory $$n: $(MEMORY_BASE) $$o"; \
		MORPH_STATS_JSON=1 MORPH_ARGS="$(MORPH_ARGS) $(MEMORY_BASE) $$o" tests/run-x86.sh --regcmp $(REGCMP) \
			--work $(TESTS_WORK)/x86/memory-$$n $(X86_SPECS) || fail=1; done; \
	$(PYTHON) tests/compare-retired.py $(TESTS_WORK)/x86/memory-ideal \
		$(foreach c,$(MEMORY_CONFIGS),$(TESTS_WORK)/x86/memory-$(firstword $(subst :, ,$(c)))) \
		> $(TESTS_WORK)/x86/memory-retired.txt || fail=1; grep -v '^PASS' $(TESTS_WORK)/x86/memory-retired.txt; \
	echo "== memory: busybox, --caches=realistic --bpred=gshare"; \
	MORPH_ARGS="$(MORPH_ARGS) --emulation=bbt --bbt-threshold=2 --sbt-threshold=2 --caches=realistic --bpred=gshare" \
		tests/run-busybox.sh --busybox $(BUSYBOX) --in $(BB_IN) --work $(TESTS_WORK)/busybox/run-memory \
		tests/busybox/cases.txt || fail=1; exit $$fail

# ---- branch predictors (docs/model.md "Branch prediction") -----------------------------------------
# Every --bpred gives none's results on m0 and macro (tests/run-bpred.py): x86 programs in bbt
# mode (the first is call-heavy: its x86 returns must hit the return stack), a busybox applet,
# and the ISA tests but timing.S, fuse.S, fuse_cores.S and irq.S (they check cycle counts or their
# order, or take timer interrupts whose count follows the timing, which a predictor changes).
BPRED_X86 := $(TESTS_OUT)/x86/c/recursion-O2 $(TESTS_OUT)/x86/c/compute-O2 $(TESTS_OUT)/x86/c/qsort-O2 \
	$(TESTS_OUT)/x86/c/funcptr-O2
BPRED_RV32 := $(filter-out %/timing.elf %/fuse.elf %/fuse_cores.elf %/irq.elf,$(ISA_TEST_ELFS))
.PHONY: test-bpred
test-bpred: $(BPRED_X86) $(BPRED_RV32) $(MORPH) $(FIRMWARE)
	@$(PYTHON) tests/run-bpred.py --morph $(MORPH) --work $(TESTS_WORK)/bpred/run --x86 $(BPRED_X86) \
		--rv32 $(BPRED_RV32) --busybox $(BUSYBOX)

# ---- sweeps (docs/sweeps.md) ------------------------------------------------------------------
# A small fusion sweep under tools/sweep's three runners, Slurm a private single node
# (tools/slurm-local, root): the same bytes from each, resuming, failure records, sacct.
.PHONY: test-sweep
test-sweep: $(TESTS_OUT)/x86/c/compute-O2 $(TESTS_OUT)/x86/c/qsort-O2 $(BAD)/unmapped-read $(MORPH) $(FIRMWARE)
	@tests/run-sweep.sh --morph $(MORPH) --x86 $(TESTS_OUT)/x86/c --dies $(BAD)/unmapped-read --busybox $(BUSYBOX) \
		--python $(BENCH_PY) --work $(TESTS_WORK)/sweep

# ---- sanitizers (docs/testing.md "Sanitizers") -------------------------------------------------
# make test-sanitize: the build with SANITIZE=1 (ASan and UBSan, $(BUILD)/san) and a CI-sized share
# of the corpus under it: the suites of SANITIZE_SUITES one after the other, each with its own
# "N passed, M failed"; a sanitizer report fails its test (morph exits 86). SANITIZE_X86 picks
# the x86 programs (ONLY= of tests/run-x86.sh) run with every block translated and superblocks.
SANITIZE_SUITES ?= test-bad-input test-cli test-attack test-sbt-faults test-x86-sbt test-x86-dyn test-dynprogs
SANITIZE_X86 ?= -O2
.PHONY: test-sanitize
test-sanitize:
	@$(MAKE) --no-print-directory SANITIZE=1 all
	@fail=0; for t in $(SANITIZE_SUITES); do echo "== $$t (SANITIZE=1)"; \
		if [ $$t = test-x86-sbt ]; then o="ONLY=$(SANITIZE_X86)"; else o=; fi; \
		$(MAKE) --no-print-directory SANITIZE=1 $$o $$t || fail=1; done; exit $$fail

# ---- everything ---------------------------------------------------------------------------------
TEST_SUITES := test-unit test-suite test-xlpins test-isa test-x86-interp test-x86-bbt test-x86-dyn test-dynprogs test-x86-quantum test-x86-fusion test-busybox-interp test-busybox-bbt \
	test-x86-sbt test-busybox-sbt test-sbt-faults test-fuzz-x86 $(addprefix test-fuzz-,$(FUZZ_TARGETS)) \
	test-x86-utf8 test-busybox-utf8 test-bbt test-cores test-caches test-bpred test-memory test-cli test-hostlink test-fpga-rtl test-fpga-gate test-strace test-gdb test-log test-attack test-x87 test-inthw test-bad-input test-realprogs \
	test-syscalls-doc test-stats-doc test-facts-lint test-build-deps lint test-rtl test-cosim synth test-sweep

# Every firmware object built from the project's sources lists the headers it includes (-MMD),
# so a change to one rebuilds it: xl_dcache.o, built without, once read struct morph_config
# (include/morph/htif.h) with the layout before a core knob was added. Zydis's objects depend
# on its sources and the patched-headers stamp (x86/x86.mk).
.PHONY: test-build-deps
test-build-deps: $(FIRMWARE)
	@missing=""; for o in $(filter-out $(ZYDIS_RV_OBJS),$(CMS_OBJS) $(FE_OBJS) $(INTERP_OBJS) $(XL_OBJS)); do \
	  [ -f "$${o%.o}.d" ] || missing="$$missing $$o"; done; \
	if [ -n "$$missing" ]; then echo "test-build-deps: FAIL: no header dependencies (-MMD) for:$$missing"; exit 1; fi; \
	out=$$($(MAKE) -s -n -W include/morph/htif.h $(FW)/cms.elf 2>&1); \
	for o in xl_dcache.o interp.o cms_main.o xl_dispatch.o; do echo "$$out" | grep -q -- "-o [^ ]*/$$o$$" || \
	  { echo "test-build-deps: FAIL: a change to include/morph/htif.h would not rebuild $$o"; exit 1; }; done; \
	echo "test-build-deps: every firmware object tracks the headers it includes"

# Machine facts (encodings, opcode groups, x-ALU list, xflags bits, memory map, core sizes) are
# written once, in isa/*.tbl; this fails naming file:line when one is spelled by hand elsewhere.
.PHONY: test-facts-lint
test-facts-lint:
	@$(PYTHON) tools/lint-facts.py

tests-build: $(HOST_PROBES) $(UNIT_BINS) $(XLPINS_DUMP) $(X86_ASM_BINS) $(X86_C_BINS) $(DEMO_PROG) $(REGCMP) $(BB_IN)/.stamp \
	$(BAD_FILES) $(SBTF)/.stamp $(X87_DIFF) $(X87_DIFF64)

# Host probes (tools/host-probe.sh): can the host run i386, which x87 behaviour it has.
HOST_PROBES := $(TESTS_OUT)/tools/i386-probe $(TESTS_OUT)/tools/x87probe $(TESTS_OUT)/tools/rmwprobe
$(TESTS_OUT)/tools/rmwprobe: tests/tools/rmwprobe.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $< -o $@
$(TESTS_OUT)/tools/i386-probe: tests/tools/i386-probe.S
	@mkdir -p $(@D)
	$(X86_CC) -m32 -nostdlib -static -fno-pie -no-pie $< -o $@
$(TESTS_OUT)/tools/x87probe: tests/tools/x87probe.c tests/tools/x87probe.h
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $< -o $@
.PHONY: host-probe
host-probe: $(HOST_PROBES)
	@tools/host-probe.sh --dir $(TESTS_OUT)/tools --banner

# (the gate-level board testbench, about 5 minutes of synthesis and build, is made in the
# background from the start: tests/run-all.sh RUN_ALL_PREBUILD)
TEST_PREBUILD := fpga-tb-gate:test-fpga-rtl,test-fpga-gate
test-all: $(HOST_PROBES)
	@MORPH_PROBE_DIR=$(abspath $(TESTS_OUT)/tools) RUN_ALL_PREBUILD="$(TEST_PREBUILD)" \
	  tests/run-all.sh "$(MAKE)" $(TESTS_WORK)/logs $(TEST_SUITES)
