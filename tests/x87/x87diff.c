/* x87diff: differential test of the x87 instruction set: the x86-64 build runs on the host CPU,
 * the i386 build under morph (and as an i386 reference run where wanted); tests/run-x87.sh
 * compares the outputs with tests/x87/x87cmp.py (docs/x87.md).
 *
 *   x87diff NBASIC NOTHER SEED [OP,OP,...]
 *
 * NBASIC cases for each basic operation (F_BASIC: the register forms of add, sub, mul, div,
 * sqrt, prem, rndint, compares, conversions), NOTHER for every other one.
 *
 * For every operation and case: FNINIT; FLDCW random control word (RC, PC, and in one case out
 * of six random exception masks); FLD m80 b; FLD m80 a; the instruction(s); FNSAVE. Prints the
 * saved status word (with TOP), tag word, FIP/FOP/FDP, every non-empty register, EFLAGS for
 * FCOMI-type operations and the memory destination of stores. Operands come from an integer-only
 * generator (special values, denormals, unsupported encodings, rounding ties, overflow and
 * cancellation pairs ...), so both runs see the same inputs. Lines of transcendental operations
 * start with '~' (the comparator allows 1 ulp there and ignores C1). Output goes through write(2)
 * in large blocks: under morph the formatting must stay cheap. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TOP_BIT 0x8000000000000000ull
#define QBIT 0x4000000000000000ull
#define BIAS 16383

struct x80 {
    uint64_t m;
    uint16_t se;
} __attribute__((packed));

/* Operands and results, addressed by name from the asm (static binary, absolute addresses:
 * FDP is then the same natively and under morph). */
struct x80 xd_a, xd_b, xd_m80;
uint16_t xd_cw;
uint32_t xd_m32;
uint64_t xd_m64;
uint16_t xd_m16;
uint8_t xd_bcd[10];
uint8_t xd_save[108];
uint32_t xd_efl;

/* ---- output ------------------------------------------------------------------------------- */
#include "outbuf.h"

/* ---- random operands ----------------------------------------------------------------------- */
static uint64_t rs;
static uint64_t r64(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}
static unsigned ru(unsigned n) { return (unsigned)(r64() % n); }

static struct x80 mk(int s, int e, uint64_t m)
{
    struct x80 r = {m, (uint16_t)(s << 15 | (e & 0x7fff))};
    return r;
}

/* Normalized significands, biased towards rounding boundaries at 24, 53 and 64 bits. */
static uint64_t gen_mant(void)
{
    static const int sh[3] = {40, 11, 1};
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
        if (ru(2)) m += ru(2) ? 1 : -1ull;
        return m | TOP_BIT;
    case 4: return TOP_BIT | r64() >> ru(64);
    default: return r64() | TOP_BIT;
    }
}

static struct x80 gen_x80(void)
{
    int s = (int)ru(2);
    uint64_t m;
    switch (ru(24)) {
    case 0: return mk(s, (int)ru(0x8000), r64());             /* raw bits */
    case 1: return mk(s, 0, 0);                                /* zero */
    case 2: return mk(s, 0x7fff, TOP_BIT);                     /* infinity */
    case 3:                                                    /* QNaN, indefinite */
        if (ru(3) == 0) return mk(1, 0x7fff, 0xc000000000000000ull);
        return mk(s, 0x7fff, TOP_BIT | QBIT | ((r64() >> ru(64)) & (QBIT - 1)));
    case 4:                                                    /* SNaN */
        m = (r64() >> ru(64)) & (QBIT - 1);
        return mk(s, 0x7fff, TOP_BIT | (m ? m : 1));
    case 5:                                                    /* denormal */
        m = gen_mant() >> (1 + ru(63));
        return mk(s, 0, m ? m : 1);
    case 6: return mk(s, 0, gen_mant());                       /* pseudo-denormal */
    case 7: return mk(s, 1 + (int)ru(0x7fff), ru(4) ? r64() >> (1 + ru(63)) : 0); /* unnormal.. */
    case 8: return mk(s, ru(2) ? 1 + (int)ru(70) : 0x7ffe - (int)ru(70), gen_mant());
    case 9: case 10: case 11: case 12: case 13:
        return mk(s, BIAS - 70 + (int)ru(141), gen_mant());
    case 14: case 15: {                                        /* integers */
        int e = (int)ru(64);
        m = gen_mant();
        if (e < 63) m &= ~((1ull << (63 - e)) - 1);
        return mk(s, BIAS + e, m | TOP_BIT);
    }
    default: return mk(s, 1 + (int)ru(0x7ffe), gen_mant());
    }
}

