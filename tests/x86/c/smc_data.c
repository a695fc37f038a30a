/* Self-modifying code's cost (docs/firmware.md "Code pages"): generated code that stores to a
 * counter on its own page (the page holds code, so every store traps to the firmware, which
 * completes it) or on the next page (plain data). `smc_data same`, `smc_data other` run one
 * case, `smc_data none` neither (the cost report compares their cycles); without an argument
 * both run. Every line must be what the reference run prints. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* f(p, n): ecx = n; l: mov eax, [p]; add eax, ecx; mov [p], eax; dec ecx; jnz l; ret */
static const uint8_t code[] = {0x8b, 0x54, 0x24, 0x04, /* mov edx, [esp+4] */
                               0x8b, 0x4c, 0x24, 0x08, /* mov ecx, [esp+8] */
                               0x8b, 0x02,             /* l: mov eax, [edx] */
                               0x01, 0xc8,             /* add eax, ecx */
                               0x89, 0x02,             /* mov [edx], eax */
                               0x49,                   /* dec ecx */
                               0x75, 0xf7,             /* jnz l */
                               0xc3};                  /* ret */

static uint32_t run(uint8_t *buf, uint32_t *counter)
{
    void (*f)(uint32_t *, int) = (void (*)(uint32_t *, int))(void *)buf;
    *counter = 0;
    for (int i = 0; i < 200; i++) f(counter, 100);
    return *counter;
}

int main(int argc, char **argv)
{
    uint8_t *buf = mmap(0, 2 * 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) return 1;
    memcpy(buf, code, sizeof code);
    const char *which = argc > 1 ? argv[1] : "both";
    if (!strcmp(which, "none")) return 0;
    if (strcmp(which, "other")) printf("same page: %u\n", run(buf, (uint32_t *)(buf + 2048)));
    if (strcmp(which, "same")) printf("other page: %u\n", run(buf, (uint32_t *)(buf + 4096)));
    return 0;
}
