/* sf_trans.c: FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1.
 *
 * Evaluated in a 128-bit-significand "wide" format (series with exact small-integer divisors),
 * then rounded once to 64 bits under RC. Trigonometric arguments are reduced modulo pi/2 with
 * the x87's own 66-bit pi, exactly (long division), so results track the hardware's for large
 * arguments and near multiples of pi. Not performance critical: uses 64/32 divisions. */
#include "sf_internal.h"

/* value = (h + l / 2^64) * 2^(e - 16383 - 63); zero when h == l == 0 */
struct sf_w {
    int s;
    int32_t e;
    uint64_t h, l;
};

static const struct {
    int16_t e;
    uint64_t h, l;
} w_consts[] = {
    {-1, 0xB17217F7D1CF79ABull, 0xC9E3B39803F2F6AFull}, /* ln 2 */
    {0, 0xB8AA3B295C17F0BBull, 0xBE87FED0691D3E88ull},  /* log2 e */
    {1, 0xC90FDAA22168C234ull, 0xC4C6628B80DC1CD1ull},  /* pi */
    {0, 0xC90FDAA22168C234ull, 0xC4C6628B80DC1CD1ull},  /* pi/2 */
    {-1, 0xC90FDAA22168C234ull, 0xC4C6628B80DC1CD1ull}, /* pi/4 */
    {-1, 0x860A91C16B9B2C23ull, 0x2DD99707AB3D688Bull}, /* pi/6 */
    {1, 0x96CBE3F9990E91A7ull, 0x9394C9E8A0A5159Cull},  /* 3pi/4 */
    {0, 0xDDB3D742C265539Dull, 0x92BA16B83C5C1DC4ull},  /* sqrt 3 */
};
enum { K_LN2, K_LOG2E, K_PI, K_PI_2, K_PI_4, K_PI_6, K_3PI_4, K_SQRT3 };

static struct sf_w w_k(int k, int s)
{
    struct sf_w r = {s, w_consts[k].e + SF_BIAS, w_consts[k].h, w_consts[k].l};
    return r;
}

static int w_zero(struct sf_w a) { return !a.h && !a.l; }

static struct sf_w w_norm(struct sf_w a)
{
    int n;
    if (w_zero(a))
        return a;
    if (!a.h) {
        a.h = a.l;
        a.l = 0;
        a.e -= 64;
    }
    n = sf_clz64(a.h);
    if (n) {
        a.h = a.h << n | a.l >> (64 - n);
        a.l <<= n;
        a.e -= n;
    }
    return a;
}

static struct sf_w w_x80(sf_x80 x)
{
    struct sf_w r = {sf_sgn(x), 0, 0, 0};
    sf_unpack(x, &r.e, &r.h);
    return r;
}

static struct sf_w w_int(int32_t v)
{
    struct sf_w r = {v < 0, SF_BIAS + 63, v < 0 ? 0 - (uint64_t)(int64_t)v : (uint64_t)v, 0};
    return w_norm(r);
}

static struct sf_w w_neg(struct sf_w a)
{
    a.s ^= 1;
    return a;
}

/* |a| vs |b| */
static int w_cmpmag(struct sf_w a, struct sf_w b)
{
    if (w_zero(a) || w_zero(b))
        return w_zero(a) ? (w_zero(b) ? 0 : -1) : 1;
    if (a.e != b.e)
        return a.e < b.e ? -1 : 1;
    if (a.h != b.h)
        return a.h < b.h ? -1 : 1;
    return a.l < b.l ? -1 : a.l > b.l;
}

static struct sf_w w_add(struct sf_w a, struct sf_w b)
{
    uint64_t bh, bl;
    if (w_zero(b))
        return a;
    if (w_zero(a))
        return b;
    if (w_cmpmag(a, b) < 0) {
        struct sf_w t = a;
        a = b;
        b = t;
    }
    bh = b.h;
    bl = b.l;
    sf_shr128(&bh, &bl, a.e - b.e); /* sticky keeps the direction of a tiny b */
    if (a.s == b.s) {
        uint64_t l = a.l + bl, c = l < bl, h = a.h + bh + c;
        int carry = h < a.h || (c && h == a.h);
        if (carry) {
            l = l >> 1 | h << 63 | (l & 1);
            h = h >> 1 | SF_TOP;
            a.e++;
        }
        a.h = h;
        a.l = l;
        return a;
    }
    {
        uint64_t l = a.l - bl, h = a.h - bh - (a.l < bl);
        a.h = h;
        a.l = l;
        return w_norm(a);
    }
}

