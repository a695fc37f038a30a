/* A hot loop (it becomes a superblock with --sbt-threshold) dividing by a counter that
 * reaches zero on the 100th iteration: SIGFPE at fault_here, EIP exact. */
        .text
        .globl _start, fault_here
_start:
        movl $100, %esi
        xorl %ebx, %ebx
loop:
        movl $100000, %eax
        xorl %edx, %edx
        decl %esi
        cmpl $50, %esi
        jb low
        addl $1, %ebx
low:
fault_here:
        divl %esi
        addl %eax, %ebx
        jmp loop
