/* Machine timer interrupts (docs/isa.md sections 8 and 9): a bare-metal program that arms the
 * CLINT's mtimecmp, takes timer interrupts and counts them. Checked: the interrupt-entry
 * latency (mtimecmp reached to the handler's first op: 3 cycles when an op issues every
 * cycle), mepc/mcause/mtval, a pending interrupt (mip.MTIP) taken by the op right after
 * mstatus.MIE is set, mret restoring MIE, and a periodic timer over a loop of fused pairs
 * (marked heads), load-use waits, divides and branches whose result must come out exact
 * (interrupts are precise: taken between ops, never inside a co-issued pair), and interrupts
 * taken in translated mode, resumed there by mret with the gated store buffer intact. make test-rtl and
 * test-cosim run it on every core; cosim compares every interrupt entry as a trap event. */
#include "test.h"
#define CLINT_MTIMECMP (MM_CLINT_BASE + CLINT_REG_MTIMECMP)
#define INTR_TIMER (CSRV_MCAUSE_INTERRUPT | IRQ_M_TIMER)
#define HEAD 9: .pushsection .data.heads, "aw"; .word 9b; .popsection;
/* registers the interrupt handler owns: s2 count, s4 mcycle at its first op, s5 mepc,
 * s6 mcause, s7 mtval, s8 period (0: one-shot), s3 and s9 scratch */
#define COUNT s2
#define VA 0x0804e000
#define PA (GUEST_PHYS + 0x60000)
#define PERIOD s8

    .pushsection .data.heads, "aw"
heads_start:
    .popsection

TEST_BEGIN
    MARK_HEADS(heads_start, heads_end)
    la t0, irq_vec
    csrw mtvec, t0
    li COUNT, 0
    li PERIOD, 0
    li t1, CLINT_MTIMECMP
    li a2, -1
    sw a2, 0(t1)               /* mtimecmp = 0x00000000_ffffffff, written low word first */
    sw zero, 4(t1)
    li a1, CSRV_MIP_MTIP
    csrw mie, a1

    /* 1. latency: mtimecmp a few cycles ahead, then one op per cycle */
    csrr a3, mcycle
    addi a3, a3, 12
    sw a3, 0(t1)
    csrsi mstatus, CSRV_MSTATUS_MIE
    la a4, nops
nops:
    .rept 32
    nop
    .endr
    CHECK(1, COUNT, 1)
    sub a5, s4, a3
    CHECK(2, a5, 3)            /* handler's first op issued 3 cycles after mtimecmp */
    CHECK(3, s6, INTR_TIMER)
    CHECK(4, s7, 0)
    sub a5, s5, a4             /* mepc: the nop issuing at mtimecmp */
    li TESTNUM, 5
    bltu a5, zero, fail
    li t6, 32*4
    bgeu a5, t6, fail
    csrr a1, mstatus           /* mret put MIE back */
    andi a1, a1, CSRV_MSTATUS_MIE
    CHECK(6, a1, CSRV_MSTATUS_MIE)

    /* 1b. the worst case: mtimecmp one cycle after a divide issued; the op after the divide
     * takes it, so the latency is the divide's cost (d, measured here) + 2 */
    csrr a5, mcycle
    divu a6, a5, a5
    csrr a7, mcycle
    sub a7, a7, a5
    addi a7, a7, -1            /* d */
    csrr a3, mcycle
    addi a3, a3, 5
    sw a3, 0(t1)
    nop
    divu a6, a5, a5            /* issues at mtimecmp - 1 */
    nop
    CHECK(7, COUNT, 2)
    sub a5, s4, a3             /* the latency: d + 2 on a single-issue core (m0: 35); a */
    addi a7, a7, 2             /* wide core issues the ops around the divide differently, */
    li TESTNUM, 8              /* so the check is that it is at most that and at least 3 */
    bgtu a5, a7, fail
    li t6, 3
    bltu a5, t6, fail

    /* 2. pending while disabled (mip.MTIP), taken by the op after mstatus.MIE is set */
    csrci mstatus, CSRV_MSTATUS_MIE
    csrr a3, mcycle
    sw a3, 0(t1)
    nop
    csrr a1, mip
    CHECK(10, a1, CSRV_MIP_MTIP)
    CHECK(11, COUNT, 2)
    la a4, 1f
    csrsi mstatus, CSRV_MSTATUS_MIE
