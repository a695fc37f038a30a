/* Zydis -> struct xl_insn. Only this file includes Zydis; the rest of morph sees xl_decode.h. */
#define XL_OPS_DEFINE_TABLE /* the facts table lives here */
#include "xl_decode.h"

#include <Zydis/Decoder.h>
#include <Zydis/Utils.h>

uint32_t xl_mnemonic_seen[XL_MNEMONIC_WORDS];
_Static_assert(ZYDIS_MNEMONIC_MAX_VALUE < XL_MNEMONIC_WORDS * 32, "mnemonic bitmap too small");

static const char *const xl_names[XL_OP_COUNT] = {
#define XL_NAME_(n, ...) #n,
    XL_OPS(XL_NAME_)
#undef XL_NAME_
};

const char *xl_op_name(unsigned op) { return op < XL_OP_COUNT ? xl_names[op] : "?"; }

/* GPR number (x86 encoding order) of a Zydis 8/16/32-bit register; -1 for anything else. */
static int gpr_num(ZydisRegister r)
{
    if (r >= ZYDIS_REGISTER_AL && r <= ZYDIS_REGISTER_BH) return (int)(r - ZYDIS_REGISTER_AL);
    if (r >= ZYDIS_REGISTER_AX && r <= ZYDIS_REGISTER_DI) return (int)(r - ZYDIS_REGISTER_AX);
    if (r >= ZYDIS_REGISTER_EAX && r <= ZYDIS_REGISTER_EDI) return (int)(r - ZYDIS_REGISTER_EAX);
    return -1;
}

static int seg_num(ZydisRegister r)
{
    if (r >= ZYDIS_REGISTER_ES && r <= ZYDIS_REGISTER_GS) return (int)(r - ZYDIS_REGISTER_ES);
    return -1;
}

/* Converts one Zydis operand; returns 0 on success, -1 for operand kinds morph does not handle
 * (x87/MMX/SSE/control registers, far pointers ...), which makes the instruction unsupported. */
static int conv_operand(const ZydisDecodedInstruction *zi, const ZydisDecodedOperand *zo,
                        uint32_t eip, struct xl_insn *x, struct xl_operand *o)
{
    o->size = (uint8_t)(zo->size / 8);
    o->reg = o->index = XL_NOREG;
    switch (zo->type) {
    case ZYDIS_OPERAND_TYPE_REGISTER: {
        int n = gpr_num(zo->reg.value);
        if (n >= 0) {
            o->kind = XL_OPK_REG;
            o->reg = (uint8_t)n;
            return 0;
        }
        n = seg_num(zo->reg.value);
        if (n >= 0) {
            o->kind = XL_OPK_SREG;
            o->reg = (uint8_t)n;
            o->size = 2;
            return 0;
        }
        return -1;
    }
    case ZYDIS_OPERAND_TYPE_MEMORY: {
        if (zo->mem.type != ZYDIS_MEMOP_TYPE_MEM && zo->mem.type != ZYDIS_MEMOP_TYPE_AGEN) return -1;
        o->kind = XL_OPK_MEM;
        if (zi->address_width == 16) o->flags = XL_MEMF_A16;
        if (zo->mem.base != ZYDIS_REGISTER_NONE) {
            int b = gpr_num(zo->mem.base);
            if (b < 0 || zo->mem.base < ZYDIS_REGISTER_AX) return -1;
            o->reg = (uint8_t)b;
        }
        if (zo->mem.index != ZYDIS_REGISTER_NONE) {
            int i = gpr_num(zo->mem.index);
            if (i < 0 || zo->mem.index < ZYDIS_REGISTER_AX) return -1;
            o->index = (uint8_t)i;
            o->scale = (uint8_t)(zo->mem.scale == 8 ? 3 : zo->mem.scale == 4 ? 2 : zo->mem.scale == 2 ? 1 : 0);
        }
        int s = seg_num(zo->mem.segment);
        o->seg = (uint8_t)(s < 0 ? 3 /* DS */ : s);
        o->val = zo->mem.disp.has_displacement ? (int32_t)zo->mem.disp.value : 0;
        return 0;
    }
    case ZYDIS_OPERAND_TYPE_POINTER: /* far JMP/CALL ptr16:16/32: the selector, the offset in target */
        o->kind = XL_OPK_IMM;
        o->size = 2;
        o->val = zo->ptr.segment;
        x->target = zo->ptr.offset;
        return 0;
    case ZYDIS_OPERAND_TYPE_IMMEDIATE:
        o->kind = XL_OPK_IMM;
        o->val = (int32_t)(uint32_t)zo->imm.value.u;
        if (zo->imm.is_relative) {
            ZyanU64 t;
            if (ZYAN_FAILED(ZydisCalcAbsoluteAddress(zi, zo, eip, &t))) return -1;
            x->target = (uint32_t)t;
        }
        return 0;
    default:
        return -1;
    }
}

