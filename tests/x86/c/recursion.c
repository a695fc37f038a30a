/* Recursion: Ackermann, naive Fibonacci, Towers of Hanoi, mutual recursion, permutations. */
#include <stdio.h>

static unsigned long calls;
static int ack(int m, int n)
{
    calls++;
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static int moves;
static void hanoi(int n, char from, char to, char via)
{
    if (n == 0) return;
    hanoi(n - 1, from, via, to);
    if (++moves <= 5 || n == 10) printf("move %d: disk %d %c->%c\n", moves, n, from, to);
    hanoi(n - 1, via, to, from);
}
static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static int perms;
static void permute(char *s, int k, int n)
{
    if (k == n) { if (++perms % 7 == 0) printf("perm %d %s\n", perms, s); return; }
    for (int i = k; i < n; i++) {
        char t = s[k]; s[k] = s[i]; s[i] = t;
        permute(s, k + 1, n);
        t = s[k]; s[k] = s[i]; s[i] = t;
    }
}

int main(void)
{
    for (int m = 0; m <= 2; m++)
        for (int n = 0; n <= 3; n++) {
            calls = 0;
            printf("ack(%d,%d) = %d in %lu calls\n", m, n, ack(m, n), calls);
        }
    calls = 0;
    printf("ack(3,3) = %d in %lu calls\n", ack(3, 3), calls);
    for (int i = 0; i <= 20; i += 5) printf("fib(%d) = %d\n", i, fib(i));
    hanoi(10, 'A', 'C', 'B');
    printf("hanoi moves %d\n", moves);
    printf("even(1001) %d even(2000) %d\n", is_even(1001), is_even(2000));
    char s[] = "abcde";
    permute(s, 0, 5);
    printf("perms %d\n", perms);
    return 0;
}
