/* Heuristic "dual" (morph's own): pairs for a dual-issue in-order core, where a mark means "issue
 * these two together". Walking the region in order, each op in no pair takes as partner the
 * nearest later op within DUAL_WINDOW that can issue in the same cycle: a dependent ALU op when
 * the core's ALU collapses a dependent pair (core->collapsed_alu), a dependent load or store
 * when its address does (core->collapsed_mem), else an op independent of it
 * (at most core->mem_per_pair memory ops). A partner further down moves up only when nothing
 * between is an op it depends on (a list scheduler's hoist; fuse_try keeps every dependence).
 * On a core that never issues two ops in one cycle (one wide, marks ignored) it marks nothing. */
#include "fuse.h"

#define DUAL_WINDOW 8 /* how far down a partner is looked for */

void fuse_dual(struct fuse_region *r)
{
    if (r->core->issue_width < 2 && !r->core->fuses) return;
    for (unsigned p = 0; p + 1 < r->n; p++) {
        unsigned h = r->ord[p];
        if ((r->paired >> h & 1) || r->op[h].cls == FUSE_BRANCH) continue;
        uint32_t between = 0;
        for (unsigned q = p + 1; q < r->n && q <= p + DUAL_WINDOW; between |= 1u << r->ord[q++]) {
            unsigned t = r->ord[q];
            if ((r->paired >> t & 1) || (r->anc[t] & between)) continue;
            unsigned how = FUSE_MOVE;
            if (!(r->anc[t] >> h & 1)) how |= FUSE_INDEPENDENT;
            else if (!fuse_one_cycle_tail(r->core, &r->op[t])) continue;
            if (fuse_try(r, h, t, how) == FUSE_OK) break;
        }
    }
}
