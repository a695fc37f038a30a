/* Encoders for the I-ISA ops the translator's encoder (xl_encode.c) writes: RV32IM base ops and morph's
 * extension (guest loads/stores, x-ALU, xbcc/xsetcc, commit, jtlbj, xexit). Every op is
 * written with bits [1:0] = 11 (no fuse mark: the fusion pass sets marks later).
 * Field layouts follow the RISC-V unprivileged spec; extension opcodes/functs come from the
 * generated morph_isa.h (isa/morph-ext.tbl is the single source). */
#ifndef XL_EMIT_H
#define XL_EMIT_H
#include <stdint.h>
#include "morph_isa.h"
#include "morph/bpred.def"

/* I-ISA registers the translator uses (docs/translator.md). */
enum {
    XR_ZERO = 0,
    XR_T0 = 5, XR_T1 = 6, XR_T2 = 7,          /* temporaries */
    XR_A0 = 10, XR_A1, XR_A2, XR_A3, XR_A4, XR_A5, XR_A6, XR_A7,
    XR_EAX = ISA_SHADOW_FIRST,                 /* x18..x25: EAX ECX EDX EBX ESP EBP ESI EDI */
    XR_SCOUNT = 4,                             /* counts x86 instructions executed in superblocks
                                                  (tp: the firmware has no thread pointer, and the
                                                  trap entry saves it in the frame) */
    XR_GSBASE = 26,                            /* GS segment base, loaded at entry */
    XR_T3 = 28, XR_T4 = 29,
    XR_CHAINS = 30,                            /* counts chained exits taken */
    XR_XCOUNT = 31,                            /* counts x86 instructions executed */
};
static inline unsigned xr_guest(unsigned r) { return XR_EAX + r; }

static inline uint32_t xe_r(uint32_t f7, unsigned rs2, unsigned rs1, uint32_t f3, unsigned rd, uint32_t opc)
{
    return (f7 << 25) | ((uint32_t)rs2 << 20) | ((uint32_t)rs1 << 15) | (f3 << 12) | ((uint32_t)rd << 7) | opc;
}
static inline uint32_t xe_i(int32_t imm, unsigned rs1, uint32_t f3, unsigned rd, uint32_t opc)
{
    return ((uint32_t)imm << 20) | ((uint32_t)rs1 << 15) | (f3 << 12) | ((uint32_t)rd << 7) | opc;
}
static inline uint32_t xe_s(int32_t imm, unsigned rs2, unsigned rs1, uint32_t f3, uint32_t opc)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 5 & 0x7f) << 25) | ((uint32_t)rs2 << 20) | ((uint32_t)rs1 << 15) | (f3 << 12) |
           ((u & 0x1f) << 7) | opc;
}
static inline uint32_t xe_b(int32_t off, unsigned rs2, unsigned rs1, uint32_t f3, uint32_t opc)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 12 & 1) << 31) | ((u >> 5 & 0x3f) << 25) | ((uint32_t)rs2 << 20) |
           ((uint32_t)rs1 << 15) | (f3 << 12) | ((u >> 1 & 0xf) << 8) | ((u >> 11 & 1) << 7) | opc;
}
static inline uint32_t xe_j(int32_t off, unsigned rd)
{
    uint32_t u = (uint32_t)off;
    return ((u >> 20 & 1) << 31) | ((u >> 1 & 0x3ff) << 21) | ((u >> 11 & 1) << 20) |
           ((u >> 12 & 0xff) << 12) | ((uint32_t)rd << 7) | 0x6f;
}
static inline int xe_fits12(int32_t v) { return v >= -2048 && v <= 2047; }

