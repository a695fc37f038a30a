/* Basic-block translator (docs/translator.md): cracks the x86 instructions of one basic block
 * into I-ISA ops (RV32IM + morph's extension) with the x86 registers pinned in x18-x25.
 * Pure code generation: it reads decoded instructions through a callback and writes
 * position-independent code into a caller buffer, so it runs the same on the host (unit tests)
 * and in the firmware. */
#ifndef XL_BBT_H
#define XL_BBT_H
#include <stdint.h>
#include "xl_decode.h"
#include "morph_facts.h"

#define XL_BBT_MAX_INSNS 48    /* x86 instructions per block */
#define XL_BBT_MAX_WORDS 900   /* code words per block (keeps xbcc/bcc within +-4 KiB) */
#define XL_GSB_DEPTH CORE_GSB_DEPTH /* gated store buffer entries (docs/isa.md section 5) */

/* Exit stub: 4 words at the end of a block, reached by fall-through or by a branch.
 *   w0 auipc x5, 0      w1 xexit x5      w2 target x86 EIP      w3 kind
 * The xexit reports the stub's own address (mtval), so the dispatcher finds w2/w3 and can
 * patch w0 into "jal x0, target - 4" (chaining). Every translation is preceded by one word,
 * "addi x30, x30, 1", its chained entry: chained transfers count themselves there, entries
 * from the dispatcher and the JTLB skip it. */
#define XL_STUB_WORDS 4
#define XL_STUB_TAKEN 0x80 /* in w3: the taken stub of a conditional branch 5 words before it
                              (xbcc/bne/beq + the fall-through stub), which chaining can
                              retarget straight to the translation when it is in range */
/* w3 = kind | xl_op << 8 (for INTERP1: the instruction left to the interpreter, for statistics) */
enum xl_stub_kind {
    XL_STUB_DIRECT = 0,  /* continue at w2: chainable */
    XL_STUB_INTERP1 = 1, /* interpret exactly one instruction at w2 (not translated), then dispatch */
};

/* Returns 0 and fills *out with the instruction at eip, or -1 when it cannot be fetched
 * (the block then ends before it and the interpreter takes over). */
typedef int (*xl_fetch_fn)(uint32_t eip, struct xl_insn *out, void *ctx);

struct xl_bbt_result {
    uint32_t words;              /* code words written (0: the first instruction is not translated) */
    uint32_t iops;               /* of which I-ops (words minus the data words of exit stubs) */
    uint32_t ninsn;              /* x86 instructions translated */
    uint32_t end_eip;            /* EIP after the last translated instruction */
    uint32_t stop_op;            /* xl_op of the instruction that ended the block untranslated, or 0 */
    uint32_t flag_ops_elided;    /* instructions emitted with base ops because their flags were dead */
    uint16_t insn_ops[XL_BBT_MAX_INSNS]; /* I-ops of each instruction's body */
};

/* Translates the block at eip into buf (cap words) with at most max_insns instructions.
 * Returns res->words. */
uint32_t xl_bbt_translate(uint32_t eip, uint32_t *buf, uint32_t cap, unsigned max_insns,
                          xl_fetch_fn fetch, void *ctx, struct xl_bbt_result *res);

/* Would the translator accept this instruction (op and operand forms)? */
int xl_bbt_supported(const struct xl_insn *x);

#endif
