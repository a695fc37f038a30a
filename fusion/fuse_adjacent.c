/* Heuristic "adjacent": marks each single-cycle ALU op whose next op reads its result, in the
 * lifted order; moves nothing. What the lifter already puts together, and no more. */
#include "fuse.h"

void fuse_adjacent(struct fuse_region *r)
{
    for (unsigned p = 0; p + 1 < r->n; p++)
        if (fuse_can_head(r, r->ord[p])) fuse_try(r, r->ord[p], r->ord[p + 1], 0);
}
