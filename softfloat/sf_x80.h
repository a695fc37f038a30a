/* sf_x80.h: morph's 80-bit extended-precision soft-float, bit-exact with the x87 FPU.
 *
 * Integer-only C11 (no floating-point types), freestanding: built into the RV32 firmware and
 * into host tests. See docs/softfloat.md.
 *
 * Calling convention for every operation that can raise exceptions:
 *   - operands are passed by value, the result is returned;
 *   - env->cw is read (RC bits 10-11, PC bits 8-9, exception masks bits 0-5);
 *   - env->exc is set to the exceptions raised by this operation alone (bits 0-5),
 *     env->sw accumulates them (sticky) and receives the condition codes the operation defines
 *     (C1 = "rounded up" for arithmetic, C0-C3 for compares/FPREM/FXAM, C2 for ...);
 *     if a raised exception is unmasked, ES (bit 7) and B (bit 15) are set in env->sw too;
 *   - sf_unmasked(env) != 0 tells the instruction layer to deliver the exception (SIGFPE).
 *     For an unmasked IE, ZE or DE the x87 leaves the destination unchanged: do not write the
 *     returned value. For an unmasked OE/UE on a register destination the returned value is the
 *     bias-adjusted result the x87 would write (exponent -/+ 0x6000); stores to memory under an
 *     unmasked OE/UE/IE must not write memory.
 * The stack-fault bit (SF), TOP and tag word belong to the instruction layer.
 */
#ifndef SF_X80_H
#define SF_X80_H

#include <stdint.h>

/* An x87 register/m80 value: se = sign << 15 | biased 15-bit exponent; mant has the explicit
 * integer bit at bit 63. */
typedef struct {
    uint64_t mant;
    uint16_t se;
} sf_x80;

struct sf_env {
    uint16_t cw;  /* control word: masks 0-5, PC 8-9, RC 10-11 */
    uint16_t sw;  /* status word: sticky flags 0-5, ES 7, C0 8, C1 9, C2 10, C3 14, B 15 */
    uint16_t exc; /* exceptions raised by the last operation (bits 0-5) */
    uint16_t mem_de; /* set by sf_widen_*: the next operation's memory operand was a denormal */
    uint16_t vendor; /* enum sf_vendor: where the SDM leaves results to the implementation */
};

/* Implementation-specific results (docs/x87.md, "Two behaviours"). Today one point differs:
 * FSIN, FCOS, FSINCOS and FPTAN of a pseudo-denormal operand. AMD computes them like any tiny
 * operand (rounded under RC, UE when the result is denormal); Intel returns the operand
 * normalized (sine, tangent) and 1.0 (cosine) with PE, whatever the rounding mode. */
enum sf_vendor { SF_VENDOR_AMD = 0, SF_VENDOR_INTEL = 1 };

/* Exception flags (status word) and masks (control word): same bit positions. */
#define SF_IE 0x0001u /* invalid operation */
#define SF_DE 0x0002u /* denormal operand */
#define SF_ZE 0x0004u /* zero divide */
#define SF_OE 0x0008u /* overflow */
#define SF_UE 0x0010u /* underflow */
#define SF_PE 0x0020u /* precision (inexact) */
#define SF_EXC_ALL 0x003Fu
#define SF_ES 0x0080u /* error summary */
#define SF_C0 0x0100u
#define SF_C1 0x0200u
#define SF_C2 0x0400u
#define SF_C3 0x4000u
#define SF_CC_ALL (SF_C0 | SF_C1 | SF_C2 | SF_C3)
#define SF_B 0x8000u

/* Control word fields. */
#define SF_CW_PC_SHIFT 8
#define SF_CW_RC_SHIFT 10
#define SF_PC_24 0u
#define SF_PC_53 2u
#define SF_PC_64 3u
#define SF_RC_NEAREST 0u
#define SF_RC_DOWN 1u
#define SF_RC_UP 2u
#define SF_RC_ZERO 3u
#define SF_CW_DEFAULT 0x037Fu /* FNINIT: all masked, PC 64, RC nearest */

static inline unsigned sf_unmasked(const struct sf_env *env)
{
    return env->exc & ~env->cw & SF_EXC_ALL;
}

#define SF_BIAS 16383 /* the x80 exponent's bias */
/* binary64's normal exponent range in x80 bias (sf_fmt_f64's) */
#define SF_F64_EMIN (1 - 1023 + SF_BIAS)
#define SF_F64_EMAX (2046 - 1023 + SF_BIAS)

/* Round to nearest, ties to even, dropping bits 10:0 of sig (binary64's or PC 53's precision)
 * with sticky for any bits below sig: 1 if the kept part is incremented (sf_round's decision
 * for that case, in a few ops for the fast paths). */