/* Maps a legacy-encoded Zydis instruction to an op id (XL_UNSUPPORTED when morph has none). */
static unsigned map_op(const ZydisDecodedInstruction *zi, struct xl_insn *x)
{
    int map0 = zi->opcode_map == ZYDIS_OPCODE_MAP_DEFAULT;
    switch (zi->mnemonic) {
    case ZYDIS_MNEMONIC_ADD: return XL_ADD;
    case ZYDIS_MNEMONIC_OR: return XL_OR;
    case ZYDIS_MNEMONIC_ADC: return XL_ADC;
    case ZYDIS_MNEMONIC_SBB: return XL_SBB;
    case ZYDIS_MNEMONIC_AND: return XL_AND;
    case ZYDIS_MNEMONIC_SUB: return XL_SUB;
    case ZYDIS_MNEMONIC_XOR: return XL_XOR;
    case ZYDIS_MNEMONIC_CMP: return XL_CMP;
    case ZYDIS_MNEMONIC_ROL: return XL_ROL;
    case ZYDIS_MNEMONIC_ROR: return XL_ROR;
    case ZYDIS_MNEMONIC_RCL: return XL_RCL;
    case ZYDIS_MNEMONIC_RCR: return XL_RCR;
    case ZYDIS_MNEMONIC_SHL: return XL_SHL;
    case ZYDIS_MNEMONIC_SHR: return XL_SHR;
    case ZYDIS_MNEMONIC_SAR: return XL_SAR;
    case ZYDIS_MNEMONIC_TEST: return XL_TEST;
    case ZYDIS_MNEMONIC_INC: return XL_INC;
    case ZYDIS_MNEMONIC_DEC: return XL_DEC;
    case ZYDIS_MNEMONIC_NEG: return XL_NEG;
    case ZYDIS_MNEMONIC_NOT: return XL_NOT;
    case ZYDIS_MNEMONIC_MUL: return XL_MUL;
    case ZYDIS_MNEMONIC_IMUL: return zi->operand_count_visible == 1 ? XL_IMUL1 : XL_IMUL;
    case ZYDIS_MNEMONIC_DIV: return XL_DIV;
    case ZYDIS_MNEMONIC_IDIV: return XL_IDIV;
    case ZYDIS_MNEMONIC_MOV: return XL_MOV;
    case ZYDIS_MNEMONIC_MOVZX: return XL_MOVZX;
    case ZYDIS_MNEMONIC_MOVSX: return XL_MOVSX;
    case ZYDIS_MNEMONIC_LEA: return XL_LEA;
    case ZYDIS_MNEMONIC_XCHG: return XL_XCHG;
    case ZYDIS_MNEMONIC_XADD: return XL_XADD;
    case ZYDIS_MNEMONIC_CMPXCHG: return XL_CMPXCHG;
    case ZYDIS_MNEMONIC_CMPXCHG8B: return XL_CMPXCHG8B;
    case ZYDIS_MNEMONIC_BSWAP: return XL_BSWAP;
    case ZYDIS_MNEMONIC_PUSH: return XL_PUSH;
    case ZYDIS_MNEMONIC_POP: return XL_POP;
    case ZYDIS_MNEMONIC_PUSHAD: case ZYDIS_MNEMONIC_PUSHA: return XL_PUSHA;
    case ZYDIS_MNEMONIC_POPAD: case ZYDIS_MNEMONIC_POPA: return XL_POPA;
    case ZYDIS_MNEMONIC_PUSHFD: case ZYDIS_MNEMONIC_PUSHF: return XL_PUSHF;
    case ZYDIS_MNEMONIC_POPFD: case ZYDIS_MNEMONIC_POPF: return XL_POPF;
    case ZYDIS_MNEMONIC_LAHF: return XL_LAHF;
    case ZYDIS_MNEMONIC_SAHF: return XL_SAHF;
    case ZYDIS_MNEMONIC_SHLD: return XL_SHLD;
    case ZYDIS_MNEMONIC_SHRD: return XL_SHRD;
    case ZYDIS_MNEMONIC_BT: return XL_BT;
    case ZYDIS_MNEMONIC_BTS: return XL_BTS;
    case ZYDIS_MNEMONIC_BTR: return XL_BTR;
    case ZYDIS_MNEMONIC_BTC: return XL_BTC;
    /* F3 0F BC/BD: morph reports BMI1 and LZCNT in CPUID, so they are TZCNT/LZCNT, not the
     * BSF/BSR that an older CPU makes of them */
    case ZYDIS_MNEMONIC_BSF: return XL_BSF;
    case ZYDIS_MNEMONIC_BSR: return XL_BSR;
    case ZYDIS_MNEMONIC_TZCNT: return XL_TZCNT;
    case ZYDIS_MNEMONIC_LZCNT: return XL_LZCNT;
    case ZYDIS_MNEMONIC_POPCNT: return XL_POPCNT;
    case ZYDIS_MNEMONIC_MOVBE: return XL_MOVBE;
    case ZYDIS_MNEMONIC_DAA: return XL_DAA;
    case ZYDIS_MNEMONIC_DAS: return XL_DAS;
    case ZYDIS_MNEMONIC_AAA: return XL_AAA;
    case ZYDIS_MNEMONIC_AAS: return XL_AAS;
    case ZYDIS_MNEMONIC_AAM: return XL_AAM;
    case ZYDIS_MNEMONIC_AAD: return XL_AAD;
    case ZYDIS_MNEMONIC_SALC: return XL_SALC;
    case ZYDIS_MNEMONIC_ADCX: return XL_ADCX;
    case ZYDIS_MNEMONIC_ADOX: return XL_ADOX;
    case ZYDIS_MNEMONIC_JMP:
        if (zi->meta.branch_type == ZYDIS_BRANCH_TYPE_FAR) return XL_JMPF;
        return zi->raw.imm[0].is_relative ? XL_JMP : XL_JMP_IND;
    case ZYDIS_MNEMONIC_CALL:
        if (zi->meta.branch_type == ZYDIS_BRANCH_TYPE_FAR) return XL_CALLF;
        return zi->raw.imm[0].is_relative ? XL_CALL : XL_CALL_IND;
    case ZYDIS_MNEMONIC_RET:
        return zi->meta.branch_type == ZYDIS_BRANCH_TYPE_FAR ? XL_RETF : XL_RET;
    case ZYDIS_MNEMONIC_IRET: case ZYDIS_MNEMONIC_IRETD: return XL_IRET;
    case ZYDIS_MNEMONIC_LAR: return XL_LAR;
    case ZYDIS_MNEMONIC_LSL: return XL_LSL;
    case ZYDIS_MNEMONIC_VERR: return XL_VERR;
    case ZYDIS_MNEMONIC_VERW: return XL_VERW;
    case ZYDIS_MNEMONIC_ARPL: return XL_ARPL;
    case ZYDIS_MNEMONIC_BOUND: return XL_BOUND;
    /* at CPL 3 with IOPL 0 and no I/O bitmap, as a Linux process runs: #GP */
    case ZYDIS_MNEMONIC_IN: case ZYDIS_MNEMONIC_OUT: case ZYDIS_MNEMONIC_INSB: case ZYDIS_MNEMONIC_INSW:
    case ZYDIS_MNEMONIC_INSD: case ZYDIS_MNEMONIC_OUTSB: case ZYDIS_MNEMONIC_OUTSW: case ZYDIS_MNEMONIC_OUTSD:
    case ZYDIS_MNEMONIC_CLI: case ZYDIS_MNEMONIC_STI: case ZYDIS_MNEMONIC_LGDT: case ZYDIS_MNEMONIC_LIDT:
    case ZYDIS_MNEMONIC_LLDT: case ZYDIS_MNEMONIC_LTR: case ZYDIS_MNEMONIC_LMSW: case ZYDIS_MNEMONIC_CLTS:
    case ZYDIS_MNEMONIC_INVD: case ZYDIS_MNEMONIC_WBINVD: case ZYDIS_MNEMONIC_INVLPG: case ZYDIS_MNEMONIC_RDMSR:
    case ZYDIS_MNEMONIC_WRMSR: case ZYDIS_MNEMONIC_RDPMC:
        return XL_PRIV;
    case ZYDIS_MNEMONIC_LES: x->cc = 0; return XL_LSEG; /* enum cms_seg: ES CS SS DS FS GS */
    case ZYDIS_MNEMONIC_LSS: x->cc = 2; return XL_LSEG;
    case ZYDIS_MNEMONIC_LDS: x->cc = 3; return XL_LSEG;
    case ZYDIS_MNEMONIC_LFS: x->cc = 4; return XL_LSEG;
    case ZYDIS_MNEMONIC_LGS: x->cc = 5; return XL_LSEG;
    case ZYDIS_MNEMONIC_SGDT: return XL_SGDT;
    case ZYDIS_MNEMONIC_SIDT: return XL_SIDT;
    case ZYDIS_MNEMONIC_SLDT: return XL_SLDT;
    case ZYDIS_MNEMONIC_STR: return XL_STR;
    case ZYDIS_MNEMONIC_SMSW: return XL_SMSW;
    case ZYDIS_MNEMONIC_LOOP: return XL_LOOP;
    case ZYDIS_MNEMONIC_LOOPE: return XL_LOOPE;
    case ZYDIS_MNEMONIC_LOOPNE: return XL_LOOPNE;
    case ZYDIS_MNEMONIC_JECXZ: case ZYDIS_MNEMONIC_JCXZ: return XL_JECXZ; /* JCXZ: XL_PFX_ADSIZE */
    case ZYDIS_MNEMONIC_CBW: return XL_CBW;
    case ZYDIS_MNEMONIC_CWDE: return XL_CWDE;
    case ZYDIS_MNEMONIC_CWD: return XL_CWD;
    case ZYDIS_MNEMONIC_CDQ: return XL_CDQ;
    case ZYDIS_MNEMONIC_ENTER: return XL_ENTER;
    case ZYDIS_MNEMONIC_LEAVE: return XL_LEAVE;
    case ZYDIS_MNEMONIC_XLAT: return XL_XLAT;
    /* String ops; MOVSD/CMPSD also name SSE2 instructions in the 0F map. */
    case ZYDIS_MNEMONIC_MOVSB: case ZYDIS_MNEMONIC_MOVSW: case ZYDIS_MNEMONIC_MOVSD:
        return map0 ? XL_MOVS : XL_UNSUPPORTED;
    case ZYDIS_MNEMONIC_STOSB: case ZYDIS_MNEMONIC_STOSW: case ZYDIS_MNEMONIC_STOSD: return XL_STOS;
    case ZYDIS_MNEMONIC_LODSB: case ZYDIS_MNEMONIC_LODSW: case ZYDIS_MNEMONIC_LODSD: return XL_LODS;
    case ZYDIS_MNEMONIC_CMPSB: case ZYDIS_MNEMONIC_CMPSW: case ZYDIS_MNEMONIC_CMPSD:
        return map0 ? XL_CMPS : XL_UNSUPPORTED;
    case ZYDIS_MNEMONIC_SCASB: case ZYDIS_MNEMONIC_SCASW: case ZYDIS_MNEMONIC_SCASD: return XL_SCAS;
    case ZYDIS_MNEMONIC_CLD: return XL_CLD;
    case ZYDIS_MNEMONIC_STD: return XL_STD;
    case ZYDIS_MNEMONIC_CLC: return XL_CLC;
    case ZYDIS_MNEMONIC_STC: return XL_STC;
    case ZYDIS_MNEMONIC_CMC: return XL_CMC;
    case ZYDIS_MNEMONIC_NOP: case ZYDIS_MNEMONIC_PAUSE: case ZYDIS_MNEMONIC_ENDBR32: return XL_NOP;
    case ZYDIS_MNEMONIC_HLT: return XL_HLT;
    case ZYDIS_MNEMONIC_INT3: return XL_INT3;
    case ZYDIS_MNEMONIC_INTO: return XL_INTO;
    case ZYDIS_MNEMONIC_INT1: return XL_INT1;
    case ZYDIS_MNEMONIC_UD2: return XL_UD2;
    case ZYDIS_MNEMONIC_INT: return XL_INT;
    case ZYDIS_MNEMONIC_CPUID: return XL_CPUID;
    case ZYDIS_MNEMONIC_RDTSC: return XL_RDTSC;
    case ZYDIS_MNEMONIC_RDTSCP: return XL_RDTSCP;
    default: break;
    }
    /* Condition-coded families, recognised by opcode so the cc is the opcode's low nibble. */
    uint8_t opc = zi->opcode;
    x->cc = opc & 15;
    if (map0 && opc >= 0x70 && opc <= 0x7f) return XL_JCC;
    if (zi->opcode_map == ZYDIS_OPCODE_MAP_0F) {
        if (opc >= 0x80 && opc <= 0x8f) return XL_JCC;
        if (opc >= 0x90 && opc <= 0x9f) return XL_SETCC;
        if (opc >= 0x40 && opc <= 0x4f) return XL_CMOVCC;
    }
    x->cc = 0;
    return XL_UNSUPPORTED;
}

