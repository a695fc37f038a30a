// The ALU for the ops it serves (lui, auipc, OP-IMM, OP without M, legal funct7); any other op's
// result is don't-care (rtl/morph_alu.sv).
module tb_alu(input logic clk_i, input logic rst_ni, input logic [31:0] r0, r1, r2, r3, r4, r5, r6, r7, output logic bad);
  logic [31:0] insn, a, b, res0, res1;
  logic [6:0] opc, f7;
  logic [2:0] f3;
  always_comb begin
    case (r0[1:0])
      2'd0: opc = 7'b0110111; 2'd1: opc = 7'b0010111; 2'd2: opc = 7'b0010011; default: opc = 7'b0110011;
    endcase
    f3 = r0[4:2];
    // funct7 0x20 only where it is legal: sub/sra (OP), srai (OP-IMM f3 5)
    f7 = (r0[5] && ((opc == 7'b0110011 && (f3 == 3'd0 || f3 == 3'd5)) || (opc == 7'b0010011 && f3 == 3'd5))) ? 7'h20 : 7'h00;
    if (opc == 7'b0110111 || opc == 7'b0010111) insn = {r1[31:12], r1[11:7], opc};
    else if (opc == 7'b0010011 && f3 != 3'd1 && f3 != 3'd5) insn = {r1[31:20], r1[19:15], f3, r1[11:7], opc};
    else insn = {f7, r1[24:20], r1[19:15], f3, r1[11:7], opc};
  end
  // operands: random, with small and edge values often
  assign a = r2[3:0] == 0 ? {1'b1, 31'd0} : r2[3:0] == 1 ? 32'hffff_ffff : r2[3:0] == 2 ? {27'd0, r3[4:0]} : r3;
  assign b = r4[3:0] == 0 ? {1'b1, 31'd0} : r4[3:0] == 1 ? a : r4[3:0] == 2 ? {27'd0, r5[4:0]} : r5;
  old_alu u0 (.insn_i(insn), .pc_i(r6), .a_i(a), .b_i(b), .result_o(res0));
  morph_alu u1 (.insn_i(insn), .pc_i(r6), .a_i(a), .b_i(b), .result_o(res1));
  assign bad = res0 != res1;
  logic unused; assign unused = ^{clk_i, rst_ni, r0[31:6], r2[31:4], r4[31:4], r7};
endmodule
