module tb_regfile(input logic clk_i, input logic rst_ni, input logic [31:0] r0, r1, r2, r3, r4, r5, r6, r7, output logic bad);
  logic [31:0] a0, b0, c0, d0, a1, b1, c1, d1;
  logic [255:0] w0, w1, snap;
  assign snap = {8{r5 ^ r6}};
  old_regfile u0 (.clk_i, .rst_ni, .raddr_a_i(r0[4:0]), .rdata_a_o(a0), .raddr_b_i(r0[9:5]), .rdata_b_o(b0),
    .raddr_c_i(r0[14:10]), .rdata_c_o(c0), .raddr_d_i(r0[19:15]), .rdata_d_o(d0),
    .we_i(r1[0]), .waddr_i(r1[5:1]), .wdata_i(r2), .we2_i(r1[6]), .waddr2_i(r1[11:7]), .wdata2_i(r3),
    .commit_i(r1[15:12] == 0), .snapshot_i(snap), .rollback_i(r1[19:16] == 0), .work_o(w0));
  morph_regfile u1 (.clk_i, .rst_ni, .raddr_a_i(r0[4:0]), .rdata_a_o(a1), .raddr_b_i(r0[9:5]), .rdata_b_o(b1),
    .raddr_c_i(r0[14:10]), .rdata_c_o(c1), .raddr_d_i(r0[19:15]), .rdata_d_o(d1),
    .we_i(r1[0]), .waddr_i(r1[5:1]), .wdata_i(r2), .we2_i(r1[6]), .waddr2_i(r1[11:7]), .wdata2_i(r3),
    .commit_i(r1[15:12] == 0), .snapshot_i(snap), .rollback_i(r1[19:16] == 0), .work_o(w1));
  assign bad = {a0, b0, c0, d0, w0} != {a1, b1, c1, d1, w1};
  logic [95:0] unused; assign unused = {r4, r7, r0[31:20], r1[31:20]};
endmodule
