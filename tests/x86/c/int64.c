/* 64-bit integer arithmetic on i386 (libgcc's __divdi3/__udivdi3/__moddi3, shifts, multiplies). */
#include <stdint.h>
#include <stdio.h>

static volatile int64_t sv[] = {0, 1, -1, 7, -7, 1000000007, -1000000007, 0x7fffffffffffffffLL,
                                (-0x7fffffffffffffffLL - 1), 0x123456789abcdefLL,
                                -0x100000000LL, 0xffffffffLL};

int main(void)
{
    unsigned n = sizeof sv / sizeof sv[0];
    uint64_t h = 0;
    for (unsigned i = 0; i < n; i++)
        for (unsigned j = 0; j < n; j++) {
            int64_t a = sv[i], b = sv[j];
            uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
            uint64_t r = ua * ub + (ua + ub) - (ua ^ ub);
            if (b != 0 && !(a == INT64_MIN && b == -1))
                r ^= (uint64_t)(a / b) * 3 + (uint64_t)(a % b);
            if (ub != 0)
                r ^= (ua / ub) * 5 + (ua % ub);
            r += (uint64_t)(a < b) + 2 * (uint64_t)(ua < ub);
            h = (h ^ r) * 0x100000001b3ULL;
            if (i == j || j == 3)
                printf("%lld,%lld: mul %lld udiv %llu srem %lld\n", (long long)a, (long long)b,
                       (long long)(a * b), ub ? (unsigned long long)(ua / ub) : 0ULL,
                       (b && !(a == INT64_MIN && b == -1)) ? (long long)(a % b) : 0LL);
        }
    printf("hash %016llx\n", (unsigned long long)h);
    for (int s = 0; s < 64; s += 7) {
        int64_t x = sv[9];
        int64_t y = sv[8] + 12345;
        printf("shift %2d: %016llx %016llx %016llx\n", s, (unsigned long long)(x << s),
               (unsigned long long)((uint64_t)y >> s), (unsigned long long)(y >> s));
    }
    volatile int sh = 33;
    printf("var shift %llx %llx\n", (unsigned long long)(1ULL << sh),
           (unsigned long long)(-1LL >> sh));
    uint64_t f = 1;
    for (int i = 1; i <= 20; i++) f *= i;
    printf("20! = %llu\n", (unsigned long long)f);
    int32_t p = -123456, q = 789;
    printf("widening %lld %llu\n", (long long)p * q, (unsigned long long)(uint32_t)p * (uint32_t)q);
    return 0;
}
