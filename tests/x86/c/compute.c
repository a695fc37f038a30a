/* Integer kernels typical of benchmarks: sieve, matrix multiply, CRC-32, insertion sort, GCD. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t crc_table[256];
static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}
static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    while (n--) c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}
static unsigned gcd(unsigned a, unsigned b) { while (b) { unsigned t = a % b; a = b; b = t; } return a; }

int main(void)
{
    static char comp[5000];
    int primes = 0, last = 0;
    for (int i = 2; i < 5000; i++) {
        if (comp[i]) continue;
        primes++; last = i;
        for (int j = i * i; j < 5000; j += i) comp[j] = 1;
    }
    printf("primes below 5000: %d, largest %d\n", primes, last);
    static int a[12][12], b[12][12], c[12][12];
    for (int i = 0; i < 12; i++)
        for (int j = 0; j < 12; j++) { a[i][j] = i - j; b[i][j] = (i * j) % 7 - 3; }
    for (int i = 0; i < 12; i++)
        for (int j = 0; j < 12; j++) {
            int s = 0;
            for (int k = 0; k < 12; k++) s += a[i][k] * b[k][j];
            c[i][j] = s;
        }
    printf("trace %d c[3][7] %d c[11][0] %d\n", c[0][0] + c[5][5] + c[11][11], c[3][7], c[11][0]);
    crc_init();
    const char *msg = "The quick brown fox jumps over the lazy dog";
    printf("crc32 %08x\n", crc32((const uint8_t *)msg, strlen(msg)));
    int v[100];
    for (int i = 0; i < 100; i++) v[i] = (i * 37 + 11) % 101;
    for (int i = 1; i < 100; i++) {
        int x = v[i], j = i - 1;
        while (j >= 0 && v[j] > x) { v[j + 1] = v[j]; j--; }
        v[j + 1] = x;
    }
    printf("sorted %d %d %d %d\n", v[0], v[1], v[50], v[99]);
    unsigned g = 0;
    for (unsigned i = 1; i < 200; i++) g += gcd(i * 12, 360);
    printf("gcd sum %u\n", g);
    return 0;
}
