/* SETcc, CMOVcc and Jcc (short and near) for all 16 conditions under a set of flag patterns;
 * LOOP/LOOPE/LOOPNE/JECXZ/JCXZ. */
#include "rec.h"
#define CCS o, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g
#define FLAGS 0, FL_CF, FL_ZF, FL_SF, FL_OF, FL_PF, FL_SF|FL_OF, FL_CF|FL_ZF, FL_ZF|FL_SF, FL_ZF|FL_OF, FL_ARITH

        .text
        .globl test_main
test_main:
        SETREGS 0, 0, 0, 0, 0, 0, 0
        .set ccn, 0
        .irp cc, CCS                    /* cc outermost: \() must be expanded by the outer loop */
        .irp fl, FLAGS
        movl $0xffffffff, %eax
        SETFL \fl
        T set\cc %al
        SETFL \fl
        T set\cc %bh
        movl $0x11111111, %eax
        movl $0x22222222, %ecx
        SETFL \fl
        T cmov\cc\()l %ecx, %eax
        SETFL \fl
        T cmov\cc\()w %cx, %ax
        SETFL \fl
        T cmov\cc\()l scratch+4, %edx
        /* short Jcc */
        SETFL \fl
        movl $1, %esi
990:    j\cc 991f
        movl $2, %esi
991:    REC 990b, 991b
        /* near Jcc */
        SETFL \fl
        movl $1, %edi
992:    .byte 0x0f, 0x80 + ccn         /* Jcc rel32, encoded by hand to force the near form */
        .long 993f - (. + 4)
        movl $2, %edi
993:    REC 992b, 993b
        .endr
        .set ccn, ccn + 1
        .endr

        /* LOOP family: count the iterations in EAX */
        .irp n, 1, 2, 7
        xorl %eax, %eax
        movl $\n, %ecx
994:    addl $1, %eax
995:    loop 994b
996:    REC 995b, 996b
        .endr
        /* LOOPE stops when ZF becomes 0, LOOPNE when it becomes 1 */
        movl $10, %ecx
        xorl %eax, %eax
1:      addl $1, %eax
        cmpl $4, %eax
2:      loope 1b
3:      REC 2b, 3b
        movl $10, %ecx
        xorl %eax, %eax
1:      addl $1, %eax
        cmpl $4, %eax
2:      loopne 1b
3:      REC 2b, 3b
        /* JECXZ / JCXZ (address-size prefix: tests CX only) */
        .irp c, 0, 1, 0x10000
        movl $\c, %ecx
        movl $1, %eax
1:      jecxz 2f
        movl $2, %eax
2:      REC 1b, 2b
        movl $1, %eax
1:      jcxz 2f
        movl $2, %eax
2:      REC 1b, 2b
        .endr
        ret
