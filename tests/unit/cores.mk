# Timing rules of every core configuration (docs/model.md "Core configurations"): short op
# sequences, with and without fuse marks, run by the C model under each preset; exact cycles.
UNIT_TESTS += cores
UNIT_SRCS_cores := tests/unit/test_cores.c $(filter-out sim/morph_main.c sim/sim_rtl.c sim/sim_cosim.c,$(wildcard sim/*.c))
UNIT_CFLAGS_cores := -Isim -Itranslator
UNIT_LIBS_cores := -lZydis -lZycore
