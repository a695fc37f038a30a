/* A missing fence.i (docs/model.md "Caches"): a function is called (its line enters the L1I),
 * rewritten and called again without fence.i. Without caches the new code runs and the test
 * passes; with caches the L1I still holds the old word, the hardware would run stale code,
 * and the model must stop with "stale instruction fetch" (tests/run-caches.py checks both). */
#include "test.h"
#define LI_A0(v) (((v) << 20) | (10 << 7) | 0x13) /* addi a0, x0, v */
/* ops between a code store and the fetch of its word: the test is about the caches, not about
 * how far ahead a pipeline fetches */
#define GAP nop; nop; nop; nop
TEST_BEGIN
    call patch
    CHECK(1, a0, 1)
    la t0, patch
    li t1, LI_A0(2)
    sw t1, 0(t0)
    GAP
    call patch /* no fence.i */
    CHECK(2, a0, 2)
    j pass
    .balign 64
patch:
    li a0, 1
    ret
    .balign 64
TEST_END
