/* CMS firmware entry (the boot ROM jumps here) and the machine trap entry. */
#include "layout.h"
#include "morph_isa.h"
#include "morph/cmsact.h"
#include "morph/xlcode.h"
#include "cms_pte.h"

/* The fast guest-TLB refill, run first by both trap entries with sp on the CMS stack: a
 * gtlb_miss_load or gtlb_miss_store whose page is present in the page map with the access's
 * permission gets its entry written here (what cms_mm_fault does for such a page) without
 * saving the other registers or entering C; anything else (another cause, a page not yet
 * present or not permitted) jumps to `slow` with every register as it was. Under activity
 * CMSACT_TRAP, as the C path. Frame: t0-t3 and the activity in force. With `other`, another
 * cause goes there instead, with the frame still pushed and t0 = mcause - CAUSE_GTLB_MISS_LOAD.
 * A refill returns from the macro's own straight-line end (mret; with xl, to translated mode,
 * the guest's x2 back): no taken branch on that path. */
/* Back into translated code at t0 (mepc) once the frame below is popped: mret to translated
 * mode, mscratch the translated-mode stack top again. */
.macro TO_TRANSLATED
    csrw    mepc, t0
    csrsi   0x7c2, 2                /* xmode XPM: mret returns to translated mode */
    addi    t0, sp, 128
    csrw    mscratch, t0            /* back to translated mode */
.endm

/* Back to translated code at frame slot 0 from the lean xexit frame (xl_trap_xexit,
 * xl_trap_x87_entry): the counters x4, x30, x31 and the guest's x2 reloaded */
.macro LEAN_RESUME
    lw      t0, 0(sp)
    TO_TRANSLATED
    lw      x4, 16(sp)
    lw      x30, 120(sp)
    lw      x31, 124(sp)
    lw      x2, 8(sp)
    mret
.endm

.macro GTLB_FAST slow, other=98f, xl=0
    addi    sp, sp, -32
    sw      t0, 0(sp)
    sw      t1, 4(sp)
    sw      t2, 8(sp)
    sw      t3, 12(sp)
    csrrwi  t0, CSR_CMSACT, CMSACT_TRAP
    sw      t0, 16(sp)
    csrr    t0, mcause
    addi    t0, t0, -CAUSE_GTLB_MISS_LOAD   /* 0: load, 1: store */
    sltiu   t1, t0, 2
    beqz    t1, \other
    csrr    t1, mtval                       /* the guest address */
    srli    t2, t1, CMS_PT_DIR_SHIFT
    slli    t2, t2, 2
    lui     t3, %hi(cms_pt_dir)
    add     t3, t3, t2
    lw      t3, %lo(cms_pt_dir)(t3)         /* its 4 MiB's table, or 0 */
    srli    t2, t1, MM_PAGE_SHIFT           /* (the entry's index in the load's shadow) */
    andi    t2, t2, CMS_PT_INDEX_MASK
    beqz    t3, 98f
    slli    t2, t2, 2
    add     t3, t3, t2
    lw      t3, 0(t3)                       /* the page's entry */
    andi    t2, t3, CMS_PTE_MAPPED | CMS_PTE_PRESENT
    xori    t2, t2, CMS_PTE_MAPPED | CMS_PTE_PRESENT
    bnez    t2, 98f                         /* not mapped, or demand-zero: C allocates */
    andi    t2, t3, CMS_PTE_W | CMS_PTE_CODE
    xori    t2, t2, CMS_PTE_W
    seqz    t2, t2                          /* the entry's W: W, but none for a code page, whose */
    bltu    t2, t0, 98f                     /* stores C completes (self-modifying code) */
    andi    t0, t3, CMS_PTE_PROT
    beqz    t0, 98f                         /* no permission at all: C makes it a guest fault */
    andi    t3, t3, -4                      /* the frame (gtlbw ignores bits 11:2 and the page */
    slli    t2, t2, 1                       /* offset of the address: docs/isa.md section 2) */
    or      t3, t3, t2
    ori     t3, t3, 1                       /* V */
    .insn r OPC_GTLBW, F3_GTLBW, F7_GTLBW, x0, t1, t3
    lui     t0, %hi(cms_gtlb_fast_refills)
    lw      t1, %lo(cms_gtlb_fast_refills)(t0)
    lw      t2, 16(sp)                      /* the activity before */
    addi    t1, t1, 1
    sw      t1, %lo(cms_gtlb_fast_refills)(t0)
    csrw    CSR_CMSACT, t2
    lw      t0, 0(sp)
    lw      t1, 4(sp)
    lw      t2, 8(sp)
    lw      t3, 12(sp)
    addi    sp, sp, 32
    .if \xl
    csrsi   CSR_XMODE, 2                    /* xmode XPM: mret returns to translated mode */
    csrrw   sp, mscratch, sp                /* the guest's x2 back, mscratch the CMS stack again */
    .endif
    mret
