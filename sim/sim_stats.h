/* Hardware event counters of the model and the end-of-run report (morph --stats). */
#ifndef SIM_STATS_H
#define SIM_STATS_H
#include <stdint.h>
#include <stdio.h>
#include "morph/cmsact.h"
#include "morph/htif.h"
#include "morph/stats.def"

/* Counters and their report are defined in include/morph/stats.def (docs/stats.md). */
#define SIM_STALL_ENUM(e, name, desc) e,
enum sim_stall { MORPH_STALLS(SIM_STALL_ENUM) SIM_STALL_COUNT };
enum sim_fuse_class { MORPH_FUSE_CLASSES(SIM_STALL_ENUM) SIM_FC_COUNT };
#undef SIM_STALL_ENUM

/* The HW rows of MORPH_STATS are plain uint64_t fields of struct sim_stats. */
#define SIM_STATS_FIELD_HW(name) uint64_t name;
#define SIM_STATS_FIELD_FW(name)
#define SIM_STATS_FIELD_U(name)
#define SIM_STATS_FIELD_F(name)
#define SIM_STATS_FIELD_S(name)
#define SIM_STATS_FIELD_LIST(name)
#define SIM_STATS_FIELD(kind, group, name, ...) SIM_STATS_FIELD_##kind(name)

struct sim_stats {
    uint64_t mode_ops[2], mode_cycles[2];        /* by xmode: 0 = CMS, 1 = translated */
    uint64_t act_ops[CMSACT_COUNT], act_cycles[CMSACT_COUNT];
    uint64_t traps[32];
    uint64_t stall[SIM_STALL_COUNT];
    uint64_t fuse_prof[2][SIM_FC_COUNT]; /* [mode]: CMS, translated; by the general routine only */
    MORPH_STATS(SIM_STATS_FIELD)
    /* Set by HTIF_CMD_STATS. */
    int have_cms;
    struct cms_stats cms;
    uint32_t mnemonics[64]; /* Zydis mnemonic ids the firmware decoded (HTIF_CMD_MNEMONICS) */
    /* --series N (sim_stats_sample): every N cycles a row of MORPH_STATS_SERIES running totals */
    uint64_t series_interval; /* 0: no series */
    size_t series_n, series_cap;
    uint64_t *series;         /* series_n rows of SIM_SERIES_COLS */
};

#define SIM_SERIES_ONE(name) +1
enum { SIM_SERIES_COLS = 0 MORPH_STATS_SERIES(SIM_SERIES_ONE) };
#undef SIM_SERIES_ONE

struct sim_cpu;
/* --series: appends a row of running totals now (closing the lazy mode/tier/activity
 * accounting up to this cycle first); -1 when out of memory. */
int sim_stats_sample(struct sim_cpu *c);
/* --progress: the running totals so far (the lazy accounting closed up to now first). */
void sim_stats_progress(struct sim_cpu *c, uint64_t *cycles, uint64_t *iops, uint64_t *cycles_translated);
struct sim_report {
    const char *mode;       /* "run" or "sim" */
    double host_seconds;
    int exit_status;
    const char *stop;       /* "exit", "max-cycles", "error" */
};
void sim_stats_print(FILE *f, const struct sim_cpu *c, const struct sim_report *r);
int sim_stats_json(const char *path, const struct sim_cpu *c, const struct sim_report *r);

#endif
