// Guest TLB (docs/isa.md section 2): direct-mapped on a hash of the guest virtual page number
// (its low index bits XOR the next ones, as sim/sim_gtlb.h's sim_gtlb_index), entries
// {valid, VPN, PPN, W}, plus an "accessible" bit decided when the entry is written (the physical
// page is above concealed memory and inside RAM), as the model caches it. Two lookup ports: a
// guest access may touch two pages. Valid bits are flip-flops (gtlbinv x0 clears all at once);
// the rest is LUT-RAM with asynchronous read: the tags (the VPN above the index bits: with the
// index they give the low bits back) with three read ports (two lookups, gtlbinv's compare),
// {PPN, W, ok} with two.
`default_nettype none
`include "morph_sizes.vh"

module morph_gtlb #(
  parameter int unsigned Entries = `CORE_GTLB_ENTRIES
) (
  /* verilator lint_off UNUSEDSIGNAL */  // page offsets and the low bits of gtlbw's value
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [31:0] ram_size_i,
  // lookups
  input  logic [31:0] va0_i,
  output logic        hit0_o,
  output logic        w0_o,
  output logic        ok0_o,
  output logic [19:0] ppn0_o,
  input  logic [31:0] va1_i,
  output logic        hit1_o,
  output logic        w1_o,
  output logic        ok1_o,
  output logic [19:0] ppn1_o,
  // maintenance (gtlbw / gtlbinv)
  input  logic        write_i,     // gtlbw: va, val = page | W<<1 | V
  input  logic [31:0] write_va_i,
  input  logic [31:0] write_val_i,
  input  logic        inv_i,       // gtlbinv va: only if the entry holds va's page
  input  logic        inv_all_i    // gtlbinv x0
  /* verilator lint_on UNUSEDSIGNAL */
);
  /* verilator lint_off UNUSEDPARAM */
  `undef MORPH_FACTS_VH
  `include "morph_facts.vh"
  /* verilator lint_on UNUSEDPARAM */

  localparam int unsigned IdxW = $clog2(Entries);

  localparam int unsigned TagW = 20 - IdxW;

  // the slot of a page: vpn[IdxW-1:0] ^ vpn[2*IdxW-1:IdxW] (bits above 19 read as 0);
  // assigned to the function's name, as Yosys 0.23 takes no `return`
  /* verilator lint_off UNUSEDSIGNAL */  // the page offset; hi's bits above the index
  function automatic logic [IdxW-1:0] slot(input logic [31:0] va);
    logic [19:0] hi;
    hi = va[31:12] >> IdxW;
    slot = va[12 +: IdxW] ^ hi[IdxW-1:0];
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  logic [Entries-1:0] valid_q;
  logic [TagW-1:0] tag_q [Entries];   // vpn[19:IdxW]
  logic [21:0] ent_q [Entries];       // {ppn[19:0], w, ok}

  logic [IdxW-1:0] idx0, idx1, widx;
  logic [21:0] e0, e1;
  logic [TagW-1:0] t0, t1, tw;
  /* verilator lint_off UNUSEDSIGNAL */
  logic [19:0] wvpn;    // the tag is its upper bits
  /* verilator lint_on UNUSEDSIGNAL */
  logic [31:0] wpage;
  logic        wok;

  assign idx0 = slot(va0_i);
  assign idx1 = slot(va1_i);
  assign e0 = ent_q[idx0];
  assign e1 = ent_q[idx1];
  assign t0 = tag_q[idx0];
  assign t1 = tag_q[idx1];
  assign hit0_o = valid_q[idx0] && t0 == va0_i[31:12+IdxW];
  assign hit1_o = valid_q[idx1] && t1 == va1_i[31:12+IdxW];
  assign ppn0_o = e0[21:2];
  assign ppn1_o = e1[21:2];
  assign w0_o = e0[1];
  assign w1_o = e1[1];
  assign ok0_o = e0[0];
  assign ok1_o = e1[0];

  assign wvpn  = write_va_i[31:12];
  assign widx  = slot(write_va_i);
  assign tw    = tag_q[widx];
  assign wpage = {write_val_i[31:12], 12'd0};
  assign wok   = wpage >= MM_GUEST_PHYS_BASE && (wpage - MM_RAM_BASE) < ram_size_i;

  always_ff @(posedge clk_i) begin
    if (write_i && write_val_i[0]) begin
      tag_q[widx] <= wvpn[19:IdxW];
      ent_q[widx] <= {write_val_i[31:12], write_val_i[1], wok};
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
    end else if (inv_all_i) begin
      valid_q <= '0;
    end else if (write_i) begin
      valid_q[widx] <= write_val_i[0];
    end else if (inv_i && tw == wvpn[19:IdxW]) begin
      valid_q[widx] <= 1'b0;
    end
  end
endmodule
