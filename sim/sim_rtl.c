/* RTL engine: clocks the Verilated core, serves its ports from the model's memory and HTIF code,
 * and accounts its retire/trap events into the model's statistics (docs/rtl.md). */
#include "sim_rtl.h"
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "morph_decode.h"
#include "morph_isa.h"
#include "sim_bpred.h"
#include "sim_htif.h"

_Static_assert(sizeof(struct htif_req) == 40, "rtl/morph_core.sv HtifReqBytes must match");

static uint32_t rd32(struct sim_mem *m, uint32_t pa)
{
    const uint8_t *p = sim_mem_any(m, pa, 4);
    uint32_t v = 0;
    if (p) memcpy(&v, p, 4);
    else if (pa == MM_HTIF_BASE + HTIF_REG_ID) v = MM_IMAGE_MAGIC;
    return v;
}

static void wr_bytes(struct sim_mem *m, uint32_t pa, uint32_t be, uint32_t data)
{
    uint8_t *p = sim_mem_ram(m, pa, 4);
    if (!p) return; /* the core only stores to RAM (HTIF is handled by the caller) */
    for (int i = 0; i < 4; i++)
        if (be & (1u << i)) p[i] = (uint8_t)(data >> (8 * i));
}

/* The same statistics the model keeps, from the event stream (docs/rtl.md "Statistics"). The
 * penalties are the configuration's (c->core, the knobs of the core the RTL was built for). */
static void account_head(struct sim_cpu *c, const struct rtl_out *o)
{
    /* the head of a fused pair: a single-cycle ALU op that opened the cycle */
    struct sim_stats *s = &c->st;
    const uint64_t cost = 1 + (unsigned)o->ev_hd_load_use;
    c->instret++;
    s->mode_ops[o->ev_mode & 1]++;
    s->act_ops[o->ev_act & 7]++;
    if ((o->ev_hd_insn & 3) == 1) s->fused_heads++;
    s->stall[SIM_STALL_LOAD_USE] += (unsigned)o->ev_hd_load_use;
    s->mode_cycles[o->ev_mode & 1] += cost;
    s->act_cycles[o->ev_act & 7] += cost;
    c->cycles = o->ev_cycle + 1;
    c->pc = o->ev_hd_pc;
}

/* With a predictor, the prediction counters of a retired control op (the model's classes and
 * counters, sim_bpred_resolve), from its event: mispredicted, a redirect without a BTB hit, a
 * return the RV32 or x86 return stack predicted. */
static void bp_account(struct sim_stats *s, uint32_t insn, const struct rtl_out *o)
{
    const int mis = o->ev_mispredict;
    s->bp_btb_misses += (unsigned)o->ev_btb_miss;
    const uint32_t opc = morph_opcode(insn), rd = morph_rd(insn), rs1 = morph_rs1(insn);
    const int link_rd = rd == 1 || rd == 5, link_rs1 = rs1 == 1 || rs1 == 5;
    if (opc == 0x63 || (insn & MASK_XBCC) == MATCH_XBCC) {
        s->bp_cond++;
        s->bp_cond_miss += mis;
    } else if (opc == 0x6f) {
        s->bp_direct++;
        s->bp_direct_miss += mis;
    } else if ((opc == 0x67 && link_rs1 && (!link_rd || rd != rs1)) ||
               ((insn & MASK_JTLBJ) == MATCH_JTLBJ && morph_imm_i(insn) == MORPH_HINT_JTLBJ_RET)) {
        s->bp_return++;
        s->bp_return_miss += mis;
        if (opc == 0x67) {
            s->ras_hits += (unsigned)o->ev_ras_hit;
            s->ras_misses += !o->ev_ras_hit;
        } else {
            s->xras_hits += (unsigned)o->ev_xras_hit;
            s->xras_misses += !o->ev_xras_hit;
        }
    } else if (opc == 0x67 || (insn & MASK_JTLBJ) == MATCH_JTLBJ) {
        s->bp_indirect++;
        s->bp_indirect_miss += mis;
    }
}

