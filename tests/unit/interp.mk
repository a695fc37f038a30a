# The interpreter (cms/interp/interp.c) on the host, over the x86 front end (decode and the
# decoded-instruction cache): x86 byte sequences against expected register, memory and flag
# results. x-ALU ops come from the C model (sim/sim_xalu.c).
UNIT_TESTS += interp
UNIT_SRCS_interp := tests/unit/test_interp.c cms/interp/interp.c cms/interp/x87.c \
	$(FE_DECODE_HOST) x86/xl_dcache.c sim/sim_xalu.c $(wildcard softfloat/sf_*.c)
UNIT_CFLAGS_interp := -DCMS_HOST -Icms -Iconcealed-mem -Ix86 -Isim -Isoftfloat
UNIT_LIBS_interp := -lZydis
