// x86 decode assist: the result of `xmodrm rd, rs1, rs2` (docs/isa.md section 7a; the fields
// are defined once in include/morph/xdec.h, which the model executes). modrm_i is the ModRM byte,
// sib_i the byte after it. Combinational, one cycle like any single-cycle ALU op.
`default_nettype none

module morph_xdec (
  input  logic [7:0]  modrm_i,
  input  logic [7:0]  sib_i,
  output logic [31:0] result_o
);
  localparam logic [7:0] None = 8'hff;   // MORPH_XMODRM_NONE

  logic [1:0] md;
  logic [2:0] rm, b, idx;
  logic       sib, nobase, has_index, ss;
  logic [1:0] disp;
  logic [2:0] len;
  logic [7:0] base, index;

  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_reg;
  assign unused_reg = ^modrm_i[5:3];   // the reg field: the firmware's, not an address's
  /* verilator lint_on UNUSEDSIGNAL */
  assign md        = modrm_i[7:6];
  assign rm        = modrm_i[2:0];
  assign sib       = rm == 3'd4;
  assign b         = sib ? sib_i[2:0] : rm;
  assign idx       = sib_i[5:3];
  assign nobase    = md == 2'd0 && b == 3'd5;
  assign has_index = sib && idx != 3'd4;
  assign disp      = md == 2'd1 ? 2'd1 : (md == 2'd2 || nobase) ? 2'd2 : 2'd0;
  assign len       = 3'd1 + {2'd0, sib} + (disp == 2'd1 ? 3'd1 : disp == 2'd2 ? 3'd4 : 3'd0);
  assign ss        = !nobase && (b == 3'd4 || b == 3'd5);
  assign base      = nobase ? None : {5'd0, b};
  assign index     = has_index ? {5'd0, idx} : None;

  always_comb begin
    if (md == 2'd3)
      result_o = {None, 5'd0, rm, 16'h0009};   // register form: length 1, bit 3
    else
      result_o = {index, base, 6'd0, has_index ? sib_i[7:6] : 2'd0, sib, ss, disp, 1'b0, len};
  end
endmodule