/* The VEX-encoded general-purpose forms (BMI1, BMI2); XL_UNSUPPORTED for every other VEX form. */
static unsigned map_vex(const ZydisDecodedInstruction *zi)
{
    switch (zi->mnemonic) {
    case ZYDIS_MNEMONIC_ANDN: return XL_ANDN;
    case ZYDIS_MNEMONIC_BEXTR: return XL_BEXTR;
    case ZYDIS_MNEMONIC_BLSI: return XL_BLSI;
    case ZYDIS_MNEMONIC_BLSMSK: return XL_BLSMSK;
    case ZYDIS_MNEMONIC_BLSR: return XL_BLSR;
    case ZYDIS_MNEMONIC_BZHI: return XL_BZHI;
    case ZYDIS_MNEMONIC_MULX: return XL_MULX;
    case ZYDIS_MNEMONIC_PDEP: return XL_PDEP;
    case ZYDIS_MNEMONIC_PEXT: return XL_PEXT;
    case ZYDIS_MNEMONIC_RORX: return XL_RORX;
    case ZYDIS_MNEMONIC_SARX: return XL_SARX;
    case ZYDIS_MNEMONIC_SHLX: return XL_SHLX;
    case ZYDIS_MNEMONIC_SHRX: return XL_SHRX;
    default: return XL_UNSUPPORTED;
    }
}

