/* rec.h: record macros for morph's x86 register-dump tests (i386, GNU as via cpp).
 *
 * A test file defines `test_main` (called with a private static stack, so every stack address is
 * the same natively and under morph) and uses:
 *   T insn            run one instruction, then print a record line for it
 *   TM insn           same, then print the scratch area (for memory destinations)
 *   REC start, end    print a record for the code between two labels (branches, sequences)
 *   SETFL value       load EFLAGS (arithmetic flags, DF; IF/IOPL are ignored at CPL 3)
 *   MEMDUMP addr, len print "mem <addr> <bytes>" (an ordinary line, compared exactly)
 *   SETREGS a,c,d,b,S,D,bp  load eax..ebp with constants
 * Record line: "@<eip> <insn bytes> eax=.. ecx=.. edx=.. ebx=.. esp=.. ebp=.. esi=.. edi=.. efl=..";
 * esp is printed relative to the private stack top. The dump code saves everything with
 * pushfl/pushal first, so the recorded registers and flags are exactly those after the instruction. */
#ifndef MORPH_TEST_REC_H
#define MORPH_TEST_REC_H

#define FL_ARITH 0x8d5          /* CF PF AF ZF SF OF */
#define FL_CF 0x001
#define FL_PF 0x004
#define FL_AF 0x010
#define FL_ZF 0x040
#define FL_SF 0x080
#define FL_DF 0x400
#define FL_OF 0x800

        .macro REC start, end
        pushfl
        pushal
        pushl $(\end - \start)
        pushl $\start
        call rec_dump
        addl $8, %esp
        popal
        popfl
        .endm

        .macro T insn:vararg
990:    \insn
991:    REC 990b, 991b
        .endm

        .macro TM insn:vararg
        T \insn
        MEMDUMP scratch, 16
        .endm

        .macro MEMDUMP addr, len
        pushfl
        pushal
        pushl $\len
        pushl $\addr
        call mem_dump
        addl $8, %esp
        popal
        popfl
        .endm

        .macro SETFL value
        pushl $\value
        popfl
        .endm

        .macro SETREGS a, c, d, b, si, di, bp
        movl $\a, %eax
        movl $\c, %ecx
        movl $\d, %edx
        movl $\b, %ebx
        movl $\si, %esi
        movl $\di, %edi
        movl $\bp, %ebp
        .endm

        /* Print a free-form line (no registers). */
        .macro NOTE text
        .pushsection .rodata
992:    .ascii "\text\n"
993:
        .popsection
        pushfl
        pushal
        pushl $(993b - 992b)
        pushl $992b
        call note_print
        addl $8, %esp
        popal
        popfl
        .endm

#endif
