/* Basic-block translator (docs/translator.md): cracks the x86 instructions of one basic block
 * into I-ISA ops (RV32IM + morph's extension) with the x86 registers pinned in x18-x25, through
 * the pipeline lift -> passes -> encode-and-link. Pure code generation: it reads decoded
 * instructions through a callback and writes position-independent code into a caller buffer,
 * so it runs the same on the host (unit tests) and in the firmware. */
#ifndef XL_BBT_H
#define XL_BBT_H
#include <stdint.h>
#include "xl_decode.h"
#include "xl_encode.h"
#include "morph_facts.h"

#define XL_BBT_MAX_INSNS XL_IR_MAX_INSNS /* x86 instructions per block */
#define XL_BBT_MAX_WORDS 900   /* code words per block (keeps xbcc/bcc within +-4 KiB) */
#define XL_GSB_DEPTH CORE_GSB_DEPTH /* gated store buffer entries (docs/isa.md section 5): the default */
/* The entries of the core translated for, which a commit region's stores stay within: XL_GSB_DEPTH
 * until the firmware sets it at boot from struct morph_config (gsb_depth; the fpga preset's is
 * smaller), so one firmware image runs on every core. */
extern unsigned xl_gsb_depth;

/* The decoded instruction at eip, valid until the translation returns: a stable copy (a
 * decoded-instruction cache that no fetch of this block can evict) or buf filled; NULL when
 * it cannot be fetched (the block then ends before it and the interpreter takes over). A
 * block spans at most XL_BBT_MAX_SPAN bytes. */
typedef const struct xl_insn *(*xl_fetch_fn)(uint32_t eip, struct xl_insn *buf, void *ctx);
#define XL_BBT_MAX_SPAN (XL_BBT_MAX_INSNS * XL_MAX_LEN)

struct xl_bbt_result {
    int want_insn_ops;           /* in: fill insn_ops (tests; costs translation time) */
    uint32_t words;              /* code words written (0: the first instruction is not translated) */
    uint32_t iops;               /* of which I-ops (words minus the data words of exit stubs) */
    uint32_t ninsn;              /* x86 instructions translated */
    uint32_t end_eip;            /* EIP after the last translated instruction */
    uint32_t stop_op;            /* xl_op of the instruction that ended the block untranslated, or 0 */
    uint32_t flag_ops_elided;    /* instructions whose flag ops xl_pass_flags removed or made base ops */
    uint16_t insn_ops[XL_BBT_MAX_INSNS]; /* code words of each instruction (want_insn_ops) */
    uint16_t insn_first[XL_BBT_MAX_INSNS]; /* the first of them (want_insn_ops; -d out_asm) */
};

/* A superblock's instructions along its hot path (xl_sbt.c): eip[i] and how a control transfer
 * inside it is lifted (role[i], enum xl_role in xl_ir.h; XL_ROLE_NONE for the rest); eip[n] is
 * where the path goes on after its last instruction, which is lifted with its own exits when
 * `ends` (a block-ending transfer). */
struct xl_path {
    unsigned n;
    int ends;
    uint32_t eip[XL_BBT_MAX_INSNS + 1];
    uint8_t role[XL_BBT_MAX_INSNS];
};

/* The calls a path being formed has followed, for its returns (xl_sbt.c, tests/xlpins): a RET
 * reached while a CALL is pending returns on the path, to that CALL's return address. */
#define XL_PATH_CALLS 8
struct xl_path_calls {
    unsigned n, lost;          /* lost: a CALL did not fit; no RET matches any more */
    uint8_t at[XL_PATH_CALLS]; /* the CALL's index in the path */
    uint32_t ret[XL_PATH_CALLS];
};

static inline void xl_path_call(struct xl_path_calls *c, unsigned at, uint32_t ret)
{
    if (c->n == XL_PATH_CALLS) {
        c->lost = 1;
        return;
    }
    c->at[c->n] = (uint8_t)at;
    c->ret[c->n++] = ret;
}

/* Where the RET at path index i returns on the path (the latest pending CALL's return
 * address), or 0: none, or a callee longer than XL_PATH_CALLEE_MAX instructions (the path ends
 * at the RET, as at any indirect transfer: going on costs translation time, in every caller). */
#define XL_PATH_CALLEE_MAX 8
static inline uint32_t xl_path_ret_to(const struct xl_path_calls *c, unsigned i)
{
    return c->n && !c->lost && i - c->at[c->n - 1] <= XL_PATH_CALLEE_MAX ? c->ret[c->n - 1] : 0;
}

/* The path goes on through that RET: its CALL becomes XL_ROLE_CALL_IN. */
static inline void xl_path_return(struct xl_path_calls *c, struct xl_path *path)
{
    c->n--;
    path->role[c->at[c->n]] = XL_ROLE_CALL_IN;
}

/* Translates a path (as xl_bbt_translate does a block). */
uint32_t xl_path_translate(const struct xl_path *path, uint32_t *buf, uint32_t cap, xl_fetch_fn fetch,
                           void *ctx, struct xl_bbt_result *res);

/* Called after each pipeline stage ("lift", each pass by name, "link") when set: host tools
 * show a block at every stage (tests/xlpins/xlpins_dump --stages, docs/translator.md). */
struct xl_ir;
extern void (*xl_bbt_stage_hook)(const char *stage, const struct xl_ir *ir);

/* Translates the block at eip into buf (cap words) with at most max_insns instructions.
 * Returns res->words. */
uint32_t xl_bbt_translate(uint32_t eip, uint32_t *buf, uint32_t cap, unsigned max_insns,
                          xl_fetch_fn fetch, void *ctx, struct xl_bbt_result *res);

#endif
