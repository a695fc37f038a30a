/* x-ALU spot checks (full coverage is tests/unit/test_xalu.c against the host's x86), xsetcc,
 * xbcc, rd = x0 gives flags only. */
#include "test.h"
TEST_BEGIN
    csrw CSR_XFLAGS, zero
    li a1, 0xff
    li a2, 1
    XALU(ADD, B, a3, a1, a2)
    CHECK(1, a3, 0)
    csrr a4, CSR_XFLAGS
    CHECK(2, a4, XF_CF_ | XF_ZF_ | XF_AF_ | XF_PF_)
    li a1, 0x7fffffff
    XALU(ADD, W, a3, a1, a2)
    CHECK(3, a3, 0x80000000)  /* lint-facts: ok (an operand, not an address) */
    csrr a4, CSR_XFLAGS
    CHECK(4, a4, XF_OF_ | XF_SF_ | XF_AF_ | XF_PF_)
    li a1, 0x12345
    li a2, 0x12346
    XALU(SUB, H, x0, a1, a2)    /* CMP: flags only */
    csrr a4, CSR_XFLAGS
    CHECK(5, a4, XF_CF_ | XF_SF_ | XF_AF_ | XF_PF_)
    XSETCC(a3, XCC_B)
    CHECK(6, a3, 1)
    XSETCC(a3, XCC_AE)
    CHECK(7, a3, 0)
    XSETCC(a3, XCC_L)
    CHECK(8, a3, 1)
    XSETCC(a3, XCC_G)
    CHECK(9, a3, 0)
    li TESTNUM, 10
    XBCC(XCC_E, fail)
    XBCC(XCC_NE, 1f)
    j fail
1:  li a1, 0x80
    XALU(ADC, B, a3, a1, a1)    /* CF from the previous op is 1 */
    CHECK(11, a3, 1)
    csrr a4, CSR_XFLAGS
    CHECK(12, a4, XF_CF_ | XF_OF_)
    li a1, 0x81
    li a2, 1
    XALU(SHR, B, a3, a1, a2)
    CHECK(13, a3, 0x40)
    csrr a4, CSR_XFLAGS
    CHECK(14, a4, XF_CF_ | XF_OF_)
    XALU(INC, W, a3, a1, x0)    /* CF unchanged */
    CHECK(15, a3, 0x82)
    csrr a4, CSR_XFLAGS
    CHECK(16, a4, XF_CF_ | XF_PF_)
    li a1, 0x10000
    li a2, 0x10000
    XALU(MULF, W, a3, a1, a2)
    CHECK(17, a3, 0)
    csrr a4, CSR_XFLAGS
    CHECK(18, a4, XF_CF_ | XF_OF_ | XF_ZF_ | XF_PF_)
    li a1, -3
    li a2, 5
    XALU(IMULF, H, a3, a1, a2)
    CHECK(19, a3, 0xfff1)
    csrr a4, CSR_XFLAGS
    CHECK(20, a4, XF_SF_)
    li a1, 0x8000
    XALU(LOGF, H, a3, a1, x0)
    csrr a4, CSR_XFLAGS
    CHECK(21, a4, XF_SF_ | XF_PF_)
    XALU(NEG, W, a3, a2, x0)
    CHECK(22, a3, -5)
    li a1, 0x1
    li a2, 0
    csrwi CSR_XFLAGS, 1
    XALU(SHL, W, a3, a1, a2)    /* count 0: flags unchanged */
    csrr a4, CSR_XFLAGS
    CHECK(23, a4, XF_CF_)
    li a1, 0xabcd1234
    li a2, 0xffff0000
    XALU(AND, B, a3, a1, a2)    /* operands are taken at size */
    CHECK(24, a3, 0)
    /* all 16 conditions after a known flag state: ZF=1, SF=0, OF=1, CF=0, PF=1 */
    li a1, XF_ZF_ | XF_OF_ | XF_PF_
    csrw CSR_XFLAGS, a1
    li a5, 0
    .irp cc, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    XSETCC(a3, \cc)
    sll a3, a3, \cc
    or a5, a5, a3
    .endr
    /* O NO B AE E NE BE A S NS P NP L GE LE G = 1 0 0 1 1 0 1 0 0 1 1 0 1 0 1 0 */
    CHECK(25, a5, 0x5659)
    j pass
TEST_END
