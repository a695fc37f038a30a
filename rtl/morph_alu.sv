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
  logic [4:0]  shamt;
  logic [31:0] imm_i, imm_u;
  assign insn  = insn_i;
  assign f3    = insn[14:12];
  assign shamt = insn[24:20];
  assign imm_i = {{20{insn[31]}}, insn[31:20]};
  assign imm_u = {insn[31:12], 12'd0};

  always_comb begin
    result_o = 32'd0;
    unique case (insn[6:2])
      5'b01101: result_o = imm_u;              // lui
      5'b00101: result_o = pc_i + imm_u;       // auipc
      5'b00100: begin                          // OP-IMM
        unique case (f3)
          3'd0: result_o = a_i + imm_i;
          3'd2: result_o = {31'd0, $signed(a_i) < $signed(imm_i)};
          3'd3: result_o = {31'd0, a_i < imm_i};
          3'd4: result_o = a_i ^ imm_i;
          3'd6: result_o = a_i | imm_i;
          3'd7: result_o = a_i & imm_i;
          3'd1: result_o = a_i << shamt;
          default: result_o = insn[30] ? 32'($signed(a_i) >>> shamt) : a_i >> shamt;
        endcase
      end
      5'b01100: begin                          // OP (the core takes M's results elsewhere)
        unique case (f3)
          3'd0: result_o = insn[30] ? a_i - b_i : a_i + b_i;
          3'd1: result_o = a_i << b_i[4:0];
          3'd2: result_o = {31'd0, $signed(a_i) < $signed(b_i)};
          3'd3: result_o = {31'd0, a_i < b_i};
          3'd4: result_o = a_i ^ b_i;
          3'd5: result_o = insn[30] ? 32'($signed(a_i) >>> b_i[4:0]) : a_i >> b_i[4:0];
          3'd6: result_o = a_i | b_i;
          default: result_o = a_i & b_i;
        endcase
      end
      default: result_o = 32'd0;
    endcase
  end
endmodule
