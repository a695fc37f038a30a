/* sf_round.c: the one rounding routine (all formats, precision control, RC, gradual underflow,
 * overflow) and NaN propagation. */
#include "sf_internal.h"

/* Normal exponent ranges expressed in x80 bias. */
const struct sf_fmt sf_fmt_f32 = {24, 1 - 127 + SF_BIAS, 254 - 127 + SF_BIAS, 1};
const struct sf_fmt sf_fmt_f64 = {53, SF_F64_EMIN, SF_F64_EMAX, 1};

/* Should the significand be incremented at its last kept bit? The low sh bits of sig and all of
 * ext lie below that bit. */
static int sf_inc(unsigned rc, int sign, uint64_t sig, uint64_t ext, int sh, int *inexact)
{
    int guard, rest, odd;
    if (sh == 0) {
        guard = (int)(ext >> 63);
        rest = (ext << 1) != 0;
        odd = (int)(sig & 1);
    } else {
        guard = (int)(sig >> (sh - 1)) & 1;
        rest = (sig & ((1ull << (sh - 1)) - 1)) != 0 || ext != 0;
        odd = (int)(sig >> sh) & 1;
    }
    *inexact = guard | rest;
    switch (rc) {
    case SF_RC_NEAREST: return guard && (rest || odd);
    case SF_RC_DOWN: return (guard | rest) && sign;
    case SF_RC_UP: return (guard | rest) && !sign;
    default: return 0;
    }
}

struct sf_rnd sf_round(struct sf_env *e, const struct sf_fmt *f, int sign, int32_t exp,
                       uint64_t sig, uint64_t ext)
{
    struct sf_rnd r;
    int sh = 64 - f->prec, inexact, inc;
    uint64_t lsb = 1ull << sh;
    unsigned rc = sf_rc(e);

    if (!(sig >> 63)) {
        if (!sig && !ext) {
            sf_set_c1(e, 0);
            r.exp = 0;
            r.sig = 0;
            return r;
        }
        if (!sig) {
            sig = ext;
            ext = 0;
            exp -= 64;
        }
        int n = sf_clz64(sig);
        if (n) {
            sig = sig << n | ext >> (64 - n);
            ext <<= n;
            exp -= n;
        }
    }
    if (exp < f->emin) {
        /* Tiny is judged after rounding with an unbounded exponent: only a value just below
         * the smallest normal that rounds up to it is not tiny. */
        int tiny = 1;
        if (exp == f->emin - 1 && (sig | (lsb - 1)) == ~0ull &&
            sf_inc(rc, sign, sig, ext, sh, &inexact))
            tiny = 0;
        if (e->cw & SF_UE) {
            sf_shr128(&sig, &ext, f->emin - exp);
            inc = sf_inc(rc, sign, sig, ext, sh, &inexact);
            sig &= ~(lsb - 1);
            if (inc)
                sig += lsb;
            if (inexact)
                e->exc |= tiny ? SF_PE | SF_UE : SF_PE;
            sf_set_c1(e, inc);
            r.sig = sig;
            r.exp = (sig >> 63) ? f->emin : f->emin - 1;
            return r;
        }
        if (tiny) {
            e->exc |= SF_UE;
            if (f->mem) {
                r.exp = 0;
                r.sig = 0;
                return r;
            }
            exp += SF_ADJ;
            if (exp < f->emin) {
                /* still tiny after the bias adjust (FSCALE): the x87 delivers a zero */
                e->exc |= SF_PE;
                sf_set_c1(e, 0);
                r.exp = 0;
                r.sig = 0;
                return r;
            }
        }
    }
    inc = sf_inc(rc, sign, sig, ext, sh, &inexact);
    sig &= ~(lsb - 1);
    if (inc) {
        sig += lsb;
        if (!sig) {
            sig = SF_TOP;
            exp++;
        }
    }
    if (inexact)
        e->exc |= SF_PE;
    if (exp > f->emax) {
        if (e->cw & SF_OE) {
            int to_inf = rc == SF_RC_NEAREST || (rc == SF_RC_UP && !sign) ||
                         (rc == SF_RC_DOWN && sign);
            e->exc |= SF_OE | SF_PE;
            sf_set_c1(e, to_inf);
            r.exp = to_inf ? f->emax + 1 : f->emax;
            r.sig = to_inf ? SF_TOP : ~(lsb - 1);
            return r;
        }
        e->exc |= SF_OE;
        if (f->mem) {
            e->exc &= ~SF_PE;
            r.exp = exp;
            r.sig = 0;
            return r;
        }
        exp -= SF_ADJ;
        if (exp > f->emax) {
            /* still huge after the bias adjust (FSCALE): the x87 delivers an infinity */
            e->exc |= SF_PE;
            sf_set_c1(e, 1);
            r.exp = f->emax + 1;
            r.sig = SF_TOP;
            return r;
        }
    }
    sf_set_c1(e, inc);
    r.exp = exp;
    r.sig = sig;
    return r;
}

