/* Guest memory manager. The page map is two-level (1024 x 1024 entries, second level allocated
 * on first use), so a sparse 4 GiB guest costs 4 KiB of concealed heap per 4 MiB region touched.
 * Frames come from guest RAM above concealed memory: a bump pointer plus a free list threaded
 * through freed frames (which the firmware owns while they are free). */
#include <string.h>
#include "cms.h"
#include "cms_errno.h"
#include "cms_htif.h"
#include "cms_mm.h"
#include "morph/memmap.h"

#define PAGE MM_PAGE_SIZE
#define PAGE_MASK (MM_PAGE_SIZE - 1)
#define NPAGES(len) ((len) >> MM_PAGE_SHIFT)
/* Above this many pages, invalidating the whole GTLB is cheaper than page by page. */
#define GTLB_INV_ALL_PAGES 64

uint32_t *cms_pt_dir[1024];
uint32_t cms_gtlb_fast_refills;
static uint32_t fast_refills_synced;
static uint32_t frame_next, frame_end, frame_free_list;
static uint32_t brk_start, brk_cur;
int cms_mm_code_changed;

/* Code pages (self-modifying code; docs/firmware.md "Code pages"): a page from which the x86
 * front end decoded an instruction carries CMS_PTE_CODE in the page map and a bitmap of the
 * CMS_CODE_CHUNK-byte chunks that hold such bytes, in an open-addressing table by page number
 * (entries stay until a code change resets the table). */
#define CODE_WORDS (CMS_CODE_CHUNKS / 32)
struct code_page {
    uint32_t vpn1; /* page number + 1; 0 = empty slot */
    uint32_t bits[CODE_WORDS];
};
static struct code_page *code_pages;
static uint32_t code_pages_used;
static struct code_page *code_last; /* the page marked last (most marks hit it again) */
static int code_overflow; /* code pages beyond the table: marked in the page map only */
static void code_pages_reset(void);

/* The fast path's refills count in gtlb_refills (cms_stats is 64-bit; the path adds to a word). */
static void sync_refills(void)
{
    cms_stats.gtlb_refills += cms_gtlb_fast_refills - fast_refills_synced;
    fast_refills_synced = cms_gtlb_fast_refills;
}

void cms_mm_init(uint32_t ram_size)
{
    memset(cms_pt_dir, 0, sizeof cms_pt_dir);
    cms_gtlb_fast_refills = fast_refills_synced = 0;
    static int hooked;
    if (!hooked) {
        cms_hook_stats_sync(sync_refills); /* once: the unit tests start over */
        cms_hook_code_change(code_pages_reset);
        code_pages = cms_alloc_uninit(CMS_CODE_PAGES_MAX * (uint32_t)sizeof *code_pages, 64); /* cleared below */
    }
    hooked = 1;
    memset(code_pages, 0, CMS_CODE_PAGES_MAX * sizeof *code_pages);
    code_pages_used = 0;
    code_last = 0;
    frame_next = MM_GUEST_PHYS_BASE;
    frame_end = MM_RAM_BASE + ram_size;
    frame_free_list = 0;
    brk_start = brk_cur = 0;
    cms_stats.guest_pages = 0;
}

static uint32_t *pte_slot(uint32_t va, int create)
{
    uint32_t d = va >> CMS_PT_DIR_SHIFT;
    if (!cms_pt_dir[d]) {
        if (!create) return 0;
        cms_pt_dir[d] = cms_alloc(1024 * sizeof(uint32_t), PAGE);
    }
    return &cms_pt_dir[d][(va >> MM_PAGE_SHIFT) & CMS_PT_INDEX_MASK];
}

uint32_t cms_mm_pte(uint32_t va)
{
    uint32_t *p = pte_slot(va, 0);
    return p ? *p : 0;
}

/* A frame, its bytes as they were (frame_alloc zeroes them). */
static uint32_t frame_take(void)
{
    uint32_t f;
    if (frame_free_list) {
        f = frame_free_list;
        frame_free_list = *(uint32_t *)cms_hw_frame(f);
    } else if (frame_end - frame_next >= PAGE && frame_next < frame_end) {
        f = frame_next;
        frame_next += PAGE;
    } else {
        char why[120];
        cms_snprintf(why, sizeof why, "out of guest memory (%u MiB of RAM, --mem raises it)",
                     (frame_end - MM_RAM_BASE) >> 20);
        cms_guest_die(9, why);
    }
    cms_stats.guest_pages++;
    return f;
}