static int finite_normal(struct x80 a)
{
    int e = a.se & 0x7fff;
    return e != 0 && e != 0x7fff && (a.m >> 63);
}
static int clampe(int e) { return e < 1 ? 1 : e > 0x7ffe ? 0x7ffe : e; }

static uint32_t gen_f32(void)
{
    uint32_t s = (uint32_t)ru(2) << 31;
    switch (ru(8)) {
    case 0: return s | ((uint32_t)(r64() >> ru(33)) & 0x7fffff);
    case 1: return s | 0x7f800000u | (uint32_t)(r64() >> ru(64));
    case 2: return s | (uint32_t)ru(2) * 0x7f800000u;
    case 3: return s | (uint32_t)(0x3f000000u + ru(0x2000000u));
    default: return (uint32_t)r64();
    }
}
static uint64_t gen_f64(void)
{
    uint64_t s = (uint64_t)ru(2) << 63;
    switch (ru(8)) {
    case 0: return s | ((r64() >> ru(64)) & 0xfffffffffffffull);
    case 1: return s | 0x7ff0000000000000ull | (r64() >> ru(64));
    case 2: return s | (uint64_t)ru(2) * 0x7ff0000000000000ull;
    case 3: return s | (0x3fe0000000000000ull + (r64() >> 10));
    default: return r64();
    }
}

