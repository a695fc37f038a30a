# Differential test of the x-ALU model (sim/sim_xalu.c) against the host's own x86 ALU.
UNIT_TESTS += xalu
UNIT_SRCS_xalu := tests/unit/test_xalu.c sim/sim_xalu.c
UNIT_CFLAGS_xalu := -Isim -mno-red-zone
