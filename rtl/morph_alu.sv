// Single-cycle base ALU: lui, auipc, OP-IMM and OP without M (RV32I). EX uses it for the op in
// its main lane, and a fusing core (morph_core's Fuse) for the head of a fused pair in the head
// lane (docs/rtl.md "Fused pairs"). The result of any other op is don't-care.
`default_nettype none

module morph_alu (
  input  logic [31:0] insn_i,   // fuse mark already forced to 1
  input  logic [31:0] pc_i,
  input  logic [31:0] a_i,      // rs1
  input  logic [31:0] b_i,      // rs2
  output logic [31:0] result_o
);
  /* verilator lint_off UNUSEDSIGNAL */
  logic [31:0] insn;            // funct7 bits other than [5] and opcode bits [1:0] are not needed
  /* verilator lint_on UNUSEDSIGNAL */
  logic [2:0]  f3;
  logic        op, upper, sub, arith;
  logic [31:0] x, y, sum, shr, shl;
  logic        ltu;
  logic [4:0]  sh;
  assign insn  = insn_i;
  assign f3    = insn[14:12];
  assign op    = insn[5];                 // OP (0110011) against OP-IMM (0010011)
  assign upper = insn[2];                 // lui (0110111) and auipc (0010111)

  // One adder for add, addi, sub, lui (0 + imm) and auipc (pc + imm); one unsigned comparator for
  // the four comparisons; one right shifter, the left shift through bit reversal: one copy of each
  // unit rather than one per operation (docs/rtl.md, Synthesis).
  assign y     = upper ? {insn[31:12], 12'd0} : op ? b_i : {{20{insn[31]}}, insn[31:20]};
  assign x     = !upper ? a_i : insn[5] ? 32'd0 : pc_i;
  assign sub   = !upper && op && insn[30];
  assign sum   = x + (sub ? ~y : y) + {31'd0, sub};
  assign ltu   = a_i < y;
  assign sh    = y[4:0];
  assign arith = f3[2] && insn[30] && a_i[31];
`ifdef SYNTHESIS
  // The left shift through the right shifter: reversal is wiring in hardware.
  logic [31:0] a_rev, shl_rev;
  always_comb begin
    for (int i = 0; i < 32; i++) a_rev[i] = a_i[31 - i];
  end
  assign shr   = 32'($signed({arith, f3[2] ? a_i : a_rev}) >>> sh);
  always_comb begin
    for (int i = 0; i < 32; i++) shl_rev[i] = shr[31 - i];
  end
  assign shl   = shl_rev;
`else
  // Simulation: two shifts, which Verilator evaluates in a few instructions where the bit
  // reversals cost hundreds; rtl/tests/equiv/run.sh alu checks both forms.
  assign shr   = 32'($signed({arith, a_i}) >>> sh);
  assign shl   = a_i << sh;
`endif

  always_comb begin
    if (upper) result_o = sum;
    else begin
      unique case (f3)
        3'd0: result_o = sum;
        3'd1: result_o = shl;
        3'd2: result_o = {31'd0, (a_i[31] ^ y[31]) ? a_i[31] : ltu};   // slt
        3'd3: result_o = {31'd0, ltu};                                  // sltu
        3'd4: result_o = a_i ^ y;
        3'd5: result_o = shr;
        3'd6: result_o = a_i | y;
        default: result_o = a_i & y;
      endcase
    end
  end
endmodule