static uint32_t frame_alloc(void)
{
    const uint32_t f = frame_take();
    memset(cms_hw_frame(f), 0, PAGE);
    return f;
}

uint32_t cms_mm_guest_frames(void) { return (frame_end - MM_GUEST_PHYS_BASE) / PAGE; }

static void frame_free(uint32_t f)
{
    *(uint32_t *)cms_hw_frame(f) = frame_free_list;
    frame_free_list = f;
    cms_stats.guest_pages--;
}

static int readable(uint32_t pte) { return (pte & (CMS_PTE_MAPPED | CMS_PTE_BUS)) == CMS_PTE_MAPPED && (pte & CMS_PTE_PROT); }
static int writable(uint32_t pte) { return (pte & (CMS_PTE_MAPPED | CMS_PTE_BUS)) == CMS_PTE_MAPPED && (pte & CMS_PTE_W); }

int cms_mm_is_mapped(uint32_t va) { return readable(cms_mm_pte(va)); }
int cms_mm_is_writable(uint32_t va) { return writable(cms_mm_pte(va)); }

int cms_mm_range_ok(uint32_t va, uint32_t len, int write)
{
    if (len == 0) return 1;
    if (va + len - 1 < va) return 0; /* wraps around 4 GiB */
    uint32_t last = (va + len - 1) & ~PAGE_MASK;
    for (uint32_t p = va & ~PAGE_MASK;; p += PAGE) {
        uint32_t pte = cms_mm_pte(p);
        if (!(write ? writable(pte) : readable(pte))) return 0;
        if (p == last) return 1;
    }
}

int cms_mm_range_free(uint32_t va, uint32_t len)
{
    for (uint32_t i = 0; i < NPAGES(len); i++)
        if (cms_mm_pte(va + i * PAGE) & CMS_PTE_MAPPED) return 0;
    return 1;
}

uint32_t cms_mm_find_free(uint32_t len, uint32_t lo, uint32_t hi)
{
    uint32_t need = NPAGES(len), run = 0;
    uint32_t vpn = hi >> MM_PAGE_SHIFT, lo_vpn = (lo + PAGE_MASK) >> MM_PAGE_SHIFT;
    if (!need) return 0;
    while (vpn > lo_vpn) {
        uint32_t d = (vpn - 1) >> 10;
        if (!cms_pt_dir[d]) { /* a whole 4 MiB without any mapping */
            uint32_t start = d << 10;
            if (start < lo_vpn) start = lo_vpn;
            run += vpn - start;
            vpn = start;
        } else {
            if (cms_pt_dir[d][(vpn - 1) & 1023] & CMS_PTE_MAPPED) run = 0;
            else run++;
            vpn--;
        }
        if (run >= need) return (vpn + run - need) << MM_PAGE_SHIFT;
    }
    return 0;
}

static void gtlb_inv_range(uint32_t va, uint32_t npages)
{
    if (npages > GTLB_INV_ALL_PAGES) {
        cms_hw_gtlbinv_all();
        return;
    }
    for (uint32_t i = 0; i < npages; i++) cms_hw_gtlbinv(va + i * PAGE);
}

static unsigned prot_bits(unsigned prot)
{
    return (prot & CMS_PROT_READ ? CMS_PTE_R : 0) | (prot & CMS_PROT_WRITE ? CMS_PTE_W : 0) |
           (prot & CMS_PROT_EXEC ? CMS_PTE_X : 0);
}

void cms_mm_unmap(uint32_t va, uint32_t len)
{
    uint32_t n = NPAGES(len), present = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t *p = pte_slot(va + i * PAGE, 0);
        if (!p || !*p) continue;
        if (*p & (CMS_PTE_X | CMS_PTE_CODE)) cms_mm_code_changed = 1;
        if (*p & CMS_PTE_PRESENT) {
            frame_free(*p & CMS_PTE_FRAME);
            present++;
        }
        *p = 0;
    }
    if (present) gtlb_inv_range(va, n);
}

void cms_mm_map_anon(uint32_t va, uint32_t len, unsigned prot)
{
    cms_mm_unmap(va, len);
    for (uint32_t i = 0; i < NPAGES(len); i++)
        *pte_slot(va + i * PAGE, 1) = CMS_PTE_MAPPED | prot_bits(prot);
}

/* The frame of mapped guest page va, made present, for bytes [lo, hi) of it to be written by
 * the firmware or the host: a fresh one is zeroed only outside them. */
