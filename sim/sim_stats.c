/* End-of-run report: a readable table (--stats) and the same numbers as JSON (--stats-json). */
#include "sim_stats.h"
#include <stdlib.h>
#include <string.h>
#include "sim_cpu.h"
#include "sim_timing.h"
#include "sim_htif.h"
#include "sim_disasm.h"

#define STATS_NAME(e, name, ...) [e] = #name,
static const char *const act_names[CMSACT_COUNT] = {MORPH_ACTIVITIES(STATS_NAME)};
static const char *const stall_names[SIM_STALL_COUNT] = {MORPH_STALLS(STATS_NAME)};
static const char *const fuse_names[SIM_FC_COUNT] = {MORPH_FUSE_CLASSES(STATS_NAME)};
#undef STATS_NAME

static double ratio(double a, double b) { return b ? a / b : 0.0; }

static unsigned mnemonic_count(const struct sim_stats *s)
{
    unsigned n = 0;
    for (unsigned i = 0; i < 64; i++) n += (unsigned)__builtin_popcount(s->mnemonics[i]);
    return n;
}

/* The report is driven by the rows of MORPH_STATS (include/morph/stats.def). */
enum stats_kind { STATS_KIND_FW, STATS_KIND_HW, STATS_KIND_U, STATS_KIND_F, STATS_KIND_S, STATS_KIND_LIST };
enum stats_group { STATS_GROUP_cms, STATS_GROUP_x86, STATS_GROUP_bbt, STATS_GROUP_hw, STATS_GROUP_host };
#define STATS_ID(kind, group, name, ...) STATS_ID_##name,
enum stats_id { MORPH_STATS(STATS_ID) STATS_ID_COUNT };
#undef STATS_ID

