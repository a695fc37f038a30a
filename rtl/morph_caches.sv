// The cache hierarchy of the core (docs/rtl.md "Caches", docs/model.md "Caches"): L1I, L1D and
// an optional unified L2 (morph_cache each), write-back, write-allocate, tree pseudo-LRU, the
// fetch line buffer, and the wait cycles they cost, cycle for cycle as the model's
// sim/sim_cache.c. Timing only: instructions and data still come from the one-cycle ports.
//
// One line access at a time, in program order: a data access (an EX op's, or one of the lines
// a commit releases from the gated store buffer, read back from it one per cycle) in a cycle
// with no wait pending (its "slot"); then the access's wait, S = hit - 1, plus on an L1 miss the
// L2's hit latency (and memory's on an L2 miss) or memory's. During the wait the miss is
// finished in up to two steps: (1) the dirty victim written back into the L2 (or, for an L1I
// miss, a dirty copy of the line in the L1D cleaned and written back), (2) the L2 lookup and
// fill (an L2 miss adds memory's latency to the wait). A fetch lookup (the ID op's line is not
// the line buffer's) happens in the last cycle of the data side's work, its wait after it.
// `ok_o`: nothing is left after this cycle, so the ID op may issue now.
//
// The run's geometry comes in as inputs (latched by the harness at reset); the parameters are
// the largest sets/ways each level holds (`morph rtl-params`, the maximum over the presets of
// include/morph/cache.def). The configuration check (sim_cache_rtl_check) guarantees a miss's
// wait covers its steps (an L2 hit latency of at least 2).
`default_nettype none
`include "morph_sizes.vh"

