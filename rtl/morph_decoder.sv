// Instruction decoder: classifies a fetched op (RV32IM + Zicsr + morph's extension) the way the
// C model's decoder does (docs/model.md), including which registers an op "reads" for the
// load-use rule, which is decided from the opcode alone. Extension ops are recognised only
// through the generated MATCH_/MASK_ constants of build/gen/morph_isa.vh.
`default_nettype none

module morph_decoder (
  input  logic [31:0] insn_i,       // as fetched (bit 1 = fuse mark, ignored)
  input  logic        xdec_i,       // the decode assist is present (else xmodrm is illegal)
  output logic        illegal_o,    // encoding is illegal (CSR existence is checked by the core)
  output logic        reads_rs1_o,  // load-use rule (docs/model.md "Timing", step 1)
  output logic        reads_rs2_o,
  output logic        rd_we_o,      // the op writes rd (when legal and not trapping)
  output logic        alu1_o,       // a legal single-cycle ALU op: lui, auipc, OP-IMM, OP but M,
                                    // x-ALU but xmulf/ximulf, xsetcc, xmodrm (may head a fused pair)
  // classes
  output logic lui_o, auipc_o, jal_o, jalr_o, branch_o, load_o, store_o, opimm_o, op_o,
  output logic div_o, fence_o, ecall_o, ebreak_o, mret_o, wfi_o, csr_o,
  output logic gload_o, gstore_o, xalu_o, xbcc_o, xsetcc_o, jtlbj_o,
  output logic commit_o, rollback_o, gtlbw_o, gtlbinv_o, jtlbw_o, jtlbinv_o, xenter_o, xexit_o,
  output logic xmodrm_o,
  output logic [2:0]  size_o,       // access bytes: 1, 2, 4 (loads, stores, guest ops)
  output logic        signed_o      // load sign-extends
);
  /* verilator lint_off UNUSEDPARAM */
  `undef MORPH_ISA_VH
  `include "morph_isa.vh"
  /* verilator lint_on UNUSEDPARAM */

  logic [31:0] insn;
  logic [6:0]  opc, f7;
  logic [2:0]  f3;
  logic        xalu_f7, xalu_f3;

  assign insn = insn_i | MORPH_FUSE_BIT;
  assign opc = insn[6:0];
  assign f3 = insn[14:12];
  assign f7 = insn[31:25];

  function automatic logic m(input logic [31:0] i, input logic [31:0] match, input logic [31:0] mask);
    m = (i & mask) == match;
  endfunction

  // The x-ALU rows of the table are a cross product: 20 operations x 3 sizes.
  assign xalu_f3 = f3 == MATCH_XADD_B[14:12] || f3 == MATCH_XADD_H[14:12] || f3 == MATCH_XADD_W[14:12];
  always_comb begin
    unique case (f7)
      MATCH_XADD_W[31:25], MATCH_XADC_W[31:25], MATCH_XSUB_W[31:25], MATCH_XSBB_W[31:25],
      MATCH_XAND_W[31:25], MATCH_XOR_W[31:25], MATCH_XXOR_W[31:25], MATCH_XINC_W[31:25],
      MATCH_XDEC_W[31:25], MATCH_XNEG_W[31:25], MATCH_XSHL_W[31:25], MATCH_XSHR_W[31:25],
      MATCH_XSAR_W[31:25], MATCH_XROL_W[31:25], MATCH_XROR_W[31:25], MATCH_XRCL_W[31:25],
      MATCH_XRCR_W[31:25], MATCH_XMULF_W[31:25], MATCH_XIMULF_W[31:25], MATCH_XLOGF_W[31:25]:
        xalu_f7 = 1'b1;
      default: xalu_f7 = 1'b0;
    endcase
  end

  always_comb begin
    lui_o = 1'b0; auipc_o = 1'b0; jal_o = 1'b0; jalr_o = 1'b0; branch_o = 1'b0;
    load_o = 1'b0; store_o = 1'b0; opimm_o = 1'b0; op_o = 1'b0; div_o = 1'b0; fence_o = 1'b0;
    ecall_o = 1'b0; ebreak_o = 1'b0; mret_o = 1'b0; wfi_o = 1'b0; csr_o = 1'b0;
    gload_o = 1'b0; gstore_o = 1'b0; xalu_o = 1'b0; xbcc_o = 1'b0; xsetcc_o = 1'b0; jtlbj_o = 1'b0;
    commit_o = 1'b0; rollback_o = 1'b0; gtlbw_o = 1'b0; gtlbinv_o = 1'b0; jtlbw_o = 1'b0;
    jtlbinv_o = 1'b0; xenter_o = 1'b0; xexit_o = 1'b0; xmodrm_o = 1'b0;
    illegal_o = 1'b0;
    rd_we_o = 1'b0;
    size_o = 3'd4;
    signed_o = 1'b0;

    unique case (opc)
      7'h37: begin lui_o = 1'b1; rd_we_o = 1'b1; end
      7'h17: begin auipc_o = 1'b1; rd_we_o = 1'b1; end
      7'h6f: begin jal_o = 1'b1; rd_we_o = 1'b1; end
      7'h67: begin jalr_o = 1'b1; rd_we_o = 1'b1; illegal_o = f3 != 3'd0; end
      7'h63: begin branch_o = 1'b1; illegal_o = f3 == 3'd2 || f3 == 3'd3; end
      7'h03: begin
        load_o = 1'b1; rd_we_o = 1'b1;
        illegal_o = f3 == 3'd3 || f3 >= 3'd6;
        size_o = (f3[1:0] == 2'd0) ? 3'd1 : (f3[1:0] == 2'd1) ? 3'd2 : 3'd4;
        signed_o = !f3[2];
      end
      7'h23: begin
        store_o = 1'b1;
        illegal_o = f3 >= 3'd3;
        size_o = (f3[1:0] == 2'd0) ? 3'd1 : (f3[1:0] == 2'd1) ? 3'd2 : 3'd4;
      end
      7'h13: begin
        opimm_o = 1'b1; rd_we_o = 1'b1;
        if (f3 == 3'd1) illegal_o = f7 != 7'd0;
        if (f3 == 3'd5) illegal_o = f7 != 7'd0 && f7 != 7'h20;
      end
      7'h33: begin
        op_o = 1'b1; rd_we_o = 1'b1;
        if (f7 == 7'h20) illegal_o = f3 != 3'd0 && f3 != 3'd5;
        else if (f7 == 7'h01) div_o = f3[2];
        else illegal_o = f7 != 7'd0;
      end
      7'h0f: begin fence_o = 1'b1; illegal_o = f3 > 3'd1; end
      7'h73: begin
        if (f3 == 3'd0) begin
          ecall_o = insn == 32'h0000_0073;
          ebreak_o = insn == 32'h0010_0073;
          mret_o = insn == 32'h3020_0073;
          wfi_o = insn == 32'h1050_0073;
          illegal_o = !(ecall_o || ebreak_o || mret_o || wfi_o);
        end else if (f3 == 3'd4) begin
          illegal_o = 1'b1;
        end else begin
          csr_o = 1'b1; rd_we_o = 1'b1;
        end
      end
      default: begin
        // morph's extension
        if (m(insn, MATCH_GLB, MASK_GLB) || m(insn, MATCH_GLBU, MASK_GLBU)) begin
          gload_o = 1'b1; rd_we_o = 1'b1; size_o = 3'd1; signed_o = m(insn, MATCH_GLB, MASK_GLB);
        end else if (m(insn, MATCH_GLH, MASK_GLH) || m(insn, MATCH_GLHU, MASK_GLHU)) begin
          gload_o = 1'b1; rd_we_o = 1'b1; size_o = 3'd2; signed_o = m(insn, MATCH_GLH, MASK_GLH);
        end else if (m(insn, MATCH_GLW, MASK_GLW)) begin
          gload_o = 1'b1; rd_we_o = 1'b1; size_o = 3'd4;
        end else if (m(insn, MATCH_GSB, MASK_GSB)) begin
          gstore_o = 1'b1; size_o = 3'd1;
        end else if (m(insn, MATCH_GSH, MASK_GSH)) begin
          gstore_o = 1'b1; size_o = 3'd2;
        end else if (m(insn, MATCH_GSW, MASK_GSW)) begin
          gstore_o = 1'b1; size_o = 3'd4;
        end else if (opc == MATCH_XADD_B[6:0] && xalu_f3 && xalu_f7) begin
          xalu_o = 1'b1; rd_we_o = 1'b1;
        end else if (m(insn, MATCH_XBCC, MASK_XBCC)) xbcc_o = 1'b1;
        else if (m(insn, MATCH_XSETCC, MASK_XSETCC)) begin xsetcc_o = 1'b1; rd_we_o = 1'b1; end
        else if (m(insn, MATCH_JTLBJ, MASK_JTLBJ)) jtlbj_o = 1'b1;
        else if (m(insn, MATCH_COMMIT, MASK_COMMIT)) commit_o = 1'b1;
        else if (m(insn, MATCH_ROLLBACK, MASK_ROLLBACK)) rollback_o = 1'b1;
        else if (m(insn, MATCH_GTLBW, MASK_GTLBW)) gtlbw_o = 1'b1;
        else if (m(insn, MATCH_GTLBINV, MASK_GTLBINV)) gtlbinv_o = 1'b1;
        else if (m(insn, MATCH_JTLBW, MASK_JTLBW)) jtlbw_o = 1'b1;
        else if (m(insn, MATCH_JTLBINV, MASK_JTLBINV)) jtlbinv_o = 1'b1;
        else if (m(insn, MATCH_XENTER, MASK_XENTER)) xenter_o = 1'b1;
        else if (m(insn, MATCH_XEXIT, MASK_XEXIT)) xexit_o = 1'b1;
        else if (m(insn, MATCH_XMODRM, MASK_XMODRM) && xdec_i) begin xmodrm_o = 1'b1; rd_we_o = 1'b1; end
        else illegal_o = 1'b1;
      end
    endcase
    if (!insn_i[0]) illegal_o = 1'b1;   // bit 0 must be 1
  end

  assign alu1_o = !illegal_o && (lui_o || auipc_o || opimm_o || (op_o && f7 != 7'h01) || xsetcc_o || xmodrm_o ||
                                 (xalu_o && f7 != MATCH_XMULF_W[31:25] && f7 != MATCH_XIMULF_W[31:25]));

  // Load-use "reads": from the major opcode and the fields the op names, exactly as the model.
  always_comb begin
    reads_rs1_o = 1'b0;
    reads_rs2_o = 1'b0;
    unique case (opc)
      7'h67, 7'h03, 7'h13: reads_rs1_o = 1'b1;
      7'h63, 7'h23, 7'h33: begin reads_rs1_o = 1'b1; reads_rs2_o = 1'b1; end
      7'h73: reads_rs1_o = f3 >= 3'd1 && f3 <= 3'd3;
      default: begin
        if (opc == MATCH_GLB[6:0]) reads_rs1_o = 1'b1;
        else if (opc == MATCH_GSB[6:0]) begin reads_rs1_o = 1'b1; reads_rs2_o = 1'b1; end
        else if (opc == MATCH_XADD_B[6:0]) begin
          reads_rs1_o = 1'b1;
          reads_rs2_o = !(f7 == MATCH_XINC_W[31:25] || f7 == MATCH_XDEC_W[31:25] ||
                          f7 == MATCH_XNEG_W[31:25] || f7 == MATCH_XLOGF_W[31:25]);
        end else if (opc == MATCH_XBCC[6:0]) begin
          if (f3 == MATCH_JTLBJ[14:12]) reads_rs1_o = 1'b1;
          else if (f3 == MATCH_XMODRM[14:12]) begin reads_rs1_o = 1'b1; reads_rs2_o = 1'b1; end
          else if (f3 == MATCH_COMMIT[14:12]) begin
            if (f7 == MATCH_COMMIT[31:25] || f7 == MATCH_GTLBINV[31:25] ||
                f7 == MATCH_XENTER[31:25] || f7 == MATCH_XEXIT[31:25]) reads_rs1_o = 1'b1;
            else if (f7 == MATCH_GTLBW[31:25] || f7 == MATCH_JTLBW[31:25]) begin
              reads_rs1_o = 1'b1; reads_rs2_o = 1'b1;
            end
          end
        end
      end
    endcase
  end
endmodule
