/* What all fusion heuristics share (fusion/fuse.h, docs/fusion.md): op classes, the dependences
 * of a region, the legality of a pair and the reordering that brings it together. */
#include "fuse.h"
#include "morph_decode.h"
#include "morph/htif.h"

/* Hu & Smith's pair: two source fields, as one issue slot has. The model limits no pair's
 * sources (no knob), so this rule is the heuristics' own, not the configured core's. */
#define FUSE_PAIR_SRCS 2

#define FUSE_CORE_HU_SMITH \
    { .issue_width = 2, .fuses = 1, .collapsed_alu = 1, .max_srcs = FUSE_PAIR_SRCS, .mem_per_pair = 1, .load_use = 1 }
const struct fuse_core fuse_core_default = FUSE_CORE_HU_SMITH;
struct fuse_core fuse_core = FUSE_CORE_HU_SMITH;

void fuse_core_from_knobs(struct fuse_core *c, const struct morph_core_knobs *k)
{
    c->issue_width = k->width;
    c->fuses = k->fuse;
    c->collapsed_alu = k->fuse & k->collapse; /* fused pairs only; no branch: the firmware
                                                * runs the same ops on every core */
    c->collapsed_mem = k->fuse & k->collapse_mem;
    c->max_srcs = FUSE_PAIR_SRCS;
    c->mem_per_pair = k->mem_ports; /* a fused tail joins its head's group only with a port free */
    c->load_use = k->load_use;
    c->mul_stalls = k->mul != 0;
}

void (*const fuse_heuristic[FUSE_ID_COUNT])(struct fuse_region *r) = {
#define FUSE_FN_(id, name, about) fuse_##id,
    FUSE_HEURISTICS(FUSE_FN_)
#undef FUSE_FN_
};
const char *const fuse_names[FUSE_ID_COUNT] = {
#define FUSE_NAME_(id, name, about) name,
    FUSE_HEURISTICS(FUSE_NAME_)
#undef FUSE_NAME_
};
unsigned fuse_chosen; /* FUSE_ID_none */
struct fuse_stats fuse_totals;

int fuse_classify(uint32_t w) { return fuse_classify_op(w, morph_classify(w)); }

void fuse_region_begin(struct fuse_region *r, const struct fuse_core *core)
{
    /* the previous region's resources only: cheaper than clearing them all */
    for (unsigned i = 0; i < r->n; i++) {
        const struct fuse_op *o = &r->op[i];
        r->lastw[o->r1] = r->readers[o->r1] = r->lastw[o->r2] = r->readers[o->r2] = 0;
        r->lastw[o->rw] = r->readers[o->rw] = 0;
    }
    r->lastw[0] = r->readers[0] = r->mem_w = r->mem_r = 0;
    r->n = 0;
    r->head = r->paired = 0;
    r->core = core;
}

void fuse_region_add(struct fuse_region *r, uint32_t w, enum morph_iop op, int cls)
{
    unsigned i = r->n++;
    struct fuse_op *o = &r->op[i];
    fuse_op_init(o, w, op, cls);
    uint32_t bit = 1u << i, fr = o->rd & FUSE_RES_FLAGS, fw = o->wr & FUSE_RES_FLAGS;
    unsigned r1 = o->r1, r2 = o->r2, rw = o->rw;
    /* direct predecessors: the last writer of what it reads (RAW) and writes (WAW), the readers
     * of what it writes since that write (WAR); index 0 is xflags (x0 is never a dependence) */
    uint32_t raw = (r1 ? r->lastw[r1] : 0) | (r2 ? r->lastw[r2] : 0) | (fr ? r->lastw[0] : 0);
    uint32_t d = raw | (fw ? r->lastw[0] : 0);
    if (rw) d |= r->lastw[rw] | r->readers[rw];
    if (fw) d |= r->readers[0];
    if (o->mem) d |= r->mem_w | (o->mem == FUSE_MEM_STORE ? r->mem_r : 0);
    r->dep[i] = d;
    r->raw[i] = raw;
    r->anc_ok = 0;
    if (r1) r->readers[r1] |= bit;
    if (r2) r->readers[r2] |= bit;
    if (fr) r->readers[0] |= bit;
    if (rw) { r->lastw[rw] = bit; r->readers[rw] = 0; }
    if (fw) { r->lastw[0] = bit; r->readers[0] = 0; }
    if (o->mem == FUSE_MEM_LOAD) r->mem_r |= bit;
    if (o->mem == FUSE_MEM_STORE) { r->mem_w = bit; r->mem_r = 0; }
    r->ord[i] = r->pos[i] = (uint8_t)i;
    r->why[i] = FUSE_R_notail;
}

int fuse_region_init(struct fuse_region *r, const uint32_t *w, unsigned n, const struct fuse_core *core)
{
    fuse_region_begin(r, core);
    for (unsigned i = 0; i < n; i++) {
        enum morph_iop op = morph_classify(w[i]);
        int c = fuse_classify_op(w[i], op);
        if (c < 0 || (c == FUSE_BRANCH && i + 1 != n) || i >= FUSE_MAX_REGION) return -1;
        fuse_region_add(r, w[i], op, c);
    }
    fuse_region_anc(r);
    return 0;
}

