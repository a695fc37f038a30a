// Front-end predictor of the core (docs/rtl.md "Branch prediction", docs/isa.md section 9
// "Front-end prediction"; the C model's sim/sim_bpred.c is the reference): a set-associative
// branch target buffer with true LRU, 2-bit counters (bimodal or gshare), the global history,
// the RV32 return stack and the dual-address x86 return stack.
//
// Every table is read combinationally at fetch (port f_*) and written at the end of an op's EX
// cycle (port u_*), in program order, never by an op on a wrong path: a fetch sees the updates
// of the ops that left EX before its cycle. The sizes are maxima (parameters, from
// include/morph/bpred.def through `morph rtl-params`); the run's knobs (cfg_*) may be smaller.
`default_nettype none

module morph_bpred #(
  parameter int unsigned BtbSets    = 128,  // BTB sets (power of two; entries / ways)
  parameter int unsigned BtbWays    = 2,    // BTB ways (power of two)
  parameter int unsigned BhtEntries = 4096, // 2-bit counters (power of two)
  parameter int unsigned RasDepth   = 16,   // RV32 return stack entries (maximum)
  parameter int unsigned XrasDepth  = 16,   // x86 return stack entries (maximum)
  parameter bit          Port2      = 1'b0  // a second fetch port at f_pc_i + 4 (a fused pair's tail)
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  // the run's configuration, constant after reset
  input  logic [1:0]  cfg_kind_i,      // 0 none, 1 static, 2 bimodal, 3 gshare
  input  logic [31:0] cfg_btb_mask_i,  // sets - 1
  input  logic [31:0] cfg_bht_mask_i,  // counters - 1
  input  logic [15:0] cfg_hist_mask_i, // 2^hist_bits - 1 (gshare)
  input  logic [6:0]  cfg_ras_i,       // RV32 return stack entries (0: off)
  input  logic [6:0]  cfg_xras_i,      // x86 return stack entries (0: off)
  // fetch: the tables at the fetch address
  input  logic [31:0] f_pc_i,
  output logic        f_hit_o,         // BTB hit
  output logic [1:0]  f_kind_o,        // its kind: 0 other jump, 1 conditional, 2 RV32 return, 3 x86 return
  output logic        f_back_o,        // its conditional branches backward (static)
  output logic [31:0] f_target_o,
  output logic        f_dir_o,         // counter >= 2
  output logic [31:0] f_idx_o,         // the counter's index (carried to the update)
  output logic        f_ras_v_o,       // RV32 return stack not empty, and its top
  output logic [31:0] f_ras_o,
  output logic        f_xras_v_o,      // x86 return stack top with a host address, and it
  output logic [31:0] f_xras_eip_o,
  output logic [31:0] f_xras_host_o,
  // the same BTB and counter reads at f_pc_i + 4 (Port2; 0 without)
  output logic        f2_hit_o,
  output logic [1:0]  f2_kind_o,
  output logic        f2_back_o,
  output logic [31:0] f2_target_o,
  output logic        f2_dir_o,
  output logic [31:0] f2_idx_o,
  // update at the end of the EX cycle of a control op
  input  logic        u_ctrl_i,
  input  logic [31:0] u_pc_i,
  input  logic [1:0]  u_kind_i,
  input  logic        u_back_i,
  input  logic        u_cond_i,
  input  logic        u_taken_i,
  input  logic [31:0] u_npc_i,
  input  logic [31:0] u_idx_i,
  input  logic        u_pop_i,         // RV32 return: pop
  input  logic        u_push_i,        // RV32 call: push pc + 4 (after the pop)
  input  logic        u_xpop_i,        // x86 return (also a JTLB-missing one that traps)
  input  logic        u_xpush_i,       // x86 call's hint
  input  logic [31:0] u_xeip_i,
  input  logic        u_xhost_v_i,
  input  logic [31:0] u_xhost_i,
  input  logic        u_flush_i,       // fence.i: the BTB forgets everything
  input  logic        inject_i         // test only: a broken counter update (cosim must catch it)
);
  localparam int unsigned SetBits = BtbSets > 1 ? $clog2(BtbSets) : 1;
  localparam int unsigned WayBits = BtbWays > 1 ? $clog2(BtbWays) : 1;
  localparam int unsigned BhtBits = $clog2(BhtEntries);
  localparam int unsigned RasBits = RasDepth > 1 ? $clog2(RasDepth) : 1;     // top: 0 .. depth - 1
  localparam int unsigned XrasBits = XrasDepth > 1 ? $clog2(XrasDepth) : 1;
  localparam int unsigned RasN = $clog2(RasDepth + 1);                      // count: 0 .. depth
  localparam int unsigned XrasN = $clog2(XrasDepth + 1);

  /* verilator lint_off UNUSEDSIGNAL */
  logic unused;   // word addresses; the index and mask bits beyond the tables
  assign unused = ^{f_pc_i[1:0], f2_pc[1:0], u_npc_i[1:0], u_idx_i, cfg_btb_mask_i};
  /* verilator lint_on UNUSEDSIGNAL */

  // ---------------------------------------------------------------- BTB
  // per way: tag (pc >> 2, whole), target, kind and backward bit in memories (LUT-RAM); valid
  // bits and LRU ranks (0 = most recent) in flip-flops, way w of set s at index s * BtbWays + w
  logic [BtbSets*BtbWays-1:0] valid_q;
  logic [BtbSets*BtbWays*WayBits-1:0] rank_q, rank_init;
  always_comb
    for (int i = 0; i < BtbSets * BtbWays; i++) rank_init[i*WayBits +: WayBits] = WayBits'(i % BtbWays);

  logic [SetBits-1:0] f_set, u_set;
  assign f_set = SetBits'(f_pc_i[31:2] & cfg_btb_mask_i[29:0]);
  assign u_set = SetBits'(u_pc_i[31:2] & cfg_btb_mask_i[29:0]);
  logic [31:0] f_base, u_base;   // index of way 0 of the set
  assign f_base = 32'(f_set) * BtbWays;
  assign u_base = 32'(u_set) * BtbWays;

  logic [BtbWays-1:0] f_match, u_match;
  logic [29:0] f_tgt [BtbWays];
  logic [2:0]  f_knd [BtbWays];
  logic [31:0] f2_pc;
  logic [SetBits-1:0] f2_set;
  logic [31:0] f2_base;
  assign f2_pc = f_pc_i + 32'd4;
  assign f2_set = SetBits'(f2_pc[31:2] & cfg_btb_mask_i[29:0]);
  assign f2_base = 32'(f2_set) * BtbWays;
  logic [BtbWays-1:0] f2_match;
  logic [29:0] f2_tgt [BtbWays];
  logic [2:0]  f2_knd [BtbWays];
  logic        u_write;
  logic [WayBits-1:0] u_use;
  for (genvar w = 0; w < BtbWays; w++) begin : g_way
    logic [29:0] tag_q [BtbSets];
    logic [29:0] tgt_q [BtbSets];
    logic [2:0]  knd_q [BtbSets];
    always_ff @(posedge clk_i) begin
      if (u_write && u_use == WayBits'(w)) begin
        tag_q[u_set] <= u_pc_i[31:2];
        tgt_q[u_set] <= u_npc_i[31:2];
        knd_q[u_set] <= {u_back_i, u_kind_i};
      end
    end
    assign f_match[w] = valid_q[f_base + w] && tag_q[f_set] == f_pc_i[31:2];
    assign u_match[w] = valid_q[u_base + w] && tag_q[u_set] == u_pc_i[31:2];
    assign f_tgt[w] = tgt_q[f_set];
    assign f_knd[w] = knd_q[f_set];
    if (Port2) begin : g_p2
      assign f2_match[w] = valid_q[f2_base + w] && tag_q[f2_set] == f2_pc[31:2];
      assign f2_tgt[w] = tgt_q[f2_set];
      assign f2_knd[w] = knd_q[f2_set];
    end else begin : g_no_p2
      assign f2_match[w] = 1'b0;
      assign f2_tgt[w] = '0;
      assign f2_knd[w] = '0;
    end
  end

  always_comb begin
    f_hit_o = |f_match;
    f_kind_o = 2'd0;
    f_back_o = 1'b0;
    f_target_o = 32'd0;
    for (int w = 0; w < BtbWays; w++)
      if (f_match[w]) begin   // at most one way holds a pc
        f_kind_o = f_knd[w][1:0];
        f_back_o = f_knd[w][2];
        f_target_o = {f_tgt[w], 2'b00};
      end
  end

  always_comb begin
    f2_hit_o = |f2_match;
    f2_kind_o = 2'd0;
    f2_back_o = 1'b0;
    f2_target_o = 32'd0;
    for (int w = 0; w < BtbWays; w++)
      if (f2_match[w]) begin
        f2_kind_o = f2_knd[w][1:0];
        f2_back_o = f2_knd[w][2];
        f2_target_o = {f2_tgt[w], 2'b00};
      end
  end

  // the update's own lookup (EX), the victim: the first empty way, else the least recent
  logic u_hit;
  logic [WayBits-1:0] u_way, u_victim, u_rank;
  always_comb begin
    u_hit = |u_match;
    u_way = '0;
    for (int w = 0; w < BtbWays; w++)
      if (u_match[w]) u_way = WayBits'(w);
    u_victim = '0;
    for (int w = BtbWays - 1; w >= 0; w--)
      if (rank_q[(u_base + w) * WayBits +: WayBits] == WayBits'(BtbWays - 1)) u_victim = WayBits'(w);
    for (int w = BtbWays - 1; w >= 0; w--)
      if (!valid_q[u_base + w]) u_victim = WayBits'(w);
    u_use = u_hit ? u_way : u_victim;
    u_rank = rank_q[(u_base + 32'(u_use)) * WayBits +: WayBits];
  end
  logic u_touch;
  assign u_touch = u_ctrl_i && (u_hit || u_taken_i);
  assign u_write = u_ctrl_i && u_taken_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
      rank_q <= rank_init;
    end else begin
      if (u_write) valid_q[u_base + 32'(u_use)] <= 1'b1;
      if (u_touch)
        for (int w = 0; w < BtbWays; w++)
          if (WayBits'(w) == u_use) rank_q[(u_base + w) * WayBits +: WayBits] <= '0;
          else if (rank_q[(u_base + w) * WayBits +: WayBits] < u_rank)
            rank_q[(u_base + w) * WayBits +: WayBits] <= rank_q[(u_base + w) * WayBits +: WayBits] + 1'b1;
      if (u_flush_i) valid_q <= '0;
    end
  end

  // ---------------------------------------------------------------- counters and history
  logic [1:0]  bht_q [BhtEntries];
  logic [15:0] ghr_q;
  initial for (int i = 0; i < BhtEntries; i++) bht_q[i] = 2'b01;   // weakly not taken

  logic [31:0] f_idx;
  assign f_idx = ({2'b00, f_pc_i[31:2]} ^ (cfg_kind_i == 2'd3 ? {16'd0, ghr_q & cfg_hist_mask_i} : 32'd0)) &
                 cfg_bht_mask_i;
  assign f_idx_o = f_idx;
  assign f_dir_o = bht_q[BhtBits'(f_idx)][1];
  if (Port2) begin : g_p2_bht
    logic [31:0] f2_idx;
    assign f2_idx = ({2'b00, f2_pc[31:2]} ^ (cfg_kind_i == 2'd3 ? {16'd0, ghr_q & cfg_hist_mask_i} : 32'd0)) &
                    cfg_bht_mask_i;
    assign f2_idx_o = f2_idx;
    assign f2_dir_o = bht_q[BhtBits'(f2_idx)][1];
  end else begin : g_no_p2_bht
    assign f2_idx_o = '0;
    assign f2_dir_o = 1'b0;
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_p2;
    assign unused_p2 = ^{f2_pc, f2_base};
    /* verilator lint_on UNUSEDSIGNAL */
  end

  logic [1:0] u_ctr, u_ctr_next;
  assign u_ctr = bht_q[BhtBits'(u_idx_i)];
  always_comb begin
    u_ctr_next = u_ctr;
    if (u_taken_i && u_ctr != 2'd3) u_ctr_next = u_ctr + 2'd1;
    if (!u_taken_i && u_ctr != 2'd0) u_ctr_next = u_ctr - 2'd1;
    if (inject_i) u_ctr_next = u_ctr;   // test only: the counters never learn
  end
  always_ff @(posedge clk_i) begin
    if (u_ctrl_i && u_cond_i && cfg_kind_i != 2'd1) bht_q[BhtBits'(u_idx_i)] <= u_ctr_next;
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) ghr_q <= '0;
    else if (u_ctrl_i && u_cond_i) ghr_q <= {ghr_q[14:0], u_taken_i};
  end

  // ---------------------------------------------------------------- RV32 return stack
  logic [31:0] ras_q [RasDepth];
  logic [RasBits-1:0] ras_top_q, r_top1, r_top2;
  logic [RasN-1:0]    ras_n_q, r_n1;
  assign f_ras_v_o = cfg_ras_i != 7'd0 && ras_n_q != '0;
  assign f_ras_o = ras_q[ras_top_q];
  always_comb begin
    r_top1 = ras_top_q;
    r_n1 = ras_n_q;
    if (u_pop_i && ras_n_q != '0) begin
      r_top1 = ras_top_q == '0 ? RasBits'(cfg_ras_i - 7'd1) : ras_top_q - 1'b1;
      r_n1 = ras_n_q - 1'b1;
    end
    r_top2 = 7'(r_top1) + 7'd1 == cfg_ras_i ? '0 : r_top1 + 1'b1;
  end
  logic ras_push;
  assign ras_push = u_ctrl_i && u_push_i && cfg_ras_i != 7'd0;
  always_ff @(posedge clk_i) begin
    if (ras_push) ras_q[r_top2] <= u_pc_i + 32'd4;
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ras_top_q <= '0;
      ras_n_q <= '0;
    end else if (u_ctrl_i) begin
      ras_top_q <= ras_push ? r_top2 : r_top1;
      ras_n_q <= ras_push && 7'(r_n1) != cfg_ras_i ? r_n1 + 1'b1 : r_n1;
    end
  end

  // ---------------------------------------------------------------- x86 return stack
  logic [31:0] xeip_q [XrasDepth];
  logic [31:0] xhost_q [XrasDepth];
  logic        xhv_q [XrasDepth];
  logic [XrasBits-1:0] x_top_q, x_top_push, x_top_pop;
  logic [XrasN-1:0]    x_n_q;
  assign f_xras_v_o = cfg_xras_i != 7'd0 && x_n_q != '0 && xhv_q[x_top_q];
  assign f_xras_eip_o = xeip_q[x_top_q];
  assign f_xras_host_o = xhost_q[x_top_q];
  assign x_top_push = 7'(x_top_q) + 7'd1 == cfg_xras_i ? '0 : x_top_q + 1'b1;
  assign x_top_pop = x_top_q == '0 ? XrasBits'(cfg_xras_i - 7'd1) : x_top_q - 1'b1;
  logic xpush;
  assign xpush = u_xpush_i && cfg_xras_i != 7'd0;
  always_ff @(posedge clk_i) begin
    if (xpush) begin
      xeip_q[x_top_push] <= u_xeip_i;
      xhost_q[x_top_push] <= u_xhost_i;
      xhv_q[x_top_push] <= u_xhost_v_i;
    end
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      x_top_q <= '0;
      x_n_q <= '0;
    end else if (xpush) begin
      x_top_q <= x_top_push;
      if (7'(x_n_q) != cfg_xras_i) x_n_q <= x_n_q + 1'b1;
    end else if (u_xpop_i && x_n_q != '0) begin
      x_top_q <= x_top_pop;
      x_n_q <= x_n_q - 1'b1;
    end
  end
endmodule
