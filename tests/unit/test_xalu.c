/* Differential test: every x-ALU op and size against the real x86 instruction executed on this
 * x86-64 host. Flags that Intel's SDM leaves undefined for the case are masked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include "sim_xalu.h"
#include "morph_isa.h"

#if !defined(__x86_64__)
#error "test_xalu needs an x86-64 host"
#endif

/* Load the arithmetic flags from fin, run INSN, capture the flags. The 128-byte step over the
 * red zone keeps pushf from clobbering compiler locals. */
#define FL_IN "sub $128, %%rsp\n\tpushfq\n\tpop %[f]\n\tand $~0x8d5, %[f]\n\tor %[fi], %[f]\n\t" \
              "push %[f]\n\tpopfq\n\t"
#define FL_OUT "\n\tpushfq\n\tpop %[f]\n\tadd $128, %%rsp"

#define DEF_BIN(name, insn, T)                                                                \
    static uint32_t name(uint32_t a, uint32_t b, uint64_t fi, uint32_t *fo)                 \
    {                                                                                         \
        T x = (T)a, y = (T)b;                                                                 \
        uint64_t f;                                                                           \
        __asm__ volatile(FL_IN insn " %[y], %[x]" FL_OUT                                      \
                         : [x] "+r"(x), [f] "=&r"(f)                                          \
                         : [y] "r"(y), [fi] "r"(fi)                                           \
                         : "cc", "memory");                                                   \
        *fo = (uint32_t)f;                                                                    \
        return x;                                                                             \
    }
#define DEF_UN(name, insn, T)                                                                 \
    static uint32_t name(uint32_t a, uint32_t b, uint64_t fi, uint32_t *fo)                 \
    {                                                                                         \
        T x = (T)a;                                                                           \
        uint64_t f;                                                                           \
        (void)b;                                                                              \
        __asm__ volatile(FL_IN insn " %[x]" FL_OUT                                            \
                         : [x] "+r"(x), [f] "=&r"(f)                                          \
                         : [fi] "r"(fi)                                                       \
                         : "cc", "memory");                                                   \
        *fo = (uint32_t)f;                                                                    \
        return x;                                                                             \
    }
#define DEF_TEST(name, T)                                                                     \
    static uint32_t name(uint32_t a, uint32_t b, uint64_t fi, uint32_t *fo)                 \
    {                                                                                         \
        T x = (T)a;                                                                           \
        uint64_t f;                                                                           \
        (void)b;                                                                              \
        __asm__ volatile(FL_IN "test %[x], %[x]" FL_OUT                                       \
                         : [f] "=&r"(f)                                                       \
                         : [x] "r"(x), [fi] "r"(fi)                                           \
                         : "cc", "memory");                                                   \
        *fo = (uint32_t)f;                                                                    \
        return x;                                                                             \
    }
#define DEF_SH(name, insn, T)                                                                 \
    static uint32_t name(uint32_t a, uint32_t b, uint64_t fi, uint32_t *fo)                 \
    {                                                                                         \
        T x = (T)a;                                                                           \
        uint8_t n = (uint8_t)b;                                                               \
        uint64_t f;                                                                           \
        __asm__ volatile(FL_IN insn " %%cl, %[x]" FL_OUT                                      \
                         : [x] "+r"(x), [f] "=&r"(f)                                          \
                         : [n] "c"(n), [fi] "r"(fi)                                           \
                         : "cc", "memory");                                                   \
        *fo = (uint32_t)f;                                                                    \
        return x;                                                                             \
    }
/* One-operand MUL/IMUL: the low half lands in AL/AX/EAX, CF=OF say whether the high half
 * matters. */
#define DEF_MUL(name, insn, T)                                                                \
    static uint32_t name(uint32_t a, uint32_t b, uint64_t fi, uint32_t *fo)                 \
    {                                                                                         \
        uint64_t x = a, d = 0, f;                                                             \
        T y = (T)b;                                                                           \
        __asm__ volatile(FL_IN insn " %[y]" FL_OUT                                            \
                         : "+a"(x), "+d"(d), [f] "=&r"(f)                                     \
                         : [y] "r"(y), [fi] "r"(fi)                                           \
                         : "cc", "memory");                                                   \
        *fo = (uint32_t)f;                                                                    \
        return (T)x;                                                                          \
    }

