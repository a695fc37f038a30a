/* Self-modifying code (docs/firmware.md "Code pages"): a JIT-like program. It writes functions
 * into an RWX mapping, runs them, rewrites them (another constant, another length, another
 * operation) and runs them again, many times, so that the old code has been interpreted,
 * decoded and translated (and put in superblocks when they are forced early) before each
 * rewrite. Data stored beside the code, on the same page, must not disturb it; a function
 * copied over with memcpy and one rewritten in two halves across a page boundary too. Every
 * line must be what the reference run prints. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

typedef int (*fn1)(int);

/* f(x) = x OP k: mov eax, [esp+4]; OP eax, imm32; ret */
static unsigned emit_op(uint8_t *p, uint8_t modrm, int32_t k)
{
    unsigned n = 0;
    p[n++] = 0x8b, p[n++] = 0x44, p[n++] = 0x24, p[n++] = 0x04; /* mov eax, [esp+4] */
    p[n++] = 0x81, p[n++] = modrm;                              /* add/sub/xor eax, imm32 */
    memcpy(p + n, &k, 4);
    n += 4;
    p[n++] = 0xc3;
    return n;
}

/* g(x) = sum over i = x..1 of (i + k): a loop */
static unsigned emit_loop(uint8_t *p, int8_t k)
{
    static const uint8_t code[] = {0x8b, 0x4c, 0x24, 0x04, /* mov ecx, [esp+4] */
                                   0x31, 0xc0,             /* xor eax, eax */
                                   0x85, 0xc9,             /* test ecx, ecx */
                                   0x74, 0x08,             /* jz done */
                                   0x01, 0xc8,             /* l: add eax, ecx */
                                   0x83, 0xc0, 0x00,       /* add eax, k */
                                   0x49,                   /* dec ecx */
                                   0x75, 0xf8,             /* jnz l */
                                   0xc3};                  /* done: ret */
    memcpy(p, code, sizeof code);
    p[14] = (uint8_t)k;
    return sizeof code;
}

int main(void)
{
    uint8_t *buf = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) return 1;
    static const uint8_t ops[] = {0xc0 /* add */, 0xe8 /* sub */, 0xf0 /* xor */};
    volatile uint32_t *beside = (volatile uint32_t *)(buf + 2048); /* data on the code's page */
    uint32_t sum = 0;
    /* one function rewritten in place: another constant, then another operation */
    for (int round = 0; round < 300; round++) {
        emit_op(buf, ops[round % 3], round * 7 - 100);
        fn1 f = (fn1)(void *)buf;
        for (int i = 0; i < 20; i++) {
            sum = sum * 31 + (uint32_t)f(i + round);
            *beside += (uint32_t)i; /* data next to the code */
        }
        if (round % 60 == 0) printf("round %d: f(5) = %d, sum %08x\n", round, f(5), sum);
    }
    printf("in place: sum %08x, beside %u\n", sum, *beside);
    /* a loop function rewritten while hot, alternating with the straight one at the same place */
    sum = 0;
    for (int round = 0; round < 200; round++) {
        fn1 f = (fn1)(void *)buf;
        if (round & 1) emit_op(buf, ops[round % 3], round);
        else emit_loop(buf, (int8_t)(round % 50));
        for (int i = 0; i < 10; i++) sum = sum * 33 + (uint32_t)f(i * 3);
    }
    printf("alternating: sum %08x\n", sum);
    /* memcpy of a prepared function over running code (rep movs into the code page) */
    uint8_t tmpl[64];
    sum = 0;
    for (int round = 0; round < 100; round++) {
        unsigned n = emit_loop(tmpl, (int8_t)(round & 15));
        memcpy(buf + 64, tmpl, n);
        fn1 f = (fn1)(void *)(buf + 64);
        for (int i = 0; i < 10; i++) sum = sum * 37 + (uint32_t)f(i + round);
    }
    printf("memcpy: sum %08x\n", sum);
    /* an instruction across the page boundary: the immediate written a byte at a time on both
     * pages */
    uint8_t *x = buf + 4096 - 6;
    sum = 0;
    for (int round = 0; round < 150; round++) {
        emit_op(x, ops[round % 3], 0);
        int32_t k = round * 1000003;
        for (int b = 0; b < 4; b++) x[6 + b] = (uint8_t)(k >> (8 * b)); /* bytes 4096.. */
        fn1 f = (fn1)(void *)x;
        for (int i = 0; i < 10; i++) sum = sum * 41 + (uint32_t)f(i);
    }
    printf("across pages: sum %08x\n", sum);
    munmap(buf, 3 * 4096);
    return 0;
}
