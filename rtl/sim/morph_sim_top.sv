// Simulation top of the Verilator harness (sim/rtl_shim.cpp), not part of the core: morph_core
// with the memory ports' response registers moved inside the Verilated model.
//
// The core's instruction and data ports answer one cycle after the request. The harness used to
// drive imem_rdata_i/dmem_rdata_i as top-level inputs after each clock edge, and Verilator then
// re-evaluates everything that depends on a top-level input (nearly the whole EX stage: load data
// is forwarded into the operands) on every eval() call. Here the harness presents the next
// cycle's words (imem_next_i, dmem_next_i) before the rising edge and this wrapper registers
// them, so the core sees exactly the same values in the same cycles, but one clock edge costs one
// evaluation of the logic. ram_size_i and boot_addr_i are constants of the run, latched while
// reset is low. docs/rtl.md "Verilator speed".
`default_nettype none
`include "morph_sizes.vh"

module morph_sim_top #(
  parameter int unsigned GtlbEntries   = `CORE_GTLB_ENTRIES,
  parameter int unsigned JtlbSets      = `CORE_JTLB_SETS,
  parameter int unsigned JtlbWays      = `CORE_JTLB_WAYS,
  parameter int unsigned GsbDepth      = `CORE_GSB_DEPTH,
  parameter int unsigned Fuse          = 0,   // the core configuration (morph rtl-params)
  parameter int unsigned Collapse      = 0,
  parameter int unsigned CollapseMem   = 0,
  parameter int unsigned Redirect      = 2,
  parameter int unsigned MulCycles     = 0,
  parameter int unsigned L1ISets       = 2,   // the largest cache geometry (morph rtl-params)
  parameter int unsigned L1IWays       = 2,
  parameter int unsigned L1DSets       = 2,
  parameter int unsigned L1DWays       = 2,
  parameter int unsigned L2Sets        = 2,
  parameter int unsigned L2Ways        = 2,
  parameter int unsigned BtbSets       = 128,
  parameter int unsigned BtbWays       = 2,
  parameter int unsigned BhtEntries    = 4096,
  parameter int unsigned RasDepth      = 16,
  parameter int unsigned XrasDepth     = 16
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [31:0] boot_cfg_i,     // boot_addr_i of the core, latched during reset
  input  logic [31:0] ram_cfg_i,      // ram_size_i of the core, latched during reset
  // the run's caches (cache_*_i of the core), latched during reset
  input  logic [1:0]  cfg_levels_i,
  input  logic [15:0] cfg_l1i_smask_i, cfg_l1d_smask_i, cfg_l2_smask_i,
  input  logic [4:0]  cfg_l1i_ways_i, cfg_l1d_ways_i, cfg_l2_ways_i,
  input  logic [3:0]  cfg_l1_shift_i, cfg_l2_shift_i,
  input  logic [9:0]  cfg_l1i_hit_i, cfg_l1d_hit_i, cfg_l2_hit_i,
  input  logic [13:0] cfg_mem_i,
  input  logic [31:0] bp_cfg_in_i,    // bp_cfg_i of the core (--bpred), latched during reset
  input  logic        xdec_in_i,      // xdec_i of the core (knob xdec), latched during reset
  input  logic        halt_i,
  input  logic        irq_ext_i,
  output logic [31:0] imem_addr_o,
  input  logic [31:0] imem_next_i,    // the word at imem_addr_o, for the core after this edge
  input  logic [31:0] imem_next2_i,   // the word after it (a fusing core fetches two)
  output logic        dmem_req_o,
  output logic        dmem_we_o,
  output logic [31:0] dmem_addr_o,
  output logic [3:0]  dmem_be_o,
  output logic [31:0] dmem_wdata_o,
  input  logic [31:0] dmem_next_i,    // the read data of this cycle's access, for after this edge
  output logic                     gsb_commit_o,
  output logic [2*GsbDepth-1:0]    gsb_beat_valid_o,  // the beats themselves: morph_sim_gsb_beat
  output logic        issue_o,
  output logic        issue_hd_o,
  output logic        ev_valid_o,
  output logic        ev_trap_o,
  output logic        ev_fatal_o,
  output logic [31:0] ev_pc_o,
  output logic [31:0] ev_insn_o,
  output logic [63:0] ev_cycle_o,
  output logic        ev_rd_we_o,
  output logic [4:0]  ev_rd_o,
  output logic [31:0] ev_rd_wdata_o,
  output logic        ev_st_o,
  output logic [31:0] ev_st_addr_o,
  output logic [2:0]  ev_st_size_o,
  output logic [31:0] ev_st_data_o,
  output logic [4:0]  ev_cause_o,
  output logic [31:0] ev_tval_o,
  output logic        ev_no_handler_o,
  output logic        ev_intr_o,
  output logic        ev_fetch_fault_o,
  output logic        ev_load_use_o,
  output logic        ev_redirect_o,
  output logic        ev_mispredict_o,
  output logic        ev_dec_o,
  output logic        ev_btb_miss_o,
  output logic        ev_ras_hit_o,
  output logic        ev_xras_hit_o,
  output logic        ev_div_o,
  output logic        ev_mul_o,
  output logic        ev_split_o,
  output logic        ev_mode_o,
  output logic [2:0]  ev_act_o,
  output logic        ev_hd_valid_o,
  output logic [31:0] ev_hd_pc_o,
  output logic [31:0] ev_hd_insn_o,
  output logic        ev_hd_rd_we_o,
  output logic [4:0]  ev_hd_rd_o,
  output logic [31:0] ev_hd_rd_wdata_o,
  output logic        ev_hd_load_use_o,
  output logic        st_l1i_acc_o, st_l1i_miss_o, st_l1i_miss_x_o, st_l1i_flush_o,
  output logic        st_l1d_acc_o, st_l1d_miss_o, st_l1d_wb_o, st_l2_acc_o, st_l2_miss_o, st_l2_wb_o,
  output logic        st_icache_o, st_dcache_o, st_mode_o,
  output logic [2:0]  st_act_o
);
  logic [31:0] boot_addr_i, ram_size_i, bp_cfg_i, imem_rdata_i, imem_rdata2_i, dmem_rdata_i;
  logic [1:0]  cache_levels_i;
  logic [15:0] cache_l1i_smask_i, cache_l1d_smask_i, cache_l2_smask_i;
  logic [4:0]  cache_l1i_ways_i, cache_l1d_ways_i, cache_l2_ways_i;
  logic [3:0]  cache_l1_shift_i, cache_l2_shift_i;
  logic [9:0]  cache_l1i_hit_i, cache_l1d_hit_i, cache_l2_hit_i;
  logic [13:0] cache_mem_i;
  logic        xdec_i;

  // The commit port's beats are read by the harness only when gsb_commit_o is set, through this
  // function (sim/rtl_shim.cpp), straight from the store buffer's registers, which the port
  // presents unchanged (cm_addr_o = addr_q, ...). As top-level outputs, or as any signal of their
  // own, Verilator would copy their 2 x GsbDepth x 66 bits after every clock edge.
  export "DPI-C" function morph_sim_gsb_beat;
  function automatic void morph_sim_gsb_beat(input int k, output int addr, output int be,
                                             output int data);
    addr = {u_core.u_gsb.addr_q[30*k +: 30], 2'b00};
    be = {28'd0, u_core.u_gsb.be_q[4*k +: 4]};
    data = u_core.u_gsb.data_q[32*k +: 32];
  endfunction

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      boot_addr_i <= boot_cfg_i;
      ram_size_i <= ram_cfg_i;
      cache_levels_i <= cfg_levels_i;
      cache_l1i_smask_i <= cfg_l1i_smask_i;
      cache_l1d_smask_i <= cfg_l1d_smask_i;
      cache_l2_smask_i <= cfg_l2_smask_i;
      cache_l1i_ways_i <= cfg_l1i_ways_i;
      cache_l1d_ways_i <= cfg_l1d_ways_i;
      cache_l2_ways_i <= cfg_l2_ways_i;
      cache_l1_shift_i <= cfg_l1_shift_i;
      cache_l2_shift_i <= cfg_l2_shift_i;
      cache_l1i_hit_i <= cfg_l1i_hit_i;
      cache_l1d_hit_i <= cfg_l1d_hit_i;
      cache_l2_hit_i <= cfg_l2_hit_i;
      cache_mem_i <= cfg_mem_i;
      bp_cfg_i <= bp_cfg_in_i;
      xdec_i <= xdec_in_i;
      imem_rdata_i <= 32'd0;
      imem_rdata2_i <= 32'd0;
      dmem_rdata_i <= 32'd0;
    end else begin
      imem_rdata_i <= imem_next_i;
      imem_rdata2_i <= imem_next2_i;
      dmem_rdata_i <= dmem_next_i;
    end
  end

  /* verilator lint_off PINCONNECTEMPTY */ // the commit port's beats: morph_sim_gsb_beat
  morph_core #(
    .GtlbEntries(GtlbEntries), .JtlbSets(JtlbSets), .JtlbWays(JtlbWays), .GsbDepth(GsbDepth),
    .Fuse(Fuse), .Collapse(Collapse), .CollapseMem(CollapseMem), .Redirect(Redirect), .MulCycles(MulCycles),
    .L1ISets(L1ISets), .L1IWays(L1IWays),
    .L1DSets(L1DSets), .L1DWays(L1DWays), .L2Sets(L2Sets), .L2Ways(L2Ways),
    .BtbSets(BtbSets), .BtbWays(BtbWays), .BhtEntries(BhtEntries), .RasDepth(RasDepth), .XrasDepth(XrasDepth)
  ) u_core (.gsb_addr_o(), .gsb_be_o(), .gsb_data_o(), .*);
  /* verilator lint_on PINCONNECTEMPTY */
endmodule
