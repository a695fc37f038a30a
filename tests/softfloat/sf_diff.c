/* sf_diff.c: runs each soft-float operation and the same x87 instruction on this x86-64 host
 * with identical operands and control word; compares result bits and the status word (all bits
 * except TOP; the FPU is reset by FNINIT before every case, so untouched bits must stay 0). */
#include <string.h>
#include "sf_diff.h"
#include "sf_x80.h"
#include "x87probe.h"

#if !defined(__x86_64__) && !defined(__i386__)
#error "the soft-float differential test needs an x86 host with an x87 FPU"
#endif

const char *const sfd_names[SFD_NOPS] = {
    "fadd", "fsub", "fmul", "fdiv", "fsqrt", "fadd_m32", "fmul_m64", "fcom_m32",
    "fprem", "fprem1", "frndint", "fscale", "fxtract", "fabs", "fchs",
    "fcom", "fucom", "ftst", "fxam",
    "fld_m32", "fld_m64", "fst_m32", "fst_m64",
    "fist_m16", "fist_m32", "fistp_m64", "fisttp_m16", "fisttp_m32", "fisttp_m64",
    "fild_m16", "fild_m32", "fild_m64",
    "fbld", "fbstp", "fldconst",
    "fsin", "fcos", "fsincos", "fptan", "fpatan", "f2xm1", "fyl2x", "fyl2xp1",
};

#define TOP_BIT 0x8000000000000000ull
#define QBIT 0x4000000000000000ull
#define BIAS 16383
#define SW_CMP_MASK 0xC7FFu /* everything but TOP (bits 11-13) */

struct tc {
    sf_x80 a, b;
    uint64_t i;
    uint8_t bcd[10];
    uint16_t cw;
    int k;
};

struct res {
    sf_x80 r0, r1;
    uint64_t m;
    uint8_t bcd[10];
    uint16_t sw;
};

/* ---- random operands ------------------------------------------------------------------------ */
static uint64_t rs;
static uint64_t r64(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}
static unsigned ru(unsigned n) { return (unsigned)(r64() % n); }

/* A normalized significand, biased towards patterns that exercise rounding. */
static uint64_t gen_mant(void)
{
    static const int sh[3] = {11, 40, 1};
    uint64_t m;
    int s;
    switch (ru(9)) {
    case 0: return (r64() | TOP_BIT) & ~((1ull << ru(64)) - 1);
    case 1: return TOP_BIT | 1ull << ru(63);
    case 2: return ~0ull << ru(64) | TOP_BIT;
    case 3:
        s = sh[ru(3)];
        m = (r64() | TOP_BIT) & ~((1ull << s) - 1);
        m |= 1ull << (s - 1);
        if (ru(2))
            m += ru(2) ? 1 : -1ull;
        return m | TOP_BIT;
    case 4: return TOP_BIT | r64() >> ru(64);
    case 5: return TOP_BIT | ((1ull << ru(63)) - 1);
    default: return r64() | TOP_BIT;
    }
}

static sf_x80 mk(int s, int e, uint64_t m)
{
    sf_x80 r;
    r.mant = m;
    r.se = (uint16_t)(s << 15 | e);
    return r;
}

static sf_x80 gen_x80(void)
{
    int s = (int)ru(2);
    uint64_t m;
    int e;
    switch (ru(24)) {
    case 0: return mk(s, (int)ru(0x8000), r64());
    case 1: return mk(s, 0, 0);
    case 2: return mk(s, 0x7FFF, TOP_BIT);
    case 3:
        if (ru(3) == 0)
            return mk(1, 0x7FFF, 0xC000000000000000ull);
        return mk(s, 0x7FFF, TOP_BIT | QBIT | ((r64() >> ru(64)) & (QBIT - 1)));
    case 4:
        m = (r64() >> ru(64)) & (QBIT - 1);
        return mk(s, 0x7FFF, TOP_BIT | (m ? m : 1));
    case 5:
        m = gen_mant() >> (1 + ru(63));
        return mk(s, 0, m ? m : 1);
    case 6: return mk(s, 0, gen_mant());
    case 7: return mk(s, 1 + (int)ru(0x7FFF), ru(4) ? r64() >> (1 + ru(63)) : 0);
    case 8: return mk(s, ru(2) ? 1 + (int)ru(70) : 0x7FFE - (int)ru(70), gen_mant());
    case 9: case 10: case 11: case 12: case 13:
        return mk(s, BIAS - 70 + (int)ru(141), gen_mant());
    case 14: case 15:
        e = (int)ru(64);
        m = gen_mant();
        if (e < 63)
            m &= ~((1ull << (63 - e)) - 1);
        return mk(s, BIAS + e, m | TOP_BIT);
    default: return mk(s, 1 + (int)ru(0x7FFE), gen_mant());
    }
}

