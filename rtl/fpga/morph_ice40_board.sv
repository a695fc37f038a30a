// Top of the iCE40 HX8K board (docs/fpga.md "The board"; pins: rtl/fpga/morph_ice40_hx8k.pcf):
// morph_fpga_top with the SRAM's data pins on SB_IO pads (output enable per pin, input
// unregistered). The 12 MHz oscillator clocks everything. It has no parameters of its own:
// fpga.mk sets morph_fpga_top's (the core's from `morph rtl-params fpga`) with chparam.
`default_nettype none
`include "morph_sizes.vh"

module morph_ice40_board (
  input  wire        clk_12m,
  output wire        sram_ce_n,
  output wire        sram_oe_n,
  output wire        sram_we_n,
  output wire        sram_ub_n,
  output wire        sram_lb_n,
  output wire [`FPGA_SRAM_ADDR_BITS-1:0] sram_a,
  inout  wire [15:0] sram_d,
  output wire        flash_cs_n,
  output wire        flash_sck,
  inout  wire        flash_mosi,      // IO0: the flash drives it in a dual read's data phase
  input  wire        flash_miso,
  input  wire        uart_rx,
  output wire        uart_tx,
  output wire        led_err,
  output wire        led_run
);
  logic [15:0] d_o, d_i;
  logic        d_oe, io0_o, io0_i, io0_oe;

  morph_fpga_top u_top (
    .clk_i(clk_12m), .sram_ce_no(sram_ce_n), .sram_oe_no(sram_oe_n), .sram_we_no(sram_we_n),
    .sram_ub_no(sram_ub_n), .sram_lb_no(sram_lb_n), .sram_a_o(sram_a), .sram_d_o(d_o),
    .sram_d_i(d_i), .sram_d_oe_o(d_oe), .spi_cs_no(flash_cs_n), .spi_sck_o(flash_sck),
    .spi_io0_o(io0_o), .spi_io0_oe_o(io0_oe), .spi_io0_i(io0_i), .spi_io1_i(flash_miso),
    .uart_rx_i(uart_rx), .uart_tx_o(uart_tx), .err_o(led_err), .run_o(led_run)
  );

  // the SRAM data bus and the flash's IO0: PIN_TYPE 6'b1010_01 = output enabled by
  // OUTPUT_ENABLE, input unregistered
  for (genvar i = 0; i < 16; i++) begin : g_d
    SB_IO #(.PIN_TYPE(6'b101001), .PULLUP(1'b0)) u_io (
      .PACKAGE_PIN(sram_d[i]), .OUTPUT_ENABLE(d_oe), .D_OUT_0(d_o[i]), .D_IN_0(d_i[i])
    );
  end
  SB_IO #(.PIN_TYPE(6'b101001), .PULLUP(1'b0)) u_io0 (
    .PACKAGE_PIN(flash_mosi), .OUTPUT_ENABLE(io0_oe), .D_OUT_0(io0_o), .D_IN_0(io0_i)
  );
endmodule
