/* setjmp/longjmp: simple, nested, from deep recursion, and with values 0 (mapped to 1). */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf outer, inner;
static int depth_reached;

static void dive(int d)
{
    volatile char pad[64];
    pad[0] = (char)d;
    depth_reached = d + pad[0] - d;
    if (d == 50) longjmp(outer, d);
    if (d < 1000) dive(d + 1);
}

static int thrower(int v)
{
    if (v > 3) longjmp(inner, v * 10);
    return v;
}

int main(void)
{
    volatile int count = 0;
    int r = setjmp(outer);
    if (r == 0) {
        printf("first return\n");
        dive(0);
        printf("not reached\n");
    } else {
        printf("longjmp returned %d after depth %d\n", r, depth_reached);
    }
    for (int v = 1; v <= 6; v++) {
        int x = setjmp(inner);
        if (x == 0)
            printf("v=%d ok %d\n", v, thrower(v));
        else
            printf("v=%d caught %d\n", v, x);
        count++;
    }
    r = setjmp(outer);
    if (r == 0) longjmp(outer, 0);
    printf("longjmp(0) gives %d, count %d\n", r, count);
    return 0;
}
