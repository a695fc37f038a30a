// Integer register file with the shadow copy of x18-x25 (docs/isa.md section 5). x18-x25 are
// flip-flops: commit and rollback copy all eight in one cycle. The other registers are RAM with
// asynchronous reads (LUT-RAM in synthesis: no reset, one write port per bank): a valid bit per
// register makes one not written since reset read 0, and with a second write port (the head lane
// of a fusing core, HeadPorts = morph_core's Fuse) a second bank and a live-value bit per
// register say which bank holds its latest value. Ports c, d and write port 2 are built only with
// HeadPorts (synthesis keeps the hierarchy, so an unused port would otherwise stay).
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
  logic [31:0] ram0_q [32];        // bank 0: written by port 1
  logic [31:0] vld_q, lvt_q;        // written since reset; latest value in bank 1
  logic [31:0] ff_q [8];            // x18-x25
  logic [31:0] sh_q [8];
  logic        we2;
  logic        f1, f2;              // the write addresses fall in x18-x25
  assign f1 = waddr_i >= 5'd18 && waddr_i <= 5'd25;
  assign f2 = waddr2_i >= 5'd18 && waddr2_i <= 5'd25;

  // b1: the register's word in bank 1 (0 without HeadPorts)
  function automatic logic [31:0] rd(input logic [4:0] a, input logic [31:0] b1);
    if (a >= 5'd18 && a <= 5'd25) rd = ff_q[3'(a - 5'd18)];
    else if (!vld_q[a]) rd = 32'd0;
    else if (lvt_q[a]) rd = b1;
    else rd = ram0_q[a];
  endfunction

  if (HeadPorts) begin : g_head
    logic [31:0] ram1_q [32];      // bank 1: written by port 2
    always_ff @(posedge clk_i) begin
      if (we2_i && !f2) ram1_q[waddr2_i] <= wdata2_i;
    end
    assign rdata_a_o = rd(raddr_a_i, ram1_q[raddr_a_i]);
    assign rdata_b_o = rd(raddr_b_i, ram1_q[raddr_b_i]);
    assign rdata_c_o = rd(raddr_c_i, ram1_q[raddr_c_i]);
    assign rdata_d_o = rd(raddr_d_i, ram1_q[raddr_d_i]);
    assign we2 = we2_i;
  end else begin : g_nohead
    assign rdata_a_o = rd(raddr_a_i, 32'd0);
    assign rdata_b_o = rd(raddr_b_i, 32'd0);
    assign rdata_c_o = 32'd0;
    assign rdata_d_o = 32'd0;
    assign we2 = 1'b0;
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused;
    assign unused = ^{raddr_c_i, raddr_d_i, we2_i, waddr2_i, wdata2_i, f2};
    /* verilator lint_on UNUSEDSIGNAL */
  end

  always_ff @(posedge clk_i) begin
    if (we_i && !f1) ram0_q[waddr_i] <= wdata_i;
  end

  // Port 1 wins over port 2 at the same register; x0 is never valid.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      vld_q <= 32'd0;
      lvt_q <= 32'd0;
    end else begin
      if (we2 && !f2 && waddr2_i != 5'd0) begin
        vld_q[waddr2_i] <= 1'b1;
        lvt_q[waddr2_i] <= 1'b1;
      end
      if (we_i && !f1 && waddr_i != 5'd0) begin
        vld_q[waddr_i] <= 1'b1;
        lvt_q[waddr_i] <= 1'b0;
      end
    end
  end

  // x18-x25: rollback, then port 1, then port 2 (later assignments win).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < 8; i++) ff_q[i] <= 32'd0;
    end else begin
      if (we2 && f2) ff_q[3'(waddr2_i - 5'd18)] <= wdata2_i;
      if (we_i && f1) ff_q[3'(waddr_i - 5'd18)] <= wdata_i;
      if (rollback_i) for (int i = 0; i < 8; i++) ff_q[i] <= sh_q[i];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < 8; i++) sh_q[i] <= 32'd0;
    end else if (commit_i) begin
      for (int i = 0; i < 8; i++) sh_q[i] <= snapshot_i[32*i +: 32];
    end
  end

  always_comb begin
    for (int i = 0; i < 8; i++) work_o[32*i +: 32] = ff_q[i];
  end
endmodule
