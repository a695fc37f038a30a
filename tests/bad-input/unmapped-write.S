/* Writes to 0xdead0000 (unmapped): SIGSEGV -> status 139, natively and under morph. */
        .text
        .globl _start, fault_here
_start:
        movl $0xdead0000, %edi
fault_here:
        movl $0x12345678, (%edi)
        movl $1, %eax
        xorl %ebx, %ebx
        int $0x80
