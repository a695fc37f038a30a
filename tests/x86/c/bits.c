/* Bit tricks: popcount, clz/ctz (BSR/BSF), byte swaps (BSWAP), rotates, parity, bit reversal,
 * power-of-two tests, sign tricks. */
#include <stdint.h>
#include <stdio.h>

static uint32_t rev(uint32_t x)
{
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    return __builtin_bswap32(x);
}
static uint32_t rotl(uint32_t x, unsigned r) { return (x << (r & 31)) | (x >> (-r & 31)); }
static int popc(uint32_t x) { int n = 0; while (x) { x &= x - 1; n++; } return n; }

int main(void)
{
    uint32_t vals[] = {1, 2, 3, 0x80000000u, 0x7fffffffu, 0xdeadbeefu, 0x00f0f000u, 0x12345678u,
                       0xffffffffu, 0x00010000u};
    uint32_t h = 0;
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        uint32_t x = vals[i];
        printf("%08x pop %2d/%2d clz %2d ctz %2d par %d bswap %08x rev %08x rotl5 %08x "
               "pow2 %d lowbit %08x abs %d\n",
               x, __builtin_popcount(x), popc(x), __builtin_clz(x), __builtin_ctz(x),
               __builtin_parity(x), __builtin_bswap32(x), rev(x), rotl(x, 5 + i),
               (x & (x - 1)) == 0, x & -x, (int)(((int32_t)x ^ ((int32_t)x >> 31)) - ((int32_t)x >> 31)));
        h = rotl(h, 7) ^ x ^ (x >> 3);
    }
    uint64_t w = 0x0123456789abcdefULL;
    printf("bswap64 %016llx clzll %d ctzll %d popll %d\n", (unsigned long long)__builtin_bswap64(w),
           __builtin_clzll(w >> 8), __builtin_ctzll(w << 12), __builtin_popcountll(w));
    uint16_t s = 0xbeef;
    printf("bswap16 %04x\n", __builtin_bswap16(s));
    int8_t c = -5;
    int16_t sh = (int16_t)0x8001;
    printf("sext %d %d %u %u\n", c, sh, (uint8_t)c, (uint16_t)sh);
    unsigned bits = 0;
    for (int i = 0; i < 32; i += 3) bits |= 1u << i;
    printf("bits %08x h %08x\n", bits, h);
    return 0;
}
