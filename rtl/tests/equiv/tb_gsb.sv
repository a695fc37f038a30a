module tb_gsb(input logic clk_i, input logic rst_ni, input logic [31:0] r0, r1, r2, r3, r4, r5, r6, r7, output logic bad);
  localparam D = 16;
  logic push, commit, rollback;
  logic [29:0] wa, wb, fa, fb;
  logic [3:0] bea, beb;
  logic [31:0] da, db;
  // small address space so matches are frequent
  assign push = r0[0] | r0[1];
  assign commit = r0[7:2] == 0;
  assign rollback = r0[13:8] == 1;
  assign wa = {27'd0, r1[2:0]} + (r1[3] ? 30'h3fff0 : 0);
  assign wb = r1[4] ? wa + 1 : {27'd0, r1[7:5]};
  assign bea = r2[3:0];
  assign beb = r2[4] ? 4'd0 : r2[7:4];
  assign da = r3; assign db = r4;
  assign fa = {27'd0, r5[2:0]} + (r5[3] ? 30'h3fff0 : 0);
  assign fb = r5[4] ? fa + 1 : {27'd0, r5[7:5]};
  logic f0, f1, cv0, cv1; logic [7:0] m0, m1; logic [63:0] d0, d1;
  logic [2*D-1:0] bv0, bv1; logic [2*D*30-1:0] a0, a1; logic [2*D*4-1:0] b0, b1; logic [2*D*32-1:0] x0, x1;
  old_gsb #(.Depth(D)) u0 (.clk_i, .rst_ni, .full_o(f0), .push_i(push), .push_wa_i(wa), .push_bea_i(bea), .push_da_i(da),
    .push_wb_i(wb), .push_beb_i(beb), .push_db_i(db), .commit_i(commit), .rollback_i(rollback), .fwd_wa_i(fa), .fwd_wb_i(fb),
    .fwd_mask_o(m0), .fwd_data_o(d0), .cm_valid_o(cv0), .cm_beat_valid_o(bv0), .cm_addr_o(a0), .cm_be_o(b0), .cm_data_o(x0));
  morph_gsb #(.Depth(D)) u1 (.clk_i, .rst_ni, .full_o(f1), .push_i(push), .push_wa_i(wa), .push_bea_i(bea), .push_da_i(da),
    .push_wb_i(wb), .push_beb_i(beb), .push_db_i(db), .commit_i(commit), .rollback_i(rollback), .fwd_wa_i(fa), .fwd_wb_i(fb),
    .fwd_mask_o(m1), .fwd_data_o(d1), .cm_valid_o(cv1), .cm_beat_valid_o(bv1), .cm_addr_o(a1), .cm_be_o(b1), .cm_data_o(x1));
  assign bad = {f0, cv0, m0, d0, bv0, a0, b0, x0} != {f1, cv1, m1, d1, bv1, a1, b1, x1};
  // unused
  logic [95:0] unused; assign unused = {r6, r7, r5[31:8]};
endmodule
