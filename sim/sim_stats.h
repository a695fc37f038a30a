/* Hardware event counters of the model and the end-of-run report (morph --stats). */
#ifndef SIM_STATS_H
#define SIM_STATS_H
#include <stdint.h>
#include <stdio.h>
#include "morph/cmsact.h"
#include "morph/htif.h"

enum sim_stall {
    SIM_STALL_LOAD_USE, SIM_STALL_BRANCH, SIM_STALL_DIV, SIM_STALL_SPLIT, SIM_STALL_TRAP,
    SIM_STALL_COUNT
};

struct sim_stats {
    uint64_t mode_ops[2], mode_cycles[2];        /* by xmode: 0 = CMS, 1 = translated */
    uint64_t act_ops[CMSACT_COUNT], act_cycles[CMSACT_COUNT];
    uint64_t traps[32];
    uint64_t stall[SIM_STALL_COUNT];
    uint64_t gtlb_misses, gtlb_writes;
    uint64_t jtlb_hits, jtlb_misses, jtlb_writes;
    uint64_t commits, rollbacks, gsb_stores;
    uint64_t fused_heads;                        /* ops that carried a fuse mark */
    uint64_t guest_loads, guest_stores;
    uint64_t htif_requests;
    /* Set by HTIF_CMD_STATS. */
    int have_cms;
    struct cms_stats cms;
    uint32_t mnemonics[64]; /* Zydis mnemonic ids the firmware decoded (HTIF_CMD_MNEMONICS) */
};

struct sim_cpu;
struct sim_report {
    const char *mode;       /* "run" or "sim" */
    double host_seconds;
    int exit_status;
    const char *stop;       /* "exit", "max-cycles", "error" */
};
void sim_stats_print(FILE *f, const struct sim_cpu *c, const struct sim_report *r);
int sim_stats_json(const char *path, const struct sim_cpu *c, const struct sim_report *r);

#endif
