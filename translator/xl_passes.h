/* The passes over a lifted block, in the order they run (docs/translator.md, "Passes").
 * To add one: write translator/xl_pass_<name>.c with `unsigned xl_pass_<name>(struct xl_ir *)`
 * (the interface in xl_ir.h), add a row here and the file to XL_PIPELINE_SRCS in
 * translator/translator.mk. */
#ifndef XL_PASSES_H
#define XL_PASSES_H
#include "xl_ir.h"

/* name: what it does */
#define XL_PASSES(X)                                                                           \
    X(flags) /* dead-flag elimination: dead flag ops become base ops or go, with their feeds */  \
    X(fuse)  /* macro-op fusion marks by the chosen heuristic (docs/fusion.md); reorders: last */

#define XL_PASS_DECL_(n) unsigned xl_pass_##n(struct xl_ir *ir);
XL_PASSES(XL_PASS_DECL_)
#undef XL_PASS_DECL_

#endif
