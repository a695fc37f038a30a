/* The fast software decoder of the x86 front end (docs/interpreter.md "The x86 front end"): the
 * forms real programs execute most (integer, x87, string ops), decoded from two 256-entry
 * opcode tables (one-byte map, 0F map) straight into struct xl_insn; with the decode cache's
 * miss around it about 130 cycles on the core instead of Zydis's two thousand. One function
 * per opcode and prefix case (generated from the tables: ops_map1, ops_map0f, and the no-prefix
 * ones the first byte dispatches to) decodes the rest with its form's facts as constants, so
 * that it holds only that form's code and saves only the registers it uses, and ends in a tail
 * call of its caller's continuation (xl_decode.h, xl_decode_fast_to). Anything it does not
 * cover (0x67 and other prefix combinations, LOCK where it is invalid, system and SSE forms,
 * encodings some of whose variants Zydis treats specially) it leaves to Zydis.
 * tests/unit/test_xl_fastdec.c proves it equal to the Zydis path, field for field, over every
 * covered opcode with every ModRM, SIB and prefix it accepts. */
#include <stddef.h>
#include "xl_decode.h"
#include "morph/xdec.h"
#include "morph_isa.h"
#include "xl_modrm_tab.h"
#include <Zycore/Defines.h>                /* what the enum's last member needs */
#include <Zydis/Generated/EnumMnemonic.h> /* the mnemonic ids of the "distinct mnemonics" count */

/* How an opcode's operands are laid out. */
enum {
    FM_NONE,      /* not covered: Zydis */
    FM_RM_R,      /* ModRM: ops = r/m, reg */
    FM_R_RM,      /* ModRM: ops = reg, r/m */
    FM_ACC_IMM,   /* AL/eAX, imm8/imm16/32 */
    FM_GRP1,      /* 80/81/83: op from reg; r/m, imm */
    FM_OREG,      /* register in the opcode's low 3 bits (PUSH, POP, INC, DEC, BSWAP) */
    FM_OREG_IMM,  /* MOV r, imm (B0-BF) */
    FM_REL8,      /* Jcc, JMP rel8 */
    FM_REL32,     /* Jcc, JMP, CALL rel32 */
    FM_NOOPS,     /* no visible operand */
    FM_IMM8,      /* PUSH imm8 (sign-extended), INT imm8 */
    FM_IMMV,      /* PUSH imm32/16 */
    FM_IMM16,     /* RET imm16 */
    FM_R_RM_IMM,  /* IMUL r, r/m, imm (69: imm32/16, 6B: imm8) */
    FM_GRP2,      /* C0/C1 (imm8), D0/D1 (1), D2/D3 (CL): op from reg */
    FM_GRP3,      /* F6/F7: TEST imm, NOT, NEG, MUL, IMUL, DIV, IDIV */
    FM_GRP45,     /* FE/FF: INC, DEC, CALL/JMP indirect, PUSH */
    FM_MOVI,      /* C6/C7 /0: MOV r/m, imm */
    FM_LEA,       /* 8D with a memory operand */
    FM_XCHGA,     /* 91-97: XCHG r, eAX */
    FM_MOVX,      /* 0F B6/B7/BE/BF: reg (v), r/m (8 or 16) */
    FM_RM8,       /* SETcc r/m8 */
    FM_BTI,       /* 0F BA /4-/7: r/m, imm8 */
    FM_SHXD,      /* 0F A4/A5/AC/AD: r/m, reg, imm8 or CL */
    FM_X87,       /* D8-DF: XL_X87, the FOP opcode in target, a memory operand of the form's size */
    FM_STR,       /* string ops (no visible operand): F3 takes them (REP, REPE), F2 CMPS/SCAS (REPNE) */
    FM_MOFFS,     /* A0-A3: MOV AL/eAX and an absolute address (moffs32); bit 1 of the opcode: store */
};

/* The forms with a ModRM byte. */
#define MODRM_FORMS (1u << FM_RM_R | 1u << FM_R_RM | 1u << FM_GRP1 | 1u << FM_R_RM_IMM | 1u << FM_GRP2 | \
                     1u << FM_GRP3 | 1u << FM_GRP45 | 1u << FM_MOVI | 1u << FM_LEA | 1u << FM_MOVX | 1u << FM_RM8 | \
                     1u << FM_BTI | 1u << FM_SHXD | 1u << FM_X87)

/* Operand-size rules (xl_insn.osize, and the size of v-sized operands). */
enum {
    OS_B = 1,     /* byte */
    OS_V,         /* 4, or 2 with 66 */
    OS_32,        /* 4 whatever 66 says: 66 is left to Zydis */
};

struct form {
    uint8_t op;   /* enum xl_op (for groups: unused) */
    uint8_t fm;   /* FM_* */
    uint8_t os;   /* OS_* */
    uint8_t w66;  /* 1: 66 allowed */
    uint16_t mn;  /* ZydisMnemonic */
};

#define F(op, fm, os, w66, mn) {XL_##op, FM_##fm, OS_##os, w66, ZYDIS_MNEMONIC_##mn}
#define ALU(op) F(op, RM_R, B, 0, op), F(op, RM_R, V, 1, op), F(op, R_RM, B, 0, op), F(op, R_RM, V, 1, op), \
                F(op, ACC_IMM, B, 0, op), F(op, ACC_IMM, V, 1, op)
#define NO {0, FM_NONE, 0, 0, 0}
#define NO2 NO, NO
#define NO8 NO2, NO2, NO2, NO2

