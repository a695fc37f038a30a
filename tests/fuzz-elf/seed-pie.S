/* A static-pie seed for the ELF loader's fuzzer (an ET_DYN without PT_INTERP: the biased path). */
        .text
        .globl _start
_start:
        movl $1, %eax
        xorl %ebx, %ebx
        int $0x80