1:  nop
    CHECK(12, COUNT, 3)
    CHECKR(13, s5, a4)
    /* mie.MTIE clear: pending, enabled globally, not taken */
    csrci mstatus, CSRV_MSTATUS_MIE
    csrr a3, mcycle
    sw a3, 0(t1)
    csrw mie, zero
    csrsi mstatus, CSRV_MSTATUS_MIE
    nop
    nop
    CHECK(14, COUNT, 3)
    csrci mstatus, CSRV_MSTATUS_MIE
    li a1, CSRV_MIP_MTIP
    csrw mie, a1

    /* 3. a periodic timer over a loop of pairs, loads, divides and branches */
    li PERIOD, 37
    csrr a3, mcycle
    addi a3, a3, 37
    sw a3, 0(t1)
    csrsi mstatus, CSRV_MSTATUS_MIE
    li a0, 0
    li a1, 300
    la a5, data
loop:
HEAD addi a2, a1, 3
    add a0, a0, a2             /* dependent pair (collapsed on macro) */
HEAD xori a3, a1, 5
    addi a4, a1, 1             /* independent pair */
    add a0, a0, a3
    add a0, a0, a4
    sw a1, 0(a5)
    lw a6, 0(a5)
    add a0, a0, a6             /* load-use */
    li a7, 7
    divu a7, a1, a7
    add a0, a0, a7
    addi a1, a1, -1
    bnez a1, loop
    csrci mstatus, CSRV_MSTATUS_MIE
    CHECK(20, a0, 188129)      /* sum over i = 300..1 of (i+3) + (i^5) + (i+1) + i + i/7 */
    li TESTNUM, 21
    li t6, 100
    bltu COUNT, t6, fail       /* about one interrupt per 50 cycles of the loop */
    li a1, -1                  /* timer off */
    sw a1, 0(t1)

    /* 4. interrupts in translated mode: the handler runs in CMS mode and mret resumes the
     * translated code where it was; its guest stores stay in the gated store buffer, neither
     * lost nor released, until the commit */
    li a0, VA
    li a1, PA | 3
    GTLBW(a0, a1)
    mv s11, COUNT
    li PERIOD, 23
    csrr a3, mcycle
    addi a3, a3, 40
    sw a3, 0(t1)
    csrsi mstatus, CSRV_MSTATUS_MIE
    la RESUME, back4
    la a0, tcode4
    XENTER(a0)
    j fail
back4:
    csrci mstatus, CSRV_MSTATUS_MIE
    li a1, -1
    sw a1, 0(t1)
    sub a1, COUNT, s11
    li TESTNUM, 30
    li t6, 3
    bltu a1, t6, fail          /* several interrupts in translated mode */
    li a6, PA
    lw a1, 0(a6)               /* still buffered */
    CHECK(31, a1, 0)
    lw a1, 44(a6)
    CHECK(32, a1, 0)
    COMMIT(x0)
    li a2, 1
    li a7, 13
2:  lw a1, 0(a6)               /* every store, once, in order */
    CHECKR(33, a1, a2)
    addi a6, a6, 4
    addi a2, a2, 1
    bne a2, a7, 2b
    j pass

tcode4:                        /* translated code: 12 guest stores, spread over ~150 cycles */
    li a0, VA
    li a2, 1
    .rept 12
    GS(GSW, a2, 0, a0)
    addi a0, a0, 4
    addi a2, a2, 1
    .rept 8
    nop
    .endr
    .endr
    li a0, 0x77
    XEXIT(a0)

    .balign 4
irq_vec:
    csrr s4, mcycle            /* the handler's first op: when it issued */
    csrr s6, mcause
    bgez s6, irq_exc           /* an exception */
    csrr s5, mepc
    csrr s7, mtval
    addi COUNT, COUNT, 1
    li s9, CLINT_MTIMECMP
    beqz PERIOD, 1f
    lw s3, 0(s9)               /* the next period */
    add s3, s3, PERIOD
    sw s3, 0(s9)
    mret
1:  li s3, -1                  /* one-shot */
    sw s3, 0(s9)
    mret
irq_exc:                       /* only xexit, back to RESUME in CMS mode */
    li s3, CAUSE_XEXIT
    bne s6, s3, irq_bad
    beqz RESUME, irq_bad
    csrw mepc, RESUME
    li RESUME, 0
    csrci CSR_XMODE, 2
    mret
irq_bad:
    li TESTNUM, 200
    j fail
TEST_END
    .data
    .balign 4
data: .word 0
    .pushsection .data.heads, "aw"
heads_end:
    .popsection
