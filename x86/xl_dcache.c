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
/* The first byte of the chunk (CMS_CODE_CHUNK bytes) this cache marked as code last: fills in
 * it skip the platform's call (most do: decoding goes forward). MARKED_NONE after anything that
 * may clear a chunk's mark (a code-written hook call, a flush): a chunk above user space, where
 * no instruction is ever decoded (its fetch faults first). */
#define MARKED_NONE (0u - CMS_CODE_CHUNK)
_Static_assert(MARKED_NONE >= CMS_MM_TASK_TOP, "MARKED_NONE is no user chunk");
static uint32_t marked_lo = MARKED_NONE;
/* Misses and Zydis decodes since the last xl_dc_sync_stats: 32-bit adds, where the two 64-bit
 * counters of cms_stats cost every miss 16 ops (the fast decodes are the difference). */
static uint32_t dc_misses, dc_slow;
/* The miss's fetched bytes, aligned words: the decode that reads them runs after the fill's
 * tail call, so they cannot live in its frame. */
static uint32_t fill_words[(XL_MAX_LEN + 3 + 3) / 4];

void xl_dc_sync_stats(void)
{
    cms_stats.decode_misses += dc_misses;
    cms_stats.decode_fast += dc_misses - dc_slow;
    dc_misses = dc_slow = 0;
}