98: lw      t1, 16(sp)                      /* not here: the C path */
    csrw    CSR_CMSACT, t1
    lw      t0, 0(sp)
    lw      t1, 4(sp)
    lw      t2, 8(sp)
    lw      t3, 12(sp)
    addi    sp, sp, 32
    j       \slow
.endm

    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    li      sp, CMS_STACK_TOP
    la      t0, __cms_bss_start
    la      t1, __cms_bss_end
1:  bgeu    t0, t1, 2f
    sw      zero, 0(t0)
    addi    t0, t0, 4
    j       1b
2:  la      t0, cms_trap_entry
    csrw    mtvec, t0
    csrw    mscratch, zero          /* 0 = CMS mode (see the trap entry) */
    csrw    0x7c3, zero             /* cmsact = CMSACT_BOOT */
    call    cms_main
3:  ebreak                          /* cms_main does not return */
    j       3b

/* Save every register (x2 as its value before the trap), call
 * cms_trap(mcause, mtval, mepc, frame) which returns the pc to resume at, restore, mret.
 * mscratch is 0 while CMS runs and holds the CMS stack pointer while translated code runs
 * (translator/xl_enter.S sets it): a nonzero swap result means the trap came from translated
 * mode, whose x2 is a guest temporary, and goes to xl_trap_translated. */
    .balign 4
    .globl cms_trap_entry
cms_trap_entry:
    csrrw   sp, mscratch, sp
    bnez    sp, xl_trap_fast
    csrrw   sp, mscratch, sp        /* CMS mode: sp back, mscratch 0 again */
    GTLB_FAST cms_trap_slow
cms_trap_slow:
    addi    sp, sp, -128
    sw      x1, 4(sp)
    sw      x3, 12(sp)
    sw      x4, 16(sp)
    sw      x5, 20(sp)
    sw      x6, 24(sp)
    sw      x7, 28(sp)
    sw      x8, 32(sp)
    sw      x9, 36(sp)
    sw      x10, 40(sp)
    sw      x11, 44(sp)
    sw      x12, 48(sp)
    sw      x13, 52(sp)
    sw      x14, 56(sp)
    sw      x15, 60(sp)
    sw      x16, 64(sp)
    sw      x17, 68(sp)
    sw      x18, 72(sp)
    sw      x19, 76(sp)
    sw      x20, 80(sp)
    sw      x21, 84(sp)
    sw      x22, 88(sp)
    sw      x23, 92(sp)
    sw      x24, 96(sp)
    sw      x25, 100(sp)
    sw      x26, 104(sp)
    sw      x27, 108(sp)
    sw      x28, 112(sp)
    sw      x29, 116(sp)
    sw      x30, 120(sp)
    sw      x31, 124(sp)
    addi    t0, sp, 128
    sw      t0, 8(sp)
    csrr    a0, mcause
    csrr    a1, mtval
    csrr    a2, mepc
    mv      a3, sp
    call    cms_trap
    csrw    mepc, a0
    lw      x1, 4(sp)
    lw      x3, 12(sp)
    lw      x4, 16(sp)
    lw      x5, 20(sp)
    lw      x6, 24(sp)
    lw      x7, 28(sp)
    lw      x8, 32(sp)
    lw      x9, 36(sp)
    lw      x10, 40(sp)
    lw      x11, 44(sp)
    lw      x12, 48(sp)
    lw      x13, 52(sp)
    lw      x14, 56(sp)
    lw      x15, 60(sp)
    lw      x16, 64(sp)
    lw      x17, 68(sp)
    lw      x18, 72(sp)
    lw      x19, 76(sp)
    lw      x20, 80(sp)
    lw      x21, 84(sp)
    lw      x22, 88(sp)
    lw      x23, 92(sp)
    lw      x24, 96(sp)
    lw      x25, 100(sp)
    lw      x26, 104(sp)
    lw      x27, 108(sp)
    lw      x28, 112(sp)
    lw      x29, 116(sp)
    lw      x30, 120(sp)
    lw      x31, 124(sp)
    addi    sp, sp, 128
    mret