/* paired: the op is the tail of the head reported just before it, issued in the same cycle */
static void account(struct sim_cpu *c, const struct rtl_out *o, int paired)
{
    struct sim_stats *s = &c->st;
    uint32_t raw = o->ev_insn;
    uint64_t cost, first = 1;
    if (o->ev_trap) {
        cost = 3;
        if (o->ev_intr) s->interrupts++;
        else s->traps[o->ev_cause & 31]++;
        s->stall[SIM_STALL_TRAP] += 3;
        if (o->ev_cause == CAUSE_GTLB_MISS_LOAD || o->ev_cause == CAUSE_GTLB_MISS_STORE) s->gtlb_misses++;
        if (o->ev_cause == CAUSE_JTLB_MISS) s->jtlb_misses++;
        if (o->ev_cause == CAUSE_STORE_FAULT && o->ev_tval == MM_HTIF_BASE + HTIF_REG_REQ) s->htif_requests++;
    } else {
        const uint64_t redirect = o->ev_redirect ? c->core.redirect : 0, div = o->ev_div ? c->core.div : 0,
                       mul = o->ev_mul ? c->core.mul : 0;
        if (paired) {
            first = 0; /* the head's cycle */
            s->iops_coissued++;
            s->fused_pairs++;
        }
        const uint64_t mis = o->ev_mispredict ? c->core.redirect : 0,
                       dec = o->ev_dec && c->core.redirect ? c->core.redirect - 1 : 0;
        cost = first + redirect + mis + dec + div + mul + (unsigned)o->ev_split;
        s->stall[SIM_STALL_BRANCH] += redirect + dec;
        s->stall[SIM_STALL_MISPREDICT] += mis;
        s->stall[SIM_STALL_DIV] += div;
        s->stall[SIM_STALL_MUL] += mul;
        s->stall[SIM_STALL_SPLIT] += (unsigned)o->ev_split;
        c->instret++;
        s->mode_ops[o->ev_mode & 1]++;
        s->act_ops[o->ev_act & 7]++;
        const enum morph_iop op = morph_classify(raw); /* a retired op is a legal one */
        const uint32_t a = morph_iop_info(op)->attr;
        if (a & MORPH_A_GLOAD) s->guest_loads++;
        if (a & MORPH_A_GSTORE) {
            s->guest_stores++;
            if (o->ev_mode) s->gsb_stores++;
        }
        s->gtlb_writes += op == MI_GTLBW;
        s->jtlb_hits += op == MI_JTLBJ;
        s->jtlb_writes += op == MI_JTLBW;
        s->commits += op == MI_COMMIT;
        s->rollbacks += op == MI_ROLLBACK;
        if (c->core.bp.kind != SIM_BP_none) bp_account(s, raw | 2, o);
    }
    if (!o->ev_fetch_fault && (raw & 3) == 1) s->fused_heads++;
    s->stall[SIM_STALL_LOAD_USE] += (unsigned)o->ev_load_use;
    s->mode_cycles[o->ev_mode & 1] += cost + (unsigned)o->ev_load_use;
    s->act_cycles[o->ev_act & 7] += cost + (unsigned)o->ev_load_use;
    c->cycles = o->ev_cycle + (1 - first) + cost;
    c->pc = o->ev_pc;
}

/* With caches, this cycle's cache events (the core's st_*_o) into the counters of the same
 * names (include/morph/stats.def), and a cycle the ID op waits for the caches into the stall,
 * mode and activity cycles, as the model counts them (sim_cache.c, sim_timing.h). */
static void cache_account(struct sim_cpu *c, const struct rtl_out *o)
{
    const uint32_t b = o->st;
    if (!b) return;
    struct sim_stats *s = &c->st;
    s->l1i_accesses += !!(b & SIM_RTL_ST_L1I_ACC);
    s->l1i_misses += !!(b & SIM_RTL_ST_L1I_MISS);
    s->l1i_misses_translated += !!(b & SIM_RTL_ST_L1I_MISS_X);
    s->l1i_flushes += !!(b & SIM_RTL_ST_L1I_FLUSH);
    s->l1d_accesses += !!(b & SIM_RTL_ST_L1D_ACC);
    s->l1d_misses += !!(b & SIM_RTL_ST_L1D_MISS);
    s->l1d_writebacks += !!(b & SIM_RTL_ST_L1D_WB);
    s->l2_accesses += !!(b & SIM_RTL_ST_L2_ACC);
    s->l2_misses += !!(b & SIM_RTL_ST_L2_MISS);
    s->l2_writebacks += !!(b & SIM_RTL_ST_L2_WB);
    if (b & (SIM_RTL_ST_ICACHE | SIM_RTL_ST_DCACHE)) {
        s->stall[b & SIM_RTL_ST_ICACHE ? SIM_STALL_ICACHE : SIM_STALL_DCACHE]++;
        s->mode_cycles[o->st_mode & 1]++;
        s->act_cycles[o->st_act & 7]++;
    }
}

