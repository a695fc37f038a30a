/* Host disassembly: x86 through Zydis 4 (one instruction, Intel syntax, 32-bit legacy mode) and
 * I-ops (RV32IM + the extension, names from the generated tables). */
#include "sim_disasm.h"
#include <Zydis/Zydis.h>
#include <stdio.h>
#include <string.h>
#include "morph_isa.h"

int sim_disasm_x86(const uint8_t *bytes, unsigned len, uint32_t eip, char *out, size_t outlen)
{
    ZydisDisassembledInstruction insn;
    if (!ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LEGACY_32, eip, bytes, len, &insn)))
        return -1;
    snprintf(out, outlen, "%s", insn.text);
    return 0;
}

const char *sim_disasm_mnemonic(unsigned id)
{
    const char *s = id <= ZYDIS_MNEMONIC_MAX_VALUE ? ZydisMnemonicGetString((ZydisMnemonic)id) : NULL;
    return s ? s : "?";
}

/* ---- I-ops --------------------------------------------------------------------------------- */

static int32_t imm_i(uint32_t w) { return (int32_t)w >> 20; }
static int32_t imm_s(uint32_t w) { return ((int32_t)w >> 25) * 32 + (int32_t)((w >> 7) & 31); }
static int32_t imm_b(uint32_t w)
{
    return (((int32_t)w >> 31) * 4096) | (int32_t)(((w >> 7) & 1) << 11) |
           (int32_t)(((w >> 25) & 63) << 5) | (int32_t)(((w >> 8) & 15) << 1);
}
static int32_t imm_j(uint32_t w)
{
    return (((int32_t)w >> 31) * (1 << 20)) | (int32_t)(w & 0xff000u) |
           (int32_t)(((w >> 20) & 1) << 11) | (int32_t)(((w >> 21) & 0x3ff) << 1);
}

static const char *cc_name(unsigned cc)
{
    static const char *const names[16] = {
#define X(N, v, s) [v] = s,
        MORPH_XCCS(X)
#undef X
    };
    return names[cc & 15] ? names[cc & 15] : "?";
}

static const char *csr_name(unsigned csr, char *tmp, size_t n)
{
#define X(N, v, s) if (csr == (v)) return s;
    MORPH_CSRS(X)
#undef X
    snprintf(tmp, n, "0x%x", csr);
    return tmp;
}

static int disasm_ext(uint32_t w, char *out, size_t outlen)
{
    static const struct morph_ext_desc tab[] = MORPH_EXT_TABLE;
    unsigned rd = (w >> 7) & 31, rs1 = (w >> 15) & 31, rs2 = (w >> 20) & 31;
    for (unsigned i = 1; i < sizeof tab / sizeof tab[0]; i++) {
        const struct morph_ext_desc *d = &tab[i];
        if ((w & d->mask) != d->match) continue;
        const char *o = d->operands;
        if (!strcmp(o, "rd,imm(rs1)")) snprintf(out, outlen, "%s x%u,%d(x%u)", d->name, rd, imm_i(w), rs1);
        else if (!strcmp(o, "rs2,imm(rs1)")) snprintf(out, outlen, "%s x%u,%d(x%u)", d->name, rs2, imm_s(w), rs1);
        else if (!strcmp(o, "rd,rs1,rs2")) snprintf(out, outlen, "%s x%u,x%u,x%u", d->name, rd, rs1, rs2);
        else if (!strcmp(o, "rd,rs1")) snprintf(out, outlen, "%s x%u,x%u", d->name, rd, rs1);
        else if (!strcmp(o, "cc,offset")) snprintf(out, outlen, "%s %s,.%+d", d->name, cc_name(rs1), imm_b(w));
        else if (!strcmp(o, "rd,cc")) snprintf(out, outlen, "%s x%u,%s", d->name, rd, cc_name((unsigned)imm_i(w)));
        else if (!strcmp(o, "rs1")) snprintf(out, outlen, "%s x%u", d->name, rs1);
        else if (!strcmp(o, "rs1,rs2")) snprintf(out, outlen, "%s x%u,x%u", d->name, rs1, rs2);
        else snprintf(out, outlen, "%s", d->name);
        return 0;
    }
    return -1;
}

