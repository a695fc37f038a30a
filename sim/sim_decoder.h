/* The decoder (rtl/morph_decoder.sv): the fields, immediates and access size of a fetched op,
 * and the registers it reads for the load-use rule (docs/model.md "Timing", step 1). All static
 * inline: the execute loop (sim_execute.c) decodes every op from the fetched bits, with no
 * predecoded cache, and the compiler keeps the decoded op in registers. Legality is decided where
 * the op executes (sim_execute.c), as in the RTL's core. */
#ifndef SIM_DECODER_H
#define SIM_DECODER_H
#include <stdint.h>
#include "morph_decode.h"
#include "morph_isa.h"

/* A decoded op. insn has the fuse mark (bit 1) forced to 1, so it decodes as the op it marks.
 * Fields and immediates (morph_imm_*) come from the generated morph_decode.h. */
struct sim_dec {
    uint32_t insn, opc, rd, rs1, rs2, f3, f7;
};

static inline struct sim_dec sim_decode(uint32_t raw)
{
    struct sim_dec d;
    d.insn = raw | MORPH_FUSE_BIT;
    d.opc = morph_opcode(d.insn);
    d.rd = morph_rd(d.insn);
    d.rs1 = morph_rs1(d.insn);
    d.rs2 = morph_rs2(d.insn);
    d.f3 = morph_funct3(d.insn);
    d.f7 = morph_funct7(d.insn);
    return d;
}

/* The 16-bit encoding space: bit 0 clear is illegal; bit 0 set with bit 1 clear is a fuse mark. */
static inline int sim_dec_illegal_raw(uint32_t raw) { return !(raw & 1); }
static inline int sim_dec_fuse_marked(uint32_t raw) { return (raw & 3) != 3; }

/* Access bytes of a load (base or guest) from funct3; 0 = illegal funct3. (RTL: size_o.) */
static inline unsigned sim_dec_load_size(uint32_t f3)
{
    switch (f3) {
    case 0: case 4: return 1;
    case 1: case 5: return 2;
    case 2: return 4;
    default: return 0;
    }
}
/* Access bytes of a store (base or guest) from funct3; 0 = illegal funct3. */
static inline unsigned sim_dec_store_size(uint32_t f3) { return f3 <= 2 ? 1u << f3 : 0; }

/* Sign-extend a loaded value as funct3 says (LB, LH and the guest forms). (RTL: signed_o.) */
static inline uint32_t sim_dec_load_extend(uint32_t f3, uint32_t v)
{
    if (f3 == 0) return (uint32_t)(int32_t)(int8_t)v;
    if (f3 == 1) return (uint32_t)(int32_t)(int16_t)v;
    return v;
}

/* The registers op `insn` reads, as a mask (bit r = x_r; bit 0 may be set). Decided from the
 * opcode and the fields the op names (docs/model.md: the load-use rule; RTL: reads_rs1_o /
 * reads_rs2_o). Per opcode, like the RTL, not per op: an illegal encoding stalls as its opcode
 * group does, so morph_regs_read() is no substitute here. */
static inline uint32_t sim_dec_reads(uint32_t insn)
{
    uint32_t r1 = 1u << morph_rs1(insn), r2 = 1u << morph_rs2(insn), f3 = morph_funct3(insn);
    uint32_t f7 = morph_funct7(insn);
    switch (morph_opcode(insn)) {
    case 0x67: case 0x03: case 0x13: case OPG_GLOAD:
        return r1;
    case 0x63: case 0x23: case 0x33: case OPG_GSTORE:
        return r1 | r2;
    case 0x73:
        return f3 >= 1 && f3 <= 3 ? r1 : 0;
    case OPG_XALU:
        if (f7 < 32 && (MORPH_XALU_UNARY >> f7 & 1)) return r1;
        return r1 | r2;
    case OPG_XCTL:
        if (f3 == F3_JTLBJ) return r1;
        if (f3 == F3_XMODRM) return r1 | r2;
        if (f3 != F3_COMMIT) return 0;
        switch (f7) {
        case F7_COMMIT: case F7_GTLBINV: case F7_XENTER: case F7_XEXIT: return r1;
        case F7_GTLBW: case F7_JTLBW: return r1 | r2;
        default: return 0;
        }
    default:
        return 0;
    }
}

/* Does op `insn` read register r? */
static inline int sim_dec_reads_reg(uint32_t insn, uint32_t r) { return sim_dec_reads(insn) >> r & 1; }

#endif
