/* Deep recursion: returns dominate control flow (translated RETs go through the jump TLB).
 * A recursive list sum 20000 frames deep, a binary tree built and walked recursively, mutual
 * recursion through function pointers, and recursive merge sort. */
#include <stdio.h>
#include <stdlib.h>

struct node { struct node *next; int v; };
static long sum_list(const struct node *n) { return n ? n->v + sum_list(n->next) : 0; }

struct tree { struct tree *l, *r; int v; };
static struct tree *build(int depth, int *seq)
{
    if (!depth) return NULL;
    struct tree *t = malloc(sizeof *t);
    t->v = (*seq)++ * 7 % 1000;
    t->l = build(depth - 1, seq);
    t->r = build(depth - 1, seq);
    return t;
}
static long walk(const struct tree *t, int d)
{
    return t ? t->v * (d & 3) + walk(t->l, d + 1) - walk(t->r, d + 1) : 0;
}
static void drop(struct tree *t)
{
    if (!t) return;
    drop(t->l);
    drop(t->r);
    free(t);
}

typedef unsigned (*step_fn)(unsigned n, unsigned acc);
static unsigned ping(unsigned n, unsigned acc);
static unsigned pong(unsigned n, unsigned acc);
static step_fn volatile table[2] = {ping, pong};
static unsigned ping(unsigned n, unsigned acc) { return n ? table[1](n - 1, acc * 3 + n) : acc; }
static unsigned pong(unsigned n, unsigned acc) { return n ? table[0](n - 1, acc ^ (n << 3)) : acc; }

static void msort(int *a, int *tmp, int n)
{
    if (n < 2) return;
    int h = n / 2;
    msort(a, tmp, h);
    msort(a + h, tmp, n - h);
    int i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < h) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    for (i = 0; i < n; i++) a[i] = tmp[i];
}

int main(void)
{
    enum { N = 20000 };
    static struct node nodes[N];
    for (int i = 0; i < N; i++) {
        nodes[i].v = i % 97;
        nodes[i].next = i + 1 < N ? &nodes[i + 1] : NULL;
    }
    printf("list sum: %ld\n", sum_list(&nodes[0]));

    int seq = 0;
    struct tree *t = build(12, &seq);
    printf("tree nodes %d, walk %ld\n", seq, walk(t, 0));
    drop(t);

    printf("ping-pong: %u\n", table[0](15000, 1));

    static int a[3000], tmp[3000];
    unsigned x = 12345;
    for (int i = 0; i < 3000; i++) { x = x * 1103515245u + 12345u; a[i] = (int)(x >> 8) % 100000; }
    msort(a, tmp, 3000);
    int ok = 1;
    for (int i = 1; i < 3000; i++) ok &= a[i - 1] <= a[i];
    printf("msort: %s, a[0] %d a[2999] %d\n", ok ? "sorted" : "NOT sorted", a[0], a[2999]);
    return 0;
}
