/* Timing (docs/isa.md section 9, docs/model.md "Timing" and "Core configurations"): the issue
 * and retire rules, the stall counters that add up to cycles, and the attribution of ops and
 * cycles to modes and activity tags. Two routines: the base one (m0, the RTL's: the stall and
 * cycle logic of rtl/morph_core.sv) and the general one, which follows the knobs of c->core
 * (sim_core.h). The execute loop is instantiated once per routine (sim_execute.c), so the
 * choice costs nothing per op. The per-op rules are static inline so the loop keeps them in line. */
#ifndef SIM_TIMING_H
#define SIM_TIMING_H
#include <stdint.h>
#include "sim_cpu.h"
#include "sim_decoder.h"
#include "morph_decode.h"

/* Extra cycles over the 1 every op costs. */
#define SIM_T_LOAD_USE 1u  /* op reads the rd of the load just before it */
#define SIM_T_REDIRECT 2u  /* fetch redirected: taken branch/xbcc, JAL, JALR, MRET, jtlbj, xenter */
#define SIM_T_DIV 32u      /* DIV, DIVU, REM, REMU */
#define SIM_T_SPLIT 1u     /* guest access touching two aligned 4-byte words */
#define SIM_T_TRAP 3u      /* a trapping op: the handler's first op issues 3 cycles after it */
/* The iterative multiplier (knob mul, rtl/morph_mul.sv: one product bit a cycle) stalls this
 * long; m0's multiplier takes one cycle, so the base routine never sees the event. */
#define SIM_T_MUL_ITER 32u
/* A multiply on a core whose knob mul is not 0: general routine only, where it names the
 * event (its cost is the knob), not a cycle count. */
#define SIM_EV_MUL 0x100u
/* An op's `extra` (one of the above or 0) also names the event, for the stall counters and the
 * general routine's penalties, so the values must differ. */
_Static_assert(SIM_T_REDIRECT != SIM_T_DIV && SIM_T_REDIRECT != SIM_T_SPLIT && SIM_T_DIV != SIM_T_SPLIT &&
                   SIM_EV_MUL != SIM_T_REDIRECT && SIM_EV_MUL != SIM_T_DIV && SIM_EV_MUL != SIM_T_SPLIT,
               "SIM_T_* name their events");

static inline unsigned sim_timing_stall_of(uint32_t extra)
{
    return extra == SIM_T_REDIRECT ? SIM_STALL_BRANCH
           : extra == SIM_T_DIV    ? SIM_STALL_DIV
           : extra == SIM_EV_MUL   ? SIM_STALL_MUL
                                   : SIM_STALL_SPLIT;
}

/* Before op insn issues: the load-use stall. */
static inline void sim_timing_issue(struct sim_cpu *c, uint32_t insn)
{
    if (c->load_rd) {
        if (sim_dec_reads_reg(insn, c->load_rd)) {
            c->cycles += SIM_T_LOAD_USE;
            c->st.stall[SIM_STALL_LOAD_USE] += SIM_T_LOAD_USE;
        }
        c->load_rd = 0;
    }
}

/* Extra cycles of a guest access of n bytes at va. */
static inline uint32_t sim_timing_split(uint32_t va, unsigned n) { return (va & 3) + n > 4 ? SIM_T_SPLIT : 0; }

/* Before an op issues, with caches: its fetch waited s > 0 cycles for the L1I (docs/isa.md
 * section 9). The wait covers a load-use stall (m0: load_use is 1) and ends the open issue
 * group (the general routine). */
static inline void sim_timing_fetch_stall(struct sim_cpu *c, uint32_t s, const int g)
{
    c->cycles += s;
    c->st.stall[SIM_STALL_ICACHE] += s;
    if (g) c->grp_open = 0;
    else c->load_rd = 0;
}

