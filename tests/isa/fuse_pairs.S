/* Fused pairs as the fusing cores issue them (docs/rtl.md "Fused pairs", docs/model.md "Issue
 * rules"): every op written after HEAD is marked as a macro-op head (bit 1 cleared in memory
 * before the block runs). The results are checked, so they are the same on every core; the RTL
 * runs this under every configuration with its cycles and statistics compared to the model's
 * (make test-rtl, test-cosim), and test-cosim corrupts a co-issued tail on purpose
 * (--inject=rtl-fused-tail) to see cosim catch it. Covered: dependent ALU pairs (the collapsed
 * ALU on macro), x-ALU + xbcc / xsetcc / adc (xflags chained in the cycle), ALU + guest and base
 * load/store tails (independent, and reading the head's result: the collapsed address on
 * macro), a load-use wait of the tail alone, tails that trap (GTLB miss, illegal op),
 * taken branch and jump tails, a head right after a redirect, chains of marks, marked heads
 * that are not single-cycle ALU ops, commit and rollback tails, divide and split-access tails,
 * the x86 call hint as a head (co-issued only without a predictor). */
#include "test.h"
#define VA 0x0804e000
#define PA (GUEST_PHYS + 0x50000)
#define VA_UNMAPPED 0x0904e000
/* the op after it heads a pair: its address goes to the list the prologue patches */
#define HEAD 9: .pushsection .data.heads, "aw"; .word 9b; .popsection;

    .pushsection .data.heads, "aw"
heads_start:
    .popsection

TEST_BEGIN
    MARK_HEADS(heads_start, heads_end)
    li a0, VA
    li a1, PA | 3
    GTLBW(a0, a1)
    la s3, data
    li s4, VA_UNMAPPED
    j body

body:
    /* dependent single-cycle ALU pairs: one cycle with the collapsed ALU */
    li a2, 5
HEAD addi a2, a2, 4
    slli a2, a2, 2
    CHECK(1, a2, 36)
HEAD add a3, a2, a2
    sub a4, a3, a2
    CHECK(2, a3, 72)
    CHECK(3, a4, 36)
HEAD lui a6, 0x12345
    addi a6, a6, 0x678
    CHECK(4, a6, 0x12345678)
    /* x-ALU head, xbcc tail: taken and not taken, on the flags of the head */
HEAD XALU(SUB, W, x0, a2, a4)
    XBCC(XCC_E, 1f)
    li TESTNUM, 5
    j fail
1:
HEAD XALU(SUB, W, x0, a3, a2)
    XBCC(XCC_E, fail)
    /* xsetcc and adc tails read the head's flags; adc also its result (collapsed) */
HEAD XALU(SUB, W, x0, a3, a2)
    XSETCC(a5, XCC_G)
    CHECK(6, a5, 1)
    li a6, -1
    li a7, 1
HEAD XALU(ADD, W, a5, a6, a7)
    XALU(ADC, W, a4, a7, a7)
    CHECK(7, a4, 3)
HEAD XALU(ADD, W, a5, a6, a7)
    XALU(ADC, W, a4, a5, a5)
    CHECK(8, a4, 1)
    XALU(SUB, W, x0, a2, a2)
HEAD XSETCC(a6, XCC_E)
    add a7, a6, a6
    CHECK(9, a7, 2)
    /* ALU head, memory tails: guest store and load, base load, a split access, a dependent one */
    li a2, 0x11223344
HEAD addi t1, zero, 0x55
    GS(GSW, a2, 0, a0)
HEAD addi t2, zero, 0x66
    GL(GLW, a5, 0, a0)
    CHECK(10, a5, 0x11223344)
    CHECK(11, t1, 0x55)
HEAD addi t0, a0, 4
    GS(GSW, t2, 0, t0)
    GL(GLW, a5, 4, a0)
    CHECK(12, a5, 0x66)
HEAD addi t1, zero, 9
    GL(GLW, a5, 2, a0)
    CHECK(13, a5, 0x00661122)
HEAD addi t1, t1, 1
    lw a5, 0(s3)
    CHECK(14, a5, 0x1000)
    CHECK(15, t1, 10)
    /* memory tails that read the head's result: the address base (guest and base, a split
     * access, one that traps) and a store's data; the collapsed address takes it in the head's
     * cycle on macro, the others wait a cycle */
HEAD addi t0, a0, 8
    GS(GSW, a2, 0, t0)
HEAD addi t2, zero, 0x7a
    GS(GSW, t2, 12, a0)
HEAD addi t0, a0, 12
    GL(GLW, a5, -4, t0)
    CHECK(39, a5, 0x11223344)
HEAD addi t0, a0, 10
    GL(GLW, a5, 0, t0)
    CHECK(40, a5, 0x007a1122)
