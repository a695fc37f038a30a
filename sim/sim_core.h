/* Core configurations of the model (docs/model.md "Core configurations"): the timing knobs and
 * the named presets (m0, m1, m2, macro, macro2, wide2, wide4, fpga) that `morph --core=NAME` selects.
 * The presets are only values of the knobs (MORPH_CORE_KNOBS, include/morph/core.def, shared
 * with the firmware) and of the structure sizes, defined once in sim_core.c. m0 is the
 * base scalar core of docs/isa.md section 9; the RTL implements m0, m1, m2, macro and fpga
 * (sim_core_rtl_name). */
#ifndef SIM_CORE_H
#define SIM_CORE_H
#include <stdio.h>
#include "morph/core.def"
#include "morph/htif.h"
#include "sim_bpred.h"

struct sim_core_cfg {
#define SIM_CORE_FIELD(f, lo, hi, desc) unsigned f;
    MORPH_CORE_KNOBS(SIM_CORE_FIELD)
#undef SIM_CORE_FIELD
    char label[96]; /* the preset's name, then any overrides: "m1,redirect=1" */
    /* Not knobs: the preset's structure sizes (the RTL's parameters GtlbEntries, JtlbSets,
     * JtlbWays, GsbDepth), CORE_* of isa/morph-facts.tbl unless the preset says otherwise. The
     * model takes them unless --gtlb-entries, --jtlb-sets, --jtlb-ways say otherwise; the
     * firmware learns the GSB's (struct morph_config, gsb_depth). */
    unsigned gtlb_entries, jtlb_sets, jtlb_ways, gsb_depth;
    unsigned caches; /* not a knob: the run has caches (--caches), which the RTL lacks yet */
    /* The front-end predictor (--bpred; sim_bpred.h): not a knob the firmware receives. */
    struct sim_bpred_cfg bp;
    char bp_label[96];
};

/* The preset `name` into *k; -1 if there is none. */
int sim_core_preset(const char *name, struct sim_core_cfg *k);
/* The preset names, comma-separated, for error messages. */
void sim_core_names(FILE *f);
/* Apply one override "knob=value" (appended to the label); -1 with a message on error. */
int sim_core_set(struct sim_core_cfg *k, const char *kv);
/* Do the knobs equal m0's (the sizes aside)? Then the model runs the base timing routine
 * (sim_execute.c). */
int sim_core_is_base(const struct sim_core_cfg *k);
/* The knobs as the firmware receives them (struct morph_config's core). */
void sim_core_knobs(const struct sim_core_cfg *k, struct morph_core_knobs *out);
/* The presets and knobs, for `--core=list`. */
void sim_core_list(FILE *f);
/* The RTL build (rtl/morph_core.sv) that runs configuration k: the name of the preset with k's
 * knobs when the RTL implements it, else NULL with *why saying what makes it model-only. */
const char *sim_core_rtl_name(const struct sim_core_cfg *k, const char **why);
/* `morph rtl-params NAME`: the Verilator -G options of preset NAME's RTL build (rtl/rtl.mk);
 * (its sizes and multiplier included); -1 with a message when the preset is model-only. caches (or NULL): a synthesis of that cache
 * preset only (make synth-configs): its geometry, and `tie:cache_levels_i=N` (morph_core's input
 * tied to the preset's levels); nobp: `tie:bp_cfg_i=0` (no predictor configured). */
int sim_core_rtl_params(const char *name, const char *caches, int nobp, FILE *f);
/* `morph rtl-cores`: the presets the RTL implements, space-separated. */
/* the presets the RTL implements; with_bpred: those whose RTL also has the front-end predictor */
void sim_core_rtl_list(FILE *f, int with_bpred);

#endif
