// Jump TLB (docs/isa.md section 6): x86 EIP -> code-cache address, Sets x Ways, set index = EIP
// mod Sets (Sets a power of two), full-EIP tags, per-set round-robin replacement; jtlbw of an EIP
// already present overwrites that entry. Valid bits and victim pointers are flip-flops (jtlbinv
// clears them in one cycle); tags and targets are one RAM per way with asynchronous read.
`default_nettype none
`include "morph_sizes.vh"

module morph_jtlb #(
  parameter int unsigned Sets = `CORE_JTLB_SETS,
  parameter int unsigned Ways = `CORE_JTLB_WAYS
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [31:0] eip_i,      // lookup (jtlbj) and write (jtlbw) key
  output logic        hit_o,
  output logic [31:0] target_o,
  input  logic        write_i,    // jtlbw eip_i -> target_i
  input  logic [31:0] target_i,
  input  logic        inv_all_i   // jtlbinv
);
  localparam int unsigned SetW = $clog2(Sets);
  localparam int unsigned WayW = (Ways > 1) ? $clog2(Ways) : 1;

  logic [SetW-1:0] set;
  logic [Sets*Ways-1:0] valid_q;   // set s, way w at [s*Ways + w]
  logic [Sets*WayW-1:0] next_q;    // victim of set s at [s*WayW +: WayW]
  logic [WayW-1:0]      next_set;
  assign next_set = next_q[set*WayW +: WayW];
  logic [Ways-1:0] match;
  logic [31:0]     tgt [Ways];
  logic [WayW-1:0] hit_way, wway;

  assign set = eip_i[SetW-1:0];

  for (genvar w = 0; w < Ways; w++) begin : g_way
    logic [63:0] mem_q [Sets];   // {eip, target}
    logic [63:0] rd;
    assign rd = mem_q[set];
    assign match[w] = valid_q[set*Ways + w] && rd[63:32] == eip_i;
    assign tgt[w] = rd[31:0];
    always_ff @(posedge clk_i) begin
      if (write_i && wway == WayW'(w)) mem_q[set] <= {eip_i, target_i};
    end
  end

  always_comb begin
    hit_way = '0;
    for (int w = Ways - 1; w >= 0; w--) if (match[w]) hit_way = WayW'(w);
  end
  assign hit_o = |match;
  assign target_o = tgt[hit_way];
  assign wway = hit_o ? hit_way : next_set;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
      next_q <= '0;
    end else if (inv_all_i) begin
      valid_q <= '0;
      next_q <= '0;
    end else if (write_i) begin
      valid_q[set*Ways + {{(32-WayW){1'b0}}, wway}] <= 1'b1;
      if (!hit_o) next_q[set*WayW +: WayW] <= (next_set == WayW'(Ways - 1)) ? '0 : next_set + 1'b1;
    end
  end
endmodule
