/* The named core configurations (docs/model.md "Core configurations"): each is a set of knob
 * values (sim_core.h); this table is their one definition. */
#include "sim_core.h"
#include "sim_timing.h"
#include "sim_cache.h"
#include "morph_facts.h"
#include <stdlib.h>
#include <string.h>

struct preset {
    const char *name, *what;
    struct sim_core_cfg k; /* sizes 0: CORE_* (sim_core_preset) */
};

#define K(w, r, lu, dv, mu, mp, br, fu, co, cm) \
    .width = w, .redirect = r, .load_use = lu, .div = dv, .mul = mu, .mem_ports = mp, .branches = br, .fuse = fu, \
    .collapse = co, .collapse_mem = cm
/* m0's costs are the base timing's (sim_timing.h); the others change only what their name says. */
#define R0 SIM_T_REDIRECT
#define LU SIM_T_LOAD_USE
#define DV SIM_T_DIV
#define MU SIM_T_MUL_ITER
static const struct preset presets[] = {
    {"m0", "base scalar core (docs/isa.md section 9)", {K(1, R0, LU, DV, 0, 1, 1, 0, 0, 0)}},
    {"m1", "m0 + fusion: a fused pair issues as one unit", {K(1, R0, LU, DV, 0, 1, 1, 1, 0, 0)}},
    {"m2", "m1 with a shorter front end: redirect penalty 1", {K(1, 1, LU, DV, 0, 1, 1, 1, 0, 0)}},
    {"macro", "m2 + collapsed 3-1 ALU and address: a dependent fused pair in one cycle, an ALU or memory tail",
     {K(1, 1, LU, DV, 0, 1, 1, 1, 1, 1)}},
    {"macro2", "macro issuing 2 wide (a fused pair takes one slot), as HPCA 2006's macro-op machine",
     {K(2, 1, LU, DV, 0, 1, 1, 1, 1, 1)}},
    {"wide2", "conventional in-order 2-wide, no fusion", {K(2, R0, LU, DV, 0, 1, 1, 0, 0, 0)}},
    {"wide4", "conventional in-order 4-wide, no fusion", {K(4, R0, LU, DV, 0, 1, 1, 0, 0, 0)}},
    /* GSB 8: the lifter needs XL_LIFT_MAX_STORES (1) entries per x86 instruction; 8 keeps a
     * commit region to 8 stores */
    {"fpga", "m0 with the iterative multiplier and small TLBs and gated store buffer: the FPGA prototype's",
     {K(1, R0, LU, DV, MU, 1, 1, 0, 0, 0), .gtlb_entries = 8, .jtlb_sets = 8, .jtlb_ways = 1, .gsb_depth = 8}},
};
#define NPRESETS (sizeof presets / sizeof presets[0])

void sim_core_names(FILE *f)
{
    for (size_t i = 0; i < NPRESETS; i++) fprintf(f, "%s%s", i ? ", " : "", presets[i].name);
}

int sim_core_preset(const char *name, struct sim_core_cfg *k)
{
    for (size_t i = 0; i < NPRESETS; i++)
        if (!strcmp(name, presets[i].name)) {
            *k = presets[i].k;
            if (!k->gtlb_entries) k->gtlb_entries = CORE_GTLB_ENTRIES;
            if (!k->jtlb_sets) k->jtlb_sets = CORE_JTLB_SETS;
            if (!k->jtlb_ways) k->jtlb_ways = CORE_JTLB_WAYS;
            if (!k->gsb_depth) k->gsb_depth = CORE_GSB_DEPTH;
            snprintf(k->label, sizeof k->label, "%s", presets[i].name);
            memset(&k->bp, 0, sizeof k->bp); /* --bpred=none */
            snprintf(k->bp_label, sizeof k->bp_label, "none");
            return 0;
        }
    return -1;
}

/* Do k and p have the same knobs, the decode assist (xdec) aside? It changes no timing, and
 * the RTL takes it as an input (xdec_i), so every RTL build runs with it or without. */
