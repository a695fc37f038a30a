/* The x86 front end's facts table: one row per x86 operation form (enum xl_op), the only place
 * where the interpreter and the translator learn what an operation does to the flags, which x-ALU
 * operation computes it, whether it ends a basic block, whether the translator handles it inline
 * and how many I-ops that costs. To add an x86 instruction: add its row here, map Zydis's mnemonic
 * to it in xl_decode.c, execute it in cms/interp/interp.c and (optionally) translate it in
 * translator/xl_bbt.c. docs/interpreter.md, "The x86 front end".
 *
 * Columns of XL_OPS(X):
 *   name   enum xl_op id XL_<name>. The groups ADD..CMP and ROL..SAR follow x86's /digit order.
 *          UNSUPPORTED: decoded by Zydis but not implemented (reported when executed);
 *          INVALID: Zydis refused the bytes (invalid opcode, illegal LOCK ...).
 *   xalu   x-ALU operation (MORPH_XALU_OPS name: ADD, SHL, MULF ...) that computes the result
 *          and the flags (LOGF: the flags of a result computed otherwise), or NONE. As a
 *          constant expression: XL_XALU_OF_<name>; at run time: xl_op_xalu(op).
 *   rd     arithmetic flags read (XF_* of morph_isa.h; CC: those of the condition in xl_insn.cc).
 *   wr     arithmetic flags written as morph implements them (the interpreter and translated code
 *          alike; for flags x86 leaves undefined, what the x-ALU or the handler leaves).
 *   undef  flags x86 leaves undefined (Intel SDM; Zydis reports the same per instruction).
 *   rule   when `wr` is written: ALWAYS; COUNT: only when the shift count & 31 is nonzero (a zero
 *          count writes no flag, no register, no memory); COUNT_MAY: as COUNT but never surely
 *          (RCL/RCR: the 8/16-bit count is also taken mod 9/17); SOMETIMES: may write, never
 *          surely (REP CMPS/SCAS may run zero times; x87 forms differ).
 *   end    1: ends a basic block (a control transfer, or INT: the kernel may change anything;
 *          POPF: it may set TF, which the dispatcher must see before the next instruction).
 *   inl    translator/xl_bbt.c handles it inline: NO, YES, D32 (32-bit operand size only),
 *          NOT8 (not 8-bit), FORM (depends on operands: xl_bbt.c's form check says which).
 *   iops   I-op count class of an inline form, as pinned in tests/xlpins/: NA (not inline), ZERO,
 *          SMALL (at most 8 I-ops), LARGE (at most 16), XLARGE (at most 32), STRING (at most 64; with REP
 *          loops of their own: MOVS and STOS 32 bytes a step, then 16 once, then one element at a
 *          time), END (body plus exit stubs: the block ends here). */
#ifndef XL_OPS_H
#define XL_OPS_H
#include <stdint.h>
#include "morph_isa.h"

