/* CSRs of docs/isa.md section 8: fixed values, read/set/clear forms, read-only and unknown CSRs,
 * xflags masking, counters. */
#include "test.h"
TEST_BEGIN
    csrr a1, misa
    CHECK(1, a1, 0x40001100)
    csrr a1, mstatus
    CHECK(2, a1, 0x1800)
    csrw mstatus, zero     /* writes ignored */
    csrr a1, mstatus
    CHECK(3, a1, 0x1800)
    csrr a1, mhartid
    CHECK(4, a1, 0)
    li a2, 0x12345678
    csrw mscratch, a2
    csrrs a1, mscratch, 0xf    /* immediate form; returns the old value */
    CHECK(5, a1, 0x12345678)
    csrr a1, mscratch
    CHECK(6, a1, 0x1234567f)
    li a2, 0xff
    csrrc a1, mscratch, a2
    csrr a1, mscratch
    CHECK(7, a1, 0x12345600)
    csrrwi a1, mscratch, 21
    CHECK(8, a1, 0x12345600)
    csrr a1, mscratch
    CHECK(9, a1, 21)
    li a2, 0xffffffff          /* only CF PF AF ZF SF OF are writable */
    csrw CSR_XFLAGS, a2
    csrr a1, CSR_XFLAGS
    CHECK(10, a1, XF_ARITH)
    csrci CSR_XFLAGS, 1
    csrr a1, CSR_XFLAGS
    CHECK(11, a1, 0x8d4)
    csrr a1, CSR_XMODE
    CHECK(12, a1, 0)
    li a2, 5
    csrw CSR_CMSACT, a2
    csrr a1, CSR_CMSACT
    CHECK(13, a1, 5)
    csrw CSR_CMSACT, zero
    li a2, 0x80000003          /* mtvec and mepc keep 4-byte alignment */
    csrr a3, mtvec
    csrw mepc, a2
    csrr a1, mepc
    CHECK(14, a1, 0x80000000)  /* lint-facts: ok (an operand, not an address) */
    /* minstret counts retired ops; cycle/instret alias the machine counters */
    csrr a1, minstret
    nop
    nop
    csrr a2, minstret
    sub a2, a2, a1
    CHECK(15, a2, 3)
    csrr a1, mcycle
    csrr a2, cycle
    sub a2, a2, a1
    CHECK(16, a2, 1)
    csrr a1, instret
    csrr a2, instreth
    CHECK(17, a2, 0)
    csrr a2, mcycleh
    CHECK(18, a2, 0)
    /* illegal: unknown CSR, write to a read-only CSR; mtval = the op's bits */
1:  csrr a1, 0x7ff
    CHECK_TRAP(19, CAUSE_ILLEGAL_INSN)
    la a2, 1b
    lw a2, 0(a2)
    CHECKR(20, TRAP_VAL, a2)
    csrw cycle, a1
    CHECK_TRAP(21, CAUSE_ILLEGAL_INSN)
    csrw CSR_XFLAGS_SHADOW, a1
    CHECK_TRAP(22, CAUSE_ILLEGAL_INSN)
    csrw CSR_XEPC, a1
    CHECK_TRAP(23, CAUSE_ILLEGAL_INSN)
    csrw mhartid, a1
    CHECK_TRAP(24, CAUSE_ILLEGAL_INSN)
    csrr a1, CSR_XCOMMIT_EIP   /* reads of the read-only ones are fine */
    csrr a1, CSR_XFLAGS_SHADOW
    csrs cycle, x0             /* csrrs with rs1 = x0 does not write: legal */
    CHECK_NOTRAP(25)
    j pass
TEST_END
