/* LEA forms, MOVZX/MOVSX, CBW/CWDE/CWD/CDQ, LAHF/SAHF, flag instructions, ENTER/LEAVE,
 * PUSHA/POPA, PUSHF/POPF, PUSH/POP forms, 16-bit operand-size moves, CALL/RET. */
#include "rec.h"

        .text
        .globl test_main
test_main:
        SETREGS 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70
        /* LEA: every addressing shape */
        T leal (%eax), %edi
        T leal 0x7f(%ebx), %edi
        T leal -0x80(%ecx), %edi
        T leal 0x12345678(%edx), %edi
        T leal (%eax,%ebx), %edi
        T leal (%eax,%ecx,2), %edi
        T leal 5(%edx,%ebx,4), %edi
        T leal -1000(%esi,%ebp,8), %edi
        T leal 0x1000(,%eax,8), %edi
        T leal (,%ebx,1), %edi
        T leal 0x11223344, %edi
        T leal 12(%esp), %edi
        T leal 4(%esp,%eax,2), %edi
        T leal (%ebp), %edi
        T leal 0xffffffff(%eax,%eax,4), %eax
        T leaw 0x1234(%ebx,%ecx), %di
        T addr16 leal 0x10(%bx,%si), %edi
        T addr16 leal -2(%bp,%di), %edi
        T addr16 leaw 0x7000(%bx), %si

        /* MOVZX / MOVSX */
        SETREGS 0x12348281, 0, 0, 0xffff807f, 0, 0, 0
        T movzbl %al, %ecx
        T movzbl %ah, %ecx
        T movsbl %al, %ecx
        T movsbl %bl, %ecx
        T movsbl %bh, %ecx
        T movzwl %ax, %ecx
        T movswl %ax, %ecx
        T movswl %bx, %ecx
        T movzbw %al, %cx
        T movsbw %ah, %dx
        T movzbl scratch+32, %esi
        T movsbl scratch+35, %esi
        T movswl scratch+34, %esi
        T movzwl scratch+34, %esi

        /* CBW/CWDE/CWD/CDQ */
        .irp v, 0x12345678, 0x87658765, 0x00008080, 0xffff7f7f
        movl $\v, %eax
        movl $0x5a5a5a5a, %edx
        T cbtw
        movl $\v, %eax
        T cwtl
        movl $\v, %eax
        T cwtd
        movl $\v, %eax
        T cltd
        .endr

        /* LAHF/SAHF and the flag instructions */
        SETFL FL_ARITH
        T lahf
        SETFL 0
        T lahf
        movl $0xffffffff, %eax
        T sahf
        movl $0x00000000, %eax
        T sahf
        movl $0x0000d500, %eax
        T sahf
        T stc
        T clc
        T cmc
        T cmc
        T std
        T cld
        /* SALC-free sbb idiom */
        T sbbl %eax, %eax

        /* PUSHF/POPF: the full EFLAGS value, including IF and bit 1 */
        SETFL FL_ARITH
        T pushfl
        T popl %eax
        T pushl $0x00000cd5            /* arithmetic flags and DF */
        T popfl
        T pushl $0x00003000            /* IOPL: ignored at CPL 3 */
        T popfl
        T pushl $0                     /* IF: ignored at CPL 3 */
        T popfl
        T pushl $0x00004000            /* NT: POPF sets it at CPL 3 (issue 18) */
        T popfl
        T pushfl
        T popl %eax
        T pushl $0
        T popfl
        T pushfw
        T popw %bx
        T pushw $0x08d5
        T popfw
        /* the ID flag (bit 21) toggles on any CPU with CPUID */
        pushfl
        popl %eax
        movl %eax, %ecx
        xorl $0x200000, %eax
        pushl %eax
        popfl
        pushfl
        popl %eax
        T xorl %ecx, %eax
        pushl %ecx
        T popfl

        /* PUSHA/POPA, 32- and 16-bit */
        SETREGS 0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555, 0x66666666, 0x77777777
        T pushal
        SETREGS 0, 0, 0, 0, 0, 0, 0
        T popal
        T pushaw
        SETREGS 0, 0, 0, 0, 0, 0, 0
        T popaw
        T pushal
        movl $0x5a5a5a5a, 12(%esp)      /* the ESP slot is skipped by POPA */
        T popal

        /* PUSH/POP forms (ESP is restored from saved_esp afterwards) */
        movl %esp, saved_esp
        T pushl $-5
        T pushl $0x12345678
        T pushl scratch+4
        T popl scratch+40
        MEMDUMP scratch+40, 4
        T pushw $0x1234
        T popl %ecx
        T pushl %esp                    /* pushes the value before the push */
        T popl %edx
        leal -64(%esp), %eax
        pushl %eax
        T popl %esp                     /* ESP loaded from the stack slot */
        movl saved_esp, %esp

        /* ENTER/LEAVE: frames of nesting level 0, 1 and 3 (frame pointer chain copied) */
        movl $0x5000, %ebp
        T enter $16, $0
        T enter $8, $1
        T enter $12, $3
        MEMDUMP stack_top-96, 96
        T leave
        T leave
        T leave
        movl saved_esp, %esp

        /* CALL/RET forms */
        movl $0, %eax
        T call 1f
        jmp 2f
1:      addl $1, %eax
        T ret
2:      movl $3f, %ebx
        T call *%ebx
        jmp 4f
3:      addl $2, %eax
        T ret $0
4:      movl $5f, scratch+44
        T call *scratch+44
        jmp 6f
5:      addl $4, %eax
        popl %ecx
        pushl $0x99999999
        pushl %ecx
        T ret $4
6:      movl saved_esp, %esp
        ret

        .bss
saved_esp:
        .skip 4
