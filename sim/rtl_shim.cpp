// The only C++ of the RTL harness: Verilator's generated model is a C++ class. Everything else
// (memory, HTIF, statistics, co-simulation) is C in sim_rtl.c / sim_cosim.c.
#include "sim_rtl_shim.h"
#include <cstdio>
#include "Vmorph_sim_top.h"
#include "Vmorph_sim_top__Dpi.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#else
struct VerilatedFstC { /* a model built without --trace-fst (RTL_TRACE=0) */
    void dump(uint64_t) {}
    void close() {}
};
#endif

static VerilatedContext *ctx;
static Vmorph_sim_top *top;
static VerilatedFstC *fst;
static uint64_t t;
static const char *plusarg, *plusarg2;
static struct rtl_cache cache;

extern "C" void rtl_plusarg(const char *arg) { plusarg = arg; }
extern "C" void rtl_plusarg2(const char *arg) { plusarg2 = arg; }
extern "C" void rtl_cache_cfg(const struct rtl_cache *k) { cache = *k; }
static svScope gsb_scope; /* scope of the DPI export morph_sim_gsb_beat */

double sc_time_stamp() { return (double)t; }

extern "C" int rtl_open(uint32_t boot_addr, uint32_t ram_size, uint32_t bp_cfg, uint32_t xdec, const char *wave)
{
    ctx = new VerilatedContext;
    const char *av[3] = {"morph-rtl", NULL, NULL}; /* the core reads its test-only plusargs */
    int ac = 1;
    if (plusarg) av[ac++] = plusarg;
    if (plusarg2) av[ac++] = plusarg2;
    ctx->commandArgs(ac, av);
    top = new Vmorph_sim_top(ctx);
    if (wave) {
#if !VM_TRACE
        fprintf(stderr, "morph: this morph-rtl was built without waveform support (make rtl RTL_TRACE=1)\n");
        return -1;
#else
        ctx->traceEverOn(true);
        fst = new VerilatedFstC;
        top->trace(fst, 99);
        fst->open(wave);
        if (!fst->isOpen()) {
            fprintf(stderr, "morph: cannot open waveform file %s\n", wave);
            return -1;
        }
#endif
    }
    gsb_scope = svGetScopeFromName("TOP.morph_sim_top");
    if (!gsb_scope) {
        fprintf(stderr, "morph: the Verilated model has no scope TOP.morph_sim_top\n");
        return -1;
    }
    top->boot_cfg_i = boot_addr; /* latched by morph_sim_top while reset is low */
    top->ram_cfg_i = ram_size;
    top->cfg_levels_i = cache.levels;
    top->cfg_l1i_smask_i = cache.l1i_smask;
    top->cfg_l1d_smask_i = cache.l1d_smask;
    top->cfg_l2_smask_i = cache.l2_smask;
    top->cfg_l1i_ways_i = cache.l1i_ways;
    top->cfg_l1d_ways_i = cache.l1d_ways;
    top->cfg_l2_ways_i = cache.l2_ways;
    top->cfg_l1_shift_i = cache.l1_shift;
    top->cfg_l2_shift_i = cache.l2_shift;
    top->cfg_l1i_hit_i = cache.l1i_hit;
    top->cfg_l1d_hit_i = cache.l1d_hit;
    top->cfg_l2_hit_i = cache.l2_hit;
    top->cfg_mem_i = cache.mem;
    top->bp_cfg_in_i = bp_cfg; /* the core's bp_cfg_i (--bpred) */
    top->xdec_in_i = xdec;     /* the core's xdec_i (knob xdec) */
    top->halt_i = 0;
    top->irq_ext_i = 0;
    top->clk_i = 0;
    top->rst_ni = 1; /* a falling edge: the core's reset is asynchronous, active low */
    top->eval();
    top->rst_ni = 0;
    top->eval();
    top->rst_ni = 1;
    top->eval();
    return 0;
}

extern "C" void rtl_close(void)
{
    if (fst) {
        fst->close();
        delete fst;
        fst = nullptr;
    }
    if (top) {
        top->final();
        delete top;
        top = nullptr;
    }
    delete ctx;
    ctx = nullptr;
}

extern "C" void rtl_set(const struct rtl_in *in)
{
    top->imem_next_i = in->imem_next;
    top->imem_next2_i = in->imem_next2;
    top->dmem_next_i = in->dmem_next;
    top->halt_i = in->halt ? 1 : 0;
    top->irq_ext_i = in->irq_ext ? 1 : 0;
}

extern "C" void rtl_eval(struct rtl_out *o)
{
    top->eval();
    rtl_read(o);
}