static int finite_normal(sf_x80 a)
{
    int e = a.se & 0x7FFF;
    return e != 0 && e != 0x7FFF && (a.mant >> 63);
}

static int clampe(int e) { return e < 1 ? 1 : e > 0x7FFE ? 0x7FFE : e; }

static void gen_pair(enum sfd_op op, sf_x80 *pa, sf_x80 *pb)
{
    sf_x80 a = gen_x80(), b = gen_x80();
    int ea = a.se & 0x7FFF, s = (int)ru(2);
    unsigned pick = ru(4);
    if (pick >= 2 && finite_normal(a)) {
        int t, eb;
        switch (op) {
        case SFD_MUL: case SFD_MUL_M64:
            t = ru(3) == 0 ? (int)ru(130) - 65 : ru(2) ? 0x7FFF - 65 + (int)ru(130) : BIAS;
            eb = t - ea + BIAS;
            b = mk(s, clampe(eb), gen_mant());
            break;
        case SFD_DIV:
            t = ru(3) == 0 ? (int)ru(130) - 65 : ru(2) ? 0x7FFF - 65 + (int)ru(130) : BIAS;
            eb = ea - t + BIAS;
            b = mk(s, clampe(eb), gen_mant());
            break;
        case SFD_PREM: case SFD_PREM1:
            b = mk(s, clampe(ea - (int)ru(90) + 2), gen_mant());
            break;
        case SFD_SCALE:
            b = mk(s, BIAS + (int)ru(16) - 1, gen_mant());
            break;
        default:
            if (pick == 2) /* cancellation */
                b = mk(!(a.se >> 15) ^ (ru(4) == 0), ea, a.mant ^ (r64() >> ru(64)));
            else
                b = mk(s, clampe(ea + (int)ru(141) - 70), gen_mant());
            break;
        }
    }
    *pa = a;
    *pb = b;
}

static uint32_t gen_f32(void)
{
    uint32_t s = (uint32_t)ru(2) << 31;
    switch (ru(8)) {
    case 0: return s | ((uint32_t)(r64() >> ru(33)) & 0x7FFFFF);
    case 1: return s | 0x7F800000u | (uint32_t)(r64() >> ru(64));
    case 2: return s | (uint32_t)ru(2) * 0x7F800000u;
    default: return (uint32_t)r64();
    }
}
static uint64_t gen_f64(void)
{
    uint64_t s = (uint64_t)ru(2) << 63;
    switch (ru(8)) {
    case 0: return s | ((r64() >> ru(64)) & 0xFFFFFFFFFFFFFull);
    case 1: return s | 0x7FF0000000000000ull | (r64() >> ru(64));
    case 2: return s | (uint64_t)ru(2) * 0x7FF0000000000000ull;
    default: return r64();
    }
}

/* Values around the integer / BCD ranges and rounding boundaries. */
static sf_x80 gen_intish(int bits)
{
    sf_x80 a;
    int s = (int)ru(2);
    if (ru(3) == 0)
        return gen_x80();
    int e = BIAS + (int)ru((unsigned)bits + 3) - 2;
    uint64_t m = gen_mant();
    if (ru(3) == 0) {
        /* exactly +-2^(bits-1) neighbourhood */
        e = BIAS + bits - 1 - (int)ru(2);
        m = ru(2) ? TOP_BIT : ~0ull << ru(66 - bits > 63 ? 63 : 66 - bits);
        m |= TOP_BIT;
    }
    a = mk(s, e, m);
    return a;
}
static sf_x80 gen_bcdish(void)
{
    /* around 10^18 = 0xDE0B6B3A7640000 (exponent 59) */
    if (ru(3) == 0)
        return gen_x80();
    if (ru(2)) {
        uint64_t v = 999999999999999999ull + (uint64_t)ru(5) - 2;
        int n = 0;
        while (!(v >> 63)) {
            v <<= 1;
            n++;
        }
        return mk((int)ru(2), BIAS + 63 - n, v);
    }
    return mk((int)ru(2), BIAS - 2 + (int)ru(64), gen_mant());
}

