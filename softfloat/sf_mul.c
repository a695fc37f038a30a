/* sf_mul.c: FMUL. */
#include "sf_internal.h"

static sf_x80 sf_mul_(struct sf_env *e, sf_x80 a, sf_x80 b)
{
    sf_x80 r;
    int s = sf_sgn(a) ^ sf_sgn(b);
    int32_t ea, eb;
    uint64_t ma, mb, hi, lo;

    if (sf_normal2(e, a, b)) { /* the usual case: nothing below but the product applies */
        sf_mul64(a.mant, b.mant, &hi, &lo);
        return sf_round_x80(e, sf_prec(e), s, sf_expo(a) + sf_expo(b) - SF_BIAS + 1, hi, lo);
    }
    if (sf_screen2(e, a, b, &r))
        return r;
    if (sf_de2(e, a, b) && sf_raise_de(e))
        return a;
    if (sf_is_inf(a) || sf_is_inf(b)) {
        if (sf_is_zero(a) || sf_is_zero(b))
            return sf_invalid(e);
        return sf_mk(s, SF_EXP_MAX, SF_TOP);
    }
    if (sf_is_zero(a) || sf_is_zero(b))
        return sf_mk(s, 0, 0);
    sf_unpack(a, &ea, &ma);
    sf_unpack(b, &eb, &mb);
    sf_mul64(ma, mb, &hi, &lo);
    /* hi:lo in [2^126, 2^128): scale so that bit 127 is the integer bit */
    return sf_round_x80(e, sf_prec(e), s, ea + eb - SF_BIAS + 1, hi, lo);
}

sf_x80 sf_mul(struct sf_env *e, sf_x80 a, sf_x80 b)
{
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_x80 r = sf_mul_(e, a, b);
    sf_end(e);
    return r;
}
