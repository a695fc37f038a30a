/* RDTSC and RDTSCP (issue 18): the time-stamp counter goes up (under morph it is the core's
 * cycle counter, docs/interpreter.md), RDTSCP reads it too and gives IA32_TSC_AUX in ECX (Linux:
 * node << 12 | CPU; 0 on CPU 0 of node 0). A CPU whose CPUID does not report RDTSCP is not asked
 * (the line is printed either way: the reference run states what morph must do). */
#include <cpuid.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

int main(void)
{
    uint64_t a = rdtsc();
    volatile unsigned sink = 0;
    for (unsigned i = 0; i < 1000; i++) sink += i;
    uint64_t b = rdtsc();
    printf("rdtsc goes up: %d\n", b > a);
    unsigned eax, ebx, ecx, edx;
    int ok = 1;
    if (__get_cpuid(0x80000001u, &eax, &ebx, &ecx, &edx) && (edx >> 27 & 1)) {
        uint32_t lo, hi, aux = 0xdeadbeef;
        __asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
        uint64_t c = (uint64_t)hi << 32 | lo;
        ok = aux != 0xdeadbeef; /* ECX written (a CPU number: 0 under morph, unit-tested) */
        printf("rdtscp after rdtsc: %d\n", c >= b);
    } else {
        printf("rdtscp after rdtsc: 1\n");
    }
    printf("rdtscp ok: %d\n", ok);
    return 0;
}
