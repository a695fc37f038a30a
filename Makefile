# morph: a co-designed virtual machine (x86 guest, RV32IM + morph extension core).
#
#   make            build the model + CLI (build/bin/morph) and the firmware (build/fw/cms.img)
#   make demo       install what is missing, build, run the bundled x86 demo on the model
#   make test       everything CI checks (unit tests, x86 corpus, busybox) -- .ci/run calls it
#   make deps       install Debian packages (slurm-wlm and munge too), zydis source,
#                   busybox-static:i386 (idempotent)
#   make install    morph, its firmware and man page under PREFIX (default /usr/local)
#   make SANITIZE=1 TARGET   TARGET with morph and the host unit tests under ASan and UBSan, in
#                   build/san (make test-sanitize: a CI-sized set of suites that way)
#   make sweep      the fusion sweep as a job list, run serially, under GNU parallel or as a Slurm
#                   job array (RUNNER=, docs/sweeps.md)
#
# Fragments: sim/sim.mk (C model, CLI), cms/cms.mk (firmware, boot ROM, Zydis for RV32),
# tests/tests.mk (test corpus and runners).

BUILD ?= build
GEN := $(BUILD)/gen
HOST_CC ?= gcc
HOST_CFLAGS ?= -std=c11 -O2 -g -Wall -Wextra -D_GNU_SOURCE
# make SANITIZE=1 ...: the host C that a guest drives (the model and CLI, the RTL harness's C, the
# host unit tests and xlpins_dump) built with ASan and UBSan into HOST_BUILD = $(BUILD)/san, and
# the tests' runs written under it too; the firmware, the guest programs, the generated headers,
# the deps and the harness's own tools (regcmp, the probes, fwfuse) are the normal build's, in
# $(BUILD). A report goes to stderr and stops the program with exit status 86 (morph has its
# options built in, sim/sim_sanitize.c; docs/testing.md "Sanitizers").
SANITIZE ?= 0
ifeq ($(SANITIZE),1)
HOST_BUILD := $(BUILD)/san
HOST_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
export ASAN_OPTIONS := exitcode=86
export UBSAN_OPTIONS := exitcode=86:print_stacktrace=1:halt_on_error=1
else ifeq ($(SANITIZE),0)
HOST_BUILD := $(BUILD)
HOST_SAN :=
else
$(error SANITIZE=$(SANITIZE): use SANITIZE=1 (ASan and UBSan) or SANITIZE=0)
endif
RV_PREFIX ?= riscv64-unknown-elf-
RV_CC := $(RV_PREFIX)gcc
RV_OBJCOPY := $(RV_PREFIX)objcopy
PYTHON ?= python3
MORPH := $(HOST_BUILD)/bin/morph
# what `morph run` boots: the boot ROM and the flash image
FIRMWARE := $(BUILD)/fw/cms.img $(BUILD)/fw/bootrom.bin
DEPS_STAMP := $(BUILD)/deps/.stamp

.PHONY: all deps demo test clean install man-doc
all: $(MORPH) $(FIRMWARE)

deps: $(DEPS_STAMP)
$(DEPS_STAMP): tools/install-deps.sh tools/slurm-local bench/suite/suite.py
	tools/install-deps.sh $(BUILD)/deps

# isagen writes all of them in one run (grouped target).
ISAGEN_OUT := $(GEN)/morph_isa.h $(GEN)/morph_isa.vh $(GEN)/morph_decode.h $(GEN)/morph_facts.h \
	$(GEN)/morph_facts.vh $(GEN)/morph_sizes.vh $(GEN)/morph_facts.py $(GEN)/morph_facts.ld \
	$(GEN)/morph_facts.mk
ISA_TBLS := isa/morph-ext.tbl isa/morph-sys.tbl isa/morph-facts.tbl isa/rv32-base.tbl
$(ISAGEN_OUT) &: $(ISA_TBLS) tools/isagen.py
	$(PYTHON) tools/isagen.py $(ISA_TBLS) $(GEN)
	@touch $(ISAGEN_OUT)

# Core sizes (CORE_GSB_DEPTH, ...) for the make fragments.
-include $(GEN)/morph_facts.mk

include sim/sim.mk
# softfloat before cms: the firmware link (cms/interp/interp.mk) uses SOFTFLOAT_FW_OBJS.
include softfloat/softfloat.mk
include cms/cms.mk
include tests/tests.mk
include rtl/rtl.mk
include rtl/fpga/fpga.mk
include bench/bench.mk

demo: $(DEPS_STAMP)
	$(MAKE) all tests-demo
	@echo "== morph run $(DEMO_PROG) (x86 program on the modeled RV32 core, via CMS firmware) =="
	$(MORPH) run --stats $(DEMO_PROG) morph

test: $(DEPS_STAMP)
	@tools/binfmt-i386.sh --dir $(BUILD)/deps/probe
	$(MAKE) all
	$(MAKE) test-all

# morph finds its firmware in <dir of morph>/../fw, else <dir of morph>/../share/morph/fw.
# The man page is generated from the options' table (sim/morph_opts.def): `make man-doc`
# writes it, make test-cli checks that it is current. (morph-rtl-CORE binaries stay in the build
# tree: `morph run --engine=rtl` builds them there.)
PREFIX ?= /usr/local
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/morph/fw $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(MORPH) $(DESTDIR)$(PREFIX)/bin/morph
	install -m 644 $(BUILD)/fw/bootrom.bin $(BUILD)/fw/cms.img $(BUILD)/fw/cms.elf $(DESTDIR)$(PREFIX)/share/morph/fw
	install -m 644 docs/morph.1 $(DESTDIR)$(PREFIX)/share/man/man1/morph.1

man-doc: $(MORPH)
	$(MORPH) help --man > docs/morph.1

clean:
	rm -rf $(BUILD)/bin $(BUILD)/obj $(BUILD)/fw $(BUILD)/gen $(BUILD)/tests $(BUILD)/san
