/* A probe of the core's sizes (rtl/run-params.py reads its statistics): 64 guest stores in
 * translated mode, of which those past the gated store buffer's depth trap (xmode_violation,
 * resumed after the store); 64 GTLB entries written for consecutive pages, then a load from
 * each, of which those whose entry was overwritten miss; 64 JTLB entries written for consecutive
 * EIPs, then a jtlbj of each, of which those evicted miss. Always exits 0: the counts say the
 * sizes (64 - GSB depth xmode_violation traps, 64 - the surviving GTLB and JTLB entries misses). */
#include "test.h"
#define VA 0x08050000
#define PA (GUEST_PHYS + 0x30000)
#define EIP 0x08049000
#define N 64
TEST_BEGIN
    li s0, VA
    li a1, PA | 3
    GTLBW(s0, a1)
    /* the gated store buffer: the handler resumes translated code after a store that overflows */
    la a0, tstores
    XENTER(a0)
    j fail
back:
    ROLLBACK
    /* the GTLB: N pages, one slot each unless the table is smaller */
    GTLBINV(x0)
    li a0, 0
1:  slli a2, a0, 12
    add a2, a2, s0
    GTLBW(a2, a1)
    addi a0, a0, 1
    li a3, N
    blt a0, a3, 1b
    li a0, 0
2:  slli a2, a0, 12
    add a2, a2, s0
    GL(GLW, a4, 0, a2)      /* a miss traps and resumes after the load */
    addi a0, a0, 1
    li a3, N
    blt a0, a3, 2b
    /* the JTLB: N consecutive EIPs, all to jhit */
    JTLBINV
    li s1, EIP
    la a5, jhit
    li a0, 0
3:  add a2, s1, a0
    JTLBW(a2, a5)
    addi a0, a0, 1
    li a3, N
    blt a0, a3, 3b
    li a0, 0
4:  add a2, s1, a0
    JTLBJ(a2)               /* a hit jumps to jhit; a miss traps and resumes after it */
jhit:
    addi a0, a0, 1
    li a3, N
    blt a0, a3, 4b
    j pass

/* Translated-mode code: N buffered stores, then back to CMS mode at `back`. */
tstores:
    .rept N
    GS(GSW, s0, 0, s0)
    .endr
    la RESUME, back
    XEXIT(x0)
TEST_END
