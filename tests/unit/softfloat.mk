# Soft-float x87 library (softfloat/): differential test against the host x87, CI-sized
# (5000 random cases per operation, fixed seed) plus hand-picked special cases.
# The full run is `make test-softfloat-full` (softfloat/softfloat.mk).
UNIT_TESTS += softfloat
UNIT_SRCS_softfloat := tests/unit/test_softfloat.c tests/softfloat/sf_diff.c \
	$(wildcard softfloat/sf_*.c)
UNIT_CFLAGS_softfloat := -Isoftfloat -Itests/softfloat -Itests/tools