static struct sf_w w_mul(struct sf_w a, struct sf_w b)
{
    uint64_t p0h, p0l, p1h, p1l, p2h, p2l, p3h, p3l, w1, w2, w3, c1 = 0, c2 = 0;
    struct sf_w r;
    if (w_zero(a) || w_zero(b)) {
        r.s = a.s ^ b.s;
        r.e = 0;
        r.h = r.l = 0;
        return r;
    }
    sf_mul64(a.l, b.l, &p0h, &p0l);
    sf_mul64(a.l, b.h, &p1h, &p1l);
    sf_mul64(a.h, b.l, &p2h, &p2l);
    sf_mul64(a.h, b.h, &p3h, &p3l);
    (void)p0l;
    w1 = p0h + p1l;
    c1 += w1 < p1l;
    w1 += p2l;
    c1 += w1 < p2l;
    w2 = p1h + c1;
    c2 += w2 < c1;
    w2 += p2h;
    c2 += w2 < p2h;
    w2 += p3l;
    c2 += w2 < p3l;
    w3 = p3h + c2;
    r.s = a.s ^ b.s;
    r.e = a.e + b.e - SF_BIAS + 1;
    r.h = w3;
    r.l = w2 | (w1 != 0);
    return w_norm(r);
}

/* a / d for a small integer d (< 2^16): 16-bit limbs so that every step is a 32-bit divu;
 * four extra limbs of quotient keep 128 significant bits. */
static struct sf_w w_divs(struct sf_w a, uint32_t d)
{
    uint64_t in[3] = {a.h, a.l, 0}, q[3] = {0, 0, 0};
    uint32_t rem = 0;
    int i, n;
    for (i = 0; i < 12; i++) {
        uint32_t cur = rem << 16 | ((uint32_t)(in[i >> 2] >> (48 - 16 * (i & 3))) & 0xFFFF);
        uint32_t qd = cur / d;
        rem = cur - qd * d;
        q[i >> 2] |= (uint64_t)qd << (48 - 16 * (i & 3));
    }
    if (!q[0] && !q[1] && !q[2])
        return a;
    /* d >= 2 shifts at most 16 bits down: q[0] is nonzero for a normalized a */
    n = sf_clz64(q[0]);
    if (n) {
        q[0] = q[0] << n | q[1] >> (64 - n);
        q[1] = q[1] << n | q[2] >> (64 - n);
        q[2] <<= n;
    }
    a.e -= n;
    a.h = q[0];
    a.l = q[1] | (q[2] != 0 || rem != 0);
    return a;
}

/* a / b: restoring division, 128 quotient bits plus a sticky bit. */
static struct sf_w w_div(struct sf_w a, struct sf_w b)
{
    uint64_t rh = a.h, rl = a.l, qh = 0, ql = 0, c = 0;
    struct sf_w q;
    int i;
    q.s = a.s ^ b.s;
    q.e = a.e - b.e + SF_BIAS;
    if (rh < b.h || (rh == b.h && rl < b.l)) {
        q.e--; /* quotient below 1: start from twice the dividend */
        c = rh >> 63;
        rh = rh << 1 | rl >> 63;
        rl <<= 1;
    }
    for (i = 0; i < 128; i++) {
        qh = qh << 1 | ql >> 63;
        ql <<= 1;
        if (c || rh > b.h || (rh == b.h && rl >= b.l)) {
            uint64_t nl = rl - b.l;
            rh = rh - b.h - (rl < b.l);
            rl = nl;
            ql |= 1;
        }
        c = rh >> 63;
        rh = rh << 1 | rl >> 63;
        rl <<= 1;
    }
    q.h = qh;
    q.l = ql | ((rh | rl | c) != 0);
    return q;
}

static sf_x80 w_round(struct sf_env *e, struct sf_w a)
{
    /* transcendental results of non-special arguments are never exact: keep a sticky bit */
    return sf_round_x80(e, 64, a.s, a.e, a.h, a.l | 1);
}