static const struct form map1[256] = {
    /* 00 */ ALU(ADD), NO2, ALU(OR), NO2,
    /* 10 */ ALU(ADC), NO2, ALU(SBB), NO2,
    /* 20 */ ALU(AND), NO2, ALU(SUB), NO2,
    /* 30 */ ALU(XOR), NO2, ALU(CMP), NO2,
    /* 40 */ F(INC, OREG, V, 1, INC), F(INC, OREG, V, 1, INC), F(INC, OREG, V, 1, INC), F(INC, OREG, V, 1, INC),
    F(INC, OREG, V, 1, INC), F(INC, OREG, V, 1, INC), F(INC, OREG, V, 1, INC), F(INC, OREG, V, 1, INC),
    /* 48 */ F(DEC, OREG, V, 1, DEC), F(DEC, OREG, V, 1, DEC), F(DEC, OREG, V, 1, DEC), F(DEC, OREG, V, 1, DEC),
    F(DEC, OREG, V, 1, DEC), F(DEC, OREG, V, 1, DEC), F(DEC, OREG, V, 1, DEC), F(DEC, OREG, V, 1, DEC),
    /* 50 */ F(PUSH, OREG, V, 1, PUSH), F(PUSH, OREG, V, 1, PUSH), F(PUSH, OREG, V, 1, PUSH), F(PUSH, OREG, V, 1, PUSH),
    F(PUSH, OREG, V, 1, PUSH), F(PUSH, OREG, V, 1, PUSH), F(PUSH, OREG, V, 1, PUSH), F(PUSH, OREG, V, 1, PUSH),
    /* 58 */ F(POP, OREG, V, 1, POP), F(POP, OREG, V, 1, POP), F(POP, OREG, V, 1, POP), F(POP, OREG, V, 1, POP),
    F(POP, OREG, V, 1, POP), F(POP, OREG, V, 1, POP), F(POP, OREG, V, 1, POP), F(POP, OREG, V, 1, POP),
    /* 60 */ NO8,
    /* 68 */ F(PUSH, IMMV, V, 1, PUSH), F(IMUL, R_RM_IMM, V, 1, IMUL), F(PUSH, IMM8, V, 1, PUSH),
    F(IMUL, R_RM_IMM, V, 1, IMUL), NO2, NO2,
    /* 70 */ F(JCC, REL8, 32, 0, JO), F(JCC, REL8, 32, 0, JNO), F(JCC, REL8, 32, 0, JB), F(JCC, REL8, 32, 0, JNB),
    F(JCC, REL8, 32, 0, JZ), F(JCC, REL8, 32, 0, JNZ), F(JCC, REL8, 32, 0, JBE), F(JCC, REL8, 32, 0, JNBE),
    F(JCC, REL8, 32, 0, JS), F(JCC, REL8, 32, 0, JNS), F(JCC, REL8, 32, 0, JP), F(JCC, REL8, 32, 0, JNP),
    F(JCC, REL8, 32, 0, JL), F(JCC, REL8, 32, 0, JNL), F(JCC, REL8, 32, 0, JLE), F(JCC, REL8, 32, 0, JNLE),
    /* 80 */ F(ADD, GRP1, B, 0, INVALID), F(ADD, GRP1, V, 1, INVALID), NO, F(ADD, GRP1, V, 1, INVALID),
    F(TEST, RM_R, B, 0, TEST), F(TEST, RM_R, V, 1, TEST), F(XCHG, RM_R, B, 0, XCHG), F(XCHG, RM_R, V, 1, XCHG),
    /* 88 */ F(MOV, RM_R, B, 0, MOV), F(MOV, RM_R, V, 1, MOV), F(MOV, R_RM, B, 0, MOV), F(MOV, R_RM, V, 1, MOV),
    NO, F(LEA, LEA, V, 1, LEA), NO2,
    /* 90 */ F(NOP, NOOPS, 32, 0, NOP), F(XCHG, XCHGA, V, 1, XCHG), F(XCHG, XCHGA, V, 1, XCHG), F(XCHG, XCHGA, V, 1, XCHG),
    F(XCHG, XCHGA, V, 1, XCHG), F(XCHG, XCHGA, V, 1, XCHG), F(XCHG, XCHGA, V, 1, XCHG), F(XCHG, XCHGA, V, 1, XCHG),
    /* 98 */ F(CWDE, NOOPS, 32, 0, CWDE), F(CDQ, NOOPS, 32, 0, CDQ), NO2, F(PUSHF, NOOPS, 32, 0, PUSHFD),
    F(POPF, NOOPS, 32, 0, POPFD), F(SAHF, NOOPS, 32, 0, SAHF), F(LAHF, NOOPS, 32, 0, LAHF),
    /* A0 */ F(MOV, MOFFS, B, 0, MOV), F(MOV, MOFFS, V, 1, MOV), F(MOV, MOFFS, B, 0, MOV), F(MOV, MOFFS, V, 1, MOV),
    /* A4 */ F(MOVS, STR, B, 0, MOVSB), F(MOVS, STR, V, 1, MOVSD), F(CMPS, STR, B, 0, CMPSB), F(CMPS, STR, V, 1, CMPSD),
    F(TEST, ACC_IMM, B, 0, TEST), F(TEST, ACC_IMM, V, 1, TEST), F(STOS, STR, B, 0, STOSB), F(STOS, STR, V, 1, STOSD),
    F(LODS, STR, B, 0, LODSB), F(LODS, STR, V, 1, LODSD), F(SCAS, STR, B, 0, SCASB), F(SCAS, STR, V, 1, SCASD),
    /* B0 */ F(MOV, OREG_IMM, B, 0, MOV), F(MOV, OREG_IMM, B, 0, MOV), F(MOV, OREG_IMM, B, 0, MOV), F(MOV, OREG_IMM, B, 0, MOV),
    F(MOV, OREG_IMM, B, 0, MOV), F(MOV, OREG_IMM, B, 0, MOV), F(MOV, OREG_IMM, B, 0, MOV), F(MOV, OREG_IMM, B, 0, MOV),
    /* B8 */ F(MOV, OREG_IMM, V, 1, MOV), F(MOV, OREG_IMM, V, 1, MOV), F(MOV, OREG_IMM, V, 1, MOV), F(MOV, OREG_IMM, V, 1, MOV),
    F(MOV, OREG_IMM, V, 1, MOV), F(MOV, OREG_IMM, V, 1, MOV), F(MOV, OREG_IMM, V, 1, MOV), F(MOV, OREG_IMM, V, 1, MOV),
    /* C0 */ F(ROL, GRP2, B, 0, INVALID), F(ROL, GRP2, V, 1, INVALID), F(RET, IMM16, 32, 0, RET), F(RET, NOOPS, 32, 0, RET),
    NO2, F(MOV, MOVI, B, 0, MOV), F(MOV, MOVI, V, 1, MOV),
    /* C8 */ NO, F(LEAVE, NOOPS, 32, 0, LEAVE), NO2, NO, F(INT, IMM8, 32, 0, INT), NO2,
    /* D0 */ F(ROL, GRP2, B, 0, INVALID), F(ROL, GRP2, V, 1, INVALID), F(ROL, GRP2, B, 0, INVALID), F(ROL, GRP2, V, 1, INVALID),
    NO2, NO2,
    /* D8 */ F(X87, X87, 32, 0, INVALID), F(X87, X87, 32, 0, INVALID), F(X87, X87, 32, 0, INVALID),
    F(X87, X87, 32, 0, INVALID), F(X87, X87, 32, 0, INVALID), F(X87, X87, 32, 0, INVALID),
    F(X87, X87, 32, 0, INVALID), F(X87, X87, 32, 0, INVALID),
    /* E0 */ NO8,
    /* E8 */ F(CALL, REL32, 32, 0, CALL), F(JMP, REL32, 32, 0, JMP), NO, F(JMP, REL8, 32, 0, JMP), NO2, NO2,
    /* F0 */ NO2, NO2, NO, F(CMC, NOOPS, 32, 0, CMC), F(NOT, GRP3, B, 0, INVALID), F(NOT, GRP3, V, 1, INVALID),
    /* F8 */ F(CLC, NOOPS, 32, 0, CLC), F(STC, NOOPS, 32, 0, STC), NO2, F(CLD, NOOPS, 32, 0, CLD),
    F(STD, NOOPS, 32, 0, STD), F(INC, GRP45, B, 0, INVALID), F(INC, GRP45, V, 1, INVALID),
};

