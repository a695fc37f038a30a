// Target side of the host link (docs/hostlink.md; the byte values are LINK_* of
// isa/morph-facts.tbl): when the core stores to HTIF_REG_REQ, the board stops the core and this
// unit sends LINK_T_REQ and the request's address, then serves the host's LINK_H_READ and
// LINK_H_WRITE on the board's memory until LINK_H_RESUME, whose argument sets the core's external
// interrupt line. Bytes that are not a command are ignored.
`default_nettype none

module morph_fpga_link #(
  parameter int unsigned ClksPerBit = 4
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        uart_rx_i,
  output logic        uart_tx_o,
  input  logic        start_i,       // one cycle: the core stored pa_i to HTIF_REG_REQ
  input  logic [31:0] pa_i,
  output logic        done_o,        // one cycle: the host resumed the core
  output logic        irq_o,         // the external interrupt line the host set
  // the board's memory while the core is stopped
  output logic        mem_req_o,     // held until mem_ack_i
  output logic        mem_we_o,
  output logic [31:0] mem_addr_o,
  output logic [31:0] mem_wdata_o,
  input  logic        mem_ack_i,
  input  logic [31:0] mem_rdata_i
);
  /* verilator lint_off UNUSEDPARAM */
  `undef MORPH_FACTS_VH
  `include "morph_facts.vh"
  /* verilator lint_on UNUSEDPARAM */

  logic       rx_valid, tx_ready, tx_valid;
  logic [7:0] rx_data;

  typedef enum logic [2:0] {Idle, Cmd, Args, RdMem, WrData, WrMem, Send} state_e;
  state_e st_q, after_q;
  logic [7:0]  cmd_q;
  /* verilator lint_off UNUSEDSIGNAL */  // an address's byte offset
  logic [47:0] arg_q;          // bytes received, newest in [47:40]
  /* verilator lint_on UNUSEDSIGNAL */
  logic [2:0]  nrx_q;          // argument bytes still to receive
  logic [39:0] tx_q;           // bytes to send, next in [7:0]
  logic [2:0]  ntx_q;
  logic [31:0] addr_q;
  logic [15:0] left_q;         // words still to move

  morph_fpga_uart #(.ClksPerBit(ClksPerBit)) u_uart (
    .clk_i, .rst_ni, .rx_i(uart_rx_i), .tx_o(uart_tx_o), .rx_valid_o(rx_valid),
    .rx_data_o(rx_data), .tx_valid_i(tx_valid), .tx_data_i(tx_q[7:0]), .tx_ready_o(tx_ready)
  );

  assign tx_valid = st_q == Send && ntx_q != 3'd0 && tx_ready;
  assign mem_req_o = st_q == RdMem || st_q == WrMem;
  assign mem_we_o = st_q == WrMem;
  assign mem_addr_o = addr_q;
  assign mem_wdata_o = arg_q[47:16];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q <= Idle;
      after_q <= Idle;
      cmd_q <= 8'd0;
      arg_q <= 48'd0;
      nrx_q <= 3'd0;
      tx_q <= 40'd0;
      ntx_q <= 3'd0;
      addr_q <= 32'd0;
      left_q <= 16'd0;
      done_o <= 1'b0;
      irq_o <= 1'b0;
    end else begin
      done_o <= 1'b0;
      if (rx_valid && (st_q == Args || st_q == WrData)) begin
        arg_q <= {rx_data, arg_q[47:8]};
        nrx_q <= nrx_q - 1'b1;
      end
      case (st_q)
        Idle: if (start_i) begin
          tx_q <= {pa_i, LINK_T_REQ[7:0]};
          ntx_q <= 3'd5;
          st_q <= Send;
          after_q <= Cmd;
        end
        Cmd: if (rx_valid) begin
          cmd_q <= rx_data;
          if (rx_data == LINK_H_READ[7:0] || rx_data == LINK_H_WRITE[7:0]) begin
            nrx_q <= 3'd6;
            st_q <= Args;
          end else if (rx_data == LINK_H_RESUME[7:0]) begin
            nrx_q <= 3'd1;
            st_q <= Args;
          end
        end
        Args: if (nrx_q == 3'd0) begin
          if (cmd_q == LINK_H_RESUME[7:0]) begin
            irq_o <= arg_q[40];
            done_o <= 1'b1;
            st_q <= Idle;
          end else begin
            addr_q <= {arg_q[31:2], 2'b00};               // bytes: addr[4], n[2]
            left_q <= arg_q[47:32] == 16'd0 ? 16'd1 : arg_q[47:32];
            if (cmd_q == LINK_H_READ[7:0]) begin
              st_q <= RdMem;
            end else begin
              nrx_q <= 3'd4;
              st_q <= WrData;
            end
          end
        end
        RdMem: if (mem_ack_i) begin
          tx_q <= {8'd0, mem_rdata_i};
          ntx_q <= 3'd4;
          addr_q <= addr_q + 32'd4;
          left_q <= left_q - 1'b1;
          st_q <= Send;
          after_q <= left_q == 16'd1 ? Cmd : RdMem;
        end
        WrData: if (nrx_q == 3'd0) st_q <= WrMem;
        WrMem: if (mem_ack_i) begin
          addr_q <= addr_q + 32'd4;
          left_q <= left_q - 1'b1;
          if (left_q == 16'd1) begin
            tx_q <= {32'd0, LINK_T_ACK[7:0]};
            ntx_q <= 3'd1;
            st_q <= Send;
            after_q <= Cmd;
          end else begin
            nrx_q <= 3'd4;
            st_q <= WrData;
          end
        end
        default: begin                     // Send
          if (tx_valid) begin
            tx_q <= {8'd0, tx_q[39:8]};
            ntx_q <= ntx_q - 1'b1;
          end else if (ntx_q == 3'd0) begin
            st_q <= after_q;
          end
        end
      endcase
    end
  end
endmodule
