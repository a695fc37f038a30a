/* Jump TLB: miss trap with mtval, hit jumps, 2-way round-robin replacement, in-place update,
 * jtlbinv, use from translated mode. */
#include "test.h"
#define EIP 0x08049010
TEST_BEGIN
    li s2, 0
    JTLBINV
    li a0, EIP
    JTLBJ(a0)
    CHECK_TRAP(1, CAUSE_JTLB_MISS)
    CHECKR(2, TRAP_VAL, a0)
    la a1, t1
    JTLBW(a0, a1)
    li TESTNUM, 3
    JTLBJ(a0)
    j fail
t1: li a2, EIP + 256          /* same set (256 sets) */
    li a3, EIP + 512
    la a4, t2
    la a5, t3
    JTLBW(a2, a4)
    JTLBW(a3, a5)             /* third entry in a 2-way set evicts the oldest (EIP) */
    JTLBJ(a0)
    CHECK_TRAP(4, CAUSE_JTLB_MISS)
    li TESTNUM, 5
    JTLBJ(a2)
    j fail
t2: li TESTNUM, 6
    JTLBJ(a3)
    j fail
t3: bnez s2, t4             /* second visit: came from the EIP+512 lookup below */
    li s2, 1
    la a4, t5
    JTLBW(a2, a4)             /* update in place: EIP+512 must stay */
    li TESTNUM, 7
    JTLBJ(a2)
    j fail
t5: li TESTNUM, 8
    JTLBJ(a3)
    j fail
t4: JTLBINV
    JTLBJ(a3)
    CHECK_TRAP(9, CAUSE_JTLB_MISS)
    /* translated code looks up a translated target */
    la a1, tx_target
    JTLBW(a0, a1)
    la RESUME, back
    la a1, tx_start
    XENTER(a1)
    j fail
back:
    CHECK_TRAP(10, CAUSE_XEXIT)
    CHECK(11, TRAP_VAL, 0x600d)
    j pass
tx_start:
    JTLBJ(a0)
    li a7, 0xbad
    XEXIT(a7)
tx_target:
    li a7, 0x600d
    XEXIT(a7)
TEST_END