#define JCC32(mn) F(JCC, REL32, 32, 0, mn)
#define SETCC(mn) F(SETCC, RM8, B, 0, mn)
#define CMOV(mn) F(CMOVCC, R_RM, V, 1, mn)
static const struct form map0f[256] = {
    /* 00 */ NO8, NO8,
    /* 10 */ NO8, NO8,
    /* 20 */ NO8, NO8,
    /* 30 */ NO8, NO8,
    /* 40 */ CMOV(CMOVO), CMOV(CMOVNO), CMOV(CMOVB), CMOV(CMOVNB), CMOV(CMOVZ), CMOV(CMOVNZ), CMOV(CMOVBE), CMOV(CMOVNBE),
    CMOV(CMOVS), CMOV(CMOVNS), CMOV(CMOVP), CMOV(CMOVNP), CMOV(CMOVL), CMOV(CMOVNL), CMOV(CMOVLE), CMOV(CMOVNLE),
    /* 50 */ NO8, NO8, NO8, NO8, NO8, NO8,
    /* 80 */ JCC32(JO), JCC32(JNO), JCC32(JB), JCC32(JNB), JCC32(JZ), JCC32(JNZ), JCC32(JBE), JCC32(JNBE),
    JCC32(JS), JCC32(JNS), JCC32(JP), JCC32(JNP), JCC32(JL), JCC32(JNL), JCC32(JLE), JCC32(JNLE),
    /* 90 */ SETCC(SETO), SETCC(SETNO), SETCC(SETB), SETCC(SETNB), SETCC(SETZ), SETCC(SETNZ), SETCC(SETBE), SETCC(SETNBE),
    SETCC(SETS), SETCC(SETNS), SETCC(SETP), SETCC(SETNP), SETCC(SETL), SETCC(SETNL), SETCC(SETLE), SETCC(SETNLE),
    /* A0 */ NO2, NO, F(BT, RM_R, V, 1, BT), F(SHLD, SHXD, V, 1, SHLD), F(SHLD, SHXD, V, 1, SHLD), NO2,
    /* A8 */ NO2, NO, F(BTS, RM_R, V, 1, BTS), F(SHRD, SHXD, V, 1, SHRD), F(SHRD, SHXD, V, 1, SHRD), NO, F(IMUL, R_RM, V, 1, IMUL),
    /* B0 */ F(CMPXCHG, RM_R, B, 0, CMPXCHG), F(CMPXCHG, RM_R, V, 1, CMPXCHG), NO, F(BTR, RM_R, V, 1, BTR), NO2, F(MOVZX, MOVX, V, 1, MOVZX), F(MOVZX, MOVX, V, 1, MOVZX),
    /* B8 */ NO2, F(BT, BTI, V, 1, INVALID), F(BTC, RM_R, V, 1, BTC), F(BSF, R_RM, V, 1, BSF), F(BSR, R_RM, V, 1, BSR),
    F(MOVSX, MOVX, V, 1, MOVSX), F(MOVSX, MOVX, V, 1, MOVSX),
    /* C0 */ F(XADD, RM_R, B, 0, XADD), F(XADD, RM_R, V, 1, XADD), NO2, NO2, NO2,
    /* C8 */ F(BSWAP, OREG, 32, 0, BSWAP), F(BSWAP, OREG, 32, 0, BSWAP), F(BSWAP, OREG, 32, 0, BSWAP),
    F(BSWAP, OREG, 32, 0, BSWAP), F(BSWAP, OREG, 32, 0, BSWAP), F(BSWAP, OREG, 32, 0, BSWAP),
    F(BSWAP, OREG, 32, 0, BSWAP), F(BSWAP, OREG, 32, 0, BSWAP),
    /* D0 */ NO8, NO8, NO8, NO8, NO8, NO8,
};
_Static_assert(sizeof map1 / sizeof map1[0] == 256 && sizeof map0f / sizeof map0f[0] == 256, "opcode tables");

/* The groups' /digit rows: op and mnemonic, 0 where Zydis decides. */
static const struct { uint8_t op; uint16_t mn; } grp1[8] = {
    {XL_ADD, ZYDIS_MNEMONIC_ADD}, {XL_OR, ZYDIS_MNEMONIC_OR}, {XL_ADC, ZYDIS_MNEMONIC_ADC}, {XL_SBB, ZYDIS_MNEMONIC_SBB},
    {XL_AND, ZYDIS_MNEMONIC_AND}, {XL_SUB, ZYDIS_MNEMONIC_SUB}, {XL_XOR, ZYDIS_MNEMONIC_XOR}, {XL_CMP, ZYDIS_MNEMONIC_CMP}},
  grp2[8] = {{XL_ROL, ZYDIS_MNEMONIC_ROL}, {XL_ROR, ZYDIS_MNEMONIC_ROR}, {XL_RCL, ZYDIS_MNEMONIC_RCL},
             {XL_RCR, ZYDIS_MNEMONIC_RCR}, {XL_SHL, ZYDIS_MNEMONIC_SHL}, {XL_SHR, ZYDIS_MNEMONIC_SHR},
             {0, 0} /* /6: SAL, Zydis's own */, {XL_SAR, ZYDIS_MNEMONIC_SAR}},
  grp3[8] = {{XL_TEST, ZYDIS_MNEMONIC_TEST}, {0, 0}, {XL_NOT, ZYDIS_MNEMONIC_NOT}, {XL_NEG, ZYDIS_MNEMONIC_NEG},
             {XL_MUL, ZYDIS_MNEMONIC_MUL}, {XL_IMUL1, ZYDIS_MNEMONIC_IMUL}, {XL_DIV, ZYDIS_MNEMONIC_DIV},
             {XL_IDIV, ZYDIS_MNEMONIC_IDIV}},
  grp5[8] = {{XL_INC, ZYDIS_MNEMONIC_INC}, {XL_DEC, ZYDIS_MNEMONIC_DEC}, {XL_CALL_IND, ZYDIS_MNEMONIC_CALL}, {0, 0},
             {XL_JMP_IND, ZYDIS_MNEMONIC_JMP}, {0, 0}, {XL_PUSH, ZYDIS_MNEMONIC_PUSH}, {0, 0}},
  grp8[8] = {{0, 0}, {0, 0}, {0, 0}, {0, 0}, {XL_BT, ZYDIS_MNEMONIC_BT}, {XL_BTS, ZYDIS_MNEMONIC_BTS},
             {XL_BTR, ZYDIS_MNEMONIC_BTR}, {XL_BTC, ZYDIS_MNEMONIC_BTC}};

