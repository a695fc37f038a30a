/* qsort and bsearch on integers, strings and structs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rec { int key; char name[12]; };

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}
static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return y->key - x->key; /* descending key */
    return strcmp(x->name, y->name);
}

int main(void)
{
    static int v[2000];
    unsigned s = 7;
    for (int i = 0; i < 2000; i++) { s = s * 69069 + 1; v[i] = (int)(s >> 3) - (1 << 27); }
    qsort(v, 2000, sizeof v[0], cmp_int);
    long long acc = 0;
    for (int i = 0; i < 2000; i++) {
        if (i && v[i - 1] > v[i]) { printf("not sorted at %d\n", i); return 1; }
        acc = acc * 3 + v[i];
    }
    printf("ints: min %d max %d median %d hash %lld\n", v[0], v[1999], v[1000], acc);
    int key = v[1234], *hit = bsearch(&key, v, 2000, sizeof v[0], cmp_int);
    printf("bsearch %d -> index %d\n", key, hit ? (int)(hit - v) : -1);
    key = 5;
    printf("bsearch 5 -> %s\n", bsearch(&key, v, 2000, sizeof v[0], cmp_int) ? "found" : "absent");

    const char *words[] = {"pear", "apple", "fig", "banana", "kiwi", "cherry", "date", "grape",
                           "lemon", "mango", "apricot", "lime", "plum", "quince", "Zebra", "apple"};
    size_t nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof words[0], cmp_str);
    for (size_t i = 0; i < nw; i++) printf("%s%s", words[i], i + 1 < nw ? " " : "\n");

    struct rec r[10];
    for (int i = 0; i < 10; i++) {
        r[i].key = (i * 7) % 4;
        snprintf(r[i].name, sizeof r[i].name, "item%02d", (i * 13) % 17);
    }
    qsort(r, 10, sizeof r[0], cmp_rec);
    for (int i = 0; i < 10; i++) printf("%d:%s ", r[i].key, r[i].name);
    printf("\n");
    return 0;
}