static void gen_bcd(uint8_t *b)
{
    int i;
    for (i = 0; i < 9; i++) {
        unsigned lo = ru(10), hi = ru(10);
        if (ru(3) == 0)
            lo = hi = 0;
        b[i] = (uint8_t)(hi << 4 | lo);
    }
    b[9] = (uint8_t)(ru(2) << 7);
}

static void gen_case(enum sfd_op op, struct tc *t)
{
    static const unsigned pcs[3] = {0, 2, 3};
    unsigned mask = ru(6) == 0 ? (unsigned)(r64() & 0x3F) : 0x3F;
    memset(t, 0, sizeof *t);
    t->cw = (uint16_t)(0x40 | mask | pcs[ru(3)] << 8 | ru(4) << 10);
    gen_pair(op, &t->a, &t->b);
    switch (op) {
    case SFD_ADD_M32: case SFD_COM_M32: case SFD_LD32:
        t->i = gen_f32();
        break;
    case SFD_MUL_M64: case SFD_LD64:
        t->i = gen_f64();
        break;
    case SFD_IST16: case SFD_ISTT16: t->a = gen_intish(16); break;
    case SFD_IST32: case SFD_ISTT32: t->a = gen_intish(32); break;
    case SFD_IST64: case SFD_ISTT64: t->a = gen_intish(64); break;
    case SFD_RNDINT: if (ru(2)) t->a = gen_intish(64); break;
    case SFD_ILD16: case SFD_ILD32: case SFD_ILD64:
        t->i = r64() >> ru(64);
        if (ru(2))
            t->i = -t->i;
        break;
    case SFD_BLD: gen_bcd(t->bcd); break;
    case SFD_BST: t->a = gen_bcdish(); break;
    case SFD_ST32: case SFD_ST64:
        if (ru(2)) {
            /* around the target's normal range ends */
            int lim = op == SFD_ST32 ? 127 : 1023;
            int e = ru(2) ? BIAS + lim - 3 + (int)ru(6) : BIAS - lim + 2 - (int)ru(op == SFD_ST32 ? 30 : 60);
            t->a = mk((int)ru(2), e, gen_mant());
        }
        break;
    case SFD_CONST: t->k = (int)ru(7); break;
    case SFD_SIN: case SFD_COS: case SFD_SINCOS: case SFD_PTAN:
        if (ru(3) == 0) {
            /* near a multiple of pi/2 (the x87's 66-bit value) */
            uint64_t k = r64() >> ru(64);
            uint64_t hi, lo;
            int n = 0;
            /* k * 0xC90FDAA22168C234C (>> 4): keep the top 64 bits */
            unsigned __int128 p = (unsigned __int128)k * 0xC90FDAA22168C234ull;
            if (!k)
                break;
            hi = (uint64_t)(p >> 64);
            lo = (uint64_t)p;
            while (!(hi >> 63)) {
                hi = hi << 1 | lo >> 63;
                lo <<= 1;
                n++;
            }
            t->a = mk((int)ru(2), BIAS + 64 - n, hi + (uint64_t)ru(5) - 2);
        } else if (ru(2)) {
            t->a = mk((int)ru(2), BIAS - 70 + (int)ru(134), gen_mant());
        }
        break;
    case SFD_F2XM1:
        if (finite_normal(t->a) && (t->a.se & 0x7FFF) >= BIAS)
            t->a = mk(t->a.se >> 15, BIAS - 1 - (int)ru(70), gen_mant());
        if (ru(8) == 0)
            t->a = mk((int)ru(2), BIAS, TOP_BIT);
        break;
    case SFD_YL2X:
        if (ru(2))
            t->a.se &= 0x7FFF;
        if (ru(4) == 0)
            t->a = mk(0, BIAS - 1 + (int)ru(2), ru(2) ? TOP_BIT : ~0ull << ru(64));
        break;
    case SFD_YL2XP1:
        if (finite_normal(t->a) && (t->a.se & 0x7FFF) >= BIAS - 2)
            t->a = mk(t->a.se >> 15, BIAS - 3 - (int)ru(70), gen_mant());
        break;
    default: break;
    }
}

