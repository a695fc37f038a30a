/* x86-flag-producing ALU (docs/isa.md sections 3 and 4). One implementation, used by the model's
 * execute stage and by host unit tests of firmware code. */
#include "sim_xalu.h"
#include "morph_isa.h"

/* The enum comes from the generated MORPH_XALU_OPS list; cross-check it with the encodings. */
_Static_assert(SIM_XALU_ADD == F7_XADD_W && SIM_XALU_ADC == F7_XADC_W, "xalu enum");
_Static_assert(SIM_XALU_SUB == F7_XSUB_W && SIM_XALU_SBB == F7_XSBB_W, "xalu enum");
_Static_assert(SIM_XALU_AND == F7_XAND_W && SIM_XALU_OR == F7_XOR_W, "xalu enum");
_Static_assert(SIM_XALU_XOR == F7_XXOR_W && SIM_XALU_INC == F7_XINC_W, "xalu enum");
_Static_assert(SIM_XALU_DEC == F7_XDEC_W && SIM_XALU_NEG == F7_XNEG_W, "xalu enum");
_Static_assert(SIM_XALU_SHL == F7_XSHL_W && SIM_XALU_SHR == F7_XSHR_W, "xalu enum");
_Static_assert(SIM_XALU_SAR == F7_XSAR_W && SIM_XALU_ROL == F7_XROL_W, "xalu enum");
_Static_assert(SIM_XALU_ROR == F7_XROR_W && SIM_XALU_RCL == F7_XRCL_W, "xalu enum");
_Static_assert(SIM_XALU_RCR == F7_XRCR_W && SIM_XALU_MULF == F7_XMULF_W, "xalu enum");
_Static_assert(SIM_XALU_IMULF == F7_XIMULF_W && SIM_XALU_LOGF == F7_XLOGF_W, "xalu enum");
_Static_assert(SIM_XALU_COUNT == F7_XLOGF_W + 1, "xalu enum");
_Static_assert(F3_XADD_B == 0 && F3_XADD_H == 1 && F3_XADD_W == 2, "xalu size encoding");

static inline uint32_t parity_flag(uint32_t r)
{
    return (__builtin_popcount(r & 0xffu) & 1) ? 0 : XF_PF;
}

/* SF, ZF, PF of an s-bit result. */
static inline uint32_t szp(uint32_t r, unsigned bits)
{
    uint32_t f = parity_flag(r);
    if (r == 0) f |= XF_ZF;
    if ((r >> (bits - 1)) & 1) f |= XF_SF;
    return f;
}

static inline uint32_t sext(uint32_t v, unsigned bits)
{
    unsigned sh = 32 - bits;
    return (uint32_t)((int32_t)(v << sh) >> sh);
}

