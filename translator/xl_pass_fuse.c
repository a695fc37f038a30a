/* Pass "fuse": macro-op fusion marks (docs/fusion.md), the last pass.
 *
 * Runs the chosen heuristic (fusion/fuse_table.h, --fusion) on each region of the translation
 * (xl_region.h: the runs of ops between labels, branches, commits, CSR ops and stubs), for the
 * configured core (fuse_core). The heuristic marks pairs and may move ops within the region;
 * every move keeps the dependences (fuse_try). When the pass sched runs just before, it calls the
 * heuristic on each region it has scheduled (xl_pass_sched.c) and this pass has nothing left. */
#include "xl_passes.h"
#include "xl_region.h"

unsigned xl_fuse_region(struct fuse_region *r)
{
    fuse_heuristic[fuse_chosen](r);
    fuse_count(r, &fuse_totals);
    return 0;
}

unsigned xl_pass_fuse(struct xl_ir *ir)
{
    if (fuse_chosen == FUSE_ID_none || ir->fused) return 0;
    unsigned changed;
    xl_regions(ir, xl_fuse_region, &changed);
    return changed;
}
