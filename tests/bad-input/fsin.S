/* An x87 instruction (FSIN): unsupported by morph for now -> status 132 and one message naming
 * the instruction and its address (the symbol fault_here). Natively it runs (an x87 stack
 * underflow is masked by default) and exits 0. */
        .text
        .globl _start, fault_here
_start:
fault_here:                             /* first instruction: nothing else x87 runs before it */
        fsin
        movl $1, %eax
        xorl %ebx, %ebx
        int $0x80
