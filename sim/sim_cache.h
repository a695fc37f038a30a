/* Caches of the modeled machine (docs/model.md "Caches", docs/isa.md section 9): a
 * set-associative L1 instruction cache, L1 data cache and optional unified L2, write-back and
 * write-allocate, tree pseudo-LRU replacement, in front of a fixed-latency memory. The model
 * keeps tags, dirty bits and replacement state (data always comes from memory), except the
 * L1I, which keeps a copy of each line it fills: a fetch whose word differs from memory is
 * stale code the hardware would execute (a store without fence.i since), and the model stops.
 * Presets and levels: include/morph/cache.def. Only RAM is cached; boot ROM, flash and HTIF
 * accesses are uncached and cost what they cost without caches. */
#ifndef SIM_CACHE_H
#define SIM_CACHE_H
#include <stdint.h>
#include <stdio.h>
#include "morph/cache.def"

struct sim_cache_geom {
    unsigned size, ways, line, hit; /* bytes, ways, line bytes, hit latency (cycles) */
};

struct sim_cache_cfg {
    unsigned levels; /* 0: no caches (ideal memory), 1: L1I + L1D, 2: L1I + L1D + L2 */
    struct sim_cache_geom l1i, l1d, l2;
    unsigned mem;    /* memory latency (cycles) */
    char label[128]; /* the preset's name, then any overrides: "realistic,l1i=16K,2,64,1" */
};

#define SIM_CACHE_NOTAG 0xffffffffu
#define SIM_CACHE_MAX_WAYS 16

/* One level. Way w of set s is entry s * ways + w. */
struct sim_cache {
    unsigned sets, ways, shift, hit; /* shift = log2(line bytes) */
    uint32_t *tag;   /* line address (pa >> shift) or SIM_CACHE_NOTAG */
    uint8_t *dirty;
    uint16_t *plru;  /* per set: tree bits 1..ways-1 (bit n = node n: 0 victim left, 1 right) */
    uint8_t *data;   /* L1I only: the bytes of each line as filled */
    uint64_t *accesses, *misses, *writebacks; /* the counters (struct sim_stats) */
};

struct sim_mem;
struct sim_stats;
struct sim_caches {
    struct sim_cache l1i, l1d, l2;
    unsigned levels, mem;
    struct sim_mem *ram;
    /* the fetch line buffer: the L1I line the last fetch read; a fetch from another line
     * looks the L1I up (docs/isa.md section 9) */
    uint32_t fetch_line;       /* line address, SIM_CACHE_NOTAG: none */
    const uint8_t *fetch_data; /* its bytes in the L1I */
    uint64_t *l1i_flushes;     /* fence.i counter (struct sim_stats) */
};

/* The preset `name` ("ideal" = "off") into *k; -1 if there is none. */
int sim_cache_preset(const char *name, struct sim_cache_cfg *k);
/* The preset names, comma-separated, for error messages. */
void sim_cache_names(FILE *f);
/* --l1i/--l1d/--l2 "SIZE,WAYS,LINE[,HIT]" (SIZE may end in K or M) or --mem-lat "N" for level
 * `lvl` ("l1i", "l1d", "l2", "mem"): -1 with a message on error. */
int sim_cache_set(struct sim_cache_cfg *k, const char *lvl, const char *val);
/* Checks the configuration (powers of two, line sizes); -1 with a message. */
int sim_cache_check(const struct sim_cache_cfg *k);
/* `--caches=list`. */
void sim_cache_list(FILE *f);
/* The RTL (rtl/morph_caches.sv) holds at most the largest sets and ways of each level over the
 * presets (its parameters: `morph rtl-params`); the run's geometry comes in at reset. */
struct sim_cache_rtl_max {
    unsigned l1i_sets, l1i_ways, l1d_sets, l1d_ways, l2_sets, l2_ways;
};
void sim_cache_rtl_max(struct sim_cache_rtl_max *m);
/* The arrays of preset `name` alone (absent levels: the RTL's smallest) and its levels, for a
 * synthesis of that one configuration (`morph rtl-params CORE --caches=NAME`); -1 if no such
 * preset. */
int sim_cache_rtl_preset(const char *name, struct sim_cache_rtl_max *m, unsigned *levels);
/* NULL if the RTL can run configuration k, else why not. */
const char *sim_cache_rtl_check(const struct sim_cache_cfg *k);

/* The hierarchy for configuration k (levels > 0), counting into st; -1 with a message. */
int sim_caches_init(struct sim_caches *s, const struct sim_cache_cfg *k, struct sim_mem *m,
                    struct sim_stats *st);
void sim_caches_free(struct sim_caches *s);

/* One level, for the unit test: the way holding line address la, or -1 (no state change). */
int sim_cache_find(const struct sim_cache *k, uint32_t la);
/* Tree pseudo-LRU: the way to replace among `ways` (all valid), and the bits after way w is
 * used. */
static inline unsigned sim_plru_victim(unsigned bits, unsigned ways)
{
    unsigned n = 1;
    while (n < ways) n = 2 * n + (bits >> n & 1);
    return n - ways;
}
static inline unsigned sim_plru_touch(unsigned bits, unsigned ways, unsigned w)
{
    for (unsigned n = w + ways; n > 1; n >>= 1) { /* point every node on the path away from w */
        unsigned p = n >> 1;
        bits = (bits & ~(1u << p)) | (unsigned)!(n & 1) << p;
    }
    return bits;
}

/* Stall cycles of an instruction fetch from RAM address pa whose line is not the line
 * buffer's (the line buffer then holds it). */
uint32_t sim_cache_fetch(struct sim_caches *s, uint32_t pa);
/* Stall cycles of a data access of the bytes [pa, pa + n) of RAM (a store: write = 1). */
uint32_t sim_cache_data(struct sim_caches *s, uint32_t pa, unsigned n, int write);
/* fence.i: every L1I line invalid, the line buffer empty. */
void sim_cache_fence_i(struct sim_caches *s);

#endif
