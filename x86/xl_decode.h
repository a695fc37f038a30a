/* x86 front end (x86/): the decode layer shared by the interpreter and the translators: one
 * IA-32 instruction (32-bit protected-mode user code) decoded by Zydis into a compact, Zydis-free
 * form. Nothing after xl_decode() needs Zydis structures, so decoded instructions can be cached
 * cheaply.
 * Operands are the instruction's explicit (visible) operands in Intel order (destination
 * first); implicit ones (EAX for MUL, ESP for PUSH, ESI/EDI for string ops, ...) follow from op. */
#ifndef XL_DECODE_H
#define XL_DECODE_H
#include <stdint.h>

#define XL_MAX_LEN 15
#define XL_NOREG 0xff

/* Operation ids (enum xl_op) and their facts: xl_ops.h. */
#include "xl_ops.h"

/* XL_X87: `target` holds the x87 opcode as the FOP register keeps it (low 3 bits of the escape
 * byte << 8 | ModRM), or XL_X87_FWAIT for WAIT/FWAIT (9B). A memory form has nops = 1 and its
 * operand in ops[0]; register forms have nops = 0 (ST(i) is in the ModRM). cms/interp/x87.c. */
#define XL_X87_FWAIT 0x9b00u
#define XL_X87_FNSTSW_AX 0x7e0u /* FNSTSW AX (DF E0): the one x87 instruction that writes a register */

enum xl_opkind { XL_OPK_NONE, XL_OPK_REG, XL_OPK_MEM, XL_OPK_IMM, XL_OPK_SREG };

/* Prefix bits (xl_insn.prefix). */
#define XL_PFX_REP 0x01   /* F3 on MOVS/STOS/LODS (REP) and CMPS/SCAS (REPE) */
#define XL_PFX_REPNE 0x02 /* F2 on CMPS/SCAS */
#define XL_PFX_LOCK 0x04
#define XL_PFX_OPSIZE 0x08 /* 0x66 */
#define XL_PFX_SEG 0x10    /* a segment override is present (xl_insn.seg) */
#define XL_PFX_ADSIZE 0x20 /* 0x67: 16-bit addressing (JCXZ, LOOP on CX; memory operands) */

/* Memory operand flags (xl_operand.flags). */
#define XL_MEMF_A16 0x01 /* 16-bit addressing: base/index are 16-bit registers, offset wraps at 64K */

struct xl_operand {
    uint8_t kind;  /* enum xl_opkind */
    uint8_t size;  /* bytes: 1, 2, 4 (8 for CMPXCHG8B's m64); IMM: width of the encoding */
    uint8_t reg;   /* REG: GPR number as encoded (8-bit: 0-3 AL CL DL BL, 4-7 AH CH DH BH);
                      SREG: enum cms_seg; MEM: base register or XL_NOREG */
    uint8_t index; /* MEM: index register or XL_NOREG */
    uint8_t scale; /* MEM: log2 of the scale (0..3) */
    uint8_t seg;   /* MEM: effective segment (enum cms_seg; SS for ESP/EBP bases) */
    uint8_t flags; /* XL_MEMF_* */
    uint8_t pad;
    int32_t val;   /* MEM: displacement; IMM: value sign-extended from its encoding */
};

struct xl_insn {
    uint8_t op;        /* enum xl_op */
    uint8_t len;       /* bytes */
    uint8_t osize;     /* operand size in bytes (1, 2, 4) of the operation */
    uint8_t nops;      /* explicit operands used in ops[] */
    uint8_t cc;        /* condition (Jcc low nibble) for JCC/SETCC/CMOVCC */
    uint8_t prefix;    /* XL_PFX_* */
    uint8_t seg;       /* segment override (enum cms_seg) when XL_PFX_SEG, else CMS_DS */
    uint8_t pad;
    uint32_t target;   /* relative branches: absolute target EIP */
    struct xl_operand ops[3];
};

/* Bitmap of the Zydis mnemonic ids the decoders have decoded (the fast one's opcode functions
 * and xl_decode_slow record them), for the "distinct x86 mnemonics executed" statistic (an
 * instruction is decoded only when it is about to execute). */
#define XL_MNEMONIC_WORDS 64
extern uint32_t xl_mnemonic_seen[XL_MNEMONIC_WORDS];

/* Decodes the instruction at EIP `eip` from `len` available bytes (at most XL_MAX_LEN needed).
 * Always fills *out. Returns 0 when it decoded (op may still be XL_UNSUPPORTED), -1 when the
 * bytes are invalid (op = XL_INVALID, len = 1), -2 when `len` bytes were too few to decide (the
 * instruction runs into bytes the caller did not have). The fast decoder first, Zydis for what
 * it leaves. */
int xl_decode(uint32_t eip, const uint8_t *bytes, unsigned len, struct xl_insn *out);
/* Set by each xl_decode: 1 if the fast decoder took the instruction (statistics). */
extern int xl_decode_was_fast;
/* The fast decoder in continuation-passing form, for the decode cache's miss (xl_dc_fill): it
 * decodes the instruction in b[0..n) into *out and ends in a tail call of fin(eip, out,
 * mnemonic, ctx), with mnemonic 0 when it leaves the instruction to Zydis (*out then
 * undefined), and returns what fin returns. So the miss keeps no frame across the decode. The
 * arguments are in the order that leaves eip, out and ctx in fin's registers. */
