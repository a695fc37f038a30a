/* String-op benchmark (make bench, bench/bench.py "strings"; issue 18 item 4): REPS times one
 * REP string op over 64 KiB. Op: 0 movsb, 1 stosb, 2 movsd, 3 stosd, 4 repe cmpsb and 5 repne
 * scasb (equal buffers, no match: each runs the whole length), 6 repe cmpsd, 7 repne scasd.
 * Cycles per byte come from two runs that differ only in REPS, so start-up cancels. */
#include <stdio.h>
#include <stdlib.h>

static char a[1 << 16], b[1 << 16];

int main(int argc, char **argv)
{
    if (argc != 3) return 2;
    int reps = atoi(argv[1]), op = atoi(argv[2]), stopped = 0;
    for (int r = 0; r < reps; r++) {
        void *d = b, *s = a;
        unsigned n = sizeof a;
        switch (op) {
        case 0: __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory"); break;
        case 1: __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(r) : "memory"); break;
        case 2: n /= 4; __asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(n) : : "memory"); break;
        case 3: n /= 4; __asm__ volatile("rep stosl" : "+D"(d), "+c"(n) : "a"(r) : "memory"); break;
        case 4: __asm__ volatile("repe cmpsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory", "cc"); break;
        case 5: __asm__ volatile("repne scasb" : "+D"(d), "+c"(n) : "a"(1) : "memory", "cc"); break;
        case 6: n /= 4; __asm__ volatile("repe cmpsl" : "+D"(d), "+S"(s), "+c"(n) : : "memory", "cc"); break;
        default: n /= 4; __asm__ volatile("repne scasl" : "+D"(d), "+c"(n) : "a"(1) : "memory", "cc"); break;
        }
        stopped |= op >= 4 && n; /* a compare or scan that stopped early measures nothing */
    }
    if (stopped) return 1;
    printf("%d\n", b[100]);
    return 0;
}
