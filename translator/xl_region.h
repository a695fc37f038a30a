/* Regions of a translation (docs/fusion.md "The pass"): the runs of ops that passes may reorder
 * among themselves. A region ends before a label or the target of a branch encoded at lift time
 * (CMOVcc's skip over its mv, LOOPE's over its xbcc), and at every op that is not a plain ALU,
 * multiply or guest memory op: branches (a conditional one is the region's last op, fixed),
 * jumps, jtlbj, commit, CSR ops, auipc, exit stubs (whose two data words are no ops); and after
 * FUSE_MAX_REGION ops. So nothing crosses a commit, a side exit or a label: the state at each of
 * them is the lifter's, and between commits a fault rolls back to the last commit and the
 * interpreter replays (docs/translator.md "Commits and recovery"), which any order that keeps
 * the dependences survives. Deleted words are skipped: adjacency is in the linked code.
 *
 * Ops move only between the slots of their region: deleted words, labels, branches to labels,
 * the instruction bounds and every fixed-offset branch keep their word positions. Once ops have
 * moved, the flag-op records no longer name their ops (the pass that moved them drops them), and
 * an instruction's bounds hold as many words as before, not necessarily its own.
 *
 * The region's ops, classes and dependences are fusion/fuse.h's struct fuse_region, built for
 * the core the translator translates for (fuse_core). Used by the passes sched and fuse. */
#ifndef XL_REGION_H
#define XL_REGION_H
#include "xl_ir.h"
#include "fuse.h"

/* Called for each region of at least two ops: may reorder r (r->ord, r->pos, keeping every
 * dependence) and mark heads (r->head); returns what it wants added to xl_regions' result. */
typedef unsigned (*xl_region_fn)(struct fuse_region *r);

/* Cuts ir into regions and calls fn on each, then writes each region back in its order
 * r->ord with its head marks. Returns the sum of fn's results; *changed (if not NULL) gets the
 * words changed. Drops the flag-op records when an op moved. */
unsigned xl_regions(struct xl_ir *ir, xl_region_fn fn, unsigned *changed);

/* The heuristic adjacent (fusion/fuse_adjacent.c) over the same regions, with the same marks
 * and counts (fuse_totals), but straight on the words: each op with the one before it, without
 * building a region's dependences (which cost two thirds of translating a basic block).
 * Returns the words changed. */
unsigned xl_regions_adjacent(struct xl_ir *ir);

#endif
