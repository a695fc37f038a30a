/* Pass "flags": dead-flag elimination (docs/translator.md, "Passes").
 *
 * Flag liveness is computed per x86 instruction, backwards, from the flag facts the driver
 * put in the IR (x86/xl_ops.h): everything is live when the block is left. Then each op the
 * lifter tagged XI_FL_FLAGS whose instruction's flags are all dead after it
 * - is deleted when it has no other result (CMP, TEST, CLC/STC/CMC, the CF write of BT),
 *   with the feeds just before it (a loaded immediate, a byte extract, the bit BT tests);
 * - or becomes the base op with the same 32-bit result (xadd.w -> add, xinc.w -> addi +1,
 *   xshl.w -> sll, ximulf.w -> mul, ...), and an immediate fed to it becomes its I-form
 *   ("addi t, x0, 5; add eax, eax, t" -> "addi eax, eax, 5").
 * ADC/SBB and rotates keep their x-ALU op (they have no base equivalent). */
#include "xl_passes.h"
#include "xl_emit.h"
#include "morph_decode.h"
#include "xl_pass_util.h"

/* A 32-bit x-ALU op w as the base op with the same result, or 0. */
static uint32_t to_base(uint32_t w)
{
    unsigned rd = morph_rd(w), a = morph_rs1(w), c = morph_rs2(w);
    /* only .w: at 8/16 bits the bits above would differ */
    if (morph_opcode(w) != OPC_XADD_W || morph_funct3(w) != F3_XADD_W) return 0;
    switch (morph_funct7(w)) {
    case F7_XADD_W: return xe_add(rd, a, c);
    case F7_XSUB_W: return xe_sub(rd, a, c);
    case F7_XAND_W: return xe_and(rd, a, c);
    case F7_XOR_W: return xe_or(rd, a, c);
    case F7_XXOR_W: return xe_xor(rd, a, c);
    case F7_XSHL_W: return xe_sll(rd, a, c);
    case F7_XSHR_W: return xe_srl(rd, a, c);
    case F7_XSAR_W: return xe_sra(rd, a, c);
    case F7_XMULF_W: case F7_XIMULF_W: return xe_mul(rd, a, c);
    case F7_XINC_W: return xe_addi(rd, a, 1);
    case F7_XDEC_W: return xe_addi(rd, a, -1);
    case F7_XNEG_W: return xe_sub(rd, XR_ZERO, a);
    default: return 0;
    }
}

unsigned xl_pass_flags(struct xl_ir *ir)
{
    /* which instructions may write flags that no one reads (one bit each) */
    uint64_t dead = 0;
    uint32_t lv = XF_ARITH;
    for (unsigned i = ir->ninsn; i-- > 0;) {
        uint32_t may = ir->f_may[i];
        if (may && !(may & lv)) dead |= (uint64_t)1 << i;
        lv = (lv & ~(uint32_t)ir->f_must[i]) | ir->f_reads[i];
    }
    if (!dead) return 0;
    uint32_t *w = ir->w;
    unsigned changed = 0, last = XI_INSN_TAIL;
    for (unsigned j = 0; j < ir->nflagops; j++) {
        const struct xl_flagop *f = &ir->flagop[j];
        unsigned k = f->at, i = f->insn;
        if (!(dead >> i & 1)) continue;
        if (!morph_rd(w[k])) {
            /* no result but flags: it goes, with its feeds (deleted in order: they precede it) */
            for (unsigned e = f->feed; e < k; e++) xl_ir_delete(ir, e);
            xl_ir_delete(ir, k);
        } else {
            uint32_t b = to_base(w[k]);
            if (!b) continue;
            /* an immediate fed to it ("addi t, x0, v", t = rs2, not rs1): its I-form */
            unsigned e = f->feed;
            if (e + 1 == k && xl_is_li(w[e]) && morph_rd(w[e]) == morph_rs2(b) && morph_rd(w[e]) != morph_rs1(b)) {
                uint32_t bi = xl_imm_form(b, morph_imm_i(w[e]));
                if (bi) {
                    b = bi;
                    xl_ir_delete(ir, e);
                }
            }
            w[k] = b;
        }
        changed++;
        if (i != last) {
            ir->flag_elided++;
            last = i;
        }
    }
    return changed;
}
