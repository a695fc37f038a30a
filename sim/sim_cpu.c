/* The morph core's top (rtl/morph_core.sv): state, configuration, reset, stop, and trap entry.
 * The units it is cut into, as the RTL is: sim_decoder.h (decoder), sim_execute.c (fetch and
 * execute loop, memory access paths), sim_xalu.c (x-ALU and x86 conditions), sim_timing.[ch]
 * (issue/retire rules, stall counters, mode and activity attribution), sim_csr.h (CSR file),
 * sim_gtlb.c, sim_jtlb.c, sim_gsb.c (docs/model.md). */
#include "sim_cpu.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "morph_isa.h"
#include "sim_timing.h"
#include "morph/xlcode.h"

#define UNLIKELY(x) __builtin_expect(!!(x), 0)

const char *sim_cause_name(unsigned cause)
{
    if (cause == (CSRV_MCAUSE_INTERRUPT | IRQ_M_TIMER)) return "m_timer_interrupt";
    if (cause == (CSRV_MCAUSE_INTERRUPT | IRQ_M_EXTERNAL)) return "m_external_interrupt";
    switch (cause) {
#define CAUSE_NAME_(name, num, str) case CAUSE_##name: return str;
        MORPH_CAUSES(CAUSE_NAME_)
#undef CAUSE_NAME_
    default: return "unknown";
    }
}

int sim_cpu_init(struct sim_cpu *c, struct sim_mem *m, const struct sim_cpu_config *cfg)
{
    memset(c, 0, sizeof *c);
    c->mem = m;
    if (cfg->core.width) c->core = cfg->core;
    else sim_core_preset("m0", &c->core);
    /* the sizes: an option's, else the core preset's, else the default */
#define SIZE(opt, core, dflt) ((opt) ? (opt) : (core) ? (core) : (dflt))
    unsigned ge = SIZE(cfg->gtlb_entries, c->core.gtlb_entries, SIM_GTLB_ENTRIES_DEFAULT);
    if (ge > SIM_GTLB_MAX || (ge & (ge - 1))) {
        fprintf(stderr, "morph: GTLB entries must be a power of two <= %d\n", SIM_GTLB_MAX);
        return -1;
    }
    sim_gtlb_init(&c->gtlb, ge);
    if (sim_jtlb_init(&c->jtlb, SIZE(cfg->jtlb_sets, c->core.jtlb_sets, SIM_JTLB_SETS_DEFAULT),
                      SIZE(cfg->jtlb_ways, c->core.jtlb_ways, SIM_JTLB_WAYS_DEFAULT))) {
        fprintf(stderr, "morph: bad JTLB geometry\n");
        return -1;
    }
    c->gsb.depth = SIZE(cfg->gsb_depth, c->core.gsb_depth, SIM_GSB_DEPTH_DEFAULT);
#undef SIZE
    if (c->gsb.depth > SIM_GSB_MAX) c->gsb.depth = SIM_GSB_MAX;
    c->max_cycles = cfg->max_cycles;
    c->inject = cfg->inject;
    c->timing_general = !sim_core_is_base(&c->core) || cfg->fusion_profile;
    c->cache_cfg = cfg->caches;
    if (cfg->caches.levels) {
        c->caches = malloc(sizeof *c->caches);
        if (!c->caches || sim_caches_init(c->caches, &cfg->caches, m, &c->st)) {
            free(c->caches);
            c->caches = NULL;
            return -1;
        }
    }
    if (c->core.bp.kind != SIM_BP_none) {
        c->bp = malloc(sizeof *c->bp);
        if (!c->bp || sim_bpred_init(c->bp, &c->core.bp)) {
            fprintf(stderr, "morph: out of memory for the branch predictor\n");
            return -1;
        }
    }
    return 0;
}

