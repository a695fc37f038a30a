/* rt.S: runtime for morph's x86 register-dump tests: _start, record printing, scratch memory.
 * Deliberately written with plain instructions only (mov, add, and, rol, cmp, jcc, call, int 0x80)
 * so that a bug in a tested instruction cannot corrupt the records of other tests. */
#include "rec.h"

        .text
        .globl _start
_start:
        movl %esp, orig_esp
        movl $stack_top, %esp           /* private stack: identical addresses native and morph */
        SETFL 0x202
        SETREGS 0, 0, 0, 0, 0, 0, 0
        call test_main
        pushl $(end_msg_end - end_msg)
        pushl $end_msg
        call note_print
        movl $1, %eax                   /* exit(0) */
        xorl %ebx, %ebx
        int $0x80
        hlt

/* put_hex: write the top ECX nibbles of EAX as hex at EDI. Clobbers EAX ECX EDX. */
put_hex:
        roll $4, %eax
        movl %eax, %edx
        andl $15, %edx
        movb hexdigits(%edx), %dl
        movb %dl, (%edi)
        addl $1, %edi
        subl $1, %ecx
        jnz put_hex
        ret

/* flush: write(1, outbuf, EDI - outbuf). */
flush:
        movl %edi, %edx
        subl $outbuf, %edx
        movl $4, %eax
        movl $1, %ebx
        movl $outbuf, %ecx
        int $0x80
        ret

/* rec_dump(start, len): frame at entry (after the REC macro's pushes):
 *   0 ret, 4 start, 8 len, 12 edi, 16 esi, 20 ebp, 24 esp(pushal), 28 ebx, 32 edx, 36 ecx, 40 eax,
 *   44 eflags. The ESP of the test is the pushal value + 4 (the pushfl before it). */
        .globl rec_dump
rec_dump:
        movl %esp, %ebp
        cld
        movl $outbuf, %edi
        movb $'@', (%edi)
        addl $1, %edi
        movl 4(%ebp), %eax
        movl $8, %ecx
        call put_hex
        movb $' ', (%edi)
        addl $1, %edi
        movl 4(%ebp), %esi              /* instruction bytes */
        movl 8(%ebp), %ebx
1:      movzbl (%esi), %eax
        shll $24, %eax
        movl $2, %ecx
        call put_hex
        addl $1, %esi
        subl $1, %ebx
        jnz 1b
        movl $reg_names, %esi
        xorl %ebx, %ebx
2:      movl (%esi), %eax               /* " eax=" */
        movl %eax, (%edi)
        movb 4(%esi), %al
        movb %al, 4(%edi)
        addl $5, %edi
        addl $5, %esi
        movl reg_offs(,%ebx,4), %eax
        movl (%ebp,%eax), %eax
        cmpl $24, reg_offs(,%ebx,4)
        jne 3f
        addl $4, %eax                   /* esp: undo the pushfl, make relative to stack top */
        subl $stack_top, %eax
3:      movl $8, %ecx
        call put_hex
        addl $1, %ebx
        cmpl $9, %ebx
        jne 2b
        movb $'\n', (%edi)
        addl $1, %edi
        call flush
        ret

/* mem_dump(addr, len): "mem <addr> <bytes>\n". Same frame layout as rec_dump. */
        .globl mem_dump
mem_dump:
        movl %esp, %ebp
        cld
        movl $outbuf, %edi
        movl $0x206d656d, (%edi)        /* "mem " */
        addl $4, %edi
        movl 4(%ebp), %eax
        movl $8, %ecx
        call put_hex
        movb $' ', (%edi)
        addl $1, %edi
        movl 4(%ebp), %esi
        movl 8(%ebp), %ebx
1:      movzbl (%esi), %eax
        shll $24, %eax
        movl $2, %ecx
        call put_hex
        addl $1, %esi
        subl $1, %ebx
        jnz 1b
        movb $'\n', (%edi)
        addl $1, %edi
        call flush
        ret

/* note_print(addr, len): write the text as is. */
        .globl note_print
note_print:
        movl $4, %eax
        movl $1, %ebx
        movl 4(%esp), %ecx
        movl 8(%esp), %edx
        int $0x80
        ret

        .section .rodata
hexdigits:
        .ascii "0123456789abcdef"
reg_names:
        .ascii " eax= ecx= edx= ebx= esp= ebp= esi= edi= efl="
        .p2align 2
reg_offs:
        .long 40, 36, 32, 28, 24, 20, 16, 12, 44
end_msg:
        .ascii "end\n"
end_msg_end:

        .data
        .p2align 4
        .globl scratch
scratch:                                /* 64 bytes with a recognisable pattern */
        .long 0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c
        .long 0x89abcdef, 0x01234567, 0xfedcba98, 0x76543210
        .long 0x80000000, 0x7fffffff, 0xffffffff, 0x00000000
        .long 0x55555555, 0xaaaaaaaa, 0x0000ffff, 0xffff0000

        .bss
        .p2align 4
orig_esp:
        .skip 4
outbuf:
        .skip 512
        .p2align 4
        .globl bufa, bufb
bufa:   .skip 256
bufb:   .skip 256
        .p2align 4
stack:
        .skip 16384
        .globl stack_top
stack_top:
