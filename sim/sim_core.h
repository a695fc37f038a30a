/* Core configurations of the model (docs/model.md "Core configurations"): the timing knobs and
 * the named presets (m0, m1, m2, macro, wide2, wide4) that `morph --core=NAME` selects. The
 * presets are only values of the knobs; the knobs and presets are defined here, once. m0 is the
 * base scalar core of docs/isa.md section 9, the one the RTL implements. */
#ifndef SIM_CORE_H
#define SIM_CORE_H
#include <stdio.h>

/* X(field, min, max, "meaning"): every knob, in the order `--core=list` shows them. */
#define SIM_CORE_KNOBS(X) \
    X(width,     1, 8,   "ops issued per cycle, in order (a fused pair takes one slot)") \
    X(redirect,  0, 16,  "cycles lost when an op redirects fetch (taken branch or xbcc, jal, jalr, mret, jtlbj hit, xenter)") \
    X(load_use,  0, 16,  "cycles an op reading a load's rd waits when it would issue the cycle after the load") \
    X(div,       1, 128, "cycles the iterative divider stalls the pipeline (div, divu, rem, remu)") \
    X(mem_ports, 1, 4,   "memory ops (base and guest loads and stores) per cycle") \
    X(branches,  1, 4,   "branches and jumps per cycle") \
    X(fuse,      0, 1,   "a fuse-marked head and its tail issue in one cycle, in one slot") \
    X(collapse,  0, 1,   "collapsed 3-1 ALU: a fused tail may use its head's result in the same cycle when both are single-cycle ALU ops")

struct sim_core_cfg {
#define SIM_CORE_FIELD(f, lo, hi, desc) unsigned f;
    SIM_CORE_KNOBS(SIM_CORE_FIELD)
#undef SIM_CORE_FIELD
    char label[96]; /* the preset's name, then any overrides: "m1,redirect=1" */
};

/* The preset `name` into *k; -1 if there is none. */
int sim_core_preset(const char *name, struct sim_core_cfg *k);
/* Apply one override "knob=value" (appended to the label); -1 with a message on error. */
int sim_core_set(struct sim_core_cfg *k, const char *kv);
/* Do the knobs equal m0's? Then the model runs the base timing routine (sim_execute.c). */
int sim_core_is_base(const struct sim_core_cfg *k);
/* The presets and knobs, for `--core=list`. */
void sim_core_list(FILE *f);

#endif