void fuse_region_anc(struct fuse_region *r)
{
    for (unsigned i = 0; i < r->n; i++) {
        uint32_t an = r->dep[i];
        for (uint32_t m = r->dep[i]; m; m &= m - 1) an |= r->anc[fuse_ctz(m)];
        r->anc[i] = an;
    }
    r->anc_ok = 1;
}

void fuse_region_renumber(struct fuse_region *r)
{
    const unsigned n = r->n;
    static struct fuse_op op[FUSE_MAX_REGION]; /* static: the firmware's stack is small */
    static uint32_t dep[FUSE_MAX_REGION], raw[FUSE_MAX_REGION];
    for (unsigned i = 0; i < n; i++) {
        op[i] = r->op[i];
        dep[i] = r->dep[i];
        raw[i] = r->raw[i];
    }
    /* an order keeps every dependence, so an op's predecessors are renamed before it is */
    for (unsigned p = 0; p < n; p++) {
        unsigned i = r->ord[p];
        uint32_t d = 0, rw = 0, an = 0;
        for (uint32_t m = dep[i]; m; m &= m - 1) {
            unsigned x = fuse_ctz(m), q = r->pos[x];
            d |= 1u << q;
            rw |= (raw[i] >> x & 1) << q;
            an |= r->anc[q];
        }
        r->op[p] = op[i];
        r->dep[p] = d;
        r->raw[p] = rw;
        r->anc[p] = d | an;
        r->why[p] = FUSE_R_notail;
    }
    for (unsigned p = 0; p < n; p++) r->ord[p] = r->pos[p] = (uint8_t)p;
    r->head = r->paired = 0;
    r->anc_ok = 1;
}

static enum fuse_reason refuse(struct fuse_region *r, unsigned h, enum fuse_reason why)
{
    r->why[h] = (uint8_t)why;
    return why;
}

enum fuse_reason fuse_try(struct fuse_region *r, unsigned h, unsigned t, unsigned how)
{
    if ((r->paired >> h | r->paired >> t) & 1) return refuse(r, h, FUSE_R_taken);
    if (r->pos[t] < r->pos[h] || (r->anc[h] >> t & 1)) return refuse(r, h, FUSE_R_notail);
    if (how & FUSE_INDEPENDENT) {
        if (r->anc[t] >> h & 1) return refuse(r, h, FUSE_R_notail);
        if (!fuse_mem_ok(r->core, &r->op[h], &r->op[t])) return refuse(r, h, FUSE_R_notail);
    } else {
        enum fuse_reason why = fuse_adjacent_ok(r->core, &r->op[h], &r->op[t]);
        if (why != FUSE_OK) return refuse(r, h, why);
    }
    unsigned ph = r->pos[h], pt = r->pos[t];
    if (pt != ph + 1) {
        if (!(how & FUSE_MOVE)) return refuse(r, h, FUSE_R_notail);
        uint32_t between = 0, desc = 0;
        for (unsigned p = ph + 1; p < pt; p++) {
            unsigned x = r->ord[p];
            between |= 1u << x;
            if (r->anc[x] >> h & 1) desc |= 1u << x;
        }
        uint8_t seg[FUSE_MAX_REGION];
        unsigned k = 0;
        if (r->op[t].cls == FUSE_BRANCH) {
            /* the branch stays: h goes down to it, over ops that do not depend on it */
            if (desc) return refuse(r, h, FUSE_R_barrier);
            for (unsigned p = ph + 1; p < pt; p++) seg[k++] = r->ord[p];
            seg[k++] = (uint8_t)h;
        } else {
            /* ops between that t depends on go before h; none of them may depend on h, and no
             * pair between may be split */
            uint32_t before = r->anc[t] & between;
            if (before & desc) return refuse(r, h, FUSE_R_cycle);
            for (unsigned p = ph + 1; p + 1 < pt; p++) {
                unsigned x = r->ord[p], y = r->ord[p + 1];
                if ((r->head >> x & 1) && ((before >> x ^ before >> y) & 1)) return refuse(r, h, FUSE_R_cycle);
            }
            for (unsigned p = ph + 1; p < pt; p++)
                if (before >> r->ord[p] & 1) seg[k++] = r->ord[p];
            seg[k++] = (uint8_t)h;
            seg[k++] = (uint8_t)t;
            for (unsigned p = ph + 1; p < pt; p++)
                if (!(before >> r->ord[p] & 1)) seg[k++] = r->ord[p];
        }
        if (r->op[t].cls == FUSE_BRANCH) seg[k++] = (uint8_t)t;
        for (unsigned i = 0; i < k; i++) {
            r->ord[ph + i] = seg[i];
            r->pos[seg[i]] = (uint8_t)(ph + i);
        }
    }
    r->head |= 1u << h;
    r->paired |= 1u << h | 1u << t;
    r->why[h] = FUSE_OK;
    return FUSE_OK;
}

void fuse_count(const struct fuse_region *r, struct fuse_stats *s)
{
    for (uint32_t m = r->head; m; m &= m - 1) s->pairs++;
    for (unsigned p = 0; p < r->n; p++) {
        unsigned i = r->ord[p];
        if (i != p) s->moved++;
        if (r->op[i].cls == FUSE_ALU && !(r->paired >> i & 1)) s->rejected[r->why[i]]++;
    }
}