void sim_cpu_free(struct sim_cpu *c)
{
    sim_jtlb_free(&c->jtlb);
    if (c->bp) sim_bpred_free(c->bp);
    free(c->bp);
    c->bp = NULL;
    free(c->sbt_words);
    c->sbt_words = NULL;
    if (c->caches) sim_caches_free(c->caches);
    free(c->caches);
    c->caches = NULL;
    free(c->st.series);
    c->st.series = NULL;
}

uint32_t sim_commit_at_eip(const struct sim_mem *m, uint32_t at)
{
    const uint8_t *w = sim_mem_any(m, at + MORPH_COMMIT_AT_EIP_OFFSET, 4);
    return w ? (uint32_t)w[0] | (uint32_t)w[1] << 8 | (uint32_t)w[2] << 16 | (uint32_t)w[3] << 24 : 0;
}

uint32_t sim_cpu_commit_eip(const struct sim_cpu *c)
{
    return c->xcommit_at ? sim_commit_at_eip(c->mem, c->xcommit_at) : c->xcommit_eip;
}

void sim_cpu_reset(struct sim_cpu *c, uint32_t pc)
{
    memset(c->x, 0, sizeof c->x);
    c->pc = pc;
    c->xmode = 0;
    c->prev_mode = 0;
    c->fetch_limit = c->mem->ram_size;
    c->stop = SIM_RUNNING;
    c->grp_open = 0;
    c->tail_pc = 0;
    memset(c->ready, 0, sizeof c->ready);
    c->mstatus = c->mie = c->meip = 0;
    c->mtimecmp = UINT64_MAX; /* no timer interrupt until software sets mtimecmp */
    c->irq_at = UINT64_MAX;
    sim_cpu_limit(c, c->max_cycles ? c->max_cycles : UINT64_MAX);
}

void sim_cpu_stop(struct sim_cpu *c, enum sim_stop why, int status)
{
    if (c->stop == SIM_RUNNING) {
        c->stop = why;
        c->exit_status = status;
    }
    c->limit_at = c->stop_at = 0;
}

void sim_cpu_fatal(struct sim_cpu *c, const char *fmt, ...)
{
    va_list ap;
    fputs("morph: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (pc 0x%08x, %s mode, cycle %llu)\n", c->pc, c->xmode ? "translated" : "CMS",
            (unsigned long long)c->cycles);
    sim_cpu_stop(c, SIM_STOP_FATAL, SIM_EXIT_MODEL_ERROR);
}

/* The trapping op does not retire; the handler's first op issues 3 cycles after it issued. */
void sim_cpu_trap(struct sim_cpu *c, uint32_t pc, unsigned cause, uint32_t tval)
{
    if (UNLIKELY(c->hook)) {
        c->hook(c, pc, 0, c->cycles, 1, cause, tval);
        c->limit_at = c->stop_at = 0; /* sim_cpu_step: one op */
    }
    if (c->bp) c->bp->redir = 1; /* the handler's first op is fetched after the flush */
    if (cause & CSRV_MCAUSE_INTERRUPT) c->st.interrupts++;
    else c->st.traps[cause & 31]++;
    uint64_t next = sim_timing_trap(c);
    c->mepc = pc;
    c->mcause = cause;
    c->mtval = tval;
    /* mstatus: MPIE = MIE, MIE = 0 (mret restores it) */
    c->mstatus = c->mstatus & CSRV_MSTATUS_MIE ? CSRV_MSTATUS_MPIE : 0;
    c->irq_at = UINT64_MAX;
    if (c->xmode) {
        c->xepc = pc;
        sim_timing_mode_switch(c, 0, c->instret, next);
        if (c->sbt) sim_timing_tier_switch(c, 0, c->instret, next);
        c->prev_mode = 1;
    } else {
        c->prev_mode = 0;
    }
    c->cycles = next;
    if (!c->mtvec) {
        c->pc = pc;
        sim_cpu_fatal(c, "trap %s (cause %u, mtval 0x%08x) with no trap handler (mtvec = 0)",
                      sim_cause_name(cause), cause, tval);
        return;
    }
    c->pc = c->mtvec;
}
