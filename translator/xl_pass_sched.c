/* Pass "sched": list scheduling for the configured core (docs/translator.md "Scheduling"), before
 * the fusion pass.
 *
 * Reorders the ops of each region (xl_region.h: between labels, branches, commits, CSR ops and
 * stubs, across x86 instruction boundaries) so that the in-order core the translator translates
 * for (fuse_core: issue width, memory ops per cycle, load-use delay, collapsed ALU) loses fewer
 * cycles. It simulates that core's issue (docs/model.md "Issue rules") one op at a time and
 * takes, among the ops whose predecessors are all placed, the one that issues earliest, then the
 * one with the longest latency-weighted path to the region's end, then the first lifted. So a
 * load's consumer moves away from it when something independent can go between (m0), a wide
 * core gets independent ops side by side, and on a core that fuses with a collapsed ALU a
 * dependent single-cycle ALU op goes right after its producer, where the fusion heuristics find
 * it (the pair then issues in one cycle: the scheduler counts it so).
 *
 * A reorder never changes results: every dependence of the region is kept (RAW, WAR, WAW on
 * registers and xflags; loads may pass loads, nothing passes a store) and the closing branch
 * stays last; nothing crosses a region's bounds (xl_region.h says why that is safe). The cores
 * have no delay slots, so a redirect's cycles cannot be filled; the closing branch's producers
 * go early only by their path length. */
#include "xl_passes.h"
#include "xl_region.h"
#include "xl_bbt.h"
#include "morph_decode.h"

unsigned xl_sched = XL_SCHED_DEFAULT;
unsigned xl_sched_blocks = XL_SCHED_DEFAULT == XL_SCHED_ALL;

void xl_sched_set(unsigned mode)
{
    xl_sched = mode;
    xl_sched_blocks = mode == XL_SCHED_ALL;
}
unsigned xl_sched_moved;

/* The divider, and an iterative multiplier (mul_stalls), stall the pipeline: nothing joins
 * such an op's group and its cost is the same in every order, so the scheduler only closes the
 * group. */
static int is_stall(const struct fuse_op *o, const struct fuse_core *k)
{
    if (o->cls != FUSE_MUL) return 0;
    if (k->mul_stalls) return 1; /* FUSE_MUL: the multiplies and the divides */
    enum morph_iop op = morph_classify(o->w);
    return op == MI_DIV || op == MI_DIVU || op == MI_REM || op == MI_REMU;
}

/* Costs O(ops + dependences + ops x candidates): the translator runs on the core it translates
 * for, and its time is part of every run. */
