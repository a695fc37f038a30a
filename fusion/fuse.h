/* The interface of fusion heuristics (docs/fusion.md).
 *
 * The fusion pass (translator/xl_pass_fuse.c) cuts a translation into regions: the ops between
 * barriers (labels, branches, jumps, commits, CSR ops, exit stubs, anything position-dependent).
 * For each region it fills a struct fuse_region (each op's word, class and the registers it
 * reads and writes; the dependences between ops) and calls the chosen heuristic, which marks
 * pairs with fuse_try(). fuse_try() is the only way to mark: it checks the pair against the rules
 * below and the core's constraints, and brings the tail next to the head when it can do so
 * without breaking a dependence. The pass then writes the ops back in their new order with the
 * marks (docs/isa.md section 1: bit 1 = 0 on the head; a mark never changes results).
 *
 * Legal pair (h, t): h is a single-cycle ALU op (FUSE_ALU), t reads a result of h (a register or
 * xflags) unless the heuristic asks for an independent pair, neither is in a pair already, and
 * the pair reads at most core->max_srcs distinct registers (xflags counts as one) from outside
 * itself: the operand fields of one issue slot (Hu & Smith). Only the region's closing branch can
 * be a tail among the barriers; it never moves, so its head must be brought down to it. */
#ifndef FUSE_H
#define FUSE_H
#include <stdint.h>
#include "fuse_table.h"
#include "morph_decode.h"

#define FUSE_MAX_REGION 32 /* ops per region: a longer run is cut (a region's ops fit a 32-bit mask) */

/* What the translator knows of the core it translates for (and nothing else of it): the fusion
 * heuristics and the scheduler (translator/xl_pass_sched.c) read it. */
struct fuse_core {
    uint8_t issue_width;   /* ops issued per cycle */
    uint8_t fuses;         /* a marked pair issues as one (in one slot) */
    uint8_t collapsed_alu; /* a 3-1 ALU executes an ALU op and a dependent ALU op in one cycle */
    uint8_t collapsed_mem; /* the address adder and store data take a single-cycle ALU head's
                              result: a load or store that uses it issues in the head's cycle */
    uint8_t max_srcs;      /* distinct source registers of a pair (the fields of an issue slot) */
    uint8_t mem_per_pair;  /* guest memory ops a pair (and an issue group) may hold */
    uint8_t load_use;      /* cycles a load's result comes later than an ALU op's */
    uint8_t mul_stalls;    /* the multiplier is iterative (knob mul): a multiply ends its issue
                              group, as a divide does */
};
/* Hu & Smith's machine (2-wide, collapsed ALU, 2 sources, 1 memory op, load-use 1): what host
 * tools and tests fuse for unless they say otherwise. */
extern const struct fuse_core fuse_core_default;
/* The core the translator translates for: fuse_core_default until the firmware sets it at boot
 * from the configured core's knobs (--core, --core-opt; include/morph/core.def). */
extern struct fuse_core fuse_core;
struct morph_core_knobs;
void fuse_core_from_knobs(struct fuse_core *c, const struct morph_core_knobs *k);

enum fuse_class {
    FUSE_ALU,    /* single-cycle: base ALU ops, lui, x-ALU ops but the multiplies, xsetcc */
    FUSE_MUL,    /* multi-cycle: mul, div, rem, the x-ALU multiplies */
    FUSE_LOAD,   /* guest load (base load in the firmware) */
    FUSE_STORE,  /* guest store */
    FUSE_BRANCH, /* the conditional branch that closes the region: fixed, last */
};

/* Registers an op reads or writes: bit r = xr for x1..x31, and bit 0 (x0 is never a
 * dependence) = xflags. Guest memory apart: loads may pass loads, nothing passes a store. */
#define FUSE_RES_FLAGS 1u
#define FUSE_MEM_LOAD 1u
#define FUSE_MEM_STORE 2u