uint32_t sim_xalu(unsigned op, unsigned size, uint32_t a, uint32_t b, uint32_t *xflags)
{
    if (op >= SIM_XALU_COUNT || size > 2) return 0;
    const unsigned bits = 8u << size;
    const uint32_t mask = bits == 32 ? 0xffffffffu : (1u << bits) - 1;
    const uint32_t msb = 1u << (bits - 1);
    uint32_t f = *xflags & XF_ARITH;
    const uint32_t cf = f & XF_CF;
    uint32_t r, nf;
    uint64_t wide;
    unsigned n = b & 31;
    a &= mask;
    b &= mask;

    switch (op) {
    case SIM_XALU_ADD:
    case SIM_XALU_ADC:
    case SIM_XALU_INC:
        if (op == SIM_XALU_INC) b = 1;
        wide = (uint64_t)a + b + (op == SIM_XALU_ADC ? cf : 0);
        r = (uint32_t)wide & mask;
        nf = szp(r, bits) | (((a ^ b ^ r) & 0x10) ? XF_AF : 0);
        if ((a ^ r) & (b ^ r) & msb) nf |= XF_OF;
        if (op == SIM_XALU_INC) nf |= cf;
        else if (wide > mask) nf |= XF_CF;
        *xflags = nf;
        return r;
    case SIM_XALU_SUB:
    case SIM_XALU_SBB:
    case SIM_XALU_DEC:
    case SIM_XALU_NEG: {
        if (op == SIM_XALU_DEC) b = 1;
        if (op == SIM_XALU_NEG) { b = a; a = 0; }
        uint64_t sub = (uint64_t)b + (op == SIM_XALU_SBB ? cf : 0);
        r = (a - (uint32_t)sub) & mask;
        nf = szp(r, bits) | (((a ^ b ^ r) & 0x10) ? XF_AF : 0);
        if ((a ^ b) & (a ^ r) & msb) nf |= XF_OF;
        if (op == SIM_XALU_DEC) nf |= cf;
        else if ((uint64_t)a < sub) nf |= XF_CF;
        *xflags = nf;
        return r;
    }
    case SIM_XALU_AND: r = a & b; *xflags = szp(r, bits); return r;
    case SIM_XALU_OR: r = a | b; *xflags = szp(r, bits); return r;
    case SIM_XALU_XOR: r = a ^ b; *xflags = szp(r, bits); return r;
    case SIM_XALU_LOGF: *xflags = szp(a, bits); return a;
    case SIM_XALU_SHL:
        if (n == 0) return a;
        r = (uint32_t)(((uint64_t)a << n) & mask);
        nf = szp(r, bits);
        if (n <= bits && ((a >> (bits - n)) & 1)) nf |= XF_CF;
        if (((r & msb) != 0) != ((nf & XF_CF) != 0)) nf |= XF_OF;
        *xflags = nf;
        return r;
    case SIM_XALU_SHR:
        if (n == 0) return a;
        r = (uint32_t)((uint64_t)a >> n);
        nf = szp(r, bits);
        if (n <= bits && ((a >> (n - 1)) & 1)) nf |= XF_CF;
        if (a & msb) nf |= XF_OF;
        *xflags = nf;
        return r;
    case SIM_XALU_SAR: {
        if (n == 0) return a;
        int32_t sa = (int32_t)sext(a, bits);
        unsigned k = n < bits ? n : bits;
        r = (uint32_t)(sa >> (n > 31 ? 31 : n)) & mask;
        nf = szp(r, bits);
        if (((uint32_t)sa >> (k - 1)) & 1) nf |= XF_CF;
        *xflags = nf;
        return r;
    }
    case SIM_XALU_ROL:
    case SIM_XALU_ROR: {
        if (n == 0) return a;
        unsigned t = n % bits;
        if (op == SIM_XALU_ROR && t) t = bits - t; /* right by t == left by bits-t */
        r = t ? ((a << t) | (a >> (bits - t))) & mask : a;
        nf = f & ~(XF_CF | XF_OF);
        if (op == SIM_XALU_ROL) {
            if (r & 1) nf |= XF_CF;
            if (((r & msb) != 0) != (r & 1)) nf |= XF_OF;
        } else {
            if (r & msb) nf |= XF_CF;
            if (((r >> (bits - 1)) ^ (r >> (bits - 2))) & 1) nf |= XF_OF;
        }
        *xflags = nf;
        return r;
    }
    case SIM_XALU_RCL:
    case SIM_XALU_RCR: {
        if (n == 0) return a;
        unsigned t = bits == 32 ? n : n % (bits + 1);
        /* Rotate the (bits+1)-bit value CF:a. */
        uint64_t v = ((uint64_t)(cf ? 1 : 0) << bits) | a;
        const uint64_t m1 = (2ull << (bits)) - 1;
        unsigned w = bits + 1;
        if (op == SIM_XALU_RCR && t) t = w - t;
        if (t) v = ((v << t) | (v >> (w - t))) & m1;
        r = (uint32_t)v & mask;
        uint32_t ncf = (uint32_t)(v >> bits) & 1;
        nf = f & ~(XF_CF | XF_OF);
        if (ncf) nf |= XF_CF;
        if (op == SIM_XALU_RCL) {
            if (((r & msb) != 0) != ncf) nf |= XF_OF;
        } else {
            if (((a & msb) != 0) != (cf != 0)) nf |= XF_OF;
        }
        *xflags = nf;
        return r;
    }
    case SIM_XALU_MULF:
        wide = (uint64_t)a * b;
        r = (uint32_t)wide & mask;
        nf = szp(r, bits);
        if (wide >> bits) nf |= XF_CF | XF_OF;
        *xflags = nf;
        return r;
    case SIM_XALU_IMULF: {
        int64_t p = (int64_t)(int32_t)sext(a, bits) * (int32_t)sext(b, bits);
        r = (uint32_t)p & mask;
        nf = szp(r, bits);
        if (p != (int64_t)(int32_t)sext(r, bits)) nf |= XF_CF | XF_OF;
        *xflags = nf;
        return r;
    }
    }
    return 0;
}

int sim_xcond(unsigned cc, uint32_t f)
{
    int cf = !!(f & XF_CF), zf = !!(f & XF_ZF), sf = !!(f & XF_SF), of = !!(f & XF_OF);
    int pf = !!(f & XF_PF);
    int r;
    switch ((cc >> 1) & 7) {
    case 0: r = of; break;
    case 1: r = cf; break;
    case 2: r = zf; break;
    case 3: r = cf | zf; break;
    case 4: r = sf; break;
    case 5: r = pf; break;
    case 6: r = sf != of; break;
    default: r = zf | (sf != of); break;
    }
    return (cc & 1) ? !r : r;
}
