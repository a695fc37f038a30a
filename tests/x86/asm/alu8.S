/* 8-bit ALU ops on low and high byte registers (AL/AH/BL/BH...). */
#include "rec.h"
#define V8 0, 1, 0x7f, 0x80, 0xff

        .macro BIN op, a, b, fl
        movl $(0xdead0000 | (\a << 8) | \b), %eax
        movl $(0xbeef0000 | (\b << 8) | \a), %ebx
        SETFL \fl
        T \op %bl, %al
        SETFL \fl
        T \op %bh, %ah
        .endm

        .text
        .globl test_main
test_main:
        SETREGS 0, 0x11111111, 0x22222222, 0, 0x33333333, 0x44444444, 0x55555555
        .irp op, addb, subb, andb, orb, xorb, cmpb, testb
        .irp a, V8
        .irp b, V8
        BIN \op, \a, \b, FL_ARITH
        .endr
        .endr
        .endr
        .irp op, adcb, sbbb
        .irp a, V8
        .irp b, V8
        BIN \op, \a, \b, 0
        BIN \op, \a, \b, FL_ARITH
        .endr
        .endr
        .endr
        /* partial-register moves and mixes */
        SETREGS 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00, 0, 0, 0
        T movb %ah, %bl
        T movb %al, %bh
        T movb %ch, %dh
        T movb $0x7f, %ch
        T xchgb %ah, %al
        T xchgb %dl, %ch
        T addb %ah, %ah
        T subb %dh, %cl
        T movb %bh, scratch+1
        MEMDUMP scratch, 4
        T movb scratch+3, %dh
        T addb $0x80, %bl
        T adcb $0x7f, %bh
        T incb %ah
        T decb %ch
        T negb %dh
        T notb %bh
        ret