/* Why a candidate head (a FUSE_ALU op) ended up in no pair; counted per region. */
#define FUSE_REASONS(X)                                                                        \
    X(notail)  /* no op the heuristic could take as its tail in the region */                  \
    X(taken)   /* its tail candidate is in another pair */                                     \
    X(cycle)   /* ops between them depend on the head and the tail depends on them */          \
    X(srcs)    /* the pair would read more than max_srcs registers */                          \
    X(barrier) /* the tail is the closing branch and ops between depend on the head */
enum fuse_reason {
    FUSE_OK = 0,
#define FUSE_R_(n) FUSE_R_##n,
    FUSE_REASONS(FUSE_R_)
#undef FUSE_R_
    FUSE_R_COUNT
};

/* Static counts of the pass (include/morph/stats.def, bbt_fuse_*). */
struct fuse_stats {
    uint32_t pairs;                /* marks set */
    uint32_t moved;                /* ops not at their lifted position */
    uint32_t rejected[FUSE_R_COUNT]; /* candidate heads in no pair, by reason ([0] unused) */
};

struct fuse_op {
    uint32_t w;      /* the op's word, without a mark */
    uint8_t cls;     /* enum fuse_class */
    uint8_t mem;     /* FUSE_MEM_* */
    uint8_t r1, r2, rw; /* registers read and written (0: none) */
    uint32_t rd, wr; /* the same as masks (bit r = xr), with FUSE_RES_FLAGS */
};

/* A region in flight. Ops are numbered 0..n-1 in lifted order; dep[] and anc[] are over these
 * numbers and never change; ord[]/pos[] is the current order (fuse_try() changes it). */
struct fuse_region {
    unsigned n;
    struct fuse_op op[FUSE_MAX_REGION];
    uint32_t dep[FUSE_MAX_REGION]; /* bit x of dep[y]: y depends on x directly (RAW, WAR, WAW) */
    uint32_t raw[FUSE_MAX_REGION]; /* the part of dep[y] that writes what y reads (RAW) */
    uint32_t anc[FUSE_MAX_REGION]; /* the same, transitively: x must stay before y (anc_ok) */
    int anc_ok;                    /* anc[] is computed (fuse_region_anc: only what fuses needs it) */
    uint8_t ord[FUSE_MAX_REGION];  /* ord[p]: the op at position p */
    uint8_t pos[FUSE_MAX_REGION];  /* pos[i]: the position of op i */
    uint32_t head, paired;         /* ops marked as heads; ops in a pair (heads and tails) */
    uint8_t why[FUSE_MAX_REGION];  /* enum fuse_reason: the last refusal of op i as a head */
    const struct fuse_core *core;
    /* while ops are added: per register (index 0: xflags) its last writer and the readers
     * since; memory alike */
    uint32_t lastw[32], readers[32], mem_w, mem_r;
};

/* Index of the lowest set bit of m != 0. RV32IM has no ctz instruction (gcc calls libgcc):
 * a de Bruijn multiply and a table lookup instead. */
static inline unsigned fuse_ctz(uint32_t m)
{
    static const uint8_t pos[32] = {0,  1,  28, 2,  29, 14, 24, 3,  30, 22, 20, 15, 25, 17, 4,  8,
                                    31, 27, 13, 23, 21, 19, 16, 7,  26, 12, 18, 6,  11, 5,  10, 9};
    return pos[((m & -m) * 0x077CB531u) >> 27];
}

/* t reads a result of h (a register or xflags). */
static inline int fuse_reads_result(const struct fuse_region *r, unsigned h, unsigned t)
{
    return (r->op[h].wr & r->op[t].rd) != 0;
}
/* The word at position p of r's current order, a head without the mark bit (docs/isa.md
 * section 1: bit 1 = 0 on the head). */
static inline uint32_t fuse_region_word(const struct fuse_region *r, unsigned p)
{
    unsigned i = r->ord[p];
    return r->op[i].w & ~(r->head >> i & 1 ? (uint32_t)MORPH_FUSE_BIT : 0u);
}
/* Op i may head a pair: a single-cycle ALU op in no pair. */
static inline int fuse_can_head(const struct fuse_region *r, unsigned i)
{
    return r->op[i].cls == FUSE_ALU && !(r->paired >> i & 1);
}

