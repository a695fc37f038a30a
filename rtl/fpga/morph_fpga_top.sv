// The FPGA board's logic (docs/fpga.md), without the I/O pads (rtl/fpga/morph_ice40_board.sv
// adds them): the morph core, the boot ROM in block RAM, the SPI-flash reader behind the flash
// window, the SRAM controller behind RAM, and the host link on the UART in place of HTIF.
//
// The core sees the ideal one-cycle memory of the model (docs/isa.md section 9) because its
// clock is derived: a sequencer on the board clock serves one core cycle's memory work (the
// data port's read, its write or an HTIF request, the gated store buffer's commit beats, then the
// fetch of the next instruction word), puts the answers in the registers the core reads after
// its edge (as rtl/sim/morph_sim_top.sv does for the Verilator harness), and then raises the core
// clock for one board cycle. The core therefore counts the same cycles as the model whatever the
// SRAM and SPI flash cost; only the wall time per core cycle varies.
//
// RAM: the board's SRAM holds three windows of the core's RAM (docs/fpga.md "Memory map"): the
// first RamLow bytes of concealed memory (the image, its data and the heap), the last HighBytes
// (the HTIF bounce area and the firmware stack) and RamGuest bytes of guest page frames; the core
// is told ram_size = concealed memory + RamGuest. A read of RAM outside the windows answers 0, a
// write there stops the core; both light err_o.
`default_nettype none
`include "morph_sizes.vh"

