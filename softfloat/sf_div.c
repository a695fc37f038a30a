/* sf_div.c: FDIV (restoring shift-subtract: no 64-bit division on RV32). */
#include "sf_internal.h"

static sf_x80 sf_div_(struct sf_env *e, sf_x80 a, sf_x80 b)
{
    sf_x80 r;
    int s = sf_sgn(a) ^ sf_sgn(b);
    int32_t ea, eb, exp;
    uint64_t ma, mb, q, rem;
    int i, g;

    if (sf_screen2(e, a, b, &r))
        return r;
    if (sf_is_zero(b) && !sf_is_zero(a) && !sf_is_inf(a)) {
        e->exc |= SF_ZE;
        return sf_mk(s, SF_EXP_MAX, SF_TOP);
    }
    if (sf_de2(e, a, b) && sf_raise_de(e))
        return a;
    if (sf_is_inf(a)) {
        if (sf_is_inf(b))
            return sf_invalid(e);
        return sf_mk(s, SF_EXP_MAX, SF_TOP);
    }
    if (sf_is_inf(b))
        return sf_mk(s, 0, 0);
    if (sf_is_zero(a)) {
        if (sf_is_zero(b))
            return sf_invalid(e);
        return sf_mk(s, 0, 0);
    }
    sf_unpack(a, &ea, &ma);
    sf_unpack(b, &eb, &mb);
    exp = ea - eb + SF_BIAS;
    if (ma >= mb) {
        q = 1;
        rem = ma - mb;
        i = 1;
    } else {
        q = 0;
        rem = ma;
        i = 0;
        exp--;
    }
    for (; i < 64; i++) {
        uint64_t c = rem >> 63;
        rem <<= 1;
        q <<= 1;
        if (c || rem >= mb) {
            rem -= mb;
            q |= 1;
        }
    }
    {
        uint64_t c = rem >> 63;
        rem <<= 1;
        g = c || rem >= mb;
        if (g)
            rem -= mb;
    }
    return sf_round_x80(e, sf_prec(e), s, exp, q, (uint64_t)g << 63 | (rem != 0));
}

sf_x80 sf_div(struct sf_env *e, sf_x80 a, sf_x80 b)
{
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_x80 r = sf_div_(e, a, b);
    sf_end(e);
    return r;
}
