// Iterative multiplier (morph_core's MulCycles = 32; docs/rtl.md "Configurations"): the 64-bit
// product of two 32-bit operands, each signed or unsigned, radix-2 shift-add, one multiplier bit
// per cycle, 32 cycles after the start cycle: the +32 of the knob mul (docs/model.md). It serves
// RV32M's MUL/MULH/MULHSU/MULHU and the x-ALU's xmulf/ximulf, so the core needs no array
// multiplier. Each step adds the multiplicand into the upper half when the multiplier's next bit
// is set and shifts the pair right one bit (the multiplier leaves the lower half as the product's
// low bits come in); a signed multiplier's bit 31 weighs -2^31, so its step subtracts.
`default_nettype none

module morph_mul (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        start_i,     // first EX cycle of a multiply: operands valid
  input  logic [31:0] a_i,         // multiplicand
  input  logic        a_signed_i,
  input  logic [31:0] b_i,         // multiplier
  input  logic        b_signed_i,
  output logic        done_o,      // product valid this cycle (the 33rd EX cycle)
  output logic [63:0] product_o
);
  logic [5:0]  cnt_q, cnt_d;
  logic [32:0] hi_q, hi_d;        // the partial product's upper bits, signed
  logic [31:0] lo_q, lo_d;        // multiplier bits not yet used, above the product's low bits
  logic [32:0] mcand_q, mcand_d;  // the multiplicand, sign- or zero-extended
  logic        bsgn_q, bsgn_d;
  logic        sub;
  logic [33:0] addend, sum;

  always_comb begin
    cnt_d = cnt_q;
    hi_d = hi_q;
    lo_d = lo_q;
    mcand_d = mcand_q;
    bsgn_d = bsgn_q;
    sub = bsgn_q && cnt_q == 6'd1;  // the last step: bit 31 of a signed multiplier
    addend = lo_q[0] ? {mcand_q[32], mcand_q} : 34'd0;
    sum = {hi_q[32], hi_q} + (sub ? ~addend : addend) + {33'd0, sub};
    if (start_i) begin
      cnt_d = 6'd32;
      hi_d = 33'd0;
      lo_d = b_i;
      mcand_d = {a_signed_i && a_i[31], a_i};
      bsgn_d = b_signed_i;
    end else if (cnt_q != 6'd0) begin
      cnt_d = cnt_q - 6'd1;
      hi_d = sum[33:1];
      lo_d = {sum[0], lo_q[31:1]};
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q <= 6'd0;
      hi_q <= 33'd0;
      lo_q <= 32'd0;
      mcand_q <= 33'd0;
      bsgn_q <= 1'b0;
    end else begin
      cnt_q <= cnt_d;
      hi_q <= hi_d;
      lo_q <= lo_d;
      mcand_q <= mcand_d;
      bsgn_q <= bsgn_d;
    end
  end

  // The last step's product is taken from its next-state values, so the op spends exactly
  // 1 + 32 cycles in EX (as the divider does). The full product needs 65 bits; the core uses 64.
  assign done_o = !start_i && cnt_q == 6'd1;
  /* verilator lint_off UNUSEDSIGNAL */
  logic [64:0] full;
  /* verilator lint_on UNUSEDSIGNAL */
  assign full = {hi_d, lo_d};
  assign product_o = full[63:0];
endmodule
