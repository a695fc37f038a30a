/* Code cache of the basic-block translator and its map from x86 EIP to translation
 * (docs/translator.md). Translations are bump-allocated in one region of concealed memory;
 * when it (or the map) is full, everything is dropped at once (flush-all), which also
 * unchains every chained exit and empties the jump TLB. */
#ifndef XL_CACHE_H
#define XL_CACHE_H

/* The map's layout and hash, which the JTLB fast refill (xl_enter.S) reads too: an open-
 * addressing table of XL_MAP_ENTRY_BYTES-byte entries (struct xl_entry, checked in
 * xl_cache.c), the probe starting at slot (eip * XL_MAP_HASH_MUL) >> XL_MAP_HASH_SHIFT masked
 * by xl_map_mask, and going up one slot at a time to the entry or an empty one (EIP 0). */
#define XL_MAP_HASH_MUL 0x9e3779b1 /* Fibonacci hashing: EIPs of nearby blocks spread */
#define XL_MAP_HASH_SHIFT 16
#define XL_MAP_ENTRY_BYTES 12
#define XL_MAP_ENTRY_CODE 8 /* offset of code */
#define XL_CODE_INTERP_VALUE 1

#ifndef __ASSEMBLER__
#include <stdint.h>

/* A map entry: one per x86 block start the dispatcher has seen. */
struct xl_entry {
    uint32_t eip;        /* 0 = empty slot (page 0 is never mapped) */
    uint32_t count : 29; /* interpreted executions (profile) */
    uint32_t smc : 2;    /* translations here dropped because a store overwrote their code
                            (saturating at XL_SMC_MAX): each doubles the executions before the
                            next one */
    uint32_t sb : 1;     /* code is a superblock, or one was considered here: no second try */
    uint32_t *code;      /* translation, XL_CODE_INTERP for "interpret one instruction", or NULL */
};
#define XL_CODE_INTERP ((uint32_t *)XL_CODE_INTERP_VALUE)
#define XL_COUNT_MAX ((1u << 29) - 1)
#define XL_SMC_MAX 3u /* 8 times the threshold at most: measured on tests/x86/c/smc_*.c */

/* Allocates the cache (bytes, rounded down to a word multiple) and the map; with registry,
 * also the list of translations xl_cache_owner searches (superblocks need it). */
void xl_cache_init(uint32_t bytes, int registry);
/* Finds or inserts the entry of eip. May flush everything first when the map is too full. */
struct xl_entry *xl_map_get(uint32_t eip);
/* Sets the translation of an entry (every write of ->code goes through here: the map's
 * fingerprint, checked at exit). */
void xl_map_set_code(struct xl_entry *e, uint32_t *code);
/* The entry of eip, or NULL (never inserts, never flushes). */
struct xl_entry *xl_map_find(uint32_t eip);
/* Records a translation (code: its first word, after the chained entry if any) made for eip, so that
 * a code address can be traced to its translation (xl_cache_owner). In allocation order. */
void xl_cache_note(const uint32_t *code, uint32_t eip);
/* The x86 bytes of the translation being made (xl_fetch_dc adds each instruction it hands the
 * translator); xl_cache_note records them with it. xl_cache_next: the end of the range added to
 * last, which holds that range's end while the instructions come one after the other (the usual
 * case, inline); ~0u when there is none (no instruction starts there: that page is never a
 * user page). */
extern unsigned xl_cache_ncur;
extern uint32_t xl_cache_next;
/* Inline: a call straight to a `ret` finds the return stack without its push (docs/isa.md
 * section 9), a misprediction on every translation. */
static inline void xl_cache_ranges_begin(void)
{
    xl_cache_ncur = 0;
    xl_cache_next = ~0u;
}
int xl_cache_range_add_slow(uint32_t eip, uint32_t len);
/* The usual case of xl_cache_range_add: 1 when [eip, eip + len) comes right after the range
 * added to last, which then grows; 0 (and nothing done) otherwise. */
static inline int xl_cache_range_grow(uint32_t eip, uint32_t len)
{
    if (eip != xl_cache_next || len == 0) return 0;
    xl_cache_next = eip + len;
    return 1;
}
/* 0 when the translation already spans its most ranges and this one is apart: the fetch
 * then ends the translation before the instruction. */
static inline int xl_cache_range_add(uint32_t eip, uint32_t len)
{
    return __builtin_expect(xl_cache_range_grow(eip, len), 1) || xl_cache_range_add_slow(eip, len);
}
/* The platform's code-written hook (cms.h): kills the translations whose x86 bytes overlap
 * [lo, hi); returns 1 if a live one overlapping [clo, chi) stays. */
int xl_cache_code_written(uint32_t lo, uint32_t hi, uint32_t clo, uint32_t chi);
/* The translation containing code address p: its first word and end (*end), and its EIP; or
 * NULL. */
const uint32_t *xl_cache_owner(const uint32_t *p, const uint32_t **end, uint32_t *eip);
/* Is the translation containing code address p a superblock (xl_cache_mark_sbt)? */
int xl_cache_owner_sbt(const uint32_t *p);
/* Room for `words` code words, or NULL when the cache or its bookkeeping is too full (the
 * caller flushes). */
uint32_t *xl_cache_room(uint32_t words);
/* The caller used `words` of the room it got. */
void xl_cache_used(uint32_t words);
/* Drops every translation and map entry, invalidates the JTLB; bumps xl_cache_gen. */
void xl_cache_flush(void);
/* Incremented by each flush: exit stubs from an older generation must not be patched. */
extern uint32_t xl_cache_gen;
/* The words [start, end) hold a superblock: tells the model (HTIF_CMD_CODE_TIER), which splits
 * translated-mode cycles by tier (profiling only); a flush unmarks them. */
void xl_cache_mark_sbt(const uint32_t *start, const uint32_t *end);
uint32_t xl_cache_bytes_used(void);
uint32_t xl_cache_capacity(void);

/* The map (read by the JTLB fast refill) and its slot mask. */
extern struct xl_entry *xl_map;
extern uint32_t xl_map_mask;

#endif /* __ASSEMBLER__ */
#endif
