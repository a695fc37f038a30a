# The superblock passes (translator/xl_pass_rle.c, xl_pass_cprop.c, xl_pass_incr.c) on hand-built blocks and on a
# superblock through the whole pipeline.
UNIT_TESTS += xl_passes
UNIT_SRCS_xl_passes := tests/unit/test_xl_passes.c $(XL_PIPELINE_SRCS) $(FE_DECODE_HOST)
UNIT_CFLAGS_xl_passes := -DCMS_HOST -Icms -Ix86 -Itranslator
UNIT_LIBS_xl_passes := -lZydis
