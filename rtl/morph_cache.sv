// One set-associative cache level's bookkeeping (docs/rtl.md "Caches"): tags, valid and dirty
// bits and tree pseudo-LRU state, exactly as the model's struct sim_cache (sim/sim_cache.c).
// The caches decide timing only: no data array (the core's memory ports stay one-cycle).
//
// RegRead = 0: the arrays are read combinationally at la_i's set (LUT-RAM on an FPGA).
// RegRead = 1: the arrays are read at the clock edge, at the set of nla_i (the line the next
// cycle's operation will use; block RAM on an FPGA), so an operation in cycle c uses what was
// read at the end of cycle c-1; a write at that same edge to the same set is forwarded. The
// caller guarantees nla_i (a simulation check stops the run if an operation's set is not the
// set read for it). Same timing as RegRead = 0: one operation per cycle, no extra cycle.
//
// Sets x Ways is the largest geometry this instance holds; the run's geometry (set_mask_i =
// sets - 1, ways_i) may be smaller (every size a power of two). Tags are full line addresses.
// One operation per cycle on the set of la_i, combinational lookup, written at the clock edge:
//   access_i: a hit makes its way the most recent (and dirty if wr_i); a miss installs la_i in
//             the lowest invalid way, else the pseudo-LRU victim, dirty = wr_i, most recent.
//             vvalid_o/vla_o/vdirty_o tell the line it evicts.
//   clean_i:  a hit's dirty bit is cleared (no replacement change).
//   flush_i:  every line invalid, every set's tree bits 0 (fence.i); with access_i in the same
//             cycle the access sees the emptied cache.
// Tree bits: node n (1..ways-1), 0 = the victim is on the left (sim_plru_victim/touch).
`default_nettype none

module morph_cache #(
  parameter int unsigned Sets    = 4,
  parameter int unsigned Ways    = 4,
  parameter int unsigned LaW     = 29,
  parameter bit          RegRead = 1'b0
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic [$clog2(Sets)-1:0] set_mask_i,
  input  logic [$clog2(Ways):0]   ways_i,
  input  logic [LaW-1:0]       la_i,
  input  logic [LaW-1:0]       nla_i,      // RegRead: the next cycle's line (else unused)
  input  logic                 access_i,
  input  logic                 wr_i,
  input  logic                 clean_i,
  input  logic                 flush_i,
  input  logic                 inject_i,   // test only: a hit touches the wrong way
  output logic                 hit_o,
  output logic                 hdirty_o,
  output logic                 vvalid_o,
  output logic [LaW-1:0]       vla_o,
  output logic                 vdirty_o
);
  localparam int unsigned SetW = $clog2(Sets);
  localparam int unsigned WayW = (Ways > 1) ? $clog2(Ways) : 1;
  localparam int unsigned Lvls = $clog2(Ways);
  localparam int unsigned EW   = LaW + 2;   // one way's entry: {dirty, valid, tag}

  logic [SetW-1:0] set, nset;
  assign set  = la_i[SetW-1:0] & set_mask_i;
  assign nset = nla_i[SetW-1:0] & set_mask_i;

  // A set's valid bits and tree bits count only once the set was accessed since reset or the
  // last flush (pv_q, flip-flops); the first access of a set writes every way's entry (valid
  // only in the way it installs). So a flush clears Sets flip-flops.
  logic [Sets-1:0]  pv_q;
  logic             pv;
  assign pv = pv_q[set] && !flush_i;

  // The arrays: per way an entry per set, per set the tree bits. Each is written whole, from
  // what was read (read-modify-write within the operation's cycle).
  logic [EW-1:0]    ent_rd [Ways];     // this cycle's set, as read
  logic [EW-1:0]    ent_wd [Ways];
  logic [Ways-1:0]  ent_we;
  logic [Ways-1:0]  plru_rd, plru_new, plru;
  logic             plru_we;
  assign plru_we = access_i;
  assign plru = pv ? plru_rd : '0;

  for (genvar w = 0; w < Ways; w++) begin : g_way
    logic [EW-1:0] ent_mem [Sets];
    if (RegRead) begin : g_reg
      logic [EW-1:0] rd_q, byp_q;
      logic          bypv_q;
      always_ff @(posedge clk_i) begin
        if (ent_we[w]) ent_mem[set] <= ent_wd[w];
        rd_q <= ent_mem[nset];
        bypv_q <= ent_we[w] && set == nset;
        byp_q <= ent_wd[w];
      end
      assign ent_rd[w] = bypv_q ? byp_q : rd_q;
    end else begin : g_comb
      always_ff @(posedge clk_i) begin
        if (ent_we[w]) ent_mem[set] <= ent_wd[w];
      end
      assign ent_rd[w] = ent_mem[set];
    end
  end
  if (RegRead) begin : g_plru_reg
    logic [Ways-1:0] plru_mem [Sets];
    logic [Ways-1:0] rd_q, byp_q;
    logic            bypv_q;
    logic [SetW-1:0] rset_q;            // the set read for this cycle (the simulation check)
    always_ff @(posedge clk_i) begin
      if (plru_we) plru_mem[set] <= plru_new;
      rd_q <= plru_mem[nset];
      bypv_q <= plru_we && set == nset;
      byp_q <= plru_new;
      rset_q <= nset;
    end
    assign plru_rd = bypv_q ? byp_q : rd_q;
`ifndef SYNTHESIS
    always_ff @(posedge clk_i)
      if ((access_i || clean_i) && set != rset_q)
        $fatal(1, "morph_cache: an operation on set %0d, but set %0d was read for it (nla_i)", set, rset_q);
