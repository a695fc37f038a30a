/* Fuse marks on any core (tests/run-cores.py runs this under every --core): a block of
 * independent and dependent pairs, run plain and then with the head of every pair marked (bit 1
 * cleared in memory), gives identical results, and the marked run takes no more cycles. On m0
 * the cycles are equal (tests/isa/fuse.S checks that); m1, m2 and macro issue the pairs with a
 * single-cycle ALU head together (p2, p4 and p5 pair by the marks but issue alone). */
#include "test.h"
TEST_BEGIN
    call run_block
    mv s2, a2
    mv s3, a3
    mv s4, a4
    mv s5, a5
    sub s6, a7, a6            /* cycles, plain */
    /* mark the first op of every pair: pair_heads lists them */
    MARK_HEADS(pair_heads, pair_heads_end)
    call run_block
    CHECKR(1, a2, s2)
    CHECKR(2, a3, s3)
    CHECKR(3, a4, s4)
    CHECKR(4, a5, s5)
    sub a7, a7, a6
    li TESTNUM, 5
    bltu s6, a7, fail         /* marked cycles <= plain cycles */
    CHECK(6, s2, 0x22)
    CHECK(7, s5, 0x1003 + 0x24)
    CHECK_NOTRAP(8)
    j pass

run_block:
    mv s8, ra
    li a2, 5
    li a3, 0x1234
    li a4, 0
    li a5, 0
    la a0, data
    csrr a6, mcycle
    call block
    csrr a7, mcycle
    mv ra, s8
    ret

block:
p0: addi a2, a2, 4            /* dependent ALU pair: one cycle with the collapsed ALU */
    slli a2, a2, 2
p1: xor a3, a3, a2            /* independent pair */
    addi a4, a4, 7
p2: lw a5, 0(a0)              /* load and an independent op */
    addi a1, zero, 3
p3: add a5, a5, a1            /* load-use inside a pair */
    add a5, a5, a2
p4: bne a2, a2, 1f           /* not-taken branch head */
    add a4, a4, a3
1:
p5: mul a4, a4, a2            /* multiply: not a single-cycle ALU op */
    sub a2, a2, a1
p6: addi a2, a2, 1
    addi a2, a2, 0
    ret
TEST_END
    .data
    .balign 4
pair_heads: .word p0, p1, p2, p3, p4, p5, p6
pair_heads_end:
data: .word 0x1000
