/* Commit/rollback: shadows of x18-x25 and xflags, xcommit_eip and xcommit_at, the gated store buffer (stores
 * from translated mode wait for commit, loads see them, rollback discards them, overflow traps). */
#include "test.h"
#define VA 0x0804a000
#define PA (GUEST_PHYS + 0x20000)
TEST_BEGIN
    li a0, VA
    li a1, PA | 3
    GTLBW(a0, a1)
    li s2, 1
    li s3, 2
    li s4, 3
    li s5, 4
    li s6, 5
    li s7, 6
    li s8, 7
    li s9, 8
    csrwi CSR_XFLAGS, 1
    li a0, 0x1234
    COMMIT(a0)
    csrr a1, CSR_XCOMMIT_EIP
    CHECK(1, a1, 0x1234)
    csrr a1, CSR_XFLAGS_SHADOW
    CHECK(2, a1, 1)
    /* commit x0 records its own address in xcommit_at (and x0 in xcommit_eip); a commit naming
     * a register clears xcommit_at */
    csrr a1, CSR_XCOMMIT_AT
    CHECK(31, a1, 0)
commit_at0:
    COMMIT(x0)
    csrr a1, CSR_XCOMMIT_AT
    la a2, commit_at0
    CHECKR(32, a1, a2)
    csrr a1, CSR_XCOMMIT_EIP
    CHECK(33, a1, 0)
    COMMIT(a0)
    csrr a1, CSR_XCOMMIT_AT
    CHECK(34, a1, 0)
    csrr a1, CSR_XCOMMIT_EIP
    CHECK(35, a1, 0x1234)
    li s2, 100
    li s5, 100
    li s9, 100
    li s10, 55                /* x26 is not shadowed */
    csrwi CSR_XFLAGS, 0x10
    ROLLBACK
    CHECK(3, s2, 1)
    CHECK(4, s5, 4)
    CHECK(5, s9, 8)
    CHECK(6, s10, 55)
    csrr a1, CSR_XFLAGS
    CHECK(7, a1, 1)
    /* translated mode: stores are buffered, loads forward from the buffer */
    la RESUME, back1
    la a0, tcode1
    XENTER(a0)
    j fail
back1:
    CHECK_TRAP(8, CAUSE_XEXIT)
    la a0, xexit1
    CHECKR(9, TRAP_EPC, a0)
    csrr a1, CSR_XEPC
    CHECKR(10, a1, a0)
    CHECK(11, TRAP_VAL, 0x99)
    CHECK(12, a3, 0xaaaa5555)
    CHECK(13, a5, 0xaaaa1155)
    csrr a1, CSR_XMODE
    CHECK(14, a1, 0)
    li a6, PA
    lw a1, 0(a6)              /* not yet in memory */
    CHECK(15, a1, 0)
    li a0, VA
    GL(GLW, a1, 0, a0)        /* guest loads in CMS mode also see the buffer */
    CHECK(16, a1, 0xaaaa1155)
    COMMIT(x0)
    lw a1, 0(a6)
    CHECK(17, a1, 0xaaaa1155)
    /* rollback discards buffered stores */
    la RESUME, back2
    la a0, tcode2
    XENTER(a0)
    j fail
back2:
    CHECK_TRAP(18, CAUSE_XEXIT)
    ROLLBACK
    lw a1, 4(a6)
    CHECK(19, a1, 0)
    COMMIT(x0)
    lw a1, 4(a6)
    CHECK(20, a1, 0)
    /* commit inside translated code releases the earlier store only */
    la RESUME, back3
    la a0, tcode3
    XENTER(a0)
    j fail
back3:
    CHECK_TRAP(21, CAUSE_XEXIT)
    lw a1, 8(a6)
    CHECK(22, a1, 0x33)
    lw a1, 12(a6)
    CHECK(23, a1, 0)
    csrr a1, CSR_XCOMMIT_EIP
    CHECK(24, a1, 0x5678)
    CHECK(25, s2, 42)         /* working register after the commit */
    ROLLBACK
    CHECK(26, s2, 41)         /* shadow taken at the commit */
    lw a1, 12(a6)
    CHECK(27, a1, 0)
    /* GSB_DEPTH (16) pending stores fit; the 17th traps xmode_violation with mtval = pc */
    la RESUME, back4
    la a0, tcode4
    XENTER(a0)
    j fail
back4:
    CHECK_TRAP(28, CAUSE_XMODE_VIOLATION)
    la a0, store17
    CHECKR(29, TRAP_VAL, a0)
    ROLLBACK
    lw a1, 16(a6)
    CHECK(30, a1, 0)
    j pass

/* Translated-mode code (lives in concealed memory like a code cache). */
tcode1:
    li a1, VA
    li a2, 0xaaaa5555
    GS(GSW, a2, 0, a1)
    GL(GLW, a3, 0, a1)
    li a4, 0x11
    GS(GSB, a4, 1, a1)
    GL(GLW, a5, 0, a1)
    li a7, 0x99
xexit1:
    XEXIT(a7)
tcode2:
    li a1, VA
    li a2, 0x77
    GS(GSW, a2, 4, a1)
    XEXIT(x0)
tcode3:
    li a1, VA
    li a2, 0x33
    GS(GSW, a2, 8, a1)
    li s2, 41
    li a0, 0x5678
    COMMIT(a0)
    li s2, 42
    GS(GSW, a2, 12, a1)
    XEXIT(x0)
tcode4:
    li a1, VA
    .rept 16
    GS(GSW, a1, 16, a1)
    .endr
store17:
    GS(GSW, a1, 16, a1)
    XEXIT(x0)
TEST_END
