/* A hot loop (it becomes a superblock with --sbt-threshold) that stores through a pointer
 * walking 256 bytes per iteration out of .bss into the unmapped page after it: SIGSEGV at
 * fault_here, with EIP exact however the loop was translated. */
        .text
        .globl _start, fault_here
_start:
        movl $buf, %edi
        xorl %ecx, %ecx
        xorl %ebx, %ebx
loop:
        movl %ecx, %eax
        andl $7, %eax
        jz even
        addl $3, %ebx
        jmp join
even:
        addl $5, %ebx
join:
fault_here:
        movl %ebx, (%edi)
        addl $256, %edi
        incl %ecx
        jmp loop

        .bss
        .balign 4096
buf:    .skip 65536
