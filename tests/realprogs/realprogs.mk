# Real static i386 programs from Debian's archive (tests/run-realprogs.sh, docs/testing.md):
#   make test-realprogs   every case of tests/realprogs/cases.txt under LANG=C and LANG=C.UTF-8,
#                         morph against the reference run; cases that need processes or signal
#                         delivery are expected failures (XFAIL) until their issue lands
.PHONY: test-realprogs
test-realprogs: $(TEST_MORPH_DEPS)
	@tests/run-realprogs.sh --deps $(BUILD)/deps --work $(TESTS_WORK)/realprogs/run \
		tests/realprogs/cases.txt

# Dynamically linked programs from Debian's i386 archive in the sysroot build/deps/i386-root:
#   make test-dynprogs    every case of tests/realprogs/dyn-cases.txt under LANG=C and LANG=C.UTF-8,
#                         morph -L against the sysroot's ld.so (docs/testing.md)
.PHONY: test-dynprogs
test-dynprogs: $(TEST_MORPH_DEPS)
	@tests/run-realprogs.sh --deps $(BUILD)/deps --sysroot $(BUILD)/deps/i386-root --work $(TESTS_WORK)/realprogs/run-dyn \
		tests/realprogs/dyn-cases.txt
