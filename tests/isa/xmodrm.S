/* The decode assist (docs/isa.md section 7a). Without it (knob xdec 0, the presets' default)
 * xmodrm is an illegal instruction: the test checks the trap and passes. With it (--core-opt
 * xdec=1; make test-isa also runs that, and requires no trap) it checks worked examples of the
 * fields, then runs every ModRM byte with every following byte, so that lockstep co-simulation
 * compares all 65,536 results of the RTL with the model's (include/morph/xdec.h); and xmodrm
 * as the head and as the tail of a fused pair. */
#include "test.h"
/* the op after it heads a fused pair (on the cores that fuse: the head lane's xmodrm) */
#define HEAD 9: .pushsection .data.heads, "aw"; .word 9b; .popsection;
    .pushsection .data.heads, "aw"
heads_start:
    .popsection
TEST_BEGIN
    li a0, 0x44                 /* [esp+disp8]: SIB 0x24 */
    li a1, 0x24
xm1:
    XMODRM(a2, a0, a1)
    beqz TRAP_COUNT, present
    CHECK_TRAP(1, CAUSE_ILLEGAL_INSN)
    la t0, xm1
    lw t1, 0(t0)
    CHECKR(2, TRAP_VAL, t1)     /* mtval: the instruction */
    j pass
present:
    CHECK(3, a2, 0xff0400d3)
    MARK_HEADS(heads_start, heads_end)    /* 3 bytes, disp8, SS, SIB; base ESP, no index */
    li a0, 0xffffff44           /* only the low bytes count */
    li a1, 0x12345624
    XMODRM(a2, a0, a1)
    CHECK(4, a2, 0xff0400d3)
    li a0, 0x05                 /* [disp32] */
    XMODRM(a2, a0, zero)
    CHECK(5, a2, 0xffff0025)
    li a0, 0xc3                 /* register form: EBX */
    XMODRM(a2, a0, a1)
    CHECK(6, a2, 0xff030009)
    li a0, 0x84                 /* [ebp+ecx*4+disp32]: SS */
    li a1, 0x8d
    XMODRM(a2, a0, a1)
    CHECK(7, a2, 0x010502e6)
    li a0, 0x04                 /* [disp32] through a SIB without base or index */
    li a1, 0x25
    XMODRM(a2, a0, a1)
    CHECK(8, a2, 0xffff00a6)
    li a0, 0x0c                 /* [esp+ecx]: the default segment is SS */
    li a1, 0x0c
    XMODRM(a2, a0, a1)
    CHECK(9, a2, 0x010400c2)
    HEAD XMODRM(a2, a0, a1)     /* xmodrm heads a pair, its tail reads the result */
    addi a3, a2, 1
    CHECK(11, a3, 0x010400c3)
    li a1, 0x24
    HEAD addi a0, zero, 0x44    /* and is the tail of one */
    XMODRM(a2, a0, a1)
    CHECK(12, a2, 0xff0400d3)
    /* every pair: a sum of the results, rotated, so that each one counts */
    li a3, 0                    /* ModRM */
    li a5, 0
1:  li a4, 0                    /* the next byte */
2:  XMODRM(a2, a3, a4)
    slli t0, a5, 1
    srli a5, a5, 31
    or a5, a5, t0
    add a5, a5, a2
    addi a4, a4, 1
    li t0, 256
    bltu a4, t0, 2b
    addi a3, a3, 1
    bltu a3, t0, 1b
    CHECK_NOTRAP(10)
    j pass
TEST_END
    .pushsection .data.heads, "aw"
heads_end:
    .popsection
