/* Code cache and EIP map (xl_cache.h). */
#include <stddef.h>
#include <string.h>
#include "cms.h"
#include "cms_htif.h"
#include "layout.h"
#include "xl_cache.h"
#include "xl_encode.h"
#include "xl_hw.h"
#include "morph/memmap.h"
#include "xl_lift.h"

uint32_t xl_cache_gen;
static int sbt_marked; /* some words are marked as superblock code */
static uint32_t *cache_base, *cache_top, *cache_end;
struct xl_entry *xl_map;
uint32_t xl_map_mask;
static uint32_t map_used;
_Static_assert(sizeof(struct xl_entry) == XL_MAP_ENTRY_BYTES && offsetof(struct xl_entry, code) == XL_MAP_ENTRY_CODE,
               "xl_enter.S reads the map");
/* translations in allocation order (so sorted by address): first word and EIP; dead once a
 * guest store overwrote some of its x86 bytes */
static struct xl_tr {
    const uint32_t *code;
    uint32_t eip;
    uint32_t dead : 1;
    uint32_t sbt : 1; /* a superblock (xl_cache_mark_sbt) */
} *trs;
static uint32_t ntrs;

/* Self-modifying code (docs/translator.md "Self-modifying code"): the x86 byte ranges of every
 * translation, listed per guest page (a range node per page a range touches), so that a store
 * to code finds exactly the translations it overwrote. Reset by a flush. */
#define XL_RNODES (2 * CMS_CODE_MAP_ENTRIES)
#define XL_RPAGES 8192 /* a power of two; at most 3/4 used */
#define XL_RANGES_MAX 24 /* ranges of one translation: a superblock's blocks, merged */
static struct xl_rnode {
    uint32_t lo, hi; /* x86 bytes [lo, hi) within one page */
    uint32_t tr;     /* index in trs */
    uint32_t next;   /* the page's next node + 1; 0 ends */
} *rnodes;
static uint32_t nrnodes;
static struct xl_rpage {
    uint32_t vpn1, head; /* page number + 1 (0: empty slot); first node + 1 */
} *rpages;
static uint32_t nrpages;
static struct { uint32_t lo, hi; } cur[XL_RANGES_MAX]; /* of the translation being made */
unsigned xl_cache_ncur; /* ranges of the translation being made (xl_cache_ranges_begin) */
uint32_t xl_cache_next = ~0u;
static unsigned cur_last; /* the range xl_cache_next ends while there is one */

/* cur[] complete: the last range's end from xl_cache_next. */
static void ranges_sync(void)
{
    if (xl_cache_ncur) cur[cur_last].hi = xl_cache_next;
}
#define ncur xl_cache_ncur

static void map_check(void);

void xl_cache_init(uint32_t bytes, int registry)
{
    if (bytes < CMS_CODE_CACHE_MIN) bytes = CMS_CODE_CACHE_MIN;
    bytes &= ~3u;
    cache_base = cms_alloc_uninit(bytes, 64); /* code is written before it runs */
    cache_end = cache_base + bytes / 4;
    cache_top = cache_base;
    xl_map = cms_alloc(CMS_CODE_MAP_ENTRIES * (uint32_t)sizeof *xl_map, 64);
    xl_map_mask = CMS_CODE_MAP_ENTRIES - 1;
    map_used = 0;
    (void)registry; /* superblocks need it, and so does self-modifying code */
    /* written before they are read: not zeroed (2.8 MiB cleared cost every run 2 M cycles) */
    trs = cms_alloc_uninit(CMS_CODE_MAP_ENTRIES * (uint32_t)sizeof *trs, 64); /* one per map entry at most */
    rnodes = cms_alloc_uninit(XL_RNODES * (uint32_t)sizeof *rnodes, 64);
    rpages = cms_alloc(XL_RPAGES * (uint32_t)sizeof *rpages, 64);
    ntrs = nrnodes = nrpages = 0;
    cms_hook_code_written(xl_cache_code_written);
    cms_hook_stats_sync(map_check);
    cms_stats.bbt_cache_size = bytes;
}

/* The map's fingerprint (docs/firmware.md "Concealment"): an XOR of every entry's (EIP,
 * translation) that the translator set, kept as it sets them (xl_map_set_code); at exit the
 * map is hashed again, and a difference means something else wrote it. */
static uint32_t map_hash;
/* EIP 0 marks an empty slot, so a guest's jump to 0 (never mapped: it faults) gets an entry of
 * its own outside the table, never translated. */
static struct xl_entry zero_entry;


static uint32_t entry_hash(uint32_t eip, const uint32_t *code)
{
    uint32_t h = eip * 0x9e3779b1u ^ (uint32_t)(uintptr_t)code * 0x85ebca6bu;
    return h ^ h >> 15;
}