/* x87 (escape bytes D8-DF, and WAIT): one op, XL_X87, with the 11-bit FOP opcode in target and
 * the memory operand, if any, in ops[0]; cms/interp/x87.c decodes the rest from the ModRM.
 * Returns -1 for anything else. */
static int decode_x87(const ZydisDecodedInstruction *zi, const ZydisDecodedOperand *zo,
                      uint32_t eip, struct xl_insn *x)
{
    if (zi->opcode_map != ZYDIS_OPCODE_MAP_DEFAULT) return -1;
    if (zi->mnemonic == ZYDIS_MNEMONIC_FWAIT) {
        x->target = XL_X87_FWAIT;
    } else if (zi->opcode >= 0xd8 && zi->opcode <= 0xdf) {
        x->target = (uint32_t)(zi->opcode & 7) << 8 | (uint32_t)zi->raw.modrm.mod << 6 |
                    (uint32_t)zi->raw.modrm.reg << 3 | zi->raw.modrm.rm;
        for (unsigned i = 0; i < zi->operand_count_visible; i++) {
            if (zo[i].type != ZYDIS_OPERAND_TYPE_MEMORY) continue;
            if (conv_operand(zi, &zo[i], eip, x, &x->ops[0]) < 0) return -1;
            x->nops = 1;
        }
    } else {
        return -1;
    }
    x->op = XL_X87;
    return 0;
}

