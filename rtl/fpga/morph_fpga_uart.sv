// UART of the board's host link (docs/fpga.md "Host link"): 8N1, ClksPerBit clocks per bit,
// one byte in and one byte out at a time. The receiver samples mid-bit after a two-flop
// synchronizer; a byte stays in rx_data_o with rx_valid_o high for one cycle.
`default_nettype none

module morph_fpga_uart #(
  parameter int unsigned ClksPerBit = 4
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       rx_i,
  output logic       tx_o,
  output logic       rx_valid_o,
  output logic [7:0] rx_data_o,
  input  logic       tx_valid_i,     // start sending tx_data_i (only when tx_ready_o)
  input  logic [7:0] tx_data_i,
  output logic       tx_ready_o
);
  localparam int unsigned CntW = $clog2(ClksPerBit * 2 + 1);

  // ---- receiver
  logic       rx_s1_q, rx_s2_q, rx_busy_q;
  logic [CntW-1:0] rx_cnt_q;
  logic [3:0] rx_bit_q;
  logic [7:0] rx_sh_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rx_s1_q <= 1'b1;
      rx_s2_q <= 1'b1;
      rx_busy_q <= 1'b0;
      rx_cnt_q <= '0;
      rx_bit_q <= 4'd0;
      rx_sh_q <= 8'd0;
      rx_valid_o <= 1'b0;
      rx_data_o <= 8'd0;
    end else begin
      rx_s1_q <= rx_i;
      rx_s2_q <= rx_s1_q;
      rx_valid_o <= 1'b0;
      if (!rx_busy_q) begin
        if (!rx_s2_q) begin             // start bit: sample it again mid-bit
          rx_busy_q <= 1'b1;
          rx_cnt_q <= CntW'(ClksPerBit / 2);
          rx_bit_q <= 4'd0;
        end
      end else if (rx_cnt_q != 0) begin
        rx_cnt_q <= rx_cnt_q - 1'b1;
      end else begin
        rx_cnt_q <= CntW'(ClksPerBit - 1);
        rx_bit_q <= rx_bit_q + 1'b1;
        if (rx_bit_q == 4'd0) begin
          if (rx_s2_q) rx_busy_q <= 1'b0;   // a glitch, not a start bit
        end else if (rx_bit_q <= 4'd8) begin
          rx_sh_q <= {rx_s2_q, rx_sh_q[7:1]};
        end else begin                      // stop bit
          rx_busy_q <= 1'b0;
          rx_valid_o <= rx_s2_q;
          rx_data_o <= rx_sh_q;
        end
      end
    end
  end

  // ---- transmitter
  logic [9:0] tx_sh_q;
  logic [3:0] tx_left_q;
  logic [CntW-1:0] tx_cnt_q;

  assign tx_ready_o = tx_left_q == 4'd0;
  assign tx_o = tx_sh_q[0];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      tx_sh_q <= 10'h3ff;
      tx_left_q <= 4'd0;
      tx_cnt_q <= '0;
    end else if (tx_left_q == 4'd0) begin
      if (tx_valid_i) begin
        tx_sh_q <= {1'b1, tx_data_i, 1'b0};
        tx_left_q <= 4'd10;
        tx_cnt_q <= CntW'(ClksPerBit - 1);
      end
    end else if (tx_cnt_q != 0) begin
      tx_cnt_q <= tx_cnt_q - 1'b1;
    end else begin
      tx_cnt_q <= CntW'(ClksPerBit - 1);
      tx_sh_q <= {1'b1, tx_sh_q[9:1]};
      tx_left_q <= tx_left_q - 1'b1;
    end
  end
endmodule