/* x87 (escape D8-DF, by escape and ModRM reg): a memory form's operand size in bytes and
 * mnemonic, and a register form's mnemonic where all eight ST(i) of the row are that one
 * instruction (the rows of single instructions, such as FCHS or FNSTSW AX, below); 0 where
 * Zydis decides (invalid encodings, the undocumented aliases). cms/interp/x87.c executes them
 * (docs/x87.md). */
#define M(size, mn) {size, ZYDIS_MNEMONIC_##mn}
static const struct { uint8_t size; uint16_t mn; } x87_mem[8][8] = {
    {M(4, FADD), M(4, FMUL), M(4, FCOM), M(4, FCOMP), M(4, FSUB), M(4, FSUBR), M(4, FDIV), M(4, FDIVR)},
    {M(4, FLD), {0, 0}, M(4, FST), M(4, FSTP), M(28, FLDENV), M(2, FLDCW), M(28, FNSTENV), M(2, FNSTCW)},
    {M(4, FIADD), M(4, FIMUL), M(4, FICOM), M(4, FICOMP), M(4, FISUB), M(4, FISUBR), M(4, FIDIV), M(4, FIDIVR)},
    {M(4, FILD), M(4, FISTTP), M(4, FIST), M(4, FISTP), {0, 0}, M(10, FLD), {0, 0}, M(10, FSTP)},
    {M(8, FADD), M(8, FMUL), M(8, FCOM), M(8, FCOMP), M(8, FSUB), M(8, FSUBR), M(8, FDIV), M(8, FDIVR)},
    {M(8, FLD), M(8, FISTTP), M(8, FST), M(8, FSTP), M(108, FRSTOR), {0, 0}, M(108, FNSAVE), M(2, FNSTSW)},
    {M(2, FIADD), M(2, FIMUL), M(2, FICOM), M(2, FICOMP), M(2, FISUB), M(2, FISUBR), M(2, FIDIV), M(2, FIDIVR)},
    {M(2, FILD), M(2, FISTTP), M(2, FIST), M(2, FISTP), M(10, FBLD), M(8, FILD), M(10, FBSTP), M(8, FISTP)},
};
#undef M
#define R(mn) ZYDIS_MNEMONIC_##mn
static const uint16_t x87_reg[8][8] = {
    {R(FADD), R(FMUL), R(FCOM), R(FCOMP), R(FSUB), R(FSUBR), R(FDIV), R(FDIVR)},
    {R(FLD), R(FXCH), 0, 0, 0, 0, 0, 0},
    {R(FCMOVB), R(FCMOVE), R(FCMOVBE), R(FCMOVU), 0, 0, 0, 0},
    {R(FCMOVNB), R(FCMOVNE), R(FCMOVNBE), R(FCMOVNU), 0, R(FUCOMI), R(FCOMI), 0},
    {R(FADD), R(FMUL), 0, 0, R(FSUBR), R(FSUB), R(FDIVR), R(FDIV)},
    {R(FFREE), 0, R(FST), R(FSTP), R(FUCOM), R(FUCOMP), 0, 0},
    {R(FADDP), R(FMULP), 0, 0, R(FSUBRP), R(FSUBP), R(FDIVRP), R(FDIVP)},
    {0, 0, 0, 0, 0, R(FUCOMIP), R(FCOMIP), 0},
};
/* D9 E0-FF: one instruction per byte (0: invalid, Zydis's) */
static const uint16_t x87_d9e0[32] = {
    R(FCHS), R(FABS), 0, 0, R(FTST), R(FXAM), 0, 0, R(FLD1), R(FLDL2T), R(FLDL2E), R(FLDPI), R(FLDLG2),
    R(FLDLN2), R(FLDZ), 0, R(F2XM1), R(FYL2X), R(FPTAN), R(FPATAN), R(FXTRACT), R(FPREM1), R(FDECSTP),
    R(FINCSTP), R(FPREM), R(FYL2XP1), R(FSQRT), R(FSINCOS), R(FRNDINT), R(FSCALE), R(FSIN), R(FCOS)};

/* The other register forms that are one instruction (escape << 8 | ModRM). */
static unsigned x87_single(unsigned fop)
{
    switch (fop) {
    case 0x1d0: return R(FNOP);
    case 0x2e9: return R(FUCOMPP);
    case 0x3e2: return R(FNCLEX);
    case 0x3e3: return R(FNINIT);
    case 0x6d9: return R(FCOMPP);
    case 0x7e0: return R(FNSTSW); /* FNSTSW AX: the register is not an operand here (cms/interp/x87.c) */
    default: return fop >> 8 == 1 && (fop & 0xff) >= 0xe0 ? x87_d9e0[(fop & 0xff) - 0xe0] : 0;
    }
}
#undef R

/* The prefixes the fast path takes, by byte: PFX_SEG + the segment register of a segment
 * override (enum cms_seg order: ES CS SS DS FS GS), else the XL_PFX_* bit of the prefix (66, F0,
 * F2, F3); 0 for any other byte. */
#define PFX_SEG 0x40
#define PFX_REPS (XL_PFX_REP | XL_PFX_REPNE)
static const uint8_t prefix_kind[256] = {
    [0x26] = PFX_SEG, [0x2e] = PFX_SEG + 1, [0x36] = PFX_SEG + 2, [0x3e] = PFX_SEG + 3, [0x64] = PFX_SEG + 4,
    [0x65] = PFX_SEG + 5, [0x66] = XL_PFX_OPSIZE, [0xf0] = XL_PFX_LOCK, [0xf2] = XL_PFX_REPNE, [0xf3] = XL_PFX_REP};
_Static_assert(!((XL_PFX_OPSIZE | XL_PFX_LOCK | PFX_REPS) & PFX_SEG), "prefix_kind's encoding");

/* LOCK is legal on these ops with a memory destination (Zydis: invalid elsewhere) */
#define LOCKABLE(op) ((op) == XL_ADD || (op) == XL_OR || (op) == XL_ADC || (op) == XL_SBB || (op) == XL_AND || \
                      (op) == XL_SUB || (op) == XL_XOR || (op) == XL_NOT || (op) == XL_NEG || (op) == XL_INC ||  \
                      (op) == XL_DEC || (op) == XL_XCHG || (op) == XL_BTS || (op) == XL_BTR || (op) == XL_BTC || \
                      (op) == XL_CMPXCHG || (op) == XL_XADD)