static int is_trans(enum sfd_op op) { return op >= SFD_SIN; }

/* Within one unit in the last place (same sign; exponent 0 and 1 share a scale). */
static int within_ulp(sf_x80 a, sf_x80 b)
{
    uint64_t oa, ob;
    if (a.se == b.se && a.mant == b.mant)
        return 1;
    if ((a.se ^ b.se) & 0x8000)
        return 0;
    if ((a.se & 0x7FFF) == 0x7FFF || (b.se & 0x7FFF) == 0x7FFF)
        return 0;
    oa = (uint64_t)(a.se & 0x7FFF) << 63 | (a.mant & ~TOP_BIT);
    ob = (uint64_t)(b.se & 0x7FFF) << 63 | (b.mant & ~TOP_BIT);
    if ((a.se & 0x7FFF) == 0)
        oa = a.mant;
    if ((b.se & 0x7FFF) == 0)
        ob = b.mant;
    return oa - ob + 1 <= 2;
}

/* ---- the host x87 --------------------------------------------------------------------------- */
#define X87_PRE "fninit\n\tfldcw %[cw]\n\t"
#define X87_POST "\n\tfnstsw %[sw]\n\tfnclex\n\t"
#define X87_CLOB "memory", "st", "st(1)", "st(2)"

#define H_BIN(INSN)                                                                     \
    __asm__ volatile(X87_PRE "fldt %[b]\n\tfldt %[a]\n\t" INSN X87_POST                 \
                     "fstpt %[r0]\n\tfstpt %[r1]\n\tfninit"                             \
                     : [sw] "=m"(o->sw), [r0] "=m"(o->r0), [r1] "=m"(o->r1)             \
                     : [cw] "m"(t->cw), [a] "m"(t->a), [b] "m"(t->b)                    \
                     : X87_CLOB)
#define H_M(INSN)                                                                       \
    __asm__ volatile(X87_PRE "fldt %[a]\n\t" INSN " %[m]" X87_POST "fstpt %[r0]\n\tfninit"   \
                     : [sw] "=m"(o->sw), [r0] "=m"(o->r0)                               \
                     : [cw] "m"(t->cw), [a] "m"(t->a), [m] "m"(t->i)                    \
                     : X87_CLOB)
#define H_ST(INSN)                                                                      \
    __asm__ volatile(X87_PRE "fldt %[a]\n\t" INSN " %[m]" X87_POST "fninit"             \
                     : [sw] "=m"(o->sw), [m] "+m"(o->m)                                 \
                     : [cw] "m"(t->cw), [a] "m"(t->a)                                   \
                     : X87_CLOB)
#define H_LD(INSN)                                                                      \
    __asm__ volatile(X87_PRE INSN " %[m]" X87_POST "fstpt %[r0]\n\tfninit"              \
                     : [sw] "=m"(o->sw), [r0] "=m"(o->r0)                               \
                     : [cw] "m"(t->cw), [m] "m"(t->i)                                   \
                     : X87_CLOB)
#define H_K(INSN)                                                                       \
    __asm__ volatile(X87_PRE INSN X87_POST "fstpt %[r0]\n\tfninit"                      \
                     : [sw] "=m"(o->sw), [r0] "=m"(o->r0)                               \
                     : [cw] "m"(t->cw)                                                  \
                     : X87_CLOB)

