/* Jump TLB: miss trap with mtval, hit jumps, round-robin replacement in a set of CORE_JTLB_WAYS
 * ways (isa/morph-facts.tbl), in-place update, jtlbinv, use from translated mode. */
#include "test.h"
#define EIP 0x08049010
#define STRIDE CORE_JTLB_SETS           /* EIPs this far apart share a set (index = EIP mod sets) */
#define LAST (EIP + CORE_JTLB_WAYS * STRIDE)
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
t1: li a2, EIP + STRIDE       /* the same set */
    li a3, LAST
    la a4, t2
    la a5, t3
    JTLBW(a2, a4)
    /* the set's other ways but one, with EIPs nobody jumps to */
    .set k, 2
    .rept CORE_JTLB_WAYS - 2
    li a6, EIP + k * STRIDE
    JTLBW(a6, a4)
    .set k, k + 1
    .endr
    JTLBW(a3, a5)             /* one entry more than the set's ways evicts the oldest (EIP) */
    JTLBJ(a0)
    CHECK_TRAP(4, CAUSE_JTLB_MISS)
    li TESTNUM, 5
    JTLBJ(a2)
    j fail
t2: li TESTNUM, 6
    JTLBJ(a3)
    j fail
t3: bnez s2, t4             /* second visit: came from the LAST lookup below */
    li s2, 1
    la a4, t5
    JTLBW(a2, a4)             /* update in place: LAST must stay */
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
