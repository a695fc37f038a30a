/* The passes over a lifted block, in the order they run (docs/translator.md, "Passes").
 * To add one: write translator/xl_pass_<name>.c with `unsigned xl_pass_<name>(struct xl_ir *)`
 * (the interface in xl_ir.h), add a row here (gate xl_pass_always, or the variable that turns
 * it off) and the file to XL_PIPELINE_SRCS in translator/translator.mk. */
#ifndef XL_PASSES_H
#define XL_PASSES_H
#include "xl_ir.h"

/* name, gate (the pass runs while this unsigned is not 0; skipped without a call): what it does */
#define XL_PASSES(X)                                                                             \
    X(flags, xl_pass_always) /* dead-flag elimination: dead flag ops become base ops or go */      \
    X(rle, xl_pass_sb)       /* redundant guest loads become moves (superblocks); before cprop,   \
                                which propagates the moves */                                      \
    X(cprop, xl_pass_sb)     /* copy propagation, constant and address folding, dead ops         \
                                (superblocks); after flags, whose I-forms it folds */             \
    X(fuse, fuse_chosen)     /* macro-op fusion marks by the chosen heuristic (docs/fusion.md;  \
                                fuse_chosen 0 = none); reorders: last */

#define XL_PASS_DECL_(n, gate) unsigned xl_pass_##n(struct xl_ir *ir);
XL_PASSES(XL_PASS_DECL_)
#undef XL_PASS_DECL_
extern const unsigned xl_pass_always;
/* 1 while the driver runs the passes on a superblock (ir->superblock), 0 on a basic block: the
 * superblock passes cost translation time that basic blocks, translated far more often, do not
 * repay (docs/translator.md "Passes") */
extern unsigned xl_pass_sb;
extern unsigned fuse_chosen; /* fusion/fuse.h */

#endif