/* The op retires with `extra` cycles over 1 (one of the SIM_T_* above, or 0) and dst cycles of
 * waiting for the data cache (0 without caches; the wait covers a load-use stall of the next
 * op); lrd = its rd if it was a load (0: none). */
static inline void sim_timing_retire(struct sim_cpu *c, uint32_t extra, uint32_t lrd, uint32_t dst)
{
    if (extra) c->st.stall[sim_timing_stall_of(extra)] += extra;
    if (dst) c->st.stall[SIM_STALL_DCACHE] += dst;
    c->load_rd = dst ? 0 : lrd; /* a data-cache wait covers the load-use cycle */
    c->cycles += 1 + extra + dst;
    c->instret++;
}

/* ---- The general routine (docs/model.md "Core configurations") ---------------------------- */

/* What the general routine knows of the op issuing now (from morph_classify). */
struct sim_top {
    uint32_t reads; /* registers read (the load-use rule's, sim_dec_reads), x0 left out */
    uint32_t rd;    /* register written (0: none) */
    uint32_t attr;  /* MORPH_A_* */
    uint32_t cls;   /* enum sim_fuse_class of the op alone */
    uint32_t mode;  /* xmode bit 0 when it issued (the profile counts by the mode it ran in) */
};

_Static_assert(MI_REMU - MI_MUL == 7 && MI_XIMULF_W - MI_XMULF_B == 5, "multiply/divide ops are contiguous");

/* The op's class in the fusion profile (MORPH_FUSE_CLASSES). */
static inline uint32_t sim_timing_class(uint32_t insn, enum morph_iop op, uint32_t a)
{
    if (a & (MORPH_A_LOAD | MORPH_A_GLOAD)) return SIM_FC_LOAD;
    if (a & (MORPH_A_STORE | MORPH_A_GSTORE)) return SIM_FC_STORE;
    if (a & (MORPH_A_BRANCH | MORPH_A_JUMP)) return SIM_FC_BRANCH;
    if ((a & (MORPH_A_CSR | MORPH_A_TRAP)) || !(a & MORPH_A_RD)) return SIM_FC_OTHER;
    if ((op >= MI_MUL && op <= MI_REMU) || (op >= MI_XMULF_B && op <= MI_XIMULF_W)) return SIM_FC_MULTI;
    if (!(a & MORPH_A_XALU) && op != MI_XSETCC && morph_rd(insn) == 0) return SIM_FC_NOP;
    return SIM_FC_ALU;
}

static inline int sim_timing_single_alu(uint32_t cls) { return cls == SIM_FC_ALU || cls == SIM_FC_NOP; }

/* Cycles the event `extra` (a SIM_T_* value) costs on this core. */
static inline uint32_t sim_timing_pen(const struct sim_core_cfg *k, uint32_t extra)
{
    return extra == SIM_T_REDIRECT ? k->redirect : extra == SIM_T_DIV ? k->div : extra == SIM_EV_MUL ? k->mul : extra;
}

/* Before op insn at pc issues: joins the open group (the cycle `cycles - 1`) if it may, else
 * opens a group at `cycles`, after waiting for its operands (the load-use stall). Returns the
 * op's issue cycle. */
