/* Shared frame of the ISA tests: bare RV32 programs linked at 0x80000000, run by `morph sim`.
 * Exit status (via HTIF_CMD_EXIT) is 0 on pass, else the number of the failing check.
 * Register conventions (chosen to stay clear of x18-x25, the shadowed x86 registers): gp = current
 * check number; TRAP_COUNT (t4) counts traps; RESUME (t5) = where the next trap resumes, in CMS
 * mode (0: after the trapping op, in the mode it came from); TRAP_EPC/TRAP_CAUSE/TRAP_VAL
 * (s10/s11/t3) = mepc/mcause/mtval of the last trap; t6 is scratch for checks and the handler. */
#include "morph_isa.h" /* generated; its C-only part is guarded by __ASSEMBLER__ */

#define TESTNUM gp
#define TRAP_COUNT t4
#define RESUME t5
#define TRAP_EPC s10
#define TRAP_CAUSE s11
#define TRAP_VAL t3
#define HTIF_REQ_REG (MM_HTIF_BASE + HTIF_REG_REQ) /* morph_facts.h, via morph_isa.h */
#define HTIF_ID_REG (MM_HTIF_BASE + HTIF_REG_ID)
#define HTIF_CMD_EXIT_ 2        /* enum htif_cmd in include/morph/htif.h */
#define GUEST_PHYS MM_GUEST_PHYS_BASE /* first non-concealed RAM */
#define XF_CF_ XF_CF                  /* xflags bits: the generated XF_ constants */
#define XF_PF_ XF_PF
#define XF_AF_ XF_AF
#define XF_ZF_ XF_ZF
#define XF_SF_ XF_SF
#define XF_OF_ XF_OF

/* Extension ops, spelled through the generated encodings. */
#define XALU(op, sz, rd, a, b) .insn r OPC_X##op##_##sz, F3_X##op##_##sz, F7_X##op##_##sz, rd, a, b
#define GL(op, rd, off, base) .insn i OPC_##op, F3_##op, rd, off(base)
#define GS(op, src, off, base) .insn s OPC_##op, F3_##op, src, off(base)
/* xbcc keeps cc in the rs1 field; .insn wants a register name there, so pick x<cc>. */
.macro xbcc_ cc, label
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .if (\cc) == \n
    .insn b OPC_XBCC, F3_XBCC, x\n, x0, \label
    .endif
    .endr
.endm
#define XBCC(cc, label) xbcc_ cc, label
#define XSETCC(rd, cc) .insn i OPC_XSETCC, F3_XSETCC, rd, x0, cc
#define JTLBJ(rs) .insn i OPC_JTLBJ, F3_JTLBJ, x0, rs, 0
#define X3(op, a, b) .insn r OPC_##op, F3_##op, F7_##op, x0, a, b
#define COMMIT(rs) X3(COMMIT, rs, x0)
#define ROLLBACK X3(ROLLBACK, x0, x0)
#define GTLBW(va, val) X3(GTLBW, va, val)
#define GTLBINV(va) X3(GTLBINV, va, x0)
#define JTLBW(eip, tgt) X3(JTLBW, eip, tgt)
#define JTLBINV X3(JTLBINV, x0, x0)
#define XENTER(rs) X3(XENTER, rs, x0)
#define XEXIT(rs) X3(XEXIT, rs, x0)
#define XMODRM(rd, a, b) .insn r OPC_XMODRM, F3_XMODRM, F7_XMODRM, rd, a, b

/* Check helpers: clobber t6. */
#define CHECK(n, reg, val) li TESTNUM, n; li t6, val; bne reg, t6, fail
#define CHECKR(n, reg, reg2) li TESTNUM, n; bne reg, reg2, fail
/* The last trap had this cause (and the trap count went up by one since the count was cleared). */
#define CHECK_TRAP(n, cause) li TESTNUM, n; li t6, cause; bne TRAP_CAUSE, t6, fail; li t6, 1; bne TRAP_COUNT, t6, fail; li TRAP_COUNT, 0
#define CHECK_NOTRAP(n) li TESTNUM, n; bnez TRAP_COUNT, fail

/* Fuse-mark the ops whose addresses the words [start, end) list (docs/isa.md section 1: bit 1
 * cleared on a pair's head), then fence.i. Clobbers a0-a3. */
#define MARK_HEADS(start, end)                                                              \
    la a0, start; la a1, end;                                                               \
1:  lw a2, 0(a0); lw a3, 0(a2); andi a3, a3, -3; sw a3, 0(a2); addi a0, a0, 4;             \
    bltu a0, a1, 1b;                                                                        \
    .word 0x0000100f /* fence.i */

#define TEST_BEGIN                                                                          \
    .section .text;                                                                         \
    .globl _start;                                                                          \
_start:                                                                                     \
    la t0, trap_handler;                                                                    \
    csrw mtvec, t0;                                                                         \
    li TRAP_COUNT, 0;                                                                       \
    li RESUME, 0;                                                                           \
    li TESTNUM, 0;

#define TEST_END                                                                            \
pass:                                                                                       \
    li a0, 0;                                                                               \
    j exit_with;                                                                            \
fail:                                                                                       \
    mv a0, TESTNUM;                                                                         \
    bnez a0, exit_with;                                                                     \
    li a0, 255;                                                                             \
exit_with:                                                                                  \
    la t0, htif_req;                                                                        \
    li t1, HTIF_CMD_EXIT_;                                                                  \
    sw t1, 0(t0);                                                                           \
    sw a0, 8(t0);                                                                           \
    li t2, HTIF_REQ_REG;                                                                    \
    sw t0, 0(t2);                                                                           \
1:  j 1b;                                                                                   \
    .balign 4;                                                                              \
trap_handler:                                                                               \
    csrr TRAP_EPC, mepc;                                                                    \
    csrr TRAP_CAUSE, mcause;                                                                \
    csrr TRAP_VAL, mtval;                                                                   \
    addi TRAP_COUNT, TRAP_COUNT, 1;                                                         \
    beqz RESUME, 2f;                                                                        \
    csrw mepc, RESUME;                                                                      \
    li RESUME, 0;                                                                           \
    csrci CSR_XMODE, 2; /* resume in CMS mode at the given address */                       \
    mret;                                                                                   \
2:  addi t6, TRAP_EPC, 4;                                                                  \
    csrw mepc, t6;                                                                          \
    mret;                                                                                   \
    .section .data;                                                                         \
    .balign 8;                                                                              \
htif_req:                                                                                   \
    .space 40;                                                                              \
    .section .text;