static void head_event(const struct rtl_out *o, struct sim_event *e)
{
    memset(e, 0, sizeof *e);
    e->pc = o->ev_hd_pc;
    e->insn = o->ev_hd_insn;
    e->cycle = o->ev_cycle;
    e->mode = o->ev_mode & 1;
    e->rd_we = o->ev_hd_rd_we;
    if (e->rd_we) {
        e->rd = o->ev_hd_rd;
        e->rd_val = o->ev_hd_rd_wdata;
    }
}

static void to_event(const struct rtl_out *o, struct sim_event *e)
{
    memset(e, 0, sizeof *e);
    e->pc = o->ev_pc;
    e->insn = o->ev_insn;
    e->cycle = o->ev_cycle;
    e->mode = o->ev_mode & 1;
    e->trap = o->ev_trap;
    if (e->trap) {
        e->cause = o->ev_cause | (o->ev_intr ? CSRV_MCAUSE_INTERRUPT : 0);
        e->tval = o->ev_tval;
        return;
    }
    e->rd_we = o->ev_rd_we;
    if (e->rd_we) {
        e->rd = o->ev_rd;
        e->rd_val = o->ev_rd_wdata;
    }
    e->st = o->ev_st;
    if (e->st) {
        e->st_addr = o->ev_st_addr;
        e->st_size = o->ev_st_size;
        e->st_data = o->ev_st_data;
    }
}

enum sim_stop sim_rtl_run(struct sim_cpu *c, uint32_t entry, const struct sim_rtl_config *cfg)
{
    struct sim_mem *m = c->mem;
    c->stop = SIM_RUNNING;
    c->limit_at = c->stop_at = UINT64_MAX; /* the shell's model never runs */
    rtl_plusarg(cfg->inject & SIM_INJECT_RTL_FUSED_TAIL ? "+morph_inject_fused_tail" : NULL);
    rtl_plusarg2(cfg->inject & SIM_INJECT_RTL_CACHE_WAY ? "+morph_inject_cache_way"
                 : cfg->inject & SIM_INJECT_RTL_BPRED  ? "+morph_inject_bpred"
                                                       : NULL);
    /* the run's caches (sim_cache_rtl_check has accepted them) */
    const struct sim_cache_cfg *k = &c->cache_cfg;
    struct rtl_cache rc = { 0 };
    if (k->levels) {
#define SETS(g) ((g).size / ((g).ways * (g).line) - 1)
        rc = (struct rtl_cache){ .levels = k->levels, .l1i_smask = SETS(k->l1i), .l1d_smask = SETS(k->l1d),
                                 .l2_smask = k->levels > 1 ? SETS(k->l2) : 0, .l1i_ways = k->l1i.ways,
                                 .l1d_ways = k->l1d.ways, .l2_ways = k->levels > 1 ? k->l2.ways : 1,
                                 .l1_shift = (unsigned)__builtin_ctz(k->l1i.line),
                                 .l2_shift = k->levels > 1 ? (unsigned)__builtin_ctz(k->l2.line) : 0,
                                 .l1i_hit = k->l1i.hit, .l1d_hit = k->l1d.hit,
                                 .l2_hit = k->levels > 1 ? k->l2.hit : 0, .mem = k->mem };
#undef SETS
    }
    rtl_cache_cfg(&rc);
    if (rtl_open(entry, m->ram_size, sim_bpred_rtl_cfg(&c->core.bp), c->core.xdec, cfg->wave)) {
        c->stop = SIM_STOP_FATAL;
        c->exit_status = SIM_EXIT_MODEL_ERROR;
        return c->stop;
    }
    const uint64_t limit = c->max_cycles ? c->max_cycles : UINT64_MAX;
    struct rtl_in in = { 0, 0, 0, 0, 0 };
    struct rtl_out o;
    int stopping = 0, drain = 0, at_limit = 0;
    uint64_t tick = 0;