/* clang-format off */
#define XL_OPS(X)                                                                                          \
    /*  name        xalu   rd           wr                undef             rule       end inl   iops  */ \
    X(UNSUPPORTED, NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(INVALID,     NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(ADD,         ADD,   0,           ALL,              0,                ALWAYS,    0, YES,  SMALL)  \
    X(OR,          OR,    0,           ALL,              AF,               ALWAYS,    0, YES,  SMALL)  \
    X(ADC,         ADC,   CF,          ALL,              0,                ALWAYS,    0, YES,  SMALL)  \
    X(SBB,         SBB,   CF,          ALL,              0,                ALWAYS,    0, YES,  SMALL)  \
    X(AND,         AND,   0,           ALL,              AF,               ALWAYS,    0, YES,  SMALL)  \
    X(SUB,         SUB,   0,           ALL,              0,                ALWAYS,    0, YES,  SMALL)  \
    X(XOR,         XOR,   0,           ALL,              AF,               ALWAYS,    0, YES,  SMALL)  \
    X(CMP,         SUB,   0,           ALL,              0,                ALWAYS,    0, YES,  SMALL)  \
    X(ROL,         ROL,   0,           CF|OF,            OF,               COUNT,     0, FORM, SMALL)  \
    X(ROR,         ROR,   0,           CF|OF,            OF,               COUNT,     0, FORM, SMALL)  \
    X(RCL,         RCL,   CF,          CF|OF,            OF,               COUNT_MAY, 0, FORM, SMALL)  \
    X(RCR,         RCR,   CF,          CF|OF,            OF,               COUNT_MAY, 0, FORM, SMALL)  \
    X(SHL,         SHL,   0,           ALL,              AF|OF,            COUNT,     0, FORM, SMALL)  \
    X(SHR,         SHR,   0,           ALL,              AF|OF,            COUNT,     0, FORM, SMALL)  \
    X(SAL_UNUSED,  SHL,   0,           ALL,              AF|OF,            COUNT,     0, FORM, SMALL)  \
    X(SAR,         SAR,   0,           ALL,              AF|OF,            COUNT,     0, FORM, SMALL)  \
    X(TEST,        AND,   0,           ALL,              AF,               ALWAYS,    0, YES,  SMALL)  \
    X(INC,         INC,   0,           ALL&~XF_CF,       0,                ALWAYS,    0, YES,  SMALL)  \
    X(DEC,         DEC,   0,           ALL&~XF_CF,       0,                ALWAYS,    0, YES,  SMALL)  \
    X(NEG,         NEG,   0,           ALL,              0,                ALWAYS,    0, YES,  SMALL)  \
    X(NOT,         NONE,  0,           0,                0,                ALWAYS,    0, YES,  SMALL)  \
    X(MUL,         MULF,  0,           ALL,              SF|ZF|AF|PF,      ALWAYS,    0, D32,  SMALL)  \
    X(IMUL1,       IMULF, 0,           ALL,              SF|ZF|AF|PF,      ALWAYS,    0, D32,  SMALL)  \
    X(IMUL,        IMULF, 0,           ALL,              SF|ZF|AF|PF,      ALWAYS,    0, NOT8, SMALL)  \
    X(DIV,         NONE,  0,           0,                ALL,              ALWAYS,    0, D32,  SMALL)  \
    X(IDIV,        NONE,  0,           0,                ALL,              ALWAYS,    0, D32,  LARGE)  \
    X(MOV,         NONE,  0,           0,                0,                ALWAYS,    0, YES,  SMALL)  \
    X(MOVZX,       NONE,  0,           0,                0,                ALWAYS,    0, D32,  SMALL)  \
    X(MOVSX,       NONE,  0,           0,                0,                ALWAYS,    0, D32,  SMALL)  \
    X(LEA,         NONE,  0,           0,                0,                ALWAYS,    0, D32,  SMALL)  \
    X(XCHG,        NONE,  0,           0,                0,                ALWAYS,    0, YES,  SMALL)  \
    X(XADD,        ADD,   0,           ALL,              0,                ALWAYS,    0, NO,   NA)     \
    X(CMPXCHG,     SUB,   0,           ALL,              0,                ALWAYS,    0, D32,  SMALL)  \
    X(CMPXCHG8B,   NONE,  0,           ZF,               0,                ALWAYS,    0, NO,   NA)     \
    X(BSWAP,       NONE,  0,           0,                0,                ALWAYS,    0, D32,  LARGE)  \
    X(PUSH,        NONE,  0,           0,                0,                ALWAYS,    0, NOT8, SMALL)  \
    X(POP,         NONE,  0,           0,                0,                ALWAYS,    0, FORM, SMALL)  \
    X(PUSHA,       NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(POPA,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(PUSHF,       NONE,  ALL,         0,                0,                ALWAYS,    0, NO,   NA)     \
    X(POPF,        NONE,  0,           ALL,              0,                ALWAYS,    1, NO,   NA)     \
    X(LAHF,        NONE,  SF|ZF|AF|PF|CF, 0,             0,                ALWAYS,    0, NO,   NA)     \
    X(SAHF,        NONE,  0,           SF|ZF|AF|PF|CF,   0,                ALWAYS,    0, NO,   NA)     \
    X(SHLD,        LOGF,  0,           ALL,              AF|OF,            COUNT,     0, FORM, XLARGE) \
    X(SHRD,        LOGF,  0,           ALL,              AF|OF,            COUNT,     0, FORM, XLARGE) \
    X(BT,          NONE,  0,           CF,               OF|SF|AF|PF,      ALWAYS,    0, FORM, SMALL)  \
    X(BTS,         NONE,  0,           CF,               OF|SF|AF|PF,      ALWAYS,    0, FORM, LARGE)  \
    X(BTR,         NONE,  0,           CF,               OF|SF|AF|PF,      ALWAYS,    0, FORM, LARGE)  \
    X(BTC,         NONE,  0,           CF,               OF|SF|AF|PF,      ALWAYS,    0, FORM, SMALL)  \
    X(BSF,         NONE,  0,           ZF,               CF|OF|SF|AF|PF,   ALWAYS,    0, D32,  XLARGE) \
    X(BSR,         NONE,  0,           ZF,               CF|OF|SF|AF|PF,   ALWAYS,    0, D32,  XLARGE) \
    X(SETCC,       NONE,  CC,          0,                0,                ALWAYS,    0, YES,  SMALL)  \
    X(CMOVCC,      NONE,  CC,          0,                0,                ALWAYS,    0, D32,  SMALL)  \
    X(JCC,         NONE,  CC,          0,                0,                ALWAYS,    1, YES,  END)    \
    X(JMP,         NONE,  0,           0,                0,                ALWAYS,    1, YES,  END)    \
    X(JMP_IND,     NONE,  0,           0,                0,                ALWAYS,    1, D32,  END)    \
    X(CALL,        NONE,  0,           0,                0,                ALWAYS,    1, YES,  END)    \
    X(CALL_IND,    NONE,  0,           0,                0,                ALWAYS,    1, D32,  END)    \
    X(RET,         NONE,  0,           0,                0,                ALWAYS,    1, D32,  END)    \
    X(LOOP,        NONE,  0,           0,                0,                ALWAYS,    1, FORM, END)    \
    X(LOOPE,       NONE,  ZF,          0,                0,                ALWAYS,    1, FORM, END)    \
    X(LOOPNE,      NONE,  ZF,          0,                0,                ALWAYS,    1, FORM, END)    \
    X(JECXZ,       NONE,  0,           0,                0,                ALWAYS,    1, FORM, END)    \
    X(CBW,         NONE,  0,           0,                0,                ALWAYS,    0, YES,  SMALL)  \
    X(CWDE,        NONE,  0,           0,                0,                ALWAYS,    0, YES,  SMALL)  \
    X(CWD,         NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(CDQ,         NONE,  0,           0,                0,                ALWAYS,    0, YES,  SMALL)  \
    X(ENTER,       NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(LEAVE,       NONE,  0,           0,                0,                ALWAYS,    0, D32,  SMALL)  \
    X(XLAT,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(MOVS,        NONE,  0,           0,                0,                ALWAYS,    0, FORM, STRING) \
    X(STOS,        NONE,  0,           0,                0,                ALWAYS,    0, YES,  STRING) \
    X(LODS,        NONE,  0,           0,                0,                ALWAYS,    0, FORM, STRING) \
    X(CMPS,        SUB,   0,           ALL,              0,                SOMETIMES, 0, NO,   NA)     \
    X(SCAS,        SUB,   0,           ALL,              0,                SOMETIMES, 0, NO,   NA)     \
    X(CLD,         NONE,  0,           0,                0,                ALWAYS,    0, YES,  ZERO)   \
    X(STD,         NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(CLC,         NONE,  0,           CF,               0,                ALWAYS,    0, YES,  SMALL)  \
    X(STC,         NONE,  0,           CF,               0,                ALWAYS,    0, YES,  SMALL)  \
    X(CMC,         NONE,  CF,          CF,               0,                ALWAYS,    0, YES,  SMALL)  \
    X(NOP,         NONE,  0,           0,                0,                ALWAYS,    0, YES,  ZERO)   \
    X(HLT,         NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(INT3,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(INTO,        NONE,  OF,          0,                0,                ALWAYS,    0, NO,   NA)     \
    X(INT1,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(UD2,         NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(INT,         NONE,  0,           0,                0,                ALWAYS,    1, NO,   NA)     \
    X(CPUID,       NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(RDTSC,       NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(RDTSCP,      NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    /* BCD adjusts (AL, AH; SF ZF PF of the new AL where x86 leaves them undefined, OF 0); inline   \
     * (translator/xl_lift.c lift_bcd) but AAM 0 */                                              \
    X(DAA,         NONE,  CF|AF,       ALL,              OF,               ALWAYS,    0, YES,  XLARGE) \
    X(DAS,         NONE,  CF|AF,       ALL,              OF,               ALWAYS,    0, YES,  XLARGE) \
    X(AAA,         NONE,  AF,          ALL,              OF|SF|ZF|PF,      ALWAYS,    0, YES,  XLARGE) \
    X(AAS,         NONE,  AF,          ALL,              OF|SF|ZF|PF,      ALWAYS,    0, YES,  XLARGE) \
    X(AAM,         NONE,  0,           ALL,              OF|AF|CF,         ALWAYS,    0, FORM, LARGE)  \
    X(AAD,         NONE,  0,           ALL,              OF|AF|CF,         ALWAYS,    0, YES,  LARGE)  \
    X(SALC,        NONE,  CF,          0,                0,                ALWAYS,    0, NO,   NA)     \
    /* POPCNT, LZCNT (ABM), TZCNT (BMI1), MOVBE: CPUID reports them; LZCNT and TZCNT leave SF    \
     * and PF those of the count (xlogf), POPCNT clears what it does not set, as x86 defines */  \
    X(POPCNT,      NONE,  0,           ALL,              0,                ALWAYS,    0, D32,  XLARGE) \
    X(LZCNT,       LOGF,  0,           ALL,              OF|SF|AF|PF,      ALWAYS,    0, D32,  XLARGE) \
    X(TZCNT,       LOGF,  0,           ALL,              OF|SF|AF|PF,      ALWAYS,    0, D32,  XLARGE) \
    X(MOVBE,       NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    /* far transfers and descriptor queries (cms/cms_desc.c): JMPF/CALLF take ops[0] = IMM selector   \
     * with the offset in target (ptr16:32) or MEM (m16:32, m16:16) */                          \
    X(JMPF,        NONE,  0,           0,                0,                ALWAYS,    1, NO,   NA)     \
    X(CALLF,       NONE,  0,           0,                0,                ALWAYS,    1, NO,   NA)     \
    X(RETF,        NONE,  0,           0,                0,                ALWAYS,    1, NO,   NA)     \
    X(IRET,        NONE,  0,           ALL,              0,                ALWAYS,    1, NO,   NA)     \
    X(LAR,         NONE,  0,           ZF,               0,                ALWAYS,    0, NO,   NA)     \
    X(LSL,         NONE,  0,           ZF,               0,                ALWAYS,    0, NO,   NA)     \
    X(VERR,        NONE,  0,           ZF,               0,                ALWAYS,    0, NO,   NA)     \
    X(VERW,        NONE,  0,           ZF,               0,                ALWAYS,    0, NO,   NA)     \
    X(ARPL,        NONE,  0,           ZF,               0,                ALWAYS,    0, NO,   NA)     \
    /* LDS LES LFS LGS LSS r, m16:32 (m16:16): the segment register in xl_insn.cc (enum cms_seg) */ \
    X(LSEG,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    /* BOUND r, m (#BR: SIGSEGV); PRIV: the I/O and system instructions CPL 3 may not run (#GP) */ \
    X(BOUND,       NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(PRIV,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    /* SGDT SIDT SLDT STR SMSW: what Linux's UMIP emulation gives user mode (cms_desc.h) */     \
    X(SGDT,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(SIDT,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(SLDT,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(STR,         NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(SMSW,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    /* BMI1, BMI2 (VEX-encoded) and ADX */                                                      \
    X(ANDN,        NONE,  0,           ALL,              AF|PF,            ALWAYS,    0, NO,   NA)     \
    X(BEXTR,       NONE,  0,           ALL,              AF|SF|PF,         ALWAYS,    0, NO,   NA)     \
    X(BLSI,        NONE,  0,           ALL,              AF|PF,            ALWAYS,    0, NO,   NA)     \
    X(BLSMSK,      NONE,  0,           ALL,              AF|PF,            ALWAYS,    0, NO,   NA)     \
    X(BLSR,        NONE,  0,           ALL,              AF|PF,            ALWAYS,    0, NO,   NA)     \
    X(BZHI,        NONE,  0,           ALL,              AF|PF,            ALWAYS,    0, NO,   NA)     \
    X(MULX,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(PDEP,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(PEXT,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(RORX,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(SARX,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(SHLX,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(SHRX,        NONE,  0,           0,                0,                ALWAYS,    0, NO,   NA)     \
    X(ADCX,        NONE,  CF,          CF,               0,                ALWAYS,    0, NO,   NA)     \
    X(ADOX,        NONE,  OF,          OF,               0,                ALWAYS,    0, NO,   NA)     \
    /* escape D8-DF and WAIT (see XL_X87_FWAIT): FCOMI/FUCOMI write, FCMOVcc read these; not    \
     * inline: translated code calls the firmware's x87 routines (xl_lift.c lift_x87) */          \
    X(X87,         NONE,  ZF|PF|CF,    ZF|PF|CF,         0,                SOMETIMES, 0, NO,   LARGE)
/* clang-format on */

enum xl_op {
#define XL_ENUM_(n, ...) XL_##n,
    XL_OPS(XL_ENUM_)
#undef XL_ENUM_
    XL_OP_COUNT
};

/* Column values. */
#define XL_XALU_NONE 0xff
enum xl_flag_rule { XL_FRULE_ALWAYS, XL_FRULE_COUNT, XL_FRULE_COUNT_MAY, XL_FRULE_SOMETIMES };
enum xl_inline { XL_INL_NO, XL_INL_YES, XL_INL_D32, XL_INL_NOT8, XL_INL_FORM };
enum xl_iops { XL_IOPS_NA, XL_IOPS_ZERO, XL_IOPS_SMALL, XL_IOPS_LARGE, XL_IOPS_XLARGE, XL_IOPS_STRING, XL_IOPS_END };
/* `rd` pseudo-flag: the flags of the condition code (xl_cc_reads). Outside XF_ARITH. */
#define XL_FL_CC 0x8000u

struct xl_op_facts {
    uint8_t xalu; /* x-ALU funct7, or XL_XALU_NONE */
    uint8_t rule; /* enum xl_flag_rule */
    uint8_t end;  /* ends a basic block */
    uint8_t inl;  /* enum xl_inline */
    uint8_t iops; /* enum xl_iops */
    uint8_t pad[3];
    uint16_t rd, wr, undef; /* XF_* bits; rd may hold XL_FL_CC */
    uint16_t pad2;
}; /* 16 bytes: indexing is one shift */

#define XL_XA_NONE XL_XALU_NONE
#define XL_XA_ENUM_(name, f7) XL_XA_##name = f7,
enum { MORPH_XALU_OPS(XL_XA_ENUM_) };
#undef XL_XA_ENUM_
/* x-ALU op of each x86 op as a constant expression (the x-ALU's funct7 must be an immediate). */
enum {
#define XL_XOF_(n, xa, ...) XL_XALU_OF_##n = XL_XA_##xa,
    XL_OPS(XL_XOF_)
#undef XL_XOF_
};

/* The table, built from XL_OPS once (x86/xl_decode.c); its x-ALU column also as bytes, for the
 * interpreter's hot path (one lbu). */
extern const struct xl_op_facts xl_op_facts[XL_OP_COUNT];
_Static_assert(sizeof(struct xl_op_facts) == 16, "facts row grew");
_Static_assert(!(XL_FL_CC & XF_ARITH), "XL_FL_CC collides with a flag");
extern const uint8_t xl_op_xalu_col[XL_OP_COUNT];
#ifdef XL_OPS_DEFINE_TABLE
const uint8_t xl_op_xalu_col[XL_OP_COUNT] = {
#define XL_XCOL_(n, xa, ...) [XL_##n] = XL_XA_##xa,
    XL_OPS(XL_XCOL_)
#undef XL_XCOL_
};
#define CF XF_CF
#define PF XF_PF
#define AF XF_AF
#define ZF XF_ZF
#define SF XF_SF
#define OF XF_OF
#define ALL XF_ARITH
#define CC XL_FL_CC
const struct xl_op_facts xl_op_facts[XL_OP_COUNT] = {
#define XL_ROW_(n, xa, r, w, u, ru, e, in, io)                                                  \
    [XL_##n] = {XL_XA_##xa, XL_FRULE_##ru, e, XL_INL_##in, XL_IOPS_##io, {0}, (r), (w), (u), 0},
    XL_OPS(XL_ROW_)
#undef XL_ROW_
};
#undef CF
#undef PF
#undef AF
#undef ZF
#undef SF
#undef OF
#undef ALL
#undef CC
#endif

static inline const struct xl_op_facts *xl_facts(unsigned op) { return &xl_op_facts[op]; }
/* x-ALU funct7 of an op (XL_XALU_NONE when none computes it). */
static inline unsigned xl_op_xalu(unsigned op) { return xl_op_xalu_col[op]; }
/* The instruction ends a basic block. */
static inline int xl_op_ends_block(unsigned op) { return xl_op_facts[op].end; }

/* Flags read by a condition code (Jcc/SETcc/CMOVcc low nibble). */
static inline uint32_t xl_cc_reads(unsigned cc)
{
    static const uint16_t t[16] = {
        XF_OF, XF_OF, XF_CF, XF_CF, XF_ZF, XF_ZF, XF_CF | XF_ZF, XF_CF | XF_ZF,
        XF_SF, XF_SF, XF_PF, XF_PF, XF_SF | XF_OF, XF_SF | XF_OF,
        XF_ZF | XF_SF | XF_OF, XF_ZF | XF_SF | XF_OF,
    };
    return t[cc & 15];
}

/* The shift and rotate count rule (also SHLD/SHRD): x86 uses count & 31; a zero masked count
 * changes nothing (no flag, no register, no memory access). */
static inline uint32_t xl_shift_count(uint32_t count) { return count & 31; }

#endif