int sim_disasm_iop(uint32_t w, char *out, size_t outlen)
{
    unsigned opc = w & 0x7f, rd = (w >> 7) & 31, f3 = (w >> 12) & 7, rs1 = (w >> 15) & 31;
    unsigned rs2 = (w >> 20) & 31, f7 = w >> 25;
    char tmp[16];
    switch (opc) {
    case 0x37: snprintf(out, outlen, "lui x%u,0x%x", rd, w >> 12); return 0;
    case 0x17: snprintf(out, outlen, "auipc x%u,0x%x", rd, w >> 12); return 0;
    case 0x6f: snprintf(out, outlen, "jal x%u,.%+d", rd, imm_j(w)); return 0;
    case 0x67:
        if (f3) break;
        snprintf(out, outlen, "jalr x%u,%d(x%u)", rd, imm_i(w), rs1);
        return 0;
    case 0x63: {
        static const char *const n[8] = {"beq", "bne", 0, 0, "blt", "bge", "bltu", "bgeu"};
        if (!n[f3]) break;
        snprintf(out, outlen, "%s x%u,x%u,.%+d", n[f3], rs1, rs2, imm_b(w));
        return 0;
    }
    case 0x03: {
        static const char *const n[8] = {"lb", "lh", "lw", 0, "lbu", "lhu", 0, 0};
        if (!n[f3]) break;
        snprintf(out, outlen, "%s x%u,%d(x%u)", n[f3], rd, imm_i(w), rs1);
        return 0;
    }
    case 0x23: {
        static const char *const n[8] = {"sb", "sh", "sw", 0, 0, 0, 0, 0};
        if (!n[f3]) break;
        snprintf(out, outlen, "%s x%u,%d(x%u)", n[f3], rs2, imm_s(w), rs1);
        return 0;
    }
    case 0x13: {
        static const char *const n[8] = {"addi", "slli", "slti", "sltiu", "xori", "srli", "ori", "andi"};
        if (f3 == 1 || f3 == 5) {
            const char *m = f3 == 1 ? (f7 == 0 ? "slli" : 0) : f7 == 0 ? "srli" : f7 == 0x20 ? "srai" : 0;
            if (!m) break;
            snprintf(out, outlen, "%s x%u,x%u,%u", m, rd, rs1, rs2);
        } else {
            snprintf(out, outlen, "%s x%u,x%u,%d", n[f3], rd, rs1, imm_i(w));
        }
        return 0;
    }
    case 0x33: {
        static const char *const b[8] = {"add", "sll", "slt", "sltu", "xor", "srl", "or", "and"};
        static const char *const m[8] = {"mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"};
        const char *s = f7 == 0 ? b[f3] : f7 == 1 ? m[f3] : f7 == 0x20 && f3 == 0 ? "sub"
                      : f7 == 0x20 && f3 == 5 ? "sra" : 0;
        if (!s) break;
        snprintf(out, outlen, "%s x%u,x%u,x%u", s, rd, rs1, rs2);
        return 0;
    }
    case 0x0f: snprintf(out, outlen, "fence"); return 0;
    case 0x73: {
        static const char *const n[8] = {0, "csrrw", "csrrs", "csrrc", 0, "csrrwi", "csrrsi", "csrrci"};
        if (f3 == 0) {
            if (w == 0x00000073u) { snprintf(out, outlen, "ecall"); return 0; }
            if (w == 0x00100073u) { snprintf(out, outlen, "ebreak"); return 0; }
            if (w == 0x30200073u) { snprintf(out, outlen, "mret"); return 0; }
            break;
        }
        if (!n[f3]) break;
        const char *csr = csr_name(w >> 20, tmp, sizeof tmp);
        if (f3 & 4) snprintf(out, outlen, "%s x%u,%s,%u", n[f3], rd, csr, rs1);
        else snprintf(out, outlen, "%s x%u,%s,x%u", n[f3], rd, csr, rs1);
        return 0;
    }
    default:
        if (disasm_ext(w, out, outlen) == 0) return 0;
        break;
    }
    snprintf(out, outlen, ".word 0x%08x", w);
    return -1;
}