unsigned xl_sched_region(struct fuse_region *r)
{
    const struct fuse_core *k = r->core;
    unsigned n = r->n, last = n; /* last: the closing branch, placed last */
    if (r->op[n - 1].cls == FUSE_BRANCH) last = n - 1;
    /* succ[d]: the ops that depend on d; rsucc[d]: those that read its result; alu, mem: the
     * single-cycle ALU ops, the memory ops (masks, so that the candidate loop reads no op) */
    uint32_t succ[FUSE_MAX_REGION], rsucc[FUSE_MAX_REGION], div = 0, loads = 0, alu = 0, mem_ops = 0, one = 0;
    /* lat: cycles after its issue that an op's result may be read (a load's load_use later);
     * rdy: the cycle an op's placed predecessors let it issue; excl: the same but for the op
     * placed last (prev), for the collapsed ALU */
    uint16_t lat[FUSE_MAX_REGION], height[FUSE_MAX_REGION], rdy[FUSE_MAX_REGION], excl[FUSE_MAX_REGION];
    for (unsigned i = 0; i < n; i++) {
        succ[i] = rsucc[i] = 0;
        alu |= (uint32_t)(r->op[i].cls == FUSE_ALU) << i;
        mem_ops |= (uint32_t)(r->op[i].mem != 0) << i;
        lat[i] = (uint16_t)(r->op[i].cls == FUSE_LOAD ? 1u + k->load_use : 1u);
        rdy[i] = excl[i] = 0;
        height[i] = 1;
        div |= (uint32_t)is_stall(&r->op[i], k) << i;
        loads |= (uint32_t)(r->op[i].cls == FUSE_LOAD) << i;
    }
    /* one op a cycle without collapsing: only a load's consumer can wait, so a region without
     * loads issues the same in every order */
    if (k->issue_width == 1 && !k->collapsed_alu && !k->collapsed_mem && (!loads || !k->load_use)) return 0;
    /* the ops that may issue in their single-cycle ALU head's cycle when they read its result
     * (fuse_one_cycle_tail, on the masks) */
    one = (k->collapsed_alu ? alu : 0u) | (k->collapsed_mem ? mem_ops : 0u);
    /* the longest latency-weighted path from each op to the region's end (successors come
     * later, so height[i] is final when i is reached) */
    for (unsigned i = n; i-- > 0;)
        for (uint32_t m = r->dep[i]; m; m &= m - 1) {
            unsigned d = fuse_ctz(m), rd = r->raw[i] >> d & 1, e = (rd ? lat[d] : 0u) + height[i];
            succ[d] |= 1u << i;
            rsucc[d] |= rd << i;
            if (e > height[d]) height[d] = (uint16_t)e;
        }
    uint32_t placed = 0, avail = 0, tail = 0; /* tail: ops counted as fused into the op before */
    for (unsigned i = 0; i < n; i++)
        if (!r->dep[i] && i != last) avail |= 1u << i;
    unsigned cyc = 0, slots = 0, mem = 0, open = 0, prev = n, moved = 0;
    for (unsigned p = 0; p < n; p++) {
        if (!avail) avail = 1u << last; /* the closing branch, once all else is placed */
        unsigned best = n, bt = 0, bfused = 0;
        /* a dependent pair the core runs in one cycle (a single-cycle ALU head, and an ALU tail
         * on the collapsed ALU or a load or store tail on the collapsed address): a candidate
         * in `pair` may use prev's result in prev's cycle (if fuse_try would take the pair) */
        uint32_t pair = 0;
        if (prev < n && !(tail >> prev & 1) && (alu >> prev & 1))
            pair = rsucc[prev] & one & avail;
        for (uint32_t m = avail; m; m &= m - 1) {
            unsigned c = fuse_ctz(m), mc = mem_ops >> c & 1, ready = rdy[c], fused = 0, t;
            if ((pair >> c & 1) && fuse_pair_srcs(r, prev, c) <= k->max_srcs) {
                fused = 1;
                ready = excl[c];
            }
            if (open && (slots || fused) && ready <= cyc && mem + mc <= k->mem_per_pair)
                t = cyc;
            else
                t = ready > cyc + 1 ? ready : cyc + 1;
            /* ties: the longer path, then the first lifted (candidates come in index order) */
            if (best == n || t < bt || (t == bt && height[c] > height[best])) {
                best = c;
                bt = t;
                bfused = fused;
            }
        }
        unsigned c = best, mc = mem_ops >> c & 1;
        if (open && bt == cyc) {
            slots -= !bfused;
            mem += mc;
            if (bfused) tail |= 1u << c;
        } else {
            cyc = bt;
            slots = k->issue_width - 1u;
            mem = mc;
            open = 1;
        }
        if (div >> c & 1) open = 0;
        placed |= 1u << c;
        avail &= ~(1u << c);
        prev = c;
        for (uint32_t m = succ[c]; m; m &= m - 1) {
            unsigned s = fuse_ctz(m), t = bt + (r->raw[s] >> c & 1 ? lat[c] : 0u);
            excl[s] = rdy[s]; /* ready but for c's result, while c is prev */
            if (t > rdy[s]) rdy[s] = (uint16_t)t;
            if (!(r->dep[s] & ~placed) && s != last) avail |= 1u << s;
        }
        moved += c != p;
        r->ord[p] = (uint8_t)c;
        r->pos[c] = (uint8_t)p;
    }
    return moved;
}

/* Scheduling, then the fusion heuristic on the same region, renamed in its new order: the pass
 * fuse, which comes next, would cut the same regions again (an order keeps them) and classify and
 * add every op again to find the same dependences (about 15% of dSBT, xz's test run). */
static unsigned sched_fuse(struct fuse_region *r)
{
    unsigned moved = xl_sched_region(r);
    if (moved) fuse_region_renumber(r);
    xl_fuse_region(r);
    return moved;
}

unsigned xl_pass_sched(struct xl_ir *ir)
{
    if (xl_sched == XL_SCHED_SB && !ir->superblock) return 0;
    /* the stage hook (-d op, the translation pins) shows the code after each pass: then each
     * pass does its own */
    const int both = xl_fuse_for(ir) != FUSE_ID_none && !xl_bbt_stage_hook;
    unsigned changed, moved = xl_regions(ir, both ? sched_fuse : xl_sched_region, &changed);
    xl_sched_moved += moved;
    if (both) {
        ir->fused = 1;
        if (moved) ir->nflagops = 0; /* as xl_regions does when the fusion moves none */
    }
    return changed;
}
