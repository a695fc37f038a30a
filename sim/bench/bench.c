/* Model speed benchmark (make bench-model): firmware-like RV32 code -- a byte-code interpreter
 * loop with a switch, table lookups, a CRC, an insertion sort -- run bare on `morph sim`.
 * Prints nothing; exits through HTIF with a checksum-dependent status (0 when as expected). */
#include <stdint.h>
#include "morph/htif.h"
#include "morph/memmap.h"

static volatile struct htif_req req __attribute__((aligned(8)));

static void htif_exit(uint32_t status)
{
    req.cmd = HTIF_CMD_EXIT;
    req.arg[0] = status;
    *(volatile uint32_t *)(MM_HTIF_BASE + HTIF_REG_REQ) = (uint32_t)(uintptr_t)&req;
    for (;;) {}
}

static uint32_t crc32(const uint8_t *p, unsigned n, uint32_t crc)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }
    return ~crc;
}

/* A tiny stack machine: the shape of an interpreter's dispatch loop. */
static uint32_t interp(const uint8_t *code, unsigned len, uint32_t iters)
{
    uint32_t stack[16], sp = 0, acc = 0;
    for (uint32_t it = 0; it < iters; it++) {
        for (unsigned pc = 0; pc < len; pc++) {
            uint8_t op = code[pc];
            switch (op & 7) {
            case 0: stack[sp++ & 15] = acc; break;
            case 1: acc += stack[--sp & 15]; break;
            case 2: acc ^= op * 0x9e3779b9u; break;
            case 3: acc = (acc << 3) | (acc >> 29); break;
            case 4: acc -= op; break;
            case 5: if (acc & 1) acc = acc * 3 + 1; else acc >>= 1; break;
            case 6: acc += acc / ((op | 1)); break;
            default: stack[sp & 15] ^= acc; break;
            }
        }
    }
    return acc;
}

static void sort(uint32_t *a, unsigned n)
{
    for (unsigned i = 1; i < n; i++) {
        uint32_t v = a[i];
        unsigned j = i;
        while (j && a[j - 1] > v) { a[j] = a[j - 1]; j--; }
        a[j] = v;
    }
}

static uint8_t buf[4096];
static uint32_t arr[512];

void bench_main(void)
{
    uint32_t x = 12345, sum = 0;
    for (unsigned r = 0; r < 40; r++) {
        for (unsigned i = 0; i < sizeof buf; i++) { x = x * 1103515245u + 12345; buf[i] = (uint8_t)(x >> 16); }
        sum += crc32(buf, sizeof buf, r);
        for (unsigned i = 0; i < 512; i++) { x = x * 1103515245u + 12345; arr[i] = x; }
        sort(arr, 512);
        sum += arr[17] + interp(buf, 256, 20);
    }
    htif_exit(sum == 0 ? 1 : 0); /* the checksum only keeps the work alive */
}

__asm__(".pushsection .text.start, \"ax\"\n.globl _start\n_start:\n"
        "  li sp, 0x80800000\n  call bench_main\n1: j 1b\n.popsection\n");
