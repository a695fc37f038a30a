/* End-of-run report: a readable table (--stats) and the same numbers as JSON (--stats-json). */
#include "sim_stats.h"
#include "sim_cpu.h"
#include "sim_htif.h"
#include "sim_disasm.h"

static const char *const act_names[CMSACT_COUNT] = {
    "boot", "interp", "decode", "syscall", "trap", "translate", "dispatch", "tag7",
};
static const char *const stall_names[SIM_STALL_COUNT] = {
    "load_use", "taken_branch", "divide", "split_guest_access", "trap",
};

static double ratio(double a, double b) { return b ? a / b : 0.0; }

static unsigned mnemonic_count(const struct sim_stats *s)
{
    unsigned n = 0;
    for (unsigned i = 0; i < 64; i++) n += (unsigned)__builtin_popcount(s->mnemonics[i]);
    return n;
}

/* Figures of the basic-block translator (docs/translator.md), derived from the firmware's
 * counters and the machine's mode/activity counters. */
struct bbt_figures {
    double iops_per_x86_static, iops_per_x86_dynamic, dbbt, translated_share, jtlb_hit_rate;
    double fw_cycle_share, xl_cycle_share;
};

static struct bbt_figures bbt_figures(const struct sim_cpu *c)
{
    const struct sim_stats *s = &c->st;
    struct bbt_figures b;
    b.iops_per_x86_static = ratio((double)s->cms.bbt_iops_emitted, (double)s->cms.bbt_x86_translated);
    b.iops_per_x86_dynamic = ratio((double)s->mode_ops[1], (double)s->cms.bbt_x86_executed);
    b.dbbt = ratio((double)s->act_cycles[CMSACT_TRANSLATE], (double)s->cms.bbt_x86_translated);
    b.translated_share = ratio((double)s->cms.bbt_x86_executed, (double)s->cms.x86_retired);
    b.jtlb_hit_rate = ratio((double)s->jtlb_hits, (double)(s->jtlb_hits + s->jtlb_misses));
    b.fw_cycle_share = ratio((double)s->mode_cycles[0], (double)c->cycles);
    b.xl_cycle_share = ratio((double)s->mode_cycles[1], (double)c->cycles);
    return b;
}

static void bbt_print(FILE *f, const struct sim_cpu *c)
{
    const struct cms_stats *m = &c->st.cms;
    struct bbt_figures b = bbt_figures(c);
#define P(label, v) fprintf(f, "  %-28s%14llu\n", label, (unsigned long long)(v))
    fprintf(f, "  basic-block translator (threshold %llu)\n", (unsigned long long)m->bbt_threshold);
    P("  blocks translated", m->bbt_blocks);
    P("  x86 insns translated", m->bbt_x86_translated);
    fprintf(f, "    I-ops per x86 insn static  %14.2f (%llu I-ops emitted)\n", b.iops_per_x86_static,
            (unsigned long long)m->bbt_iops_emitted);
    fprintf(f, "    I-ops per x86 insn dynamic %14.2f (translated mode)\n", b.iops_per_x86_dynamic);
    P("  insns without x86 flags", m->bbt_flag_elided);
    fprintf(f, "    dBBT (cycles / x86 insn)   %14.1f\n", b.dbbt);
    P("  x86 insns in translated code", m->bbt_x86_executed);
    fprintf(f, "    share of x86 insns         %13.1f%%\n", 100.0 * b.translated_share);
    fprintf(f, "    code cache used / size     %14llu / %llu bytes\n", (unsigned long long)m->bbt_cache_bytes,
            (unsigned long long)m->bbt_cache_size);
    P("  code cache flushes", m->bbt_flushes);
    P("  entries (xenter)", m->bbt_enters);
    fprintf(f, "    exits chained / unchained  %14llu / %llu (%llu stubs patched)\n",
            (unsigned long long)m->bbt_exits_chained, (unsigned long long)m->bbt_exits_unchained,
            (unsigned long long)m->bbt_chains);
    fprintf(f, "    JTLB hit rate              %13.1f%% (%llu misses to dispatcher, %llu fills)\n",
            100.0 * b.jtlb_hit_rate, (unsigned long long)m->bbt_jtlb_exits,
            (unsigned long long)m->bbt_jtlb_fills);
    P("  insns left to interpreter", m->bbt_fallbacks);
    P("  rollbacks (faults)", m->bbt_rollbacks);
    fprintf(f, "    cycles firmware / translated %11.1f%% / %.1f%%\n", 100.0 * b.fw_cycle_share,
            100.0 * b.xl_cycle_share);
#undef P
}