static inline uint64_t sim_timing_issue_g(struct sim_cpu *c, uint32_t pc, uint32_t insn, struct sim_top *o)
{
    const struct sim_core_cfg *k = &c->core;
    const enum morph_iop op = morph_classify(insn);
    const uint32_t a = morph_iop_info(op)->attr;
    o->attr = a;
    o->reads = sim_dec_reads(insn) & ~1u;
    o->rd = morph_reg_written(insn, op);
    o->cls = sim_timing_class(insn, op, a);
    o->mode = c->xmode & 1;
    /* a fused tail issues with its head only when the head is a single-cycle ALU op: the
     * hardware's head lane (docs/rtl.md "Fused pairs"); other marked heads pair for the profile */
    /* with caches, a tail in another L1I line than its head's does not join it (the fetch unit
     * reads one line per cycle; docs/model.md "Caches") */
    const int tail = k->fuse && pc == c->tail_pc && c->head_alu &&
                     !(c->caches && ((pc ^ (pc - 4)) >> c->caches->l1i.shift));
    const uint32_t mem = !!(a & (MORPH_A_LOAD | MORPH_A_STORE | MORPH_A_GLOAD | MORPH_A_GSTORE));
    uint32_t reads = o->reads;
    if (tail && ((k->collapse && sim_timing_single_alu(o->cls)) || (k->collapse_mem && mem)))
        reads &= ~(1u << c->head_rd); /* the collapsed ALU (or address adder) takes the head's result in the same cycle */
    uint64_t ready = 0;
    for (; reads; reads &= reads - 1) {
        uint64_t r = c->ready[__builtin_ctz(reads)];
        if (r > ready) ready = r;
    }
    const uint32_t br = !!(a & (MORPH_A_BRANCH | MORPH_A_JUMP));
    const int serial = !!(a & (MORPH_A_CSR | MORPH_A_TRAP)); /* CSR and system ops issue alone */
    if (c->grp_open && (tail || c->grp_slots) && ready < c->cycles && c->grp_mem + mem <= k->mem_ports &&
        c->grp_br + br <= k->branches && !serial) {
        c->joined = 1 + tail;
        c->grp_slots -= !tail; /* a fused tail shares its head's slot */
        c->grp_mem += mem;
        c->grp_br += br;
        return c->cycles - 1;
    }
    if (ready > c->cycles) {
        c->st.stall[SIM_STALL_LOAD_USE] += ready - c->cycles;
        c->cycles = ready;
    }
    c->joined = 0;
    c->grp_open = !serial;
    c->grp_slots = k->width - 1;
    c->grp_mem = mem;
    c->grp_br = br;
    return c->cycles;
}

/* The op issued at `issue` retires with an event (ev != 0) that costs pen cycles, counted as
 * stall `stall`, and dst cycles of data-cache waiting (its result comes dst cycles later, the
 * group ends); lrd = its rd if a load. Also pairs ops by their fuse marks for the fusion
 * profile: a marked op that is not a tail and falls through to the next address is a head; the
 * op retired after it is its tail. */
static inline void sim_timing_retire_gx(struct sim_cpu *c, uint64_t issue, uint32_t ev, uint32_t pen,
                                        unsigned stall, uint32_t lrd, uint32_t dst, uint32_t pc, uint32_t npc,
                                        uint32_t raw, const struct sim_top *o)
{
    const struct sim_core_cfg *k = &c->core;
    if (ev) {
        c->st.stall[stall] += pen;
        c->grp_open = 0; /* a redirect (predicted or not), the divider, the iterative multiplier or a second
                          * memory beat ends the group */
    }
    if (dst) {
        c->st.stall[SIM_STALL_DCACHE] += dst;
        c->grp_open = 0;
    }
    c->cycles = issue + 1 + pen + dst;
    if (c->joined) {
        c->st.iops_coissued++;
        c->st.fused_pairs += c->joined == 2;
    }
    /* a data-cache wait covers the load-use cycles */
    if (o->rd) c->ready[o->rd] = lrd ? c->cycles + (dst ? 0 : k->load_use) : issue + 1;
    c->instret++;
    uint64_t *prof = c->st.fuse_prof[o->mode];
    if (pc == c->tail_pc) {
        prof[SIM_FC_FUSED] += 2;
        c->tail_pc = 0;
    } else if (sim_dec_fuse_marked(raw) && npc == pc + 4) {
        c->tail_pc = npc;
        c->head_rd = o->rd;
        /* with a predictor, the x86 call hint (an slti to x0) does not co-issue as a head: the
         * head lane has no port to the x86 return stack (docs/isa.md section 9) */
        const uint32_t w = raw | MORPH_FUSE_BIT; /* the op without its mark */
        c->head_alu = sim_timing_single_alu(o->cls) &&
                      !(c->bp && morph_opcode(w) == 0x13 && morph_funct3(w) == 2 && !morph_rd(w) &&
                        morph_imm_i(w) == MORPH_HINT_XCALL_IMM);
        c->head_cls = o->cls;
        c->head_mode = o->mode;
    } else {
        prof[o->cls]++;
    }
}

