/* Function pointers: tables, callbacks, pointers returned from functions, varargs. */
#include <stdarg.h>
#include <stdio.h>

typedef int (*binop)(int, int);
static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int mx(int a, int b) { return a > b ? a : b; }
static const binop table[] = {add, sub, mul, mx};
static const char *const names[] = {"add", "sub", "mul", "max"};

static binop pick(int i) { return table[i & 3]; }

static int fold(const int *v, int n, binop f, int init)
{
    for (int i = 0; i < n; i++) init = f(init, v[i]);
    return init;
}

static long vsum(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    long s = 0;
    for (int i = 0; i < n; i++) {
        int kind = va_arg(ap, int);
        if (kind == 0) s += va_arg(ap, int);
        else if (kind == 1) s += (long)va_arg(ap, long long);
        else s += (long)(*va_arg(ap, const char *));
    }
    va_end(ap);
    return s;
}

struct obj { const char *name; void (*speak)(const struct obj *); int n; };
static void bark(const struct obj *o) { printf("%s says woof x%d\n", o->name, o->n); }
static void meow(const struct obj *o) { printf("%s says meow x%d\n", o->name, o->n); }

int main(void)
{
    int v[] = {3, -1, 4, 1, -5, 9, 2, 6};
    for (int i = 0; i < 4; i++)
        printf("%s fold = %d, %s(7,3) = %d\n", names[i], fold(v, 8, table[i], i == 2 ? 1 : 0),
               names[i], pick(i)(7, 3));
    struct obj pets[] = {{"rex", bark, 2}, {"tom", meow, 3}, {"fido", bark, 1}};
    for (int i = 0; i < 3; i++) pets[i].speak(&pets[i]);
    printf("vsum %ld\n", vsum(4, 0, 10, 1, 5000000000LL, 2, "A", 0, -3));
    int (*volatile indirect)(int, int) = mul;
    int acc = 1;
    for (int i = 1; i < 10; i++) acc = indirect(acc, i) % 1000003;
    printf("indirect %d\n", acc);
    return 0;
}
