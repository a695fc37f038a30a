/* printf integer, string, char and pointer conversions with widths, precisions and flags. */
#include <limits.h>
#include <stddef.h>
#include <sys/types.h>
#include <stdint.h>
#include <stdio.h>

int main(void)
{
    static const int ints[] = {0, 1, -1, 42, -42, 12345, INT_MAX, INT_MIN};
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        int v = ints[i];
        printf("[%d] [%i] [%5d] [%-5d|] [%+d] [% d] [%05d] [%.3d] [%8.4d] [%-+8d|]\n", v, v, v, v,
               v, v, v, v, v, v);
        printf("[%u] [%x] [%X] [%#x] [%o] [%#o] [%10x] [%-10X|] [%#012x]\n", (unsigned)v,
               (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v,
               (unsigned)v, (unsigned)v);
        printf("[%hd] [%hu] [%hhd] [%hhu] [%hx] [%ld] [%lx]\n", (short)v, (unsigned short)v,
               (signed char)v, (unsigned char)v, (unsigned short)v, (long)v, (unsigned long)v);
    }
    long long ll[] = {0, -1, LLONG_MAX, LLONG_MIN, 0x123456789abcdefLL, -1000000000000LL};
    for (unsigned i = 0; i < sizeof ll / sizeof ll[0]; i++)
        printf("[%lld] [%llu] [%llx] [%20lld] [%-22lld|] [%+lld] [%#llo]\n", ll[i],
               (unsigned long long)ll[i], (unsigned long long)ll[i], ll[i], ll[i], ll[i],
               (unsigned long long)ll[i]);
    const char *strs[] = {"", "a", "hello", "morph code morphing"};
    for (unsigned i = 0; i < 4; i++)
        printf("[%s] [%10s] [%-10s|] [%.3s] [%8.2s] [%*s] [%-*s|]\n", strs[i], strs[i], strs[i],
               strs[i], strs[i], 6, strs[i], 7, strs[i]);
    for (int c = 'A'; c < 'A' + 5; c++)
        printf("[%c] [%3c] [%-3c|] [%%] ", c, c + 1, c + 2);
    printf("\n");
    printf("[%p] [%p] [%20p]\n", (void *)0x1234, (void *)0xdeadbeef, (void *)0x8048000);
    printf("[%p]\n", (void *)0);
    size_t sz = 123456;
    intmax_t im = -987654321;
    printf("[%zu] [%zd] [%jd] [%td]\n", sz, (ssize_t)-5, im, (ptrdiff_t)-7);
    int n1 = 0, n2 = 0;
    printf("abc%n defgh%n\n", &n1, &n2);
    printf("n1=%d n2=%d\n", n1, n2);
    char buf[64];
    int r = snprintf(buf, sizeof buf, "%08x-%-6d-%s", 0xbeef, -12, "xyz");
    printf("snprintf %d [%s]\n", r, buf);
    printf("%5.1s|%.0s|%.10s|\n", "abc", "abc", "abc");
    printf("%3$s %1$s %2$s\n", "a", "b", "c");
    return 0;
}