module morph_fpga_top #(
  // the core configuration (`morph rtl-params fpga`, fpga.mk)
  parameter int unsigned GtlbEntries   = `CORE_GTLB_ENTRIES,
  parameter int unsigned JtlbSets      = `CORE_JTLB_SETS,
  parameter int unsigned JtlbWays      = `CORE_JTLB_WAYS,
  parameter int unsigned GsbDepth      = `CORE_GSB_DEPTH,
  parameter int unsigned Fuse          = 0,
  parameter int unsigned Collapse      = 0,
  parameter int unsigned CollapseMem   = 0,
  parameter int unsigned Redirect      = 2,
  parameter int unsigned MulCycles     = 0,
  parameter int unsigned L1ISets       = 2,
  parameter int unsigned L1IWays       = 2,
  parameter int unsigned L1DSets       = 2,
  parameter int unsigned L1DWays       = 2,
  parameter int unsigned L2Sets        = 2,
  parameter int unsigned L2Ways        = 2,
  parameter int unsigned BtbSets       = 2,
  parameter int unsigned BtbWays       = 1,
  parameter int unsigned BhtEntries    = 2,
  parameter int unsigned RasDepth      = 2,
  parameter int unsigned XrasDepth     = 2,
  parameter bit          Xdec          = 1'b0,  // the decode assist (knob xdec of the run)
  // the board
  parameter int unsigned ClksPerBit    = `FPGA_UART_CLKS_PER_BIT,
  parameter int unsigned SramAddrW     = `FPGA_SRAM_ADDR_BITS,
  parameter int unsigned SramWait      = 1,
  parameter int unsigned RomWords      = 128,
  parameter              RomFile       = "bootrom.hex",
  parameter logic [31:0] FlashOffset   = `FPGA_FLASH_IMAGE,  // the CMS image's place in the SPI flash
  parameter logic [31:0] RamLow        = `FPGA_RAM_LOW,
  parameter logic [31:0] RamGuest      = `FPGA_RAM_GUEST,
  parameter int unsigned PorCycles     = 16
) (
  input  logic                 clk_i,
  output logic                 sram_ce_no,
  output logic                 sram_oe_no,
  output logic                 sram_we_no,
  output logic                 sram_ub_no,
  output logic                 sram_lb_no,
  output logic [SramAddrW-1:0] sram_a_o,
  output logic [15:0]          sram_d_o,
  input  logic [15:0]          sram_d_i,
  output logic                 sram_d_oe_o,
  output logic                 spi_cs_no,
  output logic                 spi_sck_o,
  output logic                 spi_io0_o,    // MOSI
  output logic                 spi_io0_oe_o,
  input  logic                 spi_io0_i,
  input  logic                 spi_io1_i,    // MISO
  input  logic                 uart_rx_i,
  output logic                 uart_tx_o,
  output logic                 err_o,        // RAM accessed outside the SRAM windows (sticky)
  output logic                 run_o         // the core is running (not waiting for the host)
);
  /* verilator lint_off UNUSEDPARAM */
  `undef MORPH_FACTS_VH
  `include "morph_facts.vh"
  /* verilator lint_on UNUSEDPARAM */

  localparam logic [31:0] HighBytes = CMS_BOUNCE_SIZE + CMS_STACK_SIZE;
  localparam logic [31:0] RamSize = MM_CONCEALED_SIZE + RamGuest;
  localparam int unsigned Beats = 2 * GsbDepth;
  localparam int unsigned RomW = $clog2(RomWords);

  if (64'(RamLow) + 64'(HighBytes) + 64'(RamGuest) > (64'd1 << (SramAddrW + 1))) begin : g_bad_map
    $error("morph_fpga_top: RamLow + HighBytes + RamGuest exceed the SRAM");
  end

  // ---- power-on reset (board clock)
  logic [$clog2(PorCycles+1)-1:0] por_q;
  logic rst_n;
  always_ff @(posedge clk_i) begin
    if (por_q != PorCycles[$clog2(PorCycles+1)-1:0]) por_q <= por_q + 1'b1;
  end
  initial por_q = '0;
  assign rst_n = por_q == PorCycles[$clog2(PorCycles+1)-1:0];

  // ---- the core, on the derived clock. Its reset is held for two of its clock edges after the
  // board's (its flip-flops reset at an edge of its own clock, in simulation as on the part),
  // and the sequencer does no memory work for those cycles.
  logic        core_clk_q;
  /* verilator lint_off SYNCASYNCNET */  // a board-clock register that is the core's reset
  logic [2:0]  core_rst_q;
  /* verilator lint_on SYNCASYNCNET */
  logic        core_rst_n;
  assign core_rst_n = core_rst_q[2];
  logic [31:0] imem_addr, dmem_addr, dmem_wdata;
  logic        dmem_req, dmem_we, gsb_commit;
  logic [3:0]  dmem_be;
  logic [Beats-1:0]      gsb_valid;
  logic [Beats*30-1:0]   gsb_addr;
  logic [Beats*4-1:0]    gsb_be;
  logic [Beats*32-1:0]   gsb_data;
  logic [31:0] inext_q, inext2_q, dnext_q;       // answers for after the next core edge
  logic [31:0] irdata_q, irdata2_q, drdata_q;     // what the core reads (its clock)
  logic        irq_q;

  always_ff @(posedge core_clk_q or negedge core_rst_n) begin
    if (!core_rst_n) begin
      irdata_q <= 32'd0;
      irdata2_q <= 32'd0;
      drdata_q <= 32'd0;
    end else begin
      irdata_q <= inext_q;
      irdata2_q <= inext2_q;
      drdata_q <= dnext_q;
    end
  end

  /* verilator lint_off PINCONNECTEMPTY */
  morph_core #(
    .GtlbEntries(GtlbEntries), .JtlbSets(JtlbSets), .JtlbWays(JtlbWays), .GsbDepth(GsbDepth),
    .ConcealedSize(MM_CONCEALED_SIZE), .Fuse(Fuse), .Collapse(Collapse), .CollapseMem(CollapseMem),
    .Redirect(Redirect), .MulCycles(MulCycles), .L1ISets(L1ISets), .L1IWays(L1IWays), .L1DSets(L1DSets), .L1DWays(L1DWays),
    .L2Sets(L2Sets), .L2Ways(L2Ways), .BtbSets(BtbSets), .BtbWays(BtbWays), .BhtEntries(BhtEntries),
    .RasDepth(RasDepth), .XrasDepth(XrasDepth)
  ) u_core (
    .clk_i(core_clk_q), .rst_ni(core_rst_n), .boot_addr_i(MM_BOOTROM_BASE), .ram_size_i(RamSize),
    .halt_i(1'b0), .irq_ext_i(irq_q),
    .cache_levels_i(2'd0), .cache_l1i_smask_i(16'd0), .cache_l1d_smask_i(16'd0),
    .cache_l2_smask_i(16'd0), .cache_l1i_ways_i(5'd1), .cache_l1d_ways_i(5'd1),
    .cache_l2_ways_i(5'd1), .cache_l1_shift_i(4'd6), .cache_l2_shift_i(4'd6),
    .cache_l1i_hit_i(10'd1), .cache_l1d_hit_i(10'd1), .cache_l2_hit_i(10'd1), .cache_mem_i(14'd1),
    .bp_cfg_i(32'd0), .xdec_i(Xdec),
    .imem_addr_o(imem_addr), .imem_rdata_i(irdata_q), .imem_rdata2_i(irdata2_q),
    .dmem_req_o(dmem_req), .dmem_we_o(dmem_we), .dmem_addr_o(dmem_addr), .dmem_be_o(dmem_be),
    .dmem_wdata_o(dmem_wdata), .dmem_rdata_i(drdata_q),
    .gsb_commit_o(gsb_commit), .gsb_beat_valid_o(gsb_valid), .gsb_addr_o(gsb_addr),
    .gsb_be_o(gsb_be), .gsb_data_o(gsb_data),
    .issue_o(), .issue_hd_o(), .ev_valid_o(), .ev_trap_o(), .ev_fatal_o(), .ev_pc_o(),
    .ev_insn_o(), .ev_cycle_o(), .ev_rd_we_o(), .ev_rd_o(), .ev_rd_wdata_o(), .ev_st_o(),
    .ev_st_addr_o(), .ev_st_size_o(), .ev_st_data_o(), .ev_cause_o(), .ev_tval_o(),
    .ev_no_handler_o(), .ev_intr_o(), .ev_fetch_fault_o(), .ev_load_use_o(), .ev_redirect_o(),
    .ev_mispredict_o(), .ev_dec_o(), .ev_btb_miss_o(), .ev_ras_hit_o(), .ev_xras_hit_o(),
    .ev_div_o(), .ev_mul_o(), .ev_split_o(), .ev_mode_o(), .ev_act_o(), .ev_hd_valid_o(), .ev_hd_pc_o(),
    .ev_hd_insn_o(), .ev_hd_rd_we_o(), .ev_hd_rd_o(), .ev_hd_rd_wdata_o(), .ev_hd_load_use_o(),
    .st_l1i_acc_o(), .st_l1i_miss_o(), .st_l1i_miss_x_o(), .st_l1i_flush_o(), .st_l1d_acc_o(),
    .st_l1d_miss_o(), .st_l1d_wb_o(), .st_l2_acc_o(), .st_l2_miss_o(), .st_l2_wb_o(),
    .st_icache_o(), .st_dcache_o(), .st_mode_o(), .st_act_o()
  );
  /* verilator lint_on PINCONNECTEMPTY */

  // ---- the board's memory: one request at a time, from the sequencer or the link
  logic        m_req, m_we, m_ack, m_hole;
  logic [31:0] m_addr, m_wdata, m_rdata;
  logic [3:0]  m_be;
  logic        rom_sel, flash_sel, ram_sel, id_sel;
  logic [31:0] ram_off, sram_byte;
  logic        rom_ack_q, misc_ack_q, sram_ack, spi_ack;
  // err_o: sticky, set by any access to RAM outside the windows (a read answers 0, a write stops
  // the core: its data would be lost)
  logic [31:0] rom_rdata, sram_rdata, spi_rdata;

  assign rom_sel = (m_addr - MM_BOOTROM_BASE) < MM_BOOTROM_SIZE;
  assign flash_sel = (m_addr - MM_FLASH_BASE) < MM_FLASH_SIZE;
  assign ram_sel = (m_addr - MM_RAM_BASE) < RamSize;
  assign id_sel = m_addr == MM_HTIF_BASE + HTIF_REG_ID;
  assign ram_off = m_addr - MM_RAM_BASE;
  always_comb begin
    m_hole = 1'b0;
    if (ram_off < RamLow) sram_byte = ram_off;
    else if (ram_off >= MM_CONCEALED_SIZE - HighBytes && ram_off < MM_CONCEALED_SIZE)
      sram_byte = ram_off - (MM_CONCEALED_SIZE - HighBytes) + RamLow;
    else if (ram_off >= MM_CONCEALED_SIZE)
      sram_byte = ram_off - MM_CONCEALED_SIZE + RamLow + HighBytes;
    else begin
      sram_byte = 32'd0;
      m_hole = 1'b1;
    end
  end

  morph_fpga_rom #(.Words(RomWords), .File(RomFile)) u_rom (
    .clk_i, .addr_i(m_addr[RomW+1:2]), .rdata_o(rom_rdata)
  );

  /* verilator lint_off UNUSEDSIGNAL */  // sram_byte's bits above the SRAM
  logic [31:0] sram_word;
  /* verilator lint_on UNUSEDSIGNAL */
  assign sram_word = sram_byte >> 2;
  morph_fpga_sram #(.AddrW(SramAddrW), .Wait(SramWait)) u_sram (
    .clk_i, .rst_ni(rst_n), .req_i(m_req && ram_sel && !m_hole), .we_i(m_we),
    .waddr_i(sram_word[SramAddrW-2:0]), .be_i(m_be), .wdata_i(m_wdata), .ack_o(sram_ack),
    .rdata_o(sram_rdata), .sram_a_o, .sram_d_o, .sram_d_i, .sram_d_oe_o, .sram_ce_no,
    .sram_oe_no, .sram_we_no, .sram_ub_no, .sram_lb_no
  );

  /* verilator lint_off UNUSEDSIGNAL */  // beyond the 24-bit SPI address
  logic [31:0] flash_off;
  /* verilator lint_on UNUSEDSIGNAL */
  assign flash_off = m_addr - MM_FLASH_BASE + FlashOffset;
  morph_fpga_spi u_spi (
    .clk_i, .rst_ni(rst_n), .req_i(m_req && flash_sel && !m_we), .addr_i(flash_off[23:0]),
    .ack_o(spi_ack), .rdata_o(spi_rdata), .spi_cs_no, .spi_sck_o, .spi_io0_o,
    .spi_io0_oe_o, .spi_io0_i, .spi_io1_i
  );

  // the ROM answers the cycle after the request; everything else but SRAM and flash reads at once
  always_ff @(posedge clk_i or negedge rst_n) begin
    if (!rst_n) begin
      rom_ack_q <= 1'b0;
      misc_ack_q <= 1'b0;
      err_o <= 1'b0;
    end else begin
      rom_ack_q <= m_req && rom_sel && !rom_ack_q;
      misc_ack_q <= m_req && !rom_sel && !(ram_sel && !m_hole) && !(flash_sel && !m_we) && !misc_ack_q;
      if (m_req && ram_sel && m_hole) err_o <= 1'b1;
`ifndef SYNTHESIS
      if (m_req && ram_sel && m_hole && !err_o)
        $display("morph_fpga_top: RAM address %08x (%s) is outside the SRAM windows", m_addr, m_we ? "write" : "read");