sf_x80 sf_round_x80(struct sf_env *e, int prec, int sign, int32_t exp, uint64_t sig,
                    uint64_t ext)
{
    /* The usual case, decided as sf_round decides it but in a few ops: round to nearest at 64 or
     * 53 bits, a significand normalized or one shift from it (a product), a normal result that
     * cannot overflow (the arithmetic of real programs: sf_round and sf_inc were a tenth of
     * lua's cycles). The shift keeps the value, so the general path may take it from there. */
    if (sf_rc(e) == SF_RC_NEAREST && prec != 24) {
        if (!(sig >> 63) && sig >> 62) {
            sig = sig << 1 | ext >> 63;
            ext <<= 1;
            exp--;
        }
        if (sig >> 63 && exp >= 1 && exp < SF_EXP_MAX - 1) {
            unsigned inc, inexact;
            if (prec == 64) {
                inexact = ext != 0;
                inc = (unsigned)(ext >> 63) & ((ext << 1) != 0 || (sig & 1));
            } else { /* 53: the low 11 bits go */
                const uint32_t low = (uint32_t)sig & 0x7FF;
                inexact = low != 0 || ext != 0;
                inc = sf_nearest_inc11(sig, ext != 0) << 11;
                sig -= low;
            }
            if (inexact)
                e->exc |= SF_PE;
            sig += inc;
            if (!sig) { /* carried out of the top: 1.0 * 2^(exp + 1) */
                sig = SF_TOP;
                exp++;
            }
            sf_set_c1(e, inc != 0);
            return sf_mk(sign, exp, sig);
        }
    }
    struct sf_fmt f = {prec, 1, 0x7FFE, 0};
    struct sf_rnd r = sf_round(e, &f, sign, exp, sig, ext);
    if (!r.sig)
        return sf_mk(sign, 0, 0);
    return sf_mk(sign, (int)(r.exp & 0x7FFF), r.sig);
}

static sf_x80 sf_quiet(sf_x80 a)
{
    a.mant |= SF_QBIT;
    return a;
}

sf_x80 sf_nan1(struct sf_env *e, sf_x80 a)
{
    if (sf_is_snan(a))
        e->exc |= SF_IE;
    return sf_quiet(a);
}

/* SDM "rules for handling NaNs" (x87 column): a QNaN beats an SNaN, otherwise the larger
 * significand wins; the result is quieted. */
sf_x80 sf_nan2(struct sf_env *e, sf_x80 a, sf_x80 b)
{
    int an = sf_is_nan(a), bn = sf_is_nan(b);
    if (sf_is_snan(a) || sf_is_snan(b))
        e->exc |= SF_IE;
    if (an && bn) {
        uint64_t aq = a.mant & SF_QBIT, bq = b.mant & SF_QBIT;
        if (aq != bq)
            return sf_quiet(aq ? a : b);
        if (a.mant != b.mant)
            return sf_quiet(a.mant > b.mant ? a : b);
        return sf_quiet(a.se < b.se ? a : b);
    }
    return sf_quiet(an ? a : b);
}