static inline int32_t rd32(const uint8_t *p) { return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24); }

/* struct xl_insn is written a word at a time, 12 stores a decode (clearing it and then setting
 * fields took about three times as many and measured 2.5 cycles a decode slower on the demo):
 * its layout, little-endian, checked here. */
typedef uint32_t __attribute__((may_alias)) w32;
_Static_assert(sizeof(struct xl_insn) == 48 && offsetof(struct xl_insn, target) == 8 &&
                   offsetof(struct xl_insn, ops) == 12 && sizeof(struct xl_operand) == 12 &&
                   offsetof(struct xl_insn, osize) == 2 && offsetof(struct xl_insn, nops) == 3 &&
                   offsetof(struct xl_insn, cc) == 4 && offsetof(struct xl_insn, prefix) == 5 &&
                   offsetof(struct xl_insn, seg) == 6 && offsetof(struct xl_operand, reg) == 2 &&
                   offsetof(struct xl_operand, index) == 3 && offsetof(struct xl_operand, scale) == 4 &&
                   offsetof(struct xl_operand, seg) == 5 && offsetof(struct xl_operand, val) == 8,
               "xl_fastdec.c writes struct xl_insn by words");
#define OPW0(kind, size, reg, index) \
    ((uint32_t)(kind) | (uint32_t)(size) << 8 | (uint32_t)(reg) << 16 | (uint32_t)(index) << 24)
#define OPW_NONE OPW0(XL_OPK_NONE, 0, XL_NOREG, XL_NOREG)

static inline void put_reg(w32 *o, unsigned r, unsigned size)
{
    o[0] = OPW0(XL_OPK_REG, size, r, XL_NOREG);
    o[1] = 0;
    o[2] = 0;
}

static inline void put_imm(w32 *o, unsigned bytes, int32_t v)
{
    o[0] = OPW0(XL_OPK_IMM, bytes, XL_NOREG, XL_NOREG);
    o[1] = 0;
    o[2] = (uint32_t)v;
}

/* The decode assist (docs/isa.md section 7a): ModRM byte m and the byte after it, predecoded.
 * On the host (unit tests) the definition the model executes. */
static inline uint32_t xmodrm(uint32_t m, uint32_t next)
{
#ifdef __riscv
    uint32_t d;
    __asm__(".insn r " MORPH_STR(OPC_XMODRM) ", " MORPH_STR(F3_XMODRM) ", " MORPH_STR(F7_XMODRM) ", %0, %1, %2"
            : "=r"(d)
            : "r"(m), "r"(next));
    return d;
#else
    return morph_xmodrm(m, next);
#endif
}
_Static_assert(XL_NOREG == MORPH_XMODRM_NONE, "xmodrm's base and index bytes are struct xl_operand's");

/* The decode assist rides in bit 31 of the prefix word pf, which every opcode function has in a
 * register (a test of a global cost the default decoder about 3 cycles a decode); the prefix
 * byte of struct xl_insn is pf's low bits, so the bit never reaches it. */
#define PFX_ASSIST 0x80000000u
_Static_assert(!((XL_PFX_OPSIZE | XL_PFX_LOCK | PFX_REPS | XL_PFX_SEG) & PFX_ASSIST), "a free bit of pf");
/* A segment override's register (enum cms_seg) rides in pf's bits 24-26, with XL_PFX_SEG set:
 * the prefix byte is pf's low eight bits (its own byte would have cost an argument register). */
#define PFX_SEG_SHIFT 24
static unsigned pf_start;

/* The r/m operand of ModRM byte m (32-bit addressing) at b[*pos...]: -1 when the bytes run out.
 * A memory form's fields are what the decode assist's xmodrm computes: the core's op with the
 * assist, else the same definition's tables (xl_modrm_tab.h, generated from include/morph/xdec.h
 * by tools/gen-xmodrm.c), one load for the ModRM byte and one more for a SIB byte, where the
 * branches on mod, rm and the SIB base had cost about 10 cycles a memory operand. */
static inline __attribute__((always_inline)) int rm_operand(const uint8_t *b, unsigned n, unsigned *pos,
                                                            unsigned m, int seg, unsigned size, w32 *o, unsigned pf)
{
    if (m >> 6 == 3) {
        put_reg(o, m & 7, size);
        return 0;
    }
    const unsigned p = *pos;
    uint32_t d;
    if (pf & PFX_ASSIST) { /* the core's xmodrm: the fields in one op */
        d = xmodrm(m, p < n ? b[p] : 0);
    } else {
        d = xl_modrm_tab[m];
        if (d & MORPH_XMODRM_SIB) {
            if (p >= n) return -1;
            d = xl_sib_tab[m >> 6][b[p]];
        }
    }
    const unsigned end = p - 1 + MORPH_XMODRM_LEN(d), dk = MORPH_XMODRM_DISP(d);
    if (end > n) return -1;
    o[0] = (d & 0xffff0000u) | OPW0(XL_OPK_MEM, size, 0, 0);
    o[1] = MORPH_XMODRM_SCALE(d) | (seg >= 0 ? (unsigned)seg : d & MORPH_XMODRM_SS ? 2 /* SS */ : 3 /* DS */) << 8;
    o[2] = (uint32_t)(dk == 1 ? (int8_t)b[end - 1] : dk == 2 ? rd32(b + end - 4) : 0);
    *pos = end;
    return 0;
}

/* An immediate of `bytes` bytes (1, 2, 4) at b[*pos], sign-extended (its size: the encoding's);
 * with `count`, an unsigned byte (shift and bit counts, vectors), zero-extended as Zydis gives it. */
static inline __attribute__((always_inline)) int imm_operand(const uint8_t *b, unsigned n, unsigned *pos,
                                                             unsigned bytes, int count, w32 *o)
{
    unsigned p = *pos;
    if (p + bytes > n) return -1;
    int32_t v = bytes == 1 ? (count ? (int32_t)b[p] : (int8_t)b[p]) : bytes == 2 ? (int16_t)(b[p] | b[p + 1] << 8)
                                                                                 : rd32(b + p);
    put_imm(o, bytes, v);
    *pos = p + bytes;
    return 0;
}

/* An opcode function after prefixes: xl_fast_op's arguments, then the offset p of the byte
 * after the opcode and the prefix word pf. */
typedef uintptr_t op_fn(uint32_t eip, struct xl_insn *x, const uint8_t *b, uintptr_t ctx, unsigned n, xl_fast_fin *fin,
                        unsigned p, unsigned pf);