void xl_dc_init(void)
{
    uint32_t n = cms_config.decode_cache_entries;
    if (n == 0) n = XL_DC_DEFAULT_ENTRIES;
    if (n & (n - 1)) cms_panic("x86: decode_cache_entries %u is not a power of two", n);
    if (n < 2) n = 2;
    xl_decode_set_fast(!(cms_config.flags & MORPH_CFG_NO_FASTDEC));
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

/* The tag of an empty slot i: an EIP that never indexes slot i (1 indexes slot 1, 0 slot 0; the
 * cache has two slots at least), so that all but one slot hold the same constant and a flush is
 * a store a slot. */
static inline uint32_t empty_tag(uint32_t i) { return i == 1; }

/* Bytes an entry's instruction covers (an invalid or cut one: all it may have looked at). */
static inline uint32_t entry_len(const struct xl_dc_entry *e)
{
    return e->x.op == XL_INVALID || !e->x.len ? XL_MAX_LEN : e->x.len;
}

int xl_dc_code_written(uint32_t lo, uint32_t hi, uint32_t clo, uint32_t chi)
{
    /* an instruction overlapping [lo, hi) starts in [lo - (XL_MAX_LEN - 1), hi) */
    int still = 0;
    marked_lo = MARKED_NONE;
    uint32_t from = (clo < lo ? clo : lo) - (XL_MAX_LEN - 1), to = chi > hi ? chi : hi;
    for (uint32_t eip = from; eip != to; eip++) {
        struct xl_dc_entry *e = &xl_dc_table[eip & xl_dc_mask];
        if (e->tag != eip) continue;
        uint32_t end = eip + entry_len(e);
        if (eip < hi && end > lo) {
            e->tag = empty_tag(eip & xl_dc_mask);
            cms_stats.smc_insns_invalidated++;
        } else if (eip < chi && end > clo) {
            still = 1;
        }
    }
    return still;
}

void xl_dc_flush(void)
{
    /* sixteen slots an iteration, one register stored (a slot's own tag, i ^ 1, had cost 3.5
     * cycles a slot: 0.23 M of the demo's start-up) */
    uint32_t i = 0;
    for (; i + 16 <= xl_dc_mask + 1; i += 16) {
#pragma GCC unroll 16
        for (uint32_t k = 0; k < 16; k++) xl_dc_table[i + k].tag = 1;
    }
    for (; i <= xl_dc_mask; i++) xl_dc_table[i].tag = 1;
    xl_dc_table[1].tag = empty_tag(1);
    marked_lo = MARKED_NONE;
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

/* The bytes a miss at eip may decode: XL_MAX_LEN, or fewer where the page after eip's is not
 * mapped (they end at or before that page's start, so none reaches an unmapped page). */
static inline unsigned fill_len(uint32_t eip)
{
    const uint32_t to_page_end = MM_PAGE_SIZE - (eip & (MM_PAGE_SIZE - 1));
    return to_page_end < XL_MAX_LEN && !cms_mm_is_mapped(eip + to_page_end) ? to_page_end : XL_MAX_LEN;
}

static uintptr_t fill_done(uint32_t eip, struct xl_insn *x, unsigned mn, uintptr_t prev);

/* The fill near a page end: the bytes up to an unmapped page at most, then the decode (out of
 * line, and a tail call of the fill: its call would make every fill save registers). */
static __attribute__((noinline)) struct xl_dc_entry *fill_cut(uint32_t eip, struct xl_dc_entry *e, unsigned prev)
{
    const unsigned n = fill_len(eip);
    const uint32_t nw = ((eip & 3) + n + 3) >> 2, base = eip & ~3u;
    for (uint32_t i = 0; i < nw; i++) fill_words[i] = cms_gld32(base + 4 * i);
    return (struct xl_dc_entry *)xl_decode_fast_to(eip, &e->x, (const uint8_t *)fill_words + (eip & 3), prev, n,
                                                   fill_done);
}

/* The entry's own fields and the activity back, the last of a miss: ends and the three tier
 * bytes are one word (four byte stores cost 3 cycles more a miss). */
typedef uint32_t __attribute__((may_alias)) dc_w32;
_Static_assert(offsetof(struct xl_dc_entry, ends) == 4 && offsetof(struct xl_dc_entry, tier) == 5,
               "ends and tier[3] make the entry's second word");
static inline __attribute__((always_inline)) struct xl_dc_entry *fill_entry(struct xl_dc_entry *e, uint32_t eip,
                                                                           unsigned prev)
{
    *(dc_w32 *)(void *)&e->ends = xl_op_ends_block(e->x.op); /* little-endian: tier[] = 0 */
    e->tag = eip;
    cms_set_activity(prev); /* activity decode spans the whole miss: fetch, decode, entry, marks */
    return e;
}

/* A miss whose bytes reach a code chunk this cache has not marked last: the mark, then the
 * entry (out of line: its call would make every miss save registers). */
static __attribute__((noinline)) struct xl_dc_entry *fill_mark(struct xl_dc_entry *e, uint32_t eip, uint32_t len,
                                                               unsigned prev)
{
    cms_mm_code_mark(eip, len); /* stores to these bytes trap */
    marked_lo = (eip + len - 1) & ~(CMS_CODE_CHUNK - 1);
    return fill_entry(e, eip, prev);
}

/* The end of a miss, for both decoders: its count, its marks, the entry. */
static inline __attribute__((always_inline)) struct xl_dc_entry *fill_end(struct xl_dc_entry *e, uint32_t eip,
                                                                         uint32_t len, unsigned prev)
{
    dc_misses++;
    /* all of [eip, eip + len) in the chunk at marked_lo: one unsigned compare (below it, the
     * difference wraps to more than the room) */
    if (__builtin_expect(eip - marked_lo > CMS_CODE_CHUNK - len, 0)) return fill_mark(e, eip, len, prev);
    return fill_entry(e, eip, prev);
}

static inline struct xl_dc_entry *entry_of(struct xl_insn *x)
{
    return (struct xl_dc_entry *)(void *)((char *)x - offsetof(struct xl_dc_entry, x));
}

/* What the fast decoder declined: Zydis. */
static __attribute__((noinline)) uintptr_t fill_slow(uint32_t eip, struct xl_insn *x, uintptr_t prev)
{
    const unsigned n = fill_len(eip);
    const int rc = xl_decode_slow(eip, (const uint8_t *)fill_words + (eip & 3), n, x);
    if (rc == -2) {
        cms_set_activity((unsigned)prev);
        fill_fault(eip, n);
    }
    dc_slow++;
    const uint32_t len = rc != 0 || x->len == 0 ? n : x->len;
    return (uintptr_t)fill_end(entry_of(x), eip, len, (unsigned)prev);
}

/* The fast decoder's continuation (which recorded the mnemonic): the entry's end, with no
 * frame (a leaf but for its rare calls). */
static uintptr_t fill_done(uint32_t eip, struct xl_insn *x, unsigned mn, uintptr_t prev)
{
    if (__builtin_expect(mn == 0, 0)) return fill_slow(eip, x, prev);
    return (uintptr_t)fill_end(entry_of(x), eip, x->len, (unsigned)prev);
}

struct xl_dc_entry *xl_dc_fill(uint32_t eip, struct xl_dc_entry *e)
{
    const uint32_t base = eip & ~3u;
    const unsigned prev = cms_hw_get_activity();
    cms_set_activity(CMSACT_DECODE);
    (void)cms_gld8(eip); /* an unmapped EIP faults here, as the fetch it is (at eip, not base) */
    /* the usual case: five aligned words, all in eip's page, which holds them when eip's offset
     * in it is below MM_PAGE_SIZE - 16 (as one unsigned compare of the offset's bits at the top) */
    _Static_assert(MM_PAGE_SIZE == 1u << 12, "the page offset is eip's low 12 bits");
    if (__builtin_expect(eip << 20 >= (MM_PAGE_SIZE - 16) << 20, 0)) return fill_cut(eip, e, prev);
    /* a byte at a time cost 8 cycles each, half of a fast decode; all five loads before the
     * stores: a guest load is a compiler barrier ("memory"), so storing each word after its
     * load waited a load-use cycle */
    const uint32_t w0 = cms_gld32_off(base, 0), w1 = cms_gld32_off(base, 4), w2 = cms_gld32_off(base, 8);
    const uint32_t w3 = cms_gld32_off(base, 12), w4 = cms_gld32_off(base, 16);
    fill_words[0] = w0;
    fill_words[1] = w1;
    fill_words[2] = w2;
    fill_words[3] = w3;
    fill_words[4] = w4;
    _Static_assert(sizeof fill_words == 4 * 5, "xl_dc_fill fetches five words");
    const uint8_t *b = (const uint8_t *)fill_words + (eip & 3); /* little-endian, as x86 */
    return (struct xl_dc_entry *)xl_decode_fast_to(eip, &e->x, b, prev, XL_MAX_LEN, fill_done);
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
