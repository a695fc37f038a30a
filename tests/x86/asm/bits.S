/* BT/BTS/BTR/BTC (reg, imm, memory with bit offsets outside the addressed dword), BSF/BSR,
 * BSWAP. BSF/BSR with a zero source leave the destination unchanged on real CPUs (AMD documents
 * it, Intel implements it); the tests preload the destination so that behaviour is checked. */
#include "rec.h"

        .text
        .globl test_main
test_main:
        SETREGS 0, 0, 0, 0, 0, 0, 0
        .irp op, bt, bts, btr, btc
        .irp bit, 0, 1, 7, 15, 16, 31, 32, 33, 63
        movl $0x8000a5c3, %eax
        movl $\bit, %ecx
        SETFL FL_ARITH
        T \op\()l %ecx, %eax
        movl $0x8000a5c3, %eax
        SETFL 0
        T \op\()l $\bit, %eax
        movl $0xdead5aa5, %ebx
        T \op\()w %cx, %bx
        .endr
        /* memory with register offset: may address other dwords, also negative ones */
        .irp bit, 0, 5, 31, 32, 100, 255, -1, -9, -33
        movl $\bit, %ecx
        SETFL 0
        TM \op\()l %ecx, bufa+64
        MEMDUMP bufa+56, 48
        TM \op\()w %cx, bufa+64
        .endr
        TM \op\()l $37, scratch
        TM \op\()w $21, scratch+4
        .endr

        /* BSF/BSR */
        .irp v, 0, 1, 2, 0x80000000, 0x00010000, 0x12345678, 0xffffffff, 0x00f00f00
        movl $\v, %eax
        movl $0x5a5a5a5a, %edx
        SETFL FL_ARITH
        T bsfl %eax, %edx
        movl $0x5a5a5a5a, %edx
        SETFL 0
        T bsrl %eax, %edx
        movl $0x5a5a5a5a, %edx
        T bsfw %ax, %dx
        movl $0x5a5a5a5a, %edx
        T bsrw %ax, %dx
        .endr
        movl $0x7777, %esi
        T bsfl scratch+4, %esi
        T bsrl scratch+40, %esi
        T bsrl scratch+44, %esi

        /* BSWAP on every register. BSR left the arithmetic flags undefined and BSWAP does not
         * write them: define them first, or the records would carry host-specific flags. */
        SETFL 0
        SETREGS 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00, 0x01020304, 0x05060708, 0x0a0b0c0d
        T bswap %eax
        T bswap %ecx
        T bswap %edx
        T bswap %ebx
        T bswap %esi
        T bswap %edi
        T bswap %ebp
        ret