/* Base ops. */
#define XE_OP_IMM 0x13
#define XE_OP 0x33
static inline uint32_t xe_addi(unsigned rd, unsigned rs, int32_t imm) { return xe_i(imm, rs, 0, rd, XE_OP_IMM); }
static inline uint32_t xe_xori(unsigned rd, unsigned rs, int32_t imm) { return xe_i(imm, rs, 4, rd, XE_OP_IMM); }
static inline uint32_t xe_sltiu(unsigned rd, unsigned rs, int32_t imm) { return xe_i(imm, rs, 3, rd, XE_OP_IMM); }
static inline uint32_t xe_ori(unsigned rd, unsigned rs, int32_t imm) { return xe_i(imm, rs, 6, rd, XE_OP_IMM); }
static inline uint32_t xe_andi(unsigned rd, unsigned rs, int32_t imm) { return xe_i(imm, rs, 7, rd, XE_OP_IMM); }
static inline uint32_t xe_slli(unsigned rd, unsigned rs, unsigned sh) { return xe_i((int32_t)sh, rs, 1, rd, XE_OP_IMM); }
static inline uint32_t xe_srli(unsigned rd, unsigned rs, unsigned sh) { return xe_i((int32_t)sh, rs, 5, rd, XE_OP_IMM); }
static inline uint32_t xe_srai(unsigned rd, unsigned rs, unsigned sh) { return xe_i((int32_t)(sh | 0x400), rs, 5, rd, XE_OP_IMM); }
static inline uint32_t xe_add(unsigned rd, unsigned a, unsigned b) { return xe_r(0, b, a, 0, rd, XE_OP); }
static inline uint32_t xe_sub(unsigned rd, unsigned a, unsigned b) { return xe_r(0x20, b, a, 0, rd, XE_OP); }
static inline uint32_t xe_sll(unsigned rd, unsigned a, unsigned b) { return xe_r(0, b, a, 1, rd, XE_OP); }
static inline uint32_t xe_xor(unsigned rd, unsigned a, unsigned b) { return xe_r(0, b, a, 4, rd, XE_OP); }
static inline uint32_t xe_sltu(unsigned rd, unsigned a, unsigned b) { return xe_r(0, b, a, 3, rd, XE_OP); }
static inline uint32_t xe_srl(unsigned rd, unsigned a, unsigned b) { return xe_r(0, b, a, 5, rd, XE_OP); }
static inline uint32_t xe_sra(unsigned rd, unsigned a, unsigned b) { return xe_r(0x20, b, a, 5, rd, XE_OP); }
static inline uint32_t xe_or(unsigned rd, unsigned a, unsigned b) { return xe_r(0, b, a, 6, rd, XE_OP); }
static inline uint32_t xe_and(unsigned rd, unsigned a, unsigned b) { return xe_r(0, b, a, 7, rd, XE_OP); }
static inline uint32_t xe_mul(unsigned rd, unsigned a, unsigned b) { return xe_r(1, b, a, 0, rd, XE_OP); }
static inline uint32_t xe_mulh(unsigned rd, unsigned a, unsigned b) { return xe_r(1, b, a, 1, rd, XE_OP); }
static inline uint32_t xe_mulhu(unsigned rd, unsigned a, unsigned b) { return xe_r(1, b, a, 3, rd, XE_OP); }
static inline uint32_t xe_div(unsigned rd, unsigned a, unsigned b) { return xe_r(1, b, a, 4, rd, XE_OP); }
static inline uint32_t xe_rem(unsigned rd, unsigned a, unsigned b) { return xe_r(1, b, a, 6, rd, XE_OP); }
static inline uint32_t xe_divu(unsigned rd, unsigned a, unsigned b) { return xe_r(1, b, a, 5, rd, XE_OP); }
static inline uint32_t xe_remu(unsigned rd, unsigned a, unsigned b) { return xe_r(1, b, a, 7, rd, XE_OP); }
static inline uint32_t xe_lui(unsigned rd, uint32_t hi20) { return (hi20 << 12) | ((uint32_t)rd << 7) | 0x37; }
static inline uint32_t xe_auipc(unsigned rd, uint32_t hi20) { return (hi20 << 12) | ((uint32_t)rd << 7) | 0x17; }
static inline uint32_t xe_jal(unsigned rd, int32_t off) { return xe_j(off, rd); }
static inline uint32_t xe_jalr(unsigned rd, unsigned rs, int32_t imm) { return xe_i(imm, rs, 0, rd, 0x67); }
static inline uint32_t xe_beq(unsigned a, unsigned b, int32_t off) { return xe_b(off, b, a, 0, 0x63); }
static inline uint32_t xe_bne(unsigned a, unsigned b, int32_t off) { return xe_b(off, b, a, 1, 0x63); }
static inline uint32_t xe_bltu(unsigned a, unsigned b, int32_t off) { return xe_b(off, b, a, 6, 0x63); }
static inline uint32_t xe_bgeu(unsigned a, unsigned b, int32_t off) { return xe_b(off, b, a, 7, 0x63); }
static inline uint32_t xe_csrrs(unsigned rd, unsigned csr, unsigned rs) { return xe_i((int32_t)csr, rs, 2, rd, 0x73); }
static inline uint32_t xe_csrrc(unsigned rd, unsigned csr, unsigned rs) { return xe_i((int32_t)csr, rs, 3, rd, 0x73); }
static inline uint32_t xe_csrrw(unsigned rd, unsigned csr, unsigned rs) { return xe_i((int32_t)csr, rs, 1, rd, 0x73); }
static inline uint32_t xe_csrrsi(unsigned rd, unsigned csr, unsigned uimm) { return xe_i((int32_t)csr, uimm, 6, rd, 0x73); }
static inline uint32_t xe_csrrci(unsigned rd, unsigned csr, unsigned uimm) { return xe_i((int32_t)csr, uimm, 7, rd, 0x73); }

