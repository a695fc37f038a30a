/* Immediate and memory forms of the ALU ops (short EAX forms, sign-extended imm8, r/m). */
#include "rec.h"

        .text
        .globl test_main
test_main:
        SETREGS 0x7ffffff0, 0x11111111, 0x22222222, 0xfffffff0, 0, 0, 0
        .irp op, add, adc, sub, sbb, and, or, xor, cmp
        SETFL 0
        T \op\()l $0x10, %eax               /* short EAX form */
        SETFL FL_CF
        T \op\()l $-3, %ebx                 /* 0x83 imm8 sign-extended */
        SETFL FL_CF
        T \op\()l $0x12345678, %ecx         /* 0x81 imm32 */
        SETFL 0
        T \op\()b $0x90, %al                /* short AL form */
        SETFL FL_CF
        T \op\()b $0x7f, %dh
        SETFL FL_CF
        T \op\()w $-2, %dx
        SETFL 0
        TM \op\()l $0x80000001, scratch
        SETFL FL_CF
        TM \op\()l %ebx, scratch+4
        SETFL FL_CF
        T \op\()l scratch+8, %edx
        SETFL 0
        TM \op\()b $0x81, scratch+12
        SETFL FL_CF
        TM \op\()w %cx, scratch+14
        .endr
        /* test with immediates and memory */
        T testl $0x80000000, %eax
        T testb $0x01, %cl
        T testl %eax, scratch+12
        T testw $0x8000, scratch+6
        /* memory addressing forms */
        movl $scratch, %esi
        movl $3, %edi
        T addl 4(%esi,%edi,4), %eax
        T subl -4(%esi,%edi,8), %eax
        TM orl %eax, (%esi)
        ret