/* Trap from translated mode: frame on the CMS stack, mscratch = 0 while CMS runs, gp reloaded.
 * xl_trap(mcause, mtval, mepc, frame) returns 0 to resume translated code at mepc (guest-TLB
 * refill: mret goes back to translated mode through xmode XPM), or an exit reason: then
 * xl_leave (translator/xl_enter.S) returns to the dispatcher. */
xl_trap_fast:
    GTLB_FAST xl_trap_translated, xl_trap_other, 1
/* not a guest-TLB miss (GTLB_FAST's frame pushed, t0 = mcause - CAUSE_GTLB_MISS_LOAD): an xexit
 * takes the lean path below (t0-t3 are temporaries of translated code, dead there), anything
 * else the full frame */
xl_trap_other:
    addi    t1, t0, CAUSE_GTLB_MISS_LOAD - CAUSE_JTLB_MISS
    beqz    t1, xl_jtlb_fast        /* translator/xl_enter.S: back at xl_trap_jtlb_slow if it cannot */
    addi    t0, t0, CAUSE_GTLB_MISS_LOAD - CAUSE_XEXIT
    bnez    t0, xl_trap_jtlb_slow   /* (any other cause: the activity back, the full frame) */
    csrr    t2, mtval               /* the stub */
    lw      t3, MORPH_STUB_KIND_WORD * 4(t2)
    lw      t1, 16(sp)              /* the activity before the trap */
    andi    t3, t3, MORPH_STUB_KIND_MASK
    addi    t3, t3, -MORPH_STUB_X87
    addi    sp, sp, 32
    beqz    t3, xl_trap_x87_entry   /* which sets activity interp itself, keeping t1 */
    csrw    CSR_CMSACT, t1
    j       xl_trap_xexit
    .globl xl_trap_jtlb_slow
xl_trap_jtlb_slow:
    lw      t1, 16(sp)
    csrw    CSR_CMSACT, t1
    lw      t0, 0(sp)
    lw      t1, 4(sp)
    lw      t2, 8(sp)
    lw      t3, 12(sp)
    addi    sp, sp, 32
    j       xl_trap_translated
/* xexit of an exit stub (an x87 stub's goes to xl_trap_x87_entry below). No temporary of
 * translated code is live across an xexit: an exit leaves the translation. So the frame gets only
 * what xl_trap reads: the counters x4, x30, x31 (drained at an exit), the guest's x2 and mepc;
 * EAX..EDI are callee-saved in C and still in their registers for xl_leave. */
xl_trap_xexit:
    addi    sp, sp, -128
    sw      x4, 16(sp)
    sw      x30, 120(sp)
    sw      x31, 124(sp)
    csrrw   t0, mscratch, zero      /* the guest's x2 */
    sw      t0, 8(sp)
    csrr    a2, mepc
    sw      a2, 0(sp)
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    li      a0, CAUSE_XEXIT
    csrr    a1, mtval
    mv      a3, sp
    call    xl_trap
    beqz    a0, 5f
    la      t1, xl_leave
    jr      t1
5:  LEAN_RESUME
/* An x87 stub (docs/translator.md "x87 from translated code"): the frame of xl_trap_xexit, the
 * operands' addresses x10 and x11 (translated code computed them), EAX..EDI into the guest's
 * registers in cms_cur_cpu, the activity before the trap (t1) in x1's slot and activity interp
 * while the helper runs, then
 * xl_trap_x87(mtval, frame) straight, which returns an exit reason (it declined: the dispatcher
 * interprets the instruction) or 0 with the EIP after the run in x5's slot. That EIP is committed
 * here, before translated code resumes: an interrupt taken at the first op after the stub (one
 * that came while the helper ran is) that rolls back must not go back before the run, whose
 * FPU state and memory no rollback restores. */
