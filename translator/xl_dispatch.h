/* Dispatcher of the basic-block translator stage (docs/translator.md). */
#ifndef XL_DISPATCH_H
#define XL_DISPATCH_H
#include "cms_cpu.h"

/* Interpreted executions of a block before it is translated (--bbt-threshold). */
#define XL_THRESHOLD_DEFAULT 6

/* Exits through a basic block's direct exit stub before it is chained and its block is
 * considered as a superblock head (--sbt-threshold; docs/translator.md "Superblocks"). */
#define XL_SBT_THRESHOLD_DEFAULT 0 /* off by default: see docs/translator.md "Superblocks" */
extern uint32_t xl_sbt_threshold; /* 0: superblocks off */
extern unsigned xl_sbt_heads;     /* enum morph_sbt_heads (never DEFAULT) */
void xl_sbt_consider(uint32_t *stub);

/* The decoded instruction at eip for the translator (an xl_fetch_fn, xl_bbt.h). */
struct xl_insn;
const struct xl_insn *xl_fetch_dc(uint32_t eip, struct xl_insn *buf, void *ctx);
const struct xl_insn *xl_fetch_dc_copy(uint32_t eip, struct xl_insn *buf, void *ctx);

/* Runs the guest from cpu->eip in bbt mode (--emulation=bbt) until it exits or dies. */
_Noreturn void xl_dispatch_run(struct cms_cpu *cpu);

#endif
