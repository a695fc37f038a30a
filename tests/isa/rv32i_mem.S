/* Base loads and stores: sizes, sign/zero extension, alignment traps, device faults, HTIF ID. */
#include "test.h"
TEST_BEGIN
    la a0, buf
    li a1, 0x8180ff7f
    sw a1, 0(a0)
    lb a2, 0(a0)
    CHECK(1, a2, 0x7f)
    lb a2, 1(a0)
    CHECK(2, a2, -1)
    lbu a2, 1(a0)
    CHECK(3, a2, 0xff)
    lh a2, 2(a0)
    CHECK(4, a2, 0xffff8180)
    lhu a2, 2(a0)
    CHECK(5, a2, 0x8180)
    lw a2, 0(a0)
    CHECK(6, a2, 0x8180ff7f)
    sb a1, 4(a0)
    sh a1, 6(a0)
    lw a2, 4(a0)
    CHECK(7, a2, 0xff7f007f)
    lw a2, -4(a0)          /* negative offset: the guard word */
    CHECK(8, a2, 0x12345678)
    /* misaligned accesses trap, mtval = address, nothing is written */
    lw a2, 1(a0)
    CHECK_TRAP(9, CAUSE_MISALIGNED_LOAD)
    addi a3, a0, 1
    CHECKR(10, TRAP_VAL, a3)
    lh a2, 3(a0)
    CHECK_TRAP(11, CAUSE_MISALIGNED_LOAD)
    sw a1, 2(a0)
    CHECK_TRAP(12, CAUSE_MISALIGNED_STORE)
    lw a2, 0(a0)
    CHECK(13, a2, 0x8180ff7f)
    sh a1, 1(a0)
    CHECK_TRAP(14, CAUSE_MISALIGNED_STORE)
    /* unmapped addresses and read-only devices */
    li a3, 0x40000000
    lw a2, 0(a3)
    CHECK_TRAP(15, CAUSE_LOAD_FAULT)
    CHECKR(16, TRAP_VAL, a3)
    sw a1, 0(a3)
    CHECK_TRAP(17, CAUSE_STORE_FAULT)
    li a3, 0x1000          /* boot ROM: readable, not writable */
    lw a2, 0(a3)
    CHECK_NOTRAP(18)
    sw a1, 0(a3)
    CHECK_TRAP(19, CAUSE_STORE_FAULT)
    li a3, MM_FLASH_BASE   /* flash */
    lw a2, 0(a3)
    CHECK_NOTRAP(20)
    sb a1, 0(a3)
    CHECK_TRAP(21, CAUSE_STORE_FAULT)
    li a3, HTIF_ID_REG
    lw a2, 0(a3)
    CHECK(22, a2, MM_IMAGE_MAGIC)
    lb a2, 0(a3)           /* HTIF registers are word-only */
    CHECK_TRAP(23, CAUSE_LOAD_FAULT)
    li a3, HTIF_REQ_REG    /* a request block outside RAM makes the store fault */
    li a2, 0x1000
    sw a2, 0(a3)
    CHECK_TRAP(24, CAUSE_STORE_FAULT)
    /* a load into x0 has no effect */
    lw x0, 0(a0)
    CHECK(25, x0, 0)
    j pass
TEST_END
    .data
    .balign 4
    .word 0x12345678
buf: .space 16
