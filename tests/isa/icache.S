/* Code written by stores reaches the fetch after fence.i (docs/model.md "Caches"): a function
 * is called (its line enters the L1I), rewritten, fence.i, called again: the new code runs.
 * Passes with and without caches (tests/run-caches.py runs it under every --caches preset);
 * icache_stale.S is the same without fence.i. */
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
    .word 0x0000100f /* fence.i */
    call patch
    CHECK(2, a0, 2)
    /* again, the line now dirty in the L1D as well: the L1I fill takes the written value */
    li t1, LI_A0(3)
    sw t1, 0(t0)
    lw t2, 0(t0)
    CHECKR(3, t1, t2)
    GAP
    .word 0x0000100f /* fence.i */
    call patch
    CHECK(4, a0, 3)
    /* a store to another word of the line leaves the fetched words as they are */
    sw t1, 4(t0)
    li t1, 0x00008067 /* ret */
    sw t1, 4(t0)
    GAP
    call patch
    CHECK(5, a0, 3)
    j pass
    .balign 64
patch:
    li a0, 1
    ret
    .balign 64
TEST_END
