/* Timing of the base scalar configuration (docs/isa.md section 9, docs/model.md "Timing"): the
 * issue and retire rules, the stall counters that add up to cycles, and the attribution of ops
 * and cycles to modes and activity tags. RTL: the stall and cycle logic of rtl/morph_core.sv.
 * The per-op rules are static inline so the execute loop (sim_execute.c) keeps them in line. */
#ifndef SIM_TIMING_H
#define SIM_TIMING_H
#include <stdint.h>
#include "sim_cpu.h"
#include "sim_decoder.h"

/* Extra cycles over the 1 every op costs. */
#define SIM_T_LOAD_USE 1u  /* op reads the rd of the load just before it */
#define SIM_T_REDIRECT 2u  /* fetch redirected: taken branch/xbcc, JAL, JALR, MRET, jtlbj, xenter */
#define SIM_T_DIV 32u      /* DIV, DIVU, REM, REMU */
#define SIM_T_SPLIT 1u     /* guest access touching two aligned 4-byte words */
#define SIM_T_TRAP 3u      /* a trapping op: the handler's first op issues 3 cycles after it */

/* Before op insn issues: the load-use stall. */
static inline void sim_timing_issue(struct sim_cpu *c, uint32_t insn)
{
    if (c->load_rd) {
        if (sim_dec_reads_reg(insn, c->load_rd)) {
            c->cycles += SIM_T_LOAD_USE;
            c->st.stall[SIM_STALL_LOAD_USE] += SIM_T_LOAD_USE;
        }
        c->load_rd = 0;
    }
}

static inline uint32_t sim_timing_div(struct sim_cpu *c)
{
    c->st.stall[SIM_STALL_DIV] += SIM_T_DIV;
    return SIM_T_DIV;
}

/* Extra cycles of a guest access of n bytes at va. */
static inline uint32_t sim_timing_split(struct sim_cpu *c, uint32_t va, unsigned n)
{
    if ((va & 3) + n > 4) {
        c->st.stall[SIM_STALL_SPLIT] += SIM_T_SPLIT;
        return SIM_T_SPLIT;
    }
    return 0;
}

/* The op retires with `extra` cycles over 1 (one of the SIM_T_* above, or 0); lrd = its rd if
 * it was a load (0: none). */
static inline void sim_timing_retire(struct sim_cpu *c, uint32_t extra, uint32_t lrd)
{
    if (extra == SIM_T_REDIRECT) c->st.stall[SIM_STALL_BRANCH] += SIM_T_REDIRECT;
    c->load_rd = lrd;
    c->cycles += 1 + extra;
    c->instret++;
}

/* A trap taken by the op issuing now: returns the cycle the handler's first op issues. */
static inline uint64_t sim_timing_trap(struct sim_cpu *c)
{
    c->st.stall[SIM_STALL_TRAP] += SIM_T_TRAP;
    c->load_rd = 0;
    return c->cycles + SIM_T_TRAP;
}

/* Lazy attribution (sim_timing.c): ops and cycles up to (ops, cycles) belong to the current mode
 * / activity tag, which then becomes `mode` / `act`. sim_timing_mode_switch also sets the fetch
 * window of the new mode. */
void sim_timing_mode_switch(struct sim_cpu *c, uint32_t mode, uint64_t ops, uint64_t cycles);
void sim_timing_act_switch(struct sim_cpu *c, uint32_t act, uint64_t ops, uint64_t cycles);

#endif