void sim_stats_print(FILE *f, const struct sim_cpu *c, const struct sim_report *r)
{
    const struct sim_stats *s = &c->st;
    double cyc = (double)c->cycles, ops = (double)c->instret;
    fprintf(f, "== morph %s statistics ==\n", r->mode);
    if (s->have_cms) {
        double x86 = (double)s->cms.x86_retired;
        fprintf(f, "  x86 instructions retired    %14llu\n", (unsigned long long)s->cms.x86_retired);
        fprintf(f, "    by the interpreter        %14llu\n", (unsigned long long)s->cms.interp_retired);
        fprintf(f, "  IPC (x86 insns / cycle)     %14.4f\n", ratio(x86, cyc));
        fprintf(f, "  cycles per x86 insn         %14.2f\n", ratio(cyc, x86));
        fprintf(f, "  I-ops per x86 insn          %14.2f\n", ratio(ops, x86));
        fprintf(f, "  decode misses / hits        %14llu / %llu\n",
                (unsigned long long)s->cms.decode_misses, (unsigned long long)s->cms.decode_hits);
        fprintf(f, "  decode cache flushes        %14llu\n", (unsigned long long)s->cms.decode_flushes);
        fprintf(f, "  syscalls (unimplemented)    %14llu (%llu)\n", (unsigned long long)s->cms.syscalls,
                (unsigned long long)s->cms.syscalls_unimpl);
        fprintf(f, "  GTLB refills                %14llu\n", (unsigned long long)s->cms.gtlb_refills);
        fprintf(f, "  guest pages at exit         %14llu\n", (unsigned long long)s->cms.guest_pages);
        fprintf(f, "  distinct x86 mnemonics      %14u\n", mnemonic_count(s));
        if (s->cms.bbt_threshold) bbt_print(f, c);
    } else if (!r->mode || r->mode[0] == 'r') {
        fprintf(f, "  (firmware sent no statistics)\n");
    }
    fprintf(f, "  cycles                      %14llu\n", (unsigned long long)c->cycles);
    fprintf(f, "  I-ops retired               %14llu\n", (unsigned long long)c->instret);
    fprintf(f, "    firmware (CMS mode)       %14llu\n", (unsigned long long)s->mode_ops[0]);
    fprintf(f, "    translated mode           %14llu\n", (unsigned long long)s->mode_ops[1]);
    fprintf(f, "  IPC (I-ops / cycle)         %14.4f\n", ratio(ops, cyc));
    fprintf(f, "  fuse-marked ops             %14llu\n", (unsigned long long)s->fused_heads);
    fprintf(f, "  guest loads / stores        %14llu / %llu\n", (unsigned long long)s->guest_loads,
            (unsigned long long)s->guest_stores);
    fprintf(f, "  GTLB misses / writes        %14llu / %llu\n", (unsigned long long)s->gtlb_misses,
            (unsigned long long)s->gtlb_writes);
    fprintf(f, "  JTLB hits / misses / writes %14llu / %llu / %llu\n",
            (unsigned long long)s->jtlb_hits, (unsigned long long)s->jtlb_misses,
            (unsigned long long)s->jtlb_writes);
    fprintf(f, "  commits / rollbacks         %14llu / %llu\n", (unsigned long long)s->commits,
            (unsigned long long)s->rollbacks);
    fprintf(f, "  HTIF requests               %14llu\n", (unsigned long long)s->htif_requests);
    fprintf(f, "  syscalls forwarded to host  %14llu\n", (unsigned long long)(c->htif ? c->htif->syscalls : 0));
    uint64_t traps = 0;
    for (int i = 0; i < 32; i++) traps += s->traps[i];
    fprintf(f, "  traps                       %14llu\n", (unsigned long long)traps);
    for (int i = 0; i < 32; i++)
        if (s->traps[i])
            fprintf(f, "    %-25s %14llu\n", sim_cause_name((unsigned)i), (unsigned long long)s->traps[i]);
    fprintf(f, "  stall cycles\n");
    for (int i = 0; i < SIM_STALL_COUNT; i++)
        fprintf(f, "    %-25s %14llu\n", stall_names[i], (unsigned long long)s->stall[i]);
    fprintf(f, "  cycles / I-ops by activity\n");
    for (int i = 0; i < CMSACT_COUNT; i++)
        if (s->act_cycles[i] || s->act_ops[i])
            fprintf(f, "    %-25s %14llu / %llu (%.1f%% of cycles)\n", act_names[i],
                    (unsigned long long)s->act_cycles[i], (unsigned long long)s->act_ops[i],
                    100.0 * ratio((double)s->act_cycles[i], cyc));
    fprintf(f, "  host seconds                %14.3f\n", r->host_seconds);
    fprintf(f, "  model speed (I-ops/s)       %14.0f\n", ratio(ops, r->host_seconds));
}

