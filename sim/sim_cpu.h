/* The core: architectural state and the model's entry points (docs/isa.md; timing rules of
 * section 9, summarized in docs/model.md). The model is cut into units as the RTL is
 * (docs/model.md): sim_cpu.c (top), sim_decoder.h, sim_execute.c, sim_xalu.c, sim_timing.[ch],
 * sim_csr.h, sim_gtlb.c, sim_jtlb.c, sim_gsb.c; and the caches, sim_cache.c. */
#ifndef SIM_CPU_H
#define SIM_CPU_H
#include <stdint.h>
#include "sim_cache.h"
#include "sim_core.h"
#include "sim_gsb.h"
#include "sim_gtlb.h"
#include "sim_jtlb.h"
#include "sim_mem.h"
#include "sim_stats.h"

enum sim_stop {
    SIM_RUNNING = 0,
    SIM_STOP_EXIT,       /* HTIF_CMD_EXIT: exit_status holds the status */
    SIM_STOP_MAX_CYCLES, /* cycle limit reached */
    SIM_STOP_FATAL,      /* the model refused to continue; a message was printed */
};

struct sim_htif;
struct sim_cpu;

/* Lockstep co-simulation hook (sim_cosim.c): called for every retired op (trap = 0; x[] already
 * holds the op's result) and every trap taken (raw = 0), with the op's issue cycle. The run
 * stops after each op it reports (so sim_cpu_step runs one op on every core). NULL = off: the
 * execute loop then pays one predictable branch per op. */
typedef void (*sim_cpu_hook)(struct sim_cpu *c, uint32_t pc, uint32_t raw, uint64_t issue, int trap,
                             unsigned cause, uint32_t tval);

/* Exit statuses of the morph tool itself (docs/usage.md). */
#define SIM_EXIT_USAGE 2
#define SIM_EXIT_MAX_CYCLES 124
#define SIM_EXIT_MODEL_ERROR 125

struct sim_cpu {
    uint32_t x[32];
    uint32_t pc;
    uint64_t cycles;     /* cycle at which the next op may issue */
    uint64_t instret;
    uint64_t limit_at;   /* the run stops when cycles >= limit_at (0 forces a stop) */
    uint64_t stop_at;    /* the execute loop's bound: min(limit_at, irq_at - 1), sim_cpu_bound */
    uint64_t max_cycles;

    /* morph extension state */
    uint32_t xflags, xflags_shadow, shadow[ISA_SHADOW_COUNT];
    uint32_t xmode, prev_mode; /* prev_mode: the mode the last trap left (mret returns to it) */
    uint32_t fetch_limit;      /* RAM bytes fetchable on the fast path in the current mode */
    uint32_t cmsact, xcommit_eip, xepc;
    uint32_t xcommit_at; /* the last commit's own address when it named x0, else 0 (docs/isa.md section 5) */
    /* machine CSRs */
    uint32_t mtvec, mscratch, mepc, mcause, mtval;
    /* interrupts (docs/isa.md sections 8 and 9): mstatus's MIE/MPIE bits, mie, the host
     * interface's line (sim_htif.c) and the CLINT's mtimecmp; irq_at = the first issue cycle
     * at which an op takes an interrupt instead of executing (UINT64_MAX: none can be taken;
     * sim_irq_update recomputes it whenever one of them changes) */
    uint32_t mstatus, mie, meip;
    uint64_t mtimecmp, irq_at;

    uint32_t load_rd;          /* rd of the load issued just before (0: none) */

    struct sim_mem *mem;
    struct sim_gtlb gtlb;
    struct sim_jtlb jtlb;
    struct sim_gsb gsb;
    struct sim_htif *htif;

    /* Lazily accounted attribution of ops and cycles to modes and activity tags. */
    uint64_t mode_mark_ops, mode_mark_cycles, act_mark_ops, act_mark_cycles;
    /* Superblock code (profiling): a bit per concealed-memory word that the firmware marked
     * with HTIF_CMD_CODE_TIER (NULL until it marks any); sbt = translated mode is running
     * superblock code now, counted from sbt_mark_* (sim_timing_tier). */
    uint8_t *sbt_words;
    uint32_t sbt;
    uint64_t sbt_mark_ops, sbt_mark_cycles;
    struct sim_stats st;

    enum sim_stop stop;
    int exit_status;

    sim_cpu_hook hook;
    void *hook_ctx;

    unsigned inject;           /* test-only fault injection (SIM_INJECT_*; docs/usage.md) */

    /* The core configuration (sim_core.h). m0 runs the base timing routine; any other knob
     * values, or --fusion-profile, run the general one (sim_timing.h), chosen once per run. */
    struct sim_core_cfg core;
    int timing_general;
    struct sim_bpred *bp;      /* the front-end predictor (sim_bpred.h); NULL with --bpred=none */
    /* State of the general routine. The open issue group issued at cycle `cycles - 1`. */
    uint32_t grp_open;         /* the group may take more ops */
    uint32_t grp_slots;        /* free issue slots in it */
    uint32_t grp_mem, grp_br;  /* memory ops, branches/jumps in it */
    uint32_t joined;           /* the op issuing now: 0 opened a group, 1 joined one, 2 as a fused tail */
    uint32_t tail_pc;          /* address of the pending fused tail (0: no pending head) */
    uint32_t head_rd, head_alu, head_cls, head_mode; /* the pending head: rd written, single-cycle
                                                       ALU, class, the mode it ran in */
    uint64_t ready[32];        /* the cycle from which each register's value can be used */

