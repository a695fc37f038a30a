/* The external interrupt: the host interface's line (mip.MEIP) is up while the host has events
 * for the firmware (HTIF_CMD_EVENTS, include/morph/htif.h; the test posts them itself with
 * HTIF_EV_POST, the host's loopback source). Checked: the line rises right after the request
 * that posts (the next op takes the interrupt), mcause 0x8000000b, the handler taking the
 * events drops it, mip.MEIP readable while mie.MEIE is clear, and the priority of the external
 * interrupt over a timer interrupt pending at the same time. */
#include "test.h"
#define CLINT_MTIMECMP (MM_CLINT_BASE + CLINT_REG_MTIMECMP)
#define INTR_EXT (CSRV_MCAUSE_INTERRUPT | IRQ_M_EXTERNAL)
#define INTR_TIMER (CSRV_MCAUSE_INTERRUPT | IRQ_M_TIMER)
#define HTIF_CMD_EVENTS_ 11     /* enum htif_cmd */
#define HTIF_EV_TAKE_ 0
#define HTIF_EV_POST_ 1
/* handler's registers: s2 count, s5 mepc, s6 mcause, s7 events taken (OR), s3 s9 scratch;
 * s4 = the order of causes seen (shifted in, 4 bits each) */

/* HTIF_CMD_EVENTS op (block at reg blk, arg in areg); clobbers s9 */
#define EVENTS(blk, op, areg)                                                               \
    li s9, HTIF_CMD_EVENTS_; sw s9, 0(blk); li s9, op; sw s9, 8(blk); sw areg, 12(blk);     \
    li s9, HTIF_REQ_REG; sw blk, 0(s9)

TEST_BEGIN
    la t0, irq_vec
    csrw mtvec, t0
    li s2, 0
    li s4, 0
    li s7, 0
    la s10, main_req
    li a1, CSRV_MIP_MEIP
    csrw mie, a1
    csrsi mstatus, CSRV_MSTATUS_MIE

    /* 1. post: the op after the request takes the interrupt */
    li a2, 5
    EVENTS(s10, HTIF_EV_POST_, a2)
1:  nop
    CHECK(1, s2, 1)
    la a3, 1b
    CHECKR(2, s5, a3)
    CHECK(3, s6, INTR_EXT)
    CHECK(4, s7, 5)
    csrr a1, mip               /* the handler took the events: the line is down */
    CHECK(5, a1, 0)
    nop
    nop
    CHECK(6, s2, 1)

    /* 2. mie.MEIE clear: the line is visible in mip, nothing is taken */
    csrw mie, zero
    li a2, 2
    EVENTS(s10, HTIF_EV_POST_, a2)
    csrr a1, mip
    CHECK(10, a1, CSRV_MIP_MEIP)
    CHECK(11, s2, 1)
    li a1, CSRV_MIP_MEIP      /* enabling it: taken by the next op */
    csrw mie, a1
2:  nop
    CHECK(12, s2, 2)
    la a3, 2b
    CHECKR(13, s5, a3)
    CHECK(14, s7, 7)

    /* 3. timer and external pending together: external first, then the timer */
    csrci mstatus, CSRV_MSTATUS_MIE
    li a1, CSRV_MIP_MEIP | CSRV_MIP_MTIP
    csrw mie, a1
    li t1, CLINT_MTIMECMP
    sw zero, 4(t1)
    sw zero, 0(t1)             /* mtimecmp = 0: the timer is pending */
    li a2, 8
    EVENTS(s10, HTIF_EV_POST_, a2)
    li s4, 0
    csrsi mstatus, CSRV_MSTATUS_MIE
    nop
    nop
    CHECK(20, s2, 4)
    CHECK(21, s4, (IRQ_M_EXTERNAL << 4) | IRQ_M_TIMER)
    CHECK(22, s7, 15)
    csrci mstatus, CSRV_MSTATUS_MIE
    csrw mie, zero
    j pass

    .balign 4
irq_vec:
    csrr s6, mcause
    bgez s6, irq_bad
    csrr s5, mepc
    addi s2, s2, 1
    slli s4, s4, 4
    andi s3, s6, 31
    or s4, s4, s3
    li s3, INTR_TIMER
    beq s6, s3, 1f
    la s3, irq_req             /* take the events: the line drops after this request */
    EVENTS(s3, HTIF_EV_TAKE_, zero)
    lw s3, 4(s3)
    or s7, s7, s3
    mret
1:  li s9, CLINT_MTIMECMP      /* the timer: off */
    li s3, -1
    sw s3, 0(s9)
    sw s3, 4(s9)
    mret
irq_bad:
    li TESTNUM, 200
    j fail
TEST_END
    .data
    .balign 8
main_req: .space 40
irq_req: .space 40
