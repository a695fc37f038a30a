/* Guest loads/stores through the guest TLB: misses (24/25) with mtval, hits, W protection and
 * concealed/outside-RAM refusal (26), split accesses across pages (both pages checked, nothing
 * performed on a trap), unaligned little-endian access, gtlbinv and V=0 invalidation. */
#include "test.h"
#define VA 0x08048000
#define PA (GUEST_PHYS + 0x10000)
TEST_BEGIN
    li a0, VA
    li a1, PA
    li a2, 0xdeadbeef
    /* miss on an empty TLB */
    GL(GLW, a3, 0, a0)
    CHECK_TRAP(1, CAUSE_GTLB_MISS_LOAD)
    CHECKR(2, TRAP_VAL, a0)
    GS(GSW, a2, 4, a0)
    CHECK_TRAP(3, CAUSE_GTLB_MISS_STORE)
    addi a4, a0, 4
    CHECKR(4, TRAP_VAL, a4)
    /* map VA -> PA writable, store, see it in physical memory */
    ori a4, a1, 3
    GTLBW(a0, a4)
    GS(GSW, a2, 8, a0)
    CHECK_NOTRAP(5)
    lw a3, 8(a1)
    CHECK(6, a3, 0xdeadbeef)
    GL(GLW, a3, 8, a0)
    CHECK(7, a3, 0xdeadbeef)
    GL(GLB, a3, 11, a0)
    CHECK(8, a3, 0xffffffde)
    GL(GLBU, a3, 11, a0)
    CHECK(9, a3, 0xde)
    GL(GLH, a3, 10, a0)
    CHECK(10, a3, 0xffffdead)
    GL(GLHU, a3, 9, a0)    /* unaligned within a word */
    CHECK(11, a3, 0xadbe)
    GL(GLW, a3, 9, a0)     /* unaligned across words */
    CHECK(12, a3, 0x00deadbe)
    GS(GSH, a2, 13, a0)
    lw a3, 12(a1)
    CHECK(13, a3, 0x00beef00)
    GS(GSB, a2, 16, a0)
    lbu a3, 16(a1)
    CHECK(14, a3, 0xef)
    /* read-only entry: loads fine, stores refused */
    ori a4, a1, 1
    GTLBW(a0, a4)
    GL(GLW, a3, 8, a0)
    CHECK(15, a3, 0xdeadbeef)
    GS(GSW, a2, 0, a0)
    CHECK_TRAP(16, CAUSE_GUEST_PROT)
    CHECKR(17, TRAP_VAL, a0)
    /* concealed target and a target outside RAM are refused, even for loads */
    li a4, 0x80001003
    GTLBW(a0, a4)
    GL(GLW, a3, 0, a0)
    CHECK_TRAP(18, CAUSE_GUEST_PROT)
    li a4, 0xfffff003
    GTLBW(a0, a4)
    GL(GLB, a3, 0, a0)
    CHECK_TRAP(19, CAUSE_GUEST_PROT)
    li a4, 0x10000003       /* a device page */
    GTLBW(a0, a4)
    GS(GSB, a3, 0, a0)
    CHECK_TRAP(20, CAUSE_GUEST_PROT)
    /* split access: first page mapped, second missing -> mtval = second page, nothing stored */
    li s2, PA + 0xffc
    ori a4, a1, 3
    GTLBW(a0, a4)
    li a5, 0x11223344
    sw a5, 0(s2)
    li a6, VA + 0xffe
    GS(GSW, a2, 0, a6)
    CHECK_TRAP(21, CAUSE_GTLB_MISS_STORE)
    li a7, VA + 0x1000
    CHECKR(22, TRAP_VAL, a7)
    lw a3, 0(s2)
    CHECK(23, a3, 0x11223344)
    /* map the second page to a non-adjacent frame; the split access stitches both */
    li t0, PA + 0x5000
    ori a4, t0, 3
    GTLBW(a7, a4)
    GS(GSW, a2, 0, a6)
    CHECK_NOTRAP(24)
    lw a3, 0(s2)
    CHECK(25, a3, 0xbeef3344)
    lhu a3, 0(t0)
    CHECK(26, a3, 0xdead)
    GL(GLW, a3, 0, a6)
    CHECK(27, a3, 0xdeadbeef)
    /* second page read-only: the split store is refused as a whole */
    ori a4, t0, 1
    GTLBW(a7, a4)
    GS(GSW, a5, 0, a6)
    CHECK_TRAP(28, CAUSE_GUEST_PROT)
    CHECKR(29, TRAP_VAL, a7)
    lw a3, 0(s2)
    CHECK(30, a3, 0xbeef3344)
    /* gtlbinv of one page; an entry of another page in the slot is left alone */
    GTLBINV(a7)
    GL(GLW, a3, 0, a7)
    CHECK_TRAP(31, CAUSE_GTLB_MISS_LOAD)
    /* the same slot as VA: the slot is the VPN's low bits XOR the next ones (docs/isa.md
     * section 2), so flipping bit 0 of each half keeps it */
    li t1, VA ^ ((CORE_GTLB_ENTRIES + 1) * 0x1000)
    GTLBINV(t1)
    GL(GLW, a3, 8, a0)
    CHECK_NOTRAP(32)
    /* V = 0 invalidates */
    GTLBW(a0, zero)
    GL(GLW, a3, 8, a0)
    CHECK_TRAP(33, CAUSE_GTLB_MISS_LOAD)
    /* gtlbinv x0 flushes everything; a different page in the same slot misses */
    ori a4, a1, 3
    GTLBW(a0, a4)
    GTLBW(a7, a4)
    GTLBINV(x0)
    GL(GLW, a3, 0, a0)
    CHECK_TRAP(34, CAUSE_GTLB_MISS_LOAD)
    GL(GLW, a3, 0, a7)
    CHECK_TRAP(35, CAUSE_GTLB_MISS_LOAD)
    GTLBW(a0, a4)
    GL(GLW, a3, 8, t1)          /* conflicting page in the same direct-mapped slot */
    CHECK_TRAP(36, CAUSE_GTLB_MISS_LOAD)
    addi t2, t1, 8
    CHECKR(37, TRAP_VAL, t2)
    /* pages CORE_GTLB_ENTRIES apart (the stack's top and the first mmap page) have slots of
     * their own: both stay */
    li t3, VA + CORE_GTLB_ENTRIES * 0x1000
    GTLBW(t3, a4)
    GL(GLW, a3, 0, a0)
    CHECK_NOTRAP(38)
    GL(GLW, a3, 0, t3)
    CHECK_NOTRAP(39)
    j pass
TEST_END