xl_trap_x87_entry:
    .option push
    .option norelax
    lui     t0, %hi(cms_cur_cpu)    /* norelax: gp is reloaded below, not yet */
    lw      t0, %lo(cms_cur_cpu)(t0)
    .option pop
    addi    sp, sp, -128
    sw      t1, 4(sp)
    csrwi   CSR_CMSACT, CMSACT_INTERP
    sw      x18, 0(t0)              /* EAX..EDI straight into the guest's registers (r[0..7]), */
    sw      x19, 4(t0)              /* which the x87 routines read */
    sw      x20, 8(t0)
    sw      x21, 12(t0)
    sw      x22, 16(t0)
    sw      x23, 20(t0)
    sw      x24, 24(t0)
    sw      x25, 28(t0)
    sw      x4, 16(sp)
    sw      x30, 120(sp)
    sw      x31, 124(sp)
    sw      x10, 40(sp)             /* operands' addresses (translator/xl_lift.h xl_x87_op.ea_reg) */
    sw      x11, 44(sp)
    csrrw   t0, mscratch, zero      /* the guest's x2 */
    sw      t0, 8(sp)
    csrr    t0, mepc
    sw      t0, 0(sp)
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    mv      a0, t2
    mv      a1, sp
    call    xl_trap_x87
    lui     t0, %hi(cms_cur_cpu)
    lw      t0, %lo(cms_cur_cpu)(t0)
    lw      x18, 0(t0)              /* EAX: FNSTSW AX writes it */
    bnez    a0, 6f
    lw      t0, 20(sp)
    .insn r OPC_COMMIT, F3_COMMIT, F7_COMMIT, x0, t0, x0 /* commit t0: EAX..EDI and xflags are the guest's */
    lw      t1, 4(sp)
    csrw    CSR_CMSACT, t1
    LEAN_RESUME
6:  la      t1, xl_leave
    jr      t1
xl_trap_translated:
    addi    sp, sp, -128
    sw      x1, 4(sp)
    sw      x3, 12(sp)
    sw      x4, 16(sp)
    sw      x5, 20(sp)
    sw      x6, 24(sp)
    sw      x7, 28(sp)
    sw      x10, 40(sp)
    sw      x11, 44(sp)
    sw      x12, 48(sp)
    sw      x13, 52(sp)
    sw      x14, 56(sp)
    sw      x15, 60(sp)
    sw      x16, 64(sp)
    sw      x17, 68(sp)
    sw      x28, 112(sp)
    sw      x29, 116(sp)
    sw      x30, 120(sp)
    sw      x31, 124(sp)
    csrrw   t0, mscratch, zero      /* the guest's x2 */
    sw      t0, 8(sp)
    csrr    t0, mepc                /* slot 0: kept in case a nested trap in C changes it */
    sw      t0, 0(sp)
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    csrr    a0, mcause
    csrr    a1, mtval
    csrr    a2, mepc
    mv      a3, sp
    call    xl_trap
    beqz    a0, 4f
    la      t1, xl_leave            /* t1, not t0: jr t0 (x5) reads as a return (RAS pop) */
    jr      t1
4:  lw      t0, 0(sp)
    TO_TRANSLATED
    lw      x1, 4(sp)
    lw      x3, 12(sp)
    lw      x4, 16(sp)
    lw      x5, 20(sp)
    lw      x6, 24(sp)
    lw      x7, 28(sp)
    lw      x10, 40(sp)
    lw      x11, 44(sp)
    lw      x12, 48(sp)
    lw      x13, 52(sp)
    lw      x14, 56(sp)
    lw      x15, 60(sp)
    lw      x16, 64(sp)
    lw      x17, 68(sp)
    lw      x28, 112(sp)
    lw      x29, 116(sp)
    lw      x30, 120(sp)
    lw      x31, 124(sp)
    lw      x2, 8(sp)
    mret