`endif
  end else begin : g_plru_comb
    logic [Ways-1:0] plru_mem [Sets];
    always_ff @(posedge clk_i) begin
      if (plru_we) plru_mem[set] <= plru_new;
    end
    assign plru_rd = plru_mem[set];
  end
  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_nla;   // RegRead = 0: nla_i is unused; else only its set bits are
  assign unused_nla = ^{nla_i, nset};
  /* verilator lint_on UNUSEDSIGNAL */

  logic [Ways-1:0]  way_valid, way_hit, way_dirty, way_inst, way_hw;
  logic [LaW-1:0]   way_tag [Ways];
  for (genvar w = 0; w < Ways; w++) begin : g_look
    assign way_tag[w]   = ent_rd[w][LaW-1:0];
    assign way_dirty[w] = ent_rd[w][LaW+1];
    assign way_valid[w] = pv && ent_rd[w][LaW] && w < ways_i;
    assign way_hit[w]   = way_valid[w] && way_tag[w] == la_i;
    assign way_inst[w]  = access_i && !hit_o && vway == WayW'(w);
    assign way_hw[w]    = hit_o && hway == WayW'(w);
  end

  logic [WayW-1:0] hway, vway, lruway, invway, tway;
  logic            anyinv;
  always_comb begin
    hway = '0;
    for (int w = Ways - 1; w >= 0; w--) if (way_hit[w]) hway = WayW'(w);
    anyinv = 1'b0;
    invway = '0;
    for (int w = Ways - 1; w >= 0; w--)
      if (!way_valid[w] && w < ways_i) begin anyinv = 1'b1; invway = WayW'(w); end
  end
  assign hit_o = |way_hit;
  assign hdirty_o = way_dirty[hway];

  // the entries' new values: a miss installs la_i in way vway (dirty = wr_i); a write hit sets
  // its way's dirty bit, a clean hit clears it; a set's first access (or one after a flush)
  // writes every way's valid bit
  always_comb begin
    for (int w = 0; w < Ways; w++) begin
      ent_we[w] = (access_i && (!pv || way_inst[w] || (way_hw[w] && wr_i))) || (clean_i && way_hw[w]);
      ent_wd[w] = way_inst[w] ? {wr_i, 1'b1, la_i}
                              : {(access_i && way_hw[w] && wr_i) || (way_dirty[w] && !(clean_i && way_hw[w])),
                                 way_valid[w], way_tag[w]};
    end
  end

  // the pseudo-LRU victim among ways_i ways (sim_plru_victim)
  function automatic logic [WayW-1:0] plru_victim(input logic [Ways-1:0] bits, input logic [WayW:0] ways);
    logic [WayW+1:0] n;
    n = 1;
    for (int l = 0; l < Lvls; l++)
      if (n < (WayW+2)'(ways)) n = {n[WayW:0], bits[n[WayW-1:0]]};
    plru_victim = WayW'(n - (WayW+2)'(ways));
  endfunction
  assign lruway = plru_victim(plru, ways_i);
  assign vway = anyinv ? invway : lruway;
  assign vvalid_o = !anyinv;
  assign vla_o = way_tag[vway];
  assign vdirty_o = !anyinv && way_dirty[vway];

  assign tway = hit_o ? (inject_i ? hway ^ WayW'(1) : hway) : vway;
  // the tree bits after way w is used (sim_plru_touch): every node on its path points away
  function automatic logic [Ways-1:0] plru_touch(input logic [Ways-1:0] bits, input logic [WayW:0] ways,
                                                 input logic [WayW-1:0] w);
    logic [WayW+1:0] n;
    plru_touch = bits;
    n = (WayW+2)'(w) + (WayW+2)'(ways);
    for (int l = 0; l < Lvls; l++)
      if (n > 1) begin
        plru_touch[n[WayW:1]] = !n[0];
        n = n >> 1;
      end
  endfunction
  assign plru_new = plru_touch(plru, ways_i, tway);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pv_q <= '0;
    end else begin
      if (flush_i) pv_q <= '0;
      if (access_i) pv_q[set] <= 1'b1;
    end
  end
endmodule
