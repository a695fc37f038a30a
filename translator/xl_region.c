/* Regions of a translation: the walk that cuts them (xl_region.h, docs/fusion.md "The pass"). */
#include "xl_region.h"
#include "xl_encode.h"
#include "morph_decode.h"

#define WORDS32 ((XL_IR_MAX_WORDS + 31) / 32)

static int bit(const uint32_t *m, unsigned k) { return m[k >> 5] >> (k & 31) & 1; }
static void set(uint32_t *m, unsigned k) { m[k >> 5] |= 1u << (k & 31); }

static struct fuse_region reg; /* static: the firmware's stack is small */

/* A region ends after an op of class c that leaves it n ops long: a barrier (c < 0, in no
 * region), a branch (its last op), or FUSE_MAX_REGION. */
static int region_ends(int c, unsigned n) { return c < 0 || c == FUSE_BRANCH || n == FUSE_MAX_REGION; }

/* The word before the walk's next, after op (class c) at word k: a branch encoded at lift time
 * (those to labels still say 0) cuts at its target, so that what it skips stays what it skips
 * (such branches go forward, xl_lift.c); an exit stub's data words are no ops. */
static unsigned walk_on(const struct xl_ir *ir, uint32_t *cut, unsigned k, enum morph_iop op, int c)
{
    if (c == FUSE_BRANCH) {
        unsigned t = k + (unsigned)(morph_imm_b(ir->w[k]) / 4);
        if (t > k && t < ir->n) set(cut, t);
    } else if (op == MI_XEXIT) {
        k += XL_STUB_DATA_WORDS;
    }
    return k;
}

/* The words a region ends before (labels; the walk adds the targets of branches encoded at lift
 * time as it meets them) and the deleted ones. */
static void maps(const struct xl_ir *ir, uint32_t *cut, uint32_t *del)
{
    for (unsigned i = 0; i < WORDS32; i++) cut[i] = del[i] = 0;
    for (unsigned l = 0; l < ir->nlabels; l++) set(cut, ir->label_at[l]);
    for (unsigned d = 0; d < ir->ndel; d++) set(del, ir->del[d]);
}

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
    uint32_t cut[WORDS32], del[WORDS32];
    const uint32_t *w = ir->w;
    maps(ir, cut, del);
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
        if (region_ends(c, r->n)) region(&wk);
        k = walk_on(ir, cut, k, op, c);
    }
    region(&wk);
    if (wk.moved) ir->nflagops = 0;
    if (changed) *changed = wk.changed;
    return wk.result;
}

/* xl_regions_adjacent's region at hand: its words, the op before the next, the counts. */
struct adj {
    uint32_t *w;
    struct fuse_op prev;
    unsigned n, paired, pairs, changed; /* paired: the op before is in a pair */
    uint32_t heads; /* by position in the region */
    uint32_t rej[FUSE_R_COUNT];
    uint16_t slot[FUSE_MAX_REGION];
};

/* The region ends: the last op's count, and a region of two ops or more counts (fuse_count) and
 * has its words written as fuse_region_word writes them (the mark bit set but on heads). */
static void adj_end(struct adj *a)
{
    if (a->n && a->prev.cls == FUSE_ALU && !a->paired) a->rej[FUSE_R_notail]++; /* never tried as a head */
    if (a->n >= 2) {
        fuse_totals.pairs += a->pairs;
        for (unsigned r = 0; r < FUSE_R_COUNT; r++) fuse_totals.rejected[r] += a->rej[r];
        for (unsigned i = 0; i < a->n; i++) {
            uint32_t *x = &a->w[a->slot[i]], v = a->heads >> i & 1 ? *x & ~(uint32_t)MORPH_FUSE_BIT : *x | MORPH_FUSE_BIT;
            a->changed += v != *x;
            *x = v;
        }
    }
    a->n = a->pairs = 0;
    a->heads = 0;
    for (unsigned r = 0; r < FUSE_R_COUNT; r++) a->rej[r] = 0;
}

/* The walk of xl_regions, holding only the op before: a pair is that op and the next one when
 * the op before may head one (fuse_can_head: no pair's tail) and fuse_adjacent_ok agrees, as
 * fuse_adjacent decides in position order. */
unsigned xl_regions_adjacent(struct xl_ir *ir)
{
    uint32_t cut[WORDS32], del[WORDS32];
    static struct adj a;
    a.w = ir->w;
    a.n = a.pairs = a.changed = 0;
    a.heads = 0;
    for (unsigned r = 0; r < FUSE_R_COUNT; r++) a.rej[r] = 0;
    const uint32_t *w = ir->w;
    maps(ir, cut, del);
    for (unsigned k = 0; k < ir->n; k++) {
        if (bit(cut, k)) adj_end(&a);
        if (bit(del, k)) continue;
        enum morph_iop op = morph_classify(w[k]);
        int c = fuse_classify_op(w[k], op);
        if (c >= 0) {
            unsigned cpaired = 0;
            const int tail = a.n && a.prev.cls == FUSE_ALU && !a.paired; /* cur may be prev's tail */
            if (tail || c == FUSE_ALU) {
                /* the facts only of an op that may be a tail or a head: of the others, the
                 * walk reads only the class */
                struct fuse_op cur;
                fuse_op_init(&cur, w[k], op, c);
                if (tail) {
                    enum fuse_reason why = fuse_adjacent_ok(&fuse_core, &a.prev, &cur);
                    if (why == FUSE_OK) {
                        a.paired = cpaired = 1;
                        a.pairs++;
                        a.heads |= 1u << (a.n - 1);
                    } else {
                        a.rej[why]++; /* prev, a single-cycle ALU op, stays in no pair */
                    }
                }
                a.prev = cur;
            } else {
                a.prev.cls = (uint8_t)c;
            }
            a.slot[a.n++] = (uint16_t)k;
            a.paired = cpaired;
        }
        if (region_ends(c, a.n)) adj_end(&a);
        k = walk_on(ir, cut, k, op, c);
    }
    adj_end(&a);
    return a.changed;
}
