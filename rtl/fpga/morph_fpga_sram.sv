// Controller of the board's asynchronous SRAM (docs/fpga.md): 16 bits wide, AddrW address bits
// (4M x 16 = 8 MiB with 22). A 32-bit access is two halfword accesses, low half first; each
// drives the address for Wait cycles and a read samples the bus at the end; a write drives address
// and data for Wait + 2 cycles, WE# low for the middle Wait (the byte enables drive UB#/LB#).
// The data pins are split into in, out and output enable; the board top puts them on SB_IO pads.
`default_nettype none

module morph_fpga_sram #(
  parameter int unsigned AddrW = 22,
  parameter int unsigned Wait = 1      // cycles an access holds WE#/OE# low
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             req_i,      // held until ack_o
  input  logic             we_i,
  input  logic [AddrW-2:0] waddr_i,    // 32-bit word address (two halfwords each)
  input  logic [3:0]       be_i,
  input  logic [31:0]      wdata_i,
  output logic             ack_o,      // one cycle, the access's last: rdata_o valid with it
  output logic [31:0]      rdata_o,
  output logic [AddrW-1:0] sram_a_o,
  output logic [15:0]      sram_d_o,
  input  logic [15:0]      sram_d_i,
  output logic             sram_d_oe_o,
  output logic             sram_ce_no,
  output logic             sram_oe_no,
  output logic             sram_we_no,
  output logic             sram_ub_no,
  output logic             sram_lb_no
);
  localparam int unsigned CntW = $clog2(Wait + 2);
  logic       busy_q, half_q, phase_q;
  logic [CntW-1:0] cnt_q;
  logic [1:0] hbe;
  logic [15:0] lo_q;                   // a read's low half
  logic       end_half;               // this cycle ends the half's access

  assign hbe = half_q ? be_i[3:2] : be_i[1:0];
  assign end_half = busy_q && phase_q && cnt_q <= 1 && sram_we_no;
  // (the answer in the access's last cycle, the high half straight from the bus: the
  // requester takes it at the edge that ends the access)
  assign ack_o = end_half && half_q;
  assign rdata_o = {sram_d_i, lo_q};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q <= 1'b0;
      half_q <= 1'b0;
      phase_q <= 1'b0;
      cnt_q <= '0;
      lo_q <= 16'd0;
      sram_a_o <= '0;
      sram_d_o <= 16'd0;
      sram_d_oe_o <= 1'b0;
      sram_ce_no <= 1'b1;
      sram_oe_no <= 1'b1;
      sram_we_no <= 1'b1;
      sram_ub_no <= 1'b1;
      sram_lb_no <= 1'b1;
    end else begin
      if (!busy_q) begin
        if (req_i) begin                  // set up the low half: address (and data) first
          busy_q <= 1'b1;
          half_q <= 1'b0;
          phase_q <= !we_i;               // a read has no strobe: OE# is low from the set-up on
          cnt_q <= CntW'(Wait);
          sram_a_o <= {waddr_i, 1'b0};
          sram_d_o <= wdata_i[15:0];
          sram_d_oe_o <= we_i;
          sram_ce_no <= 1'b0;
          sram_oe_no <= we_i;
          sram_ub_no <= we_i ? !be_i[1] : 1'b0;
          sram_lb_no <= we_i ? !be_i[0] : 1'b0;
        end
      end else if (!phase_q) begin        // strobe
        sram_we_no <= !(we_i && |hbe);
        phase_q <= 1'b1;
      end else if (cnt_q > 1) begin
        cnt_q <= cnt_q - 1'b1;
      end else if (!sram_we_no) begin      // end of a write strobe: address and data held a cycle more
        sram_we_no <= 1'b1;
      end else begin                       // end of this half
        if (!half_q) begin
          lo_q <= sram_d_i;
          half_q <= 1'b1;
          phase_q <= !we_i;
          cnt_q <= CntW'(Wait);
          sram_a_o[0] <= 1'b1;
          sram_d_o <= wdata_i[31:16];
          sram_ub_no <= we_i ? !be_i[3] : 1'b0;
          sram_lb_no <= we_i ? !be_i[2] : 1'b0;
        end else begin
          busy_q <= 1'b0;
          sram_ce_no <= 1'b1;
          sram_oe_no <= 1'b1;
          sram_d_oe_o <= 1'b0;
        end
      end
    end
  end
endmodule
