/* Reads address 0x10 (never mapped): SIGSEGV -> status 139, natively and under morph. */
        .text
        .globl _start, fault_here
_start:
        movl $0x10, %ebx
fault_here:
        movl (%ebx), %eax
        movl $1, %eax
        xorl %ebx, %ebx
        int $0x80
