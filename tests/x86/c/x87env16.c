/* The x87 environment in its 16-bit format (operand-size prefix; issue 18): FNSTENV, FLDENV,
 * FNSAVE and FRSTOR with 14-byte environments. Printed: the control, status and tag words and the
 * registers; not the instruction and data pointers (qemu-i386 does not keep them as the
 * hardware does). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void dump(const char *what, const uint8_t *p, unsigned n)
{
    printf("%s:", what);
    for (unsigned i = 0; i < n; i++) printf("%s%02x", i % 2 ? "" : " ", p[i]);
    printf("\n");
}

int main(void)
{
    uint8_t env[14], save[94];
    uint16_t cw = 0x0e7f, cw2;
    double one = 1.0, zero = 0.0, out[3];
    /* three values, a masked divide by zero (ZE in the status word), rounding toward zero */
    __asm__ volatile("fninit\n\tfldcw %1\n\tfld1\n\tfldpi\n\tfldl %2\n\tfdivl %3\n\t"
                     "data16 fnstenv %0"
                     : "=m"(env) : "m"(cw), "m"(one), "m"(zero));
    dump("fnstenv16 cw sw tw", env, 6);
    env[0] = 0x7f, env[1] = 0x03; /* FLDENV with another control word, ZE cleared */
    env[2] &= (uint8_t)~0x04;
    __asm__ volatile("data16 fldenv %1\n\tfnstcw %0" : "=m"(cw2) : "m"(env));
    printf("fldenv16: cw %04x\n", cw2);
    __asm__ volatile("data16 fnsave %0" : "=m"(save));
    dump("fnsave16 cw sw tw", save, 6);
    dump("fnsave16 st0", save + 14, 10);
    dump("fnsave16 st1", save + 24, 10);
    dump("fnsave16 st2", save + 34, 10);
    uint16_t after;
    __asm__ volatile("fnstcw %0" : "=m"(after));
    printf("after fnsave16: cw %04x\n", after);
    save[14 + 9] ^= 0x80; /* negate ST(0) in the image */
    __asm__ volatile("data16 frstor %3\n\tfstpl %0\n\tfstpl %1\n\tfstpl %2"
                     : "=m"(out[0]), "=m"(out[1]), "=m"(out[2]) : "m"(save));
    printf("frstor16: %g %.6f %g\n", out[0], out[1], out[2]);
    return 0;
}