/* ---- series ------------------------------------------------------------------------------ */
#define W_TERMS 80

/* sin r, cos r for |r| <= ~pi/4 */
static struct sf_w w_sin(struct sf_w r)
{
    struct sf_w r2 = w_mul(r, r), sum = r, t = r;
    uint32_t n;
    if (w_zero(r))
        return r;
    for (n = 2; n < W_TERMS; n += 2) {
        t = w_neg(w_divs(w_mul(t, r2), n * (n + 1)));
        sum = w_add(sum, t);
        if (w_zero(t) || t.e < sum.e - 132)
            break;
    }
    return sum;
}

static struct sf_w w_cos(struct sf_w r)
{
    struct sf_w r2 = w_mul(r, r), one = w_int(1), sum = one, t = one;
    uint32_t n;
    if (w_zero(r))
        return one;
    for (n = 1; n < W_TERMS; n += 2) {
        t = w_neg(w_divs(w_mul(t, r2), n * (n + 1)));
        sum = w_add(sum, t);
        if (w_zero(t) || t.e < sum.e - 132)
            break;
    }
    return sum;
}

/* ln(1 + x) = 2 atanh(s), s = x / (2 + x) */
static struct sf_w w_atanh2(struct sf_w s)
{
    struct sf_w s2 = w_mul(s, s), p = s, sum = s;
    uint32_t k;
    if (w_zero(s))
        return s;
    for (k = 3; k < 2 * W_TERMS; k += 2) {
        struct sf_w t;
        p = w_mul(p, s2);
        t = w_divs(p, k);
        sum = w_add(sum, t);
        if (t.e < sum.e - 132)
            break;
    }
    sum.e++;
    return sum;
}

/* atan t for |t| <= 2 - sqrt 3 */
static struct sf_w w_atan_small(struct sf_w t)
{
    struct sf_w t2 = w_mul(t, t), p = t, sum = t;
    uint32_t k;
    if (w_zero(t))
        return t;
    for (k = 3; k < 2 * W_TERMS; k += 2) {
        struct sf_w u;
        p = w_neg(w_mul(p, t2));
        u = w_divs(p, k);
        sum = w_add(sum, u);
        if (u.e < sum.e - 132)
            break;
    }
    return sum;
}

/* atan z for 0 <= z <= 1 */
static struct sf_w w_atan01(struct sf_w z)
{
    struct sf_w lim = w_add(w_int(2), w_k(K_SQRT3, 1));
    if (w_cmpmag(z, lim) <= 0)
        return w_atan_small(z);
    {
        struct sf_w s3 = w_k(K_SQRT3, 0);
        struct sf_w t = w_div(w_add(w_mul(s3, z), w_int(-1)), w_add(s3, z));
        return w_add(w_k(K_PI_6, 0), w_atan_small(t));
    }
}

/* ---- FSIN / FCOS / FSINCOS / FPTAN --------------------------------------------------------- */
/* The x87's pi/2 for argument reduction: 66 significant bits, P * 2^-67 with P below. */
#define PI66_H 0xCull                 /* bits 67..64 */
#define PI66_L 0x90FDAA22168C234Cull /* bits 63..0 */

/* |x| = m * 2^(ex - 16383 - 63), |x| < 2^63: r = |x| - k * pi66/2 with |r| <= pi66/4. */
static struct sf_w w_reduce(int32_t ex, uint64_t m, uint32_t *k)
{
    struct sf_w r;
    int32_t sh = ex - SF_BIAS - 63 + 67; /* |x| = m * 2^sh * 2^-67 */
    uint64_t rh = 0, rl = 0, q = 0;
    int i, nbits, neg = 0;
    if (sh < 0) {
        /* |x| < 2^(sh+64-67) <= 2^-4 < pi/4 */
        r.s = 0;
        r.e = ex;
        r.h = m;
        r.l = 0;
        *k = 0;
        return r;
    }
    /* long division of N = m << sh by P; N's bits go in from the top */
    nbits = 64 + sh;
    for (i = 0; i < nbits; i++) {
        uint64_t bit = i < 64 ? (m >> (63 - i)) & 1 : 0;
        rh = rh << 1 | rl >> 63;
        rl = rl << 1 | bit;
        q <<= 1;
        if (rh > PI66_H || (rh == PI66_H && rl >= PI66_L)) {
            rh = rh - PI66_H - (rl < PI66_L);
            rl -= PI66_L;
            q |= 1;
        }
    }
    /* nearest k: if R > P/2 take k+1, r = R - P (negative) */
    {
        uint64_t hh = PI66_H - rh - (PI66_L < rl), hl = PI66_L - rl; /* P - R */
        if (rh > hh || (rh == hh && rl > hl)) {
            rh = hh;
            rl = hl;
            q++;
            neg = 1;
        }
    }
    *k = (uint32_t)q;
    r.s = neg;
    r.e = SF_BIAS - 67 + 127;
    r.h = rh;
    r.l = rl;
    return w_norm(r);
}

