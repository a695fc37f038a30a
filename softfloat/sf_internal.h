/* sf_internal.h: helpers shared by the soft-float sources (not part of the API). */
#ifndef SF_INTERNAL_H
#define SF_INTERNAL_H

#include "sf_x80.h"

#define SF_EXP_MAX 0x7FFF
#define SF_TOP 0x8000000000000000ull
#define SF_QBIT 0x4000000000000000ull
#define SF_ADJ 0x6000 /* bias adjust of unmasked overflow/underflow results */

static inline int sf_expo(sf_x80 a) { return a.se & 0x7FFF; }
static inline int sf_sgn(sf_x80 a) { return a.se >> 15; }
static inline sf_x80 sf_mk(int sign, int exp, uint64_t mant)
{
    sf_x80 r;
    r.mant = mant;
    r.se = (uint16_t)((unsigned)sign << 15 | (unsigned)exp);
    return r;
}
/* Exponent != 0 without the integer bit: unnormal, pseudo-infinity, pseudo-NaN. */
static inline int sf_is_unsupp(sf_x80 a) { return sf_expo(a) != 0 && !(a.mant >> 63); }
static inline int sf_is_nan(sf_x80 a)
{
    return sf_expo(a) == SF_EXP_MAX && (a.mant >> 63) && (a.mant << 1) != 0;
}
static inline int sf_is_snan(sf_x80 a) { return sf_is_nan(a) && !(a.mant & SF_QBIT); }
static inline int sf_is_inf(sf_x80 a) { return sf_expo(a) == SF_EXP_MAX && a.mant == SF_TOP; }
static inline int sf_is_zero(sf_x80 a) { return sf_expo(a) == 0 && a.mant == 0; }
/* Denormal or pseudo-denormal: raises DE when used as an operand. */
static inline int sf_is_denorm(sf_x80 a) { return sf_expo(a) == 0 && a.mant != 0; }

static inline int sf_clz64(uint64_t x)
{
    int n = 0;
    uint32_t h = (uint32_t)(x >> 32);
    if (!h) {
        n = 32;
        h = (uint32_t)x;
    }
    if (!(h >> 16)) { n += 16; h <<= 16; }
    if (!(h >> 24)) { n += 8; h <<= 8; }
    if (!(h >> 28)) { n += 4; h <<= 4; }
    if (!(h >> 30)) { n += 2; h <<= 2; }
    if (!(h >> 31)) { n += 1; }
    return n; /* 64 only for x == 0 is not reached: callers pass x != 0 */
}

/* Start/finish of a public operation: clear this op's exceptions / fold them into sw. */
static inline void sf_begin(struct sf_env *e) { e->exc = 0; }
static inline void sf_end(struct sf_env *e)
{
    e->mem_de = 0;
    e->sw |= e->exc;
    if (e->exc & ~e->cw & SF_EXC_ALL)
        e->sw |= SF_ES | SF_B;
}
static inline void sf_set_c1(struct sf_env *e, int on)
{
    e->sw = (uint16_t)((e->sw & ~SF_C1) | (on ? SF_C1 : 0));
}
static inline unsigned sf_rc(const struct sf_env *e) { return (e->cw >> SF_CW_RC_SHIFT) & 3; }
/* Significand bits kept by precision control. PC=01 is reserved; treated as 64. */
static inline int sf_prec(const struct sf_env *e)
{
    unsigned pc = (e->cw >> SF_CW_PC_SHIFT) & 3;
    return pc == SF_PC_24 ? 24 : pc == SF_PC_53 ? 53 : 64;
}
/* Any operand denormal (register encoding or a memory operand that was one)? */
static inline int sf_de2(const struct sf_env *e, sf_x80 a, sf_x80 b)
{
    return sf_is_denorm(a) || sf_is_denorm(b) || e->mem_de;
}
/* Raise DE; nonzero if DE is unmasked (the x87 then aborts the operation). */
static inline int sf_raise_de(struct sf_env *e)
{
    e->exc |= SF_DE;
    return !(e->cw & SF_DE);
}

static inline sf_x80 sf_indef(void) { return sf_mk(1, SF_EXP_MAX, 0xC000000000000000ull); }
static inline sf_x80 sf_invalid(struct sf_env *e)
{
    e->exc |= SF_IE;
    return sf_indef();
}

/* Finite nonzero operand -> normalized (bit 63 set) significand and exponent (may be < 1). */
static inline void sf_unpack(sf_x80 a, int32_t *exp, uint64_t *sig)
{
    int32_t ex = sf_expo(a);
    uint64_t m = a.mant;
    if (ex == 0)
        ex = 1; /* denormals and pseudo-denormals scale like exponent 1 */
    if (!(m >> 63)) {
        int n = sf_clz64(m);
        m <<= n;
        ex -= n;
    }
    *exp = ex;
    *sig = m;
}

