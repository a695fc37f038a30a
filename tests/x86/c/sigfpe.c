/* Integer division by zero: the process dies by SIGFPE (status 136), after flushing a line.
 * test-status: 136
 */
#include <stdio.h>

int main(void)
{
    volatile int zero = 0, x = 1234;
    printf("dividing %d by %d\n", x, zero);
    fflush(stdout);
    x = x / zero;
    printf("not reached %d\n", x);
    return 0;
}