/* Screening shared by the trigonometric ops. Returns 1 when *r is final. */
static int sf_trig_screen(struct sf_env *e, sf_x80 a, sf_x80 *r, int *big)
{
    *big = 0;
    if (sf_screen1(e, a, r))
        return 1;
    if (sf_is_inf(a)) {
        *r = sf_invalid(e);
        return 1;
    }
    if (sf_expo(a) >= SF_BIAS + 63) {
        *big = 1; /* out of range: C2 = 1, operand unchanged */
        *r = a;
        return 1;
    }
    if (sf_is_denorm(a) && sf_raise_de(e)) {
        *r = a;
        return 1;
    }
    return 0;
}

static void sf_set_c2(struct sf_env *e, int on)
{
    e->sw = (uint16_t)((e->sw & ~SF_C2) | (on ? SF_C2 : 0));
}

/* which: 0 sin, 1 cos, 2 tan, 3 sincos (sin returned, cos in *c) */
static sf_x80 sf_trig(struct sf_env *e, sf_x80 a, int which, sf_x80 *c)
{
    sf_x80 r;
    int big;
    int32_t ex;
    uint64_t m;
    uint32_t k;
    struct sf_w x, s, co, sn, cs;

    sf_begin(e);
    sf_set_c1(e, 0);
    if (sf_trig_screen(e, a, &r, &big)) {
        sf_set_c2(e, big);
        if (c)
            *c = r;
        sf_end(e);
        return r;
    }
    sf_set_c2(e, 0);
    if (sf_is_zero(a)) {
        if (c)
            *c = sf_mk(0, SF_BIAS, SF_TOP);
        r = which == 1 ? sf_mk(0, SF_BIAS, SF_TOP) : a;
        sf_end(e);
        return r;
    }
    if (e->vendor == SF_VENDOR_INTEL && sf_expo(a) == 0 && (a.mant >> 63)) {
        /* Intel, pseudo-denormal operand (DE raised above, masked): x and 1.0, inexact. */
        sf_x80 one = sf_mk(0, SF_BIAS, SF_TOP);
        e->exc |= SF_PE;
        if (c)
            *c = one;
        r = which == 1 ? one : sf_mk(sf_sgn(a), 1, a.mant);
        sf_end(e);
        return r;
    }
    sf_unpack(a, &ex, &m);
    x = w_reduce(ex, m, &k);
    s = w_sin(x);
    co = w_cos(x);
    switch (k & 3) {
    case 0: sn = s; cs = co; break;
    case 1: sn = co; cs = w_neg(s); break;
    case 2: sn = w_neg(s); cs = w_neg(co); break;
    default: sn = w_neg(co); cs = s; break;
    }
    if (sf_sgn(a))
        sn = w_neg(sn);
    switch (which) {
    case 0: r = w_round(e, sn); break;
    case 1: r = w_round(e, cs); break;
    case 2: r = w_round(e, w_div(sn, cs)); break;
    default:
        r = w_round(e, sn);
        *c = w_round(e, cs);
        break;
    }
    sf_end(e);
    return r;
}

