/* Multiplies on every core: the products of RV32M's and the x-ALU's (signs, the widest operands,
 * the x-ALU's flags), and their timing against itself (mcycle read around each sequence), so the
 * test passes on every core: one multiply costs M cycles (1 with a one-cycle multiplier; 1 + the
 * knob mul with the iterative one, fpga), every multiply costs M, an op that reads its result
 * waits for it, a load-use before it adds 1 and a divide after it adds the divide's cost. On
 * the RTL engine the statistics must equal the model's (rtl/run-isa.sh), its multiply stall
 * cycles among them. */
#include "test.h"
#define T0 csrr a6, mcycle
#define T1 csrr a7, mcycle; sub a7, a7, a6; addi a7, a7, -1 /* a7 = the cycles of the ops between */
TEST_BEGIN
    la s1, data
    li a4, 100
    li a5, 7
    T0; mul a2, a4, a5; T1; mv s0, a7                  /* s0 = M */
    CHECK(1, a2, 700)
    li TESTNUM, 2; beqz s0, fail
    T0; mulh a2, a4, a5; T1; CHECKR(3, a7, s0)
    T0; mulhsu a2, a4, a5; T1; CHECKR(4, a7, s0)
    T0; mulhu a2, a4, a5; T1; CHECKR(5, a7, s0)
    T0; XALU(MULF, B, a2, a4, a5); T1; CHECKR(6, a7, s0)
    T0; XALU(IMULF, W, a2, a4, a5); T1; CHECKR(7, a7, s0)
    add a0, s0, s0
    T0; mul a2, a4, a5; mul a3, a2, a5; T1; CHECKR(8, a7, a0)   /* back to back, dependent */
    CHECK(9, a3, 4900)
    T0; XALU(MULF, H, a2, a4, a5); XALU(IMULF, H, a3, a2, a5); T1; CHECKR(10, a7, a0)
    CHECK(11, a3, 4900)
    addi a0, s0, 1
    T0; mul a2, a4, a5; addi a3, a2, 1; T1; CHECKR(12, a7, a0)  /* its reader waits */
    addi a0, s0, 2
    T0; lw a4, 0(s1); mul a2, a4, a5; T1; CHECKR(13, a7, a0)    /* load-use: +1 */
    CHECK(14, a2, 700)
    T0; divu a3, a4, a5; T1; mv a1, a7                 /* a1 = the divide's cost */
    add a0, s0, a1
    T0; mul a2, a4, a5; divu a3, a2, a5; T1; CHECKR(15, a7, a0)
    CHECK(16, a3, 100)
    /* the products */
    li a1, 0x80000000  /* lint-facts: ok (an operand, not an address) */
    li a2, 0x80000000  /* lint-facts: ok (an operand, not an address) */
    mul a3, a1, a2
    CHECK(20, a3, 0x00000000)
    mulh a3, a1, a2
    CHECK(21, a3, 0x40000000)
    mulhsu a3, a1, a2
    CHECK(22, a3, 0xc0000000)
    mulhu a3, a1, a2
    CHECK(23, a3, 0x40000000)
    li a1, 0xffffffff
    li a2, 0x7fffffff
    mul a3, a1, a2
    CHECK(24, a3, 0x80000001)
    mulh a3, a1, a2
    CHECK(25, a3, 0xffffffff)
    mulhsu a3, a1, a2
    CHECK(26, a3, 0xffffffff)
    mulhu a3, a1, a2
    CHECK(27, a3, 0x7ffffffe)
    li a1, 0x12345678
    li a2, 0x9abcdef0
    mul a3, a1, a2
    CHECK(28, a3, 0x242d2080)
    mulh a3, a1, a2
    CHECK(29, a3, 0xf8cc93d6)
    mulhsu a3, a1, a2
    CHECK(30, a3, 0x0b00ea4e)
    mulhu a3, a1, a2
    CHECK(31, a3, 0x0b00ea4e)
    li a1, 0xfffffff9
    li a2, 0x00000003
    mul a3, a1, a2
    CHECK(32, a3, 0xffffffeb)
    mulh a3, a1, a2
    CHECK(33, a3, 0xffffffff)
    mulhsu a3, a1, a2
    CHECK(34, a3, 0xffffffff)
    mulhu a3, a1, a2
    CHECK(35, a3, 0x00000002)
    li a1, 0x7fffffff
    li a2, 0x7fffffff
    mul a3, a1, a2
    CHECK(36, a3, 0x00000001)
    mulh a3, a1, a2
    CHECK(37, a3, 0x3fffffff)
    mulhsu a3, a1, a2
    CHECK(38, a3, 0x3fffffff)
    mulhu a3, a1, a2
    CHECK(39, a3, 0x3fffffff)
    li a1, 0x00000000
    li a2, 0xdeadbeef
    mul a3, a1, a2
    CHECK(40, a3, 0x00000000)
    mulh a3, a1, a2
    CHECK(41, a3, 0x00000000)
    mulhsu a3, a1, a2
    CHECK(42, a3, 0x00000000)
    mulhu a3, a1, a2
    CHECK(43, a3, 0x00000000)
    li a1, 0x80000000  /* lint-facts: ok (an operand, not an address) */
    li a2, 0xffffffff
    mul a3, a1, a2
    CHECK(44, a3, 0x80000000)  /* lint-facts: ok (an operand, not an address) */
    mulh a3, a1, a2
    CHECK(45, a3, 0x00000000)
    mulhsu a3, a1, a2
    CHECK(46, a3, 0x80000000)  /* lint-facts: ok (an operand, not an address) */
    mulhu a3, a1, a2
    CHECK(47, a3, 0x7fffffff)
    li a1, 0x000001ff
    li a2, 0x00000003
    XALU(MULF, B, a3, a1, a2)
    CHECK(48, a3, 0x000000fd)
    csrr a4, CSR_XFLAGS
    CHECK(49, a4, 0x00000881)
    li a1, 0x00000010
    li a2, 0x0000000f
    XALU(MULF, B, a3, a1, a2)
    CHECK(50, a3, 0x000000f0)
    csrr a4, CSR_XFLAGS
    CHECK(51, a4, 0x00000084)
    li a1, 0x000000fe
    li a2, 0x000000fe
    XALU(IMULF, B, a3, a1, a2)
    CHECK(52, a3, 0x00000004)
    csrr a4, CSR_XFLAGS
    CHECK(53, a4, 0x00000000)
    li a1, 0x00000080
    li a2, 0x000000ff
    XALU(IMULF, B, a3, a1, a2)
    CHECK(54, a3, 0x00000080)
    csrr a4, CSR_XFLAGS
    CHECK(55, a4, 0x00000881)
    li a1, 0x0000ffff
    li a2, 0x0000ffff
    XALU(MULF, H, a3, a1, a2)
    CHECK(56, a3, 0x00000001)
    csrr a4, CSR_XFLAGS
    CHECK(57, a4, 0x00000801)
    li a1, 0x00008000
    li a2, 0x00008000
    XALU(IMULF, H, a3, a1, a2)
    CHECK(58, a3, 0x00000000)
    csrr a4, CSR_XFLAGS
    CHECK(59, a4, 0x00000845)
    li a1, 0x0000fff9
    li a2, 0x00001234
    XALU(IMULF, H, a3, a1, a2)
    CHECK(60, a3, 0x00008094)
    csrr a4, CSR_XFLAGS
    CHECK(61, a4, 0x00000080)
    li a1, 0xffffffff
    li a2, 0x00000002
    XALU(MULF, W, a3, a1, a2)
    CHECK(62, a3, 0xfffffffe)
    csrr a4, CSR_XFLAGS
    CHECK(63, a4, 0x00000881)
    li a1, 0xffffffff
    li a2, 0x00000002
    XALU(IMULF, W, a3, a1, a2)
    CHECK(64, a3, 0xfffffffe)
    csrr a4, CSR_XFLAGS
    CHECK(65, a4, 0x00000080)
    li a1, 0x40000000
    li a2, 0x00000004
    XALU(IMULF, W, a3, a1, a2)
    CHECK(66, a3, 0x00000000)
    csrr a4, CSR_XFLAGS
    CHECK(67, a4, 0x00000845)
    li a1, 0x12345678
    li a2, 0x9abcdef0
    XALU(MULF, W, a3, a1, a2)
    CHECK(68, a3, 0x242d2080)
    csrr a4, CSR_XFLAGS
    CHECK(69, a4, 0x00000801)

    j pass
TEST_END
    .section .data
    .balign 4
data:
    .word 100