struct stats_row {
    enum stats_kind kind;
    enum stats_group group;
    enum stats_id id;
    const char *json, *jfmt, *text, *tfmt;
};
#define STATS_ROW(kind, group, name, json, jfmt, text, tfmt, check, desc) \
    {STATS_KIND_##kind, STATS_GROUP_##group, STATS_ID_##name, json, jfmt, text, tfmt},
static const struct stats_row stats_rows[] = {MORPH_STATS(STATS_ROW)};
#undef STATS_ROW
#define STATS_NROWS (sizeof stats_rows / sizeof stats_rows[0])

/* Column indexes of the series (MORPH_STATS_SERIES). */
#define SERIES_COL(name) SERIES_##name,
enum { MORPH_STATS_SERIES(SERIES_COL) };
#undef SERIES_COL

/* The CMS start-up cost: the first sample (an interval's end, or 0) from which to the end of
 * the run translated code takes at least 95% of the cycles (0: that never holds, or at once). */
static uint64_t startup_cycles(const struct sim_stats *s)
{
    if (!s->series_n) return 0;
    const uint64_t *end = &s->series[(s->series_n - 1) * SIM_SERIES_COLS];
    uint64_t cyc = 0, xl = 0;
    for (size_t i = 0;; i++) {
        const uint64_t dc = end[SERIES_cycles] - cyc, dx = end[SERIES_cycles_translated] - xl;
        if (!dc) return 0;
        if (dx * 100 >= dc * 95) return cyc;
        if (i + 1 >= s->series_n) return 0;
        cyc = s->series[i * SIM_SERIES_COLS + SERIES_cycles];
        xl = s->series[i * SIM_SERIES_COLS + SERIES_cycles_translated];
    }
}

/* Value of a FW, HW or U row. */
static uint64_t stats_u64(enum stats_id id, const struct sim_cpu *c)
{
    const struct sim_stats *s = &c->st;
    switch (id) {
#define STATS_CASE_FW(name) case STATS_ID_##name: return s->cms.name;
#define STATS_CASE_HW(name) case STATS_ID_##name: return s->name;
#define STATS_CASE_U(name)
#define STATS_CASE_F(name)
#define STATS_CASE_S(name)
#define STATS_CASE_LIST(name)
#define STATS_CASE(kind, group, name, ...) STATS_CASE_##kind(name)
    MORPH_STATS(STATS_CASE)
#undef STATS_CASE
    case STATS_ID_cycles: return c->cycles;
    case STATS_ID_iops_retired: return c->instret;
    case STATS_ID_iops_cms: return s->mode_ops[0];
    case STATS_ID_iops_translated: return s->mode_ops[1];
    case STATS_ID_cycles_cms: return s->mode_cycles[0];
    case STATS_ID_cycles_translated: return s->mode_cycles[1];
    case STATS_ID_startup_cycles: return startup_cycles(s);
    case STATS_ID_host_syscalls: return c->htif ? c->htif->syscalls : 0;
    default: return 0;
    }
}

/* Value of an F row. */
static double stats_f64(enum stats_id id, const struct sim_cpu *c, const struct sim_report *r)
{
    const struct sim_stats *s = &c->st;
    const struct cms_stats *m = &s->cms;
    double cyc = (double)c->cycles, ops = (double)c->instret, x86 = (double)m->x86_retired;
    switch (id) {
    case STATS_ID_ipc_x86: return ratio(x86, cyc);
    case STATS_ID_cycles_per_x86: return ratio(cyc, x86);
    case STATS_ID_iops_per_x86: return ratio(ops, x86);
    case STATS_ID_iops_per_x86_static: return ratio((double)m->bbt_iops_emitted, (double)m->bbt_x86_translated);
    case STATS_ID_iops_per_x86_dynamic: return ratio((double)s->mode_ops[1], (double)m->bbt_x86_executed);
    case STATS_ID_dbbt: return ratio((double)s->act_cycles[CMSACT_TRANSLATE], (double)m->bbt_x86_translated);
    case STATS_ID_translated_share: return ratio((double)m->bbt_x86_executed, x86);
    case STATS_ID_dsbt: return ratio((double)s->act_cycles[CMSACT_SBT], (double)m->sbt_x86_translated);
    case STATS_ID_jtlb_hit_rate:
        return ratio((double)s->jtlb_hits, (double)(s->jtlb_hits + s->jtlb_misses));
    case STATS_ID_fw_cycle_share: return ratio((double)s->mode_cycles[0], cyc);
    case STATS_ID_translated_cycle_share: return ratio((double)s->mode_cycles[1], cyc);
    case STATS_ID_bbt_code_cycle_share: return ratio((double)(s->mode_cycles[1] - s->cycles_sbt), cyc);
    case STATS_ID_sbt_code_cycle_share: return ratio((double)s->cycles_sbt, cyc);
    case STATS_ID_bbt_code_iops_per_x86:
        return ratio((double)(s->mode_ops[1] - s->iops_sbt), (double)(m->bbt_x86_executed - m->sbt_x86_executed));
    case STATS_ID_sbt_code_iops_per_x86: return ratio((double)s->iops_sbt, (double)m->sbt_x86_executed);
    case STATS_ID_ipc_iops: return ratio(ops, cyc);
    case STATS_ID_l1i_miss_rate: return ratio((double)s->l1i_misses, (double)s->l1i_accesses);
    case STATS_ID_l1d_miss_rate: return ratio((double)s->l1d_misses, (double)s->l1d_accesses);
    case STATS_ID_l2_miss_rate: return ratio((double)s->l2_misses, (double)s->l2_accesses);
    case STATS_ID_bp_miss_rate:
        return ratio((double)(s->bp_cond_miss + s->bp_direct_miss + s->bp_indirect_miss + s->bp_return_miss),
                     (double)(s->bp_cond + s->bp_direct + s->bp_indirect + s->bp_return));
    case STATS_ID_xras_hit_rate: return ratio((double)s->xras_hits, (double)(s->xras_hits + s->xras_misses));
    case STATS_ID_host_seconds: return r->host_seconds;
    case STATS_ID_iops_per_second: return ratio(ops, r->host_seconds);
    default: return 0.0;
    }
}

/* Value of an S row. */
static const char *stats_str(enum stats_id id, const struct sim_cpu *c)
{
    switch (id) {
    case STATS_ID_core: return c->core.label;
    case STATS_ID_caches: return c->cache_cfg.levels ? c->cache_cfg.label : "off";
    case STATS_ID_bpred: return c->core.bp_label;
    default: return "";
    }
}

static int stats_shown(const struct stats_row *w, const struct sim_cpu *c)
{
    const struct sim_stats *s = &c->st;
    if (w->id == STATS_ID_series || w->id == STATS_ID_startup_cycles) return s->series_interval != 0;
    if (w->group == STATS_GROUP_cms || w->group == STATS_GROUP_x86) return s->have_cms;
    if (w->group == STATS_GROUP_bbt) return s->have_cms && s->cms.bbt_threshold;
    return 1;
}

/* Prints one value with a text format; a format with "%%" shows the ratio as a percent. */
static void text_value(FILE *f, const struct stats_row *w, const char *fmt, const struct sim_cpu *c,
                       const struct sim_report *r)
{
    if (w->kind == STATS_KIND_F)
        fprintf(f, fmt, (strstr(fmt, "%%") ? 100.0 : 1.0) * stats_f64(w->id, c, r));
    else if (w->kind == STATS_KIND_S)
        fprintf(f, fmt, stats_str(w->id, c));
    else
        fprintf(f, fmt, (unsigned long long)stats_u64(w->id, c));
}

/* A LIST row in the text report: a total on the label's line (a count of mnemonics, of traps),
 * then one line per name. */
static void list_text(FILE *f, const struct stats_row *w, const struct sim_cpu *c)
{
    const struct sim_stats *s = &c->st;
    double cyc = (double)c->cycles;
    enum stats_id id = w->id;
    if (id == STATS_ID_x86_mnemonics || id == STATS_ID_traps)
        fprintf(f, "  %-28s", w->text);
    else
        fprintf(f, "  %s", w->text);
    if (id == STATS_ID_x86_mnemonics) {
        fprintf(f, "%14u\n", mnemonic_count(s));
    } else if (id == STATS_ID_traps) {
        uint64_t traps = 0;
        for (int i = 0; i < 32; i++) traps += s->traps[i];
        fprintf(f, "%14llu\n", (unsigned long long)traps);
        for (int i = 0; i < 32; i++)
            if (s->traps[i])
                fprintf(f, "    %-25s %14llu\n", sim_cause_name((unsigned)i), (unsigned long long)s->traps[i]);
    } else if (id == STATS_ID_stall_cycles) {
        fprintf(f, "\n");
        for (int i = 0; i < SIM_STALL_COUNT; i++)
            fprintf(f, "    %-25s %14llu\n", stall_names[i], (unsigned long long)s->stall[i]);
    } else if (id == STATS_ID_fusion_profile) {
        fprintf(f, "\n");
        for (int i = 0; i < SIM_FC_COUNT; i++)
            fprintf(f, "    %-25s %14llu (%.1f%%)\n", fuse_names[i], (unsigned long long)s->fuse_prof[1][i],
                    100.0 * ratio((double)s->fuse_prof[1][i], (double)s->mode_ops[1]));
    } else if (id == STATS_ID_activity) {
        fprintf(f, "\n");
        for (int i = 0; i < CMSACT_COUNT; i++)
            if (s->act_cycles[i] || s->act_ops[i])
                fprintf(f, "    %-25s %14llu / %llu (%.1f%% of cycles)\n", act_names[i],
                        (unsigned long long)s->act_cycles[i], (unsigned long long)s->act_ops[i],
                        100.0 * ratio((double)s->act_cycles[i], cyc));
    }
}

void sim_stats_print(FILE *f, const struct sim_cpu *c, const struct sim_report *r)
{
    const struct sim_stats *s = &c->st;
    int open = 0, seen_bbt = 0, seen_hw = 0;
    fprintf(f, "== morph %s statistics ==\n", r->mode);
    for (size_t i = 0; i < STATS_NROWS; i++) {
        const struct stats_row *w = &stats_rows[i];
        if (!seen_hw && w->group == STATS_GROUP_hw) {
            seen_hw = 1;
            if (!s->have_cms && (!r->mode || r->mode[0] == 'r'))
                fprintf(f, "  (firmware sent no statistics)\n");
        }
        if (!stats_shown(w, c)) continue;
        if (w->id > STATS_ID_bpred && w->id <= STATS_ID_xras_hit_rate && c->core.bp.kind == SIM_BP_none) continue;
        if (w->id == STATS_ID_fusion_profile && !c->timing_general) continue; /* not counted */
        /* the cache counters only when there are caches (the L2's with an L2); JSON always */
        if (w->id > STATS_ID_caches && w->id <= STATS_ID_l2_writebacks &&
            (!c->cache_cfg.levels || (w->id >= STATS_ID_l2_accesses && c->cache_cfg.levels < 2)))
            continue;
        if (!seen_bbt && w->group == STATS_GROUP_bbt) {
            seen_bbt = 1;
            fprintf(f, "  basic-block translator (threshold %llu)\n", (unsigned long long)s->cms.bbt_threshold);
        }
        if (!w->text[0]) continue;
        if (w->text[0] == '+') { /* continues the line above */
            text_value(f, w, w->text + 1, c, r);
            continue;
        }
        if (open) fprintf(f, "\n");
        open = 0;
        if (w->kind == STATS_KIND_LIST) {
            list_text(f, w, c);
        } else {
            fprintf(f, "  %-28s", w->text);
            text_value(f, w, w->tfmt[0] ? w->tfmt : "%14llu", c, r);
            open = 1;
        }
    }
    if (open) fprintf(f, "\n");
}

/* One "key": value of a row, in JSON. */
static void json_value(FILE *f, const struct stats_row *w, const struct sim_cpu *c, const struct sim_report *r)
{
    const struct sim_stats *s = &c->st;
    fprintf(f, "\"%s\": ", w->json);
    if (w->kind == STATS_KIND_F) {
        fprintf(f, w->jfmt, stats_f64(w->id, c, r));
    } else if (w->kind == STATS_KIND_S) {
        fprintf(f, "\"%s\"", stats_str(w->id, c));
    } else if (w->kind != STATS_KIND_LIST) {
        fprintf(f, w->jfmt[0] ? w->jfmt : "%llu", (unsigned long long)stats_u64(w->id, c));
    } else if (w->id == STATS_ID_series) {
        fprintf(f, "{\"interval\": %llu, \"columns\": [", (unsigned long long)s->series_interval);
#define SERIES_NAME(name) #name,
        static const char *const cols[] = {MORPH_STATS_SERIES(SERIES_NAME)};
#undef SERIES_NAME
        for (int i = 0; i < SIM_SERIES_COLS; i++) fprintf(f, "%s\"%s\"", i ? ", " : "", cols[i]);
        fprintf(f, "],\n    \"rows\": [");
        for (size_t i = 0; i < s->series_n; i++) {
            fprintf(f, "%s[", i ? ",\n      " : "\n      ");
            for (int k = 0; k < SIM_SERIES_COLS; k++)
                fprintf(f, "%s%llu", k ? ", " : "", (unsigned long long)s->series[i * SIM_SERIES_COLS + k]);
            fprintf(f, "]");
        }
        fprintf(f, "]}");
    } else if (w->id == STATS_ID_x86_mnemonics) {
        fprintf(f, "[");
        for (unsigned i = 0, k = 0; i < 64 * 32; i++)
            if (s->mnemonics[i >> 5] & (1u << (i & 31)))
                fprintf(f, "%s\"%s\"", k++ ? ", " : "", sim_disasm_mnemonic(i));
        fprintf(f, "]");
    } else if (w->id == STATS_ID_traps) {
        fprintf(f, "{");
        for (int i = 0, k = 0; i < 32; i++)
            if (s->traps[i])
                fprintf(f, "%s\"%s\": %llu", k++ ? ", " : "", sim_cause_name((unsigned)i),
                        (unsigned long long)s->traps[i]);
        fprintf(f, "}");
    } else if (w->id == STATS_ID_stall_cycles) {
        fprintf(f, "{");
        for (int i = 0; i < SIM_STALL_COUNT; i++)
            fprintf(f, "%s\"%s\": %llu", i ? ", " : "", stall_names[i], (unsigned long long)s->stall[i]);
        fprintf(f, "}");
    } else if (w->id == STATS_ID_fusion_profile) {
        if (!c->timing_general) {
            fprintf(f, "null");
            return;
        }
        fprintf(f, "{");
        for (int i = 0; i < SIM_FC_COUNT; i++)
            fprintf(f, "%s\"%s\": %llu", i ? ", " : "", fuse_names[i], (unsigned long long)s->fuse_prof[1][i]);
        fprintf(f, "}");
    } else if (w->id == STATS_ID_activity) {
        fprintf(f, "{");
        for (int i = 0; i < CMSACT_COUNT; i++)
            fprintf(f, "%s\"%s\": {\"cycles\": %llu, \"iops\": %llu}", i ? ", " : "", act_names[i],
                    (unsigned long long)s->act_cycles[i], (unsigned long long)s->act_ops[i]);
        fprintf(f, "}");
    }
}

/* The rows of group g as one JSON object, or null when the group is not shown. */
static void json_group(FILE *f, const char *key, enum stats_group g, const struct sim_cpu *c,
                       const struct sim_report *r)
{
    fprintf(f, ",\n  \"%s\": ", key);
    int k = 0;
    for (size_t i = 0; i < STATS_NROWS; i++) {
        const struct stats_row *w = &stats_rows[i];
        if (w->group != g || !w->json[0]) continue;
        if (!stats_shown(w, c)) break;
        fprintf(f, k++ ? ", " : "{");
        json_value(f, w, c, r);
    }
    fprintf(f, k ? "}" : "null");
}

int sim_stats_json(const char *path, const struct sim_cpu *c, const struct sim_report *r)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    const struct sim_stats *s = &c->st;
    int done_cms = 0, done_bbt = 0;
    fprintf(f, "{\n  \"mode\": \"%s\",\n  \"stop\": \"%s\",\n  \"exit_status\": %d", r->mode, r->stop,
            r->exit_status);
    for (size_t i = 0; i < STATS_NROWS; i++) {
        const struct stats_row *w = &stats_rows[i];
        if (w->group == STATS_GROUP_cms || w->group == STATS_GROUP_bbt) {
            int *done = w->group == STATS_GROUP_cms ? &done_cms : &done_bbt;
            /* no "bbt" key at all without firmware statistics */
            if (!*done && (w->group == STATS_GROUP_cms || s->have_cms))
                json_group(f, w->group == STATS_GROUP_cms ? "cms" : "bbt", w->group, c, r);
            *done = 1;
            continue;
        }
        if (!w->json[0] || !stats_shown(w, c)) continue;
        fprintf(f, ",\n  ");
        json_value(f, w, c, r);
    }
    fprintf(f, "\n}\n");
    return fclose(f);
}