sf_x80 sf_sin(struct sf_env *e, sf_x80 a) { return sf_trig(e, a, 0, 0); }
sf_x80 sf_cos(struct sf_env *e, sf_x80 a) { return sf_trig(e, a, 1, 0); }
sf_x80 sf_ptan(struct sf_env *e, sf_x80 a, sf_x80 *push)
{
    sf_x80 r = sf_trig(e, a, 2, 0);
    /* 1.0 is pushed, or the NaN result itself (invalid operand, NaN operand) */
    *push = sf_is_nan(r) ? r : sf_mk(0, SF_BIAS, SF_TOP);
    return r;
}
sf_x80 sf_sincos(struct sf_env *e, sf_x80 a, sf_x80 *cosv) { return sf_trig(e, a, 3, cosv); }

/* ---- FPATAN ------------------------------------------------------------------------------- */
static sf_x80 sf_atan2_(struct sf_env *e, sf_x80 y, sf_x80 x)
{
    sf_x80 r;
    int sy = sf_sgn(y), sx = sf_sgn(x);
    struct sf_w a;
    if (sf_screen2(e, y, x, &r))
        return r;
    if ((sf_is_denorm(x) || sf_is_denorm(y)) && sf_raise_de(e))
        return y;
    if (sf_is_inf(y)) {
        if (sf_is_inf(x))
            a = w_k(sx ? K_3PI_4 : K_PI_4, sy);
        else
            a = w_k(K_PI_2, sy);
    } else if (sf_is_zero(y)) {
        if (!sx)
            return sf_mk(sy, 0, 0);
        a = w_k(K_PI, sy);
    } else if (sf_is_inf(x)) {
        if (!sx)
            return sf_mk(sy, 0, 0);
        a = w_k(K_PI, sy);
    } else if (sf_is_zero(x)) {
        a = w_k(K_PI_2, sy);
    } else {
        struct sf_w wy = w_x80(y), wx = w_x80(x);
        wy.s = wx.s = 0;
        if (w_cmpmag(wy, wx) <= 0)
            a = w_atan01(w_div(wy, wx));
        else
            a = w_add(w_k(K_PI_2, 0), w_neg(w_atan01(w_div(wx, wy))));
        if (sx)
            a = w_add(w_k(K_PI, 0), w_neg(a));
        a.s = sy;
    }
    return w_round(e, a);
}

sf_x80 sf_atan2(struct sf_env *e, sf_x80 y, sf_x80 x)
{
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_x80 r = sf_atan2_(e, y, x);
    sf_end(e);
    return r;
}

/* ---- F2XM1 -------------------------------------------------------------------------------- */
static sf_x80 sf_f2xm1_(struct sf_env *e, sf_x80 a)
{
    sf_x80 r;
    struct sf_w t, sum, term;
    uint32_t n;
    if (sf_screen1(e, a, &r))
        return r;
    if (sf_is_zero(a))
        return a;
    if (sf_is_inf(a))
        return sf_sgn(a) ? sf_mk(1, SF_BIAS, SF_TOP) : a;
    if (sf_is_denorm(a) && sf_raise_de(e))
        return a;
    t = w_mul(w_x80(a), w_k(K_LN2, 0));
    sum = t;
    term = t;
    for (n = 2; n < W_TERMS; n++) {
        term = w_divs(w_mul(term, t), n);
        sum = w_add(sum, term);
        if (w_zero(term) || term.e < sum.e - 132)
            break;
    }
    return w_round(e, sum);
}

sf_x80 sf_f2xm1(struct sf_env *e, sf_x80 a)
{
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_x80 r = sf_f2xm1_(e, a);
    sf_end(e);
    return r;
}

