/* MUL/IMUL (one, two and three operand forms) and DIV/IDIV (non-faulting cases). */
#include "rec.h"
#define V32 0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0x12345678
#define V16 0, 1, 0x7fff, 0x8000, 0xffff, 0x1234
#define V8 0, 1, 0x7f, 0x80, 0xff, 0x12

        .text
        .globl test_main
test_main:
        SETREGS 0, 0x11111111, 0x22222222, 0, 0x33333333, 0x44444444, 0x55555555
        /* one-operand forms */
        .irp a, V32
        .irp b, V32
        movl $\a, %eax
        movl $\b, %ebx
        movl $0x5a5a5a5a, %edx
        T mull %ebx
        movl $\a, %eax
        T imull %ebx
        movl $\a, %eax
        T imull %ebx, %eax
        .endr
        .endr
        .irp a, V16
        .irp b, V16
        movl $(0xdead0000 | \a), %eax
        movl $(0xbeef0000 | \b), %ecx
        movl $0x5a5a5a5a, %edx
        T mulw %cx
        movl $(0xdead0000 | \a), %eax
        T imulw %cx
        movl $(0xdead0000 | \a), %eax
        T imulw %cx, %ax
        .endr
        .endr
        .irp a, V8
        .irp b, V8
        movl $(0xdead0000 | \a), %eax
        movl $(0xbeef0000 | (\b << 8)), %ecx
        T mulb %ch
        movl $(0xdead0000 | \a), %eax
        T imulb %ch
        .endr
        .endr
        /* three-operand forms and memory sources */
        movl $0x12345, %ebx
        T imull $-7, %ebx, %edx
        T imull $0x10001, %ebx, %edx
        T imull $127, %ebx, %ebx
        T imulw $-300, %bx, %dx
        T imull $3, scratch+4, %esi
        T imull scratch+36, %ebx
        movl $0x40000000, %eax
        T mull scratch+36
        movl $7, %eax
        T imull scratch+40
        T mulb scratch+33

        /* unsigned division: (edx:eax) / src */
        .macro DIV32 op, hi, lo, d
        movl $\hi, %edx
        movl $\lo, %eax
        movl $\d, %ecx
        T \op %ecx
        .endm
        DIV32 divl, 0, 100, 7
        DIV32 divl, 0, 0xffffffff, 1
        DIV32 divl, 0, 0xffffffff, 0xffffffff
        DIV32 divl, 0x12345678, 0x9abcdef0, 0x87654321
        DIV32 divl, 0xfffffffe, 0xffffffff, 0xffffffff
        DIV32 divl, 0, 0, 3
        DIV32 idivl, 0, 100, 7
        DIV32 idivl, 0xffffffff, -100, 7
        DIV32 idivl, 0, 100, -7
        DIV32 idivl, 0xffffffff, -100, -7
        DIV32 idivl, 0xffffffff, 0x80000000, 1
        DIV32 idivl, 0x3fffffff, 0, 0x7fffffff
        DIV32 idivl, 0xffffffff, 0xffffffff, 0x80000000
        DIV32 idivl, 0, 0x7fffffff, 0xffffffff
        /* 16-bit: DX:AX / r16 */
        .macro DIV16 op, dx, ax, d
        movl $(0xaaaa0000 | \dx), %edx
        movl $(0xbbbb0000 | \ax), %eax
        movl $(0xcccc0000 | \d), %ecx
        T \op %cx
        .endm
        DIV16 divw, 0, 0x1234, 0xf1
        DIV16 divw, 0x00ff, 0xff00, 0x0100
        DIV16 divw, 0xfffe, 0xffff, 0xffff
        DIV16 idivw, 0, 0x1234, 0xf1
        DIV16 idivw, 0xffff, 0xff00, 0x0100
        DIV16 idivw, 0xffff, 0x8000, 0x0001
        DIV16 idivw, 0x0000, 0x7fff, 0xffff
        /* 8-bit: AX / r8 */
        .macro DIV8 op, ax, d
        movl $(0x11110000 | \ax), %eax
        movl $(0x0000ff00 | \d), %ebx
        T \op %bl
        movl $(0x11110000 | \ax), %eax
        movl $(0x000000ff | (\d << 8)), %ebx
        T \op %bh
        .endm
        DIV8 divb, 0x0123, 0xf1
        DIV8 divb, 0x02ff, 3
        DIV8 divb, 0x0064, 0xf9
        DIV8 idivb, 0x0123, 0xf1
        DIV8 idivb, 0xff80, 3
        DIV8 idivb, 0x0064, 0xf9
        DIV8 idivb, 0xff80, 1
        movl $0, %edx
        movl $1000000, %eax
        T divl scratch+4
        movl $0xffff, %edx
        movl $0x8000, %eax
        T idivw scratch+2
        movl $0x0203, %eax
        T divb scratch+3
        ret
