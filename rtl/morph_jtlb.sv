// Jump TLB (docs/isa.md section 6): x86 EIP -> code-cache address, Sets x Ways, set index = EIP
// mod Sets (Sets a power of two), full-EIP tags, per-set round-robin replacement; jtlbw of an EIP
// already present overwrites that entry. jtlbinv clears every entry in one cycle.
//
// Everything is RAM with asynchronous read (LUT-RAM), written at the end of the cycle, except
// Sets/Sub "group fresh" flip-flops that make the one-cycle jtlbinv possible:
//   - per way, {EIP tag above the set index, target} (the set-index bits of the tag always
//     equal the set, so they are not stored);
//   - per set, the valid bit of each way and the victim pointer (meta);
//   - per group of Sub sets, a Sub-bit word: set s of the group was written since its group
//     became fresh.
// A set's meta counts only if its group flip-flop and its bit in the group word are set;
// otherwise the set reads as empty (no valid way, victim 0), exactly as after the old flash
// clear. jtlbinv clears the group flip-flops; the first write to a set of a stale group starts
// the group word afresh.
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
  localparam int unsigned TagW = 32 - SetW;
  localparam int unsigned Sub  = (Sets >= 16) ? 16 : Sets;   // sets per group word
  localparam int unsigned SubW = (Sub > 1) ? $clog2(Sub) : 1;
  localparam int unsigned Grps = Sets / Sub;
  localparam int unsigned GrpW = (Grps > 1) ? $clog2(Grps) : 1;
  localparam int unsigned MetaW = Ways + WayW;               // {valid[Ways-1:0], victim}

  logic [SetW-1:0] set;
  logic [GrpW-1:0] grp;
  logic [SubW-1:0] sub;
  assign set = eip_i[SetW-1:0];
  assign grp = (Grps > 1) ? GrpW'(set >> SubW) : '0;
  assign sub = (Sub > 1) ? SubW'(set) : '0;

  // ---- freshness: group flip-flops + group words
  logic [Grps-1:0] gfresh_q;
  logic [Sub-1:0]  gword_mem [Grps];
  logic [Sub-1:0]  gword, gword_new;
  logic            fresh;
  assign gword = gword_mem[grp];
  assign fresh = gfresh_q[grp] && gword[sub];
  assign gword_new = (gfresh_q[grp] ? gword : '0) | (Sub'(1) << sub);

  // ---- per-set meta
  logic [MetaW-1:0] meta_mem [Sets];
  logic [MetaW-1:0] meta, meta_new;
  logic [Ways-1:0]  valid;
  logic [WayW-1:0]  next_set;
  assign meta = meta_mem[set];
  assign valid = fresh ? meta[MetaW-1 -: Ways] : '0;
  assign next_set = fresh ? meta[WayW-1:0] : '0;

  // ---- ways
  logic [Ways-1:0] match;
  logic [31:0]     tgt [Ways];
  logic [WayW-1:0] hit_way, wway;
  for (genvar w = 0; w < Ways; w++) begin : g_way
    logic [TagW+31:0] mem_q [Sets];   // {eip[31:SetW], target}
    logic [TagW+31:0] rd;
    assign rd = mem_q[set];
    assign match[w] = valid[w] && rd[TagW+31:32] == eip_i[31:SetW];
    assign tgt[w] = rd[31:0];
    always_ff @(posedge clk_i) begin
      if (write_i && wway == WayW'(w)) mem_q[set] <= {eip_i[31:SetW], target_i};
    end
  end

  always_comb begin
    hit_way = '0;
    for (int w = Ways - 1; w >= 0; w--) if (match[w]) hit_way = WayW'(w);
  end
  assign hit_o = |match;
  assign target_o = tgt[hit_way];
  assign wway = hit_o ? hit_way : next_set;

  always_comb begin
    meta_new[MetaW-1 -: Ways] = valid | (Ways'(1) << wway);
    meta_new[WayW-1:0] = hit_o ? next_set : (next_set == WayW'(Ways - 1)) ? '0 : next_set + 1'b1;
  end

  // jtlbinv wins over a write in the same cycle, as with the flash-cleared valid bits before.
  always_ff @(posedge clk_i) begin
    if (write_i && !inv_all_i) begin
      meta_mem[set] <= meta_new;
      gword_mem[grp] <= gword_new;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gfresh_q <= '0;
    end else if (inv_all_i) begin
      gfresh_q <= '0;
    end else if (write_i) begin
      gfresh_q[grp] <= 1'b1;
    end
  end
endmodule