static uint32_t page_for_fill(uint32_t va, uint32_t lo, uint32_t hi)
{
    uint32_t *p = pte_slot(va, 0);
    if (!p || !(*p & CMS_PTE_MAPPED)) cms_panic("fill of unmapped guest page 0x%08x", va);
    if (!(*p & CMS_PTE_PRESENT)) {
        const uint32_t f = frame_take();
        uint8_t *b = cms_hw_frame(f);
        if (lo) memset(b, 0, lo);
        if (hi < PAGE) memset(b + hi, 0, PAGE - hi);
        *p |= f | CMS_PTE_PRESENT;
    }
    return *p & CMS_PTE_FRAME;
}

uint8_t *cms_mm_page_for_fill(uint32_t va) { return cms_hw_frame(page_for_fill(va, 0, 0)); }

int32_t cms_mm_fill_file(uint32_t va, uint32_t len, int32_t fd, uint64_t off)
{
    uint32_t done = 0;
    while (done < len) {
        const uint32_t a = va + done, lo = a & PAGE_MASK;
        uint32_t n = PAGE - lo;
        if (n > len - done) n = len - done;
        const uint32_t f = page_for_fill(a, lo, lo + n);
        const uint64_t o = off + done;
        /* the host writes the page itself (the bounce buffer and a copy cost the demo's start
         * 0.45 M cycles, and zeroing what the file then overwrote as much) */
        uint32_t args[6] = {(uint32_t)fd, f + lo, n, (uint32_t)o, (uint32_t)(o >> 32)};
        const int32_t r = cms_htif_syscall(180 /* pread64 */, args);
        if (r < 0 || (uint32_t)r < n) { /* what the file did not give is zero */
            const uint32_t got = r < 0 ? 0 : (uint32_t)r;
            memset((uint8_t *)cms_hw_frame(f) + lo + got, 0, n - got);
            return r < 0 ? r : (int32_t)(done + got);
        }
        if ((uint32_t)r > n) cms_panic("host pread64 returned %d for %u bytes", r, n);
        done += n;
    }
    return (int32_t)done;
}

/* The GTLB entry's W: a code page's entry has none, so that a guest store to it traps. */
static uint32_t gtlb_entry(uint32_t pte)
{
    return (pte & CMS_PTE_FRAME) | ((pte & (CMS_PTE_W | CMS_PTE_CODE)) == CMS_PTE_W ? 2u : 0u) | 1u;
}

int cms_mm_fault(uint32_t va, int write)
{
    uint32_t *p = pte_slot(va, 0);
    uint32_t pte = p ? *p : 0;
    if ((pte & CMS_PTE_BUS) && (write ? (pte & CMS_PTE_W) : (pte & CMS_PTE_PROT))) return CMS_MM_FAULT_BUS;
    if (!(write ? writable(pte) : readable(pte))) return CMS_MM_FAULT_SEGV;
    if (!(pte & CMS_PTE_PRESENT)) { /* demand-zero: anonymous memory, brk, stack */
        pte |= frame_alloc() | CMS_PTE_PRESENT;
        *p = pte;
    }
    cms_hw_gtlbw(va & ~PAGE_MASK, gtlb_entry(pte));
    cms_stats.gtlb_refills++;
    if (cms_log_on(MORPH_LOG_CMS)) /* the C path's refills; cms/start.S's fast path is not logged */
        cms_log_event("GTLB refill 0x%08x for a %s (eip 0x%08x%s)", va, write ? "store" : "load",
                      cms_cur_cpu ? cms_cur_cpu->eip : 0, cms_cur_cpu ? "" : ": the loader");
    return write && (pte & CMS_PTE_CODE) ? CMS_MM_FAULT_CODE : CMS_MM_FAULT_OK;
}

/* ---- Code pages ---- */

static struct code_page *code_page(uint32_t vpn, int create)
{
    for (uint32_t i = (vpn * 0x9e3779b1u) >> 16;; i++) {
        struct code_page *c = &code_pages[i & (CMS_CODE_PAGES_MAX - 1)];
        if (c->vpn1 == vpn + 1) return c;
        if (c->vpn1 == 0) {
            if (!create || code_pages_used >= CMS_CODE_PAGES_MAX / 4 * 3) return 0; /* full: see code_written */
            code_pages_used++;
            c->vpn1 = vpn + 1;
            return c;
        }
    }
}