/* ---- FYL2X / FYL2XP1 ---------------------------------------------------------------------- */
static sf_x80 sf_yl2x_(struct sf_env *e, sf_x80 y, sf_x80 x)
{
    sf_x80 r;
    int32_t ex;
    uint64_t m;
    struct sf_w wm, one, l2;
    if (sf_screen2(e, x, y, &r))
        return r;
    if (sf_sgn(x) && !sf_is_zero(x))
        return sf_invalid(e);
    if (sf_is_zero(x)) { /* zero divide outranks a denormal y */
        if (sf_is_zero(y))
            return sf_invalid(e);
        if (!sf_is_inf(y))
            e->exc |= SF_ZE;
        return sf_mk(!sf_sgn(y), SF_EXP_MAX, SF_TOP);
    }
    if ((sf_is_denorm(x) || sf_is_denorm(y)) && sf_raise_de(e))
        return y;
    if (sf_is_inf(x)) {
        if (sf_is_zero(y))
            return sf_invalid(e);
        return sf_mk(sf_sgn(y), SF_EXP_MAX, SF_TOP);
    }
    sf_unpack(x, &ex, &m);
    if (m == SF_TOP) {
        /* x = 2^k: y * k, rounded like a multiplication */
        int32_t k = ex - SF_BIAS;
        if (k == 0) {
            if (sf_is_inf(y))
                return sf_invalid(e);
            return sf_mk(sf_sgn(y), 0, 0);
        }
        if (sf_is_inf(y))
            return sf_mk(sf_sgn(y) ^ (k < 0), SF_EXP_MAX, SF_TOP);
        if (sf_is_zero(y))
            return sf_mk(sf_sgn(y) ^ (k < 0), 0, 0);
        {
            /* exact product, but the x87 reports it inexact all the same */
            struct sf_w p = w_mul(w_x80(y), w_int(k));
            r = sf_round_x80(e, 64, p.s, p.e, p.h, p.l);
            e->exc |= SF_PE;
            if (sf_expo(r) == 0 && r.mant && (e->cw & SF_UE))
                e->exc |= SF_UE; /* tiny and (nominally) inexact */
            return r;
        }
    }
    if (sf_is_inf(y)) /* log2 x != 0 here */
        return sf_mk(sf_sgn(y) ^ (ex < SF_BIAS), SF_EXP_MAX, SF_TOP);
    if (sf_is_zero(y))
        return sf_mk(sf_sgn(y) ^ (ex < SF_BIAS), 0, 0);
    /* x = m' * 2^k with m' in [sqrt2/2, sqrt2) */
    {
        int32_t k = ex - SF_BIAS;
        wm.s = 0;
        wm.e = SF_BIAS;
        wm.h = m;
        wm.l = 0;
        if (m > 0xB504F333F9DE6484ull) {
            wm.e--;
            k++;
        }
        one = w_int(1);
        l2 = w_mul(w_atanh2(w_div(w_add(wm, w_neg(one)), w_add(wm, one))), w_k(K_LOG2E, 0));
        l2 = w_add(w_int(k), l2);
    }
    return w_round(e, w_mul(w_x80(y), l2));
}

sf_x80 sf_yl2x(struct sf_env *e, sf_x80 y, sf_x80 x)
{
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_x80 r = sf_yl2x_(e, y, x);
    sf_end(e);
    return r;
}

static sf_x80 sf_yl2xp1_(struct sf_env *e, sf_x80 y, sf_x80 x)
{
    sf_x80 r;
    struct sf_w wx, l2;
    if (sf_screen2(e, x, y, &r))
        return r;
    if (sf_is_inf(x) && (sf_sgn(x) || sf_is_zero(y)))
        return sf_invalid(e);
    if ((sf_is_denorm(x) || sf_is_denorm(y)) && sf_raise_de(e))
        return y;
    if (sf_is_zero(x)) {
        if (sf_is_inf(y))
            return sf_invalid(e);
        return sf_mk(sf_sgn(x) ^ sf_sgn(y), 0, 0);
    }
    if (sf_is_inf(x)) /* +inf, outside the x87's domain |x| < 1 - sqrt2/2 */
        return sf_mk(sf_sgn(y), SF_EXP_MAX, SF_TOP);
    if (sf_is_inf(y))
        return sf_mk(sf_sgn(x) ^ sf_sgn(y), SF_EXP_MAX, SF_TOP);
    if (sf_is_zero(y))
        return sf_mk(sf_sgn(x) ^ sf_sgn(y), 0, 0);
    wx = w_x80(x);
    l2 = w_mul(w_atanh2(w_div(wx, w_add(wx, w_int(2)))), w_k(K_LOG2E, 0));
    return w_round(e, w_mul(w_x80(y), l2));
}

sf_x80 sf_yl2xp1(struct sf_env *e, sf_x80 y, sf_x80 x)
{
    sf_begin(e);
    sf_set_c1(e, 0);
    sf_x80 r = sf_yl2xp1_(e, y, x);
    sf_end(e);
    return r;
}