typedef uintptr_t xl_fast_fin(uint32_t eip, struct xl_insn *out, unsigned mnemonic, uintptr_t ctx);
typedef uintptr_t xl_fast_op(uint32_t eip, struct xl_insn *out, const uint8_t *b, uintptr_t ctx, unsigned n,
                             xl_fast_fin *fin);
/* The fast decoder's functions by first byte, as configured (x86/xl_fastdec.c): the opcode's
 * for an instruction without prefixes (with or without the assist), the 0F map's dispatch, the
 * prefixes' path; or all declining (xl_decode_fast_on 0). They read b[0] and b[1]. */
extern xl_fast_op *const *xl_fast_np1;
/* An instruction with prefixes, or fewer than two bytes (declines all when xl_decode_fast_on
 * is 0). */
xl_fast_op xl_decode_fast_pfx;

/* The first byte's dispatch, inline in the miss: one table load and a jump. */
static inline __attribute__((always_inline)) uintptr_t xl_fast_dispatch(uint32_t eip, struct xl_insn *x,
                                                                       const uint8_t *b, uintptr_t ctx, unsigned n,
                                                                       xl_fast_fin *fin, xl_fast_op *const *np1,
                                                                       xl_fast_op *pfx)
{
    if (n < 2) return pfx(eip, x, b, ctx, n, fin); /* the rare short cases there */
    return np1[b[0]](eip, x, b, ctx, n, fin);
}
static inline uintptr_t xl_decode_fast_to(uint32_t eip, struct xl_insn *x, const uint8_t *b, uintptr_t ctx,
                                          unsigned n, xl_fast_fin *fin)
{
    return xl_fast_dispatch(eip, x, b, ctx, n, fin, xl_fast_np1, xl_decode_fast_pfx);
}
/* 0: xl_decode and the decode cache leave every instruction to Zydis (morph run
 * --fast-decode=off): xl_decode_set_fast. */
extern int xl_decode_fast_on;
void xl_decode_set_fast(int on);
/* on: the core has the decode assist (knob xdec; docs/isa.md section 7a), and the fast decoder
 * predecodes ModRM and SIB with xmodrm; 0 (the default): in software. The results are the same. */
void xl_decode_set_assist(int on);
/* The two decoders on their own (their results are equal wherever the fast one decodes:
 * tests/unit/test_xl_fastdec.c); *mnemonic gets Zydis's mnemonic id.
 * xl_decode_fast (x86/xl_fastdec.c): the common forms from opcode tables; returns 0 and
 * fills *out, or -1 (*out undefined) for what it leaves to Zydis. xl_decode_zydis returns as
 * xl_decode. */
int xl_decode_fast(uint32_t eip, const uint8_t *bytes, unsigned len, struct xl_insn *out, unsigned *mnemonic);
int xl_decode_zydis(uint32_t eip, const uint8_t *bytes, unsigned len, struct xl_insn *out, unsigned *mnemonic);
/* xl_decode_zydis that also records the mnemonic (xl_decode's fallback). */
int xl_decode_slow(uint32_t eip, const uint8_t *bytes, unsigned len, struct xl_insn *out);
/* The same for code in a 16-bit code segment (default operand and address size 16; ip the
 * offset in CS): XL_PFX_OPSIZE and XL_PFX_ADSIZE then say the 16-bit sizes are in force. */
int xl_decode16(uint32_t ip, const uint8_t *bytes, unsigned len, struct xl_insn *out);
/* Zydis's flag table for the instruction in `bytes` (tests: the facts table against it): EFLAGS
 * bits x86 leaves undefined, and those it writes (modified, set, cleared or undefined). -1 for
 * bytes Zydis does not decode. */
int xl_decode_flags(const uint8_t *bytes, unsigned len, uint16_t *undef, uint16_t *mod);

/* Name of an op id, for messages and tests. */
const char *xl_op_name(unsigned op);

/* Arithmetic flags (XF_*) an instruction may write, surely writes (in every execution) and
 * reads, from the facts table (xl_ops.h) and the instruction's condition code and count. */
static inline void xl_flags_rw(const struct xl_insn *x, uint32_t *may, uint32_t *must, uint32_t *reads)
{
    const struct xl_op_facts *f = xl_facts(x->op);
    *reads = __builtin_expect((f->rd & XL_FL_CC) != 0, 0) ? xl_cc_reads(x->cc) : f->rd; /* Jcc, SETcc, CMOVcc */
    *may = *must = f->wr;
    if (f->rule == XL_FRULE_SOMETIMES) {
        *must = 0;
    } else if (f->rule == XL_FRULE_COUNT || f->rule == XL_FRULE_COUNT_MAY) {
        const struct xl_operand *c = &x->ops[x->op == XL_SHLD || x->op == XL_SHRD ? 2 : 1];
        if (c->kind != XL_OPK_IMM) *must = 0;                          /* count in CL: maybe 0 */
        else if (!xl_shift_count((uint32_t)c->val)) *may = *must = 0; /* count 0: nothing */
        else if (f->rule == XL_FRULE_COUNT_MAY) *must = 0;
    }
}

#endif
