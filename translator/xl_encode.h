/* Encode-and-link (docs/translator.md, "The pipeline"): the only code that knows the layout
 * of exit stubs, how branches to labels are resolved, and how chaining patches code. */
#ifndef XL_ENCODE_H
#define XL_ENCODE_H
#include <stdint.h>
#include "xl_ir.h"
#include "morph/xlcode.h"

/* Exit stub: 4 words at the end of a block, reached by fall-through or by a branch.
 *   w0 auipc x5, 0      w1 xexit x5      w2 target x86 EIP      w3 kind
 * The xexit reports the stub's own address (mtval), so the dispatcher finds the target and kind
 * (xl_stub_target, xl_stub_kind) and xl_link_chain can patch w0 into "jal x0, entry".
 * With --count-chains, every translation is preceded by one word (xl_encode_entry), its chained
 * entry: chained transfers count themselves there (x30), entries from the dispatcher and the JTLB
 * skip it. Without (the default), no such word: it cost an I-op per chained transfer, 3.7% of
 * bzip2's cycles on macro (docs/translator.md "Exits and chaining"). */
#define XL_STUB_WORDS 4
#define XL_STUB_DATA_WORDS 2 /* w2, w3: not I-ops */
/* `commit x0` right before a stub: the commit point's EIP is the stub's target (w2) */
_Static_assert(MORPH_COMMIT_AT_EIP_OFFSET == 4 + 2 * 4, "the stub's target word, seen from a commit before it");
/* Offset of a branch right before a stub to the word after that stub (a conditional branch's
 * taken stub follows its fall-through stub). */
#define XL_BR_OVER_STUB ((1 + XL_STUB_WORDS) * 4)
extern unsigned xl_entry_words; /* 1 with --count-chains, else 0: set before the first translation */
#define XL_STUB_TAKEN 0x80 /* in the kind: the taken stub of a conditional branch, which
                              chaining can retarget straight to the translation when in range */
/* kind = XL_STUB_* | xl_op << 8 (for INTERP1: the instruction left to the interpreter) */
enum xl_stub_kind {
    XL_STUB_DIRECT = 0,  /* continue at the target: chainable */
    XL_STUB_INTERP1 = 1, /* interpret exactly one instruction at the target, then dispatch */
    XL_STUB_DEAD = 2,    /* the head of a translation a guest store overwrote (xl_cache.c):
                            back to the dispatcher at the target, never chained */
    XL_STUB_X87 = MORPH_STUB_X87, /* a call of the firmware's x87 routines in the middle of a block (fields
                            below); reached by fall-through and resumed after its data words.
                            When the helper declines, the dispatcher interprets one instruction at
                            xl_x87_resume (the stub's target if the first of the run) */
};
/* XL_STUB_X87's kind word: the run's length (1..XL_X87_RUN_MAX x87 instructions at the target),
 * whether the block is a superblock (which x86 counter counts it: x4 or x31), how many of the
 * block's instructions follow the run (uncounted when the helper declines), and the run's first
 * decoded instruction in the pool (xl_lift.h). */
#define XL_X87_RUN_MAX 15
#define XL_X87K_N_SHIFT 8      /* 4 bits */
#define XL_X87K_SB_SHIFT 12    /* 1 bit */
#define XL_X87K_AFTER_SHIFT 13 /* 6 bits */
#define XL_X87K_IDX_SHIFT 19   /* 13 bits: the pool has at most 8192 entries */
#define XL_X87_POOL_MAX (1u << 13)
static inline uint32_t xl_x87_kind(unsigned n, int sb, unsigned after, unsigned idx)
{
    return XL_STUB_X87 | (uint32_t)n << XL_X87K_N_SHIFT | (uint32_t)(sb != 0) << XL_X87K_SB_SHIFT |
           (uint32_t)after << XL_X87K_AFTER_SHIFT | (uint32_t)idx << XL_X87K_IDX_SHIFT;
}

/* Set when code words were written (a translation made: xl_cache_used; an exit chained or
 * redirected): the L1I may hold stale copies of their lines, so the dispatcher runs fence.i
 * before it enters translated code again (docs/translator.md, docs/model.md "Caches"). */
extern int xl_code_dirty;

/* Writes an exit stub at w (XL_STUB_WORDS words): the lifter's only way to make one. */
void xl_stub_write(uint32_t *w, uint32_t target, uint32_t kind);

/* Encode-and-link: squeezes the ops that passes deleted out of ir->w, resolves the branches
 * to labels, and updates the instruction boundaries. Returns the code words. */
uint32_t xl_link(struct xl_ir *ir);

/* Writes the chained-entry word in front of a translation, if any (buf[0]; the code starts at
 * buf + xl_entry_words). */
void xl_encode_entry(uint32_t *buf);

static inline uint32_t xl_stub_target(const uint32_t *stub) { return stub[2]; }
/* The EIP of the last commit point: from the exit stub after a `commit x0` (xcommit_at, its
 * address), else the EIP the commit named (xcommit_eip). */
static inline uint32_t xl_commit_eip(uint32_t at, uint32_t eip)
{
    return at ? xl_stub_target((const uint32_t *)(uintptr_t)at + 1) : eip;
}
static inline uint32_t xl_stub_kind(const uint32_t *stub) { return stub[MORPH_STUB_KIND_WORD]; }
/* A DIRECT stub counts the exits taken through it while it is not chained (superblock
 * profiling, xl_sbt.c), in the kind word's bits 8-31 (INTERP1 stubs keep an op there). */
#define XL_STUB_COUNT_MAX 0xffffffu
static inline uint32_t xl_stub_count(const uint32_t *stub) { return stub[3] >> 8; }
static inline uint32_t xl_stub_count_inc(uint32_t *stub)
{
    if (xl_stub_count(stub) < XL_STUB_COUNT_MAX) stub[3] += 1u << 8;
    return xl_stub_count(stub);
}
static inline void xl_stub_count_set(uint32_t *stub, uint32_t n) { stub[3] = (stub[3] & 0xffu) | n << 8; }
/* The stub whose xexit is at word p (p[-1] is its auipc), for walking a translation's code. */
int xl_is_stub_xexit(uint32_t w);

/* Chains exit stub s to the translation at code (to its chained entry when there is one).
 * The taken stub of a conditional branch in range gets the branch itself retargeted (one taken
 * jump instead of two); otherwise the stub becomes "jal x0, entry" (auipc + jalr when far). */
void xl_link_chain(uint32_t *s, const uint32_t *code);

/* Sends every entry into the translation at old on to the translation at code (a superblock
 * that replaces it): old's first word(s) become a jump to code (past its chained entry, so a
 * chained transfer counts once). */
void xl_link_redirect(uint32_t *old, const uint32_t *code);

#endif
