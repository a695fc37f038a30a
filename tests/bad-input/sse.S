/* An SSE instruction (ADDPS): unsupported by morph (it models a CPU without SSE) -> status 132
 * and one message naming the instruction and its address (the symbol fault_here). Natively it
 * runs and the program exits 0. (Until issue 5 this case used FSIN; x87 is emulated now.) */
        .text
        .globl _start, fault_here
_start:
fault_here:
        addps %xmm1, %xmm0
        movl $1, %eax
        xorl %ebx, %ebx
        int $0x80