    /* The caches (sim_cache.h; NULL: none, ideal memory). With caches the execute loop runs
     * instances that look them up (sim_execute.c), so a run without pays nothing for them. */
    struct sim_caches *caches;
    struct sim_cache_cfg cache_cfg;
};

/* Test-only fault injection (morph run --inject=...), to show that the tests catch a broken model.
 * SIM_INJECT_XALU_FLAG: XADD.W (the x-ALU's 32-bit ADD) leaves CF clear (inverted) when the sum
 * wraps to exactly 0 (first operand nonzero), e.g. 0xffffffff + 1. */
#define SIM_INJECT_XALU_FLAG 1u
/* SIM_INJECT_RTL_FUSED_TAIL: the RTL (plusarg +morph_inject_fused_tail, rtl/morph_core.sv)
 * flips bit 0 of the result of a tail that issued with its head; cosim must catch it. */
#define SIM_INJECT_RTL_FUSED_TAIL 2u
/* SIM_INJECT_NO_FENCE_I: fence.i leaves the L1I as it is (with caches), so the firmware's code
 * writes reach a stale L1I and the model must stop at the stale fetch. */
#define SIM_INJECT_NO_FENCE_I 4u
/* SIM_INJECT_RTL_CACHE_WAY: the RTL (plusarg +morph_inject_cache_way, rtl/morph_caches.sv) makes
 * the wrong way of an L1D hit the most recent, a timing fault cosim must catch. */
#define SIM_INJECT_RTL_CACHE_WAY 8u
/* SIM_INJECT_RTL_BPRED: the RTL's predictor counters never learn (plusarg +morph_inject_bpred,
 * rtl/morph_bpred.sv): lockstep co-simulation must report a divergence (make test-cosim). */
#define SIM_INJECT_RTL_BPRED 16u
/* SIM_INJECT_CC_MAP: the firmware changes an entry of the code cache's map behind the
 * translator's back before its exit check (MORPH_CFG_INJECT_CC_MAP), so the run must end with
 * "concealment broken" (make test-attack). */
#define SIM_INJECT_CC_MAP 32u

struct sim_cpu_config {
    unsigned gtlb_entries, jtlb_sets, jtlb_ways, gsb_depth;
    uint64_t max_cycles;   /* 0 = unlimited */
    unsigned inject;       /* SIM_INJECT_* (test only); 0 = none */
    struct sim_core_cfg core; /* width 0 = m0 */
    int fusion_profile;    /* count the fusion profile (runs the general timing routine on m0 too) */
    struct sim_cache_cfg caches; /* levels 0 = no caches */
};

/* The execute loop tests one bound per op: it leaves, or checks for an interrupt exactly, when
 * cycles reach the run limit or one cycle before an interrupt may be due (an op issues at most
 * one cycle after `cycles` on m0: a load-use wait). */
static inline void sim_cpu_bound(struct sim_cpu *c)
{
    const uint64_t b = c->irq_at ? c->irq_at - 1 : 0;
    c->stop_at = c->limit_at < b ? c->limit_at : b;
}
static inline void sim_cpu_limit(struct sim_cpu *c, uint64_t limit)
{
    c->limit_at = limit;
    sim_cpu_bound(c);
}

int sim_cpu_init(struct sim_cpu *c, struct sim_mem *m, const struct sim_cpu_config *cfg);
void sim_cpu_free(struct sim_cpu *c);
void sim_cpu_reset(struct sim_cpu *c, uint32_t pc);
/* The x86 EIP a `commit x0` at code address at names: the target word of the exit stub that
 * follows it (include/morph/xlcode.h); 0 if that word is not in memory. */
uint32_t sim_commit_at_eip(const struct sim_mem *m, uint32_t at);
/* The x86 EIP of the last commit point: xcommit_eip, or after a `commit x0` sim_commit_at_eip;
 * for the profile and the pipeline view. */
uint32_t sim_cpu_commit_eip(const struct sim_cpu *c);
/* Runs until exit, the cycle limit or a fatal model error; returns c->stop. */
enum sim_stop sim_cpu_run(struct sim_cpu *c);
/* Executes one op (or takes one trap) with a hook set; without one, runs to the end of the
 * cycle (one op on m0). Returns c->stop (SIM_RUNNING to go on). */
enum sim_stop sim_cpu_step(struct sim_cpu *c);
/* Stop the run from a device (HTIF exit) or after a fatal error. */
void sim_cpu_stop(struct sim_cpu *c, enum sim_stop why, int status);
/* Close the lazy mode/activity accounting (call once after the run). */
void sim_cpu_flush_stats(struct sim_cpu *c);
const char *sim_cause_name(unsigned cause);

/* Between the model's units (sim_cpu.c): take trap `cause` for the op at pc, which does not
 * retire; stop the run with a message (fatal model error). */
void sim_cpu_trap(struct sim_cpu *c, uint32_t pc, unsigned cause, uint32_t tval);
void sim_cpu_fatal(struct sim_cpu *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
