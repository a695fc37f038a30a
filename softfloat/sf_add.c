/* sf_add.c: FADD/FSUB. */
#include "sf_internal.h"

static sf_x80 sf_addsub(struct sf_env *e, sf_x80 a, sf_x80 b, int negb)
{
    sf_x80 r;
    int sa = sf_sgn(a), sb = sf_sgn(b) ^ negb;
    int32_t ea, eb;
    uint64_t ma, mb, lo;

    if (sf_normal2(e, a, b)) { /* the usual case: none of the special cases below applies */
        ea = sf_expo(a), ma = a.mant;
        eb = sf_expo(b), mb = b.mant;
    } else {
        if (sf_screen2(e, a, b, &r))
            return r;
        if (sf_de2(e, a, b) && sf_raise_de(e))
            return a;
        if (sf_is_inf(a)) {
            if (sf_is_inf(b) && sa != sb)
                return sf_invalid(e);
            return sf_mk(sa, SF_EXP_MAX, SF_TOP);
        }
        if (sf_is_inf(b))
            return sf_mk(sb, SF_EXP_MAX, SF_TOP);
        if (sf_is_zero(a) && sf_is_zero(b))
            return sf_mk(sa == sb ? sa : sf_rc(e) == SF_RC_DOWN, 0, 0);
        if (sf_is_zero(a)) {
            sf_unpack(b, &eb, &mb);
            return sf_round_x80(e, sf_prec(e), sb, eb, mb, 0);
        }
        sf_unpack(a, &ea, &ma);
        if (sf_is_zero(b))
            return sf_round_x80(e, sf_prec(e), sa, ea, ma, 0);
        sf_unpack(b, &eb, &mb);
    }
    if (ea < eb || (ea == eb && ma < mb)) {
        int32_t te = ea;
        uint64_t tm = ma;
        int ts = sa;
        ea = eb, ma = mb, sa = sb;
        eb = te, mb = tm, sb = ts;
    }
    lo = 0;
    sf_shr128(&mb, &lo, ea - eb);
    if (sa == sb) {
        uint64_t hi = ma + mb;
        if (hi < ma) {
            lo = lo >> 1 | hi << 63 | (lo & 1);
            hi = hi >> 1 | SF_TOP;
            ea++;
        }
        return sf_round_x80(e, sf_prec(e), sa, ea, hi, lo);
    }
    {
        uint64_t nlo = 0 - lo;
        uint64_t hi = ma - mb - (lo != 0);
        if (!hi && !nlo)
            return sf_mk(sf_rc(e) == SF_RC_DOWN, 0, 0);
        return sf_round_x80(e, sf_prec(e), sa, ea, hi, nlo);
    }
}

sf_x80 sf_add(struct sf_env *e, sf_x80 a, sf_x80 b)
{
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_x80 r = sf_addsub(e, a, b, 0);
    sf_end(e);
    return r;
}

sf_x80 sf_sub(struct sf_env *e, sf_x80 a, sf_x80 b)
{
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_x80 r = sf_addsub(e, a, b, 1);
    sf_end(e);
    return r;
}
