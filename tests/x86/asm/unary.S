/* INC/DEC/NEG/NOT in 8/16/32 bits; INC/DEC must keep CF. */
#include "rec.h"

        .text
        .globl test_main
test_main:
        SETREGS 0, 0x11111111, 0x22222222, 0, 0x33333333, 0x44444444, 0x55555555
        .irp v, 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff
        .irp op, incl, decl, negl, notl
        movl $\v, %eax
        SETFL 0
        T \op %eax
        movl $\v, %eax
        SETFL FL_ARITH
        T \op %eax
        .endr
        .irp op, incw, decw, negw, notw
        movl $(\v ^ 0xa5a50000), %ecx
        SETFL FL_CF
        T \op %cx
        .endr
        .irp op, incb, decb, negb, notb
        movl $(\v ^ 0x5a5a0000), %edx
        SETFL FL_CF
        T \op %dl
        SETFL 0
        T \op %dh
        .endr
        .endr
        /* memory forms */
        SETFL FL_CF
        TM incl scratch
        TM decw scratch+4
        TM negb scratch+8
        TM notl scratch+12
        TM negl scratch+44
        TM incb scratch+3
        ret
