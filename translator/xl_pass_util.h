/* What the passes (xl_pass_*.c) share: the one place that knows which base R op has which I-form,
 * field rewrites of an op word, the word maps of a block (deleted words, joins) and the register
 * values tracked along straight-line code (xl_pass_rle.c, xl_pass_cprop.c). */
#ifndef XL_PASS_UTIL_H
#define XL_PASS_UTIL_H
#include <stdint.h>
#include "xl_emit.h"
#include "xl_ir.h"
#include "morph_decode.h"

/* Base R op w with rs2 = the constant v, as its I-form (same rd and rs1), or 0. */
static inline uint32_t xl_imm_form(uint32_t w, int32_t v)
{
    unsigned rd = morph_rd(w), a = morph_rs1(w);
    int fits = xe_fits12(v), sh = v >= 0 && v < 32;
    switch (morph_classify(w)) {
    case MI_ADD: return fits ? xe_addi(rd, a, v) : 0;
    case MI_SUB: return v != INT32_MIN && xe_fits12(-v) ? xe_addi(rd, a, -v) : 0;
    case MI_AND: return fits ? xe_andi(rd, a, v) : 0;
    case MI_OR: return fits ? xe_ori(rd, a, v) : 0;
    case MI_XOR: return fits ? xe_xori(rd, a, v) : 0;
    case MI_SLL: return sh ? xe_slli(rd, a, (unsigned)v) : 0;
    case MI_SRL: return sh ? xe_srli(rd, a, (unsigned)v) : 0;
    case MI_SRA: return sh ? xe_srai(rd, a, (unsigned)v) : 0;
    default: return 0;
    }
}

/* Ops whose only effect is rd (register-to-register base ops and xsetcc). */
static inline int xl_pure_op(enum morph_iop op)
{
    switch (op) {
    case MI_LUI: case MI_ADDI: case MI_SLTI: case MI_SLTIU: case MI_XORI: case MI_ORI: case MI_ANDI:
    case MI_SLLI: case MI_SRLI: case MI_SRAI: case MI_ADD: case MI_SUB: case MI_SLL: case MI_SLT:
    case MI_SLTU: case MI_XOR: case MI_SRL: case MI_SRA: case MI_OR: case MI_AND: case MI_MUL:
    case MI_MULH: case MI_MULHSU: case MI_MULHU: case MI_DIV: case MI_DIVU: case MI_REM: case MI_REMU:
    case MI_XSETCC:
        return 1;
    default:
        return 0;
    }
}

/* w is "addi rd, x0, v" (a loaded immediate). */
static inline int xl_is_li(uint32_t w)
{
    return (w & (MORPH_F_OPCODE | MORPH_F_FUNCT3 | MORPH_F_RS1)) == xe_addi(0, 0, 0);
}

/* w with register field f (MORPH_F_RS1, MORPH_F_RS2, MORPH_F_RD) set to r. */
static inline uint32_t xl_set_reg(uint32_t w, uint32_t f, unsigned r)
{
    return (w & ~f) | ((uint32_t)r << __builtin_ctz(f) & f);
}

/* ---- word maps: one bit per word of the block (and one for the position after the last) ---- */
#define XL_MAP_WORDS ((XL_IR_MAX_WORDS + 1 + 31) / 32)
static inline int xl_map_has(const uint32_t *m, unsigned k) { return m[k >> 5] >> (k & 31) & 1; }
static inline void xl_map_set(uint32_t *m, unsigned k) { m[k >> 5] |= 1u << (k & 31); }
static inline void xl_map_clear(uint32_t *m, unsigned n)
{
    for (unsigned i = 0; i <= n >> 5; i++) m[i] = 0;
}
/* del: the words passes deleted; join: the words control can reach other than from the word
 * before them, as far as the IR says (labels; a pass adds the targets of branches encoded at lift
 * time as it meets them: they go forward). */
static inline void xl_maps_init(const struct xl_ir *ir, uint32_t *del, uint32_t *join)
{
    xl_map_clear(del, ir->n);
    xl_map_clear(join, ir->n);
    for (unsigned d = 0; d < ir->ndel; d++) xl_map_set(del, ir->del[d]);
    for (unsigned l = 0; l < ir->nlabels; l++) xl_map_set(join, ir->label_at[l]);
}

/* The end of the last x86 instruction's words: after it come only exit tails (the block's
 * fall-through commit and stub, side exits: they read the counters and leave, or commit and
 * leave), which the passes leave alone. */
static inline unsigned xl_body_end(const struct xl_ir *ir)
{
    return ir->ninsn ? ir->insn_end[ir->ninsn - 1] : 0;
}

/* ---- register values along straight-line code ---------------------------------------------- *
 * Each register r is known as "base + offset": base 0 (x0) means the constant offset, base r
 * itself with offset 0 means nothing is known. A fact holds while its base has not been written
 * since (versions) and no join was crossed (epochs): both are checked when a fact is read, so
 * forgetting costs nothing. Facts are one level deep: a base is never a register with a fact of
 * its own (such a register was written after its base, which would have ended the fact). */
struct xl_val { unsigned b; int32_t o; };
struct xl_vals {
    uint32_t tick, epoch;
    uint32_t ver[32], kv[32], fe[32]; /* version of r; of its base when the fact was made; epoch */
    int32_t ko[32];
    uint8_t kb[32];
    uint32_t cmask; /* registers that may hold a constant: a superset, xl_val_of decides */
};
/* A new start for v, which lives from one translation to the next (static, zero at boot): the
 * epoch and the versions only grow, so every fact of an earlier translation is of an older epoch
 * and nothing need be cleared (clearing the 64 words was 2% of the superblock translator). */
static inline void xl_vals_init(struct xl_vals *v)
{
    v->epoch++;
    v->cmask = 0;
}
static inline void xl_vals_forget(struct xl_vals *v) { v->epoch++; }
static inline struct xl_val xl_val_of(const struct xl_vals *v, unsigned r)
{
    struct xl_val x = {r, 0};
    if (r && v->fe[r] == v->epoch && (v->kb[r] == 0 || v->ver[v->kb[r]] == v->kv[r])) {
        x.b = v->kb[r];
        x.o = v->ko[r];
    }
    return x;
}
static inline int xl_val_eq(struct xl_val a, struct xl_val b) { return a.b == b.b && a.o == b.o; }
static inline int xl_val_const(struct xl_val a) { return a.b == 0; }
static inline struct xl_val xl_val_add(struct xl_val a, int32_t d)
{
    a.o = (int32_t)((uint32_t)a.o + (uint32_t)d);
    return a;
}
/* rd is written with value x (x = {rd, 0}: unknown). */
static inline void xl_val_set(struct xl_vals *v, unsigned rd, struct xl_val x)
{
    if (!rd) return;
    v->ver[rd] = ++v->tick;
    v->cmask = (v->cmask & ~(1u << rd)) | (uint32_t)(x.b == 0) << rd;
    if (x.b == rd) {
        v->fe[rd] = 0; /* epochs start at 1 */
        return;
    }
    v->kb[rd] = (uint8_t)x.b;
    v->kv[rd] = v->ver[x.b];
    v->ko[rd] = x.o;
    v->fe[rd] = v->epoch;
}
static inline void xl_val_unknown(struct xl_vals *v, unsigned rd)
{
    struct xl_val x = {rd, 0};
    xl_val_set(v, rd, x);
}

#endif