static int code_page_empty(const struct code_page *c)
{
    uint32_t any = 0;
    for (unsigned i = 0; i < CODE_WORDS; i++) any |= c->bits[i];
    return !any;
}

void cms_mm_code_mark(uint32_t va, uint32_t len)
{
    if (!len) return;
    uint32_t first = va >> CMS_CODE_CHUNK_SHIFT, last = (va + len - 1) >> CMS_CODE_CHUNK_SHIFT;
    struct code_page *c = code_last;
    if (first == last && c && c->vpn1 == (va >> MM_PAGE_SHIFT) + 1) { /* the usual case */
        uint32_t i = first & (CMS_CODE_CHUNKS - 1);
        if (c->bits[i >> 5] >> (i & 31) & 1) return;
    }
    for (uint32_t k = va >> CMS_CODE_CHUNK_SHIFT;; k++) {
        uint32_t vpn = k >> (MM_PAGE_SHIFT - CMS_CODE_CHUNK_SHIFT), i = k & (CMS_CODE_CHUNKS - 1);
        if (!c || c->vpn1 != vpn + 1) c = code_page(vpn, 1);
        if (!c) { /* the table is full: the whole page counts as code, without chunks */
            uint32_t *p = pte_slot(vpn << MM_PAGE_SHIFT, 0);
            if (p && (*p & CMS_PTE_MAPPED) && !(*p & CMS_PTE_CODE)) {
                *p |= CMS_PTE_CODE;
                if (*p & CMS_PTE_W) cms_hw_gtlbinv(vpn << MM_PAGE_SHIFT);
                code_overflow = 1;
                cms_stats.smc_code_pages++;
            }
            if (k == last) break;
            continue;
        }
        uint32_t bit = 1u << (i & 31);
        if (!(c->bits[i >> 5] & bit)) {
            if (code_page_empty(c)) { /* a code page from now on: stores to it must trap */
                uint32_t *p = pte_slot(vpn << MM_PAGE_SHIFT, 0);
                if (p && (*p & CMS_PTE_MAPPED)) {
                    *p |= CMS_PTE_CODE;
                    if (*p & CMS_PTE_W) cms_hw_gtlbinv(vpn << MM_PAGE_SHIFT); /* may hold W */
                }
                cms_stats.smc_code_pages++;
            }
            c->bits[i >> 5] |= bit;
        }
        if (k == last) break;
    }
    code_last = c;
}

int cms_mm_is_code(uint32_t va)
{
    const struct code_page *c = code_page(va >> MM_PAGE_SHIFT, 0);
    uint32_t i = (va >> CMS_CODE_CHUNK_SHIFT) & (CMS_CODE_CHUNKS - 1);
    return c && (c->bits[i >> 5] >> (i & 31) & 1);
}

/* Every decoded instruction and translation went with a code change: no page holds code. */
static void code_pages_reset(void)
{
    if (code_overflow) { /* pages marked beyond the table: every entry of the page map */
        for (uint32_t d = 0; d < 1024; d++)
            if (cms_pt_dir[d])
                for (uint32_t i = 0; i < 1024; i++) cms_pt_dir[d][i] &= ~(uint32_t)CMS_PTE_CODE;
        code_overflow = 0;
    }
    for (uint32_t i = 0; i < CMS_CODE_PAGES_MAX; i++) {
        if (!code_pages[i].vpn1) continue;
        uint32_t *p = pte_slot((code_pages[i].vpn1 - 1) << MM_PAGE_SHIFT, 0);
        if (p) *p &= ~(uint32_t)CMS_PTE_CODE;
    }
    memset(code_pages, 0, CMS_CODE_PAGES_MAX * sizeof *code_pages);
    code_pages_used = 0;
    code_last = 0;
    cms_hw_gtlbinv_all(); /* entries without W for pages that are plain data again */
}

/* The store wrote [lo, hi) of code page vpn: the chunks it touched that hold code lose what was
 * derived from them; a chunk nothing derived from any more stops being code, and a page without
 * code chunks becomes writable again (its GTLB entry refills with W). */