extern "C" void rtl_read(struct rtl_out *o)
{
    o->imem_addr = top->imem_addr_o;
    o->dmem_req = top->dmem_req_o;
    o->dmem_we = top->dmem_we_o;
    o->dmem_addr = top->dmem_addr_o;
    o->dmem_be = top->dmem_be_o;
    o->dmem_wdata = top->dmem_wdata_o;
    o->gsb_commit = top->gsb_commit_o;
    o->issue = top->issue_o;
    o->issue_hd = top->issue_hd_o;
    o->ev_valid = top->ev_valid_o;
    o->ev_hd_valid = top->ev_hd_valid_o;
    o->st = (top->st_l1i_acc_o ? SIM_RTL_ST_L1I_ACC : 0u) | (top->st_l1i_miss_o ? SIM_RTL_ST_L1I_MISS : 0u) |
            (top->st_l1i_miss_x_o ? SIM_RTL_ST_L1I_MISS_X : 0u) | (top->st_l1i_flush_o ? SIM_RTL_ST_L1I_FLUSH : 0u) |
            (top->st_l1d_acc_o ? SIM_RTL_ST_L1D_ACC : 0u) | (top->st_l1d_miss_o ? SIM_RTL_ST_L1D_MISS : 0u) |
            (top->st_l1d_wb_o ? SIM_RTL_ST_L1D_WB : 0u) | (top->st_l2_acc_o ? SIM_RTL_ST_L2_ACC : 0u) |
            (top->st_l2_miss_o ? SIM_RTL_ST_L2_MISS : 0u) | (top->st_l2_wb_o ? SIM_RTL_ST_L2_WB : 0u) |
            (top->st_icache_o ? SIM_RTL_ST_ICACHE : 0u) | (top->st_dcache_o ? SIM_RTL_ST_DCACHE : 0u);
    o->st_mode = top->st_mode_o;
    o->st_act = top->st_act_o;
    if (!o->ev_valid && !o->ev_hd_valid) return; /* the event fields mean nothing then (most cycles) */
    o->ev_trap = top->ev_trap_o;
    o->ev_fatal = top->ev_fatal_o;
    o->ev_pc = top->ev_pc_o;
    o->ev_insn = top->ev_insn_o;
    o->ev_cycle = top->ev_cycle_o;
    o->ev_rd_we = top->ev_rd_we_o;
    o->ev_rd = top->ev_rd_o;
    o->ev_rd_wdata = top->ev_rd_wdata_o;
    o->ev_st = top->ev_st_o;
    o->ev_st_addr = top->ev_st_addr_o;
    o->ev_st_size = top->ev_st_size_o;
    o->ev_st_data = top->ev_st_data_o;
    o->ev_cause = top->ev_cause_o;
    o->ev_tval = top->ev_tval_o;
    o->ev_no_handler = top->ev_no_handler_o;
    o->ev_intr = top->ev_intr_o;
    o->ev_fetch_fault = top->ev_fetch_fault_o;
    o->ev_load_use = top->ev_load_use_o;
    o->ev_redirect = top->ev_redirect_o;
    o->ev_mispredict = top->ev_mispredict_o;
    o->ev_dec = top->ev_dec_o;
    o->ev_btb_miss = top->ev_btb_miss_o;
    o->ev_ras_hit = top->ev_ras_hit_o;
    o->ev_xras_hit = top->ev_xras_hit_o;
    o->ev_div = top->ev_div_o;
    o->ev_mul = top->ev_mul_o;
    o->ev_split = top->ev_split_o;
    o->ev_mode = top->ev_mode_o;
    o->ev_act = top->ev_act_o;
    o->ev_hd_pc = top->ev_hd_pc_o;
    o->ev_hd_insn = top->ev_hd_insn_o;
    o->ev_hd_rd_we = top->ev_hd_rd_we_o;
    o->ev_hd_rd = top->ev_hd_rd_o;
    o->ev_hd_rd_wdata = top->ev_hd_rd_wdata_o;
    o->ev_hd_load_use = top->ev_hd_load_use_o;
}

extern "C" void rtl_tick(void)
{
    if (fst) fst->dump(t);
    t++;
    top->clk_i = 1;
    top->eval(); /* the rising edge: flip-flops, then everything that depends on them */
    if (fst) fst->dump(t);
    t++;
    top->clk_i = 0;
    top->eval(); /* the falling edge: nothing in the core, only Verilator's edge detection */
}

#ifndef RTL_GSB_DEPTH
#error "rtl/rtl.mk passes RTL_GSB_DEPTH (the core parameter GsbDepth)"
#endif
static_assert(RTL_GSB_DEPTH <= 32, "the shim reads the commit port's valid bits as one word");
extern "C" unsigned rtl_gsb_beats(void) { return 2 * RTL_GSB_DEPTH; }

extern "C" int rtl_gsb_beat(unsigned k, uint32_t *addr, uint32_t *be, uint32_t *data)
{
    uint64_t valid = top->gsb_beat_valid_o;
    if (!((valid >> k) & 1)) return 0;
    int a, b, d;
    svSetScope(gsb_scope);
    morph_sim_gsb_beat((int)k, &a, &b, &d); /* rtl/sim/morph_sim_top.sv */
    *addr = (uint32_t)a;
    *be = (uint32_t)b;
    *data = (uint32_t)d;
    return 1;
}
