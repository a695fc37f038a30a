// Iterative divider for DIV/DIVU/REM/REMU: one quotient bit per cycle, 32 cycles after the
// start cycle, which gives the +32 of docs/isa.md section 9. Results follow the RISC-V M rules
// (divide by zero, signed overflow).
`default_nettype none

module morph_div (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        start_i,   // first EX cycle of a divide: operands valid
  input  logic [1:0]  op_i,      // funct3[1:0]: 0 DIV, 1 DIVU, 2 REM, 3 REMU
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  output logic        done_o,    // result valid this cycle (the 33rd EX cycle)
  output logic [31:0] result_o
);
  logic [5:0]  cnt_q, cnt_d;
  logic [31:0] quo_q, quo_d, rem_q, rem_d, div_q, div_d;
  logic        neg_q_q, neg_q_d, neg_r_q, neg_r_d, rem_op_q, rem_op_d, zero_q, zero_d;
  logic [31:0] a_q, a_d;
  logic        sgn;
  logic [32:0] trial;
  logic [31:0] shifted;

  assign sgn = ~op_i[0];

  always_comb begin
    cnt_d = cnt_q;
    quo_d = quo_q;
    rem_d = rem_q;
    div_d = div_q;
    neg_q_d = neg_q_q;
    neg_r_d = neg_r_q;
    rem_op_d = rem_op_q;
    zero_d = zero_q;
    a_d = a_q;
    shifted = {rem_q[30:0], quo_q[31]};
    trial = {1'b0, shifted} - {1'b0, div_q};
    if (start_i) begin
      cnt_d = 6'd32;
      quo_d = (sgn && a_i[31]) ? -a_i : a_i;   // dividend, shifted out MSB first
      rem_d = 32'd0;
      div_d = (sgn && b_i[31]) ? -b_i : b_i;
      neg_q_d = sgn && (a_i[31] ^ b_i[31]);
      neg_r_d = sgn && a_i[31];
      rem_op_d = op_i[1];
      zero_d = b_i == 32'd0;
      a_d = a_i;
    end else if (cnt_q != 6'd0) begin
      cnt_d = cnt_q - 6'd1;
      if (!trial[32]) begin
        rem_d = trial[31:0];
        quo_d = {quo_q[30:0], 1'b1};
      end else begin
        rem_d = shifted;
        quo_d = {quo_q[30:0], 1'b0};
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q <= 6'd0;
      quo_q <= 32'd0;
      rem_q <= 32'd0;
      div_q <= 32'd0;
      neg_q_q <= 1'b0;
      neg_r_q <= 1'b0;
      rem_op_q <= 1'b0;
      zero_q <= 1'b0;
      a_q <= 32'd0;
    end else begin
      cnt_q <= cnt_d;
      quo_q <= quo_d;
      rem_q <= rem_d;
      div_q <= div_d;
      neg_q_q <= neg_q_d;
      neg_r_q <= neg_r_d;
      rem_op_q <= rem_op_d;
      zero_q <= zero_d;
      a_q <= a_d;
    end
  end

  // All 32 steps done. (INT_MIN / -1 falls out of the magnitude algorithm:
  // quotient 0x80000000, remainder 0.)
  // The last step's result is taken from its next-state values, so the op spends exactly
  // 1 + 32 cycles in EX.
  assign done_o = !start_i && cnt_q == 6'd1;
  always_comb begin
    if (zero_q) result_o = rem_op_q ? a_q : 32'hffff_ffff;
    else if (rem_op_q) result_o = neg_r_q ? -rem_d : rem_d;
    else result_o = neg_q_q ? -quo_d : quo_d;
  end
endmodule
