/* sf_cmp.c: FCOM/FUCOM/FTST/FXAM condition codes. */
#include "sf_internal.h"

#define SF_UNORDERED (SF_C3 | SF_C2 | SF_C0)

static unsigned sf_setcc(struct sf_env *e, unsigned cc)
{
    e->sw = (uint16_t)((e->sw & ~SF_CC_ALL) | cc);
    return cc;
}

/* Magnitude order of supported finite/infinite encodings: exponent 0 scales like 1. */
static int sf_magcmp(sf_x80 a, sf_x80 b)
{
    int ea = sf_expo(a) ? sf_expo(a) : 1, eb = sf_expo(b) ? sf_expo(b) : 1;
    if (ea != eb)
        return ea < eb ? -1 : 1;
    if (a.mant != b.mant)
        return a.mant < b.mant ? -1 : 1;
    return 0;
}

static unsigned sf_cmp_(struct sf_env *e, sf_x80 a, sf_x80 b, int unordered_ok)
{
    int c;
    if (sf_is_unsupp(a) || sf_is_unsupp(b)) {
        e->exc |= SF_IE;
        return SF_UNORDERED;
    }
    if (sf_is_nan(a) || sf_is_nan(b)) {
        if (!unordered_ok || sf_is_snan(a) || sf_is_snan(b))
            e->exc |= SF_IE;
        return SF_UNORDERED;
    }
    if (sf_de2(e, a, b))
        e->exc |= SF_DE; /* the compare is done even if DE is unmasked */
    if (sf_is_zero(a) && sf_is_zero(b))
        return SF_C3;
    if (sf_sgn(a) != sf_sgn(b))
        return sf_sgn(a) ? SF_C0 : 0;
    c = sf_magcmp(a, b);
    if (sf_sgn(a))
        c = -c;
    return c < 0 ? SF_C0 : c > 0 ? 0 : SF_C3;
}

unsigned sf_com(struct sf_env *e, sf_x80 a, sf_x80 b)
{
    sf_begin(e);
    unsigned cc = sf_cmp_(e, a, b, 0);
    sf_setcc(e, cc);
    sf_end(e);
    return cc;
}

unsigned sf_ucom(struct sf_env *e, sf_x80 a, sf_x80 b)
{
    sf_begin(e);
    unsigned cc = sf_cmp_(e, a, b, 1);
    sf_setcc(e, cc);
    sf_end(e);
    return cc;
}

unsigned sf_tst(struct sf_env *e, sf_x80 a)
{
    sf_begin(e);
    unsigned cc = sf_cmp_(e, a, sf_mk(0, 0, 0), 0);
    sf_setcc(e, cc);
    sf_end(e);
    return cc;
}

unsigned sf_xam(struct sf_env *e, sf_x80 a)
{
    unsigned cc = sf_sgn(a) ? SF_C1 : 0;
    if (sf_is_unsupp(a))
        ;
    else if (sf_is_nan(a))
        cc |= SF_C0;
    else if (sf_is_inf(a))
        cc |= SF_C2 | SF_C0;
    else if (sf_is_zero(a))
        cc |= SF_C3;
    else if (sf_expo(a) == 0)
        cc |= SF_C3 | SF_C2;
    else
        cc |= SF_C2;
    return sf_setcc(e, cc);
}