static int same_but_xdec(const struct sim_core_cfg *k, const struct sim_core_cfg *p)
{
#define SIM_CORE_SAME(f, lo, hi, desc) (k->f == p->f || !strcmp(#f, "xdec")) &&
    return MORPH_CORE_KNOBS(SIM_CORE_SAME) 1;
#undef SIM_CORE_SAME
}

/* Do k and preset p have the same structure sizes? */
static int same_sizes(const struct sim_core_cfg *k, const struct preset *p)
{
    struct sim_core_cfg q;
    sim_core_preset(p->name, &q);
    return k->gtlb_entries == q.gtlb_entries && k->jtlb_sets == q.jtlb_sets && k->jtlb_ways == q.jtlb_ways &&
           k->gsb_depth == q.gsb_depth;
}

int sim_core_is_base(const struct sim_core_cfg *k) { return same_but_xdec(k, &presets[0].k); }

int sim_core_set(struct sim_core_cfg *k, const char *kv)
{
    const char *eq = strchr(kv, '=');
    char *end;
    size_t n = eq ? (size_t)(eq - kv) : 0;
    unsigned long v = eq && eq[1] ? strtoul(eq + 1, &end, 0) : 0;
    if (!eq || !eq[1] || *end) {
        fprintf(stderr, "morph: --core-opt wants knob=value, not '%s' (--core=list shows the knobs)\n", kv);
        return -1;
    }
#define SIM_CORE_SET(f, lo, hi, desc)                                                          \
    if (n == strlen(#f) && !strncmp(kv, #f, n)) {                                              \
        if (v > hi || (long long)v < lo) {                                                     \
            fprintf(stderr, "morph: --core-opt %s must be %d..%d\n", #f, lo, hi);              \
            return -1;                                                                         \
        }                                                                                      \
        k->f = (unsigned)v;                                                                    \
        size_t l = strlen(k->label);                                                           \
        snprintf(k->label + l, sizeof k->label - l, ",%s", kv);                                \
        return 0;                                                                              \
    }
    MORPH_CORE_KNOBS(SIM_CORE_SET)
#undef SIM_CORE_SET
    fprintf(stderr, "morph: unknown core knob '%.*s' (--core=list shows the knobs)\n", (int)n, kv);
    return -1;
}

void sim_core_knobs(const struct sim_core_cfg *k, struct morph_core_knobs *out)
{
#define SIM_CORE_SEND(f, lo, hi, desc) out->f = (uint8_t)k->f;
    MORPH_CORE_KNOBS(SIM_CORE_SEND)
#undef SIM_CORE_SEND
}

void sim_core_list(FILE *f)
{
    fprintf(f, "%-6s", "core");
#define SIM_CORE_HEAD(fl, lo, hi, desc) fprintf(f, " %9s", #fl);
    MORPH_CORE_KNOBS(SIM_CORE_HEAD)
#undef SIM_CORE_HEAD
    fprintf(f, "\n");
    for (size_t i = 0; i < NPRESETS; i++) {
        const struct sim_core_cfg *k = &presets[i].k;
        fprintf(f, "%-6s", presets[i].name);
#define SIM_CORE_VAL(fl, lo, hi, desc) fprintf(f, " %9u", k->fl);
        MORPH_CORE_KNOBS(SIM_CORE_VAL)
#undef SIM_CORE_VAL
        fprintf(f, "   %s", presets[i].what);
        if (k->gtlb_entries) /* a preset that sets its sizes sets them all */
            fprintf(f, " (GTLB %u, JTLB %u x %u, GSB %u)", k->gtlb_entries, k->jtlb_sets, k->jtlb_ways, k->gsb_depth);
        fputc('\n', f);
    }
    fprintf(f, "\nknobs (--core-opt knob=value overrides the preset's value):\n");
#define SIM_CORE_DESC(fl, lo, hi, desc) fprintf(f, "  %-9s %d..%-3d %s\n", #fl, lo, hi, desc);
    MORPH_CORE_KNOBS(SIM_CORE_DESC)
#undef SIM_CORE_DESC
}

/* The RTL (rtl/morph_core.sv, docs/rtl.md "Configurations") implements a configuration whose
 * knobs are m0's but for fuse, collapse, collapse_mem, redirect (m0's or 1) and mul (0 or the
 * iterative multiplier's, rtl/morph_mul.sv): its parameters Fuse, Collapse, CollapseMem,
 * Redirect and MulCycles; the sizes are parameters too. This is the one place that says so;
 * rtl/rtl.mk asks `morph rtl-params`. */
static int rtl_implements(const struct sim_core_cfg *k, const char **why)
{
    const struct sim_core_cfg *b = &presets[0].k;
    *why = k->width != b->width           ? "it issues more than one op per cycle"
           : k->load_use != b->load_use     ? "its load_use differs from m0's"
           : k->div != b->div               ? "its div differs from m0's"
           : k->mul && k->mul != SIM_T_MUL_ITER ? "its mul is neither 0 nor the iterative multiplier's (32)"
           : k->mem_ports != b->mem_ports   ? "its mem_ports differs from m0's"
           : k->branches != b->branches     ? "its branches differs from m0's"
           : k->redirect != b->redirect && k->redirect != 1 ? "its redirect is neither m0's nor 1"
           : k->bp.kind != SIM_BP_none      ? sim_bpred_rtl_why(&k->bp)
                                            : NULL;
    return !*why;
}

const char *sim_core_rtl_name(const struct sim_core_cfg *k, const char **why)
{
    if (!rtl_implements(k, why)) return NULL;
    for (size_t i = 0; i < NPRESETS; i++)
        if (same_but_xdec(k, &presets[i].k) && same_sizes(k, &presets[i])) return presets[i].name;
    *why = "no preset has these knobs and sizes (the RTL is built per preset)";
    return NULL;
}

int sim_core_rtl_params(const char *name, const char *caches, int nobp, FILE *f)
{
    struct sim_core_cfg k;
    const char *why;
    if (sim_core_preset(name, &k)) {
        fprintf(stderr, "morph: unknown core '%s' (--core=list shows them)\n", name);
        return -1;
    }
    if (!sim_core_rtl_name(&k, &why)) {
        fprintf(stderr, "morph: core %s is model-only: the RTL does not implement it (%s)\n", name, why);
        return -1;
    }
    struct sim_cache_rtl_max m;
    unsigned levels = 0;
    sim_cache_rtl_max(&m);
    if (caches && sim_cache_rtl_preset(caches, &m, &levels)) {
        fprintf(stderr, "morph: unknown cache preset '%s' (--caches=list shows them)\n", caches);
        return -1;
    }
    fprintf(f, "-GGtlbEntries=%u -GJtlbSets=%u -GJtlbWays=%u -GGsbDepth=%u -GMulCycles=%u ", k.gtlb_entries,
            k.jtlb_sets, k.jtlb_ways, k.gsb_depth, k.mul);
    fprintf(f, "-GFuse=%u -GCollapse=%u -GCollapseMem=%u -GRedirect=%u -GL1ISets=%u -GL1IWays=%u -GL1DSets=%u "
            "-GL1DWays=%u -GL2Sets=%u -GL2Ways=%u ", k.fuse, k.fuse && k.collapse, k.fuse && k.collapse_mem, k.redirect,
            m.l1i_sets, m.l1i_ways, m.l1d_sets, m.l1d_ways, m.l2_sets, m.l2_ways);
    sim_bpred_rtl_params(f);
    if (caches) fprintf(f, " tie:cache_levels_i=%u", levels);
    if (nobp) fprintf(f, " tie:bp_cfg_i=%u", sim_bpred_rtl_cfg(&(struct sim_bpred_cfg){ .kind = SIM_BP_none }));
    fputc('\n', f);
    return 0;
}

void sim_core_rtl_list(FILE *f, int with_bpred)
{
    const char *why, *sep = "";
    for (size_t i = 0; i < NPRESETS; i++) {
        struct sim_core_cfg k;
        sim_core_preset(presets[i].name, &k);
        if (with_bpred && sim_bpred_parse("gshare", &k.bp, NULL, 0)) return;
        if (sim_core_rtl_name(&k, &why)) {
            fprintf(f, "%s%s", sep, presets[i].name);
            sep = " ";
        }
    }
    fputc('\n', f);
}