HEAD addi t0, s3, 0
    lw a5, 0(t0)
    CHECK(41, a5, 0x1000)
HEAD addi t2, zero, 0x5b
    sw t2, 4(s3)
HEAD addi t0, s3, 4
    lw a5, 0(t0)
    CHECK(42, a5, 0x5b)
HEAD addi t0, s4, 0
    GL(GLW, a7, 0, t0)
    CHECK_TRAP(43, CAUSE_GTLB_MISS_LOAD)
    /* the tail reads the load just before the pair (it waits; the head does not) */
    GL(GLW, a6, 0, a0)
HEAD addi a7, zero, 1
    add a7, a7, a6
    CHECK(16, a7, 0x11223345)
    /* the head overwrites the load's rd: the tail reads the head's value */
    GL(GLW, a6, 0, a0)
HEAD addi a6, zero, 3
    add a7, a6, a6
    CHECK(17, a7, 6)
    /* tails that trap: the head retires, the tail traps (the handler resumes after it) */
    li a6, 0
HEAD addi a6, zero, 11
    GL(GLW, a7, 0, s4)
    CHECK_TRAP(18, CAUSE_GTLB_MISS_LOAD)
    CHECK(19, a6, 11)
HEAD addi a6, a6, 1
    .word 0xffffffff
    CHECK_TRAP(20, CAUSE_ILLEGAL_INSN)
    CHECK(21, a6, 12)
    /* taken branch and jump tails, and a head right after each redirect */
    li a2, 7
HEAD addi a6, zero, 1
    bne a2, zero, 1f
    li TESTNUM, 22
    j fail
1:
HEAD addi a6, a6, 2
    addi a7, zero, 4
HEAD addi a5, zero, 3
    jal x0, 2f
    li TESTNUM, 23
    j fail
2:
HEAD add a6, a6, a7
    add a6, a6, a5
    CHECK(24, a6, 10)
    j 3f
    nop
3:
HEAD addi a6, zero, 5
    addi a7, zero, 6
    CHECK(25, a6, 5)
    CHECK(26, a7, 6)
    /* a chain of marks pairs (1,2) and (3,4) */
    li a2, 0
HEAD addi a2, a2, 1
HEAD addi a2, a2, 2
HEAD addi a2, a2, 3
    addi a2, a2, 4
    CHECK(27, a2, 10)
    /* marked heads that are not single-cycle ALU ops pair by the marks but issue alone; the op
     * after such a pair's tail may head again */
    li a2, 6
HEAD mul a6, a2, a2
    addi a7, zero, 1
HEAD lw a5, 0(s3)
HEAD addi a7, a7, 1
    addi a7, a7, 1
HEAD addi a4, zero, 2
    add a4, a4, a5
    CHECK(28, a6, 36)
    CHECK(29, a7, 3)
    CHECK(30, a4, 0x1002)
HEAD GS(GSW, a2, 8, a0)
    addi a7, zero, 2
HEAD bne a2, a2, fail
    addi a7, a7, 2
    CHECK(31, a7, 4)
    /* a divide tail, an auipc head, a CSR tail (issues alone) */
    li a2, 100
HEAD addi a6, zero, 7
    divu a7, a2, a6
    CHECK(32, a7, 14)
4:
HEAD auipc a6, 0
    addi a7, zero, 1
    la a5, 4b
    CHECKR(33, a6, a5)
HEAD addi a6, zero, 1
    csrr a7, minstret
    /* commit and rollback tails (CMS mode): commit takes the head's register and flags;
     * rollback wins over the head's write */
    li s2, 0
    li s3, 0x33
HEAD addi s2, zero, 0x77
    COMMIT(zero)
    li s2, 1
    ROLLBACK
    CHECK(34, s2, 0x77)
HEAD XALU(SUB, W, x0, a2, a2)
    COMMIT(zero)
    csrw CSR_XFLAGS, zero
    ROLLBACK
    csrr a6, CSR_XFLAGS
    andi a6, a6, XF_ZF_
    CHECK(35, a6, XF_ZF_)
HEAD addi s3, zero, 5
    ROLLBACK
    CHECK(36, s3, 0x33)
    /* the x86 call hint (slti x0, rs1, 0x5c1) as a head: it pairs without a predictor; with
     * one it issues alone (the head lane has no port to the x86 return stack) */
HEAD slti zero, a2, 0x5c1
    addi a7, zero, 3
    CHECK(38, a7, 3)
    CHECK_NOTRAP(37)
    j pass
TEST_END
    .data
    .balign 4
data: .word 0x1000, 0
    .pushsection .data.heads, "aw"
heads_end:
    .popsection
