# The front-end predictors (docs/model.md "Branch prediction"): the direction predictors and the
# return stack against a small reference, and the timing contract of --bpred on m0 and m2
# (short op sequences, exact cycles).
UNIT_TESTS += bpred
UNIT_SRCS_bpred := tests/unit/test_bpred.c $(filter-out sim/morph_main.c sim/sim_rtl.c sim/sim_cosim.c,$(wildcard sim/*.c))
UNIT_CFLAGS_bpred := -Isim -Itranslator
UNIT_LIBS_bpred := -lZydis -lZycore
