/* The caches of the model (sim_cache.h; docs/model.md "Caches"): the presets of
 * include/morph/cache.def, the options that change them, and the hierarchy's lookups. */
#include "sim_cache.h"
#include <stdlib.h>
#include <string.h>
#include "sim_mem.h"
#include "sim_stats.h"

struct preset {
    const char *name, *what;
    struct sim_cache_cfg k;
};
#define G_(size, ways, line, hit) {size, ways, line, hit}
#define G(t) G_ t
#define SIM_CACHE_PRESET(name, lv, i, d, l2, mem, what) \
    {#name, what, {lv, G(i), G(d), G(l2), mem, #name}},
static const struct preset presets[] = {MORPH_CACHE_PRESETS(SIM_CACHE_PRESET)};
#undef SIM_CACHE_PRESET
#define NPRESETS (sizeof presets / sizeof presets[0])

void sim_cache_names(FILE *f)
{
    for (size_t i = 0; i < NPRESETS; i++) fprintf(f, "%s%s", i ? ", " : "", presets[i].name);
}

int sim_cache_preset(const char *name, struct sim_cache_cfg *k)
{
    if (!strcmp(name, "ideal")) name = "off";
    for (size_t i = 0; i < NPRESETS; i++)
        if (!strcmp(name, presets[i].name)) {
            *k = presets[i].k;
            return 0;
        }
    return -1;
}

static int pow2(unsigned v) { return v && !(v & (v - 1)); }

/* "32K" or "65536" or "1M". */
static int parse_size(const char *s, unsigned *v, char **end)
{
    unsigned long x = strtoul(s, end, 10);
    if (*end == s) return -1;
    if (**end == 'K' || **end == 'k') { x <<= 10; (*end)++; }
    else if (**end == 'M' || **end == 'm') { x <<= 20; (*end)++; }
    if (x > (1ul << 30)) return -1;
    *v = (unsigned)x;
    return 0;
}

int sim_cache_set(struct sim_cache_cfg *k, const char *lvl, const char *val)
{
    char *end;
    if (!k->levels) {
        fprintf(stderr, "morph: --%s needs caches: --caches=l1, l1l2 or realistic (--caches=list)\n", lvl);
        return -1;
    }
    if (!strcmp(lvl, "mem-lat")) {
        unsigned long v = strtoul(val, &end, 10);
        if (end == val || *end || v < 1 || v > 10000) {
            fprintf(stderr, "morph: --mem-lat must be 1..10000 (cycles), not '%s'\n", val);
            return -1;
        }
        k->mem = (unsigned)v;
    } else {
        struct sim_cache_geom *g = !strcmp(lvl, "l1i") ? &k->l1i : !strcmp(lvl, "l1d") ? &k->l1d : &k->l2;
        if (g == &k->l2 && k->levels < 2) {
            fprintf(stderr, "morph: --l2 needs a configuration with an L2 (--caches=l1l2 or realistic)\n");
            return -1;
        }
        unsigned f[4] = {0, 0, 0, g->hit}, n = 0;
        const char *p = val;
        for (;;) {
            if (n == 0 ? parse_size(p, &f[0], &end) : (f[n] = (unsigned)strtoul(p, &end, 10), end == p)) break;
            n++;
            if (*end != ',' || n == 4) break;
            p = end + 1;
        }
        if (n < 3 || *end) {
            fprintf(stderr, "morph: --%s wants SIZE,WAYS,LINE[,HIT] (e.g. 32K,4,64,1), not '%s'\n", lvl, val);
            return -1;
        }
        *g = (struct sim_cache_geom){f[0], f[1], f[2], f[3]};
    }
    size_t l = strlen(k->label);
    snprintf(k->label + l, sizeof k->label - l, ",%s=%s", lvl, val);
    return 0;
}

static int check_level(const char *name, const struct sim_cache_geom *g)
{
    const char *why = !pow2(g->size) || !pow2(g->ways) || !pow2(g->line) ? "size, ways and line must be powers of two"
                      : g->ways > SIM_CACHE_MAX_WAYS                      ? "at most 16 ways"
                      : g->line < 8 || g->line > 4096                     ? "line must be 8..4096 bytes"
                      : g->size < g->ways * g->line                       ? "size must hold one set (ways x line)"
                      : g->hit < 1 || g->hit > 1000                       ? "hit latency must be 1..1000 cycles"
                                                                          : NULL;
    if (why) fprintf(stderr, "morph: bad %s geometry %u,%u,%u,%u: %s\n", name, g->size, g->ways, g->line, g->hit, why);
    return why ? -1 : 0;
}

int sim_cache_check(const struct sim_cache_cfg *k)
{
    if (!k->levels) return 0;
    if (check_level("L1I", &k->l1i) || check_level("L1D", &k->l1d)) return -1;
    if (k->levels > 1 && check_level("L2", &k->l2)) return -1;
    /* an L1I miss takes a dirty copy of its line out of the L1D first: one line each */
    if (k->l1i.line != k->l1d.line) {
        fprintf(stderr, "morph: the L1I and L1D lines must be the same size (%u, %u)\n", k->l1i.line, k->l1d.line);
        return -1;
    }
    if (k->levels > 1 && k->l2.line < k->l1d.line) {
        fprintf(stderr, "morph: the L2 line must be at least the L1 line (%u < %u)\n", k->l2.line, k->l1d.line);
        return -1;
    }
    if (k->mem < 1) {
        fprintf(stderr, "morph: the memory latency must be at least 1 cycle\n");
        return -1;
    }
    return 0;
}

void sim_cache_list(FILE *f)
{
    fprintf(f, "%-10s %-14s %-14s %-15s %4s   (SIZE,WAYS,LINE,HIT; memory latency)\n", "caches", "L1I", "L1D", "L2",
            "mem");
    for (size_t i = 0; i < NPRESETS; i++) {
        const struct sim_cache_cfg *k = &presets[i].k;
        char g[3][40], mem[16] = "-";
        const struct sim_cache_geom *l[3] = {&k->l1i, &k->l1d, &k->l2};
        for (int j = 0; j < 3; j++) {
            if ((j < 2 && k->levels < 1) || (j == 2 && k->levels < 2)) snprintf(g[j], sizeof g[j], "-");
            else snprintf(g[j], sizeof g[j], "%uK,%u,%u,%u", l[j]->size >> 10, l[j]->ways, l[j]->line, l[j]->hit);
        }
        if (k->levels) snprintf(mem, sizeof mem, "%u", k->mem);
        fprintf(f, "%-10s %-14s %-14s %-15s %4s\n%10s %s\n", presets[i].name, g[0], g[1], g[2], mem, "",
                presets[i].what);
    }
    fprintf(f, "\n--caches=NAME picks one (off = ideal, the default); --l1i, --l1d, --l2 SIZE,WAYS,LINE[,HIT]\n"
               "and --mem-lat N change its levels. Write-back, write-allocate, tree pseudo-LRU\n"
               "(docs/model.md \"Caches\"). The RTL (--engine=rtl|cosim) has them too, up to the\n"
               "largest preset's sets and ways per level, with an L2 hit latency of 2 or more.\n");
}

static void rtl_max_level(const struct sim_cache_geom *g, unsigned *sets, unsigned *ways)
{
    unsigned s = g->size / (g->ways * g->line);
    if (s > *sets) *sets = s;
    if (g->ways > *ways) *ways = g->ways;
}

static void rtl_geom(const struct sim_cache_cfg *k, struct sim_cache_rtl_max *m)
{
    if (k->levels < 1) return;
    rtl_max_level(&k->l1i, &m->l1i_sets, &m->l1i_ways);
    rtl_max_level(&k->l1d, &m->l1d_sets, &m->l1d_ways);
    if (k->levels > 1) rtl_max_level(&k->l2, &m->l2_sets, &m->l2_ways);
}

void sim_cache_rtl_max(struct sim_cache_rtl_max *m)
{
    *m = (struct sim_cache_rtl_max){ 2, 2, 2, 2, 2, 2 }; /* the RTL's smallest arrays */
    for (size_t i = 0; i < NPRESETS; i++) rtl_geom(&presets[i].k, m);
}

int sim_cache_rtl_preset(const char *name, struct sim_cache_rtl_max *m, unsigned *levels)
{
    struct sim_cache_cfg k;
    if (sim_cache_preset(name, &k)) return -1;
    *m = (struct sim_cache_rtl_max){ 2, 2, 2, 2, 2, 2 }; /* the RTL's smallest arrays */
    rtl_geom(&k, m);
    *levels = k.levels;
    return 0;
}

const char *sim_cache_rtl_check(const struct sim_cache_cfg *k)
{
    struct sim_cache_rtl_max m;
    unsigned s[3] = {0, 0, 0}, w[3] = {0, 0, 0};
    sim_cache_rtl_max(&m);
    rtl_max_level(&k->l1i, &s[0], &w[0]);
    rtl_max_level(&k->l1d, &s[1], &w[1]);
    if (k->levels > 1) rtl_max_level(&k->l2, &s[2], &w[2]);
    if (s[0] > m.l1i_sets || w[0] > m.l1i_ways || s[1] > m.l1d_sets || w[1] > m.l1d_ways || s[2] > m.l2_sets ||
        w[2] > m.l2_ways)
        return "the RTL holds at most the sets and ways of the largest preset in each level";
    if (k->levels > 1 && k->l2.hit < 2)
        return "the RTL needs an L2 hit latency of at least 2 cycles (a miss's two bookkeeping steps)";
    return NULL;
}

static int level_init(struct sim_cache *k, const struct sim_cache_geom *g, int data, uint64_t *acc, uint64_t *mis,
                      uint64_t *wb)
{
    k->ways = g->ways;
    k->sets = g->size / (g->ways * g->line);
    k->shift = (unsigned)__builtin_ctz(g->line);
    k->hit = g->hit;
    size_t n = (size_t)k->sets * k->ways;
    k->tag = malloc(n * sizeof *k->tag);
    k->dirty = calloc(n, 1);
    k->plru = calloc(k->sets, sizeof *k->plru);
    k->data = data ? calloc(n, g->line) : NULL;
    k->accesses = acc;
    k->misses = mis;
    k->writebacks = wb;
    if (!k->tag || !k->dirty || !k->plru || (data && !k->data)) {
        fprintf(stderr, "morph: out of memory for the caches\n");
        return -1;
    }
    for (size_t i = 0; i < n; i++) k->tag[i] = SIM_CACHE_NOTAG;
    return 0;
}

static void level_free(struct sim_cache *k)
{
    free(k->tag);
    free(k->dirty);
    free(k->plru);
    free(k->data);
    memset(k, 0, sizeof *k);
}

int sim_caches_init(struct sim_caches *s, const struct sim_cache_cfg *k, struct sim_mem *m, struct sim_stats *st)
{
    static uint64_t no_writebacks; /* the L1I is never dirty */
    memset(s, 0, sizeof *s);
    if (sim_cache_check(k)) return -1;
    s->levels = k->levels;
    s->mem = k->mem;
    s->ram = m;
    s->fetch_line = SIM_CACHE_NOTAG;
    s->l1i_flushes = &st->l1i_flushes;
    if (level_init(&s->l1i, &k->l1i, 1, &st->l1i_accesses, &st->l1i_misses, &no_writebacks) ||
        level_init(&s->l1d, &k->l1d, 0, &st->l1d_accesses, &st->l1d_misses, &st->l1d_writebacks) ||
        (k->levels > 1 && level_init(&s->l2, &k->l2, 0, &st->l2_accesses, &st->l2_misses, &st->l2_writebacks))) {
        sim_caches_free(s);
        return -1;
    }
    return 0;
}

void sim_caches_free(struct sim_caches *s)
{
    level_free(&s->l1i);
    level_free(&s->l1d);
    level_free(&s->l2);
}

int sim_cache_find(const struct sim_cache *k, uint32_t la)
{
    const uint32_t *t = &k->tag[(la & (k->sets - 1)) * k->ways];
    for (unsigned w = 0; w < k->ways; w++)
        if (t[w] == la) return (int)w;
    return -1;
}

static inline void touch(struct sim_cache *k, uint32_t set, unsigned w)
{
    k->plru[set] = (uint16_t)sim_plru_touch(k->plru[set], k->ways, w);
}

/* Puts line la into its set, replacing an invalid way (the lowest) or else the pseudo-LRU
 * one, which becomes the most recently used. Returns the entry; *old = the line it evicted
 * (SIM_CACHE_NOTAG: none) and *old_dirty whether that line was dirty. */
static unsigned install(struct sim_cache *k, uint32_t la, uint32_t *old, int *old_dirty)
{
    uint32_t set = la & (k->sets - 1);
    unsigned base = set * k->ways, w = 0;
    while (w < k->ways && k->tag[base + w] != SIM_CACHE_NOTAG) w++;
    if (w == k->ways) w = sim_plru_victim(k->plru[set], k->ways);
    *old = k->tag[base + w];
    *old_dirty = k->dirty[base + w];
    k->tag[base + w] = la;
    k->dirty[base + w] = 0;
    touch(k, set, w);
    return base + w;
}

/* A dirty L1D line (byte address pa) goes down: into the L2 (write-allocate, no fetch, no
 * cycles: writebacks leave through a write buffer) or memory. */
static void writeback_l1(struct sim_caches *s, uint32_t pa)
{
    (*s->l1d.writebacks)++;
    if (s->levels < 2) return;
    struct sim_cache *k = &s->l2;
    uint32_t la = pa >> k->shift, old;
    int w = sim_cache_find(k, la), od;
    if (w >= 0) {
        touch(k, la & (k->sets - 1), (unsigned)w);
        k->dirty[(la & (k->sets - 1)) * k->ways + (unsigned)w] = 1;
        return;
    }
    unsigned e = install(k, la, &old, &od);
    k->dirty[e] = 1;
    if (od) (*k->writebacks)++;
}

/* Cycles an L1 miss of byte address pa waits beyond the L1's hit latency: the L2 lookup (and
 * fill) or memory. */
static uint32_t below_l1(struct sim_caches *s, uint32_t pa)
{
    if (s->levels < 2) return s->mem;
    struct sim_cache *k = &s->l2;
    uint32_t la = pa >> k->shift, old;
    (*k->accesses)++;
    int w = sim_cache_find(k, la), od;
    if (w >= 0) {
        touch(k, la & (k->sets - 1), (unsigned)w);
        return k->hit;
    }
    (*k->misses)++;
    install(k, la, &old, &od);
    if (od) (*k->writebacks)++;
    return k->hit + s->mem;
}

/* One access of line la of an L1: counted; on a hit its way becomes the most recent and *e its
 * entry (returns 1); a miss is counted and left to the caller (returns 0). */
static int access_line(struct sim_cache *k, uint32_t la, unsigned *e)
{
    (*k->accesses)++;
    int w = sim_cache_find(k, la);
    if (w < 0) {
        (*k->misses)++;
        return 0;
    }
    const uint32_t set = la & (k->sets - 1);
    touch(k, set, (unsigned)w);
    *e = set * k->ways + (unsigned)w;
    return 1;
}

uint32_t sim_cache_fetch(struct sim_caches *s, uint32_t pa)
{
    struct sim_cache *k = &s->l1i;
    const uint32_t la = pa >> k->shift, line = 1u << k->shift;
    uint32_t stall = k->hit - 1;
    unsigned e;
    if (!access_line(k, la, &e)) {
        /* the L1D gives up a dirty copy first (written-back, kept clean): the fill sees the
         * stores made before it (docs/model.md "Caches") */
        struct sim_cache *d = &s->l1d;
        int dw = sim_cache_find(d, pa >> d->shift);
        if (dw >= 0) {
            uint8_t *dirty = &d->dirty[((pa >> d->shift) & (d->sets - 1)) * d->ways + (unsigned)dw];
            if (*dirty) {
                *dirty = 0;
                writeback_l1(s, pa);
            }
        }
        stall += below_l1(s, pa);
        uint32_t old;
        int od;
        e = install(k, la, &old, &od);
        memcpy(k->data + (size_t)e * line, s->ram->ram + ((la << k->shift) - MM_RAM_BASE), line);
    }
    s->fetch_line = la;
    s->fetch_data = k->data + (size_t)e * line;
    return stall;
}

/* One L1D access of the line holding byte pa. */
static uint32_t data_line(struct sim_caches *s, uint32_t pa, int write)
{
    struct sim_cache *k = &s->l1d;
    const uint32_t la = pa >> k->shift;
    uint32_t stall = k->hit - 1, old;
    int od;
    unsigned e;
    if (!access_line(k, la, &e)) {
        e = install(k, la, &old, &od);
        if (od) writeback_l1(s, old << k->shift); /* the victim leaves before the fill */
        stall += below_l1(s, pa);
    }
    if (write) k->dirty[e] = 1;
    return stall;
}

uint32_t sim_cache_data(struct sim_caches *s, uint32_t pa, unsigned n, int write)
{
    uint32_t stall = data_line(s, pa, write);
    if (((pa + n - 1) ^ pa) >> s->l1d.shift) stall += data_line(s, pa + n - 1, write); /* crosses a line */
    return stall;
}

void sim_cache_fence_i(struct sim_caches *s)
{
    struct sim_cache *k = &s->l1i;
    (*s->l1i_flushes)++;
    for (size_t i = 0; i < (size_t)k->sets * k->ways; i++) k->tag[i] = SIM_CACHE_NOTAG;
    memset(k->plru, 0, k->sets * sizeof *k->plru);
    s->fetch_line = SIM_CACHE_NOTAG;
}
