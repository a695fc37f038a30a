/* Shifts and rotates in 8/16/32 bits with counts 0, 1, several and >= operand size, by CL, by
 * imm8 and the by-one forms; SHLD/SHRD. Count-0 cases run with all flags set to check they
 * are left alone. */
#include "rec.h"
#define COUNTS 0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33

        .macro SH op, reg, val, cnt
        movl $\val, %eax
        movl $\cnt, %ecx
        SETFL FL_ARITH
        T \op %cl, \reg
        movl $\val, %eax
        SETFL 0
        T \op $\cnt, \reg
        .endm

        .text
        .globl test_main
test_main:
        SETREGS 0, 0, 0x22222222, 0x33333333, 0x44444444, 0x55555555, 0x66666666
        .irp op, shl, shr, sar, rol, ror, rcl, rcr
        .irp val, 0x80000001, 0x12345678, 0xffffffff, 0x40000000
        .irp cnt, COUNTS
        SH \op\()l, %eax, \val, \cnt
        .endr
        .endr
        .irp val, 0xdead8001, 0xdead7ff0
        .irp cnt, COUNTS
        SH \op\()w, %ax, \val, \cnt
        .endr
        .endr
        .irp val, 0xdead8081, 0xdead7f10
        .irp cnt, COUNTS
        SH \op\()b, %al, \val, \cnt
        SH \op\()b, %ah, \val, \cnt
        .endr
        .endr
        /* by-one forms (D0/D1) */
        movl $0x80000001, %eax
        SETFL 0
        T \op\()l %eax
        SETFL FL_CF
        T \op\()l %eax
        T \op\()w %ax
        T \op\()b %ah
        /* memory operands */
        movl $5, %ecx
        SETFL FL_CF
        TM \op\()l %cl, scratch
        TM \op\()w $3, scratch+4
        TM \op\()b scratch+8
        .endr

        /* double-precision shifts */
        .irp op, shld, shrd
        .irp cnt, 0, 1, 4, 8, 15, 16, 31, 32, 33
        movl $0x12345678, %eax
        movl $0x9abcdef0, %ebx
        movl $\cnt, %ecx
        SETFL FL_ARITH
        T \op\()l %cl, %ebx, %eax
        movl $0x12345678, %eax
        SETFL 0
        T \op\()l $\cnt, %ebx, %eax
        .endr
        .irp cnt, 0, 1, 4, 8, 15, 16
        movl $0xdead8765, %eax
        movl $0xbeef4321, %ebx
        movl $\cnt, %ecx
        SETFL 0
        T \op\()w %cl, %bx, %ax
        movl $0xdead8765, %eax
        SETFL FL_ARITH
        T \op\()w $\cnt, %bx, %ax
        .endr
        movl $0x87654321, %ebx
        movl $12, %ecx
        TM \op\()l %cl, %ebx, scratch+16
        TM \op\()w $5, %bx, scratch+20
        .endr
        ret