void xl_map_set_code(struct xl_entry *e, uint32_t *code)
{
    if (e == &zero_entry) { /* not in the table */
        e->code = code;
        return;
    }
    if (e->code) map_hash ^= entry_hash(e->eip, e->code);
    e->code = code;
    if (code) map_hash ^= entry_hash(e->eip, code);
}

static void map_check(void)
{
    if (cms_config.flags & MORPH_CFG_INJECT_CC_MAP) /* test only: as a write from outside would */
        for (uint32_t i = 0; i <= xl_map_mask; i++)
            if (xl_map[i].eip && xl_map[i].code && xl_map[i].code != XL_CODE_INTERP) {
                xl_map[i].code++;
                break;
            }
    /* four slots a step, skipped together when all are empty (most are: a slot at a time
     * took 10 cycles, 0.66 M cycles at every exit) */
    uint32_t h = 0;
    _Static_assert(CMS_CODE_MAP_ENTRIES % 4 == 0, "map_check steps by four");
    for (uint32_t i = 0; i <= xl_map_mask; i += 4) {
        const struct xl_entry *e = &xl_map[i];
        if (!(e[0].eip | e[1].eip | e[2].eip | e[3].eip)) continue;
        for (int k = 0; k < 4; k++)
            if (e[k].eip && e[k].code) h ^= entry_hash(e[k].eip, e[k].code);
    }
    cms_stats.cc_map_changed = h != map_hash;
}

void xl_cache_flush(void)
{
    if (sbt_marked) { /* the dropped superblocks' words are no longer superblock code */
        cms_htif(HTIF_CMD_CODE_TIER, (uint32_t)(uintptr_t)cache_base, (uint32_t)(uintptr_t)cache_end, 0, 0);
        sbt_marked = 0;
    }
    if (cms_log_on(MORPH_LOG_CMS))
        cms_log_event("code cache flush: %u bytes of translations dropped", (uint32_t)((cache_top - cache_base) * 4));
    cache_top = cache_base;
    memset(xl_map, 0, (xl_map_mask + 1) * sizeof *xl_map);
    memset(&zero_entry, 0, sizeof zero_entry);
    map_hash = 0;
    map_used = 0;
    ntrs = 0;
    nrnodes = nrpages = 0;
    memset(rpages, 0, XL_RPAGES * sizeof *rpages);
    xl_x87_pool_used = 0; /* the x87 runs of the dropped code */
    xl_hw_jtlbinv(); /* the JTLB points into the dropped code */
    xl_cache_gen++;
    cms_stats.bbt_flushes++;
}

static inline uint32_t slot_of(uint32_t eip) { return (eip * XL_MAP_HASH_MUL) >> XL_MAP_HASH_SHIFT; }

struct xl_entry *xl_map_get(uint32_t eip)
{
    if (!eip) return &zero_entry;
    uint32_t i = slot_of(eip) & xl_map_mask;
    for (;;) {
        struct xl_entry *e = &xl_map[i];
        if (e->eip == eip) return e;
        if (e->eip == 0) {
            if (map_used >= (xl_map_mask + 1) / 4 * 3) { /* keep probes short: start over */
                xl_cache_flush();
                return xl_map_get(eip);
            }
            map_used++;
            e->eip = eip;
            return e;
        }
        i = (i + 1) & xl_map_mask;
    }
}

struct xl_entry *xl_map_find(uint32_t eip)
{
    if (!eip) return NULL;
    for (uint32_t i = slot_of(eip) & xl_map_mask;; i = (i + 1) & xl_map_mask) {
        struct xl_entry *e = &xl_map[i];
        if (e->eip == eip) return e;
        if (e->eip == 0) return NULL;
    }
}


int xl_cache_range_add_slow(uint32_t eip, uint32_t len)
{
    uint32_t lo = eip, hi = eip + (len ? len : 1);
    ranges_sync();
    for (unsigned i = 0; i < ncur; i++)
        if (lo <= cur[i].hi && hi >= cur[i].lo) { /* overlapping or adjacent: one range */
            if (lo < cur[i].lo) cur[i].lo = lo;
            if (hi > cur[i].hi) cur[i].hi = hi;
            cur_last = i;
            xl_cache_next = cur[i].hi;
            return 1;
        }
    if (ncur == XL_RANGES_MAX) return 0; /* the translation stops before this instruction */
    cur[ncur].lo = lo;
    cur[ncur].hi = hi;
    cur_last = ncur++;
    xl_cache_next = hi;
    return 1;
}

static struct xl_rpage *rpage(uint32_t vpn, int create)
{
    for (uint32_t i = (vpn * 0x9e3779b1u) >> 16;; i++) {
        struct xl_rpage *p = &rpages[i & (XL_RPAGES - 1)];
        if (p->vpn1 == vpn + 1) return p;
        if (!p->vpn1) {
            if (!create) return NULL;
            nrpages++;
            p->vpn1 = vpn + 1;
            return p;
        }
    }
}

