// x86 condition evaluator (docs/isa.md section 4): cc (Jcc low nibble) on xflags; the same
// truth table as sim_xcond() in sim/sim_xalu.c.
`default_nettype none

module morph_xcond (
  input  logic [3:0]  cc_i,
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic [31:0] flags_i,  // only the six flag bits matter
  /* verilator lint_on UNUSEDSIGNAL */
  output logic        true_o
);
  /* verilator lint_off UNUSEDPARAM */
  `undef MORPH_ISA_VH
  `include "morph_isa.vh"
  /* verilator lint_on UNUSEDPARAM */

  logic cf, zf, sf, of, pf, r;
  assign cf = flags_i[XF_CF_BIT];
  assign pf = flags_i[XF_PF_BIT];
  assign zf = flags_i[XF_ZF_BIT];
  assign sf = flags_i[XF_SF_BIT];
  assign of = flags_i[XF_OF_BIT];
  always_comb begin
    unique case (cc_i[3:1])
      3'd0: r = of;
      3'd1: r = cf;
      3'd2: r = zf;
      3'd3: r = cf | zf;
      3'd4: r = sf;
      3'd5: r = pf;
      3'd6: r = sf != of;
      default: r = zf | (sf != of);
    endcase
  end
  assign true_o = cc_i[0] ? ~r : r;
endmodule
