# The fast decoder (x86/xl_fastdec.c) proven equal to the Zydis path over every opcode, ModRM,
# SIB and accepted prefix set, and random byte strings (XL_FASTDEC_RANDOM; 10^7 in
# make test-fastdec-full, part of make test-full).
UNIT_TESTS += xl_fastdec
UNIT_SRCS_xl_fastdec := tests/unit/test_xl_fastdec.c $(FE_DECODE_HOST)
UNIT_CFLAGS_xl_fastdec := -Ix86
UNIT_LIBS_xl_fastdec := -lZydis