static void host_run(enum sfd_op op, const struct tc *t, struct res *o)
{
    switch (op) {
    case SFD_ADD: H_BIN("fadd %%st(1), %%st"); break;
    case SFD_SUB: H_BIN("fsub %%st(1), %%st"); break;
    case SFD_MUL: H_BIN("fmul %%st(1), %%st"); break;
    case SFD_DIV: H_BIN("fdiv %%st(1), %%st"); break;
    case SFD_SQRT: H_BIN("fsqrt"); break;
    case SFD_PREM: H_BIN("fprem"); break;
    case SFD_PREM1: H_BIN("fprem1"); break;
    case SFD_RNDINT: H_BIN("frndint"); break;
    case SFD_SCALE: H_BIN("fscale"); break;
    case SFD_XTRACT: H_BIN("fxtract"); break;
    case SFD_ABS: H_BIN("fabs"); break;
    case SFD_CHS: H_BIN("fchs"); break;
    case SFD_COM: H_BIN("fcom %%st(1)"); break;
    case SFD_UCOM: H_BIN("fucom %%st(1)"); break;
    case SFD_TST: H_BIN("ftst"); break;
    case SFD_XAM: H_BIN("fxam"); break;
    case SFD_ADD_M32: H_M("fadds"); break;
    case SFD_MUL_M64: H_M("fmull"); break;
    case SFD_COM_M32: H_M("fcoms"); break;
    case SFD_LD32: H_LD("flds"); break;
    case SFD_LD64: H_LD("fldl"); break;
    case SFD_ILD16: H_LD("filds"); break;
    case SFD_ILD32: H_LD("fildl"); break;
    case SFD_ILD64: H_LD("fildll"); break;
    case SFD_ST32: H_ST("fsts"); break;
    case SFD_ST64: H_ST("fstl"); break;
    case SFD_IST16: H_ST("fists"); break;
    case SFD_IST32: H_ST("fistl"); break;
    case SFD_IST64: H_ST("fistpll"); break;
    case SFD_ISTT16: H_ST("fisttps"); break;
    case SFD_ISTT32: H_ST("fisttpl"); break;
    case SFD_ISTT64: H_ST("fisttpll"); break;
    case SFD_BLD:
        __asm__ volatile(X87_PRE "fbld %[m]" X87_POST "fstpt %[r0]\n\tfninit"
                         : [sw] "=m"(o->sw), [r0] "=m"(o->r0)
                         : [cw] "m"(t->cw), [m] "m"(t->bcd)
                         : X87_CLOB);
        break;
    case SFD_BST:
        __asm__ volatile(X87_PRE "fldt %[a]\n\tfbstp %[m]" X87_POST "fninit"
                         : [sw] "=m"(o->sw), [m] "+m"(o->bcd)
                         : [cw] "m"(t->cw), [a] "m"(t->a)
                         : X87_CLOB);
        break;
    case SFD_SIN: H_BIN("fsin"); break;
    case SFD_COS: H_BIN("fcos"); break;
    case SFD_SINCOS: H_BIN("fsincos"); break;
    case SFD_PTAN: H_BIN("fptan"); break;
    case SFD_PATAN: H_BIN("fpatan"); break;
    case SFD_F2XM1: H_BIN("f2xm1"); break;
    case SFD_YL2X: H_BIN("fyl2x"); break;
    case SFD_YL2XP1: H_BIN("fyl2xp1"); break;
    case SFD_CONST:
        switch (t->k) {
        case 0: H_K("fld1"); break;
        case 1: H_K("fldz"); break;
        case 2: H_K("fldpi"); break;
        case 3: H_K("fldl2e"); break;
        case 4: H_K("fldl2t"); break;
        case 5: H_K("fldlg2"); break;
        default: H_K("fldln2"); break;
        }
        break;
    default: break;
    }
}

/* The soft side models the host's x87 behaviour, probed once (tests/tools/x87probe.h). */
static int sfd_vendor = -1;
static char sfd_evidence[128];
static const char *sfd_kind = "";
const char *sfd_host_x87(void)
{
    if (sfd_vendor < 0) {
        sfd_kind = x87_probe_host(sfd_evidence, sizeof sfd_evidence);
        sfd_vendor = !strcmp(sfd_kind, "intel") ? SF_VENDOR_INTEL : SF_VENDOR_AMD;
    }
    return sfd_kind;
}

