/* Translated mode: xenter/xexit, what traps xmode_violation (base loads/stores, CSRs other than
 * xflags, CMS-only ops, fetch outside concealed memory), xepc, and mret back into translated
 * mode after a trap taken there (GTLB refill path). */
#include "test.h"
#define VA 0x0804c000
#define PA (GUEST_PHYS + 0x30000)

/* Enter translated code at label; it must trap at its first op with xmode_violation. */
#define VIOLATION(n, label)         \
    la RESUME, 9f;                  \
    la a0, label;                   \
    XENTER(a0);                     \
    j fail;                         \
9:  CHECK_TRAP(n, CAUSE_XMODE_VIOLATION); \
    la a0, label;                   \
    CHECKR(n, TRAP_VAL, a0);        \
    CHECKR(n, TRAP_EPC, a0);        \
    csrr a1, CSR_XEPC;              \
    CHECKR(n, a1, a0);              \
    csrr a1, CSR_XMODE;             \
    CHECK(n, a1, 0)

TEST_BEGIN
    csrr a1, CSR_XMODE
    CHECK(1, a1, 0)
    VIOLATION(2, v_lw)
    VIOLATION(3, v_sw)
    VIOLATION(4, v_csr)
    VIOLATION(5, v_gtlbw)
    VIOLATION(6, v_gtlbinv)
    VIOLATION(7, v_jtlbw)
    VIOLATION(8, v_jtlbinv)
    VIOLATION(9, v_rollback)
    VIOLATION(10, v_xenter)
    VIOLATION(11, v_mret)
    VIOLATION(12, v_cycle)
    /* fetch outside concealed memory: the op at the target traps, mtval = mepc = target */
    li a0, GUEST_PHYS
    li a1, 0x00000013         /* a nop there, reachable in CMS mode */
    sw a1, 0(a0)
    la RESUME, 1f
    la a0, v_jump
    XENTER(a0)
    j fail
1:  CHECK_TRAP(13, CAUSE_XMODE_VIOLATION)
    li a0, GUEST_PHYS
    CHECKR(14, TRAP_VAL, a0)
    CHECKR(15, TRAP_EPC, a0)
    /* allowed in translated mode: x-ALU, xflags, guest ops, commit; xexit leaves */
    li a0, VA
    li a1, PA | 3
    GTLBW(a0, a1)
    la RESUME, 2f
    la a0, ok_code
    XENTER(a0)
    j fail
2:  CHECK_TRAP(16, CAUSE_XEXIT)
    CHECK(17, TRAP_VAL, 0x5a)
    CHECK(18, a2, XF_ARITH)
    li a6, PA
    lw a1, 0(a6)
    CHECK(19, a1, XF_ARITH)
    /* a trap in translated mode with RESUME = 0: mret goes back to translated mode, which the
     * next base load there proves by trapping xmode_violation */
    li a0, VA + 0x1000
    la a1, miss_code
    XENTER(a1)
    j fail
3:  li TESTNUM, 20
    li a1, 2
    bne TRAP_COUNT, a1, fail
    li TRAP_COUNT, 0
    CHECK(21, TRAP_CAUSE, CAUSE_XMODE_VIOLATION)
    csrr a1, CSR_XMODE
    CHECK(22, a1, 0)
    /* xexit in CMS mode is just a trap */
    li a1, 7
    XEXIT(a1)
    CHECK_TRAP(23, CAUSE_XEXIT)
    j pass

v_lw: lw a1, 0(sp)
v_sw: sw a1, 0(sp)
v_csr: csrr a1, mscratch
v_gtlbw: GTLBW(a0, a1)
v_gtlbinv: GTLBINV(x0)
v_jtlbw: JTLBW(a0, a1)
v_jtlbinv: JTLBINV
v_rollback: ROLLBACK
v_xenter: XENTER(a0)
v_mret: mret
v_cycle: csrr a1, cycle
v_jump:
    li a1, GUEST_PHYS
    jalr x0, 0(a1)
ok_code:
    li a1, 0xffffffff
    csrw CSR_XFLAGS, a1
    csrr a2, CSR_XFLAGS
    li a0, VA
    GS(GSW, a2, 0, a0)
    COMMIT(x0)
    XALU(ADD, W, a3, a2, a2)
    li a7, 0x5a
    XEXIT(a7)
miss_code:
    GL(GLW, a1, 0, a0)        /* GTLB miss: handler resumes here + 4, still translated */
    la RESUME, 3b
    lw a1, 0(sp)
    j fail
TEST_END
