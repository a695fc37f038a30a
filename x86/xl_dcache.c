/* The decoded-instruction cache of the x86 front end (xl_dcache.h, docs/interpreter.md). */
#include <stddef.h>
#include "xl_dcache.h"

#include "cms.h"
#include "cms_guest.h"
#include "cms_mm.h"
#include "cms_signal.h"
#include "morph/memmap.h"

struct xl_dc_entry *xl_dc_table;
uint32_t xl_dc_mask;
/* The chunk (CMS_CODE_CHUNK bytes) number + 1 this cache marked as code last: fills in it skip
 * the platform's call (most do: decoding goes forward). 0 after anything that may clear a
 * chunk's mark (a code-written hook call, a flush). */
static uint32_t marked_chunk;
/* Misses and fast decodes since the last xl_dc_sync_stats: 32-bit adds, where the two 64-bit
 * counters of cms_stats cost every miss 16 ops. */
static uint32_t dc_misses, dc_fast;

void xl_dc_sync_stats(void)
{
    cms_stats.decode_misses += dc_misses;
    cms_stats.decode_fast += dc_fast;
    dc_misses = dc_fast = 0;
}

void xl_dc_init(void)
{
    uint32_t n = cms_config.decode_cache_entries;
    if (n == 0) n = XL_DC_DEFAULT_ENTRIES;
    if (n & (n - 1)) cms_panic("x86: decode_cache_entries %u is not a power of two", n);
    if (n < 2) n = 2;
    xl_decode_fast_on = !(cms_config.flags & MORPH_CFG_NO_FASTDEC);
    xl_decode_set_assist(cms_config.core.xdec);
    /* not cleared: the flush below makes every slot empty and a fill writes all of an entry
     * (clearing the default 4 MiB cost 2.1 M cycles, 12% of the demo's) */
    xl_dc_table = cms_alloc_uninit(n * (uint32_t)sizeof(struct xl_dc_entry), 64);
    xl_dc_mask = n - 1;
    xl_dc_flush();
    cms_stats.decode_flushes = 0;
    cms_hook_code_change(xl_dc_flush);
    cms_hook_code_written(xl_dc_code_written);
    static int hooked; /* once: the unit tests start over */
    if (!hooked) cms_hook_stats_sync(xl_dc_sync_stats);
    hooked = 1;
}

/* Bytes an entry's instruction covers (an invalid or cut one: all it may have looked at). */
static inline uint32_t entry_len(const struct xl_dc_entry *e)
{
    return e->x.op == XL_INVALID || !e->x.len ? XL_MAX_LEN : e->x.len;
}

int xl_dc_code_written(uint32_t lo, uint32_t hi, uint32_t clo, uint32_t chi)
{
    /* an instruction overlapping [lo, hi) starts in [lo - (XL_MAX_LEN - 1), hi) */
    int still = 0;
    marked_chunk = 0;
    uint32_t from = (clo < lo ? clo : lo) - (XL_MAX_LEN - 1), to = chi > hi ? chi : hi;
    for (uint32_t eip = from; eip != to; eip++) {
        struct xl_dc_entry *e = &xl_dc_table[eip & xl_dc_mask];
        if (e->tag != eip) continue;
        uint32_t end = eip + entry_len(e);
        if (eip < hi && end > lo) {
            e->tag = (eip & xl_dc_mask) ^ 1;
            cms_stats.smc_insns_invalidated++;
        } else if (eip < chi && end > clo) {
            still = 1;
        }
    }
    return still;
}

void xl_dc_flush(void)
{
    /* four slots an iteration (the second loop finishes a 2-entry cache): the loop's own
     * ops were most of its 8 cycles a slot */
    uint32_t i = 0;
    for (; i + 4 <= xl_dc_mask + 1; i += 4) {
        xl_dc_table[i].tag = i ^ 1;
        xl_dc_table[i + 1].tag = i;
        xl_dc_table[i + 2].tag = (i + 2) ^ 1;
        xl_dc_table[i + 3].tag = i + 2;
    }
    for (; i <= xl_dc_mask; i++) xl_dc_table[i].tag = i ^ 1;
    marked_chunk = 0;
    cms_stats.decode_flushes++;
}

/* An instruction that runs into the unmapped page at eip + n: the fetch of its first byte
 * there faults (out of line: its message buffer would cost every fill a larger frame). */