static inline __attribute__((always_inline)) uintptr_t body(uint32_t eip, struct xl_insn *x, const uint8_t *b,
                                                            uintptr_t ctx, unsigned n, xl_fast_fin *fin, unsigned p,
                                                            unsigned pf, unsigned opc, const struct form *f)
{
/* what the decoder leaves to Zydis: the continuation with mnemonic 0 (ZYDIS_MNEMONIC_INVALID) */
#define FAIL return fin(eip, x, 0, ctx)
    const int seg = pf & XL_PFX_SEG ? (int)(pf >> PFX_SEG_SHIFT & 7) : -1;
    const unsigned o66 = pf & XL_PFX_OPSIZE;
    if (f->fm == FM_NONE || (o66 && !f->w66)) FAIL;
    /* a repeat prefix only on a string op (F2 only where it means REPNE), a segment override
     * not there (it would move the source's segment: Zydis's) */
    if (f->fm == FM_STR ? seg >= 0 || (pf & XL_PFX_REPNE && f->op != XL_CMPS && f->op != XL_SCAS) : pf & PFX_REPS) FAIL;
    const unsigned vs = o66 ? 2 : 4;
    unsigned size = f->os == OS_B ? 1 : f->os == OS_V ? vs : 4, osize = size;
    unsigned op = f->op, mn = f->mn, m = 0, nops = 0, reg = 0, cc = 0;
    uint32_t target = 0;
    const int has_modrm = MODRM_FORMS >> f->fm & 1;
    if (has_modrm) {
        if (p >= n) FAIL;
        m = b[p++];
        reg = m >> 3 & 7;
    }
    /* a segment prefix only on a memory operand (elsewhere Zydis decides what it means) */
    if (seg >= 0 && (has_modrm ? m >> 6 == 3 : f->fm != FM_MOFFS)) FAIL;
    w32 *xw = (w32 *)x, *o0 = xw + 3, *o1 = xw + 6, *o2 = xw + 9;
/* a group's row for the /digit: its op and mnemonic, or Zydis's when it has none */
#define GROUP(tbl)                      \
    do {                                \
        if (!(tbl)[reg].mn) FAIL;  \
        op = (tbl)[reg].op;             \
        mn = (tbl)[reg].mn;             \
    } while (0)
    switch (f->fm) {
    case FM_RM_R:
        if (rm_operand(b, n, &p, m, seg, size, o0, pf)) FAIL;
        put_reg(o1, reg, size);
        nops = 2;
        break;
    case FM_R_RM:
        put_reg(o0, reg, size);
        if (rm_operand(b, n, &p, m, seg, size, o1, pf)) FAIL;
        if (op == XL_CMOVCC) cc = opc & 15;
        nops = 2;
        break;
    case FM_ACC_IMM:
        put_reg(o0, 0, size);
        if (imm_operand(b, n, &p, size, 0, o1)) FAIL;
        nops = 2;
        break;
    case FM_GRP1:
        GROUP(grp1);
        if (rm_operand(b, n, &p, m, seg, size, o0, pf)) FAIL;
        if (imm_operand(b, n, &p, opc == 0x81 ? size : 1, 0, o1)) FAIL;
        nops = 2;
        break;
    case FM_OREG:
        put_reg(o0, opc & 7, size);
        nops = 1;
        break;
    case FM_OREG_IMM:
        put_reg(o0, opc & 7, size);
        if (imm_operand(b, n, &p, size, 0, o1)) FAIL;
        nops = 2;
        break;
    case FM_REL8: case FM_REL32:
        if (imm_operand(b, n, &p, f->fm == FM_REL8 ? 1 : 4, 0, o0)) FAIL;
        target = eip + p + o0[2]; /* p: the whole length now */
        if (op == XL_JCC) cc = opc & 15;
        nops = 1;
        break;
    case FM_NOOPS:
        break;
    case FM_IMM8: /* INT's vector is unsigned, PUSH's byte sign-extended */
        if (imm_operand(b, n, &p, 1, opc == 0xcd, o0)) FAIL;
        nops = 1;
        break;
    case FM_IMMV:
        if (imm_operand(b, n, &p, size, 0, o0)) FAIL;
        nops = 1;
        break;
    case FM_IMM16:
        if (imm_operand(b, n, &p, 2, 0, o0)) FAIL;
        o0[2] &= 0xffff;
        nops = 1;
        break;
    case FM_R_RM_IMM:
        put_reg(o0, reg, size);
        if (rm_operand(b, n, &p, m, seg, size, o1, pf)) FAIL;
        if (imm_operand(b, n, &p, opc == 0x69 ? size : 1, 0, o2)) FAIL;
        nops = 3;
        break;
    case FM_GRP2:
        GROUP(grp2);
        if (rm_operand(b, n, &p, m, seg, size, o0, pf)) FAIL;
        if (opc <= 0xc1) {
            if (imm_operand(b, n, &p, 1, 1, o1)) FAIL;
        } else if (opc <= 0xd1) {
            put_imm(o1, 1, 1);
        } else {
            put_reg(o1, 1 /* CL */, 1);
        }
        nops = 2;
        break;
    case FM_GRP3:
        GROUP(grp3);
        if (rm_operand(b, n, &p, m, seg, size, o0, pf)) FAIL;
        nops = 1;
        if (reg == 0) {
            if (imm_operand(b, n, &p, size, 0, o1)) FAIL;
            nops = 2;
        }
        break;
    case FM_GRP45: {
        if (opc == 0xfe ? reg > 1 : !grp5[reg].mn) FAIL;
        op = grp5[reg].op;
        mn = grp5[reg].mn;
        const int branch = reg == 2 || reg == 4;
        if (branch) { /* CALL/JMP r/m32: 66 would make them 16-bit, 3E is NOTRACK */
            if (o66 || seg == 3) FAIL;
            osize = size = 4;
        }
        if (rm_operand(b, n, &p, m, seg, size, o0, pf)) FAIL;
        nops = 1;
        break;
    }
    case FM_MOVI:
        if (reg) FAIL;
        if (rm_operand(b, n, &p, m, seg, size, o0, pf)) FAIL;
        if (imm_operand(b, n, &p, size, 0, o1)) FAIL;
        nops = 2;
        break;
    case FM_LEA: /* a segment prefix means nothing to LEA: Zydis drops it */
        if (m >> 6 == 3 || seg >= 0) FAIL;
        put_reg(o0, reg, size);
        if (rm_operand(b, n, &p, m, seg, 4 /* the address's width */, o1, pf)) FAIL;
        nops = 2;
        break;
    case FM_XCHGA:
        put_reg(o0, opc & 7, size);
        put_reg(o1, 0, size);
        nops = 2;
        break;
    case FM_MOVX:
        put_reg(o0, reg, size);
        if (rm_operand(b, n, &p, m, seg, opc & 1 ? 2 : 1, o1, pf)) FAIL;
        nops = 2;
        break;
    case FM_RM8:
        if (rm_operand(b, n, &p, m, seg, 1, o0, pf)) FAIL;
        cc = opc & 15;
        nops = 1;
        break;
    case FM_BTI:
        GROUP(grp8);
        if (rm_operand(b, n, &p, m, seg, size, o0, pf)) FAIL;
        if (imm_operand(b, n, &p, 1, 1, o1)) FAIL;
        nops = 2;
        break;
    case FM_SHXD:
        if (rm_operand(b, n, &p, m, seg, size, o0, pf)) FAIL;
        put_reg(o1, reg, size);
        if (opc & 1) put_reg(o2, 1 /* CL */, 1);
        else if (imm_operand(b, n, &p, 1, 1, o2)) FAIL;
        nops = 3;
        break;
    case FM_STR: /* with 66, the word form's mnemonic */
        if (o66) mn = mn == ZYDIS_MNEMONIC_MOVSD ? ZYDIS_MNEMONIC_MOVSW : mn == ZYDIS_MNEMONIC_CMPSD ? ZYDIS_MNEMONIC_CMPSW
                      : mn == ZYDIS_MNEMONIC_STOSD ? ZYDIS_MNEMONIC_STOSW : mn == ZYDIS_MNEMONIC_LODSD ? ZYDIS_MNEMONIC_LODSW
                                                                                   : ZYDIS_MNEMONIC_SCASW;
        break;
    case FM_MOFFS: {
        w32 *mo = opc & 2 ? o0 : o1;
        if (p + 4 > n) FAIL;
        mo[0] = OPW0(XL_OPK_MEM, size, XL_NOREG, XL_NOREG);
        mo[1] = (seg >= 0 ? (unsigned)seg : 3u /* DS */) << 8;
        mo[2] = (uint32_t)rd32(b + p);
        p += 4;
        put_reg(opc & 2 ? o1 : o0, 0 /* AL, eAX */, size);
        nops = 2;
        break;
    }
    case FM_X87: {
        const unsigned esc = opc & 7;
        if (m >> 6 == 3) {
            if (!(mn = x87_reg[esc][reg]) && !(mn = x87_single(esc << 8 | m))) FAIL;
        } else {
            if (!(mn = x87_mem[esc][reg].mn)) FAIL;
            if (rm_operand(b, n, &p, m, seg, x87_mem[esc][reg].size, o0, pf)) FAIL;
            nops = 1;
        }
        target = esc << 8 | m;
        break;
    }
    default:
        FAIL;
    }
    if (pf & XL_PFX_LOCK && !(LOCKABLE(op) && (o0[0] & 0xff) == XL_OPK_MEM)) FAIL;
    if (op == XL_IMUL && nops == 2) { /* normalise to dst = a * b, as xl_decode_zydis */
        o2[0] = o1[0], o2[1] = o1[1], o2[2] = o1[2];
        o1[0] = o0[0], o1[1] = o0[1], o1[2] = o0[2];
        nops = 3;
    }
    /* the operands after the last */
    for (unsigned i = nops; i < 3; i++) {
        o0[3 * i] = OPW_NONE;
        o0[3 * i + 1] = 0;
        o0[3 * i + 2] = 0;
    }
    xw[0] = op | p << 8 | osize << 16 | nops << 24;
    xw[1] = cc | (pf & 0xffu) << 8 | (seg >= 0 ? (unsigned)seg : 3u /* DS */) << 16;
    xw[2] = target;
    xl_mnemonic_seen[mn >> 5] |= 1u << (mn & 31); /* mn is a constant here for most forms */
    return fin(eip, x, mn, ctx);
#undef FAIL
}