static void sf_run(enum sfd_op op, const struct tc *t, struct res *o)
{
    struct sf_env env = {.cw = t->cw, .vendor = (uint16_t)sfd_vendor};
    sf_x80 a = t->a, b = t->b;
    switch (op) {
    case SFD_ADD: o->r0 = sf_add(&env, a, b); break;
    case SFD_SUB: o->r0 = sf_sub(&env, a, b); break;
    case SFD_MUL: o->r0 = sf_mul(&env, a, b); break;
    case SFD_DIV: o->r0 = sf_div(&env, a, b); break;
    case SFD_SQRT: o->r0 = sf_sqrt(&env, a); break;
    case SFD_PREM: o->r0 = sf_prem(&env, a, b); break;
    case SFD_PREM1: o->r0 = sf_prem1(&env, a, b); break;
    case SFD_RNDINT: o->r0 = sf_rndint(&env, a); break;
    case SFD_SCALE: o->r0 = sf_scale(&env, a, b); break;
    case SFD_XTRACT: o->r0 = sf_xtract(&env, a, &o->r1); break;
    case SFD_ABS: o->r0 = sf_abs(a); env.sw &= ~SF_C1; break;
    case SFD_CHS: o->r0 = sf_chs(a); env.sw &= ~SF_C1; break;
    case SFD_COM: sf_com(&env, a, b); break;
    case SFD_UCOM: sf_ucom(&env, a, b); break;
    case SFD_TST: sf_tst(&env, a); break;
    case SFD_XAM: sf_xam(&env, a); break;
    case SFD_ADD_M32:
        b = sf_widen_f32(&env, (uint32_t)t->i);
        o->r0 = sf_unmasked(&env) ? a : sf_add(&env, a, b);
        break;
    case SFD_MUL_M64:
        b = sf_widen_f64(&env, t->i);
        o->r0 = sf_unmasked(&env) ? a : sf_mul(&env, a, b);
        break;
    case SFD_COM_M32:
        b = sf_widen_f32(&env, (uint32_t)t->i);
        if (!sf_unmasked(&env))
            sf_com(&env, a, b);
        break;
    case SFD_LD32: o->r0 = sf_from_f32(&env, (uint32_t)t->i); break;
    case SFD_LD64: o->r0 = sf_from_f64(&env, t->i); break;
    case SFD_ILD16: o->r0 = sf_from_i16((int16_t)t->i); break;
    case SFD_ILD32: o->r0 = sf_from_i32((int32_t)t->i); break;
    case SFD_ILD64: o->r0 = sf_from_i64((int64_t)t->i); break;
    case SFD_ST32: o->m = sf_to_f32(&env, a); break;
    case SFD_ST64: o->m = sf_to_f64(&env, a); break;
    case SFD_IST16: o->m = (uint16_t)sf_to_i16(&env, a); break;
    case SFD_IST32: o->m = (uint32_t)sf_to_i32(&env, a); break;
    case SFD_IST64: o->m = (uint64_t)sf_to_i64(&env, a); break;
    case SFD_ISTT16: o->m = (uint16_t)sf_to_i16_tr(&env, a); break;
    case SFD_ISTT32: o->m = (uint32_t)sf_to_i32_tr(&env, a); break;
    case SFD_ISTT64: o->m = (uint64_t)sf_to_i64_tr(&env, a); break;
    case SFD_BLD: o->r0 = sf_from_bcd(t->bcd); break;
    case SFD_BST: sf_to_bcd(&env, a, o->bcd); break;
    case SFD_CONST: o->r0 = sf_const(&env, (enum sf_const)t->k); break;
    case SFD_SIN: o->r0 = sf_sin(&env, a); break;
    case SFD_COS: o->r0 = sf_cos(&env, a); break;
    case SFD_SINCOS:
        o->r1 = sf_sincos(&env, a, &o->r0);
        if (env.sw & SF_C2)
            o->r1 = b;
        break;
    case SFD_PTAN:
        o->r1 = sf_ptan(&env, a, &o->r0);
        if (env.sw & SF_C2) {
            o->r0 = a;
            o->r1 = b;
        }
        break;
    case SFD_PATAN: o->r0 = sf_atan2(&env, b, a); break;
    case SFD_F2XM1: o->r0 = sf_f2xm1(&env, a); break;
    case SFD_YL2X: o->r0 = sf_yl2x(&env, b, a); break;
    case SFD_YL2XP1: o->r0 = sf_yl2xp1(&env, b, a); break;
    default: break;
    }
    o->sw = env.sw;
}