/* The op retires with event `extra` (SIM_T_* or 0): its cost on this core. */
static inline void sim_timing_retire_g(struct sim_cpu *c, uint64_t issue, uint32_t extra, uint32_t lrd,
                                       uint32_t dst, uint32_t pc, uint32_t npc, uint32_t raw,
                                       const struct sim_top *o)
{
    sim_timing_retire_gx(c, issue, extra, sim_timing_pen(&c->core, extra), sim_timing_stall_of(extra), lrd, dst,
                         pc, npc, raw, o);
}

/* With --bpred, a control op (sim_bpred_resolve) costs pen cycles over 1, a misprediction's if
 * mis; base routine. (The general one: sim_timing_retire_gx with ev = redirected or mis.)
 * Control ops touch no data, so no data-cache wait. */
static inline void sim_timing_retire_bp(struct sim_cpu *c, uint32_t pen, int mis)
{
    c->st.stall[mis ? SIM_STALL_MISPREDICT : SIM_STALL_BRANCH] += pen;
    c->load_rd = 0;
    c->cycles += 1 + pen;
    c->instret++;
}

/* A head whose tail did not retire after it counts in its own class. */
static inline void sim_timing_drop_head(struct sim_cpu *c)
{
    if (c->tail_pc) {
        c->st.fuse_prof[c->head_mode][c->head_cls]++;
        c->tail_pc = 0;
    }
}

/* A trap taken by the op issuing now: returns the cycle the handler's first op issues (both
 * routines: `cycles` is where the next group would open, the op's own issue cycle on m0). */
static inline uint64_t sim_timing_trap(struct sim_cpu *c)
{
    c->st.stall[SIM_STALL_TRAP] += SIM_T_TRAP;
    c->load_rd = 0;
    c->grp_open = 0;
    sim_timing_drop_head(c);
    return c->cycles + SIM_T_TRAP;
}

/* Translated code runs superblock code (sbt = 1) or not from (ops, cycles) on: closes the
 * running segment (docs/model.md "Statistics": cycles_sbt, iops_sbt). */
void sim_timing_tier_switch(struct sim_cpu *c, uint32_t sbt, uint64_t ops, uint64_t cycles);
/* HTIF_CMD_CODE_TIER: the words [start, end) of concealed memory hold superblock code (sbt) or
 * not. -1 when the range is bad. */
int sim_timing_mark_tier(struct sim_cpu *c, uint32_t start, uint32_t end, int sbt);
/* After an op that redirected fetch to npc in translated mode: has it entered or left
 * superblock code? Only runs once the firmware marked some. */
static inline void sim_timing_tier_check(struct sim_cpu *c, uint32_t npc)
{
    uint32_t w = (npc - MM_CONCEALED_BASE) >> 2;
    uint32_t in = w < MM_CONCEALED_SIZE / 4 && (c->sbt_words[w >> 3] >> (w & 7) & 1);
    if (in != c->sbt) sim_timing_tier_switch(c, in, c->instret, c->cycles);
}
/* Lazy attribution (sim_timing.c): ops and cycles up to (ops, cycles) belong to the current mode
 * / activity tag, which then becomes `mode` / `act`. sim_timing_mode_switch also sets the fetch
 * window of the new mode. */
void sim_timing_mode_switch(struct sim_cpu *c, uint32_t mode, uint64_t ops, uint64_t cycles);
void sim_timing_act_switch(struct sim_cpu *c, uint32_t act, uint64_t ops, uint64_t cycles);

#endif