`endif
    end
  end
  assign m_ack = rom_ack_q || misc_ack_q || sram_ack || spi_ack;
  assign m_rdata = rom_ack_q ? rom_rdata : sram_ack ? sram_rdata : spi_ack ? spi_rdata :
                   id_sel && !m_we ? MM_IMAGE_MAGIC : 32'd0;

  // ---- the sequencer: one core cycle's memory work, then the core's clock edge. Sample lowers
  // the core's clock and takes its requests (they settled in the cycle since its edge), and goes
  // to the first work there is: DRead or DWrite (Link for an HTIF request), the store buffer's
  // valid commit beats in order (Gsb), the fetch; Tick raises the core's clock.
  typedef enum logic [3:0] {Sample, DRead, DWrite, Link, Gsb, Fetch, Fetch2, Tick, Error} seq_e;
  seq_e sq_q;
  logic        c_dreq_q, c_dwe_q;
  logic [31:0] c_daddr_q, c_dwdata_q, c_iaddr_q;
  logic [3:0]  c_dbe_q;
  logic [Beats-1:0] c_valid_q;                   // the commit beats still to write
  logic [Beats-1:0] first;                       // the first of them, one-hot
  logic [Beats-1:0] valid_rest;                  // those after it
  logic [29:0] b_addr;                           // the first beat's word address, enables, data
  logic [3:0]  b_be;
  logic [31:0] b_data;
  seq_e        after_data;                       // where DRead, DWrite and Link go when done

  // (an AND-OR of the beats under a one-hot select: an indexed part-select of the 16 beats
  // became a 1,056-bit shifter, 2,700 LUT4)
  assign first = c_valid_q & (~c_valid_q + 1'b1);
  assign valid_rest = c_valid_q & ~first;
  always_comb begin
    b_addr = '0;
    b_be = '0;
    b_data = '0;
    for (int i = 0; i < Beats; i++) begin
      b_addr = b_addr | (gsb_addr[30*i +: 30] & {30{first[i]}});
      b_be = b_be | (gsb_be[4*i +: 4] & {4{first[i]}});
      b_data = b_data | (gsb_data[32*i +: 32] & {32{first[i]}});
    end
  end
  assign after_data = c_valid_q != '0 ? Gsb : Fetch;
  logic        link_start, link_done, link_req, link_we;
  logic [31:0] link_addr, link_wdata;
  logic        s_req, s_we;
  /* verilator lint_off UNUSEDSIGNAL */  // accesses are words: the byte offset goes unused
  logic [31:0] s_addr;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [31:0] s_wdata;
  logic [3:0]  s_be;

  always_comb begin
    s_req = 1'b0;
    s_we = 1'b0;
    s_addr = c_iaddr_q;
    s_be = 4'hf;
    s_wdata = 32'd0;
    case (sq_q)
      DRead:  begin s_req = c_dreq_q && !c_dwe_q; s_addr = c_daddr_q; end
      DWrite: begin
        s_req = c_dreq_q && c_dwe_q && c_daddr_q != MM_HTIF_BASE + HTIF_REG_REQ;
        s_we = 1'b1; s_addr = c_daddr_q; s_be = c_dbe_q; s_wdata = c_dwdata_q;
      end
      Gsb: begin
        s_req = 1'b1;
        s_we = 1'b1;
        s_addr = {b_addr, 2'b00};
        s_be = b_be;
        s_wdata = b_data;
      end
      Fetch:  s_req = 1'b1;
      Fetch2: begin s_req = 1'b1; s_addr = c_iaddr_q + 32'd4; end
      default: ;
    endcase
  end
  assign m_req = sq_q == Link ? link_req : s_req;
  assign m_we = sq_q == Link ? link_we : s_we;
  assign m_addr = sq_q == Link ? link_addr : {s_addr[31:2], 2'b00};
  assign m_be = sq_q == Link ? 4'hf : s_be;
  assign m_wdata = sq_q == Link ? link_wdata : s_wdata;
  assign link_start = sq_q == DWrite && c_dreq_q && c_dwe_q && c_daddr_q == MM_HTIF_BASE + HTIF_REG_REQ;
  assign run_o = sq_q != Link && sq_q != Error;

  always_ff @(posedge clk_i or negedge rst_n) begin
    if (!rst_n) begin
      sq_q <= Sample;
      core_clk_q <= 1'b0;
      core_rst_q <= 3'b000;
      c_dreq_q <= 1'b0;
      c_dwe_q <= 1'b0;
      c_daddr_q <= 32'd0;
      c_dwdata_q <= 32'd0;
      c_iaddr_q <= 32'd0;
      c_dbe_q <= 4'd0;
      c_valid_q <= '0;
      inext_q <= 32'd0;
      inext2_q <= 32'd0;
      dnext_q <= 32'd0;
    end else begin
      if (m_req && m_we && m_hole && ram_sel) begin
        sq_q <= Error;
      end else case (sq_q)
        Sample: begin                      // (the core's reset ends while its clock is low)
          core_clk_q <= 1'b0;
          core_rst_q <= {core_rst_q[1:0], 1'b1};
          if (!core_rst_q[1]) begin
            sq_q <= Tick;
          end else begin
            c_dreq_q <= dmem_req;
            c_dwe_q <= dmem_we;
            c_daddr_q <= dmem_addr;
            c_dwdata_q <= dmem_wdata;
            c_dbe_q <= dmem_be;
            c_valid_q <= gsb_commit ? gsb_valid : '0;
            c_iaddr_q <= imem_addr;
            dnext_q <= 32'd0;
            sq_q <= !dmem_req ? (gsb_commit && gsb_valid != '0 ? Gsb : Fetch) : dmem_we ? DWrite : DRead;
          end
        end
        DRead: if (m_ack) begin
          dnext_q <= m_rdata;
          sq_q <= after_data;
        end
        DWrite: if (link_start) sq_q <= Link;
          else if (!s_req || m_ack) sq_q <= after_data;
        Link: if (link_done) sq_q <= after_data;
        Gsb: if (m_ack) begin
          c_valid_q <= valid_rest;
          if (valid_rest == '0) sq_q <= Fetch;
        end
        Fetch: if (m_ack) begin
          inext_q <= m_rdata;
          sq_q <= Fuse != 0 ? Fetch2 : Tick;
        end
        Fetch2: if (m_ack) begin
          inext2_q <= m_rdata;
          sq_q <= Tick;
        end
        Tick: begin
`ifdef FPGA_TRACE
          $display("fpga: fetch %08x inext %08x dreq %0d we %0d daddr %08x dnext %08x", c_iaddr_q, inext_q, c_dreq_q, c_dwe_q, c_daddr_q, dnext_q);
`endif
          core_clk_q <= 1'b1;
          sq_q <= Sample;
        end
        default: ;                         // Error: stopped
      endcase
    end
  end

  morph_fpga_link #(.ClksPerBit(ClksPerBit)) u_link (
    .clk_i, .rst_ni(rst_n), .uart_rx_i, .uart_tx_o, .start_i(link_start && sq_q == DWrite),
    .pa_i(c_dwdata_q), .done_o(link_done), .irq_o(irq_q), .mem_req_o(link_req),
    .mem_we_o(link_we), .mem_addr_o(link_addr), .mem_wdata_o(link_wdata), .mem_ack_i(m_ack),
    .mem_rdata_i(m_rdata)
  );
endmodule