void xl_cache_note(const uint32_t *code, uint32_t eip)
{
    if (ntrs >= CMS_CODE_MAP_ENTRIES) cms_panic("code cache: more translations than map entries");
    trs[ntrs].code = code;
    trs[ntrs].eip = eip;
    trs[ntrs].dead = 0;
    trs[ntrs].sbt = 0;
    ranges_sync();
    for (unsigned i = 0; i < ncur; i++)
        for (uint32_t a = cur[i].lo; a < cur[i].hi;) { /* one node per page */
            uint32_t next = (a | (MM_PAGE_SIZE - 1)) + 1;
            if (next > cur[i].hi || next == 0) next = cur[i].hi;
            struct xl_rpage *p = rpage(a >> MM_PAGE_SHIFT, 1);
            struct xl_rnode *n = &rnodes[nrnodes];
            n->lo = a;
            n->hi = next;
            n->tr = ntrs;
            n->next = p->head;
            p->head = ++nrnodes;
            a = next;
        }
    ntrs++;
}

/* The translation's x86 bytes changed: nothing may run it any more. Its first words become an
 * exit stub to the dispatcher at its EIP (chained exits, a superblock redirect and the JTLB
 * all enter there); its code stays until the next flush. */
static void kill(struct xl_tr *t)
{
    t->dead = 1;
    struct xl_entry *e = xl_map_find(t->eip);
    if (e && e->code == t->code) {
        xl_map_set_code(e, NULL); /* profiled and translated again from the new bytes, later each time */
        e->count = 0;
        e->sb = 0;
        if (e->smc < XL_SMC_MAX) e->smc++;
    }
    xl_stub_write((uint32_t *)(uintptr_t)t->code, t->eip, XL_STUB_DEAD);
    xl_code_dirty = 1;
    cms_stats.smc_translations_invalidated++;
}

int xl_cache_code_written(uint32_t lo, uint32_t hi, uint32_t clo, uint32_t chi)
{
    int still = 0, killed = 0;
    uint32_t from = (lo < clo ? lo : clo) >> MM_PAGE_SHIFT, to = ((hi > chi ? hi : chi) - 1) >> MM_PAGE_SHIFT;
    for (uint32_t vpn = from;; vpn++) {
        struct xl_rpage *p = rpage(vpn, 0);
        uint32_t *link = p ? &p->head : NULL;
        while (link && *link) {
            struct xl_rnode *n = &rnodes[*link - 1];
            struct xl_tr *t = &trs[n->tr];
            if (!t->dead && n->lo < hi && n->hi > lo) {
                kill(t);
                killed = 1;
            }
            if (t->dead) { /* off the page's list (the node itself is reused after a flush) */
                *link = n->next;
                continue;
            }
            if (n->lo < chi && n->hi > clo) still = 1;
            link = &n->next;
        }
        if (vpn == to) break;
    }
    (void)killed; /* JTLB entries that lead to a dead translation reach the dispatcher through
                     its stub, which rewrites them once the EIP has a translation again */
    return still;
}

static uint32_t owner_index(const uint32_t *p)
{
    uint32_t lo = 0, hi = ntrs; /* the last translation starting at or before p */
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (trs[mid].code <= p) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

const uint32_t *xl_cache_owner(const uint32_t *p, const uint32_t **end, uint32_t *eip)
{
    uint32_t lo = owner_index(p);
    if (!lo) return NULL;
    *end = lo < ntrs ? trs[lo].code - xl_entry_words : cache_top; /* the next one's start */
    *eip = trs[lo - 1].eip;
    return trs[lo - 1].code;
}

int xl_cache_owner_sbt(const uint32_t *p)
{
    uint32_t lo = owner_index(p);
    return lo && trs[lo - 1].sbt;
}

uint32_t *xl_cache_room(uint32_t words)
{
    /* the code, and the bookkeeping of one more translation (its ranges: two pages each) */
    if (ntrs >= CMS_CODE_MAP_ENTRIES || nrnodes + 2 * XL_RANGES_MAX > XL_RNODES ||
        nrpages + 2 * XL_RANGES_MAX > XL_RPAGES / 4 * 3)
        return NULL;
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
    if (ntrs) trs[ntrs - 1].sbt = 1; /* the translation just noted */
    cms_htif(HTIF_CMD_CODE_TIER, (uint32_t)(uintptr_t)start, (uint32_t)(uintptr_t)end, 1, 0);
}

uint32_t xl_cache_bytes_used(void) { return (uint32_t)(cache_top - cache_base) * 4; }
uint32_t xl_cache_capacity(void) { return (uint32_t)(cache_end - cache_base) * 4; }
