/* malloc/calloc/realloc/free churn driven by a fixed pseudo-random sequence, with a checksum of
 * the live data and heap-shape checks (alignment, non-overlap of live blocks). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 64
static uint32_t seed = 12345;
static uint32_t rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 8; }

int main(void)
{
    unsigned char *p[SLOTS] = {0};
    size_t len[SLOTS] = {0};
    uint32_t sum = 0, allocs = 0, frees = 0, reallocs = 0, misaligned = 0;
    for (int it = 0; it < 3000; it++) {
        unsigned s = rnd() % SLOTS;
        unsigned op = rnd() % 4;
        if (!p[s]) {
            size_t n = (rnd() % 5 == 0) ? 1000 + rnd() % 70000 : 1 + rnd() % 300;
            p[s] = (op == 0) ? calloc(n, 1) : malloc(n);
            if (!p[s]) { printf("allocation of %zu failed\n", n); return 1; }
            if (op == 0)
                for (size_t i = 0; i < n; i++)
                    if (p[s][i]) { printf("calloc memory not zero\n"); return 1; }
            memset(p[s], (int)(s * 7 + it), n);
            len[s] = n;
            allocs++;
            if ((uintptr_t)p[s] % 8) misaligned++;
        } else if (op == 1) {
            size_t n = 1 + rnd() % 2000;
            unsigned char fill = p[s][0];
            size_t keep = n < len[s] ? n : len[s];
            p[s] = realloc(p[s], n);
            for (size_t i = 0; i < keep; i++)
                if (p[s][i] != fill) { printf("realloc lost data\n"); return 1; }
            memset(p[s], fill, n);
            len[s] = n;
            reallocs++;
        } else {
            for (size_t i = 0; i < len[s]; i++) sum = sum * 31 + p[s][i];
            free(p[s]);
            p[s] = NULL;
            frees++;
        }
    }
    for (int s = 0; s < SLOTS; s++)
        for (int t = 0; t < SLOTS; t++)
            if (s != t && p[s] && p[t] && p[s] < p[t] + len[t] && p[t] < p[s] + len[s]) {
                printf("blocks %d and %d overlap\n", s, t);
                return 1;
            }
    for (int s = 0; s < SLOTS; s++) free(p[s]);
    printf("allocs %u frees %u reallocs %u misaligned %u checksum %08x\n", allocs, frees,
           reallocs, misaligned, sum);
    return 0;
}
