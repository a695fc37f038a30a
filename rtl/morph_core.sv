// morph core: RV32IM + Zicsr + morph's extension (docs/isa.md), five-stage in-order pipeline
// IF ID EX MEM WB with full forwarding and the cycle costs of docs/isa.md section 9.
//
// Every check that can make an op trap is decided in EX, so EX is the commit point: an op that
// leaves EX without a trap retires, and CSRs, xflags, mode, TLBs, the gated store buffer and
// memory stores take effect at the end of its last EX cycle. Loads complete in MEM; the register
// file is written in WB. Retire and trap events leave through the ev_* port in program order
// (a trapping op travels down the pipe as a trap marker), which the harness uses for
// statistics and lockstep co-simulation. docs/rtl.md describes the microarchitecture.
//
// Configurations (docs/rtl.md "Configurations"; the knobs of docs/model.md "Core
// configurations", from `morph rtl-params`): Fuse issues a fuse-marked single-cycle ALU head and
// its tail together (the head in a small ALU lane, the tail in EX's main lane); Collapse lets a
// single-cycle ALU tail take its head's result in the same cycle, CollapseMem a load or store
// tail (its address base and store data); Redirect 1 sends the target of a taken branch or jump
// straight to the fetch port (the shorter front end), 2 is the base; MulCycles 32 replaces the
// one-cycle multipliers by one iterative multiplier (morph_mul: the multiplies stall EX 32
// cycles, the knob mul), 0 is the base.
`default_nettype none
`include "morph_sizes.vh"

module morph_core #(
  parameter int unsigned GtlbEntries   = `CORE_GTLB_ENTRIES,
  parameter int unsigned JtlbSets      = `CORE_JTLB_SETS,
  parameter int unsigned JtlbWays      = `CORE_JTLB_WAYS,
  parameter int unsigned GsbDepth      = `CORE_GSB_DEPTH,
  parameter logic [31:0] ConcealedSize = `MM_CONCEALED_SIZE,
  parameter int unsigned Fuse          = 0,   // 0 or 1
  parameter int unsigned Collapse      = 0,   // 0 or 1 (with Fuse)
  parameter int unsigned CollapseMem   = 0,   // 0 or 1 (with Fuse)
  parameter int unsigned Redirect      = 2,
  parameter int unsigned MulCycles     = 0,   // 0 or 32 (morph_mul's latency)
  // the largest cache geometry the core holds (`morph rtl-params`: the maximum over the presets
  // of include/morph/cache.def); the run's comes in on cache_*_i (docs/rtl.md "Caches")
  parameter int unsigned L1ISets       = 2,
  parameter int unsigned L1IWays       = 2,
  parameter int unsigned L1DSets       = 2,
  parameter int unsigned L1DWays       = 2,
  parameter int unsigned L2Sets        = 2,
  parameter int unsigned L2Ways        = 2,
  // front-end predictor (rtl/morph_bpred.sv): table maxima, set by
  // `morph rtl-params` from include/morph/bpred.def's defaults
  parameter int unsigned BtbSets       = 128,
  parameter int unsigned BtbWays       = 2,
  parameter int unsigned BhtEntries    = 4096,
  parameter int unsigned RasDepth      = 16,
  parameter int unsigned XrasDepth     = 16
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [31:0] boot_addr_i,
  input  logic [31:0] ram_size_i,     // bytes of RAM from MM_RAM_BASE (run configuration)
  input  logic        halt_i,         // stop issuing (the harness drains the pipe at exit)
  input  logic        irq_ext_i,      // the host interface's interrupt line (mip.MEIP from next cycle)
  // the run's caches (constant during a run; morph_caches): levels 0 (ideal memory), 1 or 2,
  // sets - 1 and ways per level, log2 of the L1 and L2 line bytes, hit and memory latencies
  input  logic [1:0]  cache_levels_i,
  input  logic [15:0] cache_l1i_smask_i, cache_l1d_smask_i, cache_l2_smask_i,
  input  logic [4:0]  cache_l1i_ways_i, cache_l1d_ways_i, cache_l2_ways_i,
  input  logic [3:0]  cache_l1_shift_i, cache_l2_shift_i,
  input  logic [9:0]  cache_l1i_hit_i, cache_l1d_hit_i, cache_l2_hit_i,
  input  logic [13:0] cache_mem_i,
  // the run's --bpred (constant): [1:0] kind (0 none, 1 static, 2 bimodal, 3 gshare),
  // [5:2] log2 BTB sets, [10:6] log2 counters, [15:11] history bits, [22:16] ras, [29:23] xras
  input  logic [31:0] bp_cfg_i,
  // the run's decode assist (constant): 1 = xmodrm executes (knob xdec), 0 = it is illegal
  input  logic        xdec_i,
  // instruction port: address now, the words at it and at it + 4 next cycle
  output logic [31:0] imem_addr_o,
  input  logic [31:0] imem_rdata_i,
  input  logic [31:0] imem_rdata2_i,
  // data port: one aligned word per cycle, read data next cycle
  output logic        dmem_req_o,
  output logic        dmem_we_o,
  output logic [31:0] dmem_addr_o,
  output logic [3:0]  dmem_be_o,
  output logic [31:0] dmem_wdata_o,
  input  logic [31:0] dmem_rdata_i,
  // gated store buffer commit port (see morph_gsb)
  output logic                     gsb_commit_o,
  output logic [2*GsbDepth-1:0]    gsb_beat_valid_o,
  output logic [2*GsbDepth*30-1:0] gsb_addr_o,
  output logic [2*GsbDepth*4-1:0]  gsb_be_o,
  output logic [2*GsbDepth*32-1:0] gsb_data_o,
  // an op is in its first EX cycle (lockstep co-simulation steps the model here); issue_hd_o:
  // the head of a fused pair issues with it (older: the model steps it first)
  output logic        issue_o,
  output logic        issue_hd_o,
  // retire / trap events, in program order, from WB
  output logic        ev_valid_o,
  output logic        ev_trap_o,       // the op trapped (did not retire)
  output logic        ev_fatal_o,      // CMS-mode fetch from unmapped memory: the core stops
  output logic [31:0] ev_pc_o,
  output logic [31:0] ev_insn_o,
  output logic [63:0] ev_cycle_o,      // issue cycle (what mcycle reads for the op)
  output logic        ev_rd_we_o,
  output logic [4:0]  ev_rd_o,
  output logic [31:0] ev_rd_wdata_o,
  output logic        ev_st_o,         // store: effective address, bytes, data
  output logic [31:0] ev_st_addr_o,
  output logic [2:0]  ev_st_size_o,
  output logic [31:0] ev_st_data_o,
  output logic [4:0]  ev_cause_o,
  output logic [31:0] ev_tval_o,
  output logic        ev_no_handler_o, // trap with mtvec = 0
  output logic        ev_intr_o,       // the trap is an interrupt (mcause bit 31; ev_cause_o its number)
  output logic        ev_fetch_fault_o,// trap taken at fetch (no op bits)
  output logic        ev_load_use_o,   // stall flags of the op: +1 load-use
  output logic        ev_redirect_o,   // +2 taken redirect (with a predictor: mret, xenter)
  output logic        ev_mispredict_o, // +Redirect: a control op mispredicted (predictor on)
  output logic        ev_dec_o,        // +Redirect-1: a right taken prediction made at decode
  output logic        ev_btb_miss_o,   // statistics: a redirecting control op without a BTB hit
  output logic        ev_ras_hit_o,    // a return predicted right by the RV32 return stack
  output logic        ev_xras_hit_o,   // an x86 return predicted right by the x86 return stack
  output logic        ev_div_o,        // +32 divide
  output logic        ev_mul_o,        // +MulCycles multiply on the iterative multiplier
  output logic        ev_split_o,      // +1 split guest access
  output logic        ev_mode_o,       // mode the op executed in (1 = translated)
  output logic [2:0]  ev_act_o,        // cmsact in force when the op executed
  // the head of a fused pair, retired just before the ev_* op (if ev_valid_o) in the same
  // cycle; issue cycle, mode and activity are ev_cycle_o, ev_mode_o, ev_act_o
  output logic        ev_hd_valid_o,
  output logic [31:0] ev_hd_pc_o,
  output logic [31:0] ev_hd_insn_o,
  output logic        ev_hd_rd_we_o,
  output logic [4:0]  ev_hd_rd_o,
  output logic [31:0] ev_hd_rd_wdata_o,
  output logic        ev_hd_load_use_o,
  // statistics of the caches (docs/rtl.md "Statistics"): this cycle's events, one pulse each
  // (stats.def: l1i_accesses, l1i_misses, l1i_misses_translated, l1i_flushes, l1d_accesses,
  // l1d_misses, l1d_writebacks, l2_accesses, l2_misses, l2_writebacks), and whether the ID op
  // waits this cycle for the L1I (stall icache) or for the data side (dcache), counted in mode
  // st_mode_o and activity st_act_o
  output logic        st_l1i_acc_o, st_l1i_miss_o, st_l1i_miss_x_o, st_l1i_flush_o,
  output logic        st_l1d_acc_o, st_l1d_miss_o, st_l1d_wb_o, st_l2_acc_o, st_l2_miss_o, st_l2_wb_o,
  output logic        st_icache_o, st_dcache_o, st_mode_o,
  output logic [2:0]  st_act_o
);
  /* verilator lint_off UNUSEDPARAM */
  `undef MORPH_ISA_VH
  `include "morph_isa.vh"
  `undef MORPH_FACTS_VH
  `include "morph_facts.vh"
  /* verilator lint_on UNUSEDPARAM */

  localparam logic [31:0] HtifReqBytes = 32'd40;  // sizeof(struct htif_req); the harness asserts it
  localparam bit FastRedirect = Redirect == 1;
  localparam bit FuseOn = Fuse != 0;
  localparam bit CollapseOn = Collapse != 0;
  localparam bit CollapseMemOn = CollapseMem != 0;
  localparam bit MulIter = MulCycles != 0;

  if ((Redirect != 1 && Redirect != 2) || Fuse > 1 || Collapse > 1 || CollapseMem > 1 ||
      (MulCycles != 0 && MulCycles != 32)) begin : g_bad_param
    $error("morph_core: Redirect must be 1 or 2, Fuse, Collapse and CollapseMem 0 or 1, MulCycles 0 or 32");
  end

  // Test only (morph --inject=rtl-fused-tail): flip bit 0 of a co-issued tail's result, which
  // lockstep co-simulation must catch (make test-cosim).
`ifndef SYNTHESIS
  logic inject_tail;
  initial inject_tail = $test$plusargs("morph_inject_fused_tail") != 0;
`else
  localparam logic inject_tail = 1'b0;
`endif
  // Test only (morph --inject=rtl-cache-way): an L1D hit makes the wrong way the most recent,
  // which lockstep co-simulation must catch as a timing difference (make test-cosim).
`ifndef SYNTHESIS
  logic inject_cway;
  initial inject_cway = $test$plusargs("morph_inject_cache_way") != 0;
`else
  localparam logic inject_cway = 1'b0;
`endif
  // Test only (morph --inject=rtl-bpred): the predictor's counters never learn.
`ifndef SYNTHESIS
  logic inject_bp;
  initial inject_bp = $test$plusargs("morph_inject_bpred") != 0;