static inline unsigned sf_nearest_inc11(uint64_t sig, int sticky)
{
    const uint32_t low = (uint32_t)sig; /* bit 11: the kept part's lowest, 10: the guard, 9:0 the rest */
    return (low >> 10 & 1) && ((low & 0x3FF) || sticky || (low & 0x800));
}

/* The usual cases of FLD m64 and FST m64 in a few ops, with no call: sf_from_f64 and sf_to_f64
 * take them first, and the x87 layer's helper inlines them (docs/x87.md).
 * sf_from_f64_normal: a normal binary64 widens exactly, raising nothing (C1 := 0); *r gets it
 * and 1 is returned; 0 for any other value. */
static inline int sf_from_f64_normal(uint64_t v, sf_x80 *r)
{
    const uint32_t ex = (uint32_t)(v >> 52) & 0x7FF;
    if (ex - 1u >= 0x7FEu)
        return 0;
    r->mant = v << 11 | 0x8000000000000000ull;
    r->se = (uint16_t)((uint32_t)(v >> 63) << 15 | (ex - 1023 + SF_BIAS));
    return 1;
}
/* sf_to_f64_nearest: under round to nearest (control word cw), a normal value whose binary64
 * result is normal (it stays below the largest exponent, so a carry cannot overflow): *v gets
 * it, and the return is 1 | SF_PE if inexact | SF_C1 if rounded up, as sf_round decides them.
 * 0 for anything else. The fraction keeps its integer bit, which adds one to the exponent
 * field, and a carry out of it adds another. */
static inline unsigned sf_to_f64_nearest(unsigned cw, sf_x80 a, uint64_t *v)
{
    const int32_t ex = a.se & 0x7FFF;
    if ((cw >> SF_CW_RC_SHIFT & 3) != SF_RC_NEAREST || !(a.mant >> 63) || ex < SF_F64_EMIN || ex >= SF_F64_EMAX)
        return 0;
    const unsigned inc = sf_nearest_inc11(a.mant, 0);
    *v = (uint64_t)(a.se >> 15) << 63 | (((uint64_t)(ex - SF_F64_EMIN) << 52) + (a.mant >> 11) + inc);
    return 1 | ((a.mant & 0x7FF) ? SF_PE : 0) | (inc ? SF_C1 : 0);
}

/* ---- arithmetic (precision control and RC apply; C1 := rounded up) ---------------------- */
sf_x80 sf_add(struct sf_env *env, sf_x80 a, sf_x80 b);
sf_x80 sf_sub(struct sf_env *env, sf_x80 a, sf_x80 b); /* a - b */
sf_x80 sf_mul(struct sf_env *env, sf_x80 a, sf_x80 b);
sf_x80 sf_div(struct sf_env *env, sf_x80 a, sf_x80 b); /* a / b */
sf_x80 sf_sqrt(struct sf_env *env, sf_x80 a);

/* ---- other ST(0) operations ----------------------------------------------------------------- */
/* FPREM / FPREM1: a = ST(0), b = ST(1); returns the new ST(0). Sets C2 (incomplete) and, when
 * complete, C0 = Q2, C3 = Q1, C1 = Q0. */
sf_x80 sf_prem(struct sf_env *env, sf_x80 a, sf_x80 b);
sf_x80 sf_prem1(struct sf_env *env, sf_x80 a, sf_x80 b);
sf_x80 sf_rndint(struct sf_env *env, sf_x80 a);          /* FRNDINT under RC */
sf_x80 sf_scale(struct sf_env *env, sf_x80 a, sf_x80 b); /* FSCALE: a * 2^trunc(b) */
/* FXTRACT: returns the significand (new ST(0)); *exponent gets the new ST(1). */
sf_x80 sf_xtract(struct sf_env *env, sf_x80 a, sf_x80 *exponent);
/* FABS, FCHS: the sign only, no exceptions, NaNs untouched (inline: the x87 helper's register
 * moves make no call) */
static inline sf_x80 sf_abs(sf_x80 a)
{
    a.se &= 0x7FFF;
    return a;
}
static inline sf_x80 sf_chs(sf_x80 a)
{
    a.se ^= 0x8000;
    return a;
}

/* ---- compares and classification: return the condition bits (subset of SF_CC_ALL) and also
 * store them into env->sw. FCOMI-style users map C3->ZF, C2->PF, C0->CF. --------------------- */
unsigned sf_com(struct sf_env *env, sf_x80 a, sf_x80 b);  /* FCOM: a = ST(0), IE on any NaN */
unsigned sf_ucom(struct sf_env *env, sf_x80 a, sf_x80 b); /* FUCOM: IE only on SNaN */
unsigned sf_tst(struct sf_env *env, sf_x80 a);            /* FTST: compare with +0.0 */
unsigned sf_xam(struct sf_env *env, sf_x80 a);            /* FXAM (non-empty register) */

