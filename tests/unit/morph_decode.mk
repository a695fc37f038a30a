# The generated decode helper (build/gen/morph_decode.h, tools/isagen.py): every op of
# isa/rv32-base.tbl and isa/morph-ext.tbl encoded by translator/xl_emit.h and decoded back
# (class, fields, immediates, B/J offset re-encoders), and the classifier against the tables.
UNIT_TESTS += morph_decode
UNIT_SRCS_morph_decode := tests/unit/test_morph_decode.c
UNIT_CFLAGS_morph_decode := -Itranslator
