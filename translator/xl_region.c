/* Regions of a translation: the walk that cuts them (xl_region.h, docs/fusion.md "The pass"). */
#include "xl_region.h"
#include "xl_encode.h"
#include "morph_decode.h"

#define WORDS32 ((XL_IR_MAX_WORDS + 31) / 32)

static int bit(const uint32_t *m, unsigned k) { return m[k >> 5] >> (k & 31) & 1; }
static void set(uint32_t *m, unsigned k) { m[k >> 5] |= 1u << (k & 31); }

static struct fuse_region reg; /* static: the firmware's stack is small */

struct walk {
    struct xl_ir *ir;
    struct fuse_region *r;
    xl_region_fn fn;
    unsigned result, changed, moved;
    uint16_t slot[FUSE_MAX_REGION];
};

/* Runs fn on the region in w->r and writes it back in its order; begins the next one. */
static void region(struct walk *w)
{
    struct fuse_region *r = w->r;
    unsigned n = r->n;
    if (n >= 2) {
        w->result += w->fn(r);
        for (unsigned p = 0; p < n; p++) {
            uint32_t word = fuse_region_word(r, p);
            w->moved += r->ord[p] != p;
            w->changed += word != w->ir->w[w->slot[p]];
            w->ir->w[w->slot[p]] = word;
        }
    }
    fuse_region_begin(r, &fuse_core);
}

unsigned xl_regions(struct xl_ir *ir, xl_region_fn fn, unsigned *changed)
{
    struct fuse_region *r = &reg;
    struct walk wk = {.ir = ir, .r = r, .fn = fn};
    uint32_t cut[WORDS32] = {0}, del[WORDS32] = {0};
    const uint32_t *w = ir->w;
    for (unsigned l = 0; l < ir->nlabels; l++) set(cut, ir->label_at[l]);
    for (unsigned d = 0; d < ir->ndel; d++) set(del, ir->del[d]);
    fuse_region_begin(r, &fuse_core);
    for (unsigned k = 0; k < ir->n; k++) {
        if (bit(cut, k)) region(&wk);
        if (bit(del, k)) continue;
        enum morph_iop op = morph_classify(w[k]);
        int c = fuse_classify_op(w[k], op);
        if (c >= 0) {
            wk.slot[r->n] = (uint16_t)k;
            fuse_region_add(r, w[k], op, c);
        }
        if (c < 0 || c == FUSE_BRANCH || r->n == FUSE_MAX_REGION) region(&wk);
        if (c == FUSE_BRANCH) {
            /* one encoded at lift time (those to labels still say 0) cuts at its target, so
             * that what it skips stays what it skips; such branches go forward (xl_lift.c) */
            unsigned t = k + (unsigned)(morph_imm_b(w[k]) / 4);
            if (t > k && t < ir->n) set(cut, t);
        } else if (op == MI_XEXIT) {
            k += XL_STUB_DATA_WORDS; /* its stub's data words are no ops */
        }
    }
    region(&wk);
    if (wk.moved) ir->nflagops = 0;
    if (changed) *changed = wk.changed;
    return wk.result;
}
