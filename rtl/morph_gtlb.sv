// Guest TLB (docs/isa.md section 2): direct-mapped on the guest virtual page number, entries
// {valid, VPN, PPN, W}, plus an "accessible" bit decided when the entry is written (the physical
// page is above concealed memory and inside RAM), as the model caches it. Two lookup ports: a
// guest access may touch two pages. Valid bits are flip-flops (gtlbinv x0 clears all at once);
// the rest is a RAM with asynchronous read.
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

  logic [Entries-1:0] valid_q;
  logic [41:0] ent_q [Entries];     // {vpn[19:0], ppn[19:0], w, ok}

  logic [IdxW-1:0] idx0, idx1, widx;
  logic [41:0] e0, e1;
  /* verilator lint_off UNUSEDSIGNAL */
  logic [41:0] ew;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [19:0] wvpn;
  logic [31:0] wpage;
  logic        wok;

  assign idx0 = va0_i[12 +: IdxW];
  assign idx1 = va1_i[12 +: IdxW];
  assign e0 = ent_q[idx0];
  assign e1 = ent_q[idx1];
  assign hit0_o = valid_q[idx0] && e0[41:22] == va0_i[31:12];
  assign hit1_o = valid_q[idx1] && e1[41:22] == va1_i[31:12];
  assign ppn0_o = e0[21:2];
  assign ppn1_o = e1[21:2];
  assign w0_o = e0[1];
  assign w1_o = e1[1];
  assign ok0_o = e0[0];
  assign ok1_o = e1[0];

  assign wvpn  = write_va_i[31:12];
  assign widx  = write_va_i[12 +: IdxW];
  assign ew    = ent_q[widx];
  assign wpage = {write_val_i[31:12], 12'd0};
  assign wok   = wpage >= MM_GUEST_PHYS_BASE && (wpage - MM_RAM_BASE) < ram_size_i;

  always_ff @(posedge clk_i) begin
    if (write_i && write_val_i[0]) ent_q[widx] <= {wvpn, write_val_i[31:12], write_val_i[1], wok};
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
    end else if (inv_all_i) begin
      valid_q <= '0;
    end else if (write_i) begin
      valid_q[widx] <= write_val_i[0];
    end else if (inv_i && ew[41:22] == wvpn) begin
      valid_q[widx] <= 1'b0;
    end
  end
endmodule