`else
  localparam logic inject_bp = 1'b0;
`endif

  // ---------------------------------------------------------------- architectural state
  logic        mode_q, prev_mode_q;
  logic [31:0] xflags_q, xflags_shadow_q, xcommit_eip_q, xepc_q;
  logic [31:0] xcommit_at_q;  // the last commit's own pc when it named x0, else 0
  logic [2:0]  cmsact_q;
  logic [31:0] mtvec_q, mscratch_q, mepc_q, mcause_q, mtval_q;
  logic [63:0] cycle_q, instret_q;
  // interrupts (docs/isa.md sections 8, 9): mstatus.MIE/MPIE, mie.MTIE/MEIE, the CLINT's
  // mtimecmp (mtime is cycle_q) and the host line sampled
  logic        mstatus_mie_q, mstatus_mpie_q, mie_mtie_q, mie_meie_q, meip_q;
  logic [63:0] mtimecmp_q;
  logic        halted_q;       // after a fatal event
  logic        div_busy_q;     // a divide is iterating in EX
  logic        mul_busy_q;     // a multiply is iterating in EX (MulCycles)

  // ---------------------------------------------------------------- pipeline registers
  logic [31:0] pc_if_q, fetch_pc;
  logic        boot_q;         // first cycle after reset: fetch from boot_addr_i
  logic        id_valid_q;
  logic [31:0] id_pc_q;
  logic        ex_valid_q, ex_beat_q, ex_ls_q;
  logic [31:0] ex_pc_q, ex_insn_q;
  logic [63:0] ex_issue_q;
  logic        ls_pending_q;   // a load-use bubble was inserted before the next op to issue
  // fused pairs (Fuse): the head lane of EX, beside the main lane that holds the tail
  logic        hd_valid_q;     // EX holds a fused pair: the head here, its tail in the main lane
  logic [31:0] hd_insn_q;      // the head's op (its pc is ex_pc_q - 4)
  logic        hd_ls_q;        // the pair waited for a load-use bubble (charged to the head)
  logic        ex_replay_q;    // the main-lane op is a tail that trapped beside its head: it
                               // issues again alone (the model steps it once, at the pair)
  logic        tail_pend_q;    // the next op is the tail of the last retired op by the marks

  // front-end prediction (morph_bpred; docs/rtl.md "Branch prediction"): what the fetch of the
  // ID op read, and the next pc predicted for the EX op
  logic        bp_en;          // a predictor is configured (bp_cfg_i)
  logic        bp_mis, bp_dec, bp_fp_taken;
  logic [31:0] bp_actual, bp_dec_target, bp_fp_target;
  logic        id_fhit_q, id_fp_taken_q, id_dir_q, id_ras_v_q, id_xv_q, l_fp_taken;
  logic        id2_fhit_q, id2_fp_taken_q, id2_dir_q;   // the second word (Fuse)
  logic [31:0] id2_fp_target_q, id2_idx_q, l_fp_target;
  logic [31:0] id_fp_target_q, id_idx_q, id_ras_q, id_xeip_q, id_xhost_q;
  logic        ex_xchk_q, ex_dec_q;
  logic [31:0] ex_pred_q, ex_xeip_q, ex_idx_q;
  logic        mem_fl_mis_q, mem_fl_dec_q, wb_fl_mis_q, wb_fl_dec_q;
  // for the statistics only: the EX op's fetch hit the BTB, its RV32 return-stack top and x86
  // top's host address as at fetch; the BTB-miss and return-stack events, to WB
  logic        ex_fhit_q, ex_ras_v_q;
  logic [31:0] ex_ras_q, ex_xhost_q;
  logic        mem_fl_btbm_q, mem_fl_rash_q, mem_fl_xrash_q, wb_fl_btbm_q, wb_fl_rash_q, wb_fl_xrash_q;

  // MEM stage
  logic        mem_valid_q, mem_rf_we_q, mem_load_q, mem_lsigned_q, mem_split_q;
  logic [4:0]  mem_rd_q;
  logic [31:0] mem_result_q, mem_capa_q;
  logic [2:0]  mem_lsize_q;
  logic [1:0]  mem_loff_q;
  logic [7:0]  mem_fwd_mask_q;
  logic [63:0] mem_fwd_data_q;
  // event payload, carried MEM -> WB
  logic        mem_trap_q, mem_fatal_q, mem_nohandler_q, mem_ff_q, mem_rd_we_q, mem_st_q, mem_intr_q;
  logic [31:0] mem_pc_q, mem_insn_q, mem_st_addr_q, mem_st_data_q, mem_tval_q;
  logic [2:0]  mem_st_size_q, mem_act_q;
  logic [4:0]  mem_cause_q;
  logic [63:0] mem_issue_q;
  logic        mem_fl_ls_q, mem_fl_redir_q, mem_fl_div_q, mem_fl_mul_q, mem_fl_split_q, mem_mode_q;
  // the head of a fused pair (older than the main-lane op; pc, issue cycle, mode and activity
  // are the main slot's, also when the head retired alone)
  logic        mem_hd_valid_q, mem_hd_rf_we_q, mem_hd_rd_we_q, mem_hd_ls_q;
  logic [4:0]  mem_hd_rd_q;
  logic [31:0] mem_hd_result_q, mem_hd_insn_q;

  // WB stage
  logic        wb_valid_q, wb_rf_we_q;
  logic [4:0]  wb_rd_q;
  logic [31:0] wb_wdata_q;
  logic        wb_trap_q, wb_fatal_q, wb_nohandler_q, wb_ff_q, wb_rd_we_q, wb_st_q, wb_intr_q;
  logic [31:0] wb_pc_q, wb_insn_q, wb_st_addr_q, wb_st_data_q, wb_tval_q;
  logic [2:0]  wb_st_size_q, wb_act_q;
  logic [4:0]  wb_cause_q;
  logic [63:0] wb_issue_q;
  logic        wb_fl_ls_q, wb_fl_redir_q, wb_fl_div_q, wb_fl_mul_q, wb_fl_split_q, wb_mode_q;
  logic        wb_hd_valid_q, wb_hd_rf_we_q, wb_hd_rd_we_q, wb_hd_ls_q;
  logic [4:0]  wb_hd_rd_q;
  logic [31:0] wb_hd_wdata_q, wb_hd_insn_q;
  // The pair state as the logic reads it: constant 0 without Fuse, so the head lane and the
  // head slots vanish from the netlist and the Verilated model (Verilator keeps flip-flops
  // that only ever load 0, and everything they feed).
  logic        hd_valid, mem_hd_valid, wb_hd_valid;
  assign hd_valid     = FuseOn && hd_valid_q;
  assign mem_hd_valid = FuseOn && mem_hd_valid_q;
  assign wb_hd_valid  = FuseOn && wb_hd_valid_q;

  // ---------------------------------------------------------------- fetch legality
  // Translated mode fetches only from concealed memory (trap); CMS mode from RAM, boot ROM or
  // flash (anything else stops the machine, as in the model).
  function automatic logic fetch_bad_x(input logic [31:0] pc);
    fetch_bad_x = (pc - MM_RAM_BASE) >= ConcealedSize;
  endfunction
  function automatic logic mapped_rom(input logic [31:0] a);
    mapped_rom = (a - MM_BOOTROM_BASE) < MM_BOOTROM_SIZE || (a - MM_FLASH_BASE) < MM_FLASH_SIZE;
  endfunction
  logic in_ram_pc_ex, fetch_fatal_ex, fetch_fault_ex;
  assign in_ram_pc_ex   = (ex_pc_q - MM_RAM_BASE) < ram_size_i;
  assign fetch_fault_ex = mode_q && fetch_bad_x(ex_pc_q);
  assign fetch_fatal_ex = !mode_q && !in_ram_pc_ex && !mapped_rom(ex_pc_q);

  // ---------------------------------------------------------------- ID: hazard detection
  logic [31:0] id_insn, id_insn2;
  logic        id_reads1, id_reads2, id_alu1;
  logic        hazard, id_advance, id_hold, id_try, cache_ok, cache_d_more;
  assign id_insn = imem_rdata_i;
  assign id_insn2 = imem_rdata2_i;   // the next op: the tail if the ID op heads a fused pair

  /* verilator lint_off PINCONNECTEMPTY */
  morph_decoder u_id_dec (
    .insn_i(id_insn), .xdec_i(xdec_i), .illegal_o(), .reads_rs1_o(id_reads1), .reads_rs2_o(id_reads2), .rd_we_o(),
    .alu1_o(id_alu1),
    .lui_o(), .auipc_o(), .jal_o(), .jalr_o(), .branch_o(), .load_o(), .store_o(), .opimm_o(),
    .op_o(), .div_o(), .fence_o(), .ecall_o(), .ebreak_o(), .mret_o(), .wfi_o(), .csr_o(),
    .gload_o(), .gstore_o(), .xalu_o(), .xbcc_o(), .xsetcc_o(), .jtlbj_o(), .commit_o(),
    .rollback_o(), .gtlbw_o(), .gtlbinv_o(), .jtlbw_o(), .jtlbinv_o(), .xenter_o(), .xexit_o(),
    .xmodrm_o(), .size_o(), .signed_o()
  );
  /* verilator lint_on PINCONNECTEMPTY */
  // the candidate tail: what the join rule of docs/model.md needs of it (Fuse only; without it
  // the fused-pair units are not generated, which also keeps them out of the Verilated model)
  logic t_reads1, t_reads2, t_alu1, t_csr, t_mret, t_ecall, t_ebreak, t_xexit;
  logic t_load, t_store, t_gload, t_gstore, t_mem;
  assign t_mem = t_load || t_store || t_gload || t_gstore;
  if (FuseOn) begin : g_id2
    /* verilator lint_off PINCONNECTEMPTY */
    morph_decoder u_id2_dec (
      .insn_i(id_insn2), .xdec_i(xdec_i), .illegal_o(), .reads_rs1_o(t_reads1), .reads_rs2_o(t_reads2), .rd_we_o(),
      .alu1_o(t_alu1),
      .lui_o(), .auipc_o(), .jal_o(), .jalr_o(), .branch_o(), .load_o(t_load), .store_o(t_store), .opimm_o(),
      .op_o(), .div_o(), .fence_o(), .ecall_o(t_ecall), .ebreak_o(t_ebreak), .mret_o(t_mret), .wfi_o(),
      .csr_o(t_csr), .gload_o(t_gload), .gstore_o(t_gstore), .xalu_o(), .xbcc_o(), .xsetcc_o(), .jtlbj_o(),
      .commit_o(), .rollback_o(), .gtlbw_o(), .gtlbinv_o(), .jtlbw_o(), .jtlbinv_o(), .xenter_o(),
      .xexit_o(t_xexit), .xmodrm_o(), .size_o(), .signed_o()
    );
    /* verilator lint_on PINCONNECTEMPTY */
  end else begin : g_no_id2
    assign {t_reads1, t_reads2, t_alu1, t_csr, t_mret, t_ecall, t_ebreak, t_xexit} = '0;
    assign {t_load, t_store, t_gload, t_gstore} = '0;
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_id2;
    assign unused_id2 = ^id_insn2;
    /* verilator lint_on UNUSEDSIGNAL */
  end

  // ---------------------------------------------------------------- EX: decode
  logic d_illegal, d_rd_we, d_lui, d_auipc, d_jal, d_jalr, d_branch, d_load;
  logic d_store, d_opimm, d_op, d_div, d_ecall, d_ebreak, d_mret, d_csr;
  logic d_gload, d_gstore, d_xalu, d_xbcc, d_xsetcc, d_jtlbj, d_commit, d_rollback, d_gtlbw;
  logic d_gtlbinv, d_jtlbw, d_jtlbinv, d_xenter, d_xexit, d_xmodrm, d_signed, d_fence;
  logic [2:0] d_size;

  /* verilator lint_off PINCONNECTEMPTY */
  morph_decoder u_ex_dec (
    .insn_i(ex_insn_q), .xdec_i(xdec_i), .illegal_o(d_illegal), .reads_rs1_o(), .reads_rs2_o(),
    .rd_we_o(d_rd_we), .alu1_o(), .lui_o(d_lui), .auipc_o(d_auipc), .jal_o(d_jal), .jalr_o(d_jalr),
    .branch_o(d_branch), .load_o(d_load), .store_o(d_store), .opimm_o(d_opimm), .op_o(d_op),
    .div_o(d_div), .fence_o(d_fence), .ecall_o(d_ecall), .ebreak_o(d_ebreak), .mret_o(d_mret),
    .wfi_o(), .csr_o(d_csr), .gload_o(d_gload), .gstore_o(d_gstore), .xalu_o(d_xalu),
    .xbcc_o(d_xbcc), .xsetcc_o(d_xsetcc), .jtlbj_o(d_jtlbj), .commit_o(d_commit),
    .rollback_o(d_rollback), .gtlbw_o(d_gtlbw), .gtlbinv_o(d_gtlbinv), .jtlbw_o(d_jtlbw),
    .jtlbinv_o(d_jtlbinv), .xenter_o(d_xenter), .xexit_o(d_xexit), .xmodrm_o(d_xmodrm), .size_o(d_size),
    .signed_o(d_signed)
  );
  /* verilator lint_on PINCONNECTEMPTY */

  /* verilator lint_off UNUSEDSIGNAL */
  logic [31:0] insn;        // bits [6:0] are the decoder's business
  /* verilator lint_on UNUSEDSIGNAL */
  logic [4:0]  rd, rs1, rs2;
  logic [2:0]  f3;
  logic [6:0]  f7;
  logic [31:0] imm_i, imm_s, imm_b, imm_j;
  assign insn = ex_insn_q | MORPH_FUSE_BIT;
  assign rd  = insn[11:7];
  assign rs1 = insn[19:15];
  assign rs2 = insn[24:20];
  assign f3  = insn[14:12];
  assign f7  = insn[31:25];
  assign imm_i = {{20{insn[31]}}, insn[31:20]};
  assign imm_s = {{20{insn[31]}}, insn[31:25], insn[11:7]};
  assign imm_b = {{19{insn[31]}}, insn[31], insn[7], insn[30:25], insn[11:8], 1'b0};
  assign imm_j = {{11{insn[31]}}, insn[31], insn[19:12], insn[20], insn[30:21], 1'b0};

  // ---------------------------------------------------------------- register file + forwarding
  logic [31:0] rf_a, rf_b, rf_c, rf_d, mem_wdata;
  logic [255:0] rf_work, snapshot;
  logic        rf_commit, rf_rollback;

  // the head lane's operands (fused pairs)
  logic [31:0] hd_insn, hd_pc;
  logic [4:0]  hd_rd, hd_rs1, hd_rs2;
  assign hd_insn = hd_insn_q | MORPH_FUSE_BIT;
  assign hd_pc   = ex_pc_q - 32'd4;
  assign hd_rd   = hd_insn[11:7];
  assign hd_rs1  = hd_insn[19:15];
  assign hd_rs2  = hd_insn[24:20];

  morph_regfile #(.HeadPorts(FuseOn)) u_rf (
    .clk_i, .rst_ni,
    .raddr_a_i(rs1), .rdata_a_o(rf_a), .raddr_b_i(rs2), .rdata_b_o(rf_b),
    .raddr_c_i(hd_rs1), .rdata_c_o(rf_c), .raddr_d_i(hd_rs2), .rdata_d_o(rf_d),
    .we_i(wb_valid_q && wb_rf_we_q), .waddr_i(wb_rd_q), .wdata_i(wb_wdata_q),
    .we2_i(wb_hd_valid && wb_hd_rf_we_q), .waddr2_i(wb_hd_rd_q), .wdata2_i(wb_hd_wdata_q),
    .commit_i(rf_commit), .snapshot_i(snapshot), .rollback_i(rf_rollback),
    .work_o(rf_work)
  );

  // Value of register r for an op in EX: the youngest pending write wins (MEM before WB, in each
  // the main slot before the head slot of a fused pair), then the register file.
  logic        mfw, mhfw, wfw, whfw;   // the slots' pending register writes
  assign mfw  = mem_valid_q && mem_rf_we_q;
  assign mhfw = mem_hd_valid && mem_hd_rf_we_q;
  assign wfw  = wb_valid_q && wb_rf_we_q;
  assign whfw = wb_hd_valid && wb_hd_rf_we_q;
  function automatic logic [31:0] fwd(input logic [4:0] r, input logic [31:0] rfv,
                                      input logic mv, input logic [4:0] mrd, input logic [31:0] mval,
                                      input logic mhv, input logic [4:0] mhrd, input logic [31:0] mhval,
                                      input logic wv, input logic [4:0] wrd, input logic [31:0] wval,
                                      input logic whv, input logic [4:0] whrd, input logic [31:0] whval);
    if (r == 5'd0) fwd = 32'd0;
    else if (mv && mrd == r) fwd = mval;
    else if (mhv && mhrd == r) fwd = mhval;
    else if (wv && wrd == r) fwd = wval;
    else if (whv && whrd == r) fwd = whval;
    else fwd = rfv;
  endfunction

  logic [31:0] a, b;   // forwarded rs1, rs2 of the main lane
  assign a = fwd(rs1, rf_a, mfw, mem_rd_q, mem_wdata, mhfw, mem_hd_rd_q, mem_hd_result_q,
                 wfw, wb_rd_q, wb_wdata_q, whfw, wb_hd_rd_q, wb_hd_wdata_q);
  assign b = fwd(rs2, rf_b, mfw, mem_rd_q, mem_wdata, mhfw, mem_hd_rd_q, mem_hd_result_q,
                 wfw, wb_rd_q, wb_wdata_q, whfw, wb_hd_rd_q, wb_hd_wdata_q);
  // The head lane: lui, auipc, base ALU, x-ALU but the multiplies, xsetcc, xmodrm (what may head
  // a pair).
  logic [31:0] hd_alu_res, hd_xalu_res, hd_xalu_flags, hd_xmodrm_res, hd_result;
  logic        hd_is_xalu, hd_is_xsetcc, hd_is_xmodrm, hd_xset_true, hd_rd_we;
  if (FuseOn) begin : g_hd
    logic [31:0] hd_a, hd_b;   // the head lane's operands
    assign hd_a = fwd(hd_rs1, rf_c, mfw, mem_rd_q, mem_wdata, mhfw, mem_hd_rd_q, mem_hd_result_q,
                      wfw, wb_rd_q, wb_wdata_q, whfw, wb_hd_rd_q, wb_hd_wdata_q);
    assign hd_b = fwd(hd_rs2, rf_d, mfw, mem_rd_q, mem_wdata, mhfw, mem_hd_rd_q, mem_hd_result_q,
                      wfw, wb_rd_q, wb_wdata_q, whfw, wb_hd_rd_q, wb_hd_wdata_q);
    morph_alu u_hd_alu (.insn_i(hd_insn), .pc_i(hd_pc), .a_i(hd_a), .b_i(hd_b), .result_o(hd_alu_res));
    /* verilator lint_off PINCONNECTEMPTY */
    morph_xalu #(.Mul(1'b0)) u_hd_xalu (
      .op_i(hd_insn[31:25]), .size_i(hd_insn[13:12]), .a_i(hd_a), .b_i(hd_b), .flags_i(xflags_q),
      .result_o(hd_xalu_res), .flags_o(hd_xalu_flags),
      .mul_a_o(), .mul_b_o(), .mul_signed_o(), .mul_p_i(64'd0)
    );
    /* verilator lint_on PINCONNECTEMPTY */
    morph_xcond u_hd_xset (.cc_i(hd_insn[23:20]), .flags_i(xflags_q), .true_o(hd_xset_true));
    morph_xdec u_hd_xdec (.modrm_i(hd_a[7:0]), .sib_i(hd_b[7:0]), .result_o(hd_xmodrm_res));
  end else begin : g_no_hd
    assign {hd_alu_res, hd_xalu_res, hd_xalu_flags, hd_xset_true, hd_xmodrm_res} = '0;
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_hd;
    assign unused_hd = ^{rf_c, rf_d, hd_pc, hd_insn};
    /* verilator lint_on UNUSEDSIGNAL */
  end
  assign hd_is_xalu   = hd_insn[6:0] == MATCH_XADD_B[6:0];
  // custom-3's single-cycle ALU ops: xsetcc and xmodrm (funct3 tells them apart)
  assign hd_is_xsetcc = hd_insn[6:0] == MATCH_XSETCC[6:0] && hd_insn[14:12] == MATCH_XSETCC[14:12];
  assign hd_is_xmodrm = hd_insn[6:0] == MATCH_XMODRM[6:0] && hd_insn[14:12] == MATCH_XMODRM[14:12];
  assign hd_result    = hd_is_xalu ? hd_xalu_res : hd_is_xsetcc ? {31'd0, hd_xset_true} :
                        hd_is_xmodrm ? hd_xmodrm_res : hd_alu_res;
  assign hd_rd_we     = hd_valid && hd_rd != 5'd0;          // every such op writes rd

  // xflags as the main-lane op sees them: after its head's x-ALU op (flags chain in the cycle)
  logic [31:0] xflags_in;
  assign xflags_in = (hd_valid && hd_is_xalu) ? hd_xalu_flags : xflags_q;

  // The collapsed 3-1 ALU (Collapse): a single-cycle ALU tail takes its head's result in the
  // same cycle; the join rule pairs a tail that reads the head's rd only then (ID below).
  logic [31:0] a_alu, b_alu;
  assign a_alu = (CollapseOn && hd_rd_we && hd_rd == rs1) ? hd_result : a;
  assign b_alu = (CollapseOn && hd_rd_we && hd_rd == rs2) ? hd_result : b;
  // The collapsed address (CollapseMem): a load or store tail takes its head's result as its
  // address base and store data in the same cycle (the join rule pairs it only then).
  logic [31:0] a_mem, b_mem;
  assign a_mem = (CollapseMemOn && hd_rd_we && hd_rd == rs1) ? hd_result : a;
  assign b_mem = (CollapseMemOn && hd_rd_we && hd_rd == rs2) ? hd_result : b;

  // commit copies x18-x25 as of its own place in the program: a co-issued head's result too
  always_comb begin
    for (int i = 0; i < 8; i++)
      snapshot[32*i +: 32] = (hd_rd_we && hd_rd == 5'(18 + i)) ? hd_result :
          fwd(5'(18 + i), rf_work[32*i +: 32], mfw, mem_rd_q, mem_wdata, mhfw, mem_hd_rd_q,
              mem_hd_result_q, wfw, wb_rd_q, wb_wdata_q, whfw, wb_hd_rd_q, wb_hd_wdata_q);
  end

  // ---------------------------------------------------------------- EX: units
  logic [31:0] alu_res, xalu_res, xalu_flags;
  logic [31:0] xmul_a, xmul_b;   // the x-ALU multiplies' operands (for morph_mul)
  logic        xmul_signed;
  logic [63:0] mul_p;            // the product of MUL/MULH*, and with MulCycles of xmulf/ximulf
  morph_alu u_alu (.insn_i(insn), .pc_i(ex_pc_q), .a_i(a_alu), .b_i(b_alu), .result_o(alu_res));
  morph_xalu #(.MulExt(MulIter)) u_xalu (
    .op_i(f7), .size_i(f3[1:0]), .a_i(a_alu), .b_i(b_alu), .flags_i(xflags_in),
    .result_o(xalu_res), .flags_o(xalu_flags),
    .mul_a_o(xmul_a), .mul_b_o(xmul_b), .mul_signed_o(xmul_signed), .mul_p_i(mul_p)
  );
  logic xbcc_true, xsetcc_true;
  morph_xcond u_xbcc (.cc_i(rs1[3:0]), .flags_i(xflags_in), .true_o(xbcc_true));
  morph_xcond u_xset (.cc_i(insn[23:20]), .flags_i(xflags_in), .true_o(xsetcc_true));
  logic [31:0] xmodrm_res;   // the decode assist (xdec_i; the decoder makes xmodrm illegal without)
  morph_xdec u_xdec (.modrm_i(a_alu[7:0]), .sib_i(b_alu[7:0]), .result_o(xmodrm_res));

  logic div_start, div_done;
  logic [31:0] div_res;
  morph_div u_div (
    .clk_i, .rst_ni, .start_i(div_start), .op_i(f3[1:0]), .a_i(a), .b_i(b),
    .done_o(div_done), .result_o(div_res)
  );

  // Multiplies: MUL/MULH/MULHSU/MULHU take a signed or unsigned a (MULH, MULHSU) and b (MULH).
  // Without MulCycles, one 33x33 signed multiplier (each operand gets its sign bit or 0; a
  // 64-bit product: Verilator keeps it in one machine word) and the x-ALU's own; with it, one
  // iterative multiplier for both (morph_mul), so no array multiplier is left.
  logic mul_start, mul_done, is_mul_op;
  logic mul_a_sgn, mul_b_sgn;
  assign mul_a_sgn = f3[1:0] == 2'd1 || f3[1:0] == 2'd2;
  assign mul_b_sgn = f3[1:0] == 2'd1;
  if (MulIter) begin : g_mul_iter
    morph_mul u_mul (
      .clk_i, .rst_ni, .start_i(mul_start),
      .a_i(d_xalu ? xmul_a : a), .a_signed_i(d_xalu ? xmul_signed : mul_a_sgn),
      .b_i(d_xalu ? xmul_b : b), .b_signed_i(d_xalu ? xmul_signed : mul_b_sgn),
      .done_o(mul_done), .product_o(mul_p)
    );
  end else begin : g_mul_comb
    logic [32:0] mul_a, mul_b;
    assign mul_a = {mul_a_sgn && a[31], a};
    assign mul_b = {mul_b_sgn && b[31], b};
    assign mul_p = $signed({{31{mul_a[32]}}, mul_a}) * $signed({{31{mul_b[32]}}, mul_b});
    assign mul_done = 1'b0;
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_mul;
    assign unused_mul = ^{mul_start, xmul_a, xmul_b, xmul_signed};
    /* verilator lint_on UNUSEDSIGNAL */
  end

  // guest access address and pages
  logic [31:0] g_va, g_va2, base_addr;
  logic        g_split, g_cross;
  logic        gt_hit0, gt_w0, gt_ok0, gt_hit1, gt_w1, gt_ok1;
  logic [19:0] gt_ppn0, gt_ppn1;
  logic        gtlb_write, gtlb_inv, gtlb_inv_all;
  assign g_va  = a_mem + (d_gstore ? imm_s : imm_i);
  assign g_va2 = {g_va[31:12] + 20'd1, 12'd0};
  assign g_split = ({1'b0, g_va[1:0]} + d_size) > 3'd4;
  assign g_cross = g_split && g_va[11:2] == 10'h3ff;
  assign base_addr = a_mem + (d_store ? imm_s : imm_i);

  morph_gtlb #(.Entries(GtlbEntries)) u_gtlb (
    .clk_i, .rst_ni, .ram_size_i,
    .va0_i(g_va), .hit0_o(gt_hit0), .w0_o(gt_w0), .ok0_o(gt_ok0), .ppn0_o(gt_ppn0),
    .va1_i(g_va2), .hit1_o(gt_hit1), .w1_o(gt_w1), .ok1_o(gt_ok1), .ppn1_o(gt_ppn1),
    .write_i(gtlb_write), .write_va_i(a), .write_val_i(b), .inv_i(gtlb_inv),
    .inv_all_i(gtlb_inv_all)
  );

  logic        jt_hit, jtlb_write, jtlb_inv;
  logic [31:0] jt_target;
  morph_jtlb #(.Sets(JtlbSets), .Ways(JtlbWays)) u_jtlb (
    .clk_i, .rst_ni, .eip_i(d_commit ? b : a), .hit_o(jt_hit), .target_o(jt_target), .write_i(jtlb_write),
    .target_i(b), .inv_all_i(jtlb_inv)
  );

  // physical beats of a guest access
  logic [31:0] g_pa_a, g_pa_b;
  logic [7:0]  g_mask8;
  logic [63:0] g_data64;
  assign g_pa_a = {gt_ppn0, g_va[11:2], 2'b00};
  assign g_pa_b = g_cross ? {gt_ppn1, 12'd0} : g_pa_a + 32'd4;
  assign g_mask8 = ((d_size == 3'd1) ? 8'h01 : (d_size == 3'd2) ? 8'h03 : 8'h0f) << g_va[1:0];
  assign g_data64 = {32'd0, b_mem} << {g_va[1:0], 3'b000};

  logic        gsb_full, gsb_push, gsb_commit, gsb_rollback;
  logic [$clog2(GsbDepth+1)-1:0] gsb_count;
  logic [$clog2(GsbDepth)-1:0]   gsb_rd_idx;
  logic [29:0] gsb_rd_wa, gsb_rd_wb;
  logic        gsb_rd_split;
  logic [7:0]  gsb_fwd_mask;
  logic [63:0] gsb_fwd_data;
  morph_gsb #(.Depth(GsbDepth)) u_gsb (
    .clk_i, .rst_ni, .full_o(gsb_full), .push_i(gsb_push),
    .push_wa_i(g_pa_a[31:2]), .push_bea_i(g_mask8[3:0]), .push_da_i(g_data64[31:0]),
    .push_wb_i(g_pa_b[31:2]), .push_beb_i(g_mask8[7:4]), .push_db_i(g_data64[63:32]),
    .commit_i(gsb_commit), .rollback_i(gsb_rollback),
    .fwd_wa_i(g_pa_a[31:2]), .fwd_wb_i(g_pa_b[31:2]),
    .fwd_mask_o(gsb_fwd_mask), .fwd_data_o(gsb_fwd_data),
    .cm_valid_o(gsb_commit_o), .cm_beat_valid_o(gsb_beat_valid_o), .cm_addr_o(gsb_addr_o),
    .cm_be_o(gsb_be_o), .cm_data_o(gsb_data_o),
    .count_o(gsb_count), .rd_idx_i(gsb_rd_idx), .rd_wa_o(gsb_rd_wa), .rd_wb_o(gsb_rd_wb),
    .rd_split_o(gsb_rd_split)
  );

  // ---------------------------------------------------------------- EX: CSRs
  logic [11:0] csr_num;
  logic        mtip;   // mip.MTIP: mtime (the cycle count) has reached mtimecmp
  assign mtip = cycle_q >= mtimecmp_q;
  logic [31:0] csr_rdata, csr_src, csr_wval;
  logic        csr_exists, csr_ro, csr_write;
  assign csr_num = insn[31:20];
  assign csr_src = f3[2] ? {27'd0, rs1} : a;
  always_comb begin
    csr_exists = 1'b1;
    csr_ro = 1'b0;
    csr_rdata = 32'd0;
    unique case (csr_num)
      CSR_XFLAGS: csr_rdata = xflags_q;
      CSR_XFLAGS_SHADOW: begin csr_rdata = xflags_shadow_q; csr_ro = 1'b1; end
      CSR_XMODE: csr_rdata = {30'd0, prev_mode_q, mode_q};
      CSR_CMSACT: csr_rdata = {29'd0, cmsact_q};
      CSR_XCOMMIT_EIP: begin csr_rdata = xcommit_eip_q; csr_ro = 1'b1; end
      CSR_XEPC: begin csr_rdata = xepc_q; csr_ro = 1'b1; end
      CSR_XCOMMIT_AT: begin csr_rdata = xcommit_at_q; csr_ro = 1'b1; end
      CSR_MSTATUS: csr_rdata = CSRV_MSTATUS_MPP | (mstatus_mie_q ? CSRV_MSTATUS_MIE : 32'd0) |
                               (mstatus_mpie_q ? CSRV_MSTATUS_MPIE : 32'd0);
      CSR_MISA: csr_rdata = CSRV_MISA;
      CSR_MIE: csr_rdata = (mie_mtie_q ? CSRV_MIP_MTIP : 32'd0) | (mie_meie_q ? CSRV_MIP_MEIP : 32'd0);
      CSR_MIP: csr_rdata = (mtip ? CSRV_MIP_MTIP : 32'd0) | (meip_q ? CSRV_MIP_MEIP : 32'd0);
      CSR_MCOUNTINHIBIT: csr_rdata = 32'd0;
      CSR_MVENDORID: begin csr_rdata = CSRV_MVENDORID; csr_ro = 1'b1; end
      CSR_MARCHID: begin csr_rdata = CSRV_MARCHID; csr_ro = 1'b1; end
      CSR_MIMPID: begin csr_rdata = CSRV_MIMPID; csr_ro = 1'b1; end
      CSR_MCONFIGPTR: begin csr_rdata = 32'd0; csr_ro = 1'b1; end
      CSR_TIME: begin csr_rdata = cycle_q[31:0]; csr_ro = 1'b1; end
      CSR_TIMEH: begin csr_rdata = cycle_q[63:32]; csr_ro = 1'b1; end
      CSR_MTVEC: csr_rdata = mtvec_q;
      CSR_MSCRATCH: csr_rdata = mscratch_q;
      CSR_MEPC: csr_rdata = mepc_q;
      CSR_MCAUSE: csr_rdata = mcause_q;
      CSR_MTVAL: csr_rdata = mtval_q;
      CSR_MHARTID: begin csr_rdata = 32'd0; csr_ro = 1'b1; end
      CSR_MCYCLE: csr_rdata = cycle_q[31:0];
      CSR_MCYCLEH: csr_rdata = cycle_q[63:32];
      CSR_MINSTRET: csr_rdata = instret_q[31:0];
      CSR_MINSTRETH: csr_rdata = instret_q[63:32];
      CSR_CYCLE: begin csr_rdata = cycle_q[31:0]; csr_ro = 1'b1; end
      CSR_CYCLEH: begin csr_rdata = cycle_q[63:32]; csr_ro = 1'b1; end
      CSR_INSTRET: begin csr_rdata = instret_q[31:0]; csr_ro = 1'b1; end
      CSR_INSTRETH: begin csr_rdata = instret_q[63:32]; csr_ro = 1'b1; end
      default: csr_exists = 1'b0;
    endcase
    csr_write = f3[1:0] == 2'd1 || rs1 != 5'd0;
    unique case (f3[1:0])
      2'd1: csr_wval = csr_src;
      2'd2: csr_wval = csr_rdata | csr_src;
      default: csr_wval = csr_rdata & ~csr_src;
    endcase
  end

  // ---------------------------------------------------------------- EX: execute and check
  logic        trap, redirect, take, rd_we, is_loadop, split_op, mem_access, st_ev;
  logic [4:0]  cause;
  logic [31:0] tval, target, result, st_addr, st_data;
  logic [31:0] base_wdata;
  logic [3:0]  base_be;
  logic        in_ram_ld, htif_ok;
  // The CLINT: word loads of mtime (the op's issue cycle, as mcycle) and mtimecmp, word stores
  // of mtimecmp; the core answers them itself (no data-port access).
  logic        clint_time, clint_cmp, clint_ld;
  logic [31:0] clint_rdata;
  assign clint_time = {base_addr[31:3], 3'b000} == MM_CLINT_BASE + CLINT_REG_MTIME && d_size == 3'd4;
  assign clint_cmp  = {base_addr[31:3], 3'b000} == MM_CLINT_BASE + CLINT_REG_MTIMECMP && d_size == 3'd4;
  assign clint_rdata = clint_time ? (base_addr[2] ? cycle_q[63:32] : cycle_q[31:0]) :
                                    (base_addr[2] ? mtimecmp_q[63:32] : mtimecmp_q[31:0]);
  // An interrupt is taken by the op in its first EX cycle, in its place (the op does not
  // execute; mepc names it, or the head of a co-issued pair, which is dropped whole).
  logic        irq_now, irq_take;
  logic [4:0]  irq_cause;
  assign irq_now = mstatus_mie_q && ((mie_meie_q && meip_q) || (mie_mtie_q && ex_issue_q >= mtimecmp_q));
  assign irq_cause = (mie_meie_q && meip_q) ? IRQ_M_EXTERNAL : IRQ_M_TIMER;
  // The branches' comparators (the ALU results come from morph_alu, shared with the head lane).
  logic        alu_lt, alu_ltu;
  assign alu_lt = $signed(a) < $signed(b);
  assign alu_ltu = a < b;

  assign in_ram_ld = (base_addr - MM_RAM_BASE) < ram_size_i;
  // An HTIF request block must be word aligned and lie in RAM (sim_htif_request's check).
  assign htif_ok = b_mem[1:0] == 2'b00 && (b_mem - MM_RAM_BASE) < ram_size_i &&
                   HtifReqBytes <= ram_size_i - (b_mem - MM_RAM_BASE);
  assign base_be = ((d_size == 3'd1) ? 4'h1 : (d_size == 3'd2) ? 4'h3 : 4'hf) << base_addr[1:0];
  assign base_wdata = b_mem << {base_addr[1:0], 3'b000};

  always_comb begin
    trap = 1'b0;
    clint_ld = 1'b0;
    cause = 5'd0;
    tval = 32'd0;
    redirect = 1'b0;
    target = 32'd0;
    take = 1'b0;
    rd_we = 1'b0;
    result = 32'd0;
    is_loadop = 1'b0;
    split_op = 1'b0;
    mem_access = 1'b0;
    st_ev = 1'b0;
    st_addr = 32'd0;
    st_data = 32'd0;

    if (fetch_fault_ex) begin
      trap = 1'b1; cause = CAUSE_XMODE_VIOLATION; tval = ex_pc_q;
    end else if (irq_take) begin
      trap = 1'b1; cause = irq_cause; tval = 32'd0;
    end else if (d_illegal) begin
      trap = 1'b1; cause = CAUSE_ILLEGAL_INSN; tval = ex_insn_q;
    end else begin
      rd_we = d_rd_we;
      if (d_lui || d_auipc || d_opimm || (d_op && f7 != 7'h01)) result = alu_res;
      if (d_jal || d_jalr || d_branch || d_xbcc) begin
        result = ex_pc_q + 32'd4;
        if (d_jal) begin take = 1'b1; target = ex_pc_q + imm_j; end
        if (d_jalr) begin take = 1'b1; target = (a + imm_i) & ~32'd1; end
        if (d_branch) begin
          target = ex_pc_q + imm_b;
          unique case (f3)
            3'd0: take = a == b;
            3'd1: take = a != b;
            3'd4: take = alu_lt;
            3'd5: take = !alu_lt;
            3'd6: take = alu_ltu;
            default: take = !alu_ltu;
          endcase
        end
        if (d_xbcc) begin take = xbcc_true; target = ex_pc_q + imm_b; end
        if (take) begin
          if (target[1:0] != 2'b00) begin
            trap = 1'b1; cause = CAUSE_MISALIGNED_FETCH; tval = target;
          end else redirect = 1'b1;
        end
      end
      if (d_op) begin
        if (f7 == 7'h01) begin
          unique case (f3)
            3'd0: result = mul_p[31:0];
            3'd1, 3'd2, 3'd3: result = mul_p[63:32];
            default: result = div_res;
          endcase
        end
      end
      if (d_load || d_store) begin
        if (mode_q) begin
          trap = 1'b1; cause = CAUSE_XMODE_VIOLATION; tval = ex_pc_q;
        end else if ((base_addr & ({29'd0, d_size} - 32'd1)) != 32'd0) begin
          trap = 1'b1; tval = base_addr;
          cause = d_load ? CAUSE_MISALIGNED_LOAD : CAUSE_MISALIGNED_STORE;
        end else if (d_load) begin
          if (in_ram_ld || mapped_rom(base_addr) ||
              (base_addr == MM_HTIF_BASE + HTIF_REG_ID && d_size == 3'd4)) begin
            is_loadop = 1'b1; mem_access = 1'b1;
          end else if (clint_time || clint_cmp) begin
            is_loadop = 1'b1; clint_ld = 1'b1; result = clint_rdata;
          end else begin
            trap = 1'b1; cause = CAUSE_LOAD_FAULT; tval = base_addr;
          end
        end else begin
          if (in_ram_ld || (base_addr == MM_HTIF_BASE + HTIF_REG_REQ && d_size == 3'd4 && htif_ok)) begin
            mem_access = 1'b1; st_ev = 1'b1; st_addr = base_addr; st_data = b_mem;
          end else if (clint_cmp) begin
            st_ev = 1'b1; st_addr = base_addr; st_data = b_mem;
          end else begin
            trap = 1'b1; cause = CAUSE_STORE_FAULT; tval = base_addr;
          end
        end
      end
      if (d_gload || d_gstore) begin
        // docs/isa.md section 2: per page, miss, then write permission, then concealed target
        if (!gt_hit0) begin
          trap = 1'b1; tval = g_va; cause = d_gstore ? CAUSE_GTLB_MISS_STORE : CAUSE_GTLB_MISS_LOAD;
        end else if ((d_gstore && !gt_w0) || !gt_ok0) begin
          trap = 1'b1; tval = g_va; cause = CAUSE_GUEST_PROT;
        end else if (g_cross && !gt_hit1) begin
          trap = 1'b1; tval = g_va2; cause = d_gstore ? CAUSE_GTLB_MISS_STORE : CAUSE_GTLB_MISS_LOAD;
        end else if (g_cross && ((d_gstore && !gt_w1) || !gt_ok1)) begin
          trap = 1'b1; tval = g_va2; cause = CAUSE_GUEST_PROT;
        end else if (d_gstore && mode_q && gsb_full) begin
          trap = 1'b1; tval = ex_pc_q; cause = CAUSE_XMODE_VIOLATION;
        end else begin
          split_op = g_split;
          is_loadop = d_gload;
          mem_access = !(d_gstore && mode_q);
          st_ev = d_gstore; st_addr = g_va; st_data = b_mem;
        end
      end
      if (d_ecall) begin trap = 1'b1; cause = CAUSE_ECALL_M; tval = 32'd0; end
      if (d_ebreak) begin trap = 1'b1; cause = CAUSE_BREAKPOINT; tval = ex_pc_q; end
      if (d_mret) begin
        if (mode_q) begin trap = 1'b1; cause = CAUSE_XMODE_VIOLATION; tval = ex_pc_q; end
        else begin redirect = 1'b1; target = mepc_q; end
      end
      if (d_csr) begin
        if (mode_q && csr_num != CSR_XFLAGS) begin
          trap = 1'b1; cause = CAUSE_XMODE_VIOLATION; tval = ex_pc_q;
        end else if (!csr_exists || (csr_write && csr_ro)) begin
          trap = 1'b1; cause = CAUSE_ILLEGAL_INSN; tval = ex_insn_q;
        end else result = csr_rdata;
      end
      if (d_xalu) result = xalu_res;
      if (d_xsetcc) result = {31'd0, xsetcc_true};
      if (d_xmodrm) result = xmodrm_res;
      if (d_jtlbj) begin
        if (!jt_hit) begin trap = 1'b1; cause = CAUSE_JTLB_MISS; tval = a; end
        else if (jt_target[1:0] != 2'b00) begin
          trap = 1'b1; cause = CAUSE_MISALIGNED_FETCH; tval = jt_target;
        end else begin redirect = 1'b1; target = jt_target; end
      end
      if ((d_rollback || d_gtlbw || d_gtlbinv || d_jtlbw || d_jtlbinv) && mode_q) begin
        trap = 1'b1; cause = CAUSE_XMODE_VIOLATION; tval = ex_pc_q;
      end
      if (d_xenter) begin
        if (mode_q) begin trap = 1'b1; cause = CAUSE_XMODE_VIOLATION; tval = ex_pc_q; end
        else if (a[1:0] != 2'b00) begin trap = 1'b1; cause = CAUSE_MISALIGNED_FETCH; tval = a; end
        else begin redirect = 1'b1; target = a; end
      end
      if (d_xexit) begin trap = 1'b1; cause = CAUSE_XEXIT; tval = a; end
    end
    if (trap) begin
      rd_we = 1'b0;
      is_loadop = 1'b0;
      clint_ld = 1'b0;
      mem_access = 1'b0;
      split_op = 1'b0;
      st_ev = 1'b0;
      redirect = 1'b0;
    end
  end

  // ---------------------------------------------------------------- EX: sequencing
  logic ex_first, ex_done, ex_live, flush, is_div_op;
  assign ex_live = ex_valid_q && !halted_q;
  assign is_div_op = d_div && !d_illegal && !fetch_fault_ex;
  assign ex_first = ex_live && !ex_beat_q && !div_busy_q && !mul_busy_q;
  assign div_start = ex_first && is_div_op && !fetch_fatal_ex && !irq_take;
  // a multiply that stalls: RV32M's or the x-ALU's (MulCycles only)
  assign is_mul_op = MulIter && !d_illegal && !fetch_fault_ex &&
                     ((d_op && f7 == 7'h01 && !f3[2]) ||
                      (d_xalu && (f7 == MATCH_XMULF_W[31:25] || f7 == MATCH_XIMULF_W[31:25])));
  assign mul_start = ex_first && is_mul_op && !fetch_fatal_ex && !irq_take;
  // a fetch that faults or stops the machine comes first (the model fetches before it issues)
  assign irq_take = ex_first && irq_now && !fetch_fatal_ex && !fetch_fault_ex;
  always_comb begin
    if (!ex_live) ex_done = 1'b0;
    else if (fetch_fatal_ex || trap) ex_done = 1'b1;
    else if (is_div_op) ex_done = div_busy_q && div_done;
    else if (is_mul_op) ex_done = mul_busy_q && mul_done;
    else if (split_op) ex_done = ex_beat_q;
    else ex_done = 1'b1;
  end
  // A tail that would trap (or stop the machine) beside its head does not: the head retires
  // alone and the tail stays in EX to issue again next cycle by itself, where it traps as the
  // model's tail does when it cannot join its head (docs/rtl.md "Fused pairs").
  logic retire_ex, trap_ex, fatal_ex, replay, hd_retire;
  assign replay    = ex_live && hd_valid && (fetch_fatal_ex || trap) && !irq_take;
  assign fatal_ex  = ex_live && fetch_fatal_ex && !hd_valid;
  assign trap_ex   = ex_live && !fetch_fatal_ex && trap && (!hd_valid || irq_take);
  assign retire_ex = ex_done && !fetch_fatal_ex && !trap;
  // the head leaves EX with its tail, or alone; an interrupt drops the pair whole
  assign hd_retire = ex_done && hd_valid && !irq_take;
  assign flush     = (retire_ex && (bp_en ? bp_mis : redirect)) || trap_ex || fatal_ex;
  assign issue_o   = ex_first && !ex_replay_q;
  assign issue_hd_o = ex_first && hd_valid && !irq_take;   // the model steps the interrupt once

  // side effects at the end of the op's last EX cycle
  assign gtlb_write   = retire_ex && d_gtlbw;
  assign gtlb_inv     = retire_ex && d_gtlbinv && rs1 != 5'd0;
  assign gtlb_inv_all = retire_ex && d_gtlbinv && rs1 == 5'd0;
  assign jtlb_write   = retire_ex && d_jtlbw;
  assign jtlb_inv     = retire_ex && d_jtlbinv;
  assign gsb_push     = retire_ex && d_gstore && mode_q;
  assign gsb_commit   = retire_ex && d_commit;
  assign gsb_rollback = retire_ex && d_rollback;
  assign rf_commit    = retire_ex && d_commit;
  assign rf_rollback  = retire_ex && d_rollback;

  // data port: beat A in the first cycle, beat B (split) in the second
  always_comb begin
    dmem_req_o = 1'b0;
    dmem_we_o = 1'b0;
    dmem_addr_o = 32'd0;
    dmem_be_o = 4'd0;
    dmem_wdata_o = 32'd0;
    if (ex_live && !fetch_fatal_ex && mem_access) begin
      dmem_req_o = 1'b1;
      if (d_load || d_store) begin
        dmem_we_o = d_store;
        dmem_addr_o = {base_addr[31:2], 2'b00};
        dmem_be_o = base_be;
        dmem_wdata_o = base_wdata;
      end else begin
        dmem_we_o = d_gstore;
        dmem_addr_o = ex_beat_q ? g_pa_b : g_pa_a;
        dmem_be_o = ex_beat_q ? g_mask8[7:4] : g_mask8[3:0];
        dmem_wdata_o = ex_beat_q ? g_data64[63:32] : g_data64[31:0];
      end
    end
  end

  // ---------------------------------------------------------------- caches (timing only)
  // The line accesses of the EX op (docs/rtl.md "Caches"): a base load or store to RAM, a
  // guest load, a guest store outside translated mode (inside it, stores wait in the GSB and a
  // commit releases them), in program order. A split guest access touching two lines accesses
  // one in each of its two EX cycles; on one line, in its last.
  logic        c_acc, c_two, c_req;
  logic [31:0] c_pa;
  assign c_acc = ex_live && !fetch_fatal_ex && mem_access && !((d_load || d_store) && !in_ram_ld);
  assign c_two = split_op && ((g_pa_a ^ g_pa_b) >> cache_l1_shift_i) != 32'd0;
  assign c_req = c_acc && (!split_op || ex_beat_q || c_two);
  assign c_pa = (d_load || d_store) ? base_addr : (split_op && ex_beat_q && c_two) ? g_pa_b : g_pa_a;
  morph_caches #(
    .L1ISets(L1ISets), .L1IWays(L1IWays), .L1DSets(L1DSets), .L1DWays(L1DWays),
    .L2Sets(L2Sets), .L2Ways(L2Ways), .GsbDepth(GsbDepth)
  ) u_caches (
    .clk_i, .rst_ni,
    .levels_i(cache_levels_i), .l1i_smask_i(cache_l1i_smask_i), .l1d_smask_i(cache_l1d_smask_i),
    .l2_smask_i(cache_l2_smask_i), .l1i_ways_i(cache_l1i_ways_i), .l1d_ways_i(cache_l1d_ways_i),
    .l2_ways_i(cache_l2_ways_i), .l1_shift_i(cache_l1_shift_i), .l2_shift_i(cache_l2_shift_i),
    .l1i_hit_i(cache_l1i_hit_i), .l1d_hit_i(cache_l1d_hit_i), .l2_hit_i(cache_l2_hit_i),
    .mem_i(cache_mem_i), .inject_i(inject_cway),
    .d_req_i(c_req), .d_pa_i(c_pa), .d_wr_i(d_store || d_gstore),
    .cm_req_i(retire_ex && d_commit), .cm_count_i(gsb_count), .gsb_idx_o(gsb_rd_idx),
    .gsb_wa_i(gsb_rd_wa), .gsb_wb_i(gsb_rd_wb), .gsb_split_i(gsb_rd_split),
    .f_pc_i(id_pc_q), .f_npc_i(id_pc_d),
    .f_cached_i(mode_q ? !fetch_bad_x(id_pc_q) : (id_pc_q - MM_RAM_BASE) < ram_size_i),
    .f_try_i(id_try), .flush_i(retire_ex && d_fence && f3 == 3'd1), .ok_o(cache_ok),
    .st_l1i_acc_o, .st_l1i_miss_o, .st_l1d_acc_o, .st_l1d_miss_o, .st_l1d_wb_o, .st_l2_acc_o,
    .st_l2_miss_o, .st_l2_wb_o, .d_more_o(cache_d_more)
  );
  // the cycles the ID op would issue but for the caches: the data side's (a wait covering the
  // next op's load-use bubble included) or the fetch's; the activity a csrw of cmsact leaving
  // EX now sets already counts them (the model switches it as the op retires)
  assign st_l1i_miss_x_o = st_l1i_miss_o && mode_q;
  assign st_l1i_flush_o = cache_levels_i != 2'd0 && retire_ex && d_fence && f3 == 3'd1;
  assign st_dcache_o = id_try && !cache_ok && cache_d_more;
  assign st_icache_o = id_try && !cache_ok && !cache_d_more;
  assign st_mode_o = mode_q;
  assign st_act_o = (retire_ex && d_csr && csr_write && csr_num == CSR_CMSACT) ? csr_wval[2:0] : cmsact_q;

  // ---------------------------------------------------------------- ID / IF control
  assign hazard = id_valid_q && ex_live && ex_done && retire_ex && is_loadop && rd != 5'd0 && id_insn[0] &&
                  !(mode_q && fetch_bad_x(id_pc_q)) &&
                  ((id_reads1 && id_insn[19:15] == rd) || (id_reads2 && id_insn[24:20] == rd));
  // id_try: the ID op issues now unless the load-use rule or the caches hold it
  assign id_try = id_valid_q && !flush && !halt_i && !halted_q && (!ex_valid_q || (ex_done && !replay));
  assign id_advance = id_try && !hazard && cache_ok;
  assign id_hold = id_valid_q && !flush && !id_advance;
  assign fetch_pc = boot_q ? boot_addr_i : pc_if_q;

  // Fused pairs (docs/model.md "Issue rules" with width 1, docs/rtl.md "Fused pairs"). Marks pair
  // ops greedily: a marked op that is not a tail and falls through heads the next op, whatever
  // the core. tail_pend_d: the op to issue next is such a tail (so it heads nothing).
  logic tail_pend_d, id_head, t_serial, t_dep, t_load_wait, t_line, pair_go;
  always_comb begin
    tail_pend_d = tail_pend_q;
    if (!FuseOn || trap_ex || fatal_ex) tail_pend_d = 1'b0;
    else if (replay) tail_pend_d = 1'b1;
    else if (retire_ex)
      tail_pend_d = !hd_valid && !tail_pend_q && !ex_insn_q[1] && (!redirect || target == ex_pc_q + 32'd4);
  end
  // The ID op heads a pair the core co-issues: marked, not a tail, a legal single-cycle ALU op
  // fetched from where it may be.
  // (with a predictor not the x86 call hint, slti x0, rs1, 0x5c1: the head lane has no port to
  // the x86 return stack)
  assign id_head = FuseOn && !id_insn[1] && id_alu1 && !tail_pend_d &&
                   !(bp_en && (id_insn[6:0] | MORPH_FUSE_BIT[6:0]) == 7'h13 && id_insn[14:12] == 3'd2 &&
                     id_insn[11:7] == 5'd0 && id_insn[31:20] == 12'(MORPH_HINT_XCALL_IMM)) &&
                   (mode_q ? !fetch_bad_x(id_pc_q) : ((id_pc_q - MM_RAM_BASE) < ram_size_i || mapped_rom(id_pc_q)));
  // Its tail joins unless it is a CSR or system op (those issue alone), reads the head's rd
  // (unless the collapsed ALU takes it, a single-cycle ALU tail, or the collapsed address, a
  // load or store tail), or reads the rd of the load leaving EX now (the load-use rule; the
  // head's own write hides the load's).
  assign t_serial = t_csr || t_mret || t_ecall || t_ebreak || t_xexit;
  assign t_dep = id_insn[11:7] != 5'd0 && ((t_reads1 && id_insn2[19:15] == id_insn[11:7]) ||
                                          (t_reads2 && id_insn2[24:20] == id_insn[11:7]));
  assign t_load_wait = retire_ex && is_loadop && rd != 5'd0 && rd != id_insn[11:7] &&
                       ((t_reads1 && id_insn2[19:15] == rd) || (t_reads2 && id_insn2[24:20] == rd));
  // with caches, the tail must be in the head's L1I line (one line fetched per cycle)
  assign t_line = cache_levels_i == 2'd0 || ((id_pc_q ^ (id_pc_q + 32'd4)) >> cache_l1_shift_i) == 32'd0;
  assign pair_go = id_advance && id_head && !t_serial && !t_load_wait && (!t_dep || (CollapseOn && t_alu1) || (CollapseMemOn && t_mem)) &&
                   t_line;

  // The shorter front end (Redirect 1): a taken redirect fetches its target in the same cycle.
  logic fast_redirect;
  logic [31:0] next_pc;
  // With a predictor: a misprediction redirects (to the actual next pc), a pair's next fetch
  // follows its tail's prediction, and on the shorter front end a decode-stage prediction goes
  // straight to the fetch port too (bp_la: the address ID latches).
  logic [31:0] fast_target, bp_la, id_pc_d;
  // the ID op's pc next cycle (id_pc_q's D; the IF / ID update below): the L1I reads one cycle ahead
  assign id_pc_d = fast_redirect ? fast_target
                 : (!flush && !id_hold && !(bp_dec && !FastRedirect)) ? bp_la : id_pc_q;
  assign fast_redirect = FastRedirect && retire_ex && (bp_en ? bp_mis : redirect);
  assign fast_target = bp_en ? bp_actual : target;
  assign next_pc = pair_go ? (l_fp_taken ? l_fp_target : id_pc_q + 32'd8) : fetch_pc;
  assign bp_la = (FastRedirect && bp_dec) ? bp_dec_target : next_pc;
  assign imem_addr_o = fast_redirect ? fast_target : id_hold ? id_pc_q : bp_la;

  // ---------------------------------------------------------------- front-end prediction
  // The tables are read at the address latched into ID (fetch_pc); a BTB hit predicts the next
  // fetch at once. Without one, the ID op, as it issues, may redirect fetch itself (decode: a
  // jal, a conditional predicted taken, a return with a return-stack top). EX compares the
  // actual next pc with the predicted one and flushes when they differ. The tables are updated
  // at the end of the op's EX cycle. docs/isa.md section 9, "Front-end prediction".
  logic [1:0]  bp_kind;
  logic [31:0] bp_btb_mask, bp_bht_mask;
  logic [15:0] bp_hist_mask;
  assign bp_kind      = bp_cfg_i[1:0];
  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_bp_cfg;
  assign unused_bp_cfg = ^bp_cfg_i[31:30];
  /* verilator lint_on UNUSEDSIGNAL */
  assign bp_en        = bp_kind != 2'd0;
  assign bp_btb_mask  = (32'd1 << bp_cfg_i[5:2]) - 32'd1;
  assign bp_bht_mask  = (32'd1 << bp_cfg_i[10:6]) - 32'd1;
  assign bp_hist_mask = 16'((32'd1 << bp_cfg_i[15:11]) - 32'd1);
  logic        f_hit, f_back, f_dir, f_ras_v, f_xv;
  logic [1:0]  f_kind;
  logic [31:0] f_target, f_idx, f_ras, f_xeip, f_xhost;
  // decode of L (the fuse mark cleared, as EX decodes)
  logic [31:0] di, di_imm_b, di_imm_j;
  logic        di_cond, di_jal, di_jalr, di_ret, di_xret, di_dir;
  // L: the last op of what issues from ID now (a fused pair's tail, else the ID op)
  logic [31:0] l_pc;
  logic        l_fhit, l_dir;
  logic [31:0] l_idx;
  assign di = (pair_go ? id_insn2 : id_insn) | MORPH_FUSE_BIT;
  assign l_pc = pair_go ? id_pc_q + 32'd4 : id_pc_q;
  assign l_fhit = pair_go ? id2_fhit_q : id_fhit_q;
  assign l_fp_taken = pair_go ? id2_fp_taken_q : id_fp_taken_q;
  assign l_fp_target = pair_go ? id2_fp_target_q : id_fp_target_q;
  assign l_dir = pair_go ? id2_dir_q : id_dir_q;
  assign l_idx = pair_go ? id2_idx_q : id_idx_q;
  assign di_imm_b = {{19{di[31]}}, di[31], di[7], di[30:25], di[11:8], 1'b0};
  assign di_imm_j = {{11{di[31]}}, di[31], di[19:12], di[20], di[30:21], 1'b0};
  assign di_cond = di[6:0] == 7'h63 || (di & MASK_XBCC) == MATCH_XBCC;
  assign di_jal  = di[6:0] == 7'h6f;
  assign di_jalr = di[6:0] == 7'h67;
  // RISC-V return-address hints: link = x1 or x5; a return reads a link and does not write it
  function automatic logic is_link(input logic [4:0] r);
    is_link = r == 5'd1 || r == 5'd5;
  endfunction
  assign di_ret  = di_jalr && is_link(di[19:15]) && !(is_link(di[11:7]) && di[11:7] == di[19:15]);
  assign di_xret = (di & MASK_JTLBJ) == MATCH_JTLBJ && di[31:20] == 12'(MORPH_HINT_JTLBJ_RET);
  assign di_dir  = bp_kind == 2'd1 ? di[31] : l_dir;
  assign bp_fp_taken  = bp_en && f_hit && (f_kind != 2'd1 || (bp_kind == 2'd1 ? f_back : f_dir));
  assign bp_fp_target = (f_kind == 2'd2 && f_ras_v) ? f_ras : (f_kind == 2'd3 && f_xv) ? f_xhost : f_target;
  assign bp_dec = bp_en && id_advance && !l_fhit &&
                  ((di_cond && di_dir) || di_jal || (di_ret && id_ras_v_q) || (di_xret && id_xv_q));
  assign bp_dec_target = di_cond ? l_pc + di_imm_b : di_jal ? l_pc + di_imm_j :
                         di_ret ? id_ras_q : id_xhost_q;
  logic [31:0] id_pred;   // the next pc predicted for the ID op
  assign id_pred = l_fp_taken ? l_fp_target : bp_dec ? bp_dec_target : l_pc + 32'd4;
  // the second word's reads (a fused tail), with the same stack tops
  logic        f2_hit, f2_back, f2_dir, bp_fp2_taken;
  logic [1:0]  f2_kind;
  logic [31:0] f2_target, f2_idx, bp_fp2_target;
  assign bp_fp2_taken  = bp_en && f2_hit && (f2_kind != 2'd1 || (bp_kind == 2'd1 ? f2_back : f2_dir));
  assign bp_fp2_target = (f2_kind == 2'd2 && f_ras_v) ? f_ras : (f2_kind == 2'd3 && f_xv) ? f_xhost : f2_target;
  // EX: the actual next pc; an x86 return predicted from the stack also needs the top's EIP
  assign bp_actual = redirect ? target : ex_pc_q + 32'd4;
  assign bp_mis = bp_en && (bp_actual != ex_pred_q || (ex_xchk_q && ex_xeip_q != a));
  logic ex_ctrl, ex_ret, ex_xret, u_ctrl, u_xpop, u_xpush, u_flush;
  assign ex_ctrl  = d_branch || d_xbcc || d_jal || d_jalr || d_jtlbj;
  assign ex_ret   = d_jalr && is_link(rs1) && !(is_link(rd) && rd == rs1);
  assign ex_xret  = d_jtlbj && insn[31:20] == 12'(MORPH_HINT_JTLBJ_RET);
  assign u_ctrl   = bp_en && retire_ex && ex_ctrl;
  assign u_xpop   = bp_en && ex_xret && (retire_ex || (trap_ex && !irq_take && cause == CAUSE_JTLB_MISS));
  assign u_xpush  = bp_en && retire_ex && ((d_commit && rs2 != 5'd0) ||
                    (insn[6:0] == 7'h13 && f3 == 3'd2 && rd == 5'd0 && insn[31:20] == 12'(MORPH_HINT_XCALL_IMM)));
  assign u_flush  = bp_en && retire_ex && insn[6:0] == 7'h0f && f3 == 3'd1;
  morph_bpred #(
    .BtbSets(BtbSets), .BtbWays(BtbWays), .BhtEntries(BhtEntries), .RasDepth(RasDepth),
    .XrasDepth(XrasDepth), .Port2(FuseOn)   // a fusing core also reads the second word's entries
  ) u_bpred (
    .clk_i, .rst_ni,
    .cfg_kind_i(bp_kind), .cfg_btb_mask_i(bp_btb_mask), .cfg_bht_mask_i(bp_bht_mask),
    .cfg_hist_mask_i(bp_hist_mask), .cfg_ras_i(bp_cfg_i[22:16]), .cfg_xras_i(bp_cfg_i[29:23]),
    .f_pc_i(fast_redirect ? fast_target : bp_la),   // the address ID latches
    .f_hit_o(f_hit), .f_kind_o(f_kind), .f_back_o(f_back), .f_target_o(f_target),
    .f_dir_o(f_dir), .f_idx_o(f_idx), .f_ras_v_o(f_ras_v), .f_ras_o(f_ras), .f_xras_v_o(f_xv),
    .f_xras_eip_o(f_xeip), .f_xras_host_o(f_xhost),
    .f2_hit_o(f2_hit), .f2_kind_o(f2_kind), .f2_back_o(f2_back), .f2_target_o(f2_target),
    .f2_dir_o(f2_dir), .f2_idx_o(f2_idx),
    .u_ctrl_i(u_ctrl), .u_pc_i(ex_pc_q),
    .u_kind_i((d_branch || d_xbcc) ? 2'd1 : ex_ret ? 2'd2 : ex_xret ? 2'd3 : 2'd0),
    .u_back_i(insn[31]), .u_cond_i(d_branch || d_xbcc), .u_taken_i(redirect), .u_npc_i(target),
    .u_idx_i(ex_idx_q), .u_pop_i(ex_ret), .u_push_i((d_jal || d_jalr) && is_link(rd)),
    .u_xpop_i(u_xpop), .u_xpush_i(u_xpush), .u_xeip_i(d_commit ? b : a), .u_xhost_v_i(jt_hit),
    .u_xhost_i(jt_target), .u_flush_i(u_flush), .inject_i(inject_bp)
  );

  // ---------------------------------------------------------------- MEM: load data
  logic [63:0] ld_bytes;
  /* verilator lint_off UNUSEDSIGNAL */
  logic [63:0] ld_shift;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [31:0] ld_val;
  always_comb begin
    ld_bytes = mem_split_q ? {dmem_rdata_i, mem_capa_q} : {32'd0, dmem_rdata_i};
    for (int i = 0; i < 8; i++)
      if (mem_fwd_mask_q[i]) ld_bytes[8*i +: 8] = mem_fwd_data_q[8*i +: 8];
    ld_shift = ld_bytes >> {mem_loff_q, 3'b000};
    unique case (mem_lsize_q)
      3'd1: ld_val = mem_lsigned_q ? {{24{ld_shift[7]}}, ld_shift[7:0]} : {24'd0, ld_shift[7:0]};
      3'd2: ld_val = mem_lsigned_q ? {{16{ld_shift[15]}}, ld_shift[15:0]} : {16'd0, ld_shift[15:0]};
      default: ld_val = ld_shift[31:0];
    endcase
  end
  assign mem_wdata = mem_load_q ? ld_val : mem_result_q;

  // ---------------------------------------------------------------- sequential logic
  logic ex_to_mem;   // the EX op leaves EX this cycle (retire, trap or fatal)
  assign ex_to_mem = ex_done || fatal_ex;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pc_if_q <= 32'd0;
      boot_q <= 1'b1;
      {id_fhit_q, id_fp_taken_q, id_dir_q, id_ras_v_q, id_xv_q} <= '0;
      {id_fp_target_q, id_idx_q, id_ras_q, id_xeip_q, id_xhost_q} <= '0;
      {id2_fhit_q, id2_fp_taken_q, id2_dir_q, id2_fp_target_q, id2_idx_q} <= '0;
      {ex_xchk_q, ex_dec_q, ex_pred_q, ex_xeip_q, ex_idx_q} <= '0;
      {ex_fhit_q, ex_ras_v_q, ex_ras_q, ex_xhost_q} <= '0;
      id_valid_q <= 1'b0;
      id_pc_q <= 32'd0;
      ex_valid_q <= 1'b0;
      ex_pc_q <= 32'd0;
      ex_insn_q <= 32'h0000_0013;
      ex_beat_q <= 1'b0;
      ex_ls_q <= 1'b0;
      ex_issue_q <= 64'd0;
      ls_pending_q <= 1'b0;
      hd_valid_q <= 1'b0;
      hd_insn_q <= 32'h0000_0013;
      hd_ls_q <= 1'b0;
      ex_replay_q <= 1'b0;
      tail_pend_q <= 1'b0;
      div_busy_q <= 1'b0;
      mul_busy_q <= 1'b0;
      halted_q <= 1'b0;
      // the first op issues two cycles after reset (IF, ID), at mcycle 0
      cycle_q <= 64'hffff_ffff_ffff_fffe;
      instret_q <= 64'd0;
      mode_q <= 1'b0;
      prev_mode_q <= 1'b0;
      xflags_q <= 32'd0;
      xflags_shadow_q <= 32'd0;
      xcommit_eip_q <= 32'd0;
      xcommit_at_q <= 32'd0;
      xepc_q <= 32'd0;
      cmsact_q <= 3'd0;
      mtvec_q <= 32'd0;
      mscratch_q <= 32'd0;
      mepc_q <= 32'd0;
      mcause_q <= 32'd0;
      mtval_q <= 32'd0;
      mstatus_mie_q <= 1'b0;
      mstatus_mpie_q <= 1'b0;
      mie_mtie_q <= 1'b0;
      mie_meie_q <= 1'b0;
      meip_q <= 1'b0;
      mtimecmp_q <= '1;   // no timer interrupt until software sets mtimecmp
    end else begin
      cycle_q <= cycle_q + 64'd1;
      meip_q <= irq_ext_i;
      boot_q <= 1'b0;

      // IF / ID
      id_pc_q <= id_pc_d;
      if (fast_redirect) begin
        id_valid_q <= 1'b1;
        pc_if_q <= bp_fp_taken ? bp_fp_target : fast_target + 32'd4;
      end else if (flush) begin
        pc_if_q <= trap_ex ? mtvec_q : bp_en ? bp_actual : target;
        id_valid_q <= 1'b0;
      end else if (!id_hold && bp_dec && !FastRedirect) begin
        // a decode-stage prediction as the ID op issues: the word fetched now is dropped
        pc_if_q <= bp_dec_target;
        id_valid_q <= 1'b0;
      end else if (!id_hold) begin
        id_valid_q <= 1'b1;
        pc_if_q <= bp_fp_taken ? bp_fp_target : bp_la + 32'd4;
      end
      // what the fetch of the word(s) ID latches read
      if (fast_redirect || (!flush && !id_hold && !(bp_dec && !FastRedirect))) begin
        id_fhit_q <= bp_en && f_hit;
        id_fp_taken_q <= bp_fp_taken;
        id_fp_target_q <= bp_fp_target;
        id_dir_q <= f_dir;
        id_idx_q <= f_idx;
        id_ras_v_q <= f_ras_v;
        id_ras_q <= f_ras;
        id_xv_q <= f_xv;
        id_xeip_q <= f_xeip;
        id_xhost_q <= f_xhost;
        id2_fhit_q <= FuseOn && bp_en && f2_hit;
        id2_fp_taken_q <= FuseOn && bp_fp2_taken;
        id2_fp_target_q <= bp_fp2_target;
        id2_dir_q <= f2_dir;
        id2_idx_q <= f2_idx;
      end

      // EX
      if (div_start) div_busy_q <= 1'b1;
      else if (ex_done) div_busy_q <= 1'b0;
      if (mul_start) mul_busy_q <= 1'b1;
      else if (ex_done) mul_busy_q <= 1'b0;
      if (ex_live && !ex_done && split_op) ex_beat_q <= 1'b1;
      tail_pend_q <= tail_pend_d;
      if (replay) begin
        // the tail stays, to issue alone next cycle
        hd_valid_q <= 1'b0;
        ex_replay_q <= 1'b1;
        ex_ls_q <= 1'b0;
        ex_issue_q <= cycle_q + 64'd1;
      end else if (!ex_valid_q || ex_to_mem) begin
        ex_beat_q <= 1'b0;
        ex_valid_q <= id_advance;
        hd_valid_q <= pair_go;
        ex_replay_q <= 1'b0;
        if (id_advance) begin
          if (pair_go) begin
            // the head to the head lane, its tail to the main lane
            hd_insn_q <= id_insn;
            hd_ls_q <= ls_pending_q;
            ex_pc_q <= id_pc_q + 32'd4;
            ex_insn_q <= id_insn2;
            ex_ls_q <= 1'b0;
          end else begin
            ex_pc_q <= id_pc_q;
            ex_insn_q <= id_insn;
            ex_ls_q <= ls_pending_q;
          end
          ex_pred_q <= id_pred;
          ex_xchk_q <= di_xret && id_xv_q;
          ex_xeip_q <= id_xeip_q;
          ex_idx_q <= l_idx;
          ex_dec_q <= bp_dec;
          ex_fhit_q <= l_fhit;
          ex_ras_v_q <= id_ras_v_q;
          ex_ras_q <= id_ras_q;
          ex_xhost_q <= id_xhost_q;
          ex_issue_q <= cycle_q + 64'd1;
          ls_pending_q <= 1'b0;
        end else if (hazard && cache_ok) begin   // a cache wait covers the bubble
          ls_pending_q <= 1'b1;
        end
      end
      if (fatal_ex) halted_q <= 1'b1;

      // architectural effects of the op leaving EX
      if (trap_ex) begin
        mepc_q <= irq_take && hd_valid ? hd_pc : ex_pc_q;
        mcause_q <= {irq_take, 26'd0, cause};
        mstatus_mpie_q <= mstatus_mie_q;
        mstatus_mie_q <= 1'b0;
        mtval_q <= tval;
        prev_mode_q <= mode_q;
        if (mode_q) xepc_q <= ex_pc_q;
        mode_q <= 1'b0;
        if (mtvec_q == 32'd0) halted_q <= 1'b1;
      end
      // a fused pair's head first (its tail's effects below win)
      if (hd_retire && hd_is_xalu) xflags_q <= hd_xalu_flags;
      if (hd_retire || retire_ex) instret_q <= instret_q + {63'd0, hd_retire} + {63'd0, retire_ex};
      if (retire_ex) begin
        if (d_xalu) xflags_q <= xalu_flags;
        if (d_csr && csr_write) begin
          unique case (csr_num)
            CSR_XFLAGS: xflags_q <= csr_wval & XF_ARITH;
            CSR_XMODE: prev_mode_q <= csr_wval[1];
            CSR_CMSACT: cmsact_q <= csr_wval[2:0];
            CSR_MTVEC: mtvec_q <= {csr_wval[31:2], 2'b00};
            CSR_MSCRATCH: mscratch_q <= csr_wval;
            CSR_MEPC: mepc_q <= {csr_wval[31:2], 2'b00};
            CSR_MCAUSE: mcause_q <= csr_wval;
            CSR_MTVAL: mtval_q <= csr_wval;
            CSR_MSTATUS: begin
              mstatus_mie_q <= |(csr_wval & CSRV_MSTATUS_MIE);
              mstatus_mpie_q <= |(csr_wval & CSRV_MSTATUS_MPIE);
            end
            CSR_MIE: begin
              mie_mtie_q <= |(csr_wval & CSRV_MIP_MTIP);
              mie_meie_q <= |(csr_wval & CSRV_MIP_MEIP);
            end
            default: ;
          endcase
        end
        if (d_mret) begin
          mode_q <= prev_mode_q;
          prev_mode_q <= 1'b0;
          mstatus_mie_q <= mstatus_mpie_q;
          mstatus_mpie_q <= 1'b1;
        end
        if (d_store && clint_cmp) begin
          if (base_addr[2]) mtimecmp_q[63:32] <= b_mem;
          else mtimecmp_q[31:0] <= b_mem;
        end
        if (d_xenter) mode_q <= 1'b1;
        if (d_commit) begin
          xcommit_eip_q <= a;
          xcommit_at_q <= (rs1 == 5'd0) ? ex_pc_q : 32'd0;
          xflags_shadow_q <= xflags_in;
        end
        if (d_rollback) xflags_q <= xflags_shadow_q;
      end
    end
  end

  // EX -> MEM
  logic rb_kill_mem, rb_kill_mem_hd, rb_kill_hd;   // rollback overwrites x18-x25: older pending
  assign rb_kill_mem = rf_rollback && mem_rd_q >= 5'd18 && mem_rd_q <= 5'd25;   // writes to them
  assign rb_kill_mem_hd = rf_rollback && mem_hd_rd_q >= 5'd18 && mem_hd_rd_q <= 5'd25;  // are dropped,
  assign rb_kill_hd = rf_rollback && hd_rd >= 5'd18 && hd_rd <= 5'd25;   // a co-issued head's too

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mem_valid_q <= 1'b0;
      mem_rf_we_q <= 1'b0;
      mem_rd_we_q <= 1'b0;
      mem_load_q <= 1'b0;
      mem_split_q <= 1'b0;
      mem_capa_q <= 32'd0;
      mem_rd_q <= 5'd0;
      mem_result_q <= 32'd0;
      mem_lsize_q <= 3'd4;
      mem_lsigned_q <= 1'b0;
      mem_loff_q <= 2'd0;
      mem_fwd_mask_q <= 8'd0;
      mem_fwd_data_q <= 64'd0;
      mem_trap_q <= 1'b0;
      mem_fatal_q <= 1'b0;
      mem_nohandler_q <= 1'b0;
      mem_intr_q <= 1'b0;
      mem_ff_q <= 1'b0;
      mem_st_q <= 1'b0;
      mem_pc_q <= 32'd0;
      mem_insn_q <= 32'd0;
      mem_st_addr_q <= 32'd0;
      mem_st_data_q <= 32'd0;
      mem_st_size_q <= 3'd0;
      mem_tval_q <= 32'd0;
      mem_cause_q <= 5'd0;
      mem_act_q <= 3'd0;
      mem_issue_q <= 64'd0;
      mem_fl_ls_q <= 1'b0;
      mem_fl_redir_q <= 1'b0;
      mem_fl_mis_q <= 1'b0;
      mem_fl_dec_q <= 1'b0;
      {mem_fl_btbm_q, mem_fl_rash_q, mem_fl_xrash_q} <= '0;
      mem_fl_div_q <= 1'b0;
      mem_fl_mul_q <= 1'b0;
      mem_fl_split_q <= 1'b0;
      mem_mode_q <= 1'b0;
      mem_hd_valid_q <= 1'b0;
      mem_hd_rf_we_q <= 1'b0;
      mem_hd_rd_we_q <= 1'b0;
      mem_hd_ls_q <= 1'b0;
      mem_hd_rd_q <= 5'd0;
      mem_hd_result_q <= 32'd0;
      mem_hd_insn_q <= 32'd0;
    end else begin
      // beat A of a split load arrives while the op is still in EX
      if (ex_live && ex_beat_q) mem_capa_q <= dmem_rdata_i;
      // the head of a fused pair; payload shared with the main slot is written below
      mem_hd_valid_q <= hd_retire;
      if (hd_retire) begin
        mem_hd_rf_we_q <= hd_rd_we && !rb_kill_hd;
        mem_hd_rd_we_q <= hd_rd_we;
        mem_hd_rd_q <= hd_rd;
        mem_hd_result_q <= hd_result;
        mem_hd_insn_q <= hd_insn_q;
        mem_hd_ls_q <= hd_ls_q;
      end
      mem_valid_q <= ex_live && ex_to_mem && !replay;
      if (ex_live && ex_to_mem) begin
        mem_rf_we_q <= retire_ex && rd_we && rd != 5'd0;
        mem_rd_we_q <= retire_ex && rd_we && rd != 5'd0;
        mem_rd_q <= rd;
        mem_result_q <= (is_div_op ? div_res : result) ^ {31'd0, inject_tail && hd_valid};
        mem_load_q <= is_loadop && !clint_ld;   // a CLINT load's value is its result
        mem_split_q <= split_op;
        mem_lsize_q <= d_size;
        mem_lsigned_q <= d_signed;
        mem_loff_q <= d_gload ? g_va[1:0] : base_addr[1:0];
        mem_fwd_mask_q <= d_gload ? gsb_fwd_mask : 8'd0;
        mem_fwd_data_q <= gsb_fwd_data;
        mem_trap_q <= trap_ex || fatal_ex;
        mem_fatal_q <= fatal_ex;
        mem_nohandler_q <= trap_ex && mtvec_q == 32'd0;
        mem_intr_q <= trap_ex && irq_take;
        mem_ff_q <= fatal_ex || (trap_ex && fetch_fault_ex);
        mem_st_q <= retire_ex && st_ev;
        mem_pc_q <= irq_take && hd_valid ? hd_pc : ex_pc_q;
        mem_insn_q <= irq_take && hd_valid ? hd_insn_q : ex_insn_q;   // the op mepc names
        mem_st_addr_q <= st_addr;
        mem_st_data_q <= (d_size == 3'd4) ? st_data : (d_size == 3'd2) ? {16'd0, st_data[15:0]} :
                                                                          {24'd0, st_data[7:0]};
        mem_st_size_q <= d_size;
        mem_tval_q <= tval;
        mem_cause_q <= cause;
        mem_act_q <= cmsact_q;
        mem_issue_q <= ex_issue_q;
        mem_fl_ls_q <= ex_ls_q || (irq_take && hd_valid && hd_ls_q);   // a dropped pair's bubble
        mem_fl_redir_q <= retire_ex && (bp_en ? bp_mis && !ex_ctrl : redirect);
        mem_fl_mis_q <= retire_ex && bp_mis && ex_ctrl;
        mem_fl_dec_q <= retire_ex && bp_en && !bp_mis && ex_dec_q;
        // the model's sim_bpred_resolve: a control op that redirects (a conditional to another
        // address than the next) without a BTB hit at fetch; a return whose stack top as at
        // fetch was the actual target (an x86 one: its EIP the popped one, its host address the
        // target)
        mem_fl_btbm_q <= retire_ex && bp_en && ex_ctrl && !ex_fhit_q &&
                         (!(d_branch || d_xbcc) || bp_actual != ex_pc_q + 32'd4);
        mem_fl_rash_q <= retire_ex && bp_en && ex_ret && ex_ras_v_q && ex_ras_q == bp_actual;
        mem_fl_xrash_q <= retire_ex && bp_en && ex_xret && ex_xchk_q && ex_xeip_q == a && ex_xhost_q == bp_actual;
        mem_fl_div_q <= retire_ex && is_div_op;
        mem_fl_mul_q <= retire_ex && is_mul_op;
        mem_fl_split_q <= retire_ex && split_op;
        mem_mode_q <= mode_q;
      end
    end
  end

  // MEM -> WB
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wb_valid_q <= 1'b0;
      wb_rf_we_q <= 1'b0;
      wb_rd_we_q <= 1'b0;
      wb_rd_q <= 5'd0;
      wb_wdata_q <= 32'd0;
      wb_trap_q <= 1'b0;
      wb_fatal_q <= 1'b0;
      wb_nohandler_q <= 1'b0;
      wb_intr_q <= 1'b0;
      wb_ff_q <= 1'b0;
      wb_st_q <= 1'b0;
      wb_pc_q <= 32'd0;
      wb_insn_q <= 32'd0;
      wb_st_addr_q <= 32'd0;
      wb_st_data_q <= 32'd0;
      wb_st_size_q <= 3'd0;
      wb_tval_q <= 32'd0;
      wb_cause_q <= 5'd0;
      wb_act_q <= 3'd0;
      wb_issue_q <= 64'd0;
      wb_fl_ls_q <= 1'b0;
      wb_fl_redir_q <= 1'b0;
      wb_fl_mis_q <= 1'b0;
      wb_fl_dec_q <= 1'b0;
      {wb_fl_btbm_q, wb_fl_rash_q, wb_fl_xrash_q} <= '0;
      wb_fl_div_q <= 1'b0;
      wb_fl_mul_q <= 1'b0;
      wb_fl_split_q <= 1'b0;
      wb_mode_q <= 1'b0;
      wb_hd_valid_q <= 1'b0;
      wb_hd_rf_we_q <= 1'b0;
      wb_hd_rd_we_q <= 1'b0;
      wb_hd_ls_q <= 1'b0;
      wb_hd_rd_q <= 5'd0;
      wb_hd_wdata_q <= 32'd0;
      wb_hd_insn_q <= 32'd0;
    end else begin
      wb_hd_valid_q <= mem_hd_valid_q;
      if (mem_hd_valid) begin
        wb_hd_rf_we_q <= mem_hd_rf_we_q && !rb_kill_mem_hd;
        wb_hd_rd_we_q <= mem_hd_rd_we_q;
        wb_hd_rd_q <= mem_hd_rd_q;
        wb_hd_wdata_q <= mem_hd_result_q;
        wb_hd_insn_q <= mem_hd_insn_q;
        wb_hd_ls_q <= mem_hd_ls_q;
      end
      wb_valid_q <= mem_valid_q;
      if (mem_valid_q || mem_hd_valid) begin
        wb_rf_we_q <= mem_rf_we_q && !rb_kill_mem;
        wb_rd_we_q <= mem_rd_we_q;
        wb_rd_q <= mem_rd_q;
        wb_wdata_q <= mem_wdata;
        wb_trap_q <= mem_trap_q;
        wb_fatal_q <= mem_fatal_q;
        wb_nohandler_q <= mem_nohandler_q;
        wb_intr_q <= mem_intr_q;
        wb_ff_q <= mem_ff_q;
        wb_st_q <= mem_st_q;
        wb_pc_q <= mem_pc_q;
        wb_insn_q <= mem_insn_q;
        wb_st_addr_q <= mem_st_addr_q;
        wb_st_data_q <= mem_st_data_q;
        wb_st_size_q <= mem_st_size_q;
        wb_tval_q <= mem_tval_q;
        wb_cause_q <= mem_cause_q;
        wb_act_q <= mem_act_q;
        wb_issue_q <= mem_issue_q;
        wb_fl_ls_q <= mem_fl_ls_q;
        wb_fl_redir_q <= mem_fl_redir_q;
        wb_fl_mis_q <= mem_fl_mis_q;
        wb_fl_dec_q <= mem_fl_dec_q;
        wb_fl_btbm_q <= mem_fl_btbm_q;
        wb_fl_rash_q <= mem_fl_rash_q;
        wb_fl_xrash_q <= mem_fl_xrash_q;
        wb_fl_div_q <= mem_fl_div_q;
        wb_fl_mul_q <= mem_fl_mul_q;
        wb_fl_split_q <= mem_fl_split_q;
        wb_mode_q <= mem_mode_q;
      end
    end
  end

  assign ev_valid_o = wb_valid_q;
  assign ev_trap_o = wb_trap_q;
  assign ev_fatal_o = wb_fatal_q;
  assign ev_pc_o = wb_pc_q;
  assign ev_insn_o = wb_insn_q;
  assign ev_cycle_o = wb_issue_q;
  assign ev_rd_we_o = wb_rd_we_q;
  assign ev_rd_o = wb_rd_q;
  assign ev_rd_wdata_o = wb_wdata_q;
  assign ev_st_o = wb_st_q;
  assign ev_st_addr_o = wb_st_addr_q;
  assign ev_st_size_o = wb_st_size_q;
  assign ev_st_data_o = wb_st_data_q;
  assign ev_cause_o = wb_cause_q;
  assign ev_tval_o = wb_tval_q;
  assign ev_no_handler_o = wb_nohandler_q;
  assign ev_intr_o = wb_intr_q;
  assign ev_fetch_fault_o = wb_ff_q;
  assign ev_load_use_o = wb_fl_ls_q;
  assign ev_redirect_o = wb_fl_redir_q;
  assign ev_mispredict_o = wb_fl_mis_q;
  assign ev_dec_o = wb_fl_dec_q;
  assign ev_btb_miss_o = wb_fl_btbm_q;
  assign ev_ras_hit_o = wb_fl_rash_q;
  assign ev_xras_hit_o = wb_fl_xrash_q;
  assign ev_div_o = wb_fl_div_q;
  assign ev_mul_o = wb_fl_mul_q;
  assign ev_split_o = wb_fl_split_q;
  assign ev_mode_o = wb_mode_q;
  assign ev_act_o = wb_act_q;
  assign ev_hd_valid_o = wb_hd_valid;
  assign ev_hd_pc_o = wb_pc_q - 32'd4;
  assign ev_hd_insn_o = wb_hd_insn_q;
  assign ev_hd_rd_we_o = wb_hd_rd_we_q;
  assign ev_hd_rd_o = wb_hd_rd_q;
  assign ev_hd_rd_wdata_o = wb_hd_wdata_q;
  assign ev_hd_load_use_o = wb_hd_ls_q;
endmodule
