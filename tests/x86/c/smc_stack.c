/* Self-modifying code (docs/firmware.md "Code pages"): trampolines written on the stack and
 * called, as gcc's nested functions do (the stack page made executable with mprotect, as
 * -z execstack would). The stack page holds code and the program's ordinary data (frames,
 * locals) side by side: stores next to the code must leave it alone, and each new trampoline
 * must replace the old one. Every line must be what the reference run prints. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef int (*fn2)(int, int);

static int helper(int a, int b) { return a * 3 + b; }

/* A trampoline that loads a "static chain" (a constant) into ecx and jumps to target:
 * mov ecx, imm32; mov eax, target; jmp eax. target(a, b) gets ecx = chain. */
__attribute__((regparm(0))) int chained(int a, int b);
__asm__(".text\n.globl chained\nchained:\n"
        "  mov 4(%esp), %eax\n"
        "  add 8(%esp), %eax\n"
        "  imul %ecx, %eax\n"
        "  ret\n");

static __attribute__((noinline)) uint32_t round_trip(int round)
{
    uint8_t tramp[32] __attribute__((aligned(16)));
    uint32_t chain = (uint32_t)round * 2654435761u;
    uint32_t target = (uint32_t)(uintptr_t)chained;
    unsigned n = 0;
    tramp[n++] = 0xb9; /* mov ecx, chain */
    memcpy(tramp + n, &chain, 4);
    n += 4;
    tramp[n++] = 0xb8; /* mov eax, target */
    memcpy(tramp + n, &target, 4);
    n += 4;
    tramp[n++] = 0xff, tramp[n++] = 0xe0; /* jmp eax */
    __asm__ volatile("" : : "r"(tramp) : "memory"); /* the bytes are stored before the call */
    fn2 f = (fn2)(void *)tramp;
    uint32_t s = 0;
    for (int i = 0; i < 8; i++) s = s * 7 + (uint32_t)f(i, round) + (uint32_t)helper(i, round);
    return s;
}

/* A trampoline rewritten in place while it is hot: mov eax, imm32; ret */
static __attribute__((noinline)) uint32_t hot_rewrite(void)
{
    volatile uint8_t code[16] __attribute__((aligned(16)));
    int (*f)(void) = (int (*)(void))(void *)code;
    uint32_t s = 0;
    code[0] = 0xb8, code[5] = 0xc3;
    for (int k = 0; k < 500; k++) {
        for (int b = 0; b < 4; b++) code[1 + b] = (uint8_t)((uint32_t)(k * 77 + 1) >> (8 * b));
        for (int i = 0; i < 4; i++) s = s * 3 + (uint32_t)f();
    }
    return s;
}

int main(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    uint8_t here;
    uintptr_t lo = ((uintptr_t)&here & ~(uintptr_t)(pg - 1)) - 4 * (uintptr_t)pg;
    if (mprotect((void *)lo, 5 * (size_t)pg, PROT_READ | PROT_WRITE | PROT_EXEC)) {
        perror("mprotect");
        return 1;
    }
    uint32_t sum = 0;
    for (int round = 0; round < 400; round++) {
        sum = sum * 31 + round_trip(round);
        if (round % 100 == 0) printf("round %d: sum %08x\n", round, sum);
    }
    printf("trampolines: sum %08x\n", sum);
    printf("hot rewrite: %08x\n", hot_rewrite());
    return 0;
}
