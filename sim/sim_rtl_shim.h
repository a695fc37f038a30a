/* C view of the Verilated morph core (sim/rtl_shim.cpp is the only C++): one instance, its
 * ports copied in and out as plain structs, FST waveforms. */
#ifndef SIM_RTL_SHIM_H
#define SIM_RTL_SHIM_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the harness drives before a rising edge: the instruction word at this cycle's imem_addr
 * and the read data of this cycle's data access (the core sees them after the edge: the ports
 * answer next cycle; rtl/sim/morph_sim_top.sv registers them), the halt input and the host
 * interface's interrupt line (the core samples it at the edge). */
struct rtl_in {
    uint32_t imem_next, dmem_next;
    uint32_t imem_next2; /* the word after imem_next (the fetch port returns two) */
    int halt;
    int irq_ext;
};

struct rtl_out {
    uint32_t imem_addr;
    int dmem_req, dmem_we;
    uint32_t dmem_addr, dmem_be, dmem_wdata;
    int gsb_commit;
    int issue;
    int issue_hd; /* the head of a fused pair issues with the op (before it) */
    /* retire / trap event (valid when ev_valid) */
    int ev_valid, ev_trap, ev_fatal, ev_rd_we, ev_st, ev_no_handler, ev_fetch_fault, ev_intr;
    int ev_load_use, ev_redirect, ev_mispredict, ev_dec, ev_div, ev_mul, ev_split, ev_mode;
    int ev_btb_miss, ev_ras_hit, ev_xras_hit; /* statistics of the predictor */
    uint32_t ev_pc, ev_insn, ev_rd, ev_rd_wdata, ev_st_addr, ev_st_size, ev_st_data;
    uint32_t ev_cause, ev_tval, ev_act;
    uint64_t ev_cycle;
    /* the head of a fused pair, retired just before the event above (same cycle, mode, act) */
    int ev_hd_valid, ev_hd_rd_we, ev_hd_load_use;
    uint32_t ev_hd_pc, ev_hd_insn, ev_hd_rd, ev_hd_rd_wdata;
    /* this cycle's cache events (rtl/morph_core.sv st_*_o): one bit each, SIM_RTL_ST_* */
    uint32_t st;
    uint32_t st_mode, st_act; /* the mode and activity a stall cycle counts in */
};
/* The bits of rtl_out.st, in the order rtl_read packs them. */
enum {
    SIM_RTL_ST_L1I_ACC = 1u << 0, SIM_RTL_ST_L1I_MISS = 1u << 1, SIM_RTL_ST_L1I_MISS_X = 1u << 2,
    SIM_RTL_ST_L1I_FLUSH = 1u << 3, SIM_RTL_ST_L1D_ACC = 1u << 4, SIM_RTL_ST_L1D_MISS = 1u << 5,
    SIM_RTL_ST_L1D_WB = 1u << 6, SIM_RTL_ST_L2_ACC = 1u << 7, SIM_RTL_ST_L2_MISS = 1u << 8,
    SIM_RTL_ST_L2_WB = 1u << 9, SIM_RTL_ST_ICACHE = 1u << 10, SIM_RTL_ST_DCACHE = 1u << 11
};

/* The run's caches, the core's cache_*_i inputs (rtl/morph_caches.sv): levels 0 (none), 1, 2;
 * sets - 1 and ways per level; log2 of the L1 and L2 line bytes; hit and memory latencies. */
struct rtl_cache {
    unsigned levels, l1i_smask, l1d_smask, l2_smask, l1i_ways, l1d_ways, l2_ways;
    unsigned l1_shift, l2_shift, l1i_hit, l1d_hit, l2_hit, mem;
};
/* The caches for the next rtl_open (latched at reset). */
void rtl_cache_cfg(const struct rtl_cache *k);
/* Verilog plusargs ("+name") for the next rtl_open (test-only fault injection); NULL: none. */
void rtl_plusarg(const char *arg);
void rtl_plusarg2(const char *arg);
/* Returns 0, or -1 with a message. bp_cfg: the predictor (sim_bpred_rtl_cfg); xdec: the decode
 * assist's knob; wave: FST file name or NULL. */
int rtl_open(uint32_t boot_addr, uint32_t ram_size, uint32_t bp_cfg, uint32_t xdec, const char *wave);
void rtl_close(void);
void rtl_set(const struct rtl_in *in);
void rtl_eval(struct rtl_out *out);   /* settle combinational logic after rtl_set, read outputs */
void rtl_read(struct rtl_out *out);   /* read outputs (settled: after rtl_tick or rtl_eval) */
void rtl_tick(void);                  /* one rising and falling clock edge */
unsigned rtl_gsb_beats(void);         /* 2 x GSB depth */
/* Beat k of the commit port: returns 1 if valid, with the word address and byte enables. */
int rtl_gsb_beat(unsigned k, uint32_t *addr, uint32_t *be, uint32_t *data);

#ifdef __cplusplus
}
#endif
#endif
