/* Host disassembly: x86 through Zydis 4 (one instruction, Intel syntax, 32-bit legacy mode) and
 * I-ops (RV32IM + the extension, names from the generated tables). */
#include "sim_disasm.h"
#include <Zydis/Zydis.h>
#include <stdio.h>
#include "morph_decode.h"
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

/* ---- I-ops: names, operand layouts and fields from the generated morph_decode.h ---------- */

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

int sim_disasm_iop(uint32_t w, char *out, size_t outlen)
{
    const enum morph_iop op = morph_classify(w);
    const struct morph_iop_info *i = morph_iop_info(op);
    const char *n = i->name;
    unsigned rd = morph_rd(w), rs1 = morph_rs1(w), rs2 = morph_rs2(w);
    char tmp[16];
    if (op == MI_ILLEGAL) {
        snprintf(out, outlen, ".word 0x%08x", w);
        return -1;
    }
    switch ((enum morph_opnd)i->operands) {
    case MORPH_OPND_NONE: snprintf(out, outlen, "%s", n); break;
    case MORPH_OPND_RD_IMM: snprintf(out, outlen, "%s x%u,0x%x", n, rd, (uint32_t)morph_imm_u(w) >> 12); break;
    case MORPH_OPND_RD_OFFSET: snprintf(out, outlen, "%s x%u,.%+d", n, rd, morph_imm_j(w)); break;
    case MORPH_OPND_RD_IMM_RS1: snprintf(out, outlen, "%s x%u,%d(x%u)", n, rd, morph_imm_i(w), rs1); break;
    case MORPH_OPND_RS2_IMM_RS1: snprintf(out, outlen, "%s x%u,%d(x%u)", n, rs2, morph_imm_s(w), rs1); break;
    case MORPH_OPND_RS1_RS2_OFFSET:
        snprintf(out, outlen, "%s x%u,x%u,.%+d", n, rs1, rs2, morph_imm_b(w));
        break;
    case MORPH_OPND_RD_RS1_IMM: snprintf(out, outlen, "%s x%u,x%u,%d", n, rd, rs1, morph_imm_i(w)); break;
    case MORPH_OPND_RD_RS1_SHAMT: snprintf(out, outlen, "%s x%u,x%u,%u", n, rd, rs1, rs2); break;
    case MORPH_OPND_RD_RS1_RS2: snprintf(out, outlen, "%s x%u,x%u,x%u", n, rd, rs1, rs2); break;
    case MORPH_OPND_RD_CSR_RS1:
        snprintf(out, outlen, "%s x%u,%s,x%u", n, rd, csr_name(morph_csr(w), tmp, sizeof tmp), rs1);
        break;
    case MORPH_OPND_RD_CSR_UIMM:
        snprintf(out, outlen, "%s x%u,%s,%u", n, rd, csr_name(morph_csr(w), tmp, sizeof tmp), rs1);
        break;
    case MORPH_OPND_RD_RS1: snprintf(out, outlen, "%s x%u,x%u", n, rd, rs1); break;
    case MORPH_OPND_CC_OFFSET: snprintf(out, outlen, "%s %s,.%+d", n, cc_name(rs1), morph_imm_b(w)); break;
    case MORPH_OPND_RD_CC: snprintf(out, outlen, "%s x%u,%s", n, rd, cc_name((unsigned)morph_imm_i(w))); break;
    case MORPH_OPND_RS1: snprintf(out, outlen, "%s x%u", n, rs1); break;
    case MORPH_OPND_RS1_RS2: snprintf(out, outlen, "%s x%u,x%u", n, rs1, rs2); break;
    }
    return 0;
}