/* ---- conversions ---------------------------------------------------------------------------- */
/* FLD m32/m64: exact; SNaN -> IE and quieted; denormal source -> DE. */
sf_x80 sf_from_f32(struct sf_env *env, uint32_t v);
sf_x80 sf_from_f64(struct sf_env *env, uint64_t v);
/* Memory operand of FADD/FMUL/FCOM... m32/m64: exact, raises nothing; an SNaN stays signalling
 * and a denormal source sets env->mem_de, so that the operation that consumes the value next
 * (sf_add/sub/mul/div/com) raises IE/DE with the x87's priorities. */
sf_x80 sf_widen_f32(struct sf_env *env, uint32_t v);
sf_x80 sf_widen_f64(struct sf_env *env, uint64_t v);
/* FST m32/m64: rounds by RC (PC does not apply), OE/UE/PE/IE/DE as the x87; C1 := rounded up. */
uint32_t sf_to_f32(struct sf_env *env, sf_x80 a);
uint64_t sf_to_f64(struct sf_env *env, sf_x80 a);
/* FILD: exact, no exceptions. */
sf_x80 sf_from_i16(int16_t v);
sf_x80 sf_from_i32(int32_t v);
sf_x80 sf_from_i64(int64_t v);
/* FIST/FISTP by RC; FISTTP (_tr) truncates. Out of range, NaN, infinity, unsupported: IE and
 * the integer indefinite (0x8000...). */
int16_t sf_to_i16(struct sf_env *env, sf_x80 a);
int32_t sf_to_i32(struct sf_env *env, sf_x80 a);
int64_t sf_to_i64(struct sf_env *env, sf_x80 a);
int16_t sf_to_i16_tr(struct sf_env *env, sf_x80 a);
int32_t sf_to_i32_tr(struct sf_env *env, sf_x80 a);
int64_t sf_to_i64_tr(struct sf_env *env, sf_x80 a);
/* FBLD / FBSTP: 10-byte packed BCD, byte 0 = two least significant digits, byte 9 bit 7 = sign.
 * FBSTP out of range / NaN / infinity: IE and the BCD indefinite (bytes 7..9 = C0 FF FF). */
sf_x80 sf_from_bcd(const uint8_t bcd[10]);
void sf_to_bcd(struct sf_env *env, sf_x80 a, uint8_t bcd[10]);

/* ---- transcendentals (results within 1 ulp of the x87's; exact special cases) --------------
 * FSIN/FCOS/FSINCOS/FPTAN: C2 := 1 and the operand is returned unchanged when |a| >= 2^63
 * (nothing is pushed then); else C2 := 0. */
sf_x80 sf_sin(struct sf_env *env, sf_x80 a);
sf_x80 sf_cos(struct sf_env *env, sf_x80 a);
/* FPTAN: returns tan (new ST(1) when C2 = 0); *push gets what is pushed: 1.0, or the NaN
 * result when the result is a NaN. */
sf_x80 sf_ptan(struct sf_env *env, sf_x80 a, sf_x80 *push);
/* FSINCOS: returns sin (goes to ST(1)); *cosv gets cos (new ST(0)). */
sf_x80 sf_sincos(struct sf_env *env, sf_x80 a, sf_x80 *cosv);
sf_x80 sf_atan2(struct sf_env *env, sf_x80 y, sf_x80 x);  /* FPATAN: y = ST(1), x = ST(0) */
sf_x80 sf_f2xm1(struct sf_env *env, sf_x80 a);            /* 2^a - 1, -1 <= a <= 1 */
sf_x80 sf_yl2x(struct sf_env *env, sf_x80 y, sf_x80 x);   /* FYL2X: y * log2(x) */
sf_x80 sf_yl2xp1(struct sf_env *env, sf_x80 y, sf_x80 x); /* FYL2XP1: y * log2(x + 1) */

/* ---- constants: FLD1, FLDZ, FLDPI, FLDL2E, FLDL2T, FLDLG2, FLDLN2 (RC-dependent rounding) ---- */
enum sf_const { SF_K_ONE, SF_K_ZERO, SF_K_PI, SF_K_L2E, SF_K_L2T, SF_K_LG2, SF_K_LN2 };
sf_x80 sf_const(struct sf_env *env, enum sf_const k);

/* The real indefinite (default NaN): sign 1, exponent 0x7FFF, mantissa 0xC000000000000000. */
#define SF_INDEFINITE_SE 0xFFFFu
#define SF_INDEFINITE_MANT 0xC000000000000000ull

#endif
