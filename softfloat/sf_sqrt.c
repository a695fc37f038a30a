/* sf_sqrt.c: FSQRT (bit-by-bit integer square root of a 128-bit radicand). */
#include "sf_internal.h"

static sf_x80 sf_sqrt_(struct sf_env *e, sf_x80 a)
{
    sf_x80 r;
    int32_t ea, ex;
    uint64_t m, nh, nl, rh = 0, rl = 0, root = 0;
    int i;

    if (sf_screen1(e, a, &r))
        return r;
    if (sf_is_zero(a))
        return a;
    if (sf_sgn(a)) {
        /* negative nonzero, -inf included */
        return sf_invalid(e);
    }
    if (sf_is_inf(a))
        return a;
    if (sf_is_denorm(a) && sf_raise_de(e))
        return a;
    sf_unpack(a, &ea, &m);
    ex = ea - SF_BIAS;
    /* radicand N = m * 2^63 (even exponent) or m * 2^64 (odd): root in [2^63, 2^64) */
    if (ex & 1) {
        nh = m;
        nl = 0;
        ex -= 1;
    } else {
        nh = m >> 1;
        nl = m << 63;
    }
    for (i = 0; i < 64; i++) {
        uint64_t th, tl;
        /* remainder = remainder * 4 + next two radicand bits */
        rh = rh << 2 | rl >> 62;
        rl = rl << 2 | nh >> 62;
        nh = nh << 2 | nl >> 62;
        nl <<= 2;
        th = root >> 62;
        tl = root << 2 | 1;
        root <<= 1;
        if (rh > th || (rh == th && rl >= tl)) {
            rh = rh - th - (rl < tl);
            rl -= tl;
            root |= 1;
        }
    }
    /* N - root^2 = rh:rl in [0, 2 root]; sqrt(N) >= root + 1/2 iff remainder > root */
    {
        int g = rh != 0 || rl > root;
        uint64_t ext = (g ? SF_TOP : 0) | ((rh | rl) != 0);
        return sf_round_x80(e, sf_prec(e), 0, ex / 2 + SF_BIAS, root, ext);
    }
}

sf_x80 sf_sqrt(struct sf_env *e, sf_x80 a)
{
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_x80 r = sf_sqrt_(e, a);
    sf_end(e);
    return r;
}
