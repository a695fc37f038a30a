module tb_gtlb(input logic clk_i, input logic rst_ni, input logic [31:0] r0, r1, r2, r3, r4, r5, r6, r7, output logic bad);
  logic [31:0] va0, va1, wva, wval, rs; logic we, inv, inva;
  assign va0 = {r1[31:29] == 0 ? r1[28:26] : 3'd0, 11'd0, r1[17:0]};
  assign va1 = {r2[31:29] == 0 ? r2[28:26] : 3'd0, 11'd0, r2[17:0]};
  assign wva = r0[20] ? va0 : {r3[31:29] == 0 ? r3[28:26] : 3'd0, 11'd0, r3[17:0]};
  assign wval = r4;
  assign rs = r5[0] ? 32'h0800_0000 : r5 ;
  assign we = r0[1:0] == 0; assign inv = r0[3:2] == 0; assign inva = r0[11:4] == 0;
  logic [3:0] h0, h1, w0, w1, o0, o1; logic [19:0] p00, p01, p10, p11;
  old_gtlb #(.Entries(64)) u0 (.clk_i, .rst_ni, .ram_size_i(rs), .va0_i(va0), .hit0_o(h0[0]), .w0_o(w0[0]), .ok0_o(o0[0]), .ppn0_o(p00),
    .va1_i(va1), .hit1_o(h0[1]), .w1_o(w0[1]), .ok1_o(o0[1]), .ppn1_o(p01), .write_i(we), .write_va_i(wva), .write_val_i(wval), .inv_i(inv), .inv_all_i(inva));
  morph_gtlb #(.Entries(64)) u1 (.clk_i, .rst_ni, .ram_size_i(rs), .va0_i(va0), .hit0_o(h1[0]), .w0_o(w1[0]), .ok0_o(o1[0]), .ppn0_o(p10),
    .va1_i(va1), .hit1_o(h1[1]), .w1_o(w1[1]), .ok1_o(o1[1]), .ppn1_o(p11), .write_i(we), .write_va_i(wva), .write_val_i(wval), .inv_i(inv), .inv_all_i(inva));
  assign bad = h0[1:0] != h1[1:0] || w0[1:0] != w1[1:0] || o0[1:0] != o1[1:0] || p00 != p10 || p01 != p11;
  logic [63:0] unused; assign unused = {r6, r7};
endmodule
