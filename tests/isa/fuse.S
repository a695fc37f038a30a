/* Fuse marks: the same block run plain and with every op marked as a macro-op head (bit 1
 * cleared in memory) gives identical results and, in the base configuration, identical cycles. */
#include "test.h"
#define VA 0x0804d000
#define PA (GUEST_PHYS + 0x40000)
TEST_BEGIN
    li a0, VA
    li a1, PA | 3
    GTLBW(a0, a1)
    call run_block
    mv s2, a2
    mv s3, a3
    mv s4, a4
    mv s5, a5
    sub s6, a7, a6            /* cycles */
    /* mark every op of the block but the final ret as a head */
    la a0, block
    la a1, block_end
1:  lw a2, 0(a0)
    andi a2, a2, -3
    sw a2, 0(a0)
    addi a0, a0, 4
    bltu a0, a1, 1b
    .word 0x0000100f          /* fence.i */
    la a0, block
    lw a2, 0(a0)
    andi a2, a2, 2
    CHECK(1, a2, 0)           /* the mark is really in memory */
    call run_block
    CHECKR(2, a2, s2)
    CHECKR(3, a3, s3)
    CHECKR(4, a4, s4)
    CHECKR(5, a5, s5)
    sub a7, a7, a6
    CHECKR(6, a7, s6)
    CHECK(7, s2, 0x2d)
    j pass

run_block:
    mv s8, ra
    li a0, VA
    li a2, 5
    li a3, 0x1234
    csrw CSR_XFLAGS, zero
    csrr a6, mcycle
    call block
    csrr a7, mcycle
    mv ra, s8
    ret

block:
    addi a2, a2, 4            /* dependent pairs */
    slli a2, a2, 2
    xor a3, a3, a2
    add a4, a3, a2
    GS(GSW, a4, 0, a0)
    GL(GLW, a5, 0, a0)
    XALU(SUB, W, a5, a5, a2)
    XSETCC(a1, XCC_S)
    add a5, a5, a1
    lw a1, 0(sp)              /* load-use inside a marked pair */
    add a5, a5, a1
    mul a4, a4, a2
    divu a4, a4, a2
    add a2, a2, 9
block_end:
    ret
TEST_END
