/* Front-end prediction (sim_bpred.h; docs/model.md "Branch prediction"). */
#include "sim_bpred.h"
#include <stdlib.h>
#include <string.h>
#include "morph_decode.h"
#include "sim_cpu.h"

static const char *const bp_names[] = {
#define SIM_BPRED_NAME(name, what) #name,
    MORPH_BPREDS(SIM_BPRED_NAME)
#undef SIM_BPRED_NAME
};

static void bp_defaults(struct sim_bpred_cfg *b)
{
#define SIM_BPRED_DEF(f, lo, hi, def, p2, desc) b->f = def;
    MORPH_BPRED_KNOBS(SIM_BPRED_DEF)
#undef SIM_BPRED_DEF
}

static unsigned log2u(unsigned v)
{
    unsigned l = 0;
    while ((1u << l) < v) l++;
    return l;
}

int sim_bpred_parse(const char *spec, struct sim_bpred_cfg *b, char *label, size_t lsize)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", spec);
    char *save, *name = strtok_r(buf, ",", &save);
    memset(b, 0, sizeof *b);
    bp_defaults(b);
    b->kind = SIM_BP_COUNT;
    for (unsigned i = 0; name && i < SIM_BP_COUNT; i++)
        if (!strcmp(name, bp_names[i])) b->kind = i;
    if (b->kind == SIM_BP_COUNT) {
        fprintf(stderr, "morph: unknown --bpred '%s' (--bpred=list shows them)\n", name ? name : "");
        return -1;
    }
    for (char *kv; (kv = strtok_r(NULL, ",", &save));) {
        char *eq = strchr(kv, '='), *end;
        unsigned long v = eq && eq[1] ? strtoul(eq + 1, &end, 0) : 0;
        if (!eq || !eq[1] || *end) {
            fprintf(stderr, "morph: --bpred wants NAME,knob=value,..., not '%s' (--bpred=list)\n", kv);
            return -1;
        }
        *eq = 0;
        int found = 0;
#define SIM_BPRED_SET(f, lo, hi, def, p2, desc)                                                       \
    if (!strcmp(kv, #f)) {                                                                             \
        if ((long long)v < lo || v > hi || (p2 && (v & (v - 1)))) {                                             \
            fprintf(stderr, "morph: --bpred %s must be %s%d..%d\n", #f, p2 ? "a power of two " : "", lo, \
                    hi);                                                                               \
            return -1;                                                                                 \
        }                                                                                              \
        b->f = (unsigned)v;                                                                            \
        found = 1;                                                                                     \
    }
        MORPH_BPRED_KNOBS(SIM_BPRED_SET)
#undef SIM_BPRED_SET
        if (!found) {
            fprintf(stderr, "morph: unknown --bpred knob '%s' (--bpred=list shows them)\n", kv);
            return -1;
        }
    }
    if (b->btb_ways > b->btb_entries) {
        fprintf(stderr, "morph: --bpred btb_ways must be <= btb_entries\n");
        return -1;
    }
    if (b->kind == SIM_BP_gshare && b->hist_bits > log2u(b->bht_entries)) {
        fprintf(stderr, "morph: --bpred hist_bits must be <= log2(bht_entries) = %u\n", log2u(b->bht_entries));
        return -1;
    }
    if (label) snprintf(label, lsize, "%s", spec);
    return 0;
}

