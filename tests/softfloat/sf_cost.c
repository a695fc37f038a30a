/* sf_cost.c: cost of the soft-float operations on the modeled RV32 core (bare program run by
 * `morph sim`), and a checksum of all results so that the RV32 build can be checked against the
 * host build of the same code (compile with -DSF_COST_HOST for the host: prints the checksum).
 * Operands: 256 pseudo-random normal values with exponents near 1.0 (typical program data). */
#include <stdint.h>
#include "sf_x80.h"

#define NV 256

static uint64_t rs = 0x243F6A8885A308D3ull;
static uint64_t r64(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}

static sf_x80 va[NV], vb[NV], out[NV];
static uint32_t sum;

static void mix(sf_x80 r)
{
    sum = (sum ^ (uint32_t)r.mant) * 0x01000193u;
    sum = (sum ^ (uint32_t)(r.mant >> 32)) * 0x01000193u;
    sum = (sum ^ r.se) * 0x01000193u;
}

#ifdef SF_COST_HOST
#include <stdio.h>
static void say(const char *s) { fputs(s, stdout); }
static uint32_t rdcycle(void) { return 0; }
static uint32_t rdinstret(void) { return 0; }
#else
#include "morph/htif.h"
#include "morph/memmap.h"
static volatile struct htif_req req __attribute__((aligned(8)));
static void htif(uint32_t cmd, uint32_t a0, uint32_t a1)
{
    req.cmd = cmd;
    req.arg[0] = a0;
    req.arg[1] = a1;
    *(volatile uint32_t *)(MM_HTIF_BASE + HTIF_REG_REQ) = (uint32_t)(uintptr_t)&req;
}
static void say(const char *s)
{
    uint32_t n = 0;
    while (s[n])
        n++;
    htif(HTIF_CMD_CONSOLE, (uint32_t)(uintptr_t)s, n);
}
static uint32_t rdcycle(void)
{
    uint32_t v;
    __asm__ volatile("csrr %0, mcycle" : "=r"(v));
    return v;
}
static uint32_t rdinstret(void)
{
    uint32_t v;
    __asm__ volatile("csrr %0, minstret" : "=r"(v));
    return v;
}
#endif

static char *utoa(char *p, uint32_t v, int hex)
{
    char t[12];
    int n = 0;
    do {
        unsigned d = hex ? v & 15 : v % 10;
        t[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v = hex ? v >> 4 : v / 10;
    } while (v);
    while (n)
        *p++ = t[--n];
    return p;
}

static void report(const char *name, uint32_t ins, uint32_t cyc)
{
    char line[96], *p = line;
    const char *s = name;
    while (*s)
        *p++ = *s++;
    *p++ = ':';
    *p++ = ' ';
    p = utoa(p, ins / NV, 0);
    for (s = " instructions/op, "; *s;)
        *p++ = *s++;
    p = utoa(p, cyc / NV, 0);
    for (s = " cycles/op\n"; *s;)
        *p++ = *s++;
    *p = 0;
    say(line);
}

enum { C_ADD, C_MUL, C_DIV, C_SQRT, C_SUB, C_PREM, C_RND, C_ST64, C_IST32, C_COM, C_SIN,
       C_PATAN, C_F2XM1, C_YL2X, C_N };
static const char *const cname[C_N] = {"fadd", "fmul", "fdiv", "fsqrt", "fsub", "fprem",
                                       "frndint", "fst_m64", "fist_m32", "fcom", "fsin",
                                       "fpatan", "f2xm1", "fyl2x"};

static void run(int op, struct sf_env *e)
{
    int i;
    for (i = 0; i < NV; i++) {
        switch (op) {
        case C_ADD: out[i] = sf_add(e, va[i], vb[i]); break;
        case C_SUB: out[i] = sf_sub(e, va[i], vb[i]); break;
        case C_MUL: out[i] = sf_mul(e, va[i], vb[i]); break;
        case C_DIV: out[i] = sf_div(e, va[i], vb[i]); break;
        case C_SQRT: out[i] = sf_sqrt(e, va[i]); break;
        case C_PREM: out[i] = sf_prem(e, va[i], vb[i]); break;
        case C_RND: out[i] = sf_rndint(e, va[i]); break;
        case C_ST64: out[i].mant = sf_to_f64(e, va[i]); out[i].se = 0; break;
        case C_IST32: out[i].mant = (uint32_t)sf_to_i32(e, va[i]); out[i].se = 0; break;
        case C_COM: out[i].mant = sf_com(e, va[i], vb[i]); out[i].se = 0; break;
        case C_SIN: out[i] = sf_sin(e, va[i]); break;
        case C_PATAN: out[i] = sf_atan2(e, va[i], vb[i]); break;
        case C_F2XM1: out[i] = sf_f2xm1(e, sf_abs(va[i]).se >= 0x3FFF ? vb[i] : va[i]); break;
        default: out[i] = sf_yl2x(e, vb[i], sf_abs(va[i])); break;
        }
    }
}

int sf_cost_main(void)
{
    struct sf_env env = {.cw = SF_CW_DEFAULT};
    char line[40], *p;
    int i, op;
    for (i = 0; i < NV; i++) {
        va[i].mant = r64() | 0x8000000000000000ull;
        va[i].se = (uint16_t)(0x3FFF - 20 + (r64() & 31) + (r64() & 0x8000));
        vb[i].mant = r64() | 0x8000000000000000ull;
        vb[i].se = (uint16_t)(0x3FFF - 20 + (r64() & 31) + (r64() & 0x8000));
    }
    for (op = 0; op < C_N; op++) {
        uint32_t c0, i0, c1, i1;
        run(op, &env); /* warm the caches */
        i0 = rdinstret();
        c0 = rdcycle();
        run(op, &env);
        c1 = rdcycle();
        i1 = rdinstret();
        for (i = 0; i < NV; i++)
            mix(out[i]);
#ifndef SF_COST_HOST
        report(cname[op], i1 - i0, c1 - c0);
#else
        (void)c0, (void)i0, (void)c1, (void)i1, (void)report, (void)cname;
#endif
    }
    p = line;
    for (const char *s = "checksum "; *s;)
        *p++ = *s++;
    p = utoa(p, sum, 1);
    *p++ = '\n';
    *p = 0;
    say(line);
    return 0;
}

#ifdef SF_COST_HOST
int main(void) { return sf_cost_main(); }
#else
void sf_cost_start(void)
{
    sf_cost_main();
    htif(HTIF_CMD_EXIT, 0, 0);
    for (;;) {
    }
}
__asm__(".pushsection .text.start, \"ax\"\n.globl _start\n_start:\n"
        "  li sp, 0x80800000\n  call sf_cost_start\n1: j 1b\n.popsection\n");
#endif