    rtl_set(&in);
    rtl_eval(&o); /* the outputs after reset */
    for (;;) {
        if (o.ev_hd_valid) {
            account_head(c, &o);
            if (cfg->on_event) {
                struct sim_event e;
                head_event(&o, &e);
                if (cfg->on_event(cfg->ctx, &e)) stopping = 1;
            }
        }
        if (o.ev_valid) {
            account(c, &o, o.ev_hd_valid);
            if (o.ev_fatal) {
                fprintf(stderr, "morph: instruction fetch from unmapped address 0x%08x (RTL, CMS mode, "
                        "cycle %llu)\n", o.ev_pc, (unsigned long long)o.ev_cycle);
                sim_cpu_stop(c, SIM_STOP_FATAL, SIM_EXIT_MODEL_ERROR);
            } else if (o.ev_trap && o.ev_no_handler) {
                fprintf(stderr, "morph: trap %s (cause %u, mtval 0x%08x) with no trap handler (mtvec = 0) "
                        "(pc 0x%08x, RTL, cycle %llu)\n", sim_cause_name(o.ev_cause), o.ev_cause,
                        o.ev_tval, o.ev_pc, (unsigned long long)o.ev_cycle);
                sim_cpu_stop(c, SIM_STOP_FATAL, SIM_EXIT_MODEL_ERROR);
            }
            if (cfg->on_event) {
                struct sim_event e;
                to_event(&o, &e);
                if (cfg->on_event(cfg->ctx, &e)) stopping = 1;
            }
            if (c->stop != SIM_RUNNING) stopping = 1;
        }
        /* EX, MEM, WB have emptied; cosim: an op issued before a cycle-limit stop (a divide can
         * take longer than the four cycles) has retired too */
        if (stopping && ++drain > 4 && !(at_limit && cfg->pending && cfg->pending(cfg->ctx) && drain < 1024))
            break;
        if (!stopping && tick >= 2 && tick - 2 >= limit) {
            sim_cpu_stop(c, SIM_STOP_MAX_CYCLES, SIM_EXIT_MAX_CYCLES);
            stopping = at_limit = 1;
        }
        /* An op in its first EX cycle has issued and will retire whatever stops the run at this
         * edge (the halt only keeps ID's op out), so at a cycle limit the model steps it too:
         * both engines stop after the same op (sim_cosim.c). */
        if ((!stopping || at_limit) && o.issue_hd && cfg->on_issue && cfg->on_issue(cfg->ctx) && !at_limit)
            stopping = 1;
        if ((!stopping || at_limit) && o.issue && cfg->on_issue && cfg->on_issue(cfg->ctx) && !at_limit)
            stopping = 1;

        uint32_t dnext = 0;
        if (o.dmem_req) {
            if (!o.dmem_we) {
                dnext = rd32(m, o.dmem_addr);
            } else if (o.dmem_addr == MM_HTIF_BASE + HTIF_REG_REQ) {
                if (!cfg->cosim) {
                    c->st.htif_requests++;
                    if (sim_htif_request(c, o.dmem_wdata)) {
                        fprintf(stderr, "morph: RTL accepted an HTIF request the device refuses\n");
                        sim_cpu_stop(c, SIM_STOP_FATAL, SIM_EXIT_MODEL_ERROR);
                    }
                    if (c->stop != SIM_RUNNING) stopping = 1;
                }
            } else {
                wr_bytes(m, o.dmem_addr, o.dmem_be, o.dmem_wdata);
            }
        }
        if (o.gsb_commit) {
            for (unsigned k = 0; k < rtl_gsb_beats(); k++) {
                uint32_t a, be, d;
                if (rtl_gsb_beat(k, &a, &be, &d)) wr_bytes(m, a, be, d);
            }
        }
        if (stopping && !in.halt) { /* keep younger ops out of EX at this edge */
            in.halt = 1;
            rtl_set(&in);
            struct rtl_out o2;
            rtl_eval(&o2);
            o.imem_addr = o2.imem_addr;
            o.st = o2.st; /* what this cycle does with ID held */
        }
        if (!at_limit) cache_account(c, &o);
        in.imem_next = rd32(m, o.imem_addr);
        /* the second word feeds only a fusing core's pairing (rtl/morph_core.sv, Fuse) */
        in.imem_next2 = c->core.fuse ? rd32(m, o.imem_addr + 4) : 0;
        in.dmem_next = dnext;
        in.irq_ext = c->htif && c->htif->irq_line; /* raised by a request served above or by the model */
        rtl_set(&in);
        rtl_tick();
        rtl_read(&o);
        tick++;
    }
    rtl_close();
    if (c->stop == SIM_RUNNING) c->stop = SIM_STOP_FATAL;
    return c->stop;
}
