// Gated store buffer (docs/isa.md section 5). Guest stores executed in translated mode wait here
// until commit (written to memory in program order) or rollback (discarded). An entry is one
// guest store: up to two aligned-word beats {word address, byte enables, data} at physical
// addresses resolved by the guest TLB when the store executed. Guest loads forward the youngest
// buffered bytes (by physical byte address). Commit hands every beat to the memory through the
// wide commit port in one cycle (the ideal memory of the base configuration, like the model).
//
// Cost notes (docs/rtl.md, synthesis): the storage is flip-flops because the commit port reads
// every beat at once; each entry is written only when the count selects it (a decoded enable,
// no shifter over the whole buffer). Forwarding compares every live beat's word address with
// the load's two words and, per byte lane, selects the youngest hit with a one-hot AND-OR mux.
`default_nettype none
`include "morph_sizes.vh"

module morph_gsb #(
  parameter int unsigned Depth = `CORE_GSB_DEPTH
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  output logic        full_o,          // Depth stores pending: the next one traps
  input  logic        push_i,
  input  logic [29:0] push_wa_i,       // beat A word address
  input  logic [3:0]  push_bea_i,
  input  logic [31:0] push_da_i,
  input  logic [29:0] push_wb_i,       // beat B (split access), be = 0 if none
  input  logic [3:0]  push_beb_i,
  input  logic [31:0] push_db_i,
  input  logic        commit_i,
  input  logic        rollback_i,
  // forwarding to a guest load touching words A and B
  input  logic [29:0] fwd_wa_i,
  input  logic [29:0] fwd_wb_i,
  output logic [7:0]  fwd_mask_o,
  output logic [63:0] fwd_data_o,
  // commit port: beat 2k = entry k word A, 2k+1 = entry k word B, oldest first
  output logic                   cm_valid_o,
  output logic [2*Depth-1:0]     cm_beat_valid_o,
  output logic [2*Depth*30-1:0]  cm_addr_o,
  output logic [2*Depth*4-1:0]   cm_be_o,
  output logic [2*Depth*32-1:0]  cm_data_o,
  // the entries as the caches walk them after a commit (docs/rtl.md "Caches"): the count before
  // the commit, and entry rd_idx_i's beat A and B word addresses (B: split access)
  output logic [$clog2(Depth+1)-1:0] count_o,
  input  logic [$clog2(Depth)-1:0] rd_idx_i,
  output logic [29:0]            rd_wa_o,
  output logic [29:0]            rd_wb_o,
  output logic                   rd_split_o
);
  localparam int unsigned CntW = $clog2(Depth + 1);

`ifdef SYNTHESIS
  // Synthesis (Yosys defines SYNTHESIS): a decoded write enable per entry and the forwarding
  // structure below, about a quarter of the LUTs of the plain form of the simulation branch
  // (docs/rtl.md, Synthesis). Verilator runs the plain form much faster. The random
  // differential test of docs/rtl.md checks the two against each other, cycle by cycle.
  localparam int unsigned Beats = 2 * Depth;

  logic [CntW-1:0] count_q;
  logic [Beats*30-1:0] addr_q;   // beat k at [30k +: 30] (Yosys 0.23: no packed 2-D arrays)
  logic [Beats*4-1:0]  be_q;
  logic [Beats*32-1:0] data_q;
  logic                push;
  logic [Beats-1:0]    live;     // beat k belongs to a pending entry

  assign full_o = count_q >= CntW'(Depth);
  assign push = push_i && !full_o && !commit_i && !rollback_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= '0;
    end else if (commit_i || rollback_i) begin
      count_q <= '0;
    end else if (push) begin
      count_q <= count_q + 1'b1;
    end
  end

  // Entry e is written when the count points at it (a decoded enable per entry; a part-select
  // at a variable offset becomes shifters over the whole buffer in Yosys).
  for (genvar e = 0; e < Depth; e++) begin : g_ent
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        addr_q[60*e +: 60] <= '0;
        be_q[8*e +: 8] <= '0;
        data_q[64*e +: 64] <= '0;
      end else if (push && count_q == CntW'(e)) begin
        addr_q[60*e +: 60] <= {push_wb_i, push_wa_i};
        be_q[8*e +: 8] <= {push_beb_i, push_bea_i};
        data_q[64*e +: 64] <= {push_db_i, push_da_i};
      end
    end
  end
  for (genvar e = 0; e < Depth; e++) begin : g_live
    assign live[2*e] = CntW'(e) < count_q;
    assign live[2*e+1] = CntW'(e) < count_q;
  end

  // Youngest match wins, per byte lane: a one-hot select of the youngest hit, then AND-OR.
  // Equality in 3-bit groups: one LUT6 each (kept, so the mapper does not split them).
  (* keep *) logic [Beats-1:0] match_a, match_b;
  for (genvar k = 0; k < Beats; k++) begin : g_match
    (* keep *) logic [9:0] eq_a, eq_b;
    for (genvar j = 0; j < 10; j++) begin : g_grp
      assign eq_a[j] = addr_q[30*k + 3*j +: 3] == fwd_wa_i[3*j +: 3];
      assign eq_b[j] = addr_q[30*k + 3*j +: 3] == fwd_wb_i[3*j +: 3];
    end
    assign match_a[k] = live[k] && &eq_a;
    assign match_b[k] = live[k] && &eq_b;
  end

  // Per byte lane l (0-3: word A byte l, 4-7: word B byte l-4), the youngest beat holding the
  // byte: beats in groups of four, the youngest hit of each group (2-bit index, a 4:1 mux per
  // data bit, one LUT6), then the youngest group with a hit (an 8:1 mux). Kept nets fix that
  // structure for the LUT mapper.
  localparam int unsigned Grps = Beats / 4;
  localparam int unsigned GrpW = $clog2(Grps);
  for (genvar l = 0; l < 8; l++) begin : g_lane
    logic [Beats-1:0] hit;
    (* keep *) logic [2*Grps-1:0] gidx;   // group g at [2g +: 2]
    (* keep *) logic [Grps-1:0] gany;
    (* keep *) logic [GrpW-1:0] tidx;
    for (genvar k = 0; k < Beats; k++) begin : g_hit
      assign hit[k] = be_q[4*k + l % 4] && (l < 4 ? match_a[k] : match_b[k]);
    end
    for (genvar g = 0; g < Grps; g++) begin : g_grp
      assign gany[g] = |hit[4*g +: 4];
      assign gidx[2*g +: 2] = hit[4*g+3] ? 2'd3 : hit[4*g+2] ? 2'd2 : hit[4*g+1] ? 2'd1 : 2'd0;
    end
    always_comb begin
      tidx = '0;
      for (int g = 0; g < Grps; g++) if (gany[g]) tidx = GrpW'(g);
    end
    assign fwd_mask_o[l] = |gany;
    for (genvar b = 0; b < 8; b++) begin : g_bit
      logic [Grps-1:0] gd;
      for (genvar g = 0; g < Grps; g++) begin : g_grp
        logic [3:0] d4;
        for (genvar j = 0; j < 4; j++) begin : g_d
          assign d4[j] = data_q[32*(4*g + j) + 8*(l % 4) + b];
        end
        assign gd[g] = d4[gidx[2*g +: 2]];
      end
      assign fwd_data_o[8*l + b] = fwd_mask_o[l] && gd[tidx];
    end
  end


  assign cm_valid_o = commit_i;
  for (genvar k = 0; k < Beats; k++) begin : g_cm
    assign cm_beat_valid_o[k] = commit_i && live[k] && be_q[4*k +: 4] != 4'd0;
  end
  assign cm_addr_o = addr_q;
  assign cm_be_o = be_q;
  assign cm_data_o = data_q;

`else
  // Simulation: the plain form.
  logic [CntW-1:0] count_q;
  logic [2*Depth*30-1:0] addr_q;   // beat k at [30k +: 30] (Yosys 0.23: no packed 2-D arrays)
  logic [2*Depth*4-1:0]  be_q;
  logic [2*Depth*32-1:0] data_q;
  localparam int unsigned BeatW = $clog2(2 * Depth);
  logic [2*Depth-1:0]    nz_q;     // beat k is pending and has a byte to write
  logic [CntW:0]         slot;     // beat index of the next entry (2 * count)
  assign slot = {count_q, 1'b0};

  assign full_o = count_q >= CntW'(Depth);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= '0;
      addr_q <= '0;
      be_q <= '0;
      nz_q <= '0;
      data_q <= '0;
    end else if (commit_i || rollback_i) begin
      count_q <= '0;
      nz_q <= '0;
    end else if (push_i && !full_o) begin
      count_q <= count_q + 1'b1;
      addr_q[30*slot +: 60] <= {push_wb_i, push_wa_i};
      be_q[4*slot +: 8] <= {push_beb_i, push_bea_i};
      nz_q[BeatW'(slot) +: 2] <= {push_beb_i != 4'd0, push_bea_i != 4'd0};
      data_q[32*slot +: 64] <= {push_db_i, push_da_i};
    end
  end

  // Youngest match wins: scan oldest to youngest, later beats override. Each beat's word
  // address is compared once per load word.
  always_comb begin
    fwd_mask_o = '0;
    fwd_data_o = '0;
    // nz_q: one vector test skips the empty buffer, one bit test each beat not pending
    if (nz_q != '0) for (int k = 0; k < 2 * Depth; k++) begin
      if (nz_q[k]) begin
        if (addr_q[30*k +: 30] == fwd_wa_i) begin
          for (int i = 0; i < 4; i++) begin
            if (be_q[4*k+i]) begin
              fwd_mask_o[i] = 1'b1;
              fwd_data_o[8*i +: 8] = data_q[32*k+8*i +: 8];
            end
          end
        end
        if (addr_q[30*k +: 30] == fwd_wb_i) begin
          for (int i = 0; i < 4; i++) begin
            if (be_q[4*k+i]) begin
              fwd_mask_o[4+i] = 1'b1;
              fwd_data_o[32+8*i +: 8] = data_q[32*k+8*i +: 8];
            end
          end
        end
      end
    end
  end

  assign cm_valid_o = commit_i;
  assign cm_beat_valid_o = commit_i ? nz_q : '0;
  assign cm_addr_o = addr_q;
  assign cm_be_o = be_q;
  assign cm_data_o = data_q;
`endif
  // commit and rollback clear the count only: the entries stay until overwritten
  assign count_o = count_q;
  // (an array indexed by rd_idx_i: a part-select at 60 * rd_idx_i would make Yosys build a
  // shifter over the whole buffer)
  logic [29:0] ent_wa [Depth];
  logic [29:0] ent_wb [Depth];
  logic        ent_split [Depth];
  for (genvar e = 0; e < Depth; e++) begin : g_rd
    assign ent_wa[e] = addr_q[60*e +: 30];
    assign ent_wb[e] = addr_q[60*e + 30 +: 30];
    assign ent_split[e] = be_q[8*e + 4 +: 4] != 4'd0;
  end
  assign rd_wa_o = ent_wa[rd_idx_i];
  assign rd_wb_o = ent_wb[rd_idx_i];
  assign rd_split_o = ent_split[rd_idx_i];
endmodule
