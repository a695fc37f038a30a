/* The passes over a lifted block, in the order they run (docs/translator.md, "Passes").
 * To add one: write translator/xl_pass_<name>.c with `unsigned xl_pass_<name>(struct xl_ir *)`
 * (the interface in xl_ir.h), add a row here (gate xl_pass_always, or the variable that turns
 * it off) and the file to XL_PIPELINE_SRCS in translator/translator.mk. */
#ifndef XL_PASSES_H
#define XL_PASSES_H
#include "xl_ir.h"

/* name, gate (the pass runs while this unsigned is not 0; skipped without a call), then 1/0:
 * whether it runs on basic blocks, on superblocks (each tier has its own list, so a pass of the
 * other tier costs a block nothing: two superblock-only rows read per basic block cost 1.4% of
 * dBBT, measured) */
#define XL_PASSES(X)                                                                             \
    X(flags, xl_pass_always, 1, 1) /* dead-flag elimination: dead flag ops become base ops or go */ \
    X(rle, xl_pass_always, 0, 1)   /* redundant guest loads become moves; before cprop, which      \
                                      propagates the moves */                                     \
    X(cprop, xl_pass_always, 0, 1) /* copy propagation, constant and address folding, dead ops;   \
                                      after flags, whose I-forms it folds */                      \
    X(incr, xl_pass_always, 0, 1)  /* increment folding: a run of `addi r, r, c` (pushes, pops)   \
                                      becomes one, the uses between take offsets; after cprop */  \
    X(sched, xl_sched_blocks, 1, 0) /* list scheduling for the configured core: on basic blocks    \
                                       with --sched=all (xl_sched_blocks 1) */                    \
    X(sched, xl_sched, 0, 1)       /* ... on superblocks unless --sched=off (xl_sched 0) */       \
    X(fuse, fuse_chosen, 1, 1)     /* macro-op fusion marks by the chosen heuristic (docs/fusion.md; \
                                      fuse_chosen 0 = none; blocks: xl_fuse_blocks); reorders: last */

#define XL_PASS_DECL_(n, gate, bb, sb) unsigned xl_pass_##n(struct xl_ir *ir);
XL_PASSES(XL_PASS_DECL_)
#undef XL_PASS_DECL_
extern const unsigned xl_pass_always;
extern unsigned fuse_chosen; /* fusion/fuse.h */
/* Which translations the pass sched runs on (--sched): none, superblocks, all. */
enum xl_sched_mode { XL_SCHED_OFF = 0, XL_SCHED_SB = 1, XL_SCHED_ALL = 2 };
#define XL_SCHED_DEFAULT XL_SCHED_SB
extern unsigned xl_sched;       /* enum xl_sched_mode */
extern unsigned xl_sched_blocks; /* 1 when xl_sched is XL_SCHED_ALL: the basic-block list's gate */
void xl_sched_set(unsigned mode); /* sets both */
extern unsigned xl_sched_moved; /* ops the pass left away from their slot, since boot */
struct fuse_region;
/* Schedules one region (r->ord, r->pos) for r->core; returns how many ops left their slot. */
unsigned xl_sched_region(struct fuse_region *r);
/* Which heuristic basic blocks get (--fusion-blocks): adjacent (cheap: no regions built), or
 * the one superblocks get (--fusion). */
enum xl_fuse_blocks { XL_FUSE_BLOCKS_ADJACENT = 0, XL_FUSE_BLOCKS_SAME = 1 };
#define XL_FUSE_BLOCKS_DEFAULT XL_FUSE_BLOCKS_ADJACENT
extern unsigned xl_fuse_blocks; /* enum xl_fuse_blocks */
extern unsigned xl_fuse_fast;   /* 1: adjacent straight on the words (xl_regions_adjacent); 0: on
                                   built regions (the tests compare the two) */
/* The heuristic (enum fuse_id) for translation ir; xl_fuse_region then runs it. */
unsigned xl_fuse_for(const struct xl_ir *ir);
/* The pass fuse's work on one region: the translation's heuristic, and its counts. */
unsigned xl_fuse_region(struct fuse_region *r);

#endif
