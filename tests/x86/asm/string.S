/* String instructions: MOVS/STOS/LODS/CMPS/SCAS in byte/word/dword sizes, with and without REP,
 * DF clear and set, counts 0/1/7, and REPE/REPNE early exits. Buffers are dumped afterwards. */
#include "rec.h"

        .macro FILL                     /* bufa = 0,1,2..; bufb = 0x80.. */
        movl $0, %eax
1:      movb %al, bufa(%eax)
        movb %al, bufb(%eax)
        orb $0x80, bufb(%eax)
        addl $1, %eax
        cmpl $64, %eax
        jne 1b
        .endm

        .text
        .globl test_main
test_main:
        SETREGS 0x11223344, 0, 0, 0, 0, 0, 0
        .irp sz, b, w, l
        .irp cnt, 0, 1, 7
        /* forward */
        FILL
        cld
        movl $bufa+8, %esi
        movl $bufb+8, %edi
        movl $\cnt, %ecx
        T rep movs\sz
        MEMDUMP bufb, 48
        movl $\cnt, %ecx
        movl $0xa1b2c3d4, %eax
        T rep stos\sz
        MEMDUMP bufb, 48
        movl $bufa+8, %esi
        movl $\cnt, %ecx
        T rep lods\sz
        /* backward */
        FILL
        std
        movl $bufa+40, %esi
        movl $bufb+40, %edi
        movl $\cnt, %ecx
        T rep movs\sz
        MEMDUMP bufb, 48
        movl $\cnt, %ecx
        movl $0x55667788, %eax
        T rep stos\sz
        MEMDUMP bufb, 48
        cld
        .endr
        /* single, non-REP forms in both directions */
        FILL
        movl $bufa+4, %esi
        movl $bufb+4, %edi
        T movs\sz
        T stos\sz
        T lods\sz
        T cmps\sz
        T scas\sz
        std
        T movs\sz
        T lods\sz
        T cmps\sz
        T scas\sz
        T stos\sz
        cld
        MEMDUMP bufb, 16
        .endr

        /* REPE CMPS: equal run then a mismatch; REPNE SCAS: find a value */
        FILL
        movb $0x55, bufa+20
        movl $bufa, %esi
        movl $bufa, %edi
        movl $30, %ecx
        T repe cmpsb                    /* all equal: runs to ECX=0 */
        movl $bufb, %edi
        movl $bufa, %esi
        movl $0, %eax
        movl $bufa, %edi
        movl $bufa+64, %esi             /* copy bufa to bufa+64.. for a partial match */
        .irp sz, b, w, l
        FILL
        movb $0x77, bufb+13
        movl $bufb, %esi
        movl $bufb, %edi
        movl $10, %ecx
        movl $bufa, %edi
        T repe cmps\sz                  /* first element already differs */
        movl $bufb, %esi
        movl $bufb+64, %edi
        movl $64, %ecx
        T rep movsb                     /* make a copy, then corrupt it */
        movb $0x00, bufb+64+13
        movl $bufb, %esi
        movl $bufb+64, %edi
        movl $20, %ecx
        T repe cmps\sz                  /* stops at byte 13's element */
        movl $bufb, %esi
        movl $bufb+64, %edi
        movl $20, %ecx
        T repne cmps\sz                 /* first elements equal: stops at once */
        movl $bufa, %edi
        movl $0x0b0a0908, %eax
        movl $40, %ecx
        T repne scas\sz                 /* finds 8 (b), 0x0908 or 0x0b0a0908 */
        movl $bufa, %edi
        movl $0x03020100, %eax
        movl $40, %ecx
        T repe scas\sz                  /* first element equals, then differs */
        std
        movl $bufa+60, %edi
        movl $0x13121110, %eax
        movl $40, %ecx
        T repne scas\sz                 /* backwards search */
        movl $bufb+60, %esi
        movl $bufb+124, %edi
        movl $40, %ecx
        T repe cmps\sz                  /* backwards compare, hits byte 13 */
        cld
        .endr
        /* XLAT */
        movl $bufa, %ebx
        movl $0x12345617, %eax
        T xlat
        movl $0x123456ff, %eax
        movl $bufa-0x80, %ebx
        T xlat
        ret
