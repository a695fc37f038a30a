/* CMPXCHG (8/16/32, equal and not equal, LOCK), CMPXCHG8B, XADD, XCHG in all sizes. */
#include "rec.h"

        .text
        .globl test_main
test_main:
        SETREGS 0, 0, 0, 0, 0, 0, 0
        /* register destination: equal, then not equal */
        .irp cmpv, 0x12345678, 0x12345679, 0x92345678
        movl $\cmpv, %eax
        movl $0x12345678, %ebx
        movl $0xcafebabe, %ecx
        SETFL 0
        T cmpxchgl %ecx, %ebx
        movl $\cmpv, %eax
        movl $0x12345678, %ebx
        SETFL FL_ARITH
        T cmpxchgw %cx, %bx
        movl $\cmpv, %eax
        movl $0x12345678, %ebx
        T cmpxchgb %ch, %bl
        .endr
        /* memory destination, with LOCK */
        movl $0x03020100, %eax
        movl $0x44444444, %edx
        TM lock cmpxchgl %edx, scratch
        TM lock cmpxchgl %edx, scratch
        movl $0x0504, %eax
        TM cmpxchgw %dx, scratch+4
        movl $0x08, %eax
        TM lock cmpxchgb %dl, scratch+8
        movl $0x01, %eax
        TM cmpxchgb %dl, scratch+9

        /* CMPXCHG8B: EDX:EAX vs m64; equal stores ECX:EBX, else loads m64 into EDX:EAX */
        movl $0x07060504, %edx
        movl $0x03020100, %eax
        movl $0xdddddddd, %ecx
        movl $0xbbbbbbbb, %ebx
        SETFL 0
        TM cmpxchg8b scratch
        SETFL FL_ZF
        TM lock cmpxchg8b scratch
        movl $0x0b0a0908, %edx
        movl $0x0f0e0d0c, %eax
        SETFL FL_ARITH
        T cmpxchg8b scratch+8

        /* XADD */
        .irp a, 1, 0x7fffffff, 0xffffffff
        movl $\a, %eax
        movl $0x80000001, %ebx
        T xaddl %eax, %ebx
        movl $\a, %eax
        movl $0x80000001, %ebx
        T xaddw %ax, %bx
        movl $\a, %eax
        movl $0x80000001, %ebx
        T xaddb %ah, %bl
        .endr
        movl $5, %ecx
        TM lock xaddl %ecx, scratch+16
        TM xaddw %cx, scratch+20
        TM xaddb %cl, scratch+24
        T xaddl %ecx, %ecx

        /* XCHG */
        SETREGS 0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555, 0x66666666, 0x77777777
        T xchgl %eax, %ebx              /* short form 0x93 */
        T xchgl %ecx, %edx
        T xchgl %esi, %eax
        T xchgw %ax, %di
        T xchgw %bp, %cx
        T xchgb %al, %ah
        T xchgb %dh, %bl
        TM xchgl %eax, scratch+28
        TM xchgw %dx, scratch+32
        TM xchgb %bh, scratch+36
        T xchgl %ebp, %ebp
        T nop
        ret
