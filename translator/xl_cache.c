/* Code cache and EIP map (xl_cache.h). */
#include <string.h>
#include "cms.h"
#include "layout.h"
#include "xl_cache.h"
#include "xl_hw.h"

uint32_t xl_cache_gen;
static uint32_t *cache_base, *cache_top, *cache_end;
static struct xl_entry *map;
static uint32_t map_mask, map_used;

void xl_cache_init(uint32_t bytes)
{
    if (bytes < CMS_CODE_CACHE_MIN) bytes = CMS_CODE_CACHE_MIN;
    bytes &= ~3u;
    cache_base = cms_alloc(bytes, 64);
    cache_end = cache_base + bytes / 4;
    cache_top = cache_base;
    map = cms_alloc(CMS_CODE_MAP_ENTRIES * (uint32_t)sizeof *map, 64);
    map_mask = CMS_CODE_MAP_ENTRIES - 1;
    map_used = 0;
    cms_stats.bbt_cache_size = bytes;
}

void xl_cache_flush(void)
{
    cache_top = cache_base;
    memset(map, 0, (map_mask + 1) * sizeof *map);
    map_used = 0;
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

uint32_t *xl_cache_room(uint32_t words)
{
    return (uint32_t)(cache_end - cache_top) >= words ? cache_top : NULL;
}

void xl_cache_used(uint32_t words) { cache_top += words; }

uint32_t xl_cache_bytes_used(void) { return (uint32_t)(cache_top - cache_base) * 4; }
uint32_t xl_cache_capacity(void) { return (uint32_t)(cache_end - cache_base) * 4; }
