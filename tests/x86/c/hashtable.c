/* A small open-addressing hash table of strings: insert, update, delete (tombstones), lookup. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAP 512
struct slot { char *key; int value; int state; }; /* state 0 empty, 1 used, 2 deleted */
static struct slot tab[CAP];
static int used;

static uint32_t fnv(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s) h = (h ^ (uint8_t)*s++) * 16777619u;
    return h;
}
static struct slot *find(const char *k, int insert)
{
    uint32_t i = fnv(k) & (CAP - 1);
    struct slot *tomb = NULL;
    for (int n = 0; n < CAP; n++, i = (i + 1) & (CAP - 1)) {
        struct slot *s = &tab[i];
        if (s->state == 0) return insert ? (tomb ? tomb : s) : NULL;
        if (s->state == 2) { if (!tomb) tomb = s; continue; }
        if (strcmp(s->key, k) == 0) return s;
    }
    return insert ? tomb : NULL;
}
static void put(const char *k, int v)
{
    struct slot *s = find(k, 1);
    if (s->state != 1) { s->key = strdup(k); s->state = 1; used++; }
    s->value = v;
}
static int del(const char *k)
{
    struct slot *s = find(k, 0);
    if (!s) return 0;
    free(s->key);
    s->key = NULL;
    s->state = 2;
    used--;
    return 1;
}

int main(void)
{
    char k[32];
    for (int i = 0; i < 300; i++) { snprintf(k, sizeof k, "key-%d-%x", i, i * 2654435761u); put(k, i); }
    for (int i = 0; i < 300; i += 3) { snprintf(k, sizeof k, "key-%d-%x", i, i * 2654435761u); del(k); }
    for (int i = 0; i < 300; i += 5) { snprintf(k, sizeof k, "key-%d-%x", i, i * 2654435761u); put(k, -i); }
    long sum = 0;
    int found = 0;
    for (int i = 0; i < 320; i++) {
        snprintf(k, sizeof k, "key-%d-%x", i, i * 2654435761u);
        struct slot *s = find(k, 0);
        if (s) { found++; sum = sum * 7 + s->value; }
    }
    printf("used %d found %d sum %ld\n", used, found, sum);
    const char *probe[] = {"key-0-0", "key-3-f1bbcdcb", "key-5-1a5c7c2d", "nope"};
    for (int i = 0; i < 4; i++) {
        struct slot *s = find(probe[i], 0);
        printf("%s -> %s %d\n", probe[i], s ? "hit" : "miss", s ? s->value : 0);
    }
    return 0;
}