static ZydisDecoder xl_zydis, xl_zydis16;
static int xl_zydis_ready;

static void zydis_init(void)
{
    if (!xl_zydis_ready) {
        ZydisDecoderInit(&xl_zydis, ZYDIS_MACHINE_MODE_LEGACY_32, ZYDIS_STACK_WIDTH_32);
        ZydisDecoderInit(&xl_zydis16, ZYDIS_MACHINE_MODE_LEGACY_16, ZYDIS_STACK_WIDTH_16);
        xl_zydis_ready = 1;
    }
}

static int decode_with(const ZydisDecoder *dec, uint32_t eip, const uint8_t *bytes, unsigned len,
                       struct xl_insn *x, unsigned *mnemonic);

int xl_decode_zydis(uint32_t eip, const uint8_t *bytes, unsigned len, struct xl_insn *x, unsigned *mnemonic)
{
    zydis_init();
    return decode_with(&xl_zydis, eip, bytes, len, x, mnemonic);
}

int xl_decode16(uint32_t ip, const uint8_t *bytes, unsigned len, struct xl_insn *x)
{
    unsigned mn;
    zydis_init();
    return decode_with(&xl_zydis16, ip, bytes, len, x, &mn);
}

/* xl_decode's Zydis half (xl_decode itself, in xl_fastdec.c, tries the fast decoder first). */
int xl_decode_slow(uint32_t eip, const uint8_t *bytes, unsigned len, struct xl_insn *x)
{
    unsigned mn;
    int r = xl_decode_zydis(eip, bytes, len, x, &mn);
    if (r == 0) xl_mnemonic_seen[mn >> 5] |= 1u << (mn & 31);
    return r;
}

