module tb_jtlb(input logic clk_i, input logic rst_ni, input logic [31:0] r0, r1, r2, r3, r4, r5, r6, r7, output logic bad);
  logic [31:0] eip, tgt; logic we, inv;
  assign eip = {r1[31:28] == 0 ? r1[27:24] : 4'd0, 20'd0, r1[7:0]} | (r1[8] ? 32'h0 : {28'd0, r1[11:9], 1'b0} << 8);
  assign tgt = r2;
  assign we = r0[1:0] == 0;
  assign inv = r0[11:2] == 0;
  logic h0, h1; logic [31:0] t0, t1;
  old_jtlb #(.Sets(256), .Ways(2)) u0 (.clk_i, .rst_ni, .eip_i(eip), .hit_o(h0), .target_o(t0), .write_i(we), .target_i(tgt), .inv_all_i(inv));
  morph_jtlb #(.Sets(256), .Ways(2)) u1 (.clk_i, .rst_ni, .eip_i(eip), .hit_o(h1), .target_o(t1), .write_i(we), .target_i(tgt), .inv_all_i(inv));
  assign bad = h0 != h1 || t0 != t1;
  logic [191:0] unused; assign unused = {r3, r4, r5, r6, r7, r0[31:12]};
endmodule
