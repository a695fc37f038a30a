/* sf_bcd.c: FBLD / FBSTP (18-digit packed BCD), without 64-bit division. */
#include "sf_internal.h"

sf_x80 sf_from_bcd(const uint8_t bcd[10])
{
    uint64_t v = 0;
    int i, s = bcd[9] >> 7;
    for (i = 8; i >= 0; i--) {
        v = (v << 3) + (v << 1) + (bcd[i] >> 4);
        v = (v << 3) + (v << 1) + (bcd[i] & 15);
    }
    if (!v)
        return sf_mk(s, 0, 0);
    return sf_from_mag(s, v);
}

static const uint64_t sf_pow10_18 = 1000000000000000000ull;

void sf_to_bcd(struct sf_env *e, sf_x80 a, uint8_t bcd[10])
{
    uint64_t mag = 0, m;
    int32_t ex;
    int s = sf_sgn(a), inexact, inc, i;

    sf_begin(e);
    sf_set_c1(e, 0);
    for (i = 0; i < 10; i++)
        bcd[i] = 0;
    if (sf_is_unsupp(a) || sf_expo(a) == SF_EXP_MAX)
        goto invalid;
    if (!sf_is_zero(a)) {
        sf_unpack(a, &ex, &m);
        if (sf_round_int(sf_rc(e), s, ex, m, &mag, &inexact, &inc) < 0 || mag >= sf_pow10_18)
            goto invalid;
        if (inexact)
            e->exc |= SF_PE;
        sf_set_c1(e, inc);
    }
    /* digits by repeated subtraction of powers of ten, most significant first */
    {
        static const uint64_t pw[18] = {
            1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
            100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
            10000000000000ull, 100000000000000ull, 1000000000000000ull,
            10000000000000000ull, 100000000000000000ull};
        for (i = 17; i >= 0; i--) {
            unsigned d = 0;
            while (mag >= pw[i]) {
                mag -= pw[i];
                d++;
            }
            bcd[i >> 1] |= (uint8_t)(d << ((i & 1) * 4));
        }
    }
    bcd[9] = (uint8_t)(s << 7);
    goto out;
invalid:
    e->exc |= SF_IE;
    bcd[9] = 0xFF;
    bcd[8] = 0xFF;
    bcd[7] = 0xC0;
out:
    sf_end(e);
}
