module tb_xalu(input logic clk_i, input logic rst_ni, input logic [31:0] r0, r1, r2, r3, r4, r5, r6, r7, output logic bad);
  `undef MORPH_ISA_VH
  `include "morph_isa.vh"
  logic [6:0] ops [20];
  assign ops = '{MATCH_XADD_W[31:25], MATCH_XADC_W[31:25], MATCH_XSUB_W[31:25], MATCH_XSBB_W[31:25], MATCH_XAND_W[31:25],
    MATCH_XOR_W[31:25], MATCH_XXOR_W[31:25], MATCH_XINC_W[31:25], MATCH_XDEC_W[31:25], MATCH_XNEG_W[31:25], MATCH_XSHL_W[31:25],
    MATCH_XSHR_W[31:25], MATCH_XSAR_W[31:25], MATCH_XROL_W[31:25], MATCH_XROR_W[31:25], MATCH_XRCL_W[31:25], MATCH_XRCR_W[31:25],
    MATCH_XMULF_W[31:25], MATCH_XIMULF_W[31:25], MATCH_XLOGF_W[31:25]};
  logic [6:0] op; logic [1:0] sz; logic [31:0] a, b, fl;
  assign op = r0[7] ? r0[6:0] : ops[r0[4:0] % 20];
  assign sz = r0[9:8];
  function automatic logic [31:0] shape(input logic [31:0] x, input logic [2:0] k, input logic [31:0] y);
    case (k)
      0: shape = 0; 1: shape = 32'hffffffff; 2: shape = {y[31], 30'd0, y[0]}; 3: shape = y & 32'h800080ff;
      4: shape = {27'd0, y[4:0]}; 5: shape = y ^ 32'h7fff7f7f; default: shape = x;
    endcase
  endfunction
  assign a = shape(r1, r0[12:10], r3);
  assign b = shape(r2, r0[15:13], r4);
  assign fl = r5;
  logic [31:0] x0, x1, g0, g1;
  old_xalu u0 (.op_i(op), .size_i(sz), .a_i(a), .b_i(b), .flags_i(fl), .result_o(x0), .flags_o(g0));
  morph_xalu u1 (.op_i(op), .size_i(sz), .a_i(a), .b_i(b), .flags_i(fl), .result_o(x1), .flags_o(g1));
  assign bad = x0 != x1 || g0 != g1;
  always @(posedge clk_i) if (bad) $display("op=%h sz=%d a=%h b=%h fl=%h | old r=%h f=%h new r=%h f=%h", op, sz, a, b, fl, x0, g0, x1, g1);
  logic [127:0] unused; assign unused = {r6, r7, r0[31:16], clk_i, rst_ni};
endmodule
