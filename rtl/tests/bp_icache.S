/* Co-simulation test of the predictor's tables with the caches (make test-cosim runs it under
 * --caches=l1 and realistic with every predictor on every core that has one): a call whose
 * target, a return, is the first op of a line the L1I misses. The return's fetch reads the
 * tables before its L1I wait (the lookup is in ID; docs/isa.md section 9, "When"), so on m0 a
 * call predicted at decode (jal) and on the shorter front end a mispredicted one (jalr) leaves
 * its return-stack push out of the return's prediction, however long the miss. A model that
 * read them after the wait (F = issue - 2 counting the wait) predicts the return right, the RTL
 * does not: cosim diverges. fence.i empties the L1I and the BTB each round. */
#include "test.h"
TEST_BEGIN
    li s2, 3
1:  .word 0x0000100f /* fence.i */
    jal ra, far1     /* predicted at decode: no BTB entry after the fence.i */
    la t0, far2
    jalr ra, 0(t0)   /* no BTB entry: mispredicted */
    addi s2, s2, -1
    bnez s2, 1b
    CHECK(1, s2, 0)
    j pass
    .balign 64
far1:
    ret
    .balign 64
far2:
    ret
    .balign 64
TEST_END
