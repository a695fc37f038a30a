# translator/xl_bbt.c on the host: dead-flag elimination, exits, commits and the store-buffer
# bound. The I-ops per x86 instruction form (translation quality, like FEX-Emu's
# InstructionCountCI) are pinned as data in tests/xlpins (make test-xlpins).
UNIT_TESTS += xl_bbt
UNIT_SRCS_xl_bbt := tests/unit/test_xl_bbt.c $(XL_PIPELINE_SRCS) $(FE_DECODE_HOST)
UNIT_CFLAGS_xl_bbt := -DCMS_HOST -Icms -Ix86 -Itranslator
UNIT_LIBS_xl_bbt := -lZydis
