/* Floating point through glibc: printf conversions (%f %e %g %a, %L, widths, precisions,
 * flags, special values) and strtod/strtof/strtold parsing, plus some double and long double
 * arithmetic. Output must match the native run byte for byte (x87 emulation, issue 5). */
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile double vzero = 0.0; /* keeps the compiler from folding the special values */

static void print_one(double x)
{
    printf("[%f] [%e] [%g] [%a]\n", x, x, x, x);
    printf("[%12.3f] [%-12.3e|] [%+.10g] [%#.0f] [%015.4f] [% .2e]\n", x, x, x, x, x, x);
    printf("[%.0e] [%.17g] [%.20e] [%G] [%E] [%A]\n", x, x, x, x, x, x);
}

static void print_ld(long double x)
{
    printf("[%Lf] [%.25Le] [%Lg] [%La] [%.21Lg]\n", x, x, x, x, x);
}

/* FSQRT without libm (the corpus links no -lm). */
static double fsqrt(double x)
{
    __asm__("fsqrt" : "+t"(x));
    return x;
}

static uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

int main(void)
{
    static const double vals[] = {0.0, 1.0, -1.0, 0.1, 0.5, 2.5, 3.14159265358979323846,
                                  1e-300, 1e300, 123456789.123456789, -0.000123456,
                                  DBL_MAX, DBL_MIN, 4.9406564584124654e-324, 1.0 / 3.0,
                                  9.999999999999999e22, 0.30000000000000004, 1e21, 5e-5,
                                  999999.5, 0.05, 1.5e-10, 65536.0, -2.75};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) print_one(vals[i]);
    print_one(-vzero);
    print_one(1.0 / vzero);
    print_one(-1.0 / vzero);
    print_one(vzero / vzero);
    print_one(fsqrt(2.0));
    print_one(fsqrt(-vals[1] + vzero));

    print_ld(1.0L / 3.0L);
    print_ld(LDBL_MAX);
    print_ld(LDBL_MIN);
    print_ld(3.14159265358979323846264338327950288L);
    print_ld(-1e4000L);
    print_ld((long double)vals[5] * 1e-4000L);

    static const char *const inputs[] = {
        "0", "1", "-1", "0.1", "1e10", "1.7976931348623157e308", "1.8e308", "2.2250738585072014e-308",
        "4.9e-324", "2e-324", "1e-400", "  42.5xyz", "inf", "-Infinity", "nan", "NAN(123)",
        "0x1.8p3", "0x.1p-2", "123456789012345678901234567890", "0.000000000000000000000001234",
        "1.00000000000000011102230246251565404236316680908203125", "2.675", "-0", ".5", "5.",
        "1e+", "e5", "", "3.4028235e38", "1.17549435e-38", "12.34e-5",
    };
    for (unsigned i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char *end;
        double d = strtod(inputs[i], &end);
        float f = strtof(inputs[i], NULL);
        long double ld = strtold(inputs[i], NULL);
        printf("strtod(\"%s\") = %.17g bits %016llx rest \"%s\" | f %.9g | ld %.21Lg\n", inputs[i], d,
               (unsigned long long)bits(d), end, (double)f, ld);
    }

    /* arithmetic: a running sum, products, integer conversions, comparisons */
    double s = 0, p = 1;
    long double ls = 0;
    for (int i = 1; i <= 200; i++) {
        s += 1.0 / i;
        p *= 1.0 + 1.0 / (i * i);
        ls += 1.0L / ((long double)i * i);
    }
    printf("harmonic %.17g product %.17g zeta2 %.21Lg\n", s, p, ls);
    int acc = 0;
    for (int i = -10; i <= 10; i++) {
        double x = i * 0.75;
        acc = acc * 3 + (int)x + (x < 0.3) + (x == 1.5) * 7 + (int)(long long)(x * 1e9 / 7);
        float fx = (float)x / 3.0f;
        printf("%d %.9g %lld %u\n", (int)x, (double)fx, (long long)(x * 1e15), (unsigned)(x * x));
    }
    printf("acc %d\n", acc);
    char buf[64];
    snprintf(buf, sizeof buf, "%.3f", 2.0005);
    printf("snprintf %s round-trip %.17g\n", buf, atof(buf));
    return 0;
}
