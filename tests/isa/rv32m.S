/* M extension including division by zero and overflow results. */
#include "test.h"
TEST_BEGIN
    li a1, -7
    li a2, 3
    mul a3, a1, a2
    CHECK(1, a3, -21)
    li a1, 0x80000000  /* lint-facts: ok (an operand, not an address) */
    li a2, 0x80000000  /* lint-facts: ok (an operand, not an address) */
    mulh a3, a1, a2
    CHECK(2, a3, 0x40000000)
    mulhu a3, a1, a2
    CHECK(3, a3, 0x40000000)
    li a1, -1
    li a2, -1
    mulhu a3, a1, a2
    CHECK(4, a3, 0xfffffffe)
    mulh a3, a1, a2
    CHECK(5, a3, 0)
    mulhsu a3, a1, a2      /* -1 * 0xffffffff */
    CHECK(6, a3, -1)
    li a1, -7
    li a2, 2
    div a3, a1, a2
    CHECK(7, a3, -3)
    rem a3, a1, a2
    CHECK(8, a3, -1)
    divu a3, a1, a2
    CHECK(9, a3, 0x7ffffffc)
    remu a3, a1, a2
    CHECK(10, a3, 1)
    li a2, 0
    div a3, a1, a2
    CHECK(11, a3, -1)
    divu a3, a1, a2
    CHECK(12, a3, 0xffffffff)
    rem a3, a1, a2
    CHECK(13, a3, -7)
    remu a3, a1, a2
    CHECK(14, a3, -7)
    li a1, 0x80000000  /* lint-facts: ok (an operand, not an address) */
    li a2, -1
    div a3, a1, a2
    CHECK(15, a3, 0x80000000)  /* lint-facts: ok (an operand, not an address) */
    rem a3, a1, a2
    CHECK(16, a3, 0)
    li a1, 100
    li a2, 7
    divu a3, a1, a2
    CHECK(17, a3, 14)
    remu a3, a1, a2
    CHECK(18, a3, 2)
    j pass
TEST_END