int sim_stats_json(const char *path, const struct sim_cpu *c, const struct sim_report *r)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    const struct sim_stats *s = &c->st;
#define U(x) ((unsigned long long)(x))
    fprintf(f, "{\n  \"mode\": \"%s\",\n  \"stop\": \"%s\",\n  \"exit_status\": %d,\n", r->mode, r->stop,
            r->exit_status);
    fprintf(f, "  \"cycles\": %llu,\n  \"iops_retired\": %llu,\n", U(c->cycles), U(c->instret));
    fprintf(f, "  \"iops_cms\": %llu,\n  \"iops_translated\": %llu,\n", U(s->mode_ops[0]), U(s->mode_ops[1]));
    fprintf(f, "  \"cycles_cms\": %llu,\n  \"cycles_translated\": %llu,\n", U(s->mode_cycles[0]),
            U(s->mode_cycles[1]));
    if (s->have_cms) {
        fprintf(f, "  \"cms\": {\"x86_retired\": %llu, \"interp_retired\": %llu, \"decode_misses\": %llu, "
                "\"decode_hits\": %llu, \"decode_flushes\": %llu, \"syscalls\": %llu, "
                "\"syscalls_unimpl\": %llu, \"gtlb_refills\": %llu, \"guest_pages\": %llu},\n",
                U(s->cms.x86_retired), U(s->cms.interp_retired), U(s->cms.decode_misses),
                U(s->cms.decode_hits), U(s->cms.decode_flushes), U(s->cms.syscalls),
                U(s->cms.syscalls_unimpl), U(s->cms.gtlb_refills), U(s->cms.guest_pages));
        fprintf(f, "  \"ipc_x86\": %.6f,\n  \"cycles_per_x86\": %.6f,\n",
                ratio((double)s->cms.x86_retired, (double)c->cycles),
                ratio((double)c->cycles, (double)s->cms.x86_retired));
        if (s->cms.bbt_threshold) {
            const struct cms_stats *m = &s->cms;
            struct bbt_figures b = bbt_figures(c);
            fprintf(f, "  \"bbt\": {\"threshold\": %llu, \"blocks\": %llu, \"x86_translated\": %llu, "
                    "\"iops_emitted\": %llu, \"x86_executed\": %llu, \"cache_bytes\": %llu, "
                    "\"cache_size\": %llu, \"flushes\": %llu, \"enters\": %llu, \"exits_chained\": %llu, "
                    "\"exits_unchained\": %llu, \"chains\": %llu, \"jtlb_exits\": %llu, "
                    "\"jtlb_fills\": %llu, \"fallbacks\": %llu, \"rollbacks\": %llu, \"flag_elided\": %llu,\n"
                    "          \"iops_per_x86_static\": %.4f, \"iops_per_x86_dynamic\": %.4f, \"dbbt\": %.2f, "
                    "\"translated_share\": %.6f, \"jtlb_hit_rate\": %.6f, \"fw_cycle_share\": %.6f, "
                    "\"translated_cycle_share\": %.6f},\n",
                    U(m->bbt_threshold), U(m->bbt_blocks), U(m->bbt_x86_translated), U(m->bbt_iops_emitted),
                    U(m->bbt_x86_executed), U(m->bbt_cache_bytes), U(m->bbt_cache_size), U(m->bbt_flushes),
                    U(m->bbt_enters), U(m->bbt_exits_chained), U(m->bbt_exits_unchained), U(m->bbt_chains),
                    U(m->bbt_jtlb_exits), U(m->bbt_jtlb_fills), U(m->bbt_fallbacks), U(m->bbt_rollbacks),
                    U(m->bbt_flag_elided), b.iops_per_x86_static, b.iops_per_x86_dynamic, b.dbbt,
                    b.translated_share, b.jtlb_hit_rate, b.fw_cycle_share, b.xl_cycle_share);
        } else {
            fprintf(f, "  \"bbt\": null,\n");
        }
        fprintf(f, "  \"x86_mnemonics\": [");
        for (unsigned i = 0, k = 0; i < 64 * 32; i++)
            if (s->mnemonics[i >> 5] & (1u << (i & 31)))
                fprintf(f, "%s\"%s\"", k++ ? ", " : "", sim_disasm_mnemonic(i));
        fprintf(f, "],\n");
    } else {
        fprintf(f, "  \"cms\": null,\n");
    }
    fprintf(f, "  \"ipc_iops\": %.6f,\n", ratio((double)c->instret, (double)c->cycles));
    fprintf(f, "  \"fused_marked\": %llu,\n  \"guest_loads\": %llu,\n  \"guest_stores\": %llu,\n",
            U(s->fused_heads), U(s->guest_loads), U(s->guest_stores));
    fprintf(f, "  \"gtlb_misses\": %llu,\n  \"gtlb_writes\": %llu,\n", U(s->gtlb_misses), U(s->gtlb_writes));
    fprintf(f, "  \"jtlb_hits\": %llu,\n  \"jtlb_misses\": %llu,\n  \"jtlb_writes\": %llu,\n",
            U(s->jtlb_hits), U(s->jtlb_misses), U(s->jtlb_writes));
    fprintf(f, "  \"commits\": %llu,\n  \"rollbacks\": %llu,\n  \"htif_requests\": %llu,\n"
            "  \"host_syscalls\": %llu,\n", U(s->commits), U(s->rollbacks), U(s->htif_requests),
            U(c->htif ? c->htif->syscalls : 0));
    fprintf(f, "  \"traps\": {");
    int first = 1;
    for (int i = 0; i < 32; i++)
        if (s->traps[i]) {
            fprintf(f, "%s\"%s\": %llu", first ? "" : ", ", sim_cause_name((unsigned)i), U(s->traps[i]));
            first = 0;
        }
    fprintf(f, "},\n  \"stall_cycles\": {");
    for (int i = 0; i < SIM_STALL_COUNT; i++)
        fprintf(f, "%s\"%s\": %llu", i ? ", " : "", stall_names[i], U(s->stall[i]));
    fprintf(f, "},\n  \"activity\": {");
    for (int i = 0; i < CMSACT_COUNT; i++)
        fprintf(f, "%s\"%s\": {\"cycles\": %llu, \"iops\": %llu}", i ? ", " : "", act_names[i],
                U(s->act_cycles[i]), U(s->act_ops[i]));
    fprintf(f, "},\n  \"host_seconds\": %.6f,\n  \"iops_per_second\": %.0f\n}\n", r->host_seconds,
            ratio((double)c->instret, r->host_seconds));
#undef U
    return fclose(f);
}
