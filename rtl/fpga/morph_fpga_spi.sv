// SPI-flash reader of the board (docs/fpga.md): word reads of the flash window for the boot
// ROM, which copies the CMS image from there into concealed memory. SPI mode 0, SCK = clk/2,
// command Dual Output Fast Read (0x3B): the command and the 24-bit address go out on IO0 (MOSI),
// eight dummy clocks follow (the reader releases IO0), then the flash sends two bits a clock,
// IO1 (MISO) the odd and IO0 the even one, MSB first. The flash streams in address order, so a
// read of the word after the last one keeps the chip selected and only clocks 16 more times
// (the boot ROM's copy is one stream). At reset the reader sends Release from Deep Power-down
// (0xAB), as iCE40 designs do after configuration.
`default_nettype none

module morph_fpga_spi (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        req_i,         // read the word at flash byte address addr_i (word aligned)
  input  logic [23:0] addr_i,
  output logic        ack_o,         // one cycle: rdata_o holds the word (byte at addr_i in [7:0])
  output logic [31:0] rdata_o,
  output logic        spi_cs_no,
  output logic        spi_sck_o,
  output logic        spi_io0_o,     // IO0 (MOSI) out, driven while spi_io0_oe_o
  output logic        spi_io0_oe_o,
  input  logic        spi_io0_i,
  input  logic        spi_io1_i      // IO1 (MISO)
);
  typedef enum logic [2:0] {Wake, WakeEnd, Idle, Shift, Gap} state_e;
  typedef enum logic [1:0] {Cmd, Dummy, Data} phase_e;
  state_e st_q;
  phase_e ph_q;
  logic [31:0] out_q;          // bits to send, MSB first
  logic [31:0] in_q;           // bits received, MSB first per byte
  logic [5:0]  left_q;         // clocks still to give in this phase
  logic        sck_q;
  logic [23:0] next_q;         // the address the open stream reads next
  logic        open_q;         // the chip is selected with a read stream at next_q
  logic [5:0]  gap_q;

  assign spi_sck_o = sck_q;
  assign spi_io0_o = out_q[31];
  assign spi_io0_oe_o = st_q == Wake || (st_q == Shift && ph_q == Cmd);
  assign rdata_o = {in_q[7:0], in_q[15:8], in_q[23:16], in_q[31:24]};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q <= Wake;
      ph_q <= Cmd;
      out_q <= {8'hab, 24'd0};
      in_q <= 32'd0;
      left_q <= 6'd8;
      sck_q <= 1'b0;
      next_q <= 24'd0;
      open_q <= 1'b0;
      spi_cs_no <= 1'b1;
      ack_o <= 1'b0;
      gap_q <= 6'd0;
    end else begin
      ack_o <= 1'b0;
      case (st_q)
        Wake: begin                        // 0xAB, then tRES1 (a few us) before the first read
          spi_cs_no <= 1'b0;
          if (!spi_cs_no) begin
            if (!sck_q) begin
              sck_q <= 1'b1;
            end else begin
              sck_q <= 1'b0;
              out_q <= {out_q[30:0], 1'b0};
              left_q <= left_q - 1'b1;
              if (left_q == 6'd1) st_q <= WakeEnd;
            end
          end
        end
        WakeEnd: begin
          spi_cs_no <= 1'b1;
          gap_q <= gap_q + 1'b1;
          if (&gap_q) st_q <= Idle;
        end
        Idle: begin
          if (req_i && !ack_o) begin
            if (open_q && addr_i == next_q) begin
              left_q <= 6'd16;
              ph_q <= Data;
              st_q <= Shift;
            end else begin                 // deselect (for a cycle), then start a new read
              spi_cs_no <= 1'b1;
              open_q <= 1'b0;
              st_q <= Gap;
            end
            next_q <= addr_i + 24'd4;
          end
        end
        Shift: begin                       // rising edge: sample; falling edge: next bit out
          if (!sck_q) begin
            sck_q <= 1'b1;
            in_q <= {in_q[29:0], spi_io1_i, spi_io0_i};
          end else begin
            sck_q <= 1'b0;
            out_q <= {out_q[30:0], 1'b0};
            left_q <= left_q - 1'b1;
            if (left_q == 6'd1) begin
              case (ph_q)
                Cmd: begin left_q <= 6'd8; ph_q <= Dummy; end
                Dummy: begin left_q <= 6'd16; ph_q <= Data; end
                default: begin ack_o <= 1'b1; st_q <= Idle; end
              endcase
            end
          end
        end
        default: begin                     // Gap: chip deselected for a cycle, then the command
          spi_cs_no <= 1'b0;
          open_q <= 1'b1;
          out_q <= {8'h3b, addr_i};
          left_q <= 6'd32;
          ph_q <= Cmd;
          st_q <= Shift;
        end
      endcase
    end
  end
endmodule
