/* sf_conv.c: FLD/FST m32/m64, FILD, FIST/FISTP/FISTTP. */
#include "sf_internal.h"

/* ---- binary32/binary64 -> extended ---------------------------------------------------------- */
/* Exact widening of a value with `fbits` fraction bits and exponent bias `fbias`. */
static sf_x80 sf_widen(struct sf_env *e, int sign, uint32_t ex, uint64_t frac, int fbits,
                       uint32_t emaxf, int fbias, int fld)
{
    uint64_t m = frac << (63 - fbits);
    if (ex == emaxf) {
        if (!frac)
            return sf_mk(sign, SF_EXP_MAX, SF_TOP);
        m |= SF_TOP;
        if (!(m & SF_QBIT) && fld) {
            e->exc |= SF_IE;
            m |= SF_QBIT;
        }
        return sf_mk(sign, SF_EXP_MAX, m);
    }
    if (ex == 0) {
        int n;
        if (!frac)
            return sf_mk(sign, 0, 0);
        if (fld)
            e->exc |= SF_DE;
        else
            e->mem_de = 1;
        n = sf_clz64(m);
        return sf_mk(sign, 1 - fbias + SF_BIAS - n, m << n);
    }
    return sf_mk(sign, (int)ex - fbias + SF_BIAS, m | SF_TOP);
}

static sf_x80 sf_w32(struct sf_env *e, uint32_t v, int fld)
{
    if (!fld) {
        e->mem_de = 0;
        return sf_widen(e, (int)(v >> 31), v >> 23 & 0xFF, v & 0x7FFFFF, 23, 0xFF, 127, 0);
    }
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_x80 r = sf_widen(e, (int)(v >> 31), v >> 23 & 0xFF, v & 0x7FFFFF, 23, 0xFF, 127, fld);
    sf_end(e);
    return r;
}
static sf_x80 sf_w64(struct sf_env *e, uint64_t v, int fld)
{
    if (!fld) {
        e->mem_de = 0;
        return sf_widen(e, (int)(v >> 63), (uint32_t)(v >> 52) & 0x7FF,
                        v & 0xFFFFFFFFFFFFFull, 52, 0x7FF, 1023, 0);
    }
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_x80 r = sf_widen(e, (int)(v >> 63), (uint32_t)(v >> 52) & 0x7FF, v & 0xFFFFFFFFFFFFFull,
                        52, 0x7FF, 1023, fld);
    sf_end(e);
    return r;
}

sf_x80 sf_from_f32(struct sf_env *e, uint32_t v) { return sf_w32(e, v, 1); }
sf_x80 sf_from_f64(struct sf_env *e, uint64_t v)
{
    sf_x80 r;
    if (sf_from_f64_normal(v, &r)) { /* the usual case: exact, no flag */
        sf_begin(e);
        sf_set_c1(e, 0);
        sf_end(e);
        return r;
    }
    return sf_w64(e, v, 1);
}
sf_x80 sf_widen_f32(struct sf_env *e, uint32_t v) { return sf_w32(e, v, 0); }
sf_x80 sf_widen_f64(struct sf_env *e, uint64_t v) { return sf_w64(e, v, 0); }

/* ---- extended -> binary32/binary64 ---------------------------------------------------------- */
/* Returns sign | biased exponent | fraction in the narrow format, fbits fraction bits. */
static uint64_t sf_narrow(struct sf_env *e, sf_x80 a, const struct sf_fmt *f, int fbits)
{
    uint64_t sign = (uint64_t)sf_sgn(a) << (fbits + (fbits == 23 ? 8 : 11));
    uint64_t emaxf = fbits == 23 ? 0xFF : 0x7FF;
    uint64_t inf = sign | emaxf << fbits;
    int32_t ex;
    uint64_t m;
    struct sf_rnd r;

    if (sf_is_unsupp(a)) {
        e->exc |= SF_IE;
        return 1ull << (fbits + (fbits == 23 ? 8 : 11)) | emaxf << fbits | 1ull << (fbits - 1);
    }
    if (sf_is_nan(a)) {
        if (sf_is_snan(a))
            e->exc |= SF_IE;
        return inf | 1ull << (fbits - 1) | ((a.mant << 1) >> (64 - fbits));
    }
    if (sf_is_inf(a))
        return inf;
    if (sf_is_zero(a))
        return sign;
    sf_unpack(a, &ex, &m); /* a denormal source raises no DE on stores */
    r = sf_round(e, f, sf_sgn(a), ex, m, 0);
    if (!r.sig)
        return sign;
    if (r.exp > f->emax)
        return inf;
    return sign | (uint64_t)(r.exp - (f->emin - 1)) << fbits |
           ((r.sig >> (63 - fbits)) & ((1ull << fbits) - 1));
}

