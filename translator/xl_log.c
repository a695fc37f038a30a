/* morph run -d KEYS: records of translations, entries and firmware events for the host's log
 * (HTIF_CMD_LOG; the host disassembles and formats them, sim/sim_log.c). */
#include "xl_log.h"
#include <string.h>
#include "cms_guest.h"
#include "cms_htif.h"
#include "xl_bbt.h"
#include "xl_dcache.h"
#include "xl_ir.h"

/* one record; on the heap at the first (not in bss: a run without -d never zeroes it) */
#define REC_TRANSLATION (4 * (8 + 2 * XL_BBT_MAX_INSNS + XL_BBT_MAX_WORDS) + 16 * XL_BBT_MAX_INSNS)
#define REC_STAGE (4 * (16 + 2 * XL_IR_MAX_WORDS + XL_IR_MAX_INSNS + XL_IR_MAX_LABELS + XL_IR_MAX_FIX))
#define REC_BYTES (REC_TRANSLATION > REC_STAGE ? REC_TRANSLATION : REC_STAGE)
static uint8_t *rec;
static uint32_t at;

static void rec_start(void)
{
    if (!rec) rec = cms_alloc(REC_BYTES, 4);
    at = 0;
}

static void put32(uint32_t v)
{
    memcpy(rec + at, &v, 4);
    at += 4;
}

static void send(unsigned kind)
{
    cms_htif(HTIF_CMD_LOG, kind, cms_hw_phys(rec), at, 0);
    at = 0;
}

/* eip, its length and bytes; returns the length */
static unsigned put_insn(uint32_t eip)
{
    const struct xl_insn *x = xl_dc_insn(eip); /* decoded a moment ago: its bytes are mapped */
    unsigned len = x ? x->len : 0;
    put32(eip);
    rec[at++] = (uint8_t)len;
    for (unsigned k = 0; k < len; k++) rec[at++] = (uint8_t)cms_gld8(eip + k);
    return len;
}

void xl_log_translation(unsigned tier, uint32_t head, const uint32_t *eips, const uint32_t *code, uint32_t words,
                        const struct xl_bbt_result *res)
{
    const unsigned n = res->ninsn;
    uint32_t eip = head;
    rec_start();
    if (cms_log_on(MORPH_LOG_IN_ASM)) {
        put32(tier);
        put32(n);
        for (unsigned i = 0; i < n; i++) eip = (eips ? eips[i] : eip) + put_insn(eips ? eips[i] : eip);
        send(HTIF_LOG_IN);
    }
    if (cms_log_on(MORPH_LOG_OUT_ASM) && res->want_insn_ops) {
        put32(tier);
        put32(head);
        put32((uint32_t)(uintptr_t)code);
        put32(words);
        put32(n);
        eip = head;
        for (unsigned i = 0; i < n; i++) {
            put32(res->insn_first[i]);
            eip = (eips ? eips[i] : eip) + put_insn(eips ? eips[i] : eip);
        }
        memcpy(rec + at, code, 4 * words);
        at += 4 * words;
        send(HTIF_LOG_OUT);
    }
}

void xl_log_stage(const char *stage, const struct xl_ir *ir)
{
    rec_start();
    put32((uint32_t)ir->superblock);
    put32(ir->eip[0]);
    uint32_t l = (uint32_t)strlen(stage);
    put32(l);
    memcpy(rec + at, stage, l);
    at += (l + 3) & ~3u;
    put32(ir->n);
    memcpy(rec + at, ir->w, 4 * ir->n);
    at += 4 * ir->n;
    put32(ir->ndel);
    for (unsigned i = 0; i < ir->ndel; i++) put32(ir->del[i]);
    put32(ir->track_insns ? ir->ninsn : 0);
    for (unsigned i = 0; ir->track_insns && i < ir->ninsn; i++) put32(ir->insn_start[i]);
    put32(ir->nlabels);
    for (unsigned i = 0; i < ir->nlabels; i++) put32(ir->label_at[i]);
    put32(ir->nfix);
    for (unsigned i = 0; i < ir->nfix; i++)
        put32(ir->fix[i].at | (uint32_t)ir->fix[i].label << 16 | (uint32_t)ir->fix[i].jal << 24);
    send(HTIF_LOG_OP);
}

void xl_log_exec(uint32_t eip, const uint32_t *code)
{
    rec_start();
    put32(eip);
    put32((uint32_t)(uintptr_t)code);
    send(HTIF_LOG_EXEC);
}