/* Which results an operation defines: 1 = r0, 2 = r1, 4 = m (bytes given by width), 8 = bcd. */
static int outputs(enum sfd_op op, int *mbytes)
{
    *mbytes = 0;
    switch (op) {
    case SFD_COM: case SFD_UCOM: case SFD_TST: case SFD_XAM: case SFD_COM_M32: return 0;
    case SFD_XTRACT: case SFD_SINCOS: case SFD_PTAN: return 3;
    case SFD_ST32: case SFD_IST32: case SFD_ISTT32: *mbytes = 4; return 4;
    case SFD_ST64: case SFD_IST64: case SFD_ISTT64: *mbytes = 8; return 4;
    case SFD_IST16: case SFD_ISTT16: *mbytes = 2; return 4;
    case SFD_BST: return 8;
    default: return 1;
    }
}

static int x80_eq(sf_x80 a, sf_x80 b) { return a.mant == b.mant && a.se == b.se; }

static void pr_x80(FILE *f, const char *n, sf_x80 a)
{
    fprintf(f, " %s=%04x:%016llx", n, a.se, (unsigned long long)a.mant);
}

struct sfd_stats sfd_run(enum sfd_op op, unsigned long n, uint64_t seed, FILE *log, int show)
{
    struct sfd_stats st = {0, 0, 0};
    unsigned long i;
    int mb, outs = outputs(op, &mb);
    sfd_host_x87();
    rs = seed * 0x9E3779B97F4A7C15ull + (uint64_t)op * 0x632BE59BD9B4E019ull + 1;
    for (i = 0; i < n; i++) {
        struct tc t;
        struct res h, s;
        int bad = 0, memdest = (outs & 12) != 0;
        uint16_t um;
        gen_case(op, &t);
        memset(&h, 0x5A, sizeof h);
        memset(&s, 0x5A, sizeof s);
        host_run(op, &t, &h);
        sf_run(op, &t, &s);
        um = h.sw & ~t.cw & 0x3F;
        if ((h.sw & SW_CMP_MASK & (is_trans(op) ? ~SF_C1 : 0xFFFF)) !=
            (s.sw & SW_CMP_MASK & (is_trans(op) ? ~SF_C1 : 0xFFFF)))
            bad = 1;
        /* Unmasked IE/ZE/DE leave the destination alone; memory is not written on any
         * unmasked exception: nothing to compare then. */
        if (!(um & 0x07) && !(memdest && um)) {
            int (*eq)(sf_x80, sf_x80) = is_trans(op) ? within_ulp : x80_eq;
            if ((outs & 1) && !eq(h.r0, s.r0))
                bad = 1;
            if ((outs & 2) && !eq(h.r1, s.r1))
                bad = 1;
            if ((outs & 4) && memcmp(&h.m, &s.m, (size_t)mb))
                bad = 1;
            if ((outs & 8) && memcmp(h.bcd, s.bcd, 10))
                bad = 1;
            if (!bad && is_trans(op) &&
                (((outs & 1) && !x80_eq(h.r0, s.r0)) || ((outs & 2) && !x80_eq(h.r1, s.r1))))
                st.ulp1++;
        }
        st.compared++;
        if (bad) {
            st.mismatches++;
            if (log && show-- > 0) {
                fprintf(log, "MISMATCH %s cw=%04x", sfd_names[op], t.cw);
                pr_x80(log, "a", t.a);
                pr_x80(log, "b", t.b);
                fprintf(log, " i=%016llx k=%d\n   host sw=%04x", (unsigned long long)t.i, t.k,
                        h.sw & SW_CMP_MASK);
                pr_x80(log, "r0", h.r0);
                pr_x80(log, "r1", h.r1);
                fprintf(log, " m=%016llx\n   soft sw=%04x", (unsigned long long)h.m,
                        s.sw & SW_CMP_MASK);
                pr_x80(log, "r0", s.r0);
                pr_x80(log, "r1", s.r1);
                fprintf(log, " m=%016llx\n", (unsigned long long)s.m);
                if (op == SFD_BST || op == SFD_BLD) {
                    int j;
                    fprintf(log, "   bcd in/host/soft:");
                    for (j = 9; j >= 0; j--)
                        fprintf(log, "%02x", t.bcd[j]);
                    fprintf(log, " ");
                    for (j = 9; j >= 0; j--)
                        fprintf(log, "%02x", h.bcd[j]);
                    fprintf(log, " ");
                    for (j = 9; j >= 0; j--)
                        fprintf(log, "%02x", s.bcd[j]);
                    fprintf(log, "\n");
                }
            }
        }
    }
    return st;
}
