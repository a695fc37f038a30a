/* Entry into translated code and the way back to the dispatcher (docs/translator.md).
 *
 * xl_enter(cpu, code) is a one-shot setjmp: it keeps the CMS callee-saved context in xl_ctx,
 * loads the pinned guest registers and xenters. Translated code leaves only by traps; the trap
 * entry (cms/start.S) sees mscratch != 0, saves a frame on the CMS stack, calls xl_trap and,
 * when that returns an exit reason, jumps to xl_leave, which stores the guest registers
 * (x18..x25, still live: they are callee-saved in C) back into cpu and returns from xl_enter.
 * Extension encodings are spelled with .insn and the generated OPC_/F3_/F7_ constants. */
#include "morph_isa.h"
#include "xl_cache.h"

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

/* The JTLB fast refill (docs/translator.md "Jump TLB"): a jtlbj whose target EIP already has
 * a translation in the map gets its JTLB entry written here and goes straight to that
 * translation, as the hit would have, without leaving translated code through the dispatcher
 * (which costs about 700 cycles: the frame, xl_leave, the loop, xl_enter). Reached from the
 * translated-mode trap entry (cms/start.S) with its GTLB_FAST frame pushed (t0-t3 in 0..12(sp),
 * the activity in force in 16(sp), CMSACT_TRAP set); t4 and t5 are kept in 20 and 24. mret goes
 * to the translation rather than back to the jtlbj, so that a return's jtlbj does not pop the
 * x86 return stack twice (docs/isa.md: a miss pops it too). Not in the map, not translated
 * (interpreted, or dropped), EIP 0, or code written since the dispatcher last entered (it
 * fences first): xl_trap_jtlb_slow, the dispatcher's path, with the frame as it came. */
    .globl xl_jtlb_fast
xl_jtlb_fast:
    lui     t0, %hi(xl_code_dirty)
    lw      t0, %lo(xl_code_dirty)(t0)
    bnez    t0, 8f
    csrr    t1, mtval                   /* the target EIP */
    beqz    t1, 8f
    sw      t4, 20(sp)
    sw      t5, 24(sp)
    li      t2, XL_MAP_HASH_MUL
    mul     t2, t1, t2
    srli    t2, t2, XL_MAP_HASH_SHIFT
    lui     t3, %hi(xl_map_mask)
    lw      t3, %lo(xl_map_mask)(t3)
    lui     t4, %hi(xl_map)
    lw      t4, %lo(xl_map)(t4)
1:  and     t2, t2, t3                  /* the slot */
    slli    t0, t2, 1
    add     t0, t0, t2
    slli    t0, t0, 2                   /* * XL_MAP_ENTRY_BYTES (12) */
    add     t0, t0, t4
    lw      t5, 0(t0)                   /* its EIP */
    beq     t5, t1, 2f
    beqz    t5, 7f                      /* an empty slot: not in the map */
    addi    t2, t2, 1
    j       1b
2:  lw      t0, XL_MAP_ENTRY_CODE(t0)
    sltiu   t5, t0, XL_CODE_INTERP_VALUE + 1
    bnez    t5, 7f                      /* NULL (not translated) or XL_CODE_INTERP */
    .insn r OPC_JTLBW, F3_JTLBW, F7_JTLBW, x0, t1, t0
    csrw    mepc, t0
    lui     t1, %hi(xl_jtlb_fast_fills)
    lw      t2, %lo(xl_jtlb_fast_fills)(t1)
    addi    t2, t2, 1
    sw      t2, %lo(xl_jtlb_fast_fills)(t1)
    lw      t4, 20(sp)
    lw      t5, 24(sp)
    lw      t1, 16(sp)
    csrw    CSR_CMSACT, t1
    lw      t0, 0(sp)
    lw      t1, 4(sp)
    lw      t2, 8(sp)
    lw      t3, 12(sp)
    addi    sp, sp, 32
    csrsi   CSR_XMODE, 2                /* xmode XPM: mret returns to translated mode */
    csrrw   sp, mscratch, sp            /* the guest's x2 back, mscratch the CMS stack again */
    mret
7:  lw      t4, 20(sp)
    lw      t5, 24(sp)
8:  j       xl_trap_jtlb_slow

    .section .bss.xl_jtlb_fast_fills, "aw", @nobits
    .balign 4
    .globl xl_jtlb_fast_fills