int xl_decode_flags(const uint8_t *bytes, unsigned len, uint16_t *undef, uint16_t *mod)
{
    ZydisDecodedInstruction zi;
    ZydisDecoderContext ctx;
    zydis_init();
    if (ZYAN_FAILED(ZydisDecoderDecodeInstruction(&xl_zydis, &ctx, bytes, len, &zi))) return -1;
    *undef = *mod = 0;
    if (zi.cpu_flags) {
        *undef = (uint16_t)zi.cpu_flags->undefined;
        *mod = (uint16_t)(zi.cpu_flags->modified | zi.cpu_flags->set_0 | zi.cpu_flags->set_1 | zi.cpu_flags->undefined);
    }
    return 0;
}

static int decode_with(const ZydisDecoder *dec, uint32_t eip, const uint8_t *bytes, unsigned len,
                       struct xl_insn *x, unsigned *mnemonic)
{
    ZydisDecodedInstruction zi;
    ZydisDecodedOperand zo[ZYDIS_MAX_OPERAND_COUNT];

    *x = (struct xl_insn){0};
    x->seg = 3; /* DS */
    for (int i = 0; i < 3; i++) x->ops[i].reg = x->ops[i].index = XL_NOREG;

    /* the instruction, then only its visible operands (the hidden ones are never read): each
     * operand decoded is one cleared and filled in, and this runs once per decode-cache miss */
    ZydisDecoderContext ctx;
    ZyanStatus st = ZydisDecoderDecodeInstruction(dec, &ctx, bytes, len, &zi);
    if (ZYAN_SUCCESS(st)) st = ZydisDecoderDecodeOperands(dec, &ctx, &zi, zo, zi.operand_count_visible);
    if (st == ZYDIS_STATUS_NO_MORE_DATA) {
        x->op = XL_INVALID;
        x->len = (uint8_t)(len ? len : 1);
        return -2;
    }
    if (ZYAN_FAILED(st)) {
        x->op = XL_INVALID;
        x->len = 1;
        return -1;
    }
    x->len = zi.length;
    *mnemonic = zi.mnemonic;
    x->osize = (uint8_t)(zi.operand_width / 8);
    ZydisInstructionAttributes a = zi.attributes;
    if (a & (ZYDIS_ATTRIB_HAS_REP | ZYDIS_ATTRIB_HAS_REPE)) x->prefix |= XL_PFX_REP;
    if (a & ZYDIS_ATTRIB_HAS_REPNE) x->prefix |= XL_PFX_REPNE;
    if (a & ZYDIS_ATTRIB_HAS_LOCK) x->prefix |= XL_PFX_LOCK;
    if (a & ZYDIS_ATTRIB_HAS_OPERANDSIZE) x->prefix |= XL_PFX_OPSIZE;
    if (a & ZYDIS_ATTRIB_HAS_ADDRESSSIZE) x->prefix |= XL_PFX_ADSIZE;
    /* the flags mean 16-bit operand and address size (what the prefixes give in 32-bit code):
     * in 16-bit code, what their absence gives */
    if (dec == &xl_zydis16) x->prefix ^= XL_PFX_OPSIZE | XL_PFX_ADSIZE;
    if (a & ZYDIS_ATTRIB_HAS_SEGMENT) {
        x->prefix |= XL_PFX_SEG;
        x->seg = (a & ZYDIS_ATTRIB_HAS_SEGMENT_ES) ? 0 : (a & ZYDIS_ATTRIB_HAS_SEGMENT_CS) ? 1
               : (a & ZYDIS_ATTRIB_HAS_SEGMENT_SS) ? 2 : (a & ZYDIS_ATTRIB_HAS_SEGMENT_DS) ? 3
               : (a & ZYDIS_ATTRIB_HAS_SEGMENT_FS) ? 4 : 5;
    }

