/* RV32I register/immediate ALU ops, LUI/AUIPC, x0 stays zero. */
#include "test.h"
TEST_BEGIN
    li a1, 0x7fffffff
    li a2, 1
    add a3, a1, a2
    CHECK(1, a3, 0x80000000)  /* lint-facts: ok (an operand, not an address) */
    sub a3, a2, a1
    CHECK(2, a3, 0x80000002)
    addi a3, a2, -2
    CHECK(3, a3, -1)
    li a1, 0xf0f0f0f0
    li a2, 0x0ff00ff0
    and a3, a1, a2
    CHECK(4, a3, 0x00f000f0)
    or a3, a1, a2
    CHECK(5, a3, 0xfff0fff0)
    xor a3, a1, a2
    CHECK(6, a3, 0xff00ff00)
    andi a3, a1, -16
    CHECK(7, a3, 0xf0f0f0f0)
    ori a3, a2, 0x7ff
    CHECK(8, a3, 0x0ff00fff)
    xori a3, a2, -1
    CHECK(9, a3, 0xf00ff00f)
    li a1, -5
    li a2, 3
    slt a3, a1, a2
    CHECK(10, a3, 1)
    sltu a3, a1, a2
    CHECK(11, a3, 0)
    slti a3, a1, -4
    CHECK(12, a3, 1)
    sltiu a3, a2, -1
    CHECK(13, a3, 1)
    li a1, 0x80000001
    slli a3, a1, 1
    CHECK(14, a3, 2)
    srli a3, a1, 31
    CHECK(15, a3, 1)
    srai a3, a1, 4
    CHECK(16, a3, 0xf8000000)
    li a2, 33              /* register shift amounts use the low 5 bits */
    sll a3, a1, a2
    CHECK(17, a3, 2)
    srl a3, a1, a2
    CHECK(18, a3, 0x40000000)
    sra a3, a1, a2
    CHECK(19, a3, 0xc0000000)
    lui a3, 0xfffff
    CHECK(20, a3, 0xfffff000)
1:  auipc a3, 0
    la a4, 1b
    CHECKR(21, a3, a4)
    addi x0, x0, 5
    CHECK(22, x0, 0)
    lui x0, 1
    CHECK(23, x0, 0)
    li a1, 1234
    add a3, a1, x0
    CHECK(24, a3, 1234)
    j pass
TEST_END
