// Gated store buffer (docs/isa.md section 5). Guest stores executed in translated mode wait here
// until commit (written to memory in program order) or rollback (discarded). An entry is one
// guest store: up to two aligned-word beats {word address, byte enables, data} at physical
// addresses resolved by the guest TLB when the store executed. Guest loads forward the youngest
// buffered bytes (by physical byte address). Commit hands every beat to the memory through the
// wide commit port in one cycle (the ideal memory of the base configuration, like the model).
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
  output logic [2*Depth*32-1:0]  cm_data_o
);
  localparam int unsigned CntW = $clog2(Depth + 1);

  logic [CntW-1:0] count_q;
  logic [2*Depth*30-1:0] addr_q;   // beat k at [30k +: 30] (Yosys 0.23: no packed 2-D arrays)
  logic [2*Depth*4-1:0]  be_q;
  logic [2*Depth*32-1:0] data_q;
  logic [CntW:0]         slot;     // beat index of the next entry (2 * count)
  assign slot = {count_q, 1'b0};

  assign full_o = count_q >= CntW'(Depth);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= '0;
      addr_q <= '0;
      be_q <= '0;
      data_q <= '0;
    end else if (commit_i || rollback_i) begin
      count_q <= '0;
    end else if (push_i && !full_o) begin
      count_q <= count_q + 1'b1;
      addr_q[30*slot +: 60] <= {push_wb_i, push_wa_i};
      be_q[4*slot +: 8] <= {push_beb_i, push_bea_i};
      data_q[32*slot +: 64] <= {push_db_i, push_da_i};
    end
  end

  // Youngest match wins: scan oldest to youngest, later beats override.
  always_comb begin
    fwd_mask_o = '0;
    fwd_data_o = '0;
    for (int k = 0; k < 2 * Depth; k++) begin
      if (k < slot) begin
        for (int i = 0; i < 4; i++) begin
          if (be_q[4*k+i] && addr_q[30*k +: 30] == fwd_wa_i) begin
            fwd_mask_o[i] = 1'b1;
            fwd_data_o[8*i +: 8] = data_q[32*k+8*i +: 8];
          end
          if (be_q[4*k+i] && addr_q[30*k +: 30] == fwd_wb_i) begin
            fwd_mask_o[4+i] = 1'b1;
            fwd_data_o[32+8*i +: 8] = data_q[32*k+8*i +: 8];
          end
        end
      end
    end
  end

  assign cm_valid_o = commit_i;
  always_comb begin
    for (int k = 0; k < 2 * Depth; k++) begin
      cm_beat_valid_o[k] = commit_i && k < slot && be_q[4*k +: 4] != 4'd0;
    end
    cm_addr_o = addr_q;
    cm_be_o = be_q;
    cm_data_o = data_q;
  end
endmodule