static void code_written(uint32_t vpn, uint32_t lo, uint32_t hi)
{
    struct code_page *c = code_page(vpn, 0);
    if (!c) {
        /* a code page the full table has no chunks for: everything decoded and translated
         * goes, as for munmap of code, and the table starts over */
        if (code_overflow) cms_notify_code_change();
        return;
    }
    uint32_t base = vpn << MM_PAGE_SHIFT;
    if (lo < base) lo = base;
    if (hi - base > MM_PAGE_SIZE) hi = base + MM_PAGE_SIZE;
    int hit = 0;
    for (uint32_t k = lo >> CMS_CODE_CHUNK_SHIFT; k <= (hi - 1) >> CMS_CODE_CHUNK_SHIFT; k++) {
        uint32_t i = k & (CMS_CODE_CHUNKS - 1), bit = 1u << (i & 31);
        if (!(c->bits[i >> 5] & bit)) continue;
        hit = 1;
        uint32_t clo = k << CMS_CODE_CHUNK_SHIFT;
        if (!cms_notify_code_written(lo, hi, clo, clo + CMS_CODE_CHUNK)) c->bits[i >> 5] &= ~bit;
    }
    if (hit) cms_stats.smc_code_stores++;
    if (code_page_empty(c)) {
        uint32_t *p = pte_slot(base, 0);
        if (p) *p &= ~(uint32_t)CMS_PTE_CODE;
        cms_hw_gtlbinv(base);
        cms_stats.smc_pages_freed++;
    }
}

/* A store of size bytes of val at va through the frames, then the code-written hooks for a code
 * page: allowed where the guest may write, or (debugger) where it may read. */
static uint32_t store_frames(uint32_t va, uint32_t size, uint32_t val, int debugger)
{
    /* the one or two pages, checked whole before anything is written (as the GTLB does) */
    const uint32_t last = va + size - 1;
    const uint32_t page[2] = {va & ~PAGE_MASK, last & ~PAGE_MASK};
    const unsigned npages = page[0] == page[1] ? 1 : 2;
    uint32_t *pte[2];
    for (unsigned k = 0; k < npages; k++) {
        pte[k] = pte_slot(page[k], 0);
        if (!pte[k] || !(debugger ? readable(*pte[k]) : writable(*pte[k]))) return k ? page[1] : va;
    }
    for (unsigned k = 0; k < npages; k++)
        if (!(*pte[k] & CMS_PTE_PRESENT)) {
            *pte[k] |= frame_alloc() | CMS_PTE_PRESENT;
            cms_hw_gtlbinv(page[k]);
        }
    for (uint32_t i = 0; i < size; i++) {
        const uint32_t a = va + i, p = *pte[(a & ~PAGE_MASK) != page[0]];
        *((uint8_t *)cms_hw_frame(p & CMS_PTE_FRAME) + (a & PAGE_MASK)) = (uint8_t)(val >> (8 * i));
    }
    for (unsigned k = 0; k < npages; k++)
        if (*pte[k] & CMS_PTE_CODE) code_written(page[k] >> MM_PAGE_SHIFT, va, va + size);
    return 0;
}

uint32_t cms_mm_code_store(uint32_t va, uint32_t size, uint32_t val)
{
    uint64_t t0 = cms_hw_cycles();
    uint32_t bad = store_frames(va, size, val, 0);
    if (bad) return bad;
    cms_stats.smc_stores++;
    cms_stats.smc_cycles += cms_hw_cycles() - t0;
    return 0;
}

uint32_t cms_mm_debug_store(uint32_t va, uint32_t size, uint32_t val) { return store_frames(va, size, val, 1); }

void cms_mm_brk_init(uint32_t start)
{
    brk_start = brk_cur = (start + PAGE_MASK) & ~PAGE_MASK;
}

uint32_t cms_mm_brk(uint32_t want)
{
    if (want < brk_start) return brk_cur;
    uint32_t old_end = (brk_cur + PAGE_MASK) & ~PAGE_MASK;
    uint32_t new_end = (want + PAGE_MASK) & ~PAGE_MASK;
    if (new_end < want || new_end > CMS_MM_MMAP_TOP) return brk_cur;
    if (new_end > old_end) {
        if (!cms_mm_range_free(old_end, new_end - old_end)) return brk_cur;
        cms_mm_map_anon(old_end, new_end - old_end, CMS_PROT_READ | CMS_PROT_WRITE);
    } else if (new_end < old_end) {
        cms_mm_unmap(new_end, old_end - new_end);
    }
    brk_cur = want;
    return brk_cur;
}

