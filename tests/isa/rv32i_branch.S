/* Branches (taken and not), JAL/JALR links and targets, JALR clears bit 0. */
#include "test.h"
TEST_BEGIN
    li a1, -1
    li a2, 1
    li TESTNUM, 1
    beq a1, a2, fail
    bne a1, a1, fail
    blt a2, a1, fail
    bge a1, a2, fail
    bltu a1, a2, fail
    bgeu a2, a1, fail
    li TESTNUM, 2
    beq a1, a1, 1f
    j fail
1:  bne a1, a2, 1f
    j fail
1:  blt a1, a2, 1f
    j fail
1:  bge a2, a1, 1f
    j fail
1:  bltu a2, a1, 1f
    j fail
1:  bgeu a1, a2, 1f
    j fail
1:  bge a1, a1, 1f
    j fail
1:  li TESTNUM, 3
    jal ra, 2f
1:  j fail
2:  la a3, 1b
    bne ra, a3, fail
    la a4, 3f
    addi a4, a4, 1         /* bit 0 is ignored by JALR */
    jalr a5, 0(a4)
4:  j fail
3:  la a3, 4b
    CHECKR(4, a5, a3)
    la a4, 5f - 8
    jalr x0, 8(a4)
    j fail
5:  li TESTNUM, 6          /* backward branch loop */
    li a1, 10
    li a2, 0
6:  addi a2, a2, 3
    addi a1, a1, -1
    bnez a1, 6b
    CHECK(7, a2, 30)
    j pass
TEST_END
