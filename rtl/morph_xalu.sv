// x86-flag-producing ALU of morph's extension (docs/isa.md section 3) and the x86 condition
// evaluator (section 4). Bit-for-bit the semantics of sim/sim_xalu.c; cosim checks it.
`default_nettype none

module morph_xalu #(
  // 0: no multiplier, xmulf/ximulf results are don't-care (the head lane of a fused pair,
  // which never holds them: morph_core.sv)
  parameter bit Mul = 1'b1,
  // 1: the product comes in on mul_p_i, from the core's iterative multiplier (morph_mul, which
  // takes mul_a_o, mul_b_o, mul_signed_o); 0: this module's own multiplier (if Mul)
  parameter bit MulExt = 1'b0
) (
  input  logic [6:0]  op_i,     // funct7
  input  logic [1:0]  size_i,   // 0 = 8-bit, 1 = 16-bit, 2 = 32-bit
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  input  logic [31:0] flags_i,  // xflags before the op
  output logic [31:0] result_o,
  output logic [31:0] flags_o,
  // the multiplies' operands (sign-extended from the size for ximulf, which multiplies signed)
  // and, with MulExt, their product
  output logic [31:0] mul_a_o,
  output logic [31:0] mul_b_o,
  output logic        mul_signed_o,
  input  logic [63:0] mul_p_i
);
  /* verilator lint_off UNUSEDPARAM */
  `undef MORPH_ISA_VH
  `include "morph_isa.vh"
  /* verilator lint_on UNUSEDPARAM */

  // funct7 of each operation, taken from the generated encodings.
  localparam logic [6:0] OpAdd = MATCH_XADD_W[31:25];
  localparam logic [6:0] OpAdc = MATCH_XADC_W[31:25];
  localparam logic [6:0] OpSub = MATCH_XSUB_W[31:25];
  localparam logic [6:0] OpSbb = MATCH_XSBB_W[31:25];
  localparam logic [6:0] OpAnd = MATCH_XAND_W[31:25];
  localparam logic [6:0] OpOr  = MATCH_XOR_W[31:25];
  localparam logic [6:0] OpXor = MATCH_XXOR_W[31:25];
  localparam logic [6:0] OpInc = MATCH_XINC_W[31:25];
  localparam logic [6:0] OpDec = MATCH_XDEC_W[31:25];
  localparam logic [6:0] OpNeg = MATCH_XNEG_W[31:25];
  localparam logic [6:0] OpShl = MATCH_XSHL_W[31:25];
  localparam logic [6:0] OpShr = MATCH_XSHR_W[31:25];
  localparam logic [6:0] OpSar = MATCH_XSAR_W[31:25];
  localparam logic [6:0] OpRol = MATCH_XROL_W[31:25];
  localparam logic [6:0] OpRor = MATCH_XROR_W[31:25];
  localparam logic [6:0] OpRcl = MATCH_XRCL_W[31:25];
  localparam logic [6:0] OpRcr = MATCH_XRCR_W[31:25];
  localparam logic [6:0] OpMulf = MATCH_XMULF_W[31:25];
  localparam logic [6:0] OpImulf = MATCH_XIMULF_W[31:25];
  localparam logic [6:0] OpLogf = MATCH_XLOGF_W[31:25];

  // xflags bits, from the generated XF_ constants (isa/morph-sys.tbl).
  localparam logic [31:0] FCf = XF_CF, FPf = XF_PF, FAf = XF_AF, FZf = XF_ZF;
  localparam logic [31:0] FSf = XF_SF, FOf = XF_OF, FArith = XF_ARITH;

  // Area notes (docs/rtl.md, synthesis): the operand size is a 2-bit select, never a shift
  // amount; one right shifter (64 -> 33 bits) serves every shift and rotate, one 33x33 signed
  // multiplier both multiplies, and SF ZF PF are computed once, on the result.
  logic [31:0] mask, msb;
  logic [31:0] a, b, f, cf32;
  logic [4:0]  n;          // shift / rotate count, b & 31
  logic        cf;

  always_comb begin
    unique case (size_i)
      2'd0:    begin mask = 32'h0000_00ff; msb = 32'h0000_0080; end
      2'd1:    begin mask = 32'h0000_ffff; msb = 32'h0000_8000; end
      default: begin mask = 32'hffff_ffff; msb = 32'h8000_0000; end  // lint-facts: ok (sign bit)
    endcase
  end

  assign a    = a_i & mask;
  assign b    = b_i & mask;
  assign n    = b_i[4:0];
  assign f    = flags_i & FArith;
  assign cf   = flags_i[XF_CF_BIT];
  assign cf32 = {31'd0, cf};

  // bit 8, 16 or 32 (the bit above the operand) / bit 7, 15 or 31 (its sign) by size
  function automatic logic at_size(input logic [1:0] sz, input logic b8, input logic b16,
                                   input logic b32);
    unique case (sz)
      2'd0:    at_size = b8;
      2'd1:    at_size = b16;
      default: at_size = b32;
    endcase
  endfunction

  function automatic logic [31:0] sext(input logic [31:0] v, input logic [1:0] sz);
    unique case (sz)
      2'd0:    sext = {{24{v[7]}}, v[7:0]};
      2'd1:    sext = {{16{v[15]}}, v[15:0]};
      default: sext = v;
    endcase
  endfunction

  // Intermediates of the operations.
  logic [32:0] add_b, add_wide;
  logic [31:0] add_r;
  logic [31:0] sub_a, sub_b, sub_r;
  logic [32:0] sub_sub;
  /* verilator lint_off UNUSEDSIGNAL */
  logic [33:0] sub_diff;    // bit 32 unused
  logic [31:0] sar_sa, rep;
  logic [4:0]  rc_t;        // count mod (size + 1)
  logic [5:0]  rc_w, rc_r;  // size + 1; right-rotate amount of the through-carry rotates
  logic [32:0] rc_v;        // CF:a, size + 1 bits
  logic [64:0] rc_dbl;      // rc_v twice, back to back, bits 64:0
  logic [63:0] sh_in;       // bits 63:0 of the shifter input
  logic        sh_hi;       // its bit 64
  logic [5:0]  sh_n;
  logic [63:0] sh_out;      // bits 32:0 used
  logic [32:0] sh;          // sh_out[32:0]
  logic [31:0] rot_r, rc_r2;
  logic        rc_ncf;
  logic        is_sar, is_shl, is_rot, is_rc;
  logic [32:0] mul_x, mul_y;
  logic [63:0] mul_p;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [31:0] mul_r, sext_r;
  logic        mul_hi_nz;
  logic [31:0] r, szpf;

  // The multiplies' operands, apart from the block below, which reads the product (with MulExt
  // it comes back through the core's morph_mul: one block would be a combinational loop).
  assign mul_signed_o = op_i == OpImulf;
  assign mul_a_o = mul_signed_o ? sext(a, size_i) : a;
  assign mul_b_o = mul_signed_o ? sext(b, size_i) : b;

  always_comb begin
    // add / adc / inc
    add_b    = (op_i == OpInc) ? 33'd1 : {1'b0, b};
    add_wide = {1'b0, a} + add_b + ((op_i == OpAdc) ? {32'd0, cf} : 33'd0);
    add_r    = add_wide[31:0] & mask;
    // sub / sbb / dec / neg; the borrow of sub_a - sub_sub is CF
    sub_a    = (op_i == OpNeg) ? 32'd0 : a;
    sub_b    = (op_i == OpDec) ? 32'd1 : (op_i == OpNeg) ? a : b;
    sub_sub  = {1'b0, sub_b} + ((op_i == OpSbb) ? {32'd0, cf} : 33'd0);
    sub_diff = {2'b00, sub_a} - {1'b0, sub_sub};
    sub_r    = sub_diff[31:0] & mask;

    // Shifts and rotates, all as one right shift of a 65-bit input by sh_n (0-32), of which
    // bits 32:0 are used (bit 64 reaches them only for sh_n = 32, as bit 32; the rest is one
    // 64-bit shift, which Verilator keeps in a machine word):
    //   shl:     {a, 32'd0} >> (32 - n): bits 31:0 = a << n, bit 8/16/32 = the last bit out
    //   shr/sar: {fill, a, 1'b0} >> n (fill = sign of the sign-extended operand for sar):
    //            bits 32:1 = the result, bit 0 = the last bit out
    //   rol/ror: {rep, rep} >> (-n or n) mod 32, rep = the operand repeated to 32 bits
    //   rcl/rcr: {v, v} >> r, v = CF:a (size + 1 bits), r = the right-rotate amount
    is_sar = op_i == OpSar;
    is_shl = op_i == OpShl;
    is_rot = op_i == OpRol || op_i == OpRor;
    is_rc  = op_i == OpRcl || op_i == OpRcr;
    sar_sa = sext(a, size_i);
    unique case (size_i)
      2'd0:    rep = {4{a[7:0]}};
      2'd1:    rep = {2{a[15:0]}};
      default: rep = a;
    endcase
    unique case (size_i)
      2'd0:    begin
        rc_t = (n >= 5'd27) ? n - 5'd27 : (n >= 5'd18) ? n - 5'd18 : (n >= 5'd9) ? n - 5'd9 : n;
        rc_w = 6'd9;
      end
      2'd1:    begin rc_t = (n >= 5'd17) ? n - 5'd17 : n; rc_w = 6'd17; end
      default: begin rc_t = n; rc_w = 6'd33; end
    endcase
    // rcr by t is a right rotate by t; rcl by t a right rotate by (size + 1 - t) mod (size + 1)
    rc_r = (op_i == OpRcl && rc_t != 5'd0) ? rc_w - {1'b0, rc_t} : {1'b0, rc_t};
    unique case (size_i)
      2'd0:    begin rc_v = {24'd0, cf, a[7:0]};  rc_dbl = {47'd0, rc_v[8:0], rc_v[8:0]}; end
      2'd1:    begin rc_v = {16'd0, cf, a[15:0]}; rc_dbl = {31'd0, rc_v[16:0], rc_v[16:0]}; end
      default: begin rc_v = {cf, a};              rc_dbl = {rc_v[31:0], rc_v}; end
    endcase
    if (is_shl) begin
      {sh_hi, sh_in} = {1'b0, a, 32'd0};
      sh_n  = 6'd32 - {1'b0, n};
    end else if (is_rot) begin
      {sh_hi, sh_in} = {1'b0, rep, rep};
      sh_n  = {1'b0, (op_i == OpRor) ? n : 5'd0 - n};
    end else if (is_rc) begin
      {sh_hi, sh_in} = rc_dbl;
      sh_n  = rc_r;
    end else begin
      {sh_hi, sh_in} = {{32{is_sar && sar_sa[31]}}, is_sar ? sar_sa : a, 1'b0};
      sh_n  = {1'b0, n};
    end
    sh_out = sh_in >> sh_n;
    sh     = sh_out[32:0] | {sh_hi && sh_n == 6'd32, 32'd0};
    rot_r  = sh[31:0] & mask;
    rc_r2  = sh[31:0] & mask;
    rc_ncf = at_size(size_i, sh[8], sh[16], sh[32]);

    // multiplies: one 33x33 signed product (unsigned operands get a 0 sign bit)
    mul_x     = {mul_signed_o && mul_a_o[31], mul_a_o};
    mul_y     = {mul_signed_o && mul_b_o[31], mul_b_o};
    mul_p     = MulExt ? mul_p_i :
                Mul ? $signed({{31{mul_x[32]}}, mul_x}) * $signed({{31{mul_y[32]}}, mul_y}) : '0;
    mul_r     = mul_p[31:0] & mask;
    sext_r    = sext(mul_r, size_i);
    unique case (size_i)
      2'd0:    mul_hi_nz = mul_p[63:8] != 56'd0;
      2'd1:    mul_hi_nz = mul_p[63:16] != 48'd0;
      default: mul_hi_nz = mul_p[63:32] != 32'd0;
    endcase

    // result
    r = a;
    unique case (op_i)
      OpAdd, OpAdc, OpInc:        r = add_r;
      OpSub, OpSbb, OpDec, OpNeg: r = sub_r;
      OpAnd:                      r = a & b;
      OpOr:                       r = a | b;
      OpXor:                      r = a ^ b;
      OpShl:                      if (n != 5'd0) r = sh[31:0] & mask;
      OpShr, OpSar:               if (n != 5'd0) r = sh[32:1] & mask;
      OpRol, OpRor:               if (n != 5'd0) r = rot_r;
      OpRcl, OpRcr:               if (n != 5'd0) r = rc_r2;
      OpMulf, OpImulf:            r = mul_r;
      OpLogf:                     r = a;
      default:                    r = 32'd0;
    endcase
    result_o = r;
    // SF ZF PF of the result
    szpf = (^r[7:0] ? 32'd0 : FPf) | (r == 32'd0 ? FZf : 32'd0) | ((r & msb) != 32'd0 ? FSf : 32'd0);

    flags_o = flags_i;
    unique case (op_i)
      OpAdd, OpAdc, OpInc: begin
        flags_o = szpf | (((a ^ add_b[31:0] ^ add_r) & 32'h10) != 0 ? FAf : 32'd0) |
                  (((a ^ add_r) & (add_b[31:0] ^ add_r) & msb) != 0 ? FOf : 32'd0) |
                  ((op_i == OpInc) ? cf32 :
                   (at_size(size_i, add_wide[8], add_wide[16], add_wide[32]) ? FCf : 32'd0));
      end
      OpSub, OpSbb, OpDec, OpNeg: begin
        flags_o = szpf | (((sub_a ^ sub_b ^ sub_r) & 32'h10) != 0 ? FAf : 32'd0) |
                  (((sub_a ^ sub_b) & (sub_a ^ sub_r) & msb) != 0 ? FOf : 32'd0) |
                  ((op_i == OpDec) ? cf32 : (sub_diff[33] ? FCf : 32'd0));
      end
      OpAnd, OpOr, OpXor, OpLogf: flags_o = szpf;
      OpShl: begin
        if (n != 5'd0) begin
          flags_o = szpf | (at_size(size_i, sh[8], sh[16], sh[32]) ? FCf : 32'd0) |
                    ((((r & msb) != 0) != at_size(size_i, sh[8], sh[16], sh[32])) ? FOf : 32'd0);
        end
      end
      OpShr: if (n != 5'd0) flags_o = szpf | (sh[0] ? FCf : 32'd0) | ((a & msb) != 0 ? FOf : 32'd0);
      OpSar: if (n != 5'd0) flags_o = szpf | (sh[0] ? FCf : 32'd0);
      OpRol, OpRor: begin
        if (n != 5'd0) begin
          flags_o = f & ~(FCf | FOf);
          if (op_i == OpRol) begin
            flags_o = flags_o | (rot_r[0] ? FCf : 32'd0) |
                      ((((rot_r & msb) != 0) != rot_r[0]) ? FOf : 32'd0);
          end else begin
            flags_o = flags_o | ((rot_r & msb) != 0 ? FCf : 32'd0) |
                      (at_size(size_i, rot_r[7] ^ rot_r[6], rot_r[15] ^ rot_r[14],
                               rot_r[31] ^ rot_r[30]) ? FOf : 32'd0);
          end
        end
      end
      OpRcl, OpRcr: begin
        if (n != 5'd0) begin
          flags_o = (f & ~(FCf | FOf)) | (rc_ncf ? FCf : 32'd0);
          if (op_i == OpRcl) flags_o = flags_o | ((((rc_r2 & msb) != 0) != rc_ncf) ? FOf : 32'd0);
          else flags_o = flags_o | ((((a & msb) != 0) != cf) ? FOf : 32'd0);
        end
      end
      OpMulf:  flags_o = szpf | (mul_hi_nz ? (FCf | FOf) : 32'd0);
      OpImulf: flags_o = szpf | ((mul_p[63:0] != {{32{sext_r[31]}}, sext_r}) ? (FCf | FOf) : 32'd0);
      default: ;
    endcase
  end
endmodule
