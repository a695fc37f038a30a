/* The RTL engine: runs the Verilated morph core (rtl/) on the model's memory, serves its
 * instruction and data ports and the HTIF device with the model's code (sim_mem, sim_htif), and
 * turns the core's retire/trap events into the model's statistics. */
#ifndef SIM_RTL_H
#define SIM_RTL_H
#include <stdint.h>
#include "sim_cpu.h"
#include "sim_rtl_shim.h"

/* One retired op or trap, as either engine reports it (lockstep co-simulation compares them). */
struct sim_event {
    uint32_t pc, insn;
    uint64_t cycle;            /* issue cycle: what mcycle reads for the op */
    int trap;
    uint32_t cause, tval;
    int rd_we;                 /* rd != 0 written */
    uint32_t rd, rd_val;
    int st;                    /* store: effective address, bytes, data (masked to size) */
    uint32_t st_addr, st_size, st_data;
    int mode;                  /* xmode bit 0 at the op (not compared: the pc says it) */
};

struct sim_rtl;
/* Called for every event of the core, in program order. Returns nonzero to stop the run. */
typedef int (*sim_rtl_event_fn)(void *ctx, const struct sim_event *ev);
/* Called when an op issues (enters EX), before its memory accesses are served: twice for a
 * fused pair (head, then tail). Returns nonzero to stop issuing (the pipe then drains). */
typedef int (*sim_rtl_issue_fn)(void *ctx);
/* Nonzero while ops the caller stepped have not been reported yet (cosim: the drain after a
 * cycle-limit stop waits for them). */
typedef int (*sim_rtl_pending_fn)(void *ctx);

struct sim_rtl_config {
    const char *wave;          /* FST file or NULL */
    int cosim;                 /* HTIF requests are served by the model, not here */
    unsigned inject;           /* SIM_INJECT_RTL_* (test only): a deliberately broken core */
    sim_rtl_event_fn on_event;
    sim_rtl_issue_fn on_issue;
    sim_rtl_pending_fn pending;
    void *ctx;
};

/* Runs the core from `entry` until exit, max cycles or an error. shell: a sim_cpu whose mem,
 * htif and max_cycles are set; its counters and statistics are filled from the core's events,
 * so sim_stats_print works on it. Returns shell->stop. */
enum sim_stop sim_rtl_run(struct sim_cpu *shell, uint32_t entry, const struct sim_rtl_config *cfg);

#endif