    unsigned op = XL_UNSUPPORTED;
    if (zi.encoding == ZYDIS_INSTRUCTION_ENCODING_LEGACY) op = map_op(&zi, x);
    else if (zi.encoding == ZYDIS_INSTRUCTION_ENCODING_VEX) op = map_vex(&zi);
    if (op == XL_UNSUPPORTED && zi.encoding == ZYDIS_INSTRUCTION_ENCODING_LEGACY &&
        decode_x87(&zi, zo, eip, x) == 0)
        return 0;
    unsigned n = zi.operand_count_visible;
    if (n > 3) op = XL_UNSUPPORTED;
    if (op != XL_UNSUPPORTED) {
        for (unsigned i = 0; i < n; i++) {
            if (conv_operand(&zi, &zo[i], eip, x, &x->ops[i]) < 0) {
                op = XL_UNSUPPORTED;
                break;
            }
        }
    }
    if (op == XL_UNSUPPORTED) {
        /* no operands, no target: nothing of a conversion that failed half-way (MOV to or from
         * a control register converts its GPR first; found by tests/fuzz-decode) */
        x->op = XL_UNSUPPORTED;
        x->nops = 0;
        x->cc = 0;
        x->target = 0;
        for (int i = 0; i < 3; i++) x->ops[i] = (struct xl_operand){.reg = XL_NOREG, .index = XL_NOREG};
        return 0;
    }
    x->op = (uint8_t)op;
    x->nops = (uint8_t)n;
    if (op == XL_IMUL && n == 2) { /* normalise to dst = a * b */
        x->ops[2] = x->ops[1];
        x->ops[1] = x->ops[0];
        x->nops = 3;
    }
    /* MOV to/from control or debug registers fails conv_operand; moves to CS are invalid. */
    return 0;
}
