/* Pass "fuse": macro-op fusion marks (docs/fusion.md), the last pass.
 *
 * Cuts the block into regions of ops that may be reordered among themselves and runs the chosen
 * heuristic (fusion/fuse_table.h, --fusion) on each. A region ends before a label or the target
 * of a branch encoded at lift time (CMOVcc's skip over its mv, LOOPE's over its xbcc), and at
 * every op that is not a plain ALU, multiply or guest memory op: branches (a conditional one is
 * the region's last op, fixed), jumps, jtlbj, commit, CSR ops, auipc, exit stubs (whose two data
 * words are no ops). So nothing crosses a commit, a side exit or a label: the state at each of
 * them is the lifter's, and between commits a fault rolls back to the last commit and the
 * interpreter replays (docs/translator.md "Commits and recovery"), which any order that keeps
 * the dependences survives. Deleted words are skipped: adjacency is in the linked code.
 *
 * Ops move only between the slots of their region: deleted words, labels, branches to labels,
 * the instruction bounds and every fixed-offset branch keep their word positions. Once ops have
 * moved, the flag-op records no longer name their ops and are dropped (no pass runs after this
 * one); an instruction's bounds then hold as many words as before, not necessarily its own. */
#include "xl_passes.h"
#include "xl_encode.h"
#include "fuse.h"
#include "morph_decode.h"

#define WORDS32 ((XL_IR_MAX_WORDS + 31) / 32)

static struct fuse_region reg; /* static: the firmware's stack is small */

static int bit(const uint32_t *m, unsigned k) { return m[k >> 5] >> (k & 31) & 1; }
static void set(uint32_t *m, unsigned k) { m[k >> 5] |= 1u << (k & 31); }

/* Runs the heuristic on the region in reg (at words slot[]) and writes it back in its order. */
static unsigned region(struct xl_ir *ir, const uint16_t *slot, void (*heur)(struct fuse_region *))
{
    unsigned n = reg.n, changed = 0;
    if (n >= 2) {
        heur(&reg);
        fuse_count(&reg, &fuse_totals);
        for (unsigned p = 0; p < n; p++) {
            unsigned i = reg.ord[p];
            uint32_t w = reg.op[i].w & ~(reg.head >> i & 1 ? (uint32_t)MORPH_FUSE_BIT : 0u);
            changed += w != ir->w[slot[p]];
            ir->w[slot[p]] = w;
        }
    }
    fuse_region_begin(&reg, &fuse_core_default);
    return changed;
}

unsigned xl_pass_fuse(struct xl_ir *ir)
{
    if (fuse_chosen == FUSE_ID_none) return 0;
    void (*heur)(struct fuse_region *) = fuse_heuristic[fuse_chosen];
    uint32_t cut[WORDS32] = {0}, del[WORDS32] = {0};
    const uint32_t *w = ir->w;
    unsigned moved0 = fuse_totals.moved, changed = 0;
    for (unsigned l = 0; l < ir->nlabels; l++) set(cut, ir->label_at[l]);
    for (unsigned d = 0; d < ir->ndel; d++) set(del, ir->del[d]);
    uint16_t slot[FUSE_MAX_REGION];
    fuse_region_begin(&reg, &fuse_core_default);
    for (unsigned k = 0; k < ir->n; k++) {
        if (bit(cut, k)) changed += region(ir, slot, heur);
        if (bit(del, k)) continue;
        enum morph_iop op = morph_classify(w[k]);
        int c = fuse_classify_op(w[k], op);
        if (c >= 0) {
            slot[reg.n] = (uint16_t)k;
            fuse_region_add(&reg, w[k], op, c);
        }
        if (c < 0 || c == FUSE_BRANCH || reg.n == FUSE_MAX_REGION) changed += region(ir, slot, heur);
        if (c == FUSE_BRANCH) {
            /* one encoded at lift time (those to labels still say 0) cuts at its target, so
             * that what it skips stays what it skips; such branches go forward (xl_lift.c) */
            unsigned t = k + (unsigned)(morph_imm_b(w[k]) / 4);
            if (t > k && t < ir->n) set(cut, t);
        } else if (op == MI_XEXIT) {
            k += XL_STUB_DATA_WORDS; /* its stub's data words are no ops */
        }
    }
    changed += region(ir, slot, heur);
    if (fuse_totals.moved != moved0) ir->nflagops = 0;
    return changed;
}