/* Distinct registers (xflags counts) the pair h, t reads from outside itself (inline: the
 * scheduler asks it in its candidate loop, where a call cost it a dozen saved registers). */
static inline unsigned fuse_op_srcs(const struct fuse_op *h, const struct fuse_op *t)
{
    uint32_t s = h->rd | (t->rd & ~h->wr);
    unsigned k = 0;
    for (; s; s &= s - 1) k++;
    return k;
}
static inline unsigned fuse_pair_srcs(const struct fuse_region *r, unsigned h, unsigned t)
{
    return fuse_op_srcs(&r->op[h], &r->op[t]);
}

#define FUSE_MOVE 1        /* fuse_try: may reorder to make h and t adjacent */
#define FUSE_INDEPENDENT 2 /* fuse_try: t need not read h's result (an issue pair, not a macro-op) */
/* Marks h as the head of a pair with tail t, after t, if the pair is legal: with FUSE_MOVE it
 * brings them together (the ops between that t depends on go before h, the rest after t; or h
 * goes down to a fixed branch); without, they must be adjacent. On refusal records the reason
 * in r->why[h] and returns it; FUSE_OK on success. */
enum fuse_reason fuse_try(struct fuse_region *r, unsigned h, unsigned t, unsigned how);

/* The heuristics of fuse_table.h, and the chosen one (set from --fusion at boot). */
#define FUSE_DECL_(id, name, about) void fuse_##id(struct fuse_region *r);
FUSE_HEURISTICS(FUSE_DECL_)
#undef FUSE_DECL_
extern void (*const fuse_heuristic[FUSE_ID_COUNT])(struct fuse_region *r);
extern const char *const fuse_names[FUSE_ID_COUNT];
extern unsigned fuse_chosen; /* enum fuse_id */
extern struct fuse_stats fuse_totals; /* the pass's counts since boot */

/* Building a region (the pass's job): begin, then add its ops in order, each with its op
 * (morph_classify) and class (fuse_classify_op, >= 0; a FUSE_BRANCH only last). fuse_region_init
 * does it all for the words w[0..n) (tests); -1 when they cannot form a region. */
void fuse_region_begin(struct fuse_region *r, const struct fuse_core *core);
/* The facts of word w (op: morph_classify(w), cls: fuse_classify_op(w, op), >= 0) as a region
 * holds them: its word with no mark, class, memory access, registers read and written. */
static inline void fuse_op_init(struct fuse_op *o, uint32_t w, enum morph_iop op, int cls)
{
    unsigned a = morph_iop_info(op)->attr;
    uint32_t fr = a & MORPH_A_FLAGS_R ? FUSE_RES_FLAGS : 0, fw = a & MORPH_A_FLAGS_W ? FUSE_RES_FLAGS : 0;
    unsigned r1 = a & MORPH_A_RS1 ? morph_rs1(w) : 0, r2 = a & MORPH_A_RS2 ? morph_rs2(w) : 0;
    unsigned rw = a & MORPH_A_RD ? morph_rd(w) : 0;
    o->w = w | MORPH_FUSE_BIT;
    o->cls = (uint8_t)cls;
    o->mem = (uint8_t)(a & (MORPH_A_GLOAD | MORPH_A_LOAD) ? FUSE_MEM_LOAD
                       : a & (MORPH_A_GSTORE | MORPH_A_STORE) ? FUSE_MEM_STORE : 0);
    o->r1 = (uint8_t)r1;
    o->r2 = (uint8_t)r2;
    o->rw = (uint8_t)rw;
    o->rd = ((1u << r1 | 1u << r2) & ~1u) | fr;
    o->wr = (1u << rw & ~1u) | fw;
}
/* A tail that reads its single-cycle ALU head's result and still issues in the head's cycle on
 * this core: an ALU op on the collapsed ALU, a load or store on the collapsed address. */
