/* The fusion heuristics (docs/fusion.md), one row each: the one list of their names. The
 * firmware builds its table of functions from it (fusion/fuse.c); the host includes it for
 * `morph run --fusion=NAME` and `--fusion=list` (sim/morph_main.c), which passes the row's
 * index to the firmware (struct morph_config, field fusion). Plain C, no other includes.
 *
 * X(id, "name", "what it does"): the heuristic is `void fuse_<id>(struct fuse_region *)` in
 * fusion/fuse_<id>.c (fusion/fuse.h). Adding one: that file and one row here. Row 0 is `none`,
 * the default: the fusion pass then looks at nothing. */
#ifndef FUSE_TABLE_H
#define FUSE_TABLE_H

#define FUSE_HEURISTICS(X)                                                                          \
    X(none, "none", "no marks, no moves (the default: the code of the translator without the pass)") \
    X(adjacent, "adjacent", "marks an ALU op whose next op reads its result; moves nothing")         \
    X(hu_smith, "hu-smith", "Hu & Smith, CGO 2004: ALU heads, nearest dependent tail, cycle check, ALU tails first") \
    X(dual, "dual", "pairs for a dual-issue core: dependent ALU pairs when the ALU collapses, else independent ops")

enum fuse_id {
#define FUSE_ID_(id, name, about) FUSE_ID_##id,
    FUSE_HEURISTICS(FUSE_ID_)
#undef FUSE_ID_
    FUSE_ID_COUNT
};

#endif
