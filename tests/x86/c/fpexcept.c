/* Unmasked x87 exception: once ZE is unmasked in the control word, a division by zero sets the
 * exception pending; the next waiting x87 instruction raises #MF and Linux kills the process
 * with SIGFPE (status 136). Everything printed before must match too.
 * test-status: 136
 * test-args: 3 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    volatile double zero = 0.0, x = argc > 1 ? atof(argv[1]) : 1.0, r;
    r = x / 4;
    printf("before: %g\n", r);
    fflush(stdout);
    uint16_t cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    cw &= (uint16_t)~0x4u; /* unmask ZE (what feenableexcept(FE_DIVBYZERO) does, without libm) */
    __asm__ volatile("fldcw %0" : : "m"(cw));
    r = x / zero; /* pending: the store of r is the waiting instruction that traps */
    printf("not reached: %g\n", r);
    return 0;
}