static inline int fuse_one_cycle_tail(const struct fuse_core *core, const struct fuse_op *t)
{
    return (core->collapsed_alu && t->cls == FUSE_ALU) || (core->collapsed_mem && t->mem);
}
/* The pair h, t holds no more memory ops than the core allows in one. */
static inline int fuse_mem_ok(const struct fuse_core *core, const struct fuse_op *h, const struct fuse_op *t)
{
    return (h->mem != 0) + (t->mem != 0) <= core->mem_per_pair;
}
/* Whether the adjacent ops h, t (h before t) may be a pair as fuse_try(h, t, 0) decides it when
 * h may head one (fuse_can_head) and t is in no pair: FUSE_OK or the refusal. */
static inline enum fuse_reason fuse_adjacent_ok(const struct fuse_core *core, const struct fuse_op *h,
                                                const struct fuse_op *t)
{
    if (h->cls != FUSE_ALU || !(h->wr & t->rd)) return FUSE_R_notail;
    if (fuse_op_srcs(h, t) > core->max_srcs) return FUSE_R_srcs;
    return fuse_mem_ok(core, h, t) ? FUSE_OK : FUSE_R_notail;
}
void fuse_region_add(struct fuse_region *r, uint32_t w, enum morph_iop op, int cls);
int fuse_region_init(struct fuse_region *r, const uint32_t *w, unsigned n, const struct fuse_core *core);
/* Renames r's ops by their current order (r->ord, as a scheduler left it): op p becomes the op at
 * position p, with no marks; the dependences are the same relation, renamed, so r is then the
 * region that adding its words in that order would build, without classifying them again. */
void fuse_region_renumber(struct fuse_region *r);
/* Computes anc[] from dep[] (a heuristic's region has it: fuse_region_init and
 * fuse_region_renumber compute it, the pass fuse before it calls a heuristic; the scheduler does
 * not need it). */
void fuse_region_anc(struct fuse_region *r);
/* The class of word w (op: morph_classify(w)), or -1 for a barrier (a conditional branch is
 * FUSE_BRANCH: it may close a region). */
static inline int fuse_classify_op(uint32_t w, enum morph_iop op)
{
    unsigned a = morph_iop_info(op)->attr;
    if (a & MORPH_A_BRANCH) return FUSE_BRANCH;
    /* guest memory in translated code; base memory in the firmware (tools/fwfuse.c), which
     * translated code never holds */
    if (a & (MORPH_A_GLOAD | MORPH_A_LOAD)) return FUSE_LOAD;
    if (a & (MORPH_A_GSTORE | MORPH_A_STORE)) return FUSE_STORE;
    /* jumps, traps, CSRs, commit and the other system ops stay where they are */
    if (a & (MORPH_A_JUMP | MORPH_A_TRAP | MORPH_A_CSR)) return -1;
    switch (op) {
    case MI_MUL: case MI_MULH: case MI_MULHSU: case MI_MULHU:
    case MI_DIV: case MI_DIVU: case MI_REM: case MI_REMU:
    case MI_XMULF_B: case MI_XMULF_H: case MI_XMULF_W:
    case MI_XIMULF_B: case MI_XIMULF_H: case MI_XIMULF_W:
        return FUSE_MUL;
    case MI_LUI: case MI_XSETCC: return FUSE_ALU;
    case MI_AUIPC: return -1; /* its result depends on where it is */
    default: break;
    }
    /* base and x-ALU register ops (OP, OP-IMM, custom x-ALU); anything else is a barrier */
    unsigned opc = morph_opcode(w | MORPH_FUSE_BIT);
    return (a & MORPH_A_XALU) || opc == 0x13 || opc == 0x33 ? FUSE_ALU : -1;
}
int fuse_classify(uint32_t w);
/* Adds r's marks, moves and refusals to s. */
void fuse_count(const struct fuse_region *r, struct fuse_stats *s);

#endif
