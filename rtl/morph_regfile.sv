// Integer register file with the shadow copy of x18-x25 (docs/isa.md section 5). Flip-flops, not
// RAM: commit and rollback copy eight registers in one cycle. Ports c, d and write port 2 serve
// the head lane of a fusing core (HeadPorts = morph_core's Fuse); without it they are not built
// (synthesis keeps the hierarchy, so an unused port would otherwise stay).
`default_nettype none

module morph_regfile #(
  parameter bit HeadPorts = 1'b1
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [4:0]  raddr_a_i,
  output logic [31:0] rdata_a_o,
  input  logic [4:0]  raddr_b_i,
  output logic [31:0] rdata_b_o,
  input  logic [4:0]  raddr_c_i,
  output logic [31:0] rdata_c_o,
  input  logic [4:0]  raddr_d_i,
  output logic [31:0] rdata_d_o,
  input  logic        we_i,
  input  logic [4:0]  waddr_i,
  input  logic [31:0] wdata_i,
  // second write port: an older op retiring in the same cycle (the head of a fused pair)
  input  logic        we2_i,
  input  logic [4:0]  waddr2_i,
  input  logic [31:0] wdata2_i,
  // commit: shadow <- snapshot (the working values of x18-x25, forwarded by the core)
  input  logic         commit_i,
  input  logic [255:0] snapshot_i,
  // rollback: x18-x25 <- shadow (wins over the write port for those registers)
  input  logic         rollback_i,
  output logic [255:0] work_o    // x18-x25 as in the register file (commit snapshot base)
);
  logic [31:0] rf_q [32];
  logic [31:0] sh_q [8];

  assign rdata_a_o = rf_q[raddr_a_i];
  assign rdata_b_o = rf_q[raddr_b_i];
  logic        we2;
  if (HeadPorts) begin : g_head
    assign rdata_c_o = rf_q[raddr_c_i];
    assign rdata_d_o = rf_q[raddr_d_i];
    assign we2 = we2_i;
  end else begin : g_nohead
    assign rdata_c_o = 32'd0;
    assign rdata_d_o = 32'd0;
    assign we2 = 1'b0;
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused;
    assign unused = ^{raddr_c_i, raddr_d_i, we2_i};
    /* verilator lint_on UNUSEDSIGNAL */
  end

`ifdef SYNTHESIS
  // Synthesis: a decoded enable per register.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < 32; i++) rf_q[i] <= 32'd0;
    end else begin
      for (int i = 1; i < 32; i++) begin
        if (rollback_i && i >= 18 && i <= 25) rf_q[i] <= sh_q[i - 18];
        else if (we_i && waddr_i == 5'(i)) rf_q[i] <= wdata_i;
        else if (we2 && waddr2_i == 5'(i)) rf_q[i] <= wdata2_i;
      end
    end
  end
`else
  // Simulation: the same priorities (rollback, then port 1, then port 2; later assignments win)
  // written through the addresses, which Verilator evaluates far faster than the 31-way loop
  // (docs/rtl.md, Verilator speed). rtl/tests/equiv/run.sh regfile checks the two forms.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < 32; i++) rf_q[i] <= 32'd0;
    end else begin
      if (we2 && waddr2_i != 5'd0) rf_q[waddr2_i] <= wdata2_i;
      if (we_i && waddr_i != 5'd0) rf_q[waddr_i] <= wdata_i;
      if (rollback_i) for (int i = 0; i < 8; i++) rf_q[18 + i] <= sh_q[i];
    end
  end
`endif

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < 8; i++) sh_q[i] <= 32'd0;
    end else if (commit_i) begin
      for (int i = 0; i < 8; i++) sh_q[i] <= snapshot_i[32*i +: 32];
    end
  end

  always_comb begin
    for (int i = 0; i < 8; i++) work_o[32*i +: 32] = rf_q[18 + i];
  end
endmodule
