// x86-flag-producing ALU of morph's extension (docs/isa.md section 3) and the x86 condition
// evaluator (section 4). Bit-for-bit the semantics of sim/sim_xalu.c; cosim checks it.
`default_nettype none

module morph_xalu #(
  // 0: no multiplier, xmulf/ximulf results are don't-care (the head lane of a fused pair,
  // which never holds them: morph_core.sv)
  parameter bit Mul = 1'b1
) (
  input  logic [6:0]  op_i,     // funct7
  input  logic [1:0]  size_i,   // 0 = 8-bit, 1 = 16-bit, 2 = 32-bit
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  input  logic [31:0] flags_i,  // xflags before the op
  output logic [31:0] result_o,
  output logic [31:0] flags_o
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

  logic [5:0]  bits;       // 8, 16 or 32
  logic [31:0] mask, msb;
  logic [31:0] a, b, f, cf32;
  logic [4:0]  n;          // shift / rotate count, b & 31
  logic        cf;

  always_comb begin
    unique case (size_i)
      2'd0:    begin bits = 6'd8;  mask = 32'h0000_00ff; msb = 32'h0000_0080; end
      2'd1:    begin bits = 6'd16; mask = 32'h0000_ffff; msb = 32'h0000_8000; end
      default: begin bits = 6'd32; mask = 32'hffff_ffff; msb = 32'h8000_0000; end  // lint-facts: ok (sign bit)
    endcase
  end

  assign a    = a_i & mask;
  assign b    = b_i & mask;
  assign n    = b_i[4:0];
  assign f    = flags_i & FArith;
  assign cf   = flags_i[XF_CF_BIT];
  assign cf32 = {31'd0, cf};

  // SF ZF PF of an s-bit result r (r already masked).
  function automatic logic [31:0] szp(input logic [31:0] r, input logic [31:0] m);
    szp = (^r[7:0] ? 32'd0 : FPf) | (r == 32'd0 ? FZf : 32'd0) | ((r & m) != 32'd0 ? FSf : 32'd0);
  endfunction

  function automatic logic [31:0] sext(input logic [31:0] v, input logic [5:0] w);
    unique case (w)
      6'd8:    sext = {{24{v[7]}}, v[7:0]};
      6'd16:   sext = {{16{v[15]}}, v[15:0]};
      default: sext = v;
    endcase
  endfunction

  // Intermediates of the operations.
  logic [32:0] add_b, add_wide;
  logic [31:0] add_r;
  logic [31:0] sub_a, sub_b, sub_r;
  logic [32:0] sub_sub;
  logic [31:0] shl_r, shr_r, sar_r, sar_sa;
  logic [5:0]  sar_k;
  logic [4:0]  sar_sh;
  logic [5:0]  rot_t;
  logic [31:0] rot_dbl;
  logic [31:0] rot_r;
  logic [5:0]  rc_t, rc_w;
  logic [63:0] rc_v, rc_rot, rc_m1;
  logic [31:0] rc_r;
  logic        rc_ncf;
  logic [63:0] mul_u, mul_s;
  logic [31:0] mul_ur, mul_sr;
  logic        bit_sel;
  logic [31:0] sext_b, sext_r;

  always_comb begin
    // add / adc / inc
    add_b    = (op_i == OpInc) ? 33'd1 : {1'b0, b};
    add_wide = {1'b0, a} + add_b + ((op_i == OpAdc) ? {32'd0, cf} : 33'd0);
    add_r    = add_wide[31:0] & mask;
    // sub / sbb / dec / neg
    sub_a    = (op_i == OpNeg) ? 32'd0 : a;
    sub_b    = (op_i == OpDec) ? 32'd1 : (op_i == OpNeg) ? a : b;
    sub_sub  = {1'b0, sub_b} + ((op_i == OpSbb) ? {32'd0, cf} : 33'd0);
    sub_r    = (sub_a - sub_sub[31:0]) & mask;
    // shifts
    shl_r    = (a << n) & mask;
    shr_r    = a >> n;
    sar_sa   = sext(a, bits);
    sar_k    = ({1'b0, n} < bits) ? {1'b0, n} : bits;
    sar_sh   = n;  // n <= 31 always
    sar_r    = 32'($signed(sar_sa) >>> sar_sh) & mask;
    // rotates: right by t == left by bits - t
    unique case (bits)
      6'd8:    rot_t = {3'd0, n[2:0]};
      6'd16:   rot_t = {2'd0, n[3:0]};
      default: rot_t = {1'b0, n};
    endcase
    if (op_i == OpRor && rot_t != 6'd0) rot_t = bits - rot_t;
    rot_dbl = (a << rot_t) | (a >> (bits - rot_t));
    rot_r   = (rot_t != 6'd0) ? (rot_dbl & mask) : a;
    // rotates through carry, on the (bits+1)-bit value CF:a
    unique case (bits)
      6'd8:    rc_t = (n >= 5'd27) ? {1'b0, n - 5'd27} : (n >= 5'd18) ? {1'b0, n - 5'd18} :
                      (n >= 5'd9) ? {1'b0, n - 5'd9} : {1'b0, n};
      6'd16:   rc_t = (n >= 5'd17) ? {1'b0, n - 5'd17} : {1'b0, n};
      default: rc_t = {1'b0, n};
    endcase
    rc_w  = bits + 6'd1;
    if (op_i == OpRcr && rc_t != 6'd0) rc_t = rc_w - rc_t;
    rc_v   = ({63'd0, cf} << bits) | {32'd0, a};
    rc_m1  = (64'd2 << bits) - 64'd1;
    rc_rot = (rc_t != 6'd0) ? (((rc_v << rc_t) | (rc_v >> (rc_w - rc_t))) & rc_m1) : rc_v;
    rc_r   = rc_rot[31:0] & mask;
    rc_ncf = rc_rot[bits];
    // multiplies
    mul_u  = Mul ? {32'd0, a} * {32'd0, b} : 64'd0;
    mul_ur = mul_u[31:0] & mask;
    sext_b = sext(b, bits);
    mul_s  = Mul ? $signed({{32{sar_sa[31]}}, sar_sa}) * $signed({{32{sext_b[31]}}, sext_b}) : 64'd0;
    mul_sr = mul_s[31:0] & mask;
    sext_r = sext(mul_sr, bits);
    bit_sel = 1'b0;

    result_o = 32'd0;
    flags_o  = flags_i;
    unique case (op_i)
      OpAdd, OpAdc, OpInc: begin
        result_o = add_r;
        flags_o  = szp(add_r, msb) | (((a ^ add_b[31:0] ^ add_r) & 32'h10) != 0 ? FAf : 32'd0) |
                   (((a ^ add_r) & (add_b[31:0] ^ add_r) & msb) != 0 ? FOf : 32'd0) |
                   ((op_i == OpInc) ? cf32 : ((add_wide > {1'b0, mask}) ? FCf : 32'd0));
      end
      OpSub, OpSbb, OpDec, OpNeg: begin
        result_o = sub_r;
        flags_o  = szp(sub_r, msb) | (((sub_a ^ sub_b ^ sub_r) & 32'h10) != 0 ? FAf : 32'd0) |
                   (((sub_a ^ sub_b) & (sub_a ^ sub_r) & msb) != 0 ? FOf : 32'd0) |
                   ((op_i == OpDec) ? cf32 : (({1'b0, sub_a} < sub_sub) ? FCf : 32'd0));
      end
      OpAnd: begin result_o = a & b; flags_o = szp(a & b, msb); end
      OpOr:  begin result_o = a | b; flags_o = szp(a | b, msb); end
      OpXor: begin result_o = a ^ b; flags_o = szp(a ^ b, msb); end
      OpLogf: begin result_o = a; flags_o = szp(a, msb); end
      OpShl: begin
        result_o = a;
        if (n != 5'd0) begin
          result_o = shl_r;
          bit_sel  = ({1'b0, n} <= bits) && (((a >> (bits - {1'b0, n})) & 32'd1) != 0);
          flags_o  = szp(shl_r, msb) | (bit_sel ? FCf : 32'd0) |
                     ((((shl_r & msb) != 0) != bit_sel) ? FOf : 32'd0);
        end
      end
      OpShr: begin
        result_o = a;
        if (n != 5'd0) begin
          result_o = shr_r;
          bit_sel  = ({1'b0, n} <= bits) && (((a >> (n - 5'd1)) & 32'd1) != 0);
          flags_o  = szp(shr_r, msb) | (bit_sel ? FCf : 32'd0) | ((a & msb) != 0 ? FOf : 32'd0);
        end
      end
      OpSar: begin
        result_o = a;
        if (n != 5'd0) begin
          result_o = sar_r;
          bit_sel  = ((sar_sa >> (sar_k - 6'd1)) & 32'd1) != 0;
          flags_o  = szp(sar_r, msb) | (bit_sel ? FCf : 32'd0);
        end
      end
      OpRol, OpRor: begin
        result_o = a;
        if (n != 5'd0) begin
          result_o = rot_r;
          flags_o  = f & ~(FCf | FOf);
          if (op_i == OpRol) begin
            flags_o = flags_o | (rot_r[0] ? FCf : 32'd0) |
                      ((((rot_r & msb) != 0) != rot_r[0]) ? FOf : 32'd0);
          end else begin
            flags_o = flags_o | ((rot_r & msb) != 0 ? FCf : 32'd0) |
                      ((((rot_r >> (bits - 6'd1)) ^ (rot_r >> (bits - 6'd2))) & 32'd1) != 0 ? FOf : 32'd0);
          end
        end
      end
      OpRcl, OpRcr: begin
        result_o = a;
        if (n != 5'd0) begin
          result_o = rc_r;
          flags_o  = (f & ~(FCf | FOf)) | (rc_ncf ? FCf : 32'd0);
          if (op_i == OpRcl) flags_o = flags_o | ((((rc_r & msb) != 0) != rc_ncf) ? FOf : 32'd0);
          else flags_o = flags_o | ((((a & msb) != 0) != cf) ? FOf : 32'd0);
        end
      end
      OpMulf: begin
        result_o = mul_ur;
        flags_o  = szp(mul_ur, msb) | (((mul_u >> bits) != 64'd0) ? (FCf | FOf) : 32'd0);
      end
      OpImulf: begin
        result_o = mul_sr;
        flags_o  = szp(mul_sr, msb) |
                   ((mul_s != {{32{sext_r[31]}}, sext_r}) ? (FCf | FOf) : 32'd0);
      end
      default: ;
    endcase
  end
endmodule

