/* REP MOVS and REP STOS at the edges of the word-at-a-time paths (issue 18): every overlap
 * distance from -40 to 40 for byte, word and dword copies (1-3 bytes past the source must
 * replicate as byte by byte does; translated code loads 16 bytes before it stores them, and
 * moves 32 and 16 bytes a step), every length 0-72 at every alignment, runs across a page
 * boundary, DF = 1, and a fault in the middle: a copy and a fill running into a PROT_NONE page
 * stop at the exact element, with ECX, ESI and EDI in the signal context saying how far they got
 * and the bytes before the page written. Loops run long enough for translated code (the
 * default thresholds) as well as the interpreter. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

static uint32_t hash(const uint8_t *p, unsigned n)
{
    uint32_t h = 2166136261u;
    for (unsigned i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

static void movs(unsigned size, void *d, const void *s, unsigned n, int down)
{
    if (down) __asm__ volatile("std" ::: "cc");
    if (size == 1) __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    else if (size == 2) __asm__ volatile("rep movsw" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    else __asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    if (down) __asm__ volatile("cld" ::: "cc");
}

static void stos(unsigned size, void *d, uint32_t v, unsigned n)
{
    if (size == 1) __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(v) : "memory");
    else if (size == 2) __asm__ volatile("rep stosw" : "+D"(d), "+c"(n) : "a"(v) : "memory");
    else __asm__ volatile("rep stosl" : "+D"(d), "+c"(n) : "a"(v) : "memory");
}

static uint8_t buf[256], big[768];
static void fill(void)
{
    for (unsigned i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(i * 7 + 3);
}
static void fill_big(void)
{
    for (unsigned i = 0; i < sizeof big; i++) big[i] = (uint8_t)(i * 5 + 1);
}

static sigjmp_buf env;
static volatile uint32_t got_ecx, got_esi, got_edi, got_eip;
static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void)sig, (void)si;
    const greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
    got_ecx = (uint32_t)g[REG_ECX], got_esi = (uint32_t)g[REG_ESI], got_edi = (uint32_t)g[REG_EDI];
    siglongjmp(env, 1);
}

int main(void)
{
    /* overlaps: one hash per size and distance, over 30 rounds (translated after the first) */
    for (unsigned size = 1; size <= 4; size *= 2) {
        for (int dist = -40; dist <= 40; dist++) {
            uint32_t h = 0;
            for (int round = 0; round < 30; round++) {
                fill();
                unsigned n = (60 + (unsigned)round) / size;
                movs(size, buf + 96 + dist, buf + 96, n, 0);
                h = h * 31 + hash(buf, sizeof buf);
            }
            printf("movs%u dist %3d: %08x\n", size, dist, h);
        }
    }
    /* lengths (in elements) and alignments: the copy and the fill stay inside big */
    uint32_t h = 0;
    for (int round = 0; round < 2; round++)
        for (unsigned size = 1; size <= 4; size *= 2)
            for (unsigned len = 0; len <= 72; len++)
                for (unsigned al = 0; al < 4; al++) {
                    fill_big();
                    movs(size, big + 320 + al, big + 3 + (al ^ 1), len, 0);
                    stos(size, big + 640 + (al ^ 2), 0xa1b2c3d4u + len, len / size + 1);
                    h = h * 31 + hash(big, sizeof big);
                }
    printf("lengths and alignments: %08x\n", h);
    /* DF = 1 */
    fill();
    movs(1, buf + 200, buf + 190, 50, 1);
    movs(4, buf + 100, buf + 60, 10, 1);
    printf("down: %08x\n", hash(buf, sizeof buf));

    /* across pages, then into a PROT_NONE page */
    uint8_t *m = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (unsigned i = 0; i < 3 * 4096; i++) m[i] = (uint8_t)(i * 13 + 1);
    movs(1, m + 4096 + 1000, m + 4090, 5000, 0);
    stos(2, m + 4095, 0x5a5a, 600);
    printf("across pages: %08x\n", hash(m, 3 * 4096));
    mprotect(m + 3 * 4096, 4096, PROT_NONE);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    static const struct { unsigned size, op, off; } faults[] = {
        {1, 0, 3 * 4096 - 37}, {2, 0, 3 * 4096 - 37}, {4, 0, 3 * 4096 - 38}, {1, 1, 3 * 4096 - 41},
        {2, 1, 3 * 4096 - 1}, {4, 1, 3 * 4096 - 6},
    };
    for (int round = 0; round < 12; round++) {
        for (unsigned i = 0; i < sizeof faults / sizeof faults[0]; i++) {
            uint8_t *d = m + faults[i].off;
            for (unsigned k = 0; k < 64 && d + k < m + 3 * 4096; k++) d[k] = 0;
            got_ecx = got_esi = got_edi = 0;
            if (!sigsetjmp(env, 1)) {
                if (faults[i].op == 0) movs(faults[i].size, d, m + 100, 200 / faults[i].size, 0);
                else stos(faults[i].size, d, 0x01020304u, 200 / faults[i].size);
                printf("no fault?\n");
            }
            if (round == 0 || round == 11)
                printf("%s%u at -%u: ecx %u edi -%u esi +%d tail %08x\n", faults[i].op ? "stos" : "movs",
                       faults[i].size, 3 * 4096 - faults[i].off, got_ecx,
                       (unsigned)(uintptr_t)(m + 3 * 4096) - got_edi,
                       faults[i].op ? 0 : (int)(got_esi - (uint32_t)(uintptr_t)(m + 100)),
                       hash(m + 3 * 4096 - 64, 64));
        }
    }
    return 0;
}
