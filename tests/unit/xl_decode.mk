# x86/xl_decode.c against a table of IA-32 encodings, with the host's Zydis 4.0.
UNIT_TESTS += xl_decode
UNIT_SRCS_xl_decode := tests/unit/test_xl_decode.c $(FE_DECODE_HOST)
UNIT_CFLAGS_xl_decode := -Ix86
UNIT_LIBS_xl_decode := -lZydis
