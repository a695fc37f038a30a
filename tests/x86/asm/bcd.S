/* BCD adjusts (DAA, DAS, AAA, AAS, AAM, AAD) and SALC (issue 18).
 *
 * First single records (regcmp masks the flags x86 leaves undefined), then sweeps, each result
 * and its defined flags folded into a hash, one record per AH row: every AL with every input of
 * the flags the instruction reads (DAA, DAS: CF and AF; AAA, AAS: AF; the other arithmetic flags
 * alternate with AL), with every AH where AH takes part (AAA, AAS, AAD) and 16 AH values where
 * it does not (DAA, DAS). AAM sweeps every AL for every base 1-255 (one record per base); AAD
 * every AX for four bases. The sweep masks are the flags the SDM defines:
 *   DAA DAS: CF PF AF ZF SF    AAA AAS: CF AF    AAM AAD: PF ZF SF
 * Base 0 for AAM raises #DE: tests/x86/c/sighandlers.c checks that. */
#include "rec.h"

#define M_DAA 0x0d5
#define M_AAA 0x011
#define M_AAM 0x0c4
#define FL_REST 0x8c4                   /* OF SF ZF PF: toggled with AL's low bit */

/* hash = (hash ^ eax) * p ^ (edx & mask) ... in ebx */
        .macro FOLD mask
        pushfl
        popl %edx
        andl $\mask, %edx
        xorl %eax, %ebx
        imull $0x01000193, %ebx, %ebx
        xorl %edx, %ebx
        imull $0x01000193, %ebx, %ebx
        .endm

/* Loads EFLAGS: entry esi of the table and, for odd AL (cl), OF SF ZF PF. */
        .macro LOADFL tab
        movl \tab(,%esi,4), %edx
        testb $1, %cl
        jz 1f
        orl $FL_REST, %edx
1:      pushl %edx
        popfl
        .endm

/* Every AL (cl) with the n flag inputs of the table, for AH (ch) = 0, step, 2 * step ... up
 * to 0xff; a record (ebx = the row's hash) per AH. */
        .macro SWEEP_AX insn:req, mask:req, tab:req, n:req, step:req
        xorl %ecx, %ecx
100:    xorl %ebx, %ebx
101:    xorl %esi, %esi
102:    LOADFL \tab
        movl %ecx, %eax
        \insn
        FOLD \mask
        incl %esi
        cmpl $\n, %esi
        jb 102b
        incb %cl
        jnz 101b
        SETFL 0
        T nop
        addb $\step, %ch
        jnc 100b
        .endm

/* AAM with one base: every AL (AH = ~AL), both flag polarities; one record. */
        .macro SWEEP_AAM base
        xorl %ecx, %ecx
        xorl %ebx, %ebx
        xorl %esi, %esi
200:    LOADFL fl_cfaf
        movl %ecx, %eax
        notb %ah
        aam $\base
        FOLD M_AAM
        xorl $3, %esi
        jnz 200b
        incb %cl
        jnz 200b
        movl $\base, %ecx
        SETFL 0
        T nop
        .endm

        .text
        .globl test_main
test_main:
        SETREGS 0, 0, 0, 0, 0, 0, 0
        /* single records */
        .irp ax, 0x0000, 0x0009, 0x000a, 0x0019, 0x0099, 0x009a, 0x00f0, 0x00ff, 0x1234, 0x7f7f
        .irp fl, 0, FL_CF, FL_AF, FL_ARITH
        .irp op, daa, das, aaa, aas
        movl $(0x5a5a0000 + \ax), %eax
        SETFL \fl
        T \op
        .endr
        .endr
        .irp op, aam, "aam $7", aad, "aad $0x33"
        movl $(0x5a5a0000 + \ax), %eax
        T \op
        .endr
        .endr
        /* SALC (D6, undocumented by Intel until recently; AL = CF ? 0xff : 0, flags unchanged) */
        movl $0x12345678, %eax
        SETFL 0
        T .byte 0xd6
        SETFL FL_ARITH
        T .byte 0xd6
        SETFL FL_CF
        T .byte 0xd6

        /* sweeps */
        SWEEP_AX daa, M_DAA, fl_cfaf, 4, 0x11
        SWEEP_AX das, M_DAA, fl_cfaf, 4, 0x11
        SWEEP_AX aaa, M_AAA, fl_af, 2, 1
        SWEEP_AX aas, M_AAA, fl_af, 2, 1
        .irp base, 10, 0, 7, 255
        SWEEP_AX "aad $\base", M_AAM, fl_cfaf, 1, 1
        .endr
        .set base, 1
        .rept 255
        SWEEP_AAM base
        .set base, base + 1
        .endr
        ret

        .section .rodata
        .balign 4
fl_cfaf: .long 0, FL_CF, FL_AF, FL_CF | FL_AF
fl_af:  .long 0, FL_AF
