// One set-associative cache level's bookkeeping (docs/rtl.md "Caches"): tags, valid and dirty
// bits and tree pseudo-LRU state, exactly as the model's struct sim_cache (sim/sim_cache.c).
// The caches decide timing only: no data array (the core's memory ports stay one-cycle).
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
  parameter int unsigned Sets = 4,
  parameter int unsigned Ways = 4,
  parameter int unsigned LaW  = 29
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic [$clog2(Sets)-1:0] set_mask_i,
  input  logic [$clog2(Ways):0]   ways_i,
  input  logic [LaW-1:0]       la_i,
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

  logic [SetW-1:0] set;
  assign set = la_i[SetW-1:0] & set_mask_i;

  // A set's valid bits and tree bits count only once the set was accessed since reset or the
  // last flush (pv_q, flip-flops); the first access of a set writes every way's valid bit.
  // So the valid bits are LUT-RAM like the tags, and a flush clears Sets flip-flops.
  logic [Sets-1:0]      pv_q;
  logic [Ways-1:0]      plru_mem [Sets];
  logic [Ways-1:0]      plru;
  assign plru = (pv_q[set] && !flush_i) ? plru_mem[set] : '0;

  logic [Ways-1:0]  way_valid, way_hit, way_dirty;
  logic [LaW-1:0]   way_tag [Ways];
  for (genvar w = 0; w < Ways; w++) begin : g_way
    logic [LaW-1:0] tag_mem [Sets];
    logic           dirty_mem [Sets];
    logic           valid_mem [Sets];
    assign way_tag[w]   = tag_mem[set];
    assign way_dirty[w] = dirty_mem[set];
    assign way_valid[w] = pv_q[set] && valid_mem[set] && !flush_i && w < ways_i;
    assign way_hit[w]   = way_valid[w] && way_tag[w] == la_i;
    always_ff @(posedge clk_i) begin
      if (access_i && !hit_o && vway == WayW'(w)) tag_mem[set] <= la_i;
      if (access_i && (!pv_q[set] || flush_i || (!hit_o && vway == WayW'(w))))
        valid_mem[set] <= !hit_o && vway == WayW'(w);
      if (access_i && ((hit_o && hway == WayW'(w) && wr_i) || (!hit_o && vway == WayW'(w))))
        dirty_mem[set] <= wr_i;
      else if (clean_i && hit_o && hway == WayW'(w)) dirty_mem[set] <= 1'b0;
    end
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

  // the tree bits after way tway is used (sim_plru_touch)
  logic [Ways-1:0] plru_new;
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

  always_ff @(posedge clk_i) begin
    if (access_i) plru_mem[set] <= plru_new;
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pv_q <= '0;
    end else begin
      if (flush_i) pv_q <= '0;
      if (access_i) pv_q[set] <= 1'b1;
    end
  end
endmodule
