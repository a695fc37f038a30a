/* Heuristic "hu-smith": the fusing algorithm of Hu & Smith, "Using Dynamic Binary Translation
 * to Fuse Dependent Instructions" (CGO 2004), over one region:
 * - heads are single-cycle ALU ops, taken in program order;
 * - a head's tail is the nearest op after it that reads its result and is in no pair yet;
 * - the pair is refused when it would close a dependence cycle (an op between them depends on
 *   the head and the tail on it) or read more than two registers (fuse_try);
 * - two passes: the first takes only single-cycle ALU tails (the pairs a collapsed 3-1 ALU runs
 *   in one cycle), the second any tail (loads, stores, multiplies, the closing branch) for the
 *   heads still free.
 * The tail moves up next to its head (the ops between it depends on go above the head). */
#include "fuse.h"

static void pass(struct fuse_region *r, int alu_tails)
{
    for (unsigned h = 0; h < r->n; h++) {
        if (!fuse_can_head(r, h)) continue;
        for (unsigned p = r->pos[h] + 1; p < r->n; p++) {
            unsigned t = r->ord[p];
            if (!fuse_reads_result(r, h, t) || (alu_tails && r->op[t].cls != FUSE_ALU)) continue;
            if (r->paired >> t & 1) {
                r->why[h] = FUSE_R_taken;
                continue;
            }
            fuse_try(r, h, t, FUSE_MOVE);
            break;
        }
    }
}

void fuse_hu_smith(struct fuse_region *r)
{
    pass(r, 1);
    pass(r, 0);
}
