/* The translator's intermediate representation (docs/translator.md, "The pipeline").
 *
 * A block in flight is an array of I-ops laid out where its code will live: the lifter
 * (xl_lift.c) writes each op's word (xl_emit.h), passes (xl_pass_*.c, listed in xl_passes.h)
 * rewrite words in place or delete them, and encode-and-link (xl_encode.c) squeezes deleted
 * ops out, resolves the branches to labels and owns the exit-stub layout. Beside the ops: the
 * x86 instruction boundaries (first and end op of each), labels, the branches that name them,
 * the ops that carry flag effects with their feeds, and each x86 instruction's EIP and flag
 * facts.
 *
 * Why words and not field records: lifting straight into words costs what the old
 * direct-emitting translator cost; a field record per op, re-encoded at the end, doubled
 * the translation cost (dBBT 438 -> 935 cycles per x86 instruction, measured). */
#ifndef XL_IR_H
#define XL_IR_H
#include <stdint.h>
#include "xl_decode.h"

#define XL_IR_MAX_INSNS 48   /* x86 instructions per block */
#define XL_IR_MAX_WORDS 1024 /* code words per block (the driver's cap is lower) */
#define XL_IR_MAX_LABELS 160
#define XL_IR_MAX_FIX 160    /* branches to labels */
#define XL_IR_MAX_FLAGOPS (2 * XL_IR_MAX_INSNS) /* BT writes CF with two ops, the rest one */

#define XI_INSN_TAIL 0xff /* "instruction" of the ops after the last one (the block's exits) */

struct xl_ir {
    uint32_t *w;                         /* the block's words (the caller's code buffer) */
    unsigned n;                          /* words */
    unsigned ndel;
    uint16_t del[XL_IR_MAX_WORDS];       /* words deleted by passes, each once */
    int del_unsorted;                    /* del[] is not in increasing order */
    unsigned nstubs;
    unsigned ninsn;                      /* x86 instructions lifted */
    uint16_t insn_start[XL_IR_MAX_INSNS], insn_end[XL_IR_MAX_INSNS]; /* their words */
    int track_insns;                     /* keep insn_start/insn_end true through the link */
    unsigned nlabels, nfix;
    uint16_t label_at[XL_IR_MAX_LABELS]; /* word a label stands before */
    struct { uint16_t at; uint8_t label, jal; } fix[XL_IR_MAX_FIX]; /* branch at word `at` */
    /* ops that carry their x86 instruction's flag effects (may/must/reads), each with its
     * feed: the words [feed, at) compute operands only that op uses (a loaded immediate, a
     * byte extract, the bit BT tests) and never fault */
    unsigned nflagops;
    struct xl_flagop { uint16_t at, feed; uint8_t insn, pad[3]; } flagop[XL_IR_MAX_FLAGOPS];
    /* per x86 instruction, set by the driver */
    uint32_t eip[XL_IR_MAX_INSNS + 1];   /* [ninsn]: where execution goes on after the last */
    uint8_t role[XL_IR_MAX_INSNS];       /* XL_ROLE_*: a control transfer inside a superblock */
    int superblock;                      /* a superblock's path (xl_path_translate), not a block */
    uint16_t f_may[XL_IR_MAX_INSNS], f_must[XL_IR_MAX_INSNS], f_reads[XL_IR_MAX_INSNS];
    unsigned flag_elided;                /* instructions whose flag ops a pass removed */
    int fused;                           /* the pass sched ran the fusion heuristic too */
};

/* A control transfer inside a superblock (xl_sbt.c) is lifted along its hot path: a Jcc becomes
 * a side exit for its cold direction, a direct JMP nothing, a direct CALL its push, a RET to a
 * CALL on the path a check of the return address it pops. */
enum xl_role {
    XL_ROLE_NONE = 0, /* lifted as in a basic block */
    XL_ROLE_TAKEN,    /* Jcc: the path goes on at its target; side exit to the fall-through */
    XL_ROLE_FALL,     /* Jcc: the path goes on at the next instruction; side exit to the target */
    XL_ROLE_JMP,      /* JMP rel: the path goes on at its target */
    XL_ROLE_CALL,     /* CALL rel: push the return address, go on at the target */
    XL_ROLE_CALL_IN,  /* CALL rel whose RET is on the path: as CALL, without the return stack's
                         push (the RET pops nothing from it) */
    XL_ROLE_RET,      /* RET to a CALL_IN's return address: the path goes on there; a side exit
                         interprets the RET when the popped address is another */
};

/* A pass rewrites words in place: it may change a word or delete it (xl_ir_delete); it never
 * inserts. Returns how many words it changed or deleted. */
struct xl_pass {
    const char *name;
    unsigned (*run)(struct xl_ir *ir);
    const unsigned *gate; /* skipped while *gate is 0 */
};

static inline void xl_ir_delete(struct xl_ir *ir, unsigned k)
{
    if (ir->ndel && ir->del[ir->ndel - 1] > k) ir->del_unsorted = 1;
    ir->del[ir->ndel++] = (uint16_t)k;
}

#endif
