/* Attribution of ops and cycles to modes and activity tags (docs/model.md "Timing"); the per-op
 * timing rules are in sim_timing.h. */
#include "sim_timing.h"
#include <stdlib.h>
#include "morph_isa.h"
#include "morph_facts.h"

void sim_timing_mode_switch(struct sim_cpu *c, uint32_t mode, uint64_t ops, uint64_t cycles)
{
    c->st.mode_ops[c->xmode] += ops - c->mode_mark_ops;
    c->st.mode_cycles[c->xmode] += cycles - c->mode_mark_cycles;
    c->mode_mark_ops = ops;
    c->mode_mark_cycles = cycles;
    c->xmode = mode;
    c->fetch_limit = mode ? MM_CONCEALED_SIZE : c->mem->ram_size;
}

void sim_timing_tier_switch(struct sim_cpu *c, uint32_t sbt, uint64_t ops, uint64_t cycles)
{
    if (c->sbt) {
        c->st.iops_sbt += ops - c->sbt_mark_ops;
        c->st.cycles_sbt += cycles - c->sbt_mark_cycles;
    }
    c->sbt_mark_ops = ops;
    c->sbt_mark_cycles = cycles;
    c->sbt = sbt;
}

int sim_timing_mark_tier(struct sim_cpu *c, uint32_t start, uint32_t end, int sbt)
{
    if (start > end || start < MM_CONCEALED_BASE || end > MM_CONCEALED_END || ((start | end) & 3)) return -1;
    if (!c->sbt_words && !(c->sbt_words = calloc(MM_CONCEALED_SIZE / 32, 1))) return -1;
    for (uint32_t w = (start - MM_CONCEALED_BASE) / 4, e = (end - MM_CONCEALED_BASE) / 4; w < e; w++) {
        if (sbt) c->sbt_words[w >> 3] |= (uint8_t)(1u << (w & 7));
        else c->sbt_words[w >> 3] &= (uint8_t)~(1u << (w & 7));
    }
    return 0;
}

void sim_timing_act_switch(struct sim_cpu *c, uint32_t act, uint64_t ops, uint64_t cycles)
{
    c->st.act_ops[c->cmsact] += ops - c->act_mark_ops;
    c->st.act_cycles[c->cmsact] += cycles - c->act_mark_cycles;
    c->act_mark_ops = ops;
    c->act_mark_cycles = cycles;
    c->cmsact = act;
}

void sim_cpu_flush_stats(struct sim_cpu *c)
{
    sim_timing_drop_head(c);
    sim_timing_mode_switch(c, c->xmode, c->instret, c->cycles);
    sim_timing_tier_switch(c, c->sbt, c->instret, c->cycles);
    sim_timing_act_switch(c, c->cmsact, c->instret, c->cycles);
}
