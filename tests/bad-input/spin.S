/* An endless loop: only --max-cycles (status 124) or a timeout ends it. */
        .text
        .globl _start
_start:
        xorl %eax, %eax
1:      addl $1, %eax
        jmp 1b
