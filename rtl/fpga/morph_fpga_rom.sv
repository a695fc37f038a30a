// The board's boot ROM: build/fw/bootrom.bin (concealed-mem/bootrom.S) in block RAM, read one
// word a cycle (synchronous, as iCE40 block RAM is). Words past the image read 0.
`default_nettype none

module morph_fpga_rom #(
  parameter int unsigned Words = 128,
  parameter              File = "bootrom.hex"   // $readmemh words, from fpga.mk
) (
  input  logic                     clk_i,
  input  logic [$clog2(Words)-1:0] addr_i,       // word address
  output logic [31:0]              rdata_o
);
  logic [31:0] mem [Words];

  initial $readmemh(File, mem);

  always_ff @(posedge clk_i) rdata_o <= mem[addr_i];
endmodule
