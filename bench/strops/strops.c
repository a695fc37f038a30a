/* String-op benchmark (make bench, bench/bench.py "strings"; issue 18 item 4): REPS times one
 * REP MOVS or REP STOS over 64 KiB. Op: 0 movsb, 1 stosb, 2 movsd, 3 stosd. Cycles per byte
 * come from two runs that differ only in REPS, so start-up cancels. */
#include <stdio.h>
#include <stdlib.h>

static char a[1 << 16], b[1 << 16];

int main(int argc, char **argv)
{
    if (argc != 3) return 2;
    int reps = atoi(argv[1]), op = atoi(argv[2]);
    for (int r = 0; r < reps; r++) {
        void *d = b, *s = a;
        unsigned n = sizeof a;
        switch (op) {
        case 0: __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory"); break;
        case 1: __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(r) : "memory"); break;
        case 2: n /= 4; __asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(n) : : "memory"); break;
        default: n /= 4; __asm__ volatile("rep stosl" : "+D"(d), "+c"(n) : "a"(r) : "memory"); break;
        }
    }
    printf("%d\n", b[100]);
    return 0;
}
