/* Code cache of the basic-block translator and its map from x86 EIP to translation
 * (docs/translator.md). Translations are bump-allocated in one region of concealed memory;
 * when it (or the map) is full, everything is dropped at once (flush-all), which also
 * unchains every chained exit and empties the jump TLB. */
#ifndef XL_CACHE_H
#define XL_CACHE_H
#include <stdint.h>

/* A map entry: one per x86 block start the dispatcher has seen. */
struct xl_entry {
    uint32_t eip;    /* 0 = empty slot (page 0 is never mapped) */
    uint32_t count;  /* interpreted executions (profile) */
    uint32_t *code;  /* translation, XL_CODE_INTERP for "interpret one instruction", or NULL */
};
#define XL_CODE_INTERP ((uint32_t *)1)

/* Allocates the cache (bytes, rounded down to a word multiple) and the map. */
void xl_cache_init(uint32_t bytes);
/* Finds or inserts the entry of eip. May flush everything first when the map is too full. */
struct xl_entry *xl_map_get(uint32_t eip);
/* Room for `words` code words, or NULL when the cache is too full (the caller flushes). */
uint32_t *xl_cache_room(uint32_t words);
/* The caller used `words` of the room it got. */
void xl_cache_used(uint32_t words);
/* Drops every translation and map entry, invalidates the JTLB; bumps xl_cache_gen. */
void xl_cache_flush(void);
/* Incremented by each flush: exit stubs from an older generation must not be patched. */
extern uint32_t xl_cache_gen;
uint32_t xl_cache_bytes_used(void);
uint32_t xl_cache_capacity(void);

#endif
