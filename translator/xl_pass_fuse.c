/* Pass "fuse": macro-op fusion marks (docs/fusion.md), the last pass.
 *
 * Runs the chosen heuristic (fusion/fuse_table.h, --fusion) on each region of a superblock, and
 * on basic blocks `adjacent` (--fusion-blocks=adjacent, the default) or the chosen one too
 * (--fusion-blocks=same); regions: xl_region.h, the runs of ops between labels, branches,
 * commits, CSR ops and stubs; for the configured core (fuse_core). The heuristic marks pairs and
 * may move ops within the region; every move keeps the dependences (fuse_try). `adjacent` runs
 * on the words without building regions (xl_regions_adjacent, the same marks). When the pass
 * sched runs just before, it calls the heuristic on each region it has scheduled
 * (xl_pass_sched.c) and this pass has nothing left. */
#include "xl_passes.h"
#include "xl_region.h"

unsigned xl_fuse_blocks = XL_FUSE_BLOCKS_DEFAULT;
unsigned xl_fuse_fast = 1;
static unsigned heuristic; /* the translation's (xl_fuse_for) */

unsigned xl_fuse_for(const struct xl_ir *ir)
{
    heuristic = ir->superblock || xl_fuse_blocks == XL_FUSE_BLOCKS_SAME || fuse_chosen == FUSE_ID_none
                    ? fuse_chosen : FUSE_ID_adjacent;
    return heuristic;
}

unsigned xl_fuse_region(struct fuse_region *r)
{
    if (!r->anc_ok) fuse_region_anc(r);
    fuse_heuristic[heuristic](r);
    fuse_count(r, &fuse_totals);
    return 0;
}

unsigned xl_pass_fuse(struct xl_ir *ir)
{
    if (ir->fused || xl_fuse_for(ir) == FUSE_ID_none) return 0;
    if (heuristic == FUSE_ID_adjacent && xl_fuse_fast) return xl_regions_adjacent(ir);
    unsigned changed;
    xl_regions(ir, xl_fuse_region, &changed);
    return changed;
}
