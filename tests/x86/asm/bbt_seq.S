/* Instruction sequences recorded as one range (REC), so that flags inside a sequence are dead
 * and the basic-block translator emits base ops for them (docs/translator.md). Also the forms
 * with translator-specific code: high-byte and 16-bit inserts, DIV/IDIV side exits, string ops
 * with REP, CMPXCHG, BT*, BSWAP, a long run of pushes (store-buffer commits), LOOP/JECXZ.
 * test-x86-bbt runs it with every block translated; test-x86-interp checks the same dumps. */
#include "rec.h"

        .text
        .globl test_main
test_main:
        /* dead flags: only the last ADD's flags survive */
        SETREGS 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70
        SETFL FL_CF|FL_ZF
1:      addl %ebx, %eax
        subl $5, %ecx
        xorl %edx, %esi
        shll $3, %edi
        andl $0xff0, %edx
        orl $0x1001, %ebp
        addl %ecx, %eax
2:      REC 1b, 2b

        /* carry chain: ADD's CF feeds ADC, ADC's feeds SBB */
        SETREGS 0xffffffff, 0x7fffffff, 1, 2, 3, 4, 5
1:      addl %edx, %eax
        adcl %ebx, %ecx
        sbbl $1, %esi
        incl %edi
        adcl $0, %ebp
2:      REC 1b, 2b

        /* INC/DEC keep CF for a later ADC; CMP flags dead before TEST */
        SETREGS 0xffffffff, 7, 9, 11, 13, 15, 17
1:      addl $1, %eax
        incl %ecx
        decl %edx
        cmpl %ecx, %edx
        adcl $0, %ebx
        testl %ebx, %ebx
2:      REC 1b, 2b

        /* 8-bit and 16-bit registers: inserts into the pinned 32-bit registers */
        SETREGS 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00, 0x01020304, 0x05060708, 0x090a0b0c
1:      movb %al, %ah
        addb %bh, %ah
        xchgb %al, %ah
        movzbl %ah, %edx
        movsbl %bh, %esi
        movw %ax, %bx
        addw $0x1234, %bx
        negw %cx
        rolw $3, %dx
        movb $0x7f, %ch
        subb %ch, %cl
        notw %di
        cbw
2:      REC 1b, 2b

        /* shifts with flags dead except the last */
        SETREGS 0x80000001, 35, 0xf0f0f0f0, 0x12345678, 0xdeadbeef, 3, 0
1:      shll $3, %eax
        sarl %cl, %edx
        shrl $1, %esi
        roll $7, %ebx
        rorl %cl, %edi
        sarl $1, %eax
2:      REC 1b, 2b

        /* MUL / IMUL, then DIV with EDX = 0 (inline) and EDX != 0 (side exit to the interpreter) */
        SETREGS 0x12345678, 0x9abcdef, 0, 7, 0, 0, 0
1:      mull %ecx
        imull $-3, %ebx, %esi
        imull %ecx, %edi
        movl $100000, %eax
        xorl %edx, %edx
        movl $7, %ecx
        divl %ecx
        movl %eax, %esi
        movl $5, %edx
        movl $0x12345678, %eax
        divl %ecx
        cmpl %esi, %edx
2:      REC 1b, 2b

        /* IDIV: sign-extended dividend inline; divisor -1 through the side exit */
        SETREGS -1000001, -7, 0, 0, 0, 0, 0
1:      cdq
        idivl %ecx
        movl %eax, %esi
        movl $-1, %ecx
        cdq
        idivl %ecx
        addl %esi, %eax
2:      REC 1b, 2b

        /* BSWAP, BT family on registers and memory with an immediate offset */
        SETREGS 0x11223344, 5, 0x80000001, 0, 0, 0, 0
1:      bswapl %eax
        btl %ecx, %edx
        btsl $31, %ebx
        btrl $0, %edx
        btcl %ecx, %ebx
        btsl $3, scratch
        btl $3, scratch
2:      REC 1b, 2b
        MEMDUMP scratch, 16

        /* string ops going up: REP MOVS/STOS with counts 0 and n, single MOVSB/STOSW/LODSB */
        SETREGS 0x41424344, 0, 0, 0, 0, 0, 0
        cld
        leal scratch, %esi
        leal scratch+32, %edi
1:      rep movsb
        movl $5, %ecx
        rep movsl
        movl $3, %ecx
        rep stosb
        stosw
        movsb
        lodsb
2:      REC 1b, 2b
        MEMDUMP scratch, 64

        /* CMPXCHG: equal (stores the source) and not equal (loads EAX), register and memory */
        SETREGS 7, 9, 0, 0, 0, 0, 0
        movl $7, scratch+8
1:      lock cmpxchgl %ecx, scratch+8
        movl scratch+8, %edx
        lock cmpxchgl %edx, scratch+8
        movl $3, %ebx
        cmpxchgl %ecx, %ebx
2:      REC 1b, 2b

        /* CMOVcc from memory, SETcc into a high byte, PUSH/POP word, LEAVE */
        SETREGS 1, 2, 3, 4, 5, 6, 7
        movl $0x5555aaaa, scratch+12
1:      cmpl %ecx, %eax
        cmovll scratch+12, %edx
        cmovgl scratch+12, %esi
        setl %bh
        pushw %cx
        popw %di
        pushl %ebp
        movl %esp, %ebp
        pushl $0x77
        leave
2:      REC 1b, 2b

        /* 20 pushes then 20 pops: the translator commits before the store buffer overflows */
        SETREGS 1, 2, 3, 4, 5, 6, 7
1:      .rept 4
        pushl %eax
        pushl %ecx
        pushl %edx
        pushl %ebx
        pushl %esi
        .endr
        .rept 4
        popl %eax
        popl %ecx
        addl %eax, %ecx
        popl %edx
        popl %ebx
        popl %esi
        .endr
2:      REC 1b, 2b

        /* LOOP / LOOPNE / JECXZ as block ends */
        SETREGS 0, 5, 0, 0, 0, 0, 0
1:      addl $3, %eax
        loop 1b
        movl $4, %ecx
3:      incl %edx
        cmpl $2, %edx
        loopne 3b
        xorl %ecx, %ecx
        jecxz 4f
        movl $99, %esi
4:
2:      REC 1b, 2b
        ret
