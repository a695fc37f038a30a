/* 32-bit two-operand ALU ops (reg,reg) over edge values; ADC/SBB with carry in 0 and 1. */
#include "rec.h"
#define V32 0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x12345678

        .macro BIN op, a, b, fl
        movl $\a, %eax
        movl $\b, %ebx
        SETFL \fl
        T \op %ebx, %eax
        .endm

        .text
        .globl test_main
test_main:
        SETREGS 0, 0x11111111, 0x22222222, 0, 0x33333333, 0x44444444, 0x55555555
        .irp op, addl, subl, andl, orl, xorl, cmpl, testl
        .irp a, V32
        .irp b, V32
        BIN \op, \a, \b, FL_ARITH
        .endr
        .endr
        .endr
        .irp op, adcl, sbbl
        .irp a, V32
        .irp b, V32
        BIN \op, \a, \b, 0
        BIN \op, \a, \b, FL_ARITH
        .endr
        .endr
        .endr
        /* same register on both sides */
        SETREGS 0x80000000, 0, 0, 0, 0, 0, 0
        T addl %eax, %eax
        T subl %eax, %eax
        T xorl %eax, %eax
        ret