void sim_bpred_list(FILE *f)
{
    fprintf(f, "predictors (--bpred=NAME[,knob=value...]):\n");
    for (unsigned i = 0; i < SIM_BP_COUNT; i++) {
        static const char *const what[] = {
#define SIM_BPRED_WHAT(name, w) w,
            MORPH_BPREDS(SIM_BPRED_WHAT)
#undef SIM_BPRED_WHAT
        };
        fprintf(f, "  %-8s %s\n", bp_names[i], what[i]);
    }
    fprintf(f, "\nknobs (all but none; default in brackets):\n");
#define SIM_BPRED_DESC(fl, lo, hi, def, p2, desc) \
    fprintf(f, "  %-12s %d..%-5d [%5d] %s%s\n", #fl, lo, hi, def, desc, p2 ? " (power of two)" : "");
    MORPH_BPRED_KNOBS(SIM_BPRED_DESC)
#undef SIM_BPRED_DESC
}

const char *sim_bpred_rtl_why(const struct sim_bpred_cfg *b)
{
    struct sim_bpred_cfg d;
    bp_defaults(&d);
    if (b->kind == SIM_BP_none) return NULL;
    if (b->btb_ways != d.btb_ways) return "its BTB ways differ from the RTL's (btb_ways as bpred.def's default)";
    if (b->btb_entries > d.btb_entries) return "its BTB is larger than the RTL's (btb_entries up to bpred.def's default)";
    if (b->bht_entries > d.bht_entries) return "its counter table is larger than the RTL's (bht_entries up to bpred.def's default)";
    if (b->ras > d.ras || b->xras > d.xras) return "a return stack is deeper than the RTL's (ras, xras up to bpred.def's defaults)";
    return NULL;
}

uint32_t sim_bpred_rtl_cfg(const struct sim_bpred_cfg *b)
{
    if (b->kind == SIM_BP_none) return 0;
    return b->kind | log2u(b->btb_entries / b->btb_ways) << 2 | log2u(b->bht_entries) << 6 | b->hist_bits << 11 |
           b->ras << 16 | b->xras << 23;
}

void sim_bpred_rtl_params(FILE *f)
{
    struct sim_bpred_cfg d;
    bp_defaults(&d);
    fprintf(f, "-GBtbSets=%u -GBtbWays=%u -GBhtEntries=%u -GRasDepth=%u -GXrasDepth=%u", d.btb_entries / d.btb_ways,
            d.btb_ways, d.bht_entries, d.ras, d.xras);
}

int sim_bpred_init(struct sim_bpred *p, const struct sim_bpred_cfg *cfg)
{
    memset(p, 0, sizeof *p);
    p->cfg = *cfg;
    p->sets = cfg->btb_entries / cfg->btb_ways;
    p->btb = calloc(cfg->btb_entries, sizeof *p->btb);
    p->bht = malloc(cfg->bht_entries);
    if (!p->btb || !p->bht) return -1;
    memset(p->bht, 1, cfg->bht_entries); /* weakly not taken */
    p->redir = 1; /* the first op is fetched from the reset address */
    return 0;
}

void sim_bpred_free(struct sim_bpred *p)
{
    free(p->btb);
    free(p->bht);
    p->btb = NULL;
    p->bht = NULL;
}

/* ---- tables -------------------------------------------------------------------------------- */

static struct sim_btb_entry *btb_find(struct sim_bpred *p, uint32_t pc)
{
    struct sim_btb_entry *s = &p->btb[((pc >> 2) & (p->sets - 1)) * p->cfg.btb_ways];
    for (unsigned w = 0; w < p->cfg.btb_ways; w++)
        if (s[w].tag == pc >> 2) return &s[w];
    return NULL;
}

/* A hit refreshes the entry's LRU stamp (the lookup of the op's own fetch). */
static void btb_touch(struct sim_bpred *p, struct sim_btb_entry *e) { e->lru = ++p->lru_clock; }

static void btb_fill(struct sim_bpred *p, uint32_t pc, uint32_t target, unsigned kind)
{
    struct sim_btb_entry *s = &p->btb[((pc >> 2) & (p->sets - 1)) * p->cfg.btb_ways], *v = &s[0];
    for (unsigned w = 1; w < p->cfg.btb_ways; w++) /* an empty way (lru 0) or the least recent */
        if (s[w].lru < v->lru) v = &s[w];
    v->tag = pc >> 2;
    v->target = target;
    v->kind = (uint8_t)kind;
    btb_touch(p, v);
}

static uint32_t bht_index(const struct sim_bpred *p, uint32_t pc)
{
    uint32_t i = pc >> 2;
    if (p->cfg.kind == SIM_BP_gshare) i ^= p->ghr & ((1u << p->cfg.hist_bits) - 1);
    return i & (p->cfg.bht_entries - 1);
}

int sim_bpred_dir(const struct sim_bpred *p, uint32_t pc, uint32_t insn)
{
    if (p->cfg.kind == SIM_BP_static) return morph_imm_b(insn) < 0; /* backward taken */
    return p->bht[bht_index(p, pc)] >= 2;
}

void sim_bpred_dir_update(struct sim_bpred *p, uint32_t pc, int taken)
{
    if (p->cfg.kind == SIM_BP_static) return;
    uint8_t *ctr = &p->bht[bht_index(p, pc)];
    if (taken && *ctr < 3) ++*ctr;
    if (!taken && *ctr > 0) --*ctr;
    p->ghr = p->ghr << 1 | !!taken; /* bimodal does not read it */
}

void sim_bpred_ras_push(struct sim_bpred *p, uint32_t a)
{
    const unsigned d = p->cfg.ras;
    if (!d) return;
    p->ras_top = (p->ras_top + 1) % d;
    p->ras[p->ras_top] = a;
    if (p->ras_n < d) p->ras_n++;
}

int sim_bpred_ras_pop(struct sim_bpred *p, uint32_t *a)
{
    const unsigned d = p->cfg.ras;
    if (!p->ras_n) return 0;
    *a = p->ras[p->ras_top];
    p->ras_top = (p->ras_top + d - 1) % d;
    p->ras_n--;
    return 1;
}

/* ---- the update queue ---------------------------------------------------------------------- */

static int is_link(uint32_t r) { return r == 1 || r == 5; }
static int is_xret(uint32_t insn) { return morph_imm_i(insn) == MORPH_HINT_JTLBJ_RET; }

static void xras_push(struct sim_bpred *p, const struct sim_xras_entry *x)
{
    const unsigned d = p->cfg.xras;
    if (!d) return;
    p->xras_top = (p->xras_top + 1) % d;
    p->xras[p->xras_top] = *x;
    if (p->xras_n < d) p->xras_n++;
}

static void xras_pop(struct sim_bpred *p)
{
    if (!p->xras_n) return;
    p->xras_top = (p->xras_top + p->cfg.xras - 1) % p->cfg.xras;
    p->xras_n--;
}

/* One update, at the end of its op's EX cycle, on the state every older op left. */
static void apply(struct sim_bpred *p, const struct sim_bp_upd *u)
{
    switch (u->type) {
    case SIM_BPU_XPUSH: xras_push(p, &u->x); return;
    case SIM_BPU_XPOP: xras_pop(p); return;
    case SIM_BPU_FLUSH: memset(p->btb, 0, p->cfg.btb_entries * sizeof *p->btb); return;
    default: break;
    }
    struct sim_btb_entry *e = btb_find(p, u->pc);
    if (e) btb_touch(p, e);
    if (u->cls == SIM_BPK_COND) {
        if (p->cfg.kind != SIM_BP_static) {
            uint8_t *ctr = &p->bht[u->idx]; /* the counter the fetch read */
            if (u->taken && *ctr < 3) ++*ctr;
            if (!u->taken && *ctr > 0) --*ctr;
        }
        p->ghr = p->ghr << 1 | u->taken;
    }
    uint32_t r;
    if (u->pop) sim_bpred_ras_pop(p, &r);
    if (u->push) sim_bpred_ras_push(p, u->pc + 4);
    if (u->xpop) xras_pop(p);
    if (u->taken) {
        if (!e) btb_fill(p, u->pc, u->npc, u->cls);
        else {
            e->target = u->npc;
            e->kind = u->cls;
        }
    }
}

/* The updates of the ops that issued before cycle f (their EX ended before it). */
static void apply_before(struct sim_bpred *p, int64_t f)
{
    while (p->qn && p->q[p->qh].at < f) {
        apply(p, &p->q[p->qh]);
        p->qh = (p->qh + 1) % SIM_BPRED_QUEUE;
        p->qn--;
    }
}

static struct sim_bp_upd *enqueue(struct sim_bpred *p, uint64_t at, unsigned type)
{
    if (p->qn == SIM_BPRED_QUEUE) apply_before(p, p->q[p->qh].at + 1); /* bound (never on m0) */
    struct sim_bp_upd *u = &p->q[(p->qh + p->qn++) % SIM_BPRED_QUEUE];
    memset(u, 0, sizeof *u);
    u->at = (int64_t)at;
    u->type = (uint8_t)type;
    return u;
}

void sim_bpred_xpush(struct sim_cpu *c, uint32_t eip, uint64_t issue)
{
    struct sim_bpred *p = c->bp;
    if (!p->cfg.xras) return;
    struct sim_bp_upd *u = enqueue(p, issue, SIM_BPU_XPUSH);
    u->x.eip = eip; /* the return point's translation, if any, from the JTLB at the push */
    u->x.host_valid = (uint8_t)sim_jtlb_lookup(&c->jtlb, eip, &u->x.host);
}

void sim_bpred_jtlb_miss(struct sim_cpu *c, uint32_t insn, uint64_t issue)
{
    if (is_xret(insn)) enqueue(c->bp, issue, SIM_BPU_XPOP);
}

void sim_bpred_fence_i(struct sim_bpred *p, uint64_t issue) { enqueue(p, issue, SIM_BPU_FLUSH); }

/* ---- resolution ---------------------------------------------------------------------------- */

uint32_t sim_bpred_resolve(struct sim_cpu *c, unsigned cls, uint32_t pc, uint32_t insn, uint32_t npc,
                           uint32_t rs1v, uint64_t issue, int *mis)
{
    struct sim_bpred *p = c->bp;
    struct sim_stats *st = &c->st;
    const uint32_t seq = pc + 4, red = c->core.redirect, dec = red ? red - 1 : 0;
    /* the fetch: the tables as the ops that issued before this cycle left them */
    const int64_t f = p->f_cur; /* the op's fetch cycle (sim_execute.c) */
    apply_before(p, f);
    const struct sim_btb_entry *e = btb_find(p, pc);
    const uint32_t idx = bht_index(p, pc);
    const int ras_ok = p->cfg.ras && p->ras_n, xras_ok = p->cfg.xras && p->xras_n;
    const uint32_t ras_top = ras_ok ? p->ras[p->ras_top] : 0;
    const struct sim_xras_entry *x = xras_ok ? &p->xras[p->xras_top] : NULL;
    /* pred: the next fetch address the front end chose (seq: none chosen, fetch went on);
     * at_dec: chosen at decode, without a BTB hit, so a right taken prediction still costs dec */
    uint32_t pred = seq;
    int at_dec = 0, taken = 1, pop = 0, push = 0, xpop = 0;
    enum { COND, DIRECT, INDIRECT, RETURN } kind;
    switch (cls) {
    case SIM_BPK_COND:
        kind = COND;
        taken = npc != seq;
        if (p->cfg.kind == SIM_BP_static ? morph_imm_b(insn) < 0 : p->bht[idx] >= 2) {
            if (e) pred = e->target;
            else pred = pc + (uint32_t)morph_imm_b(insn), at_dec = 1;
        }
        break;
    case SIM_BPK_JAL:
        kind = DIRECT;
        if (e) pred = e->target;
        else pred = pc + (uint32_t)morph_imm_j(insn), at_dec = 1;
        push = is_link(morph_rd(insn));
        break;
    case SIM_BPK_JALR: {
        /* the RISC-V return-address hints (unprivileged spec, table "Return-address stack
         * prediction hints"): link = x1 or x5 */
        const uint32_t rd = morph_rd(insn), rs1 = morph_rs1(insn);
        kind = is_link(rs1) && (!is_link(rd) || rd != rs1) ? RETURN : INDIRECT;
        pop = kind == RETURN;
        if (kind == RETURN && ras_ok) {
            pred = ras_top, at_dec = !e;
            st->ras_hits += ras_top == npc;
            st->ras_misses += ras_top != npc;
        } else {
            st->ras_misses += kind == RETURN;
            if (e) pred = e->target;
        }
        push = is_link(rd);
        break;
    }
    default: { /* SIM_BPK_JTLBJ */
        kind = is_xret(insn) ? RETURN : INDIRECT;
        xpop = kind == RETURN;
        if (kind == RETURN && x && x->host_valid) {
            /* the top's host address is fetched; EX verifies the top's EIP against the one
             * popped off the x86 stack (rs1) and the target against the JTLB's */
            pred = x->eip == rs1v ? x->host : ~0u;
            at_dec = !e;
        } else if (e) {
            pred = e->target;
        }
        if (kind == RETURN) {
            const int hit = x && x->host_valid && pred == npc;
            st->xras_hits += hit;
            st->xras_misses += !hit;
        }
        break;
    }
    }
    if (taken && !e) st->bp_btb_misses++;
    struct sim_bp_upd *u = enqueue(p, issue, SIM_BPU_CTRL);
    u->cls = (uint8_t)cls;
    u->taken = (uint8_t)taken;
    u->pop = (uint8_t)pop;
    u->push = (uint8_t)push;
    u->xpop = (uint8_t)xpop;
    u->pc = pc;
    u->npc = npc;
    u->idx = idx;
    *mis = pred != npc;
    switch (kind) {
    case COND: st->bp_cond++; st->bp_cond_miss += *mis; break;
    case DIRECT: st->bp_direct++; st->bp_direct_miss += *mis; break;
    case INDIRECT: st->bp_indirect++; st->bp_indirect_miss += *mis; break;
    default: st->bp_return++; st->bp_return_miss += *mis; break;
    }
    /* the next op is fetched after a redirect: from EX (a misprediction) or from decode */
    p->redir = *mis || (taken && at_dec);
    if (*mis) return red;
    return taken && at_dec ? dec : 0;
}
