// Timing-only models for `yosys sta` in rtl/synth.sh (read after +/xilinx/cells_sim.v with
// -lib -specify). Yosys 0.23's xc7 library has no usable arcs for these cells: the flip-flops'
// clock-to-Q arcs are conditional (sta ignores them) and the 128/256-deep LUT-RAMs have none.
// Delays in ps, from the same prjxray Artix-7 tables cells_sim.v cites: clock-to-Q 303, CE
// setup 109, CLR/PRE 404; a 256-deep LUT-RAM read is a RAM64 read (LUT, 642 worst input) then
// MUXF7 (217) and MUXF8 (104), the 128-deep one LUT then MUXF7.
(* blackbox *)
module FDRE (output Q, input C, input CE, input R, input D);
  parameter [0:0] INIT = 1'b0;
  parameter [0:0] IS_C_INVERTED = 1'b0;
  parameter [0:0] IS_D_INVERTED = 1'b0;
  parameter [0:0] IS_R_INVERTED = 1'b0;
  specify
    (posedge C => (Q : D)) = 303;
    $setup(D, posedge C, 0);
    $setup(CE, posedge C, 109);
    $setup(R, posedge C, 404);
  endspecify
endmodule

(* blackbox *)
module FDSE (output Q, input C, input CE, input S, input D);
  parameter [0:0] INIT = 1'b0;
  parameter [0:0] IS_C_INVERTED = 1'b0;
  parameter [0:0] IS_D_INVERTED = 1'b0;
  parameter [0:0] IS_S_INVERTED = 1'b0;
  specify
    (posedge C => (Q : D)) = 303;
    $setup(D, posedge C, 0);
    $setup(CE, posedge C, 109);
    $setup(S, posedge C, 404);
  endspecify
endmodule

(* blackbox *)
module FDCE (output Q, input C, input CE, input CLR, input D);
  parameter [0:0] INIT = 1'b0;
  parameter [0:0] IS_C_INVERTED = 1'b0;
  parameter [0:0] IS_D_INVERTED = 1'b0;
  parameter [0:0] IS_CLR_INVERTED = 1'b0;
  specify
    (posedge C => (Q : D)) = 303;
    $setup(D, posedge C, 0);
    $setup(CE, posedge C, 109);
  endspecify
endmodule

(* blackbox *)
module FDPE (output Q, input C, input CE, input PRE, input D);
  parameter [0:0] INIT = 1'b0;
  parameter [0:0] IS_C_INVERTED = 1'b0;
  parameter [0:0] IS_D_INVERTED = 1'b0;
  parameter [0:0] IS_PRE_INVERTED = 1'b0;
  specify
    (posedge C => (Q : D)) = 303;
    $setup(D, posedge C, 0);
    $setup(CE, posedge C, 109);
  endspecify
endmodule

(* blackbox *)
module RAM256X1S (output O, input D, input WCLK, input WE, input [7:0] A);
  parameter [255:0] INIT = 256'h0;
  parameter [0:0] IS_WCLK_INVERTED = 1'b0;
  specify
    (A[0] => O) = 963; (A[1] => O) = 953; (A[2] => O) = 793; (A[3] => O) = 728;
    (A[4] => O) = 559; (A[5] => O) = 448; (A[6] => O) = 400; (A[7] => O) = 273;
    (posedge WCLK => (O : D)) = 1474;
    $setup(D, posedge WCLK, 453);
    $setup(WE, posedge WCLK, 654);
    $setup(A, posedge WCLK, 362);
  endspecify
endmodule

(* blackbox *)
module RAM128X1S (output O, input D, input WCLK, input WE, input A0, input A1, input A2,
                  input A3, input A4, input A5, input A6);
  parameter [127:0] INIT = 128'h0;
  parameter [0:0] IS_WCLK_INVERTED = 1'b0;
  specify
    (A0 => O) = 859; (A1 => O) = 849; (A2 => O) = 689; (A3 => O) = 624;
    (A4 => O) = 455; (A5 => O) = 344; (A6 => O) = 296;
    (posedge WCLK => (O : D)) = 1370;
    $setup(D, posedge WCLK, 453);
    $setup(WE, posedge WCLK, 654);
    $setup(A0, posedge WCLK, 362);
  endspecify
endmodule
