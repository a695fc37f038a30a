# fusion/ on the host: each heuristic on small regions, and every heuristic on whole blocks
# through the translator, checked to be a valid reordering (docs/fusion.md).
UNIT_TESTS += fuse
UNIT_SRCS_fuse := tests/unit/test_fuse.c $(XL_PIPELINE_SRCS) $(FE_DECODE_HOST)
UNIT_CFLAGS_fuse := -DCMS_HOST -Icms -Ix86 -Itranslator -Ifusion
UNIT_LIBS_fuse := -lZydis
