/* Cycle costs of docs/isa.md section 9, read with mcycle around each sequence. A csrr of mcycle
 * sees the cycles before it issued, so the difference of two reads is 1 (the first csrr) plus
 * the cost of what lies between. */
#include "test.h"
#define VA 0x0804e000
#define PA (GUEST_PHYS + 0x50000)
#define T0 csrr s2, mcycle
#define T1(n, cost) csrr s3, mcycle; sub s3, s3, s2; CHECK(n, s3, 1 + (cost))
TEST_BEGIN
    la a3, data
    li a0, VA
    li a1, PA | 3
    GTLBW(a0, a1)
    T0; T1(1, 0)
    T0; nop; T1(2, 1)
    T0; nop; nop; nop; T1(3, 3)
    T0; lw a2, 0(a3); addi a2, a2, 1; T1(4, 3)        /* load-use: +1 */
    T0; lw a2, 0(a3); addi a4, a5, 1; T1(5, 2)        /* independent */
    T0; lw a2, 0(a3); nop; addi a2, a2, 1; T1(6, 3)   /* one op apart: no stall */
    T0; lw a2, 0(a3); sw a2, 4(a3); T1(7, 3)          /* store data reads rd */
    T0; lw a2, 0(a3); csrw mscratch, a2; T1(8, 3)
    T0; lw x0, 0(a3); addi a4, x0, 1; T1(9, 2)        /* x0 is never a load-use */
    T0; lw a2, 0(a3); lui a2, 1; T1(10, 2)            /* lui reads nothing */
    T0; beq x0, x0, 1f; 1: T1(11, 3)                  /* taken branch: +2 */
    T0; bne x0, x0, fail; T1(12, 1)                   /* not taken */
    T0; jal x0, 1f; 1: T1(13, 3)
    la a4, 1f
    T0; jalr x0, 0(a4); 1: T1(14, 3)
    li a4, 100
    li a5, 7
    T0; div a2, a4, a5; T1(15, 33)                    /* iterative divider: +32 */
    T0; remu a2, a4, a5; T1(16, 33)
    T0; mul a2, a4, a5; mulh a2, a4, a5; T1(17, 2)
    T0; GL(GLW, a2, 0, a0); T1(18, 1)                 /* guest access within a word */
    T0; GL(GLW, a2, 2, a0); T1(19, 2)                 /* two words: +1 */
    T0; GL(GLH, a2, 3, a0); T1(20, 2)
    T0; GL(GLH, a2, 2, a0); T1(21, 1)
    T0; GS(GSW, a2, 1, a0); T1(22, 2)
    T0; GS(GSB, a2, 7, a0); T1(23, 1)
    T0; GL(GLW, a2, 0, a0); add a2, a2, a2; T1(24, 3) /* guest load-use */
    T0; GL(GLW, a2, 1, a0); add a2, a2, a2; T1(25, 4) /* split + load-use */
    li a5, 1
    csrw CSR_XFLAGS, a5
    T0; XBCC(XCC_B, 1f); 1: T1(26, 3)                 /* xbcc taken */
    T0; XBCC(XCC_AE, fail); T1(27, 1)
    T0; XSETCC(a2, XCC_B); XALU(ADD, W, a2, a2, a2); XALU(MULF, W, a2, a2, a2); T1(28, 3)
    la a5, 1f
    li a4, 0x1000
    JTLBW(a4, a5)
    T0; JTLBJ(a4); 1: T1(29, 3)                       /* jtlbj hit: +2 */
    /* traps: the handler's first op issues 3 cycles after the trapping op; mret is +2 */
    la a4, timing_handler
    csrw mtvec, a4
    T0; ecall; csrr s4, mcycle; CHECK(30, s3, 1 + 3)  /* s3: handler's first op - T0 */
    sub s4, s4, s5                                     /* s5: cycle at which mret issued */
    CHECK(31, s4, 3)
    T0; GL(GLW, a2, 0x100, a0); CHECK(32, s3, 1 + 3)   /* a GTLB miss traps the same way */
    /* the load-use stall is charged before the op issues, also when it then traps */
    T0; lw a2, 0(a3); GL(GLW, a2, 0, a2); CHECK(33, s3, 1 + 1 + 1 + 3)
    T0; xor a2, a2, a2; XEXIT(a2); CHECK(34, s3, 1 + 1 + 3)
    la a4, trap_handler
    csrw mtvec, a4
    li TRAP_COUNT, 0
    j pass

/* Reads mcycle first (into s3, like T1 would), records the cycle before mret in s5. */
timing_handler:
    csrr s3, mcycle
    sub s3, s3, s2
    csrr t6, mepc
    addi t6, t6, 4
    csrw mepc, t6
    csrr s5, mcycle
    addi s5, s5, 2                                     /* this csrr and the addi */
    mret
TEST_END
    .data
    .balign 4
data: .word 0x80000000, 0  /* lint-facts: ok (an operand, not an address) */
