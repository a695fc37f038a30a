/* The machine-level CSRs of the privileged spec (docs/isa.md section 8) and standard start-up
 * code: the upstream riscv-tests order (env/p/riscv_test.h: mie and mip written before mtvec
 * points anywhere useful; absent CSRs such as satp probed with mtvec aimed past the probe),
 * read-only CSRs trapping on writes, WARL fields reading back legal values, the CLINT
 * registers, and mstatus.MIE/MPIE across traps and mret. */
#include "test.h"
#define CLINT_MTIME (MM_CLINT_BASE + CLINT_REG_MTIME)
#define CLINT_MTIMECMP (MM_CLINT_BASE + CLINT_REG_MTIMECMP)
#define MSTATUS_MPP CSRV_MSTATUS_MPP
#define MIP_ALL (CSRV_MIP_MTIP | CSRV_MIP_MEIP)
    .section .text
    .globl _start
_start:
    /* mtvec is 0 here: a trap would stop the machine (no trap handler) */
    csrwi mie, 0
    csrwi mip, 0
    la t0, 1f                  /* upstream INIT_SATP: satp is absent, the trap lands at 1: */
    csrw mtvec, t0
    csrwi 0x180, 0
    .balign 4
1:  la t0, trap_handler
    csrw mtvec, t0
    li TRAP_COUNT, 0
    li RESUME, 0
    li TESTNUM, 0
    csrwi mstatus, 0

    /* identification: read-only, fixed values */
    csrr a1, mvendorid
    CHECK(1, a1, CSRV_MVENDORID)
    csrr a1, marchid
    CHECK(2, a1, CSRV_MARCHID)
    csrr a1, mimpid
    CHECK(3, a1, CSRV_MIMPID)
    csrr a1, mconfigptr
    CHECK(4, a1, 0)
    CHECK_NOTRAP(5)
    csrw mvendorid, a1
    CHECK_TRAP(6, CAUSE_ILLEGAL_INSN)
    csrw marchid, a1
    CHECK_TRAP(7, CAUSE_ILLEGAL_INSN)
    csrs mimpid, a1            /* csrrs with rs1 = a1 writes (even a zero value): traps */
    CHECK_TRAP(8, CAUSE_ILLEGAL_INSN)
    csrwi mconfigptr, 0
    CHECK_TRAP(9, CAUSE_ILLEGAL_INSN)
    csrw time, a1
    CHECK_TRAP(10, CAUSE_ILLEGAL_INSN)
    csrw timeh, a1
    CHECK_TRAP(11, CAUSE_ILLEGAL_INSN)
    csrr a1, 0x7b0             /* dcsr (debug mode) is not implemented: illegal */
    CHECK_TRAP(12, CAUSE_ILLEGAL_INSN)
    csrr a1, 0x180             /* satp: no S mode */
    CHECK_TRAP(13, CAUSE_ILLEGAL_INSN)

    /* WARL: writes of all ones read back only the implemented bits */
    li a2, -1
    csrw mie, a2
    csrr a1, mie
    CHECK(20, a1, MIP_ALL)
    csrc mie, a2
    csrr a1, mie
    CHECK(21, a1, 0)
    csrw mip, a2               /* MTIP, MEIP are read-only: nothing changes, no trap */
    csrr a1, mip
    CHECK(22, a1, 0)
    csrw mcountinhibit, a2     /* counters are never inhibited */
    csrr a1, mcountinhibit
    CHECK(23, a1, 0)
    csrw misa, a2
    csrr a1, misa
    CHECK(24, a1, CSRV_MISA)
    csrw mstatus, a2           /* only MIE and MPIE; MPP stays M (mie = 0: nothing is taken) */
    csrr a1, mstatus
    CHECK(25, a1, MSTATUS_MPP | CSRV_MSTATUS_MIE | CSRV_MSTATUS_MPIE)
    CHECK_NOTRAP(26)

    /* a trap saves MIE in MPIE and clears it; mret restores it and sets MPIE */
    csrw mstatus, CSRV_MSTATUS_MIE
    ecall
    CHECK_TRAP(30, CAUSE_ECALL_M)
    csrr a1, mstatus
    CHECK(31, a1, MSTATUS_MPP | CSRV_MSTATUS_MIE | CSRV_MSTATUS_MPIE)
    csrwi mstatus, 0
    ecall
    CHECK_TRAP(32, CAUSE_ECALL_M)
    csrr a1, mstatus
    CHECK(33, a1, MSTATUS_MPP | CSRV_MSTATUS_MPIE)
    csrwi mstatus, 0

    /* time aliases mcycle (the CLINT's mtime is the cycle count) */
    csrr a1, mcycle
    csrr a2, time
    sub a2, a2, a1
    CHECK(40, a2, 1)
    csrr a1, timeh
    csrr a2, mcycleh
    CHECKR(41, a1, a2)

    /* the CLINT: mtime reads the op's issue cycle, mtimecmp resets to all ones */
    li t0, CLINT_MTIME
    csrr a1, mcycle
    lw a2, 0(t0)
    sub a2, a2, a1
    CHECK(50, a2, 1)
    lw a2, 4(t0)
    CHECK(51, a2, 0)
    li t1, CLINT_MTIMECMP
    lw a2, 0(t1)
    CHECK(52, a2, -1)
    lw a2, 4(t1)
    CHECK(53, a2, -1)
    li a3, 0x12345678
    sw a3, 0(t1)
    sw zero, 4(t1)
    lw a2, 0(t1)
    CHECK(54, a2, 0x12345678)
    lw a2, 4(t1)
    CHECK(55, a2, 0)
    csrr a1, mip               /* mtime < mtimecmp: MTIP clear */
    CHECK(56, a1, 0)
    CHECK_NOTRAP(57)
    sw zero, 0(t1)             /* mtimecmp = 0: MTIP set, mie = 0 so nothing is taken */
    csrr a1, mip
    CHECK(58, a1, CSRV_MIP_MTIP)
    CHECK_NOTRAP(59)
    li a2, -1
    sw a2, 0(t1)
    sw a2, 4(t1)
    csrr a1, mip
    CHECK(60, a1, 0)
    sw a1, 0(t0)               /* mtime is the cycle count: not writable */
    CHECK_TRAP(61, CAUSE_STORE_FAULT)
    CHECKR(62, TRAP_VAL, t0)
    lb a1, 0(t0)               /* word accesses only */
    CHECK_TRAP(63, CAUSE_LOAD_FAULT)
    sh a1, 0(t1)
    CHECK_TRAP(64, CAUSE_STORE_FAULT)
    lw a1, 8(t1)               /* no second hart */
    CHECK_TRAP(65, CAUSE_LOAD_FAULT)
    /* a load of mtime feeds the next op like any load; mtime never goes back */
    lw a2, 0(t0)
    addi a2, a2, 1
    lw a3, 0(t0)
    sub a3, a3, a2
    li TESTNUM, 66
    bltz a3, fail              /* m0: 2 (the addi waits a cycle for the load); a wide core: 0 */
    wfi                        /* a no-op */
    CHECK_NOTRAP(67)
    j pass
TEST_END
