/* A non-zero exit status from exit(), with buffered output flushed at exit.
 * test-status: 42
 */
#include <stdio.h>
#include <stdlib.h>

static void bye(void) { printf("atexit handler ran\n"); }

int main(int argc, char **argv)
{
    (void)argv;
    atexit(bye);
    printf("exiting with %d (argc %d)\n", 42, argc);
    exit(42);
}