uint32_t sf_to_f32(struct sf_env *e, sf_x80 a)
{
    sf_begin(e);
    sf_set_c1(e, 0);
    uint32_t r = (uint32_t)sf_narrow(e, a, &sf_fmt_f32, 23);
    sf_end(e);
    return r;
}

uint64_t sf_to_f64(struct sf_env *e, sf_x80 a)
{
    sf_begin(e);
    uint64_t v;
    const unsigned k = sf_to_f64_nearest(e->cw, a, &v); /* the usual case */
    if (k) {
        e->exc = (uint16_t)(k & SF_PE);
        sf_set_c1(e, (k & SF_C1) != 0);
        sf_end(e);
        return v;
    }
    sf_set_c1(e, 0);
    uint64_t r = sf_narrow(e, a, &sf_fmt_f64, 52);
    sf_end(e);
    return r;
}

/* ---- integers ------------------------------------------------------------------------------- */
sf_x80 sf_from_mag(int sign, uint64_t mag)
{
    int n = sf_clz64(mag);
    return sf_mk(sign, SF_BIAS + 63 - n, mag << n);
}

sf_x80 sf_from_i16(int16_t v) { return sf_from_i64(v); }
sf_x80 sf_from_i32(int32_t v) { return sf_from_i64(v); }
sf_x80 sf_from_i64(int64_t v)
{
    if (!v)
        return sf_mk(0, 0, 0);
    return v < 0 ? sf_from_mag(1, 0 - (uint64_t)v) : sf_from_mag(0, (uint64_t)v);
}

int sf_round_int(unsigned rc, int sign, int32_t exp, uint64_t m, uint64_t *mag, int *inexact,
                 int *inc)
{
    int32_t ue = exp - SF_BIAS;
    uint64_t ip, fr;
    int guard, rest;
    if (ue >= 64)
        return -1;
    if (ue == 63) {
        *mag = m;
        *inexact = *inc = 0;
        return 0;
    }
    if (ue >= 0) {
        ip = m >> (63 - ue);
        fr = m << (ue + 1);
    } else {
        ip = 0;
        fr = ue == -1 ? m : 1; /* below one half: only "nonzero" matters */
    }
    guard = (int)(fr >> 63);
    rest = (fr << 1) != 0;
    *inexact = fr != 0;
    switch (rc) {
    case SF_RC_NEAREST: *inc = guard && (rest || (ip & 1)); break;
    case SF_RC_DOWN: *inc = *inexact && sign; break;
    case SF_RC_UP: *inc = *inexact && !sign; break;
    default: *inc = 0; break;
    }
    *mag = ip + (uint64_t)*inc;
    return 0;
}

static uint64_t sf_to_int(struct sf_env *e, sf_x80 a, int bits, int trunc)
{
    uint64_t indef = 1ull << (bits - 1), mag, m;
    int32_t ex;
    int s = sf_sgn(a), inexact, inc;

    sf_begin(e);
    sf_set_c1(e, 0);
    if (sf_is_unsupp(a) || sf_expo(a) == SF_EXP_MAX) {
        e->exc |= SF_IE;
        mag = indef;
    } else if (sf_is_zero(a)) {
        mag = 0;
    } else {
        sf_unpack(a, &ex, &m);
        if (sf_round_int(trunc ? SF_RC_ZERO : sf_rc(e), s, ex, m, &mag, &inexact, &inc) < 0 ||
            mag > indef - !s) {
            e->exc |= SF_IE;
            mag = indef;
        } else {
            if (inexact)
                e->exc |= SF_PE;
            sf_set_c1(e, inc);
            if (s)
                mag = 0 - mag;
        }
    }
    sf_end(e);
    return mag;
}

int16_t sf_to_i16(struct sf_env *e, sf_x80 a) { return (int16_t)sf_to_int(e, a, 16, 0); }
int32_t sf_to_i32(struct sf_env *e, sf_x80 a) { return (int32_t)sf_to_int(e, a, 32, 0); }
int64_t sf_to_i64(struct sf_env *e, sf_x80 a) { return (int64_t)sf_to_int(e, a, 64, 0); }
int16_t sf_to_i16_tr(struct sf_env *e, sf_x80 a) { return (int16_t)sf_to_int(e, a, 16, 1); }
int32_t sf_to_i32_tr(struct sf_env *e, sf_x80 a) { return (int32_t)sf_to_int(e, a, 32, 1); }
int64_t sf_to_i64_tr(struct sf_env *e, sf_x80 a) { return (int64_t)sf_to_int(e, a, 64, 1); }