/* NaN result for operations with one or two operands, at least one a (supported) NaN. */
sf_x80 sf_nan1(struct sf_env *e, sf_x80 a);
sf_x80 sf_nan2(struct sf_env *e, sf_x80 a, sf_x80 b);

/* Destination format for rounding: significand bits, normal exponent range in x80 bias, and
 * bias adjust for unmasked OE/UE. */
struct sf_fmt {
    int prec;
    int32_t emin;
    int32_t emax;
    int mem; /* memory format: unmasked OE/UE store nothing and raise only OE/UE */
};
extern const struct sf_fmt sf_fmt_f32, sf_fmt_f64;

/* Rounded result in x80 bias: exp = emin - 1 with bit 63 clear for a denormal of the format,
 * exp = emax + 1 for infinity; zero has sig == 0. */
struct sf_rnd {
    int32_t exp;
    uint64_t sig;
};
/* value = (sig + ext / 2^64) * 2^(exp - 16383 - 63). Raises PE/UE/OE, sets C1; returns the
 * rounded result. With unmasked OE/UE it returns the bias-adjusted value (x80 only). */
struct sf_rnd sf_round(struct sf_env *e, const struct sf_fmt *f, int sign, int32_t exp,
                       uint64_t sig, uint64_t ext);
/* Round to the x80 format with precision prec (24/53/64) and pack. */
sf_x80 sf_round_x80(struct sf_env *e, int prec, int sign, int32_t exp, uint64_t sig,
                    uint64_t ext);

/* 64x64 -> 128 multiply built from 32x32 -> 64 pieces (cheap on RV32IM). */
static inline void sf_mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    uint32_t a0 = (uint32_t)a, a1 = (uint32_t)(a >> 32);
    uint32_t b0 = (uint32_t)b, b1 = (uint32_t)(b >> 32);
    uint64_t p00 = (uint64_t)a0 * b0, p01 = (uint64_t)a0 * b1;
    uint64_t p10 = (uint64_t)a1 * b0, p11 = (uint64_t)a1 * b1;
    uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
    *lo = (mid << 32) | (uint32_t)p00;
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* Shift the 128-bit value hi:lo right by d >= 0, ORing lost bits into bit 0 (sticky). */
static inline void sf_shr128(uint64_t *hi, uint64_t *lo, int32_t d)
{
    uint64_t h = *hi, l = *lo;
    if (d == 0)
        return;
    if (d < 64) {
        *lo = h << (64 - d) | l >> d | ((l << (64 - d)) != 0);
        *hi = h >> d;
    } else if (d == 64) {
        *lo = h | (l != 0);
        *hi = 0;
    } else if (d < 128) {
        *lo = h >> (d - 64) | ((l | h << (128 - d)) != 0);
        *hi = 0;
    } else {
        *lo = (h | l) != 0;
        *hi = 0;
    }
}

/* Both operands normal (supported, finite, nonzero, not denormal) and no denormal memory
 * operand: the usual case of add and multiply, where none of the screening below applies and
 * sf_unpack changes nothing. */
static inline int sf_normal2(const struct sf_env *e, sf_x80 a, sf_x80 b)
{
    return (a.mant & b.mant) >> 63 && (unsigned)sf_expo(a) - 1u < SF_EXP_MAX - 1u &&
           (unsigned)sf_expo(b) - 1u < SF_EXP_MAX - 1u && !e->mem_de;
}

/* Common screening of two-operand arithmetic: unsupported encodings, then NaNs. Returns 1 with
 * the final result in *r when the operation is decided. */
static inline int sf_screen2(struct sf_env *e, sf_x80 a, sf_x80 b, sf_x80 *r)
{
    if (sf_is_unsupp(a) || sf_is_unsupp(b)) {
        *r = sf_invalid(e);
        return 1;
    }
    if (sf_is_nan(a) || sf_is_nan(b)) {
        *r = sf_nan2(e, a, b);
        return 1;
    }
    return 0;
}
static inline int sf_screen1(struct sf_env *e, sf_x80 a, sf_x80 *r)
{
    if (sf_is_unsupp(a)) {
        *r = sf_invalid(e);
        return 1;
    }
    if (sf_is_nan(a)) {
        *r = sf_nan1(e, a);
        return 1;
    }
    return 0;
}

/* Round the finite nonzero value mant * 2^(exp - 16383 - 63) (mant normalized) to an integer
 * magnitude under rc (sign needed for directed modes). Returns -1 if it is >= 2^64. */
int sf_round_int(unsigned rc, int sign, int32_t exp, uint64_t mant, uint64_t *mag, int *inexact,
                 int *inc);
/* Pack a nonzero integer magnitude exactly. */
sf_x80 sf_from_mag(int sign, uint64_t mag);

#endif
