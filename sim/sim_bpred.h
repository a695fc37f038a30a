/* Front-end prediction of the model (docs/model.md "Branch prediction", docs/isa.md section 9):
 * a branch target buffer, a direction predictor (static, bimodal, gshare), a return stack for
 * the firmware's RV32 calls and a dual-address return stack for translated x86 calls (Kim and
 * Smith, MICRO 2003). The predictors and their knobs are defined once in include/morph/bpred.def.
 * The RTL implements the same front end on its cores (rtl/morph_bpred.sv; docs/rtl.md).
 *
 * The model resolves each control op when it retires, in program order, but as the realizable
 * front end does (docs/isa.md section 9, "Front-end prediction"): every table is read when the
 * op is fetched, and updated when an op leaves EX, so an op's prediction sees the updates of the
 * ops that issued before its fetch cycle only. The updates wait in a short queue (`q`) until the
 * op whose fetch comes after them resolves. */
#ifndef SIM_BPRED_H
#define SIM_BPRED_H
#include <stdint.h>
#include <stdio.h>
#include "morph/bpred.def"

#define SIM_BPRED_ENUM(name, what) SIM_BP_##name,
enum sim_bpred_kind { MORPH_BPREDS(SIM_BPRED_ENUM) SIM_BP_COUNT };
#undef SIM_BPRED_ENUM

struct sim_bpred_cfg {
    unsigned kind; /* enum sim_bpred_kind; SIM_BP_none = no predictor */
#define SIM_BPRED_FIELD(f, lo, hi, def, p2, desc) unsigned f;
    MORPH_BPRED_KNOBS(SIM_BPRED_FIELD)
#undef SIM_BPRED_FIELD
};

/* "NAME[,knob=value...]" into *b (defaults for knobs not given); *label gets "NAME[,...]".
 * -1 with a message on error. */
int sim_bpred_parse(const char *spec, struct sim_bpred_cfg *b, char *label, size_t lsize);
void sim_bpred_list(FILE *f); /* --bpred=list */

/* The RTL (rtl/morph_bpred.sv) is built with bpred.def's default table sizes as maxima: NULL if
 * it implements configuration b, else why not. sim_bpred_rtl_cfg packs b into the core's
 * bp_cfg_i; sim_bpred_rtl_params prints the Verilog parameters (morph rtl-params). */
const char *sim_bpred_rtl_why(const struct sim_bpred_cfg *b);
uint32_t sim_bpred_rtl_cfg(const struct sim_bpred_cfg *b);
void sim_bpred_rtl_params(FILE *f);

#define SIM_BPRED_STACK_MAX 64
struct sim_btb_entry {
    uint32_t tag;    /* pc >> 2, whole (0: invalid; pc 0 is never a control op's) */
    uint32_t target; /* the last target */
    uint32_t lru;    /* stamp of the last use */
    uint8_t kind;    /* SIM_BPK_* of the op */
};
struct sim_xras_entry {
    uint32_t eip, host; /* x86 return EIP; host address of its translation (JTLB) */
    uint8_t host_valid;
};

/* An update of the predictor state, applied at the end of the EX cycle `at` of its op. */
struct sim_bp_upd {
    int64_t at;
    uint8_t type; /* SIM_BPU_* */
    uint8_t cls, taken, pop, push, xpop;
    uint32_t pc, npc, idx;           /* CTRL: the op, its next pc, its counter's index (fetch) */
    struct sim_xras_entry x;         /* XPUSH */
};
enum { SIM_BPU_CTRL, SIM_BPU_XPUSH, SIM_BPU_XPOP, SIM_BPU_FLUSH };
#define SIM_BPRED_QUEUE 32

struct sim_bpred {
    struct sim_bpred_cfg cfg;
    /* fetch cycles: the next op is fetched in the cycle after `last_issue` - 2 (the cycle its
     * predecessor left ID), or two cycles before it issues when it follows a redirect (redir) */
    int64_t last_issue;
    int redir;
    int64_t f_cur, f_prev; /* the fetch cycle of the op retiring now, and of the one before it */
    struct sim_bp_upd q[SIM_BPRED_QUEUE];
    unsigned qh, qn;
    struct sim_btb_entry *btb; /* sets x ways */
    uint32_t sets, lru_clock;
    uint8_t *bht; /* 2-bit counters, reset weakly not taken (1) */
    uint32_t ghr;
    uint32_t ras[SIM_BPRED_STACK_MAX];
    unsigned ras_top, ras_n; /* circular: an overflow overwrites the oldest */
    struct sim_xras_entry xras[SIM_BPRED_STACK_MAX];
    unsigned xras_top, xras_n;
};

/* Control-op classes the predictor sees (the kind a BTB entry records). */
enum { SIM_BPK_NONE, SIM_BPK_COND, SIM_BPK_JAL, SIM_BPK_JALR, SIM_BPK_JTLBJ };

int sim_bpred_init(struct sim_bpred *p, const struct sim_bpred_cfg *cfg);
void sim_bpred_free(struct sim_bpred *p);

struct sim_cpu;
/* Control op `insn` of class cls (SIM_BPK_*) at pc retires with next pc npc; rs1v = x[rs1] read
 * by it. Updates the predictors and the statistics; returns the cycles it costs over 1 and sets
 * *mis when they are a misprediction's. */
uint32_t sim_bpred_resolve(struct sim_cpu *c, unsigned cls, uint32_t pc, uint32_t insn, uint32_t npc,
                           uint32_t rs1v, uint64_t issue, int *mis);
/* The dual-address return stack: an x86 call's hint, issued at `issue`, pushes return EIP `eip`. */
void sim_bpred_xpush(struct sim_cpu *c, uint32_t eip, uint64_t issue);
/* A jtlbj that trapped on a JTLB miss still popped the stack if it was a return. */
void sim_bpred_jtlb_miss(struct sim_cpu *c, uint32_t insn, uint64_t issue);
/* fence.i issued at `issue` empties the BTB (the code it described may have changed). */
void sim_bpred_fence_i(struct sim_bpred *p, uint64_t issue);

/* Predictor internals, exposed for the unit test (tests/unit/test_bpred.c). */
int sim_bpred_dir(const struct sim_bpred *p, uint32_t pc, uint32_t insn); /* 1 = predict taken */
void sim_bpred_dir_update(struct sim_bpred *p, uint32_t pc, int taken);
void sim_bpred_ras_push(struct sim_bpred *p, uint32_t a);
int sim_bpred_ras_pop(struct sim_bpred *p, uint32_t *a); /* 0 = empty */

#endif
