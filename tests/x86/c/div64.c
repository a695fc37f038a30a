/* DIV r/m32 with a 64-bit dividend (EDX != 0): the translator's long division (xl_lift.c,
 * lift_div64) against the reference run. Divisors of every leading-zero count, remainders and
 * quotients at their limits, register and memory operands, EAX and EDX as the divisor; a
 * quotient of more than 32 bits (#DE: SIGFPE at the DIV, EDX:EAX unchanged). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <ucontext.h>

static uint32_t seed = 12345;
static uint32_t rnd(void)
{
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) | (seed << 16);
}

static inline uint32_t divr(uint32_t hi, uint32_t lo, uint32_t d, uint32_t *rem)
{
    uint32_t q, r;
    __asm__ volatile("divl %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "r"(d) : "cc");
    *rem = r;
    return q;
}

static inline uint32_t divm(uint32_t hi, uint32_t lo, uint32_t d, uint32_t *rem)
{
    uint32_t q, r;
    volatile uint32_t m = d;
    __asm__ volatile("divl %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "m"(m) : "cc");
    *rem = r;
    return q;
}

static sigjmp_buf env;
static volatile uint32_t f_eax, f_edx, f_code, f_at_div;
extern char div_de[];

static void on_fpe(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    const greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
    f_eax = (uint32_t)g[REG_EAX];
    f_edx = (uint32_t)g[REG_EDX];
    f_code = (uint32_t)si->si_code;
    f_at_div = g[REG_EIP] == (greg_t)(uintptr_t)div_de && si->si_addr == (void *)div_de;
    siglongjmp(env, 1);
}

/* EDX:EAX / d with EDX >= d: the quotient needs more than 32 bits */
static __attribute__((noinline)) void overflow(uint32_t hi, uint32_t lo, uint32_t d)
{
    __asm__ volatile("div_de: divl %2" : "+a"(lo), "+d"(hi) : "r"(d) : "cc");
}

int main(void)
{
    uint32_t sum = 0, xsum = 0, r;
    unsigned n = 0;
    /* every shift: a divisor with its top bit at position 1..31, a dividend below it * 2^32 */
    for (unsigned top = 1; top < 32; top++)
        for (unsigned k = 0; k < 300; k++) {
            uint32_t d = (1u << top) | (rnd() & ((1u << top) - 1));
            uint32_t hi = rnd() % d, lo = rnd();
            if (k == 0) hi = d - 1, lo = 0xffffffffu; /* the largest quotient and remainder */
            if (k == 1) hi = 1, lo = 0;
            if (!hi) hi = 1;
            uint32_t q = (k & 1) ? divm(hi, lo, d, &r) : divr(hi, lo, d, &r);
            uint64_t u = ((uint64_t)hi << 32) | lo;
            if ((uint64_t)q * d + r != u || r >= d) printf("wrong: %08x%08x / %08x = %08x r %08x\n", hi, lo, d, q, r);
            sum = sum * 31 + q;
            xsum ^= r + n++;
        }
    /* divisors whose upper half is 0x8000 or 0xffff: the digit estimates' corrections */
    static const uint32_t ds[] = {0x80000000u, 0x80000001u, 0x8000ffffu, 0xffff0000u, 0xffffffffu,
                                  0xfffe0001u, 0x00010000u, 0x00010001u, 0x0001ffffu, 3u, 7u, 0x7fffffffu};
    for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++)
        for (unsigned k = 0; k < 200; k++) {
            uint32_t d = ds[i], hi = (rnd() % (d - 1)) + 1, lo = rnd();
            if (k & 2) lo = 0xffffffffu - (k >> 2);
            if (k & 4) hi = d - 1;
            uint32_t q = divr(hi, lo, d, &r);
            sum = sum * 31 + q;
            xsum ^= r + n++;
            if (k < 2) printf("%08x%08x / %08x = %08x r %08x\n", hi, lo, d, q, r);
        }
    /* EAX as the divisor: EDX:EAX / EAX */
    for (unsigned k = 0; k < 500; k++) {
        uint32_t a = rnd() | 2, hi = rnd() % a, q, rr;
        if (!hi) hi = 1;
        __asm__ volatile("divl %%eax" : "=a"(q), "=d"(rr) : "a"(a), "d"(hi) : "cc");
        sum = sum * 31 + q;
        xsum ^= rr + n++;
    }
    printf("%u divisions: quotients %08x, remainders %08x\n", n, sum, xsum);
    /* #DE, often enough for translated code: the signal at the DIV, EDX:EAX as they were */
    struct sigaction sa = {0};
    sa.sa_sigaction = on_fpe;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGFPE, &sa, NULL);
    unsigned faults = 0, right = 0;
    for (unsigned k = 0; k < 40; k++) {
        uint32_t d = (rnd() >> (k % 31)) | 1, hi = d + (k & 7), lo = rnd();
        if (sigsetjmp(env, 1) == 0) {
            overflow(hi, lo, d);
            printf("no fault: %08x%08x / %08x\n", hi, lo, d);
        } else {
            faults++;
            right += f_at_div && f_eax == lo && f_edx == hi && f_code == FPE_INTDIV;
        }
    }
    printf("%u overflows, %u at the DIV with EDX:EAX unchanged and FPE_INTDIV\n", faults, right);
    return 0;
}
