/* The basic-block translator's driver (docs/translator.md, "The pipeline"): forms the block
 * (up to the first control transfer or untranslatable instruction), then lifts it into I-op
 * records (xl_lift.c), runs the passes (xl_passes.h) and encodes and links it (xl_encode.c).
 * When a form cannot be lifted or the block does not fit, the block ends before that
 * instruction and the pipeline runs again. */
#include "xl_bbt.h"
#include "xl_lift.h"
#include "xl_passes.h"

void (*xl_bbt_stage_hook)(const char *stage, const struct xl_ir *ir);

const unsigned xl_pass_always = 1;
/* the passes of each tier, in XL_PASSES order */
#define XL_IF_1(...) __VA_ARGS__
#define XL_IF_0(...)
#define XL_PASS_BB_(n, gate, bb, sb) XL_IF_##bb({#n, xl_pass_##n, &gate},)
#define XL_PASS_SB_(n, gate, bb, sb) XL_IF_##sb({#n, xl_pass_##n, &gate},)
static const struct xl_pass xl_passes_bb[] = {XL_PASSES(XL_PASS_BB_)};
static const struct xl_pass xl_passes_sb[] = {XL_PASSES(XL_PASS_SB_)};
#undef XL_PASS_BB_
#undef XL_PASS_SB_


static struct xl_insn insbuf[XL_BBT_MAX_INSNS];
static const struct xl_insn *ins[XL_BBT_MAX_INSNS];
static struct xl_ir ir;

/* Inlined per list and unrolled, so each row is a direct call behind its gate: a loop over the
 * table costs a basic block about 18 ops more (dBBT +1%, measured). */
static inline __attribute__((always_inline)) void run_passes(const struct xl_pass *ps, unsigned np)
{
#pragma GCC unroll 16
    for (unsigned p = 0; p < np; p++) {
        if (!*ps[p].gate) continue;
        ps[p].run(&ir);
        if (xl_bbt_stage_hook) xl_bbt_stage_hook(ps[p].name, &ir);
    }
}

/* Instruction n of a block or path: fetched into ins[n] with its flag facts. 0 when it cannot
 * be fetched or translated (*stop: its op, or 0). */
static inline __attribute__((always_inline)) int take(unsigned n, uint32_t pc, xl_fetch_fn fetch, void *ctx,
                                                  uint32_t *stop)
{
    if (!(ins[n] = fetch(pc, &insbuf[n], ctx))) return 0;
    if (!xl_lift_supported(ins[n])) {
        *stop = ins[n]->op;
        return 0;
    }
    uint32_t may, must, reads;
    xl_flags_rw(ins[n], &may, &must, &reads);
    ir.f_may[n] = (uint16_t)may;
    ir.f_must[n] = (uint16_t)must;
    ir.f_reads[n] = (uint16_t)reads;
    ir.eip[n] = pc;
    ir.role[n] = XL_ROLE_NONE;
    return 1;
}

/* Steps 2-4 for ins[0..n), ir.eip[0..n] and ir.role[]: lift, passes, encode and link. When an
 * instruction cannot be lifted or the code does not fit, the block ends before it. */
