# The caches of the C model (sim/sim_cache.c, docs/model.md "Caches"): tree pseudo-LRU order,
# hits, misses and writebacks pinned by hand and against a small reference over random
# streams, and the stall rules of docs/isa.md section 9 through the core (both timing routines).
UNIT_TESTS += cache
UNIT_SRCS_cache := tests/unit/test_cache.c $(filter-out sim/morph_main.c sim/sim_rtl.c sim/sim_cosim.c,$(wildcard sim/*.c))
UNIT_CFLAGS_cache := -Isim -Itranslator
UNIT_LIBS_cache := -lZydis -lZycore
