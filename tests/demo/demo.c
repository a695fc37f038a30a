/* morph demo: a small i386 program with checkable output. It greets its arguments, prints a
 * table of primes, a few 64-bit Fibonacci numbers and Collatz records, and closes with a CRC-32
 * of everything it printed, so a wrong instruction anywhere shows up in the last line.
 * test-args: morph
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t crc = 0xffffffffu;

static void out(const char *fmt, ...)
{
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    for (int i = 0; i < n; i++) {
        crc ^= (uint8_t)line[i];
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }
    fputs(line, stdout);
}

int main(int argc, char **argv)
{
    out("Hello from an i386 program%s", argc > 1 ? ", dear" : "!\n");
    for (int i = 1; i < argc; i++) out(" %s%s", argv[i], i + 1 < argc ? "," : "!\n");

    enum { LIMIT = 400 };
    static unsigned char composite[LIMIT];
    int count = 0;
    out("\nPrimes below %d:\n", LIMIT);
    for (int i = 2; i < LIMIT; i++) {
        if (composite[i]) continue;
        for (int j = i * i; j < LIMIT; j += i) composite[j] = 1;
        out("%4d%s", i, ++count % 13 == 0 ? "\n" : "");
    }
    out("%s(%d primes)\n", count % 13 ? "\n" : "", count);

    out("\nFibonacci (64-bit):\n");
    uint64_t a = 0, b = 1;
    for (int i = 1; i <= 90; i++) {
        uint64_t t = a + b;
        a = b;
        b = t;
        if (i % 15 == 0) out("  F(%2d) = %20llu\n", i, (unsigned long long)a);
    }

    out("\nCollatz chain records below 3000:\n");
    int best = 0;
    for (uint32_t n = 1; n < 3000; n++) {
        int steps = 0;
        for (uint32_t x = n; x != 1; steps++) x = (x & 1) ? 3 * x + 1 : x / 2;
        if (steps > best) {
            best = steps;
            if (n > 100) out("  %4u takes %3d steps\n", n, steps);
        }
    }

    uint32_t check = crc ^ 0xffffffffu;
    printf("\nCRC-32 of the text above: %08x\n", check);
    return 0;
}