#define DEF_ALL(M, base, insn)                                                                \
    M(base##_b, insn, uint8_t) M(base##_h, insn, uint16_t) M(base##_w, insn, uint32_t)

DEF_ALL(DEF_BIN, x_add, "add")
DEF_ALL(DEF_BIN, x_adc, "adc")
DEF_ALL(DEF_BIN, x_sub, "sub")
DEF_ALL(DEF_BIN, x_sbb, "sbb")
DEF_ALL(DEF_BIN, x_and, "and")
DEF_ALL(DEF_BIN, x_or, "or")
DEF_ALL(DEF_BIN, x_xor, "xor")
DEF_ALL(DEF_UN, x_inc, "inc")
DEF_ALL(DEF_UN, x_dec, "dec")
DEF_ALL(DEF_UN, x_neg, "neg")
DEF_ALL(DEF_SH, x_shl, "shl")
DEF_ALL(DEF_SH, x_shr, "shr")
DEF_ALL(DEF_SH, x_sar, "sar")
DEF_ALL(DEF_SH, x_rol, "rol")
DEF_ALL(DEF_SH, x_ror, "ror")
DEF_ALL(DEF_SH, x_rcl, "rcl")
DEF_ALL(DEF_SH, x_rcr, "rcr")
DEF_ALL(DEF_MUL, x_mul, "mul")
DEF_ALL(DEF_MUL, x_imul, "imul")
DEF_TEST(x_test_b, uint8_t)
DEF_TEST(x_test_h, uint16_t)
DEF_TEST(x_test_w, uint32_t)

typedef uint32_t (*x86_fn)(uint32_t, uint32_t, uint64_t, uint32_t *);
#define ROW(base) { base##_b, base##_h, base##_w }
static const x86_fn x86_ops[SIM_XALU_COUNT][3] = {
    [SIM_XALU_ADD] = ROW(x_add), [SIM_XALU_ADC] = ROW(x_adc), [SIM_XALU_SUB] = ROW(x_sub),
    [SIM_XALU_SBB] = ROW(x_sbb), [SIM_XALU_AND] = ROW(x_and), [SIM_XALU_OR] = ROW(x_or),
    [SIM_XALU_XOR] = ROW(x_xor), [SIM_XALU_INC] = ROW(x_inc), [SIM_XALU_DEC] = ROW(x_dec),
    [SIM_XALU_NEG] = ROW(x_neg), [SIM_XALU_SHL] = ROW(x_shl), [SIM_XALU_SHR] = ROW(x_shr),
    [SIM_XALU_SAR] = ROW(x_sar), [SIM_XALU_ROL] = ROW(x_rol), [SIM_XALU_ROR] = ROW(x_ror),
    [SIM_XALU_RCL] = ROW(x_rcl), [SIM_XALU_RCR] = ROW(x_rcr), [SIM_XALU_MULF] = ROW(x_mul),
    [SIM_XALU_IMULF] = ROW(x_imul), [SIM_XALU_LOGF] = ROW(x_test),
};
static const char *const op_names[SIM_XALU_COUNT] = {
    "add", "adc", "sub", "sbb", "and", "or", "xor", "inc", "dec", "neg", "shl", "shr", "sar",
    "rol", "ror", "rcl", "rcr", "mulf", "imulf", "logf",
};

/* Flags x86 defines for this case (SDM Vol. 2 per-instruction "Flags Affected"). */
static uint32_t defined_flags(unsigned op, unsigned bits, uint32_t b)
{
    unsigned n = b & 31;
    switch (op) {
    case SIM_XALU_AND: case SIM_XALU_OR: case SIM_XALU_XOR: case SIM_XALU_LOGF:
        return XF_ARITH & ~XF_AF;
    case SIM_XALU_SHL: case SIM_XALU_SHR: case SIM_XALU_SAR: {
        if (n == 0) return XF_ARITH;
        uint32_t m = XF_SF | XF_ZF | XF_PF;
        if (op == SIM_XALU_SAR || n < bits) m |= XF_CF;
        if (n == 1) m |= XF_OF;
        return m;
    }
    case SIM_XALU_ROL: case SIM_XALU_ROR: case SIM_XALU_RCL: case SIM_XALU_RCR:
        if (n == 0) return XF_ARITH;
        return XF_ARITH & ~(n == 1 ? 0 : XF_OF);
    case SIM_XALU_MULF: case SIM_XALU_IMULF:
        return XF_CF | XF_OF;
    default:
        return XF_ARITH;
    }
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)rng_state;
}

static unsigned long checks, failures;

