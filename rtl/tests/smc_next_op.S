/* Negative co-simulation test: the op right after a store is rewritten by that store. The model
 * fetches at execution and sees the new op; the RTL has already fetched the old one (the known
 * limit of docs/rtl.md). `morph sim --engine=cosim` must report a divergence (exit 125). */
#include "test.h"
TEST_BEGIN
    la a0, patch
    li a1, 0x00100593          /* addi a1, x0, 1 */
    sw a1, 0(a0)
patch:
    addi a1, x0, 2
    j pass
TEST_END
