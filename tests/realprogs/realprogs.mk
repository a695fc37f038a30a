# Real static i386 programs from Debian's archive (tests/run-realprogs.sh, docs/testing.md):
#   make test-realprogs   every case of tests/realprogs/cases.txt under LANG=C and LANG=C.UTF-8,
#                         morph against the reference run; cases that need processes or signal
#                         delivery are expected failures (XFAIL) until their issue lands
.PHONY: test-realprogs
test-realprogs: $(TEST_MORPH_DEPS)
	@tests/run-realprogs.sh --deps $(BUILD)/deps --work $(TESTS_WORK)/realprogs/run \
		tests/realprogs/cases.txt