/* Values around integer ranges (bits = 16/32/64) and their rounding boundaries. */
static struct x80 gen_intish(int bits)
{
    int s = (int)ru(2);
    if (ru(3) == 0) return gen_x80();
    int e = BIAS + (int)ru((unsigned)bits + 3) - 2;
    uint64_t m = gen_mant();
    if (ru(3) == 0) {
        e = BIAS + bits - 1 - (int)ru(2);
        m = (ru(2) ? TOP_BIT : ~0ull << ru(66 - bits > 63 ? 63 : 66 - bits)) | TOP_BIT;
    }
    return mk(s, e, m);
}
static struct x80 gen_bcdish(void)
{
    if (ru(3) == 0) return gen_x80();
    if (ru(2)) { /* around 10^18 */
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

/* High 64 bits of a 64 x 64 product (i386: no __int128). */
static uint64_t mulhi(uint64_t a, uint64_t b)
{
    uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
    return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/* ---- operations ----------------------------------------------------------------------------- */
enum gen { G_PAIR, G_MUL, G_DIV, G_PREM, G_SCALE, G_INT16, G_INT32, G_INT64, G_BCD, G_ST32,
           G_ST64, G_TRIG, G_F2XM1, G_YL2X, G_YL2XP1, G_RND };
enum mem { M_NONE, M_F32, M_F64, M_I16, M_I32, M_I64, M_BCD, M_OUT16, M_OUT32, M_OUT64, M_OUT80,
           M_OUTBCD };
#define F_TRANS 1 /* within-1-ulp comparison */
#define F_EFL 2   /* print EFLAGS (FCOMI family, FCMOV) */
#define F_BASIC 8  /* counted with NBASIC */
#define F_MASKED 4 /* sequences: exceptions stay masked (an unmasked one would trap at the next) */

struct op {
    const char *name;
    void (*run)(void);
    uint8_t gen, mem, flags;
};

/* The same source builds for i386 (the program morph runs) and for x86-64 (the host CPU as the
 * reference, docs/testing.md): memory operands are RIP-relative on x86-64 so that every x87
 * instruction has the same ModRM byte, hence the same FOP, in both builds. FIP is printed
 * relative to label 1 (set by PRE, just before the operation), FDP by the name of the operand. */
#ifdef __x86_64__
#define RIP "(%%rip)"
#define BASE "leaq 1f(%%rip), %%rax\n\tmovq %%rax, xd_base(%%rip)\n\t"
#define EFL_OUT "pushfq\n\tpopq %%rax\n\tmovl %%eax, xd_efl(%%rip)"
#define EFL_IN "pushq $0x8d5\n\tpopfq\n\t"
#else
#define RIP ""
#define BASE "movl $1f, xd_base\n\t"
#define EFL_OUT "pushfl\n\tpopl xd_efl"
#define EFL_IN "movl $0x8d5, %%eax\n\tpushl %%eax\n\tpopfl\n\t"
#endif
uintptr_t xd_base;
#define PRE BASE "fninit\n\tfldcw xd_cw" RIP "\n\tfldt xd_b" RIP "\n\tfldt xd_a" RIP "\n1:\n\t"
#define POST "\n\t" EFL_OUT "\n\tfnsave xd_save" RIP
#define OPFN(id, body)                                                                      \
    static void run_##id(void) { __asm__ volatile(PRE body POST ::: "memory", "cc", "eax"); }
/* FCOMI-type: defined EFLAGS before (the x87 writes ZF PF CF and clears OF SF AF). */
#define OPFN_EFL(id, body)                                                                  \
    static void run_##id(void)                                                              \
    {                                                                                       \
        __asm__ volatile(EFL_IN PRE body POST                                              \
                         ::: "memory", "cc", "eax");                                        \
    }

#define ARITH(x)                                                                            \
    OPFN(x##_st, "f" #x " %%st(1), %%st")                                                   \
    OPFN(x##_sti, "f" #x " %%st, %%st(1)")                                                  \
    OPFN(x##p, "f" #x "p %%st, %%st(1)")                                                    \
    OPFN(x##_st0, "f" #x " %%st(0), %%st")                                                  \
    OPFN(x##p0, "f" #x "p %%st, %%st(0)")                                                   \
    OPFN(x##p2, "f" #x "p %%st, %%st(2)")                                                   \
    OPFN(x##_m32, "f" #x "s xd_m32" RIP)                                                        \
    OPFN(x##_m64, "f" #x "l xd_m64" RIP)                                                        \
    OPFN(i##x##_m32, "fi" #x "l xd_m32" RIP)                                                    \
    OPFN(i##x##_m16, "fi" #x "s xd_m16" RIP)
ARITH(add) ARITH(sub) ARITH(subr) ARITH(mul) ARITH(div) ARITH(divr)

OPFN(com, "fcom %%st(1)") OPFN(comp, "fcomp %%st(1)") OPFN(compp, "fcompp")
OPFN(ucom, "fucom %%st(1)") OPFN(ucomp, "fucomp %%st(1)") OPFN(ucompp, "fucompp")
OPFN(com_m32, "fcoms xd_m32" RIP) OPFN(comp_m64, "fcompl xd_m64" RIP)
OPFN(icom_m32, "ficoml xd_m32" RIP) OPFN(icomp_m16, "ficomps xd_m16" RIP)
OPFN_EFL(comi, "fcomi %%st(1), %%st") OPFN_EFL(comip, "fcomip %%st(1), %%st")
OPFN_EFL(ucomi, "fucomi %%st(1), %%st") OPFN_EFL(ucomip, "fucomip %%st(1), %%st")
OPFN_EFL(fcmov, "fucomi %%st(1), %%st\n\tfcmovb %%st(1), %%st\n\tfxch\n\tfcmovnbe %%st(1), %%st\n\t"
                "fcmovu %%st(1), %%st\n\tfcmovne %%st(1), %%st")
OPFN(tst, "ftst") OPFN(xam, "fxam") OPFN(xam_empty, "ffree %%st(0)\n\tfxam")
OPFN(sqrt, "fsqrt") OPFN(prem, "fprem") OPFN(prem1, "fprem1") OPFN(rndint, "frndint")
OPFN(scale, "fscale") OPFN(xtract, "fxtract") OPFN(abs, "fabs") OPFN(chs, "fchs")
OPFN(fst_m32, "fsts xd_m32" RIP) OPFN(fstp_m32, "fstps xd_m32" RIP)
OPFN(fst_m64, "fstl xd_m64" RIP) OPFN(fstp_m64, "fstpl xd_m64" RIP) OPFN(fstp_m80, "fstpt xd_m80" RIP)
OPFN(fist_m16, "fists xd_m16" RIP) OPFN(fistp_m16, "fistps xd_m16" RIP)
OPFN(fist_m32, "fistl xd_m32" RIP) OPFN(fistp_m32, "fistpl xd_m32" RIP) OPFN(fistp_m64, "fistpll xd_m64" RIP)
OPFN(fisttp_m16, "fisttps xd_m16" RIP) OPFN(fisttp_m32, "fisttpl xd_m32" RIP)
OPFN(fisttp_m64, "fisttpll xd_m64" RIP) OPFN(fbstp, "fbstp xd_bcd" RIP)
OPFN(fld_m32, "flds xd_m32" RIP) OPFN(fld_m64, "fldl xd_m64" RIP) OPFN(fld_m80, "fldt xd_m80" RIP)
OPFN(fild_m16, "filds xd_m16" RIP) OPFN(fild_m32, "fildl xd_m32" RIP) OPFN(fild_m64, "fildll xd_m64" RIP)
OPFN(fbld, "fbld xd_bcd" RIP)
OPFN(consts, "fld1\n\tfldl2t\n\tfldl2e\n\tfldpi\n\tfldlg2\n\tfldln2")
OPFN(stack, "fxch %%st(1)\n\tfld %%st(1)\n\tfdecstp\n\tfincstp\n\tffree %%st(2)\n\tfst %%st(3)\n\t"
            "fstp %%st(0)\n\tfldz\n\tfnop")
OPFN(overflow, "fld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld %%st(3)")
OPFN(underflow, "fstp %%st(0)\n\tfstp %%st(0)\n\tfadd %%st(0), %%st")
/* the reserved aliases, on full and on empty registers (FSTP1 with an empty ST(0): docs/x87.md,
 * "Two behaviours"; found by tools/fuzz-x86.py) */
OPFN(aliases, ".byte 0xd9, 0xd9\n\tfld %%st(0)\n\t.byte 0xdd, 0xc9\n\t.byte 0xdf, 0xca\n\t"
              ".byte 0xdc, 0xd1\n\t.byte 0xdf, 0xd1\n\t.byte 0xdf, 0xd9\n\tfld %%st(0)\n\t.byte 0xdc, 0xd9")
OPFN(fstp1_empty, "ffree %%st(0)\n\t.byte 0xd9, 0xda")
/* C2 after a stack underflow of the operations that report in C2 (FTST of an empty ST(0) set it) */
OPFN(prem_empty, "ffree %%st(0)\n\tftst\n\tfprem")
OPFN(sincos_empty, "ffree %%st(0)\n\tftst\n\tfsincos")
/* condition codes an operation leaves as they were (FXAM of an empty register sets C3 and C0 first;
 * of ST(0), C1 = its sign): FPREM/FPREM1 without a quotient keep C3 and C0, FNOP, FUCOMI, FCMOVcc
 * and FCOMIP keep C1; FLD of an empty ST(i) onto a full ST(7) is an underflow only (C1 = 0) */
OPFN(prem_keep, "fdecstp\n\tfxam\n\tfincstp\n\tfprem")
OPFN(prem1_keep, "fdecstp\n\tfxam\n\tfincstp\n\tfprem1")
OPFN(c1_keep, "fxam\n\tfnop\n\tfucomi %%st(1), %%st\n\tfcmovnb %%st(1), %%st\n\tfcomip %%st(1), %%st")
OPFN(fld_empty_full7, "fst %%st(7)\n\tffree %%st(1)\n\tfld %%st(1)")
OPFN(xtract_empty_full7, "fst %%st(7)\n\tffree %%st(0)\n\tfxtract")
OPFN(sincos_empty_full7, "fst %%st(7)\n\tffree %%st(0)\n\tfsincos")
OPFN(chain, "fld %%st(1)\n\tfmul %%st(0), %%st\n\tfxch %%st(2)\n\tfdivr %%st(1), %%st\n\t"
            "fsubrp %%st, %%st(2)\n\tfaddp\n\tfsqrt")
OPFN(fsin, "fsin") OPFN(fcos, "fcos") OPFN(fsincos, "fsincos") OPFN(fptan, "fptan")
OPFN(fpatan, "fpatan") OPFN(f2xm1, "f2xm1") OPFN(fyl2x, "fyl2x") OPFN(fyl2xp1, "fyl2xp1")

#define AOPS(x, g)                                                                          \
    {#x "_st", run_##x##_st, g, M_NONE, F_BASIC}, {#x "_sti", run_##x##_sti, g, M_NONE, 0},       \
    {#x "p", run_##x##p, g, M_NONE, 0}, {#x "_st0", run_##x##_st0, g, M_NONE, 0},              \
    {#x "p0", run_##x##p0, g, M_NONE, 0}, {#x "p2", run_##x##p2, g, M_NONE, 0},                \
    {#x "_m32", run_##x##_m32, g, M_F32, 0},                                                \
    {#x "_m64", run_##x##_m64, g, M_F64, 0}, {"i" #x "_m32", run_i##x##_m32, g, M_I32, 0},  \
    {"i" #x "_m16", run_i##x##_m16, g, M_I16, 0}

static const struct op ops[] = {
    AOPS(add, G_PAIR), AOPS(sub, G_PAIR), AOPS(subr, G_PAIR), AOPS(mul, G_MUL),
    AOPS(div, G_DIV), AOPS(divr, G_DIV),
    {"com", run_com, G_PAIR, M_NONE, F_BASIC}, {"comp", run_comp, G_PAIR, M_NONE, 0},
    {"compp", run_compp, G_PAIR, M_NONE, 0}, {"ucom", run_ucom, G_PAIR, M_NONE, F_BASIC},
    {"ucomp", run_ucomp, G_PAIR, M_NONE, 0}, {"ucompp", run_ucompp, G_PAIR, M_NONE, 0},
    {"com_m32", run_com_m32, G_PAIR, M_F32, 0}, {"comp_m64", run_comp_m64, G_PAIR, M_F64, 0},
    {"icom_m32", run_icom_m32, G_PAIR, M_I32, 0}, {"icomp_m16", run_icomp_m16, G_PAIR, M_I16, 0},
    {"comi", run_comi, G_PAIR, M_NONE, F_EFL | F_BASIC}, {"comip", run_comip, G_PAIR, M_NONE, F_EFL},
    {"ucomi", run_ucomi, G_PAIR, M_NONE, F_EFL | F_BASIC}, {"ucomip", run_ucomip, G_PAIR, M_NONE, F_EFL},
    {"fcmov", run_fcmov, G_PAIR, M_NONE, F_EFL | F_MASKED},
    {"tst", run_tst, G_PAIR, M_NONE, 0}, {"xam", run_xam, G_PAIR, M_NONE, 0},
    {"xam_empty", run_xam_empty, G_PAIR, M_NONE, 0 | F_MASKED},
    {"sqrt", run_sqrt, G_PAIR, M_NONE, F_BASIC}, {"prem", run_prem, G_PREM, M_NONE, F_BASIC},
    {"prem1", run_prem1, G_PREM, M_NONE, F_BASIC}, {"rndint", run_rndint, G_RND, M_NONE, F_BASIC},
    {"scale", run_scale, G_SCALE, M_NONE, 0}, {"xtract", run_xtract, G_PAIR, M_NONE, 0},
    {"abs", run_abs, G_PAIR, M_NONE, 0}, {"chs", run_chs, G_PAIR, M_NONE, 0},
    {"fst_m32", run_fst_m32, G_ST32, M_OUT32, F_BASIC}, {"fstp_m32", run_fstp_m32, G_ST32, M_OUT32, 0},
    {"fst_m64", run_fst_m64, G_ST64, M_OUT64, F_BASIC}, {"fstp_m64", run_fstp_m64, G_ST64, M_OUT64, 0},
    {"fstp_m80", run_fstp_m80, G_PAIR, M_OUT80, 0},
    {"fist_m16", run_fist_m16, G_INT16, M_OUT16, 0}, {"fistp_m16", run_fistp_m16, G_INT16, M_OUT16, 0},
    {"fist_m32", run_fist_m32, G_INT32, M_OUT32, F_BASIC}, {"fistp_m32", run_fistp_m32, G_INT32, M_OUT32, 0},
    {"fistp_m64", run_fistp_m64, G_INT64, M_OUT64, F_BASIC},
    {"fisttp_m16", run_fisttp_m16, G_INT16, M_OUT16, 0},
    {"fisttp_m32", run_fisttp_m32, G_INT32, M_OUT32, F_BASIC},
    {"fisttp_m64", run_fisttp_m64, G_INT64, M_OUT64, 0},
    {"fbstp", run_fbstp, G_BCD, M_OUTBCD, F_BASIC},
    {"fld_m32", run_fld_m32, G_PAIR, M_F32, F_BASIC}, {"fld_m64", run_fld_m64, G_PAIR, M_F64, F_BASIC},
    {"fld_m80", run_fld_m80, G_PAIR, M_OUT80, 0},
    {"fild_m16", run_fild_m16, G_PAIR, M_I16, 0}, {"fild_m32", run_fild_m32, G_PAIR, M_I32, 0},
    {"fild_m64", run_fild_m64, G_PAIR, M_I64, F_BASIC}, {"fbld", run_fbld, G_PAIR, M_BCD, 0},
    {"consts", run_consts, G_PAIR, M_NONE, 0 | F_MASKED}, {"stack", run_stack, G_PAIR, M_NONE, 0 | F_MASKED},
    {"overflow", run_overflow, G_PAIR, M_NONE, 0 | F_MASKED}, {"underflow", run_underflow, G_PAIR, M_NONE, 0 | F_MASKED},
    {"aliases", run_aliases, G_PAIR, M_NONE, 0 | F_MASKED},
    {"fstp1_empty", run_fstp1_empty, G_PAIR, M_NONE, 0 | F_MASKED},
    {"prem_empty", run_prem_empty, G_PAIR, M_NONE, 0 | F_MASKED},
    {"sincos_empty", run_sincos_empty, G_PAIR, M_NONE, 0 | F_MASKED},
    {"prem_keep", run_prem_keep, G_PAIR, M_NONE, 0 | F_MASKED},
    {"prem1_keep", run_prem1_keep, G_PAIR, M_NONE, 0 | F_MASKED},
    {"c1_keep", run_c1_keep, G_PAIR, M_NONE, 0 | F_MASKED},
    {"fld_empty_full7", run_fld_empty_full7, G_PAIR, M_NONE, 0 | F_MASKED},
    {"xtract_empty_full7", run_xtract_empty_full7, G_PAIR, M_NONE, 0 | F_MASKED},
    {"sincos_empty_full7", run_sincos_empty_full7, G_PAIR, M_NONE, 0 | F_MASKED},
    {"chain", run_chain, G_PAIR, M_NONE, 0 | F_MASKED},
    {"fsin", run_fsin, G_TRIG, M_NONE, F_TRANS}, {"fcos", run_fcos, G_TRIG, M_NONE, F_TRANS},
    {"fsincos", run_fsincos, G_TRIG, M_NONE, F_TRANS}, {"fptan", run_fptan, G_TRIG, M_NONE, F_TRANS},
    {"fpatan", run_fpatan, G_PAIR, M_NONE, F_TRANS}, {"f2xm1", run_f2xm1, G_F2XM1, M_NONE, F_TRANS},
    {"fyl2x", run_fyl2x, G_YL2X, M_NONE, F_TRANS}, {"fyl2xp1", run_fyl2xp1, G_YL2XP1, M_NONE, F_TRANS},
};

/* Operands of one case into xd_*. */
static void gen_case(const struct op *op)
{
    static const unsigned pcs[4] = {0, 2, 3, 3};
    unsigned mask = ru(6) == 0 ? (unsigned)(r64() & 0x3f) : 0x3f;
    if (op->flags & F_MASKED) mask = 0x3f;
    xd_cw = (uint16_t)(0x40 | mask | pcs[ru(4)] << 8 | ru(4) << 10);
    struct x80 a = gen_x80(), b = gen_x80();
    int ea = a.se & 0x7fff, s = (int)ru(2), t;
    if (ru(4) >= 2 && finite_normal(a)) {
        switch (op->gen) {
        case G_MUL:
            t = ru(3) == 0 ? (int)ru(130) - 65 : ru(2) ? 0x7fff - 65 + (int)ru(130) : BIAS;
            b = mk(s, clampe(t - ea + BIAS), gen_mant());
            break;
        case G_DIV:
            t = ru(3) == 0 ? (int)ru(130) - 65 : ru(2) ? 0x7fff - 65 + (int)ru(130) : BIAS;
            b = mk(s, clampe(ea - t + BIAS), gen_mant());
            break;
        case G_PREM: b = mk(s, clampe(ea - (int)ru(90) + 2), gen_mant()); break;
        case G_SCALE: b = mk(s, BIAS + (int)ru(16) - 1, gen_mant()); break;
        default:
            if (ru(2)) b = mk(!(a.se >> 15) ^ (ru(4) == 0), ea, a.m ^ (r64() >> ru(64)));
            else b = mk(s, clampe(ea + (int)ru(141) - 70), gen_mant());
            break;
        }
    }
    switch (op->gen) {
    case G_INT16: a = gen_intish(16); break;
    case G_INT32: a = gen_intish(32); break;
    case G_INT64: case G_RND: a = gen_intish(64); break;
    case G_BCD: a = gen_bcdish(); break;
    case G_ST32: case G_ST64:
        if (ru(2)) {
            int lim = op->gen == G_ST32 ? 127 : 1023;
            int e = ru(2) ? BIAS + lim - 3 + (int)ru(6)
                          : BIAS - lim + 2 - (int)ru(op->gen == G_ST32 ? 30 : 60);
            a = mk((int)ru(2), e, gen_mant());
        }
        break;
    case G_TRIG:
        if (ru(3) == 0) { /* near k * pi/2, the x87's 66-bit pi */
            uint64_t k = r64() >> ru(64), hi, lo;
            int n = 0;
            if (!k) break;
            hi = mulhi(k, 0xc90fdaa22168c234ull);
            lo = k * 0xc90fdaa22168c234ull;
            while (!(hi >> 63)) {
                hi = hi << 1 | lo >> 63;
                lo <<= 1;
                n++;
            }
            a = mk((int)ru(2), BIAS + 64 - n, hi + (uint64_t)ru(5) - 2);
        } else if (ru(2)) {
            a = mk((int)ru(2), BIAS - 70 + (int)ru(134), gen_mant());
        }
        break;
    case G_F2XM1:
        if (finite_normal(a) && (a.se & 0x7fff) >= BIAS)
            a = mk(a.se >> 15, BIAS - 1 - (int)ru(70), gen_mant());
        if (ru(8) == 0) a = mk((int)ru(2), BIAS, TOP_BIT);
        break;
    case G_YL2X:
        if (ru(2)) a.se &= 0x7fff;
        if (ru(4) == 0) a = mk(0, BIAS - 1 + (int)ru(2), ru(2) ? TOP_BIT : ~0ull << ru(64));
        break;
    case G_YL2XP1: /* |x| < 1 - sqrt(2)/2: below 0.29 */
        if (finite_normal(a) && (a.se & 0x7fff) >= BIAS - 2)
            a = mk(a.se >> 15, BIAS - 3 - (int)ru(70), gen_mant());
        break;
    default: break;
    }
    xd_a = a;
    xd_b = b;
    switch (op->mem) {
    case M_F32: xd_m32 = gen_f32(); break;
    case M_F64: xd_m64 = gen_f64(); break;
    case M_I16: xd_m16 = (uint16_t)(r64() >> ru(64)); break;
    case M_I32: xd_m32 = (uint32_t)(r64() >> ru(64)); break;
    case M_I64: xd_m64 = r64() >> ru(64); if (ru(2)) xd_m64 = -xd_m64; break;
    case M_BCD:
        for (int i = 0; i < 9; i++) {
            unsigned lo = ru(10), hi = ru(10);
            if (ru(3) == 0) lo = hi = 0;
            xd_bcd[i] = (uint8_t)(hi << 4 | lo);
        }
        xd_bcd[9] = (uint8_t)(ru(2) << 7);
        break;
    case M_OUT80: xd_m80 = gen_x80(); break; /* FLD m80 source / FSTP m80 pattern */
    default: /* a pattern, so that "not written" shows */
        xd_m16 = 0xa5a5;
        xd_m32 = 0xa5a5a5a5u;
        xd_m64 = 0xa5a5a5a5a5a5a5a5ull;
        memset(xd_bcd, 0xa5, sizeof xd_bcd);
        break;
    }
}

/* FIP as an offset from label 1 of PRE ("ip=@05"), FDP as the operand's name ("dp=@m32"), so
 * that the i386 and x86-64 builds print the same; any other value (0 after FNINIT) in hex. */
static void optr_ip(uint32_t fip)
{
    uint32_t off = fip - (uint32_t)xd_base;
    ostr(" ip=");
    if (fip && off < 0x100) {
        ostr("@");
        ohex(off, 2);
    } else {
        ohex(fip, 8);
    }
}
static void optr_dp(uint32_t fdp)
{
    static const struct { const char *name; const void *p; unsigned size; } v[] = {
        {"a", &xd_a, sizeof xd_a}, {"b", &xd_b, sizeof xd_b}, {"m80", &xd_m80, sizeof xd_m80},
        {"cw", &xd_cw, sizeof xd_cw}, {"m32", &xd_m32, sizeof xd_m32},
        {"m64", &xd_m64, sizeof xd_m64}, {"m16", &xd_m16, sizeof xd_m16},
        {"bcd", xd_bcd, sizeof xd_bcd},
    };
    ostr(" dp=");
    for (unsigned k = 0; fdp && k < sizeof v / sizeof v[0]; k++) {
        uint32_t off = fdp - (uint32_t)(uintptr_t)v[k].p;
        if (off < v[k].size) {
            ostr("@");
            ostr(v[k].name);
            if (off) {
                ostr("+");
                odec(off);
            }
            return;
        }
    }
    ohex(fdp, 8);
}

static void print_case(const struct op *op, unsigned i)
{
    const uint8_t *sv = xd_save;
    uint16_t sw = (uint16_t)(sv[4] | sv[5] << 8), tw = (uint16_t)(sv[8] | sv[9] << 8);
    uint32_t fip, fdp, fcs;
    memcpy(&fip, sv + 12, 4);
    memcpy(&fcs, sv + 16, 4);
    memcpy(&fdp, sv + 20, 4);
    unsigned top = (sw >> 11) & 7;
    if (op->flags & F_TRANS) ostr("~");
    ostr(op->name);
    ostr(" ");
    odec(i);
    ostr(" sw=");
    ohex(sw, 4);
    ostr(" tw=");
    ohex(tw, 4);
    optr_ip(fip);
    ostr(" op=");
    ohex((fcs >> 16) & 0x7ff, 3);
    optr_dp(fdp);
    if (op->flags & F_EFL) {
        ostr(" fl=");
        ohex(xd_efl & 0x8d5, 3);
    }
    for (unsigned k = 0; k < 8; k++) {
        if (((tw >> (2 * ((top + k) & 7))) & 3) == 3) continue;
        struct x80 r;
        memcpy(&r, sv + 28 + 10 * k, 10);
        obuf[olen++] = ' ';
        obuf[olen++] = (char)('0' + k);
        obuf[olen++] = '=';
        ohex(r.se, 4);
        ohex(r.m, 16);
    }
    switch (op->mem) {
    case M_OUT16: ostr(" m="); ohex(xd_m16, 4); break;
    case M_OUT32: ostr(" m="); ohex(xd_m32, 8); break;
    case M_OUT64: ostr(" m="); ohex(xd_m64, 16); break;
    case M_OUT80: ostr(" m="); ohex(xd_m80.se, 4); ohex(xd_m80.m, 16); break;
    case M_OUTBCD:
        ostr(" m=");
        for (int k = 9; k >= 0; k--) ohex(xd_bcd[k], 2);
        break;
    default: break;
    }
    obuf[olen++] = '\n';
    if (olen > sizeof obuf - 512) oflush();
}

static int pointers_lost(void)
{
    uint32_t fip, fcs, fdp;
    memcpy(&fip, xd_save + 12, 4);
    memcpy(&fcs, xd_save + 16, 4);
    memcpy(&fdp, xd_save + 20, 4);
    return fip == 0 || (fdp == 0 && ((fcs >> 16) & 0x7ff) != 0);
}

/* Is name an element of the comma-separated list? */
static int listed(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == n && memcmp(p, name, n) == 0) return 1;
        if (!e) break;
        p = e + 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    unsigned nbasic = argc > 1 ? (unsigned)strtoul(argv[1], 0, 10) : 1000;
    unsigned nother = argc > 2 ? (unsigned)strtoul(argv[2], 0, 10) : nbasic;
    uint64_t seed = argc > 3 ? strtoull(argv[3], 0, 10) : 1;
    const char *only = argc > 4 ? argv[4] : 0;
    unsigned nops = sizeof ops / sizeof ops[0];
    for (unsigned k = 0; k < nops; k++) {
        const struct op *op = &ops[k];
        if (only && !listed(only, op->name)) continue;
        /* one stream per operation: selecting operations does not change the cases */
        rs = seed * 0x9e3779b97f4a7c15ull + k + 1;
        unsigned n = (op->flags & F_BASIC) ? nbasic : nother;
        for (unsigned i = 0; i < n; i++) {
            gen_case(op);
            /* Linux on AMD CPUs restores the x87 state after a context switch without FIP,
             * FDP and FOP, so a case preempted inside its instructions shows them as 0 (FIP 0,
             * or FDP 0 after an opcode was stored). A case only writes xd_m* and xd_save from
             * unchanged inputs, so running it again gives the same result: up to two retries. */
            for (int tries = 0;; tries++) {
                op->run();
                if (tries == 2 || !pointers_lost()) break;
            }
            print_case(op, i);
        }
    }
    oflush();
    return 0;
}
