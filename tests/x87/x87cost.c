/* x87cost: a loop for measuring the cost of one x87 instruction under morph (docs/x87.md).
 *   x87cost OP N      OP = none | fadd | fmul | fdiv | fsqrt
 * Each iteration runs FLD ST(0); OP; FSTP ST(0) on fixed operands (ST(0) = 1.7, ST(1) = 2.3);
 * "none" is the same loop without OP. cycles(OP) - cycles(none), divided by N, is the cost of
 * OP including its dispatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOOP(body)                                                                          \
    __asm__ volatile("fldl %1\n\tfldl %2\n"                                                 \
                     "1:\n\tfld %%st(0)\n\t" body "\n\tfstp %%st(0)\n\tdec %0\n\tjnz 1b\n\t"   \
                     "fstp %%st(0)\n\tfstp %%st(0)"                                         \
                     : "+r"(n) : "m"(b), "m"(a) : "memory", "cc")

int main(int argc, char **argv)
{
    const char *op = argc > 1 ? argv[1] : "none";
    unsigned n = argc > 2 ? (unsigned)strtoul(argv[2], 0, 10) : 100000;
    double a = 1.7, b = 2.3;
    if (!n) return 2;
    if (!strcmp(op, "none")) LOOP("");
    else if (!strcmp(op, "fadd")) LOOP("fadd %%st(2), %%st");
    else if (!strcmp(op, "fmul")) LOOP("fmul %%st(2), %%st");
    else if (!strcmp(op, "fdiv")) LOOP("fdiv %%st(2), %%st");
    else if (!strcmp(op, "fsqrt")) LOOP("fsqrt");
    else return 2;
    printf("%s done\n", op);
    return 0;
}