static void check_one(unsigned op, unsigned size, uint32_t a, uint32_t b, uint32_t fin)
{
    unsigned bits = 8u << size;
    uint32_t xf = fin, hf;
    uint32_t r = sim_xalu(op, size, a, b, &xf);
    uint32_t h = x86_ops[op][size](a, b, fin, &hf);
    uint32_t m = defined_flags(op, bits, b);
    checks++;
    if (r != h || ((xf ^ hf) & m) || (xf & ~XF_ARITH)) {
        if (failures++ < 20)
            print_error("x%s.%c a=0x%x b=0x%x fin=0x%x: model r=0x%x f=0x%x, x86 r=0x%x f=0x%x "
                        "(mask 0x%x)\n", op_names[op], "bhw"[size], a, b, fin, r, xf, h,
                        hf & XF_ARITH, m);
    }
}

static void test_all_ops(void **state)
{
    (void)state;
    for (unsigned op = 0; op < SIM_XALU_COUNT; op++) {
        for (unsigned size = 0; size < 3; size++) {
            unsigned bits = 8u << size;
            uint32_t max = bits == 32 ? 0xffffffffu : (1u << bits) - 1, sb = 1u << (bits - 1);
            const uint32_t edge[] = { 0, 1, 2, max, max - 1, sb, sb - 1, sb + 1, 0x0f, 0x10,
                                      0x80, 0x7f, 0x55555555u & max, 0xaaaaaaaau & max };
            const uint32_t counts[] = { 0, 1, 2, bits - 1, bits, bits + 1, 31, 32, 33, 9, 17, 63 };
            const uint32_t fins[] = { 0, XF_CF, XF_ARITH, XF_ARITH & ~XF_CF, XF_ZF | XF_OF };
            int shift = op >= SIM_XALU_SHL && op <= SIM_XALU_RCR;
            for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
                for (size_t f = 0; f < sizeof fins / sizeof fins[0]; f++) {
                    if (shift) {
                        for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++)
                            check_one(op, size, edge[i], counts[k], fins[f]);
                    } else {
                        for (size_t j = 0; j < sizeof edge / sizeof edge[0]; j++)
                            check_one(op, size, edge[i], edge[j], fins[f]);
                    }
                }
            }
            for (int i = 0; i < 20000; i++) {
                uint32_t a = rnd(), b = rnd();
                if (i & 1) { a &= max; b &= max; } /* also exercise ignored high bits */
                if (shift) b = (i & 2) ? (b & 63) : b;
                check_one(op, size, a, b, rnd() & XF_ARITH);
            }
        }
    }
    printf("xalu: %lu checks, %lu mismatches\n", checks, failures);
    assert_int_equal(failures, 0);
}

static void test_conditions(void **state)
{
    (void)state;
    /* Compare xcond with the host's setcc on every combination of the six flags. */
    for (uint32_t k = 0; k < 64; k++) {
        uint32_t f = ((k & 1) ? XF_CF : 0) | ((k & 2) ? XF_PF : 0) | ((k & 4) ? XF_AF : 0) |
                     ((k & 8) ? XF_ZF : 0) | ((k & 16) ? XF_SF : 0) | ((k & 32) ? XF_OF : 0);
        uint8_t s[16];
        uint64_t fi = f, tmp;
        __asm__ volatile("sub $128, %%rsp\n\tpushfq\n\tpop %[t]\n\tand $~0x8d5, %[t]\n\t"
                         "or %[fi], %[t]\n\tpush %[t]\n\tpopfq\n\t"
                         "seto 0(%[s])\n\tsetno 1(%[s])\n\tsetb 2(%[s])\n\tsetae 3(%[s])\n\t"
                         "sete 4(%[s])\n\tsetne 5(%[s])\n\tsetbe 6(%[s])\n\tseta 7(%[s])\n\t"
                         "sets 8(%[s])\n\tsetns 9(%[s])\n\tsetp 10(%[s])\n\tsetnp 11(%[s])\n\t"
                         "setl 12(%[s])\n\tsetge 13(%[s])\n\tsetle 14(%[s])\n\tsetg 15(%[s])\n\t"
                         "add $128, %%rsp"
                         : [t] "=&r"(tmp)
                         : [s] "r"(s), [fi] "r"(fi)
                         : "cc", "memory");
        for (unsigned cc = 0; cc < 16; cc++) assert_int_equal(sim_xcond(cc, f), s[cc]);
    }
}

static void test_invalid(void **state)
{
    (void)state;
    uint32_t f = XF_CF | XF_ZF;
    assert_int_equal(sim_xalu(SIM_XALU_COUNT, 2, 1, 2, &f), 0);
    assert_int_equal(sim_xalu(SIM_XALU_ADD, 3, 1, 2, &f), 0);
    assert_int_equal(f, XF_CF | XF_ZF);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_ops),
        cmocka_unit_test(test_conditions),
        cmocka_unit_test(test_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