int32_t cms_file_pread(int32_t fd, void *dst, uint32_t len, uint64_t off)
{
    uint8_t *bounce = cms_hw_bounce();
    uint32_t done = 0;
    while (done < len) {
        uint32_t n = len - done;
        if (n > CMS_BOUNCE_SIZE) n = CMS_BOUNCE_SIZE;
        uint64_t o = off + done;
        uint32_t args[6] = {(uint32_t)fd, cms_hw_phys(bounce), n, (uint32_t)o, (uint32_t)(o >> 32)};
        int32_t r = cms_htif_syscall(180 /* pread64 */, args);
        if (r < 0) return done ? (int32_t)done : r;
        if ((uint32_t)r > n) cms_panic("host pread64 returned %d for %u bytes", r, n);
        memcpy((uint8_t *)dst + done, bounce, (uint32_t)r);
        done += (uint32_t)r;
        if ((uint32_t)r < n) break; /* end of file */
    }
    return (int32_t)done;
}

/* Fill [va, va+len) (freshly reserved) from file fd at byte offset off; zero past EOF. */
static int32_t map_file(uint32_t va, uint32_t len, int32_t fd, uint64_t off)
{
    const int32_t r = cms_mm_fill_file(va, len, fd, off);
    if (r < 0) return r == -CMS_EISDIR ? -CMS_ENODEV : r;
    if ((uint32_t)r < len) { /* the end of the file: the rest of its page stays zero, the pages
                                after it are SIGBUS, as Linux's */
        for (uint32_t p = (va + (uint32_t)r + PAGE_MASK) & ~PAGE_MASK; p - va < len; p += PAGE) {
            uint32_t *e = pte_slot(p, 0);
            if (e) *e |= CMS_PTE_BUS;
        }
    }
    return 0;
}

int32_t cms_mm_mmap(uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags, int32_t fd,
                    uint32_t pgoff)
{
    uint32_t type = flags & CMS_MAP_TYPE;
    if (type != CMS_MAP_SHARED && type != CMS_MAP_PRIVATE && type != CMS_MAP_SHARED_VALIDATE)
        return -CMS_EINVAL;
    if (len == 0) return -CMS_EINVAL;
    uint32_t size = (len + PAGE_MASK) & ~PAGE_MASK;
    if (size < len || size > CMS_MM_TASK_TOP) return -CMS_ENOMEM;
    int anon = (flags & CMS_MAP_ANONYMOUS) != 0;
    if (!anon && type != CMS_MAP_PRIVATE && (prot & CMS_PROT_WRITE)) {
        /* One process and a snapshot copy cannot honour writes that others must see. */
        cms_printf("morph: writable MAP_SHARED file mappings are not supported yet\n");
        return -CMS_ENODEV;
    }
    int fixed = (flags & (CMS_MAP_FIXED | CMS_MAP_FIXED_NOREPLACE)) != 0;
    uint32_t va;
    if (fixed) {
        if (addr & PAGE_MASK) return -CMS_EINVAL;
        if (addr > CMS_MM_TASK_TOP - size) return -CMS_ENOMEM;
        if ((flags & CMS_MAP_FIXED_NOREPLACE) && !(flags & CMS_MAP_FIXED) &&
            !cms_mm_range_free(addr, size))
            return -CMS_EEXIST;
        va = addr;
    } else {
        va = 0;
        uint32_t hint = addr & ~PAGE_MASK;
        if (hint >= CMS_MM_MMAP_MIN && hint <= CMS_MM_TASK_TOP - size &&
            cms_mm_range_free(hint, size))
            va = hint;
        if (!va) va = cms_mm_find_free(size, CMS_MM_MMAP_MIN, CMS_MM_MMAP_TOP);
        if (!va) return -CMS_ENOMEM;
    }
    /* File contents go straight into fresh frames, so the final protection applies at once. */
    cms_mm_map_anon(va, size, prot);
    if (!anon) {
        int32_t r = map_file(va, size, fd, (uint64_t)pgoff << MM_PAGE_SHIFT);
        if (r < 0) {
            cms_mm_unmap(va, size);
            return r;
        }
    }
    cms_mm_mark(va, size, (anon ? 0 : CMS_PTE_FILE) | (type == CMS_MAP_PRIVATE ? 0 : CMS_PTE_SHARED));
    return (int32_t)va;
}

int32_t cms_mm_munmap(uint32_t addr, uint32_t len)
{
    if ((addr & PAGE_MASK) || len == 0) return -CMS_EINVAL;
    uint32_t size = (len + PAGE_MASK) & ~PAGE_MASK;
    if (size < len || addr > CMS_MM_TASK_TOP || size > CMS_MM_TASK_TOP - addr)
        return -CMS_EINVAL;
    cms_mm_unmap(addr, size);
    return 0;
}

