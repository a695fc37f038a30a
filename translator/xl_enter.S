/* Entry into translated code and the way back to the dispatcher (docs/translator.md).
 *
 * xl_enter(cpu, code) is a one-shot setjmp: it keeps the CMS callee-saved context in xl_ctx,
 * loads the pinned guest registers and xenters. Translated code leaves only by traps; the trap
 * entry (cms/start.S) sees mscratch != 0, saves a frame on the CMS stack, calls xl_trap and,
 * when that returns an exit reason, jumps to xl_leave, which stores the guest registers
 * (x18..x25, still live: they are callee-saved in C) back into cpu and returns from xl_enter.
 * Extension encodings are spelled with .insn and the generated OPC_/F3_/F7_ constants. */
#include "morph_isa.h"

#define CPU_GS_BASE 72      /* offsetof(struct cms_cpu, seg_base[CMS_GS]), checked in C */
#define CPU_EIP 32

    .section .text.xl_enter, "ax"
    .balign 4
    .globl xl_enter
xl_enter:
    la      t0, xl_ctx
    sw      ra, 0(t0)
    sw      sp, 4(t0)
    sw      s0, 8(t0)
    sw      s1, 12(t0)
    sw      s2, 16(t0)
    sw      s3, 20(t0)
    sw      s4, 24(t0)
    sw      s5, 28(t0)
    sw      s6, 32(t0)
    sw      s7, 36(t0)
    sw      s8, 40(t0)
    sw      s9, 44(t0)
    sw      s10, 48(t0)
    sw      s11, 52(t0)
    sw      a0, 56(t0)
    lw      x18, 0(a0)
    lw      x19, 4(a0)
    lw      x20, 8(a0)
    lw      x21, 12(a0)
    lw      x22, 16(a0)
    lw      x23, 20(a0)
    lw      x24, 24(a0)
    lw      x25, 28(a0)
    lw      x26, CPU_GS_BASE(a0)
    lw      t1, CPU_EIP(a0)
    li      x4, 0                       /* XR_SCOUNT */
    li      x30, 0
    li      x31, 0
    .insn r OPC_COMMIT, F3_COMMIT, F7_COMMIT, x0, t1, x0 /* commit t1: shadows = entry state */
    csrw    mscratch, sp                /* the trap entry's CMS stack while translated */
    /* Enter through mret rather than xenter: it switches to translated mode (xmode XPM) and
     * sets mstatus.MIE (from MPIE) in the same op, so interrupts are on exactly while
     * translated code runs (docs/firmware.md "Interrupts"); the same timing as xenter. */
    csrw    mepc, a1
    csrsi   0x7c2, 2                    /* xmode XPM */
    li      t0, CSRV_MSTATUS_MPIE
    csrs    mstatus, t0
    mret
1:  j       1b                          /* not reached */

/* a0 = exit reason (XL_R_*), sp = CMS stack (the trap frame is dropped). */
    .globl xl_leave
xl_leave:
    andi    t0, a0, 0x100
    beqz    t0, 2f
    .insn r OPC_ROLLBACK, F3_ROLLBACK, F7_ROLLBACK, x0, x0, x0 /* rollback: x18..x25 and xflags = committed state */
2:  la      t0, xl_ctx
    lw      t1, 56(t0)
    sw      x18, 0(t1)
    sw      x19, 4(t1)
    sw      x20, 8(t1)
    sw      x21, 12(t1)
    sw      x22, 16(t1)
    sw      x23, 20(t1)
    sw      x24, 24(t1)
    sw      x25, 28(t1)
    lw      ra, 0(t0)
    lw      sp, 4(t0)
    lw      s0, 8(t0)
    lw      s1, 12(t0)
    lw      s2, 16(t0)
    lw      s3, 20(t0)
    lw      s4, 24(t0)
    lw      s5, 28(t0)
    lw      s6, 32(t0)
    lw      s7, 36(t0)
    lw      s8, 40(t0)
    lw      s9, 44(t0)
    lw      s10, 48(t0)
    lw      s11, 52(t0)
    ret

    .section .bss.xl_ctx, "aw", @nobits
    .balign 4
    .globl xl_ctx
xl_ctx:
    .space 64
