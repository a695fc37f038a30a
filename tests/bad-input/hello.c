/* Base program for the bad-input files (truncated, patched e_machine, 64-bit build). */
#include <stdio.h>

int main(void)
{
    puts("hello from a well-formed ELF");
    return 0;
}
