/* madvise (docs/syscalls.md): what each advice leaves in memory and what it returns. Private
 * anonymous pages read as zeros after MADV_DONTNEED (also a page that held code that ran, which
 * must then run the new code written over it), shared anonymous ones keep their contents, the
 * hints change nothing, and bad arguments give Linux's errors. Every line must be what the
 * reference run prints. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static unsigned sum(const unsigned char *p, size_t n)
{
    unsigned s = 0;
    for (size_t i = 0; i < n; i++) s = s * 31 + p[i];
    return s;
}

static void show(const char *what, int r)
{
    printf("%-34s %d %s\n", what, r, r ? strerror(errno) : "");
}

typedef int (*fn0)(void);

/* mov eax, imm32; ret */
static void emit_const(unsigned char *p, int32_t k)
{
    p[0] = 0xb8;
    memcpy(p + 1, &k, 4);
    p[5] = 0xc3;
}

int main(void)
{
    const size_t pg = 4096, n = 4 * pg;
    unsigned char *a = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char *s = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (a == MAP_FAILED || s == MAP_FAILED) return 1;
    for (size_t i = 0; i < n; i++) a[i] = s[i] = (unsigned char)(i * 7 + 1);
    printf("before: private %08x shared %08x\n", sum(a, n), sum(s, n));

    static const struct { int advice; const char *name; } hints[] = {
        {MADV_NORMAL, "MADV_NORMAL"}, {MADV_RANDOM, "MADV_RANDOM"}, {MADV_SEQUENTIAL, "MADV_SEQUENTIAL"},
        {MADV_WILLNEED, "MADV_WILLNEED"}, {MADV_DONTFORK, "MADV_DONTFORK"}, {MADV_DOFORK, "MADV_DOFORK"},
        {MADV_DONTDUMP, "MADV_DONTDUMP"}, {MADV_DODUMP, "MADV_DODUMP"}, {MADV_COLD, "MADV_COLD"},
    };
    for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) show(hints[i].name, madvise(a, n, hints[i].advice));
    printf("after the hints: private %08x\n", sum(a, n));

    /* the middle two pages of each */
    show("MADV_DONTNEED private", madvise(a + pg, 2 * pg, MADV_DONTNEED));
    show("MADV_DONTNEED shared", madvise(s + pg, 2 * pg, MADV_DONTNEED));
    printf("private pages: %08x %08x %08x %08x (zeros %08x)\n", sum(a, pg), sum(a + pg, pg), sum(a + 2 * pg, pg),
           sum(a + 3 * pg, pg), sum((const unsigned char[4096]){0}, pg));
    printf("shared after: %08x\n", sum(s, n));
    a[pg + 5] = 9; /* demand-zero again: writable, zero around */
    printf("written again: %d %d %d\n", a[pg + 4], a[pg + 5], a[pg + 6]);

    /* a length that is not a page multiple covers the last page; 0 is a no-op */
    show("MADV_DONTNEED 1 byte", madvise(a + 3 * pg, 1, MADV_DONTNEED));
    printf("last page: %08x\n", sum(a + 3 * pg, pg));
    show("length 0", madvise(a, 0, MADV_DONTNEED));

    show("misaligned start", madvise(a + 1, pg, MADV_DONTNEED));
    show("advice 12345", madvise(a, pg, 12345));
    munmap(a + 2 * pg, pg);
    show("a hole in the range", madvise(a, n, MADV_DONTNEED));

    /* code that ran, dropped, written again with another constant */
    unsigned char *c = mmap(NULL, pg, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (c == MAP_FAILED) return 1;
    int t = 0;
    emit_const(c, 1234);
    for (int i = 0; i < 50; i++) t += ((fn0)c)();
    show("MADV_DONTNEED code", madvise(c, pg, MADV_DONTNEED));
    printf("code page byte 0 after: %d\n", c[0]);
    emit_const(c, 77);
    for (int i = 0; i < 50; i++) t += ((fn0)c)();
    printf("code results: %d\n", t);
    return 0;
}
