/* A superblock whose path holds two instructions that share a decode-cache slot (the cache is
 * direct-mapped by EIP & 0xffff by default): a loop at a 64 KiB boundary calls a function at the
 * next one, so the loop's first MOV and the function's first ADD have the same slot. The
 * superblock translator kept pointers into the cache, and fetching the ADD turned the MOV it had
 * fetched before into the ADD: EAX was never set inside the superblock (found by
 * tools/fuzz-x86.py, seed 1 sequence 712 of commit 0515bc0's generator, only in superblock mode
 * and only at that layout; fixed by xl_fetch_dc_copy, translator/xl_dispatch.c). The loop runs
 * long enough to become a superblock at the default thresholds too. */
#include "rec.h"

        .text
        .globl test_main
test_main:
        SETREGS 0, 0, 0, 300, 0, 0, 0
        SETFL 0
        jmp fz_loop

        .p2align 16
fz_loop:
        movl $0x1234, %eax              /* slot 0 */
        call fz_func
        addl %eax, %esi                 /* 0x1234 each time, never fz_func's 0x99 */
        addl %edx, %edi
        subl $1, %ebx
        jnz fz_loop
fz_loop_end:
        REC fz_loop, fz_loop_end
        ret

        .p2align 16
fz_func:
        addl $7, %edx                   /* slot 0 too */
        movl $0x99, %eax
        ret
