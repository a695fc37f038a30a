/* Code cache and EIP map (xl_cache.h). */
#include <string.h>
#include "cms.h"
#include "cms_htif.h"
#include "layout.h"
#include "xl_cache.h"
#include "xl_encode.h"
#include "xl_hw.h"
#include "xl_lift.h"

uint32_t xl_cache_gen;
static int sbt_marked; /* some words are marked as superblock code */
static uint32_t *cache_base, *cache_top, *cache_end;
static struct xl_entry *map;
static uint32_t map_mask, map_used;
/* translations in allocation order (so sorted by address): first word and EIP */
static struct { const uint32_t *code; uint32_t eip; } *trs;
static uint32_t ntrs;

void xl_cache_init(uint32_t bytes, int registry)
{
    if (bytes < CMS_CODE_CACHE_MIN) bytes = CMS_CODE_CACHE_MIN;
    bytes &= ~3u;
    cache_base = cms_alloc_uninit(bytes, 64); /* code is written before it runs */
    cache_end = cache_base + bytes / 4;
    cache_top = cache_base;
    map = cms_alloc(CMS_CODE_MAP_ENTRIES * (uint32_t)sizeof *map, 64);
    map_mask = CMS_CODE_MAP_ENTRIES - 1;
    map_used = 0;
    if (registry) trs = cms_alloc(CMS_CODE_MAP_ENTRIES * (uint32_t)sizeof *trs, 64); /* one per map entry at most */
    ntrs = 0;
    cms_stats.bbt_cache_size = bytes;
}

void xl_cache_flush(void)
{
    if (sbt_marked) { /* the dropped superblocks' words are no longer superblock code */
        cms_htif(HTIF_CMD_CODE_TIER, (uint32_t)(uintptr_t)cache_base, (uint32_t)(uintptr_t)cache_end, 0, 0);
        sbt_marked = 0;
    }
    cache_top = cache_base;
    memset(map, 0, (map_mask + 1) * sizeof *map);
    map_used = 0;
    ntrs = 0;
    xl_x87_pool_used = 0; /* the x87 runs of the dropped code */
    xl_hw_jtlbinv(); /* the JTLB points into the dropped code */
    xl_cache_gen++;
    cms_stats.bbt_flushes++;
}

/* Fibonacci hashing: EIPs of nearby blocks spread over the table. */
static inline uint32_t slot_of(uint32_t eip) { return (eip * 0x9e3779b1u) >> 16; }

struct xl_entry *xl_map_get(uint32_t eip)
{
    uint32_t i = slot_of(eip) & map_mask;
    for (;;) {
        struct xl_entry *e = &map[i];
        if (e->eip == eip) return e;
        if (e->eip == 0) {
            if (map_used >= (map_mask + 1) / 4 * 3) { /* keep probes short: start over */
                xl_cache_flush();
                return xl_map_get(eip);
            }
            map_used++;
            e->eip = eip;
            return e;
        }
        i = (i + 1) & map_mask;
    }
}

struct xl_entry *xl_map_find(uint32_t eip)
{
    for (uint32_t i = slot_of(eip) & map_mask;; i = (i + 1) & map_mask) {
        struct xl_entry *e = &map[i];
        if (e->eip == eip) return e;
        if (e->eip == 0) return NULL;
    }
}

void xl_cache_note(const uint32_t *code, uint32_t eip)
{
    if (trs && ntrs < CMS_CODE_MAP_ENTRIES) {
        trs[ntrs].code = code;
        trs[ntrs++].eip = eip;
    }
}

const uint32_t *xl_cache_owner(const uint32_t *p, const uint32_t **end, uint32_t *eip)
{
    uint32_t lo = 0, hi = ntrs; /* the last translation starting at or before p */
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (trs[mid].code <= p) lo = mid + 1;
        else hi = mid;
    }
    if (!lo) return NULL;
    *end = lo < ntrs ? trs[lo].code - 1 : cache_top; /* the next one's chained entry */
    *eip = trs[lo - 1].eip;
    return trs[lo - 1].code;
}

uint32_t *xl_cache_room(uint32_t words)
{
    /* a block may need one x87 pool entry per instruction: short of that, flush as when short
     * of words */
    if (xl_x87_pool && xl_x87_pool_size - xl_x87_pool_used < XL_IR_MAX_INSNS) return NULL;
    return (uint32_t)(cache_end - cache_top) >= words ? cache_top : NULL;
}

void xl_cache_used(uint32_t words)
{
    cache_top += words;
    xl_code_dirty = 1;
}

void xl_cache_mark_sbt(const uint32_t *start, const uint32_t *end)
{
    sbt_marked = 1;
    cms_htif(HTIF_CMD_CODE_TIER, (uint32_t)(uintptr_t)start, (uint32_t)(uintptr_t)end, 1, 0);
}

uint32_t xl_cache_bytes_used(void) { return (uint32_t)(cache_top - cache_base) * 4; }
uint32_t xl_cache_capacity(void) { return (uint32_t)(cache_end - cache_base) * 4; }
