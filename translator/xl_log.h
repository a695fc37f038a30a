/* morph run -d KEYS (docs/usage.md "Translation log"): the firmware's records for the host's
 * log (HTIF_CMD_LOG). Each call site checks its key first, so a run without -d pays one test of
 * cms_config.log there (cms_log_on, cms.h) and nothing else. */
#ifndef XL_LOG_H
#define XL_LOG_H
#include <stdint.h>
#include "cms.h"

struct xl_bbt_result;

/* A translation of res->ninsn instructions at eips[0..) (NULL: one after the other from head),
 * tier 0 a block, 1 a superblock, written at code (words words): in_asm and out_asm records
 * (out_asm needs res->want_insn_ops). */
void xl_log_translation(unsigned tier, uint32_t head, const uint32_t *eips, const uint32_t *code, uint32_t words,
                        const struct xl_bbt_result *res);
/* op: the pipeline's stage hook (xl_bbt_stage_hook): the IR after a stage. */
struct xl_ir;
void xl_log_stage(const char *stage, const struct xl_ir *ir);
/* exec: the dispatcher enters code for eip. */
void xl_log_exec(uint32_t eip, const uint32_t *code);

#endif
