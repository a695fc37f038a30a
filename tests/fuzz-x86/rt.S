/* rt.S: runtime of the random x86 sequence programs (tools/fuzz-x86.py, docs/testing.md
 * "Random differential testing").
 *
 * The generated file defines `fuzz_main`; for each sequence and iteration it fills the scratch
 * window from a seed (fz_fill), switches to the private stack, loads EFLAGS and the registers,
 * runs the sequence, then `pushfl; pushal; call fz_dump` and back to its own stack. fz_dump
 * appends one line to the output buffer:
 *   s<seq> <iter> eax=.. ecx=.. edx=.. ebx=.. esp=.. ebp=.. esi=.. edi=.. efl=.. mem=..
 * (hex; esp relative to fz_stack_top; efl masked with fz_mask, the flags the sequence defines;
 * mem a hash of the scratch window). fz_flush writes the buffer (after each sequence, so that a
 * crash keeps the lines before it).
 * Written with plain instructions only (mov, add, sub, xor, shifts, rol, jcc, call, int 0x80), so
 * that a bug in a fuzzed form is unlikely to corrupt the records. */

        .set FZ_WIN_BYTES, 512          /* scratch window: 256 bytes each side of a page boundary */

        .text
        .globl _start
_start:
        movl $fz_outbuf, fz_outp
        call fuzz_main
        call fz_flush
        movl $1, %eax                   /* exit(0) */
        xorl %ebx, %ebx
        int $0x80
        hlt

/* fz_fill: EAX = seed (nonzero); fills the window with the xorshift32 stream of the seed
 * (x ^= x << 13; x ^= x >> 17; x ^= x << 5; store x). Clobbers EAX ECX EDX EDI. */
        .globl fz_fill
fz_fill:
        movl $fz_win, %edi
        movl $(FZ_WIN_BYTES / 4), %ecx
1:      movl %eax, %edx
        shll $13, %edx
        xorl %edx, %eax
        movl %eax, %edx
        shrl $17, %edx
        xorl %edx, %eax
        movl %eax, %edx
        shll $5, %edx
        xorl %edx, %eax
        movl %eax, (%edi)
        addl $4, %edi
        subl $1, %ecx
        jnz 1b
        ret

/* put_hex: the 8 nibbles of EAX as hex at EDI. Clobbers EAX ECX EDX. */
put_hex:
        movl $8, %ecx
1:      roll $4, %eax
        movl %eax, %edx
        andl $15, %edx
        movb hexdigits(%edx), %dl
        movb %dl, (%edi)
        addl $1, %edi
        subl $1, %ecx
        jnz 1b
        ret

/* fz_dump: frame at entry: 0 ret, 4 edi, 8 esi, 12 ebp, 16 esp (pushal), 20 ebx, 24 edx,
 * 28 ecx, 32 eax, 36 eflags. */
        .globl fz_dump
fz_dump:
        movl %esp, %ebp
        cld
        movl fz_outp, %edi
        movb $'s', (%edi)
        addl $1, %edi
        movl fz_seq, %eax
        call put_hex
        movb $' ', (%edi)
        addl $1, %edi
        movl fz_iter, %eax
        call put_hex
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
        cmpl $16, reg_offs(,%ebx,4)
        jne 3f
        addl $4, %eax                   /* esp: undo the pushfl, relative to the stack top */
        subl $fz_stack_top, %eax
3:      cmpl $36, reg_offs(,%ebx,4)
        jne 4f
        andl fz_mask, %eax
4:      call put_hex
        addl $1, %ebx
        cmpl $9, %ebx
        jne 2b
        /* " mem=" and the hash: h = rol(h, 7) ^ word + 0x9e3779b9 over the window */
        movl (%esi), %eax
        movl %eax, (%edi)
        movb 4(%esi), %al
        movb %al, 4(%edi)
        addl $5, %edi
        movl $fz_win, %esi
        movl $(FZ_WIN_BYTES / 4), %ecx
        movl $0x811c9dc5, %eax
5:      roll $7, %eax
        xorl (%esi), %eax
        addl $0x9e3779b9, %eax
        addl $4, %esi
        subl $1, %ecx
        jnz 5b
        call put_hex
        movb $'\n', (%edi)
        addl $1, %edi
        movl %edi, fz_outp
        ret

/* fz_flush: write(1, fz_outbuf, fz_outp - fz_outbuf), then empty the buffer. Clobbers EAX ECX
 * EDX EBX. */
        .globl fz_flush
fz_flush:
        movl fz_outp, %edx
        subl $fz_outbuf, %edx
        jz 1f
        movl $4, %eax
        movl $1, %ebx
        movl $fz_outbuf, %ecx
        int $0x80
        movl $fz_outbuf, fz_outp
1:      ret

        .section .rodata
hexdigits:
        .ascii "0123456789abcdef"
reg_names:
        .ascii " eax= ecx= edx= ebx= esp= ebp= esi= edi= efl= mem="
        .p2align 2
reg_offs:
        .long 32, 28, 24, 20, 16, 12, 8, 4, 36

        .data
        .p2align 2
        .globl fz_seq, fz_iter, fz_mask, fz_saved_esp
fz_seq: .long 0
fz_iter: .long 0
fz_mask: .long 0
fz_saved_esp: .long 0
fz_outp: .long 0

        .bss
        .p2align 12
        .globl fz_win, fz_page
        .space 4096 - FZ_WIN_BYTES / 2
fz_win:                                 /* the window: 256 bytes, the page boundary, 256 bytes */
        .space FZ_WIN_BYTES / 2
fz_page:
        .space 4096
        .p2align 4
        .space 16384
        .globl fz_stack_top
fz_stack_top:                           /* the sequences' stack; 256 bytes above for stray pops */
        .space 256
        .p2align 4
fz_outbuf:
        .space 65536