int32_t cms_mm_mprotect(uint32_t addr, uint32_t len, uint32_t prot)
{
    if (addr & PAGE_MASK) return -CMS_EINVAL;
    uint32_t size = (len + PAGE_MASK) & ~PAGE_MASK;
    if (size < len || addr + size < addr) return -CMS_ENOMEM;
    for (uint32_t i = 0; i < NPAGES(size); i++)
        if (!(cms_mm_pte(addr + i * PAGE) & CMS_PTE_MAPPED)) return -CMS_ENOMEM;
    uint32_t present = 0;
    for (uint32_t i = 0; i < NPAGES(size); i++) {
        uint32_t *p = pte_slot(addr + i * PAGE, 0);
        present += (*p & CMS_PTE_PRESENT) != 0;
        if (*p & (CMS_PTE_X | CMS_PTE_CODE)) cms_mm_code_changed = 1;
        *p = (*p & ~CMS_PTE_PROT) | prot_bits(prot);
    }
    if (present) gtlb_inv_range(addr, NPAGES(size));
    return 0;
}

void cms_mm_mark(uint32_t va, uint32_t len, uint32_t bits)
{
    for (uint32_t i = 0; bits && i < NPAGES(len); i++) {
        uint32_t *p = pte_slot(va + i * PAGE, 0);
        if (p && (*p & CMS_PTE_MAPPED)) *p |= bits;
    }
}

/* madvise (Linux's mm/madvise.c): the hints change nothing here and succeed; MADV_DONTNEED
 * drops the frames of private anonymous pages, which read as zeros afterwards (demand-zero
 * again), and leaves shared pages as they are (their contents live on, as Linux's page cache
 * or shmem keeps them). A private file page would have to go back to the file's bytes, which
 * the page map does not record: refused with a message, nothing changed. Unmapped pages in the
 * range: -ENOMEM after the rest is done, as Linux. */
int32_t cms_mm_madvise(uint32_t addr, uint32_t len, uint32_t advice)
{
    enum { NORMAL = 0, RANDOM = 1, SEQUENTIAL = 2, WILLNEED = 3, DONTNEED = 4, FREE = 8, REMOVE = 9,
           DONTFORK = 10, DOFORK = 11, MERGEABLE = 12, UNMERGEABLE = 13, HUGEPAGE = 14, NOHUGEPAGE = 15,
           DONTDUMP = 16, DODUMP = 17, COLD = 20, PAGEOUT = 21, POPULATE_READ = 22, POPULATE_WRITE = 23 };
    if (addr & PAGE_MASK) return -CMS_EINVAL;
    uint32_t size = (len + PAGE_MASK) & ~PAGE_MASK;
    if (size < len) return -CMS_EINVAL;
    switch (advice) {
    case NORMAL: case RANDOM: case SEQUENTIAL: case WILLNEED: case DONTNEED: case DONTFORK: case DOFORK:
    case MERGEABLE: case UNMERGEABLE: case HUGEPAGE: case NOHUGEPAGE: case DONTDUMP: case DODUMP:
    case COLD: case PAGEOUT: case POPULATE_READ: case POPULATE_WRITE:
    case FREE: /* the kernel may keep the contents until it needs the memory: it never does here */
        break;
    case REMOVE: /* shmem and hugetlbfs only; anything else gets -EINVAL from Linux too */
    default: return -CMS_EINVAL;
    }
    if (!size) return 0;
    if (addr + size < addr || addr + size > CMS_MM_TASK_TOP) return -CMS_ENOMEM;
    int32_t r = 0;
    for (uint32_t i = 0; i < NPAGES(size); i++) {
        uint32_t e = cms_mm_pte(addr + i * PAGE);
        if (!(e & CMS_PTE_MAPPED)) r = -CMS_ENOMEM;
        else if (advice == DONTNEED && (e & (CMS_PTE_FILE | CMS_PTE_SHARED)) == CMS_PTE_FILE) {
            cms_printf("morph: madvise(MADV_DONTNEED) of a private file mapping (page 0x%08x) is not "
                       "supported: its pages would go back to the file's bytes\n", addr + i * PAGE);
            return -CMS_EINVAL;
        }
    }
    if (advice != DONTNEED) return r;
    uint32_t present = 0;
    for (uint32_t i = 0; i < NPAGES(size); i++) {
        uint32_t *p = pte_slot(addr + i * PAGE, 0);
        if (!p || (*p & (CMS_PTE_MAPPED | CMS_PTE_PRESENT | CMS_PTE_SHARED)) != (CMS_PTE_MAPPED | CMS_PTE_PRESENT))
            continue;
        if (*p & CMS_PTE_CODE) cms_mm_code_changed = 1; /* its decoded instructions are zeros now */
        frame_free(*p & CMS_PTE_FRAME);
        *p &= ~(CMS_PTE_FRAME | CMS_PTE_PRESENT | CMS_PTE_CODE);
        present++;
    }
    if (present) gtlb_inv_range(addr, NPAGES(size));
    return r;
}