static inline __attribute__((always_inline)) uint32_t pipeline(uint32_t *buf, uint32_t cap, unsigned n, int ends,
                                                               int interp_next,
                         struct xl_bbt_result *res)
{
    for (;;) {
        if (n == 0) return 0;
        unsigned at;
        ir.ninsn = n;
        ir.track_insns = res->want_insn_ops;
        ir.w = buf;
        uint32_t tail = interp_next ? XL_STUB_INTERP1 | res->stop_op << 8 : XL_STUB_DIRECT;
        int st = xl_lift_block(&ir, ins, n, ends, tail, cap, &at);
        if (st != XL_LIFT_OK) {
            if (at < n) { /* end before instruction at (ir.eip[at]); the interpreter runs it */
                if (st == XL_LIFT_FORM) res->stop_op = ins[at]->op;
                interp_next = st == XL_LIFT_FORM;
                n = at;
            } else { /* no room for the exits */
                if (n <= 1) return 0;
                n--;
                interp_next = 0;
            }
            ends = 0;
            continue;
        }
        if (xl_bbt_stage_hook) xl_bbt_stage_hook("lift", &ir);
        /* 3. passes */
        ir.flag_elided = 0;
        if (ir.superblock) run_passes(xl_passes_sb, sizeof xl_passes_sb / sizeof *xl_passes_sb);
        else run_passes(xl_passes_bb, sizeof xl_passes_bb / sizeof *xl_passes_bb);
        /* 4. encode and link */
        res->words = xl_link(&ir);
        if (xl_bbt_stage_hook) xl_bbt_stage_hook("link", &ir);
        break;
    }
    for (unsigned i = 0; res->want_insn_ops && i < n; i++) {
        res->insn_ops[i] = (uint16_t)(ir.insn_end[i] - ir.insn_start[i]);
        res->insn_first[i] = (uint16_t)ir.insn_start[i];
    }
    res->flag_ops_elided = ir.flag_elided;
    res->iops = res->words - XL_STUB_DATA_WORDS * ir.nstubs;
    res->ninsn = n;
    res->end_eip = ir.eip[n];
    return res->words;
}

static void result_init(struct xl_bbt_result *res, uint32_t *cap)
{
    res->words = res->iops = res->ninsn = res->end_eip = res->stop_op = 0;
    if (*cap > XL_BBT_MAX_WORDS) *cap = XL_BBT_MAX_WORDS;
}

uint32_t xl_bbt_translate(uint32_t eip, uint32_t *buf, uint32_t cap, unsigned max_insns,
                          xl_fetch_fn fetch, void *ctx, struct xl_bbt_result *res)
{
    result_init(res, &cap);
    if (max_insns > XL_BBT_MAX_INSNS) max_insns = XL_BBT_MAX_INSNS;
    /* 1. the instructions of the block, with their flag facts */
    unsigned n = 0;
    int ends = 0, interp_next = 0;
    uint32_t pc = eip;
    while (n < max_insns) {
        if (!(ins[n] = fetch(pc, &insbuf[n], ctx))) { interp_next = 1; break; }
        if (!xl_lift_supported(ins[n])) {
            res->stop_op = ins[n]->op;
            interp_next = 1;
            break;
        }
        uint32_t may, must, reads;
        xl_flags_rw(ins[n], &may, &must, &reads);
        ir.f_may[n] = (uint16_t)may;
        ir.f_must[n] = (uint16_t)must;
        ir.f_reads[n] = (uint16_t)reads;
        ir.eip[n] = pc;
        pc += ins[n]->len;
        n++;
        if (xl_op_ends_block(ins[n - 1]->op)) { ends = 1; break; }
    }
    ir.eip[n] = pc;
    ir.superblock = 0;
    return pipeline(buf, cap, n, ends, interp_next, res);
}

uint32_t xl_path_translate(const struct xl_path *path, uint32_t *buf, uint32_t cap, xl_fetch_fn fetch,
                           void *ctx, struct xl_bbt_result *res)
{
    result_init(res, &cap);
    unsigned n = 0;
    int interp_next = 0;
    for (; n < path->n; n++) {
        if (!take(n, path->eip[n], fetch, ctx, &res->stop_op)) { interp_next = 1; break; }
        ir.role[n] = path->role[n];
        /* a side exit leaves with every flag as it is: they are all read there */
        if (path->role[n] == XL_ROLE_TAKEN || path->role[n] == XL_ROLE_FALL) ir.f_reads[n] = XF_ARITH;
    }
    ir.eip[n] = path->eip[n];
    ir.superblock = 1;
    return pipeline(buf, cap, n, n == path->n && path->ends, interp_next, res);
}