/* morph extension. sz: 0/1/2 = 8/16/32-bit; op: x-ALU funct7 (enum sim_xalu_op values). */
static inline uint32_t xe_xalu(unsigned op, unsigned sz, unsigned rd, unsigned a, unsigned b)
{
    return xe_r(op, b, a, sz, rd, OPC_XADD_W);
}
/* Guest load: f3 as LOAD (0 b, 1 h, 2 w, 4 bu, 5 hu). Guest store: 0 b, 1 h, 2 w. */
static inline uint32_t xe_gload(unsigned f3, unsigned rd, unsigned rs, int32_t imm) { return xe_i(imm, rs, f3, rd, OPC_GLW); }
static inline uint32_t xe_gstore(unsigned f3, unsigned val, unsigned rs, int32_t imm) { return xe_s(imm, val, rs, f3, OPC_GSW); }
static inline uint32_t xe_xbcc(unsigned cc, int32_t off) { return xe_b(off, 0, cc & 15, F3_XBCC, OPC_XBCC); }
static inline uint32_t xe_xsetcc(unsigned rd, unsigned cc) { return xe_i((int32_t)(cc & 15), 0, F3_XSETCC, rd, OPC_XSETCC); }
static inline uint32_t xe_jtlbj(unsigned rs) { return xe_i(0, rs, F3_JTLBJ, 0, OPC_JTLBJ); }
static inline uint32_t xe_commit(unsigned rs) { return xe_r(F7_COMMIT, 0, rs, F3_COMMIT, 0, OPC_COMMIT); }
/* Prediction hints (include/morph/bpred.def; docs/isa.md section 9): the translation of an x86
 * RET's jump; a commit that also pushes x86 return EIP x[ret] on the dual-address return stack;
 * the same push where there is no commit (a call inside a superblock). */
static inline uint32_t xe_jtlbj_ret(unsigned rs) { return xe_i(MORPH_HINT_JTLBJ_RET, rs, F3_JTLBJ, 0, OPC_JTLBJ); }
static inline uint32_t xe_commit_call(unsigned rs, unsigned ret) { return xe_r(F7_COMMIT, ret, rs, F3_COMMIT, 0, OPC_COMMIT); }
static inline uint32_t xe_xcall_hint(unsigned ret) { return xe_i(MORPH_HINT_XCALL_IMM, ret, 2, 0, XE_OP_IMM); }
static inline uint32_t xe_xexit(unsigned rs) { return xe_r(F7_XEXIT, 0, rs, F3_XEXIT, 0, OPC_XEXIT); }

#endif