/* Move the page entries of [from, from+len) to [to, ...): frames move, contents are not copied. */
static void move_pages(uint32_t from, uint32_t to, uint32_t len)
{
    for (uint32_t i = 0; i < NPAGES(len); i++) {
        uint32_t *src = pte_slot(from + i * PAGE, 0);
        if (*src & (CMS_PTE_X | CMS_PTE_CODE)) cms_mm_code_changed = 1;
        *pte_slot(to + i * PAGE, 1) = *src;
        *src = 0;
    }
    gtlb_inv_range(from, NPAGES(len));
    gtlb_inv_range(to, NPAGES(len));
}

int32_t cms_mm_mremap(uint32_t old, uint32_t old_len, uint32_t new_len, uint32_t flags,
                      uint32_t new_addr)
{
    if (old & PAGE_MASK) return -CMS_EINVAL;
    if (flags & ~(CMS_MREMAP_MAYMOVE | CMS_MREMAP_FIXED)) return -CMS_EINVAL;
    if ((flags & CMS_MREMAP_FIXED) && !(flags & CMS_MREMAP_MAYMOVE)) return -CMS_EINVAL;
    uint32_t osize = (old_len + PAGE_MASK) & ~PAGE_MASK;
    uint32_t nsize = (new_len + PAGE_MASK) & ~PAGE_MASK;
    if (nsize == 0 || nsize < new_len || osize < old_len) return -CMS_EINVAL;
    if (osize == 0) return -CMS_EINVAL; /* duplicating shared mappings: not supported */
    if (old > CMS_MM_TASK_TOP || osize > CMS_MM_TASK_TOP - old) return -CMS_EFAULT;
    for (uint32_t i = 0; i < NPAGES(osize); i++)
        if (!(cms_mm_pte(old + i * PAGE) & CMS_PTE_MAPPED)) return -CMS_EFAULT;
    unsigned prot_last = cms_mm_pte(old + osize - PAGE) & CMS_PTE_PROT;
    unsigned lprot = (prot_last & CMS_PTE_R ? CMS_PROT_READ : 0) |
                     (prot_last & CMS_PTE_W ? CMS_PROT_WRITE : 0) |
                     (prot_last & CMS_PTE_X ? CMS_PROT_EXEC : 0);

    if (flags & CMS_MREMAP_FIXED) {
        if ((new_addr & PAGE_MASK) || new_addr > CMS_MM_TASK_TOP - nsize) return -CMS_EINVAL;
        if (new_addr < old + osize && old < new_addr + nsize) return -CMS_EINVAL; /* overlap */
        cms_mm_unmap(new_addr, nsize);
        uint32_t keep = osize < nsize ? osize : nsize;
        move_pages(old, new_addr, keep);
        if (nsize > keep) cms_mm_map_anon(new_addr + keep, nsize - keep, lprot);
        cms_mm_unmap(old + keep, osize - keep);
        return (int32_t)new_addr;
    }
    if (nsize <= osize) {
        cms_mm_unmap(old + nsize, osize - nsize);
        return (int32_t)old;
    }
    uint32_t grow = nsize - osize;
    if (old + nsize > old && old + nsize <= CMS_MM_TASK_TOP &&
        cms_mm_range_free(old + osize, grow)) {
        cms_mm_map_anon(old + osize, grow, lprot);
        return (int32_t)old;
    }
    if (!(flags & CMS_MREMAP_MAYMOVE)) return -CMS_ENOMEM;
    uint32_t to = cms_mm_find_free(nsize, CMS_MM_MMAP_MIN, CMS_MM_MMAP_TOP);
    if (!to) return -CMS_ENOMEM;
    move_pages(old, to, osize);
    cms_mm_map_anon(to + osize, grow, lprot);
    return (int32_t)to;
}
