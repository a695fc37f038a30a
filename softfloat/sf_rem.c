/* sf_rem.c: FPREM (truncating quotient) and FPREM1 (IEEE, quotient rounded to nearest even). */
#include "sf_internal.h"

/* Exponent reduction applied when the exponent difference is >= 64 (C2 = 1): the x87 leaves
 * a partial remainder whose exponent difference to ST(1) is reduced to between 32 and 63. */
static int32_t sf_rem_n(int32_t d) { return (d & 31) | 32; }

/* *cc: the condition codes; *keep: those left as they were (C0 and C3 when no quotient is
 * computed: a NaN or invalid operand; measured on the host CPU, found by tools/fuzz-x86.py). */
static sf_x80 sf_rem_(struct sf_env *e, sf_x80 a, sf_x80 b, int ieee, unsigned *cc, unsigned *keep)
{
    sf_x80 r;
    int32_t ea, eb, d;
    uint64_t ma, mb, rem, q = 0;
    int sign = sf_sgn(a), i;

    *cc = 0;
    *keep = SF_C0 | SF_C3;
    if (sf_screen2(e, a, b, &r))
        return r;
    if (sf_is_inf(a) || sf_is_zero(b))
        return sf_invalid(e);
    *keep = 0;
    if ((sf_is_denorm(a) || sf_is_denorm(b)) && sf_raise_de(e))
        return a;
    if (sf_is_zero(a))
        return a;
    sf_unpack(a, &ea, &ma);
    if (sf_is_inf(b))
        return sf_round_x80(e, 64, sign, ea, ma, 0);
    sf_unpack(b, &eb, &mb);
    d = ea - eb;
    if (d >= 64) {
        int32_t n = sf_rem_n(d);
        eb += d - n;
        d = n;
        *cc = SF_C2;
    }
    if (d < 0) {
        if (!(ieee && d == -1 && ma > mb))
            return sf_round_x80(e, 64, sign, ea, ma, 0);
        /* |a| > |b|/2: quotient 1, remainder b - a = (2 mb - ma) * 2^ea */
        q = 1;
        rem = mb - (ma - mb);
        sign ^= 1;
        eb = ea;
    } else {
        rem = ma;
        for (i = 0; i <= d; i++) {
            uint64_t c = 0;
            if (i) {
                c = rem >> 63;
                rem <<= 1;
            }
            q <<= 1;
            if (c || rem >= mb) {
                rem -= mb;
                q |= 1;
            }
        }
        if (ieee && !*cc && (rem > mb - rem || (rem == mb - rem && (q & 1)))) {
            q++;
            rem = mb - rem;
            sign ^= 1;
        }
    }
    if (!*cc)
        *cc = (q & 4 ? SF_C0 : 0) | (q & 2 ? SF_C3 : 0) | (q & 1 ? SF_C1 : 0);
    if (!rem)
        return sf_mk(sf_sgn(a), 0, 0);
    return sf_round_x80(e, 64, sign, eb, rem, 0);
}

static sf_x80 sf_rem_op(struct sf_env *e, sf_x80 a, sf_x80 b, int ieee)
{
    unsigned cc, keep;
    sf_begin(e);
    sf_x80 r = sf_rem_(e, a, b, ieee, &cc, &keep);
    e->sw = (uint16_t)((e->sw & ~(SF_CC_ALL & ~keep)) | cc);
    sf_end(e);
    return r;
}

sf_x80 sf_prem(struct sf_env *e, sf_x80 a, sf_x80 b) { return sf_rem_op(e, a, b, 0); }
sf_x80 sf_prem1(struct sf_env *e, sf_x80 a, sf_x80 b) { return sf_rem_op(e, a, b, 1); }
