/* 16-bit (operand-size prefix) ALU ops: results must leave the upper half of the register alone. */
#include "rec.h"
#define V16 0, 1, 0x7fff, 0x8000, 0xffff

        .macro BIN op, a, b, fl
        movl $(0xdead0000 | \a), %eax
        movl $(0xbeef0000 | \b), %ebx
        SETFL \fl
        T \op %bx, %ax
        .endm

        .text
        .globl test_main
test_main:
        SETREGS 0, 0x11111111, 0x22222222, 0, 0x33333333, 0x44444444, 0x55555555
        .irp op, addw, subw, andw, orw, xorw, cmpw, testw
        .irp a, V16
        .irp b, V16
        BIN \op, \a, \b, FL_ARITH
        .endr
        .endr
        .endr
        .irp op, adcw, sbbw
        .irp a, V16
        .irp b, V16
        BIN \op, \a, \b, 0
        BIN \op, \a, \b, FL_ARITH
        .endr
        .endr
        .endr
        /* other 16-bit forms */
        movl $0x12348001, %ecx
        T addw $0x7fff, %cx
        T subw $-1, %cx
        T addw $5, %ax
        T movw $0x5a5a, %dx
        T movw %dx, %si
        T leaw 3(%esi,%edx), %di
        T movw %cx, scratch+2
        MEMDUMP scratch, 8
        T addw scratch+6, %cx
        TM sbbw %cx, scratch
        T pushw %cx
        T popw %bx
        T xchgw %ax, %cx
        T incw %dx
        T negw %ax
        ret