/* The opcode functions: FN(t, hi, lo) makes three for t's opcode 0xhilo: one for any prefixes
 * (pf and p as found), and two for an instruction without any (the usual case), with the assist
 * and without, where p and pf are constants: the prefix tests fold away, and with them most of
 * the registers that the general one saves (a miss without prefixes cost about 20 cycles more
 * through the general one). The one-byte map's two are what the first byte dispatches to
 * (xl_fast_dispatch): for a prefix byte they take the general path, for 0F the 0F map's. */
#define PLEN_map1 1u  /* bytes before the byte after the opcode, without prefixes */
#define PLEN_map0f 2u
#define MAP1_map1 1
#define MAP1_map0f 0
static xl_fast_op *const ops_map0f_np[256], *const ops_map0f_npa[256];
static xl_fast_op prefixed_any;
static inline __attribute__((always_inline)) uintptr_t no_prefix(uint32_t eip, struct xl_insn *x, const uint8_t *b,
                                                                 uintptr_t ctx, unsigned n, xl_fast_fin *fin,
                                                                 int map1, unsigned pf, unsigned opc,
                                                                 const struct form *f)
{
    if (n < 2) __builtin_unreachable(); /* xl_fast_dispatch's promise: the opcode's checks go */
    if (map1 && prefix_kind[opc]) return prefixed_any(eip, x, b, ctx, n, fin);
    if (map1 && opc == 0x0f) return (pf & PFX_ASSIST ? ops_map0f_npa : ops_map0f_np)[b[1]](eip, x, b, ctx, n, fin);
    return body(eip, x, b, ctx, n, fin, map1 ? PLEN_map1 : PLEN_map0f, pf, opc, f);
}
#define FN(t, hi, lo)                                                                                        \
    static uintptr_t t##_##hi##lo(uint32_t eip, struct xl_insn *x, const uint8_t *b, uintptr_t ctx, unsigned n, \
                                  xl_fast_fin *fin, unsigned p, unsigned pf)                                 \
    {                                                                                                         \
        return body(eip, x, b, ctx, n, fin, p, pf, 0x##hi##lo, &t[0x##hi##lo]);                              \
    }                                                                                                         \
    static uintptr_t t##_##hi##lo##_np(uint32_t eip, struct xl_insn *x, const uint8_t *b, uintptr_t ctx,      \
                                       unsigned n, xl_fast_fin *fin)                                         \
    {                                                                                                         \
        return no_prefix(eip, x, b, ctx, n, fin, MAP1_##t, 0, 0x##hi##lo, &t[0x##hi##lo]);                   \
    }                                                                                                         \
    static uintptr_t t##_##hi##lo##_npa(uint32_t eip, struct xl_insn *x, const uint8_t *b, uintptr_t ctx,     \
                                        unsigned n, xl_fast_fin *fin)                                        \
    {                                                                                                         \
        return no_prefix(eip, x, b, ctx, n, fin, MAP1_##t, PFX_ASSIST, 0x##hi##lo, &t[0x##hi##lo]);          \
    }
#define ROW(M, t, hi) M(t, hi, 0) M(t, hi, 1) M(t, hi, 2) M(t, hi, 3) M(t, hi, 4) M(t, hi, 5) M(t, hi, 6) \
    M(t, hi, 7) M(t, hi, 8) M(t, hi, 9) M(t, hi, a) M(t, hi, b) M(t, hi, c) M(t, hi, d) M(t, hi, e) M(t, hi, f)
#define ALL(M, t) ROW(M, t, 0) ROW(M, t, 1) ROW(M, t, 2) ROW(M, t, 3) ROW(M, t, 4) ROW(M, t, 5) ROW(M, t, 6) \
    ROW(M, t, 7) ROW(M, t, 8) ROW(M, t, 9) ROW(M, t, a) ROW(M, t, b) ROW(M, t, c) ROW(M, t, d) ROW(M, t, e) ROW(M, t, f)
#define NAME(t, hi, lo) t##_##hi##lo,
#define NAME_NP(t, hi, lo) t##_##hi##lo##_np,
#define NAME_NPA(t, hi, lo) t##_##hi##lo##_npa,
ALL(FN, map1)
ALL(FN, map0f)
static op_fn *const ops_map1[256] = {ALL(NAME, map1)}, *const ops_map0f[256] = {ALL(NAME, map0f)};
static xl_fast_op *const ops_map1_np[256] = {ALL(NAME_NP, map1)}, *const ops_map0f_np[256] = {ALL(NAME_NP, map0f)};
static xl_fast_op *const ops_map1_npa[256] = {ALL(NAME_NPA, map1)}, *const ops_map0f_npa[256] = {ALL(NAME_NPA, map0f)};
#undef FN
#undef ROW
#undef ALL
#undef NAME
#undef NAME_NP
#undef NAME_NPA

/* What the decode cache's miss dispatches to without prefixes (xl_decode.h), as configured. */
static uintptr_t op_decline(uint32_t eip, struct xl_insn *x, const uint8_t *b, uintptr_t ctx, unsigned n,
                            xl_fast_fin *fin)
{
    (void)b, (void)n;
    return fin(eip, x, 0, ctx);
}
#define D8 op_decline, op_decline, op_decline, op_decline, op_decline, op_decline, op_decline, op_decline
#define D64 D8, D8, D8, D8, D8, D8, D8, D8
static xl_fast_op *const ops_decline[256] = {D64, D64, D64, D64};
#undef D8
#undef D64
xl_fast_op *const *xl_fast_np1 = ops_map1_np;
int xl_decode_fast_on = 1;

static void configure(void)
{
    const int assist = (pf_start & PFX_ASSIST) != 0;
    xl_fast_np1 = !xl_decode_fast_on ? ops_decline : assist ? ops_map1_npa : ops_map1_np;
}

void xl_decode_set_assist(int on)
{
    pf_start = on ? PFX_ASSIST : 0;
    configure();
}

void xl_decode_set_fast(int on)
{
    xl_decode_fast_on = on != 0;
    configure();
}

/* With prefixes: at most one operand-size, one segment, one repeat and one LOCK prefix, in any
 * order; one word of bits keeps the decoder's live values few (four of them cost two more
 * saved registers a decode). */
static inline __attribute__((always_inline)) uintptr_t prefixed(uint32_t eip, struct xl_insn *x, const uint8_t *b,
                                                                uintptr_t ctx, unsigned n, xl_fast_fin *fin)
{
    unsigned p = 0, pf = pf_start, k; /* pf: the XL_PFX_* bits, the segment's number, the assist */
    if (n == 0) return fin(eip, x, 0, ctx);
    unsigned opc = b[0];
    while ((k = prefix_kind[opc]) != 0) {
        if (k & PFX_SEG) {
            if (pf & XL_PFX_SEG) return fin(eip, x, 0, ctx);
            pf |= XL_PFX_SEG | (k & 7) << PFX_SEG_SHIFT;
        } else {
            if (pf & (k & PFX_REPS ? PFX_REPS : k)) return fin(eip, x, 0, ctx);
            pf |= k;
        }
        if (++p >= n) return fin(eip, x, 0, ctx);
        opc = b[p];
    }
    p++;
    if (opc == 0x0f) {
        if (p >= n) return fin(eip, x, 0, ctx);
        return ops_map0f[b[p]](eip, x, b, ctx, n, fin, p + 1, pf);
    }
    return ops_map1[opc](eip, x, b, ctx, n, fin, p, pf);
}

uintptr_t xl_decode_fast_pfx(uint32_t eip, struct xl_insn *x, const uint8_t *b, uintptr_t ctx, unsigned n,
                             xl_fast_fin *fin)
{
    if (!xl_decode_fast_on) return fin(eip, x, 0, ctx);
    return prefixed(eip, x, b, ctx, n, fin);
}

/* The same whatever xl_decode_fast_on says (xl_decode_fast, and the first byte's dispatch when
 * it is a prefix). */
static uintptr_t prefixed_any(uint32_t eip, struct xl_insn *x, const uint8_t *b, uintptr_t ctx, unsigned n,
                              xl_fast_fin *fin)
{
    return prefixed(eip, x, b, ctx, n, fin);
}

/* The host's continuation: the mnemonic, 0 when declined. */
static uintptr_t fin_mnemonic(uint32_t eip, struct xl_insn *x, unsigned mn, uintptr_t ctx)
{
    (void)eip, (void)x, (void)ctx;
    return mn;
}
_Static_assert(ZYDIS_MNEMONIC_INVALID == 0, "a declined decode's mnemonic is 0");

/* The host's decoder whatever xl_decode_fast_on says (the tests compare it with Zydis). */
int xl_decode_fast(uint32_t eip, const uint8_t *b, unsigned n, struct xl_insn *x, unsigned *mnemonic)
{
    const int assist = (pf_start & PFX_ASSIST) != 0;
    const unsigned mn = (unsigned)xl_fast_dispatch(eip, x, b, 0, n, fin_mnemonic, assist ? ops_map1_npa : ops_map1_np,
                                                   prefixed_any);
    if (!mn) return -1;
    *mnemonic = mn;
    return 0;
}

int xl_decode_was_fast;

/* For the host tools and tests; the firmware's decode-cache miss (xl_dc_fill) takes the two
 * halves itself, through xl_decode_fast_to. */
int xl_decode(uint32_t eip, const uint8_t *b, unsigned n, struct xl_insn *x)
{
    unsigned mn;
    xl_decode_was_fast = xl_decode_fast_on && xl_decode_fast(eip, b, n, x, &mn) == 0;
    return xl_decode_was_fast ? 0 : xl_decode_slow(eip, b, n, x);
}