static __attribute__((noinline, noreturn)) void fill_fault(uint32_t eip, uint32_t n)
{
    char msg[96];
    cms_snprintf(msg, sizeof msg, "guest SIGSEGV: read of unmapped address 0x%08x at eip 0x%08x", eip + n, eip);
    const struct cms_siginfo si = {.signo = 11, .code = CMS_SEGV_MAPERR, .addr = eip + n, .trapno = CMS_TRAP_PF,
                                   .err = 4};
    cms_signal_fault(&si, msg);
    __builtin_unreachable();
}

struct xl_dc_entry *xl_dc_fill(uint32_t eip, struct xl_dc_entry *e)
{
    uint32_t w[(XL_MAX_LEN + 3 + 3) / 4];
    unsigned n = XL_MAX_LEN;
    const uint32_t to_page_end = MM_PAGE_SIZE - (eip & (MM_PAGE_SIZE - 1)), base = eip & ~3u;
    unsigned prev = cms_hw_get_activity();
    cms_set_activity(CMSACT_DECODE);
    (void)cms_gld8(eip); /* an unmapped EIP faults here, as the fetch it is (at eip, not base) */
    /* aligned words (a byte at a time cost 8 cycles each, half of a fast decode) */
    if (to_page_end + (eip & 3) >= 4 * 5) { /* the usual case: five words, all in eip's page */
        /* all five loads before the stores: a guest load is a compiler barrier ("memory"), so
         * storing each word after its load waited a load-use cycle each */
        const uint32_t w0 = cms_gld32(base), w1 = cms_gld32(base + 4), w2 = cms_gld32(base + 8);
        const uint32_t w3 = cms_gld32(base + 12), w4 = cms_gld32(base + 16);
        w[0] = w0;
        w[1] = w1;
        w[2] = w2;
        w[3] = w3;
        w[4] = w4;
    } else {
        if (to_page_end < n && !cms_mm_is_mapped(eip + to_page_end)) n = to_page_end;
        /* they end at or before the page end that cut n, so none reaches an unmapped page */
        const uint32_t nw = ((eip & 3) + n + 3) >> 2;
        for (uint32_t i = 0; i < nw; i++) w[i] = cms_gld32(base + 4 * i);
    }
    _Static_assert(sizeof w == 4 * 5, "xl_dc_fill fetches five words");
    const uint8_t *b = (const uint8_t *)w + (eip & 3); /* little-endian, as x86 */
    int rc = xl_decode_quick(eip, b, n, &e->x);
    const unsigned fast = rc == 0;
    if (!fast) rc = xl_decode_slow(eip, b, n, &e->x);
    if (rc == -2) {
        cms_set_activity(prev);
        fill_fault(eip, n);
    }
    dc_misses++;
    dc_fast += fast;
    /* the usual cases fall through (as taken branches they cost about 6 cycles a miss) */
    uint32_t len = e->x.len;
    if (__builtin_expect(rc != 0 || len == 0, 0)) len = n;
    const uint32_t last = (eip + len - 1) >> CMS_CODE_CHUNK_SHIFT;
    if (__builtin_expect((eip >> CMS_CODE_CHUNK_SHIFT) + 1 != marked_chunk || last + 1 != marked_chunk, 0)) {
        cms_mm_code_mark(eip, len); /* stores to these bytes trap */
        marked_chunk = last + 1;
    }
    e->ends = (uint8_t)xl_op_ends_block(e->x.op);
    e->tier[0] = e->tier[1] = e->tier[2] = 0;
    e->tag = eip;
    cms_set_activity(prev); /* activity decode spans the whole miss: fetch, decode, entry, marks */
    return e;
}

const struct xl_insn *xl_dc_insn(uint32_t eip)
{
    struct xl_dc_entry *e = &xl_dc_table[eip & xl_dc_mask];
    if (e->tag != eip) {
        /* only what an execution could fetch without faulting */
        uint32_t to_page_end = MM_PAGE_SIZE - (eip & (MM_PAGE_SIZE - 1));
        if (!cms_mm_is_mapped(eip)) return NULL;
        if (to_page_end < XL_MAX_LEN && !cms_mm_is_mapped(eip + to_page_end)) return NULL;
        e = xl_dc_fill(eip, e);
    }
    return &e->x;
}
