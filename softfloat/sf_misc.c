/* sf_misc.c: FRNDINT, FSCALE, FXTRACT, FABS, FCHS, constant loads. */
#include "sf_internal.h"

static sf_x80 sf_rndint_(struct sf_env *e, sf_x80 a)
{
    sf_x80 r;
    int32_t ex;
    uint64_t m, mag;
    int inexact, inc;
    if (sf_screen1(e, a, &r))
        return r;
    if (sf_is_inf(a) || sf_is_zero(a))
        return a;
    if (sf_is_denorm(a) && sf_raise_de(e))
        return a;
    sf_unpack(a, &ex, &m);
    if (ex - SF_BIAS >= 63)
        return a;
    sf_round_int(sf_rc(e), sf_sgn(a), ex, m, &mag, &inexact, &inc);
    if (inexact)
        e->exc |= SF_PE;
    sf_set_c1(e, inc);
    if (!mag)
        return sf_mk(sf_sgn(a), 0, 0);
    return sf_from_mag(sf_sgn(a), mag);
}

sf_x80 sf_rndint(struct sf_env *e, sf_x80 a)
{
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_x80 r = sf_rndint_(e, a);
    sf_end(e);
    return r;
}

static sf_x80 sf_scale_(struct sf_env *e, sf_x80 a, sf_x80 b)
{
    sf_x80 r;
    int32_t ea, eb, n;
    uint64_t ma, mb;
    if (sf_screen2(e, a, b, &r))
        return r;
    if ((sf_is_denorm(a) || sf_is_denorm(b)) && sf_raise_de(e))
        return a;
    if (sf_is_inf(b)) {
        if (!sf_sgn(b))
            return sf_is_zero(a) ? sf_invalid(e) : sf_mk(sf_sgn(a), SF_EXP_MAX, SF_TOP);
        return sf_is_inf(a) ? sf_invalid(e) : sf_mk(sf_sgn(a), 0, 0);
    }
    if (sf_is_inf(a) || sf_is_zero(a))
        return a;
    n = 0;
    if (!sf_is_zero(b)) {
        sf_unpack(b, &eb, &mb);
        eb -= SF_BIAS;
        if (eb >= 17)
            n = 1 << 17; /* far beyond any exponent: saturate */
        else if (eb >= 0)
            n = (int32_t)(mb >> (63 - eb));
        if (sf_sgn(b))
            n = -n;
    }
    sf_unpack(a, &ea, &ma);
    return sf_round_x80(e, 64, sf_sgn(a), ea + n, ma, 0);
}

sf_x80 sf_scale(struct sf_env *e, sf_x80 a, sf_x80 b)
{
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_x80 r = sf_scale_(e, a, b);
    sf_end(e);
    return r;
}

static sf_x80 sf_xtract_(struct sf_env *e, sf_x80 a, sf_x80 *expo)
{
    int32_t ex;
    uint64_t m;
    if (sf_is_unsupp(a)) {
        *expo = sf_invalid(e);
        return *expo;
    }
    if (sf_is_nan(a)) {
        *expo = sf_nan1(e, a);
        return *expo;
    }
    if (sf_is_inf(a)) {
        *expo = sf_mk(0, SF_EXP_MAX, SF_TOP);
        return a;
    }
    if (sf_is_zero(a)) {
        e->exc |= SF_ZE;
        *expo = sf_mk(1, SF_EXP_MAX, SF_TOP);
        return a;
    }
    if (sf_is_denorm(a) && sf_raise_de(e)) {
        *expo = a;
        return a;
    }
    sf_unpack(a, &ex, &m);
    *expo = sf_from_i32(ex - SF_BIAS);
    return sf_mk(sf_sgn(a), SF_BIAS, m);
}

sf_x80 sf_xtract(struct sf_env *e, sf_x80 a, sf_x80 *expo)
{
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_x80 r = sf_xtract_(e, a, expo);
    sf_end(e);
    return r;
}

/* Constants to 128 bits (integer bit first); exponents unbiased. */
static const struct {
    int16_t exp;
    uint64_t hi, lo;
} sf_k[] = {
    [SF_K_ONE] = {0, 0x8000000000000000ull, 0},
    [SF_K_ZERO] = {0, 0, 0},
    [SF_K_PI] = {1, 0xC90FDAA22168C234ull, 0xC4C6628B80DC1CD1ull},
    [SF_K_L2E] = {0, 0xB8AA3B295C17F0BBull, 0xBE87FED0691D3E88ull},
    [SF_K_L2T] = {1, 0xD49A784BCD1B8AFEull, 0x492BF6FF4DAFDB4Cull},
    [SF_K_LG2] = {-2, 0x9A209A84FBCFF798ull, 0x8F8959AC0B7C9178ull},
    [SF_K_LN2] = {-1, 0xB17217F7D1CF79ABull, 0xC9E3B39803F2F6AFull},
};

/* FLDPI etc.: rounded by RC to 64 bits; no exceptions, C1 cleared. */
sf_x80 sf_const(struct sf_env *e, enum sf_const k)
{
    uint64_t m = sf_k[k].hi, x = sf_k[k].lo;
    unsigned rc = sf_rc(e);
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_end(e);
    if (!m)
        return sf_mk(0, 0, 0);
    if (x && ((rc == SF_RC_NEAREST && (x >> 63)) || rc == SF_RC_UP))
        m++; /* none of the constants is near a tie or all ones */
    return sf_mk(0, SF_BIAS + sf_k[k].exp, m);
}