module morph_caches #(
  parameter int unsigned L1ISets  = 64,
  parameter int unsigned L1IWays  = 2,
  parameter int unsigned L1DSets  = 64,
  parameter int unsigned L1DWays  = 2,
  parameter int unsigned L2Sets   = 64,
  parameter int unsigned L2Ways   = 2,
  parameter int unsigned GsbDepth = `CORE_GSB_DEPTH
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // the run's configuration: levels 0 (none: ideal memory), 1 or 2; sets - 1 and ways per
  // level; log2 of the L1 and L2 line bytes; hit latencies; memory latency
  input  logic [1:0]  levels_i,
  input  logic [15:0] l1i_smask_i, l1d_smask_i, l2_smask_i,
  input  logic [4:0]  l1i_ways_i, l1d_ways_i, l2_ways_i,
  input  logic [3:0]  l1_shift_i, l2_shift_i,
  input  logic [9:0]  l1i_hit_i, l1d_hit_i, l2_hit_i,
  input  logic [13:0] mem_i,
  input  logic        inject_i,          // test only: an L1D hit touches the wrong way
  // data accesses: one line now (EX), or a commit releasing cm_count_i entries
  input  logic        d_req_i,
  input  logic [31:0] d_pa_i,
  input  logic        d_wr_i,
  input  logic        cm_req_i,
  input  logic [$clog2(GsbDepth+1)-1:0] cm_count_i,
  output logic [$clog2(GsbDepth)-1:0]   gsb_idx_o,
  input  logic [29:0] gsb_wa_i,
  input  logic [29:0] gsb_wb_i,
  input  logic        gsb_split_i,
  // fetch: the ID op's pc, whether it is fetched through the caches, whether it would issue
  // now but for the caches; fence.i retiring now
  input  logic [31:0] f_pc_i,
  input  logic [31:0] f_npc_i,           // the ID op's pc next cycle (the L1I reads one cycle ahead)
  input  logic        f_cached_i,
  input  logic        f_try_i,
  input  logic        flush_i,
  output logic        ok_o,
  // statistics (include/morph/stats.def's counters; the harness sums them): the events of this
  // cycle, one pulse each; d_more_o: the data side has work left after this cycle, so a cycle
  // the ID op waits for the caches is a data-cache stall cycle, else an I-cache one
  output logic        st_l1i_acc_o, st_l1i_miss_o, st_l1d_acc_o, st_l1d_miss_o, st_l1d_wb_o,
  output logic        st_l2_acc_o, st_l2_miss_o, st_l2_wb_o, d_more_o
);
  localparam int unsigned LaW = 29;
  localparam int unsigned CntW = $clog2(GsbDepth + 1);
  localparam int unsigned IdxW = $clog2(GsbDepth);

  logic on;
  assign on = levels_i != 2'd0;
  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_cfg;   // the mask and ways bits above the largest geometry are 0 (sim_cache_rtl_check)
  assign unused_cfg = ^{l1i_smask_i, l1d_smask_i, l2_smask_i, l1i_ways_i, l1d_ways_i, l2_ways_i, d_vvalid};
  /* verilator lint_on UNUSEDSIGNAL */

  // ---- state
  logic [15:0] wq_q;                 // wait cycles left (this cycle is one if nonzero)
  logic        s1_q, s1_dchk_q;      // step 1: write back s1_pa_q into the L2 / clean the L1D copy
  logic [31:0] s1_pa_q;
  logic        s2_q;                 // step 2: the L2 lookup of s2_pa_q
  logic [31:0] s2_pa_q;
  logic        pend_q, pend_wr_q;    // a data access waiting for its slot
  logic [31:0] pend_pa_q;
  logic        walk_q, wsub_q;       // releasing a commit's entries: entry widx_q, beat A/B
  logic [IdxW-1:0] widx_q;
  logic [CntW-1:0] wcnt_q;
  logic        fw_q;                 // the wait wq_q counts is a fetch's
  logic        fl_v_q;               // the fetch line buffer
  logic [LaW-1:0] fl_q;

  function automatic logic [LaW-1:0] line(input logic [31:0] pa, input logic [3:0] sh);
    line = LaW'(pa >> sh);
  endfunction

  // ---- the levels
  logic        i_acc, i_hit;
  logic        d_acc, d_wr, d_clean, d_hit, d_hdirty, d_vvalid, d_vdirty;
  logic [LaW-1:0] d_la, d_vla;
  logic        l2_acc, l2_wr, l2_hit, l2_vdirty;
  logic [31:0] l2_pa, l2_npa;
  /* verilator lint_off PINCONNECTEMPTY */
  // the L1I and the L2 are read one cycle ahead (block RAM): the L1I at the ID op's next pc, the
  // L2 at the line of next cycle's step (l2_npa); the L1D in the cycle of its access (LUT-RAM:
  // an EX op's address is computed in its EX cycle)
  morph_cache #(.Sets(L1ISets), .Ways(L1IWays), .LaW(LaW), .RegRead(1'b1)) u_l1i (
    .clk_i, .rst_ni, .set_mask_i(l1i_smask_i[$clog2(L1ISets)-1:0]), .ways_i(l1i_ways_i[$clog2(L1IWays):0]),
    .la_i(line(f_pc_i, l1_shift_i)), .nla_i(line(f_npc_i, l1_shift_i)), .access_i(i_acc), .wr_i(1'b0), .clean_i(1'b0),
    .flush_i(flush_i), .inject_i(1'b0), .hit_o(i_hit), .hdirty_o(), .vvalid_o(), .vla_o(), .vdirty_o()
  );
  morph_cache #(.Sets(L1DSets), .Ways(L1DWays), .LaW(LaW)) u_l1d (
    .clk_i, .rst_ni, .set_mask_i(l1d_smask_i[$clog2(L1DSets)-1:0]), .ways_i(l1d_ways_i[$clog2(L1DWays):0]),
    .la_i(d_la), .nla_i('0), .access_i(d_acc), .wr_i(d_wr), .clean_i(d_clean), .flush_i(1'b0), .inject_i,
    .hit_o(d_hit), .hdirty_o(d_hdirty), .vvalid_o(d_vvalid), .vla_o(d_vla), .vdirty_o(d_vdirty)
  );
  morph_cache #(.Sets(L2Sets), .Ways(L2Ways), .LaW(LaW), .RegRead(1'b1)) u_l2 (
    .clk_i, .rst_ni, .set_mask_i(l2_smask_i[$clog2(L2Sets)-1:0]), .ways_i(l2_ways_i[$clog2(L2Ways):0]),
    .la_i(line(l2_pa, l2_shift_i)), .nla_i(line(l2_npa, l2_shift_i)), .access_i(l2_acc), .wr_i(l2_wr), .clean_i(1'b0), .flush_i(1'b0),
    .inject_i(1'b0), .hit_o(l2_hit), .hdirty_o(), .vvalid_o(), .vla_o(), .vdirty_o(l2_vdirty)
  );
  /* verilator lint_on PINCONNECTEMPTY */

  // ---- this cycle's data-side work
  logic        slot, dgo, dgo_wr, wgo, need_b, pend_d, walk_d, wsub_d, s1_d, s1_dchk_d, s2_d;
  logic [31:0] dgo_pa, wpa, s1_pa_d, s2_pa_d;
  logic [IdxW-1:0] widx_d;
  logic [CntW-1:0] wnext;
  logic [15:0] wq_dd;                // the wait after this cycle, data side
  logic [15:0] miss_wait;            // an L1 miss's wait beyond the hit latency, as known now
  assign slot = wq_q == 16'd0;
  assign miss_wait = levels_i == 2'd1 ? 16'(mem_i) : 16'(l2_hit_i);
  assign gsb_idx_o = walk_q ? widx_q : '0;
  assign wpa = (walk_q && wsub_q) ? {gsb_wb_i, 2'b00} : {gsb_wa_i, 2'b00};
  assign need_b = gsb_split_i && line({gsb_wb_i, 2'b00}, l1_shift_i) != line({gsb_wa_i, 2'b00}, l1_shift_i);
  always_comb begin
    dgo = 1'b0;
    dgo_wr = 1'b0;
    dgo_pa = d_pa_i;
    wgo = 1'b0;
    pend_d = pend_q;
    walk_d = walk_q;
    wsub_d = wsub_q;
    widx_d = widx_q;
    wnext = '0;
    if (on && slot) begin
      if (pend_q) begin
        dgo = 1'b1; dgo_pa = pend_pa_q; dgo_wr = pend_wr_q; pend_d = 1'b0;
      end else if (walk_q || (cm_req_i && cm_count_i != '0)) begin
        dgo = 1'b1; dgo_pa = wpa; dgo_wr = 1'b1; wgo = 1'b1;
      end else if (d_req_i) begin
        dgo = 1'b1; dgo_pa = d_pa_i; dgo_wr = d_wr_i;
      end
    end else if (on && d_req_i) begin
      pend_d = 1'b1;
    end
    if (wgo) begin
      // the next line of the commit: this entry's beat B if it is on another line, else the
      // next entry
      walk_d = 1'b1;
      if (!(walk_q && wsub_q) && need_b) begin
        wsub_d = 1'b1;
        widx_d = walk_q ? widx_q : '0;
      end else begin
        wsub_d = 1'b0;
        wnext = (walk_q ? CntW'(widx_q) : '0) + 1'b1;
        widx_d = IdxW'(wnext);
        if (wnext == (walk_q ? wcnt_q : cm_count_i)) walk_d = 1'b0;
      end
    end
  end

  // L1D: the slot's access, or step 1 of an L1I miss (clean a dirty copy); L2: step 1 (a line
  // written back), else step 2 (the lookup of a missed line)
  logic s1_now, s2_now, wb_from_dchk;
  assign s1_now = on && !slot && s1_q;
  assign s2_now = on && !slot && !s1_q && s2_q;
  assign d_acc = dgo;
  assign d_wr = dgo_wr;
  assign d_clean = s1_now && s1_dchk_q;
  assign d_la = line(s1_now ? s1_pa_q : dgo_pa, l1_shift_i);
  assign wb_from_dchk = d_clean && d_hit && d_hdirty;
  assign l2_acc = levels_i == 2'd2 && ((s1_now && (!s1_dchk_q || wb_from_dchk)) || s2_now);
  assign l2_wr = s1_now;
  assign l2_pa = s1_now ? s1_pa_q : s2_pa_q;

  always_comb begin
    s1_d = s1_q && !s1_now;
    s1_dchk_d = s1_dchk_q;
    s1_pa_d = s1_pa_q;
    s2_d = s2_q && !s2_now;
    s2_pa_d = s2_pa_q;
    wq_dd = slot ? 16'd0 : wq_q - 16'd1;
    if (s2_now && !l2_hit) wq_dd = wq_dd + 16'(mem_i);
    if (dgo) begin
      wq_dd = 16'(l1d_hit_i) - 16'd1;
      if (!d_hit) begin
        wq_dd = wq_dd + miss_wait;
        if (levels_i == 2'd2) begin
          s1_d = d_vdirty;   // the victim leaves before the fill
          s1_dchk_d = 1'b0;
          s1_pa_d = 32'(d_vla) << l1_shift_i;
          s2_d = 1'b1;
          s2_pa_d = dgo_pa;
        end
      end
    end
  end

  // The L2 step of the next cycle (the L2 reads its arrays one cycle ahead, morph_cache
  // RegRead): step 1's line if one is pending after this cycle, else step 2's; with neither,
  // the fetch's line (an L1I miss now starts step 1 on it; a fetch lookup happens only in the
  // last cycle of the data side's work, so never with a data step pending).
  assign l2_npa = s1_d ? s1_pa_d : s2_d ? s2_pa_d : f_pc_i;

  // ---- fetch
  logic        dfinal, f_need, f_go;
  logic [LaW-1:0] f_la;
  logic [15:0] f_wait;
  assign f_la = line(f_pc_i, l1_shift_i);
  assign dfinal = wq_dd == 16'd0 && !pend_d && !walk_d;
  assign f_need = on && f_cached_i && !(fl_v_q && !flush_i && fl_q == f_la);
  assign f_go = f_try_i && f_need && dfinal;
  assign i_acc = f_go;
  assign f_wait = 16'(l1i_hit_i) - 16'd1 + (i_hit ? 16'd0 : miss_wait);
  assign ok_o = !on || (dfinal && (!f_need || (f_go && f_wait == 16'd0)));

  // ---- statistics (the model's sim_cache.c counts the same events)
  assign st_l1i_acc_o = i_acc;
  assign st_l1i_miss_o = i_acc && !i_hit;
  assign st_l1d_acc_o = d_acc;
  assign st_l1d_miss_o = d_acc && !d_hit;
  assign st_l1d_wb_o = (d_acc && !d_hit && d_vdirty) || wb_from_dchk;
  assign st_l2_acc_o = s2_now;
  assign st_l2_miss_o = s2_now && !l2_hit;
  assign st_l2_wb_o = l2_acc && !l2_hit && l2_vdirty;
  assign d_more_o = pend_d || walk_d || (wq_dd != 16'd0 && (dgo || !fw_q));

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wq_q <= '0;
      s1_q <= 1'b0;
      s1_dchk_q <= 1'b0;
      s1_pa_q <= '0;
      s2_q <= 1'b0;
      s2_pa_q <= '0;
      pend_q <= 1'b0;
      pend_wr_q <= 1'b0;
      pend_pa_q <= '0;
      walk_q <= 1'b0;
      wsub_q <= 1'b0;
      widx_q <= '0;
      wcnt_q <= '0;
      fl_v_q <= 1'b0;
      fl_q <= '0;
      fw_q <= 1'b0;
    end else begin
      wq_q <= f_go ? f_wait : wq_dd;
      if (f_go) fw_q <= 1'b1;
      else if (dgo) fw_q <= 1'b0;
      s1_q <= s1_d;
      s1_dchk_q <= s1_dchk_d;
      s1_pa_q <= s1_pa_d;
      s2_q <= s2_d;
      s2_pa_q <= s2_pa_d;
      pend_q <= pend_d;
      if (!slot && d_req_i) begin
        pend_pa_q <= d_pa_i;
        pend_wr_q <= d_wr_i;
      end
      walk_q <= walk_d;
      wsub_q <= wsub_d;
      widx_q <= widx_d;
      if (wgo && !walk_q) wcnt_q <= cm_count_i;
      if (flush_i) fl_v_q <= 1'b0;
      if (f_go) begin
        fl_v_q <= 1'b1;
        fl_q <= f_la;
        if (!i_hit) begin
          // the fill sees the stores before it: a dirty L1D copy goes down first
          s1_q <= 1'b1;
          s1_dchk_q <= 1'b1;
          s1_pa_q <= f_pc_i;
          s2_q <= levels_i == 2'd2;
          s2_pa_q <= f_pc_i;
        end
      end
    end
  end
endmodule