xl_jtlb_fast_fills:
    .space 4

    .section .bss.xl_ctx, "aw", @nobits
    .balign 4
    .globl xl_ctx
xl_ctx:
    .space 64

/* xl_div64: DIV r/m32 of a 64-bit dividend for translated code (translator/xl_lift.c,
 * lift_div64; docs/translator.md "Op cracking"), one copy for every translation. Runs in
 * translated mode (ALU ops and DIVU only: concealed memory may be fetched there). In: EDX:EAX
 * (x20:x18), the divisor in a0, the return address in x29. Out: a1 = 0 with the quotient in x18
 * and the remainder in x20; or a1 = 1 and nothing changed when the quotient needs more than 32
 * bits (#DE: the caller's side exit). Clobbers the translator's temporaries only.
 * Hacker's Delight's divlu: the divisor normalized (sh = its leading zeros, by a branchless
 * binary search: RV32IM has no clz), then two 16-bit digits, each a DIVU of the partial
 * remainder by the divisor's upper half, corrected at most twice. */
    .section .text.xl_div64, "ax"
    .balign 4
    .globl xl_div64
xl_div64:
    bgeu    x20, a0, 9f
    mv      a2, a0                  /* v: the divisor, shifted left by sh */
    li      a1, 0                   /* sh */
    srli    a3, a2, 16
    sltiu   a3, a3, 1
    slli    a3, a3, 4
    add     a1, a1, a3
    sll     a2, a2, a3
    srli    a3, a2, 24
    sltiu   a3, a3, 1
    slli    a3, a3, 3
    add     a1, a1, a3
    sll     a2, a2, a3
    srli    a3, a2, 28
    sltiu   a3, a3, 1
    slli    a3, a3, 2
    add     a1, a1, a3
    sll     a2, a2, a3
    srli    a3, a2, 30
    sltiu   a3, a3, 1
    slli    a3, a3, 1
    add     a1, a1, a3
    sll     a2, a2, a3
    srli    a3, a2, 31
    xori    a3, a3, 1
    add     a1, a1, a3
    sll     a2, a2, a3
    srli    a4, a2, 16              /* vn1 */
    slli    a5, a2, 16
    srli    a5, a5, 16              /* vn0 */
    sll     a6, x20, a1             /* un32: EDX:EAX << sh, the upper word */
    neg     a3, a1
    srl     a7, x18, a3             /* EAX >> (32 - sh): the shift takes 5 bits */
    srai    a3, a3, 31              /* ... and nothing when sh = 0 */
    and     a7, a7, a3
    or      a6, a6, a7
    sll     t1, x18, a1
    srli    t2, t1, 16              /* un1 */
    slli    t1, t1, 16
    srli    t1, t1, 16              /* un0 */
    /* the upper digit q1 (t3): too big while q1 >= 2^16 or q1 * vn0 > rhat * 2^16 + un1 */
    divu    t3, a6, a4
    mul     t0, t3, a4
    sub     t0, a6, t0              /* rhat */
1:  srli    a0, t3, 16
    bnez    a0, 2f
    mul     a7, t3, a5
    slli    a0, t0, 16
    add     a0, a0, t2
    bgeu    a0, a7, 3f
2:  addi    t3, t3, -1
    add     t0, t0, a4
    srli    a0, t0, 16
    beqz    a0, 1b                  /* again while rhat < 2^16 */
3:  slli    a6, a6, 16              /* un21 = un32 * 2^16 + un1 - q1 * v */
    add     a6, a6, t2
    mul     a7, t3, a2
    sub     a6, a6, a7
    /* the lower digit q0 (t2), the same way with un0 */
    divu    t2, a6, a4
    mul     t0, t2, a4
    sub     t0, a6, t0
4:  srli    a0, t2, 16
    bnez    a0, 5f
    mul     a7, t2, a5
    slli    a0, t0, 16
    add     a0, a0, t1
    bgeu    a0, a7, 6f
5:  addi    t2, t2, -1
    add     t0, t0, a4
    srli    a0, t0, 16
    beqz    a0, 4b
6:  slli    a6, a6, 16              /* the remainder, still shifted by sh */
    add     a6, a6, t1
    mul     a7, t2, a2
    sub     a6, a6, a7
    srl     x20, a6, a1
    slli    t3, t3, 16
    add     x18, t3, t2
    li      a1, 0
    jr      x29
9:  li      a1, 1
    jr      x29
