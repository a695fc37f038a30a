/* Negative co-simulation test (make test-cosim): `morph sim --engine=cosim --caches=l1
 * --inject=rtl-cache-way` must report a divergence (exit 125). Three lines of one L1D set
 * (stride = the largest L1D of the presets, so they share a set in every preset with at most
 * 2 ways) are loaded A, B, A, C, A: the second A hit makes A the most recent, so C evicts B and
 * the last A hits. With the fault the hit makes B the most recent, C evicts A and the last A
 * misses: the op after it issues later in the RTL than in the model. */
#include "test.h"
#define STRIDE 32768
TEST_BEGIN
    li a0, GUEST_PHYS
    li a1, STRIDE
    add a2, a0, a1
    add a3, a2, a1
    lw t0, 0(a0)     /* A */
    lw t0, 0(a2)     /* B */
    lw t0, 0(a0)     /* A: hit */
    lw t0, 0(a3)     /* C */
    lw t0, 0(a0)     /* A: hit, or a miss with the fault */
    j pass
TEST_END