void sim_stats_progress(struct sim_cpu *c, uint64_t *cycles, uint64_t *iops, uint64_t *cycles_translated)
{
    sim_timing_mode_switch(c, c->xmode, c->instret, c->cycles);
    *cycles = stats_u64(STATS_ID_cycles, c);
    *iops = stats_u64(STATS_ID_iops_retired, c);
    *cycles_translated = stats_u64(STATS_ID_cycles_translated, c);
}

int sim_stats_sample(struct sim_cpu *c)
{
    struct sim_stats *s = &c->st;
    sim_timing_mode_switch(c, c->xmode, c->instret, c->cycles);
    sim_timing_tier_switch(c, c->sbt, c->instret, c->cycles);
    sim_timing_act_switch(c, c->cmsact, c->instret, c->cycles);
    if (s->series_n == s->series_cap) {
        size_t cap = s->series_cap ? 2 * s->series_cap : 256;
        uint64_t *p = realloc(s->series, cap * SIM_SERIES_COLS * sizeof *p);
        if (!p) return -1;
        s->series = p;
        s->series_cap = cap;
    }
    uint64_t *row = &s->series[s->series_n++ * SIM_SERIES_COLS];
#define SERIES_VAL(name) *row++ = stats_u64(STATS_ID_##name, c);
    MORPH_STATS_SERIES(SERIES_VAL)
#undef SERIES_VAL
    return 0;
}
