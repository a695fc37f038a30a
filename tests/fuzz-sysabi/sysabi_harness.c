/* Fuzz harness of the forwarded system calls' marshalling, cms_sysabi_forward (cms/cms_sysabi.c,
 * the table of include/morph/sysabi.h, cms/cms_uaccess.c and the page map of cms/cms_mm.c, built
 * with -DCMS_HOST; docs/testing.md "Fuzzing the input parsers").
 *
 * Input: a 36-byte header, then the guest memory's contents:
 *   u32 sel      which forwarded call (the sel % n-th row of the table; cms_sysabi_find(sel &
 *                0xffff) must give NULL or that number's row)
 *   u32 arg[6]   the guest's arguments
 *   i32 ret      what the host answers (a result > 0 is clamped to the output space given)
 * Guest memory is fixed: 8 read-write pages at 0x10000000, a read-only page after them, a hole,
 * one read-write page at 0x1000a000 and the last user page 0xbffff000; the rest of the input
 * fills them in that order. The final host call (cms_htif_syscall) is a stub: nothing reaches
 * the host. Checks (a violation is abort()):
 *   - the firmware reads guest memory only in readable pages, and writes it only after the host
 *     call, only into the output buffers the call was given (writable pages), only what the host
 *     put there and no more than the result says;
 *   - the host sees the call's own number; every pointer it gets lies in the bounce area with
 *     the length it is told, buffers do not overlap, strings end inside it and equal the guest's,
 *     input buffers and iovecs carry the guest's bytes, lengths never grow; plain values pass
 *     unchanged, NULL stays 0;
 *   - when the host is not called the result is -EFAULT, -EINVAL or -ENAMETOOLONG. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cms.h"
#include "cms_errno.h"
#include "cms_guest.h"
#include "cms_htif.h"
#include "cms_hw.h"
#include "cms_mm.h"
#include "cms_pte.h"
#include "cms_sysabi.h"
#include "morph/memmap.h"
#include "morph/sysabi.h"

#define FUZZ_NAME "sysabi"
#include "../lib/fuzz_main.h"

#define HDR 36
#define NFRAMES 64

/* ---- the firmware around the code under test ---- */
struct morph_config cms_config;
struct cms_stats cms_stats;
struct cms_cpu *cms_cur_cpu;
void *cms_alloc(uint32_t size, uint32_t align)
{
    void *p = aligned_alloc(align < 16 ? 16 : align, (size + align - 1) / align * align);
    FUZZ_CHECK(p);
    memset(p, 0, size);
    return p;
}
void *cms_alloc_uninit(uint32_t size, uint32_t align) { return cms_alloc(size, align); }
_Noreturn void cms_guest_die(int sig, const char *why)
{
    fprintf(stderr, "guest killed by %d: %s\n", sig, why);
    fuzz_fail("cms_guest_die", __FILE__, __LINE__);
}
_Noreturn void cms_panic(const char *fmt, ...)
{
    fprintf(stderr, "cms_panic: %s\n", fmt);
    fuzz_fail("cms_panic", __FILE__, __LINE__);
}
void cms_log_event(const char *fmt, ...) { (void)fmt; }
void cms_hook_code_change(void (*fn)(void)) { (void)fn; }
void cms_hook_stats_sync(void (*fn)(void)) { (void)fn; }
void cms_notify_code_change(void) {}
int cms_notify_code_written(uint32_t lo, uint32_t hi, uint32_t clo, uint32_t chi)
{
    (void)lo, (void)hi, (void)clo, (void)chi;
    return 0;
}
void cms_htif_console(const char *buf, uint32_t len) { (void)buf, (void)len; }
void cms_hw_gtlbw(uint32_t va, uint32_t pte) { (void)va, (void)pte; }
void cms_hw_gtlbinv(uint32_t va) { (void)va; }
void cms_hw_gtlbinv_all(void) {}
uint64_t cms_hw_cycles(void) { return 0; }

static uint8_t *frames; /* NFRAMES guest page frames from MM_GUEST_PHYS_BASE */
static uint8_t *bounce;
void *cms_hw_frame(uint32_t paddr)
{
    FUZZ_CHECK(paddr >= MM_GUEST_PHYS_BASE && paddr - MM_GUEST_PHYS_BASE < NFRAMES * MM_PAGE_SIZE);
    return frames + (paddr - MM_GUEST_PHYS_BASE);
}
uint8_t *cms_hw_bounce(void) { return bounce; }
uint32_t cms_hw_phys(const void *p)
{
    const uint8_t *b = p;
    FUZZ_CHECK(b >= bounce && b <= bounce + CMS_BOUNCE_SIZE);
    return CMS_BOUNCE_BASE + (uint32_t)(b - bounce);
}

/* ---- guest memory: the layout, a shadow copy of what the guest holds ---- */
#define G 0x10000000u /* the first page of the fake guest's layout (a user address, not the HTIF's) */
static const struct { uint32_t va, pages; unsigned prot; } layout[] = {
    {G, 8, CMS_PROT_READ | CMS_PROT_WRITE},
    {(G + 0x8000), 1, CMS_PROT_READ},
    {(G + 0xa000), 1, CMS_PROT_READ | CMS_PROT_WRITE},
    {0xbffff000u, 1, CMS_PROT_READ | CMS_PROT_WRITE},
};
#define NLAYOUT (sizeof layout / sizeof layout[0])

/* layout protection of va's page: 0 (not guest memory), else CMS_PROT_* */
static unsigned prot_of(uint32_t va)
{
    for (unsigned i = 0; i < NLAYOUT; i++)
        if (va - layout[i].va < layout[i].pages * MM_PAGE_SIZE) return layout[i].prot;
    return 0;
}
static int range_in(uint32_t va, uint32_t len, unsigned need)
{
    if (!len) return 1;
    if (va + len - 1 < va) return 0;
    for (uint64_t a = va & ~(MM_PAGE_SIZE - 1u); a <= va + len - 1; a += MM_PAGE_SIZE)
        if ((prot_of((uint32_t)a) & need) != need) return 0;
    return 1;
}
static uint8_t *guest_ptr(uint32_t va)
{
    uint32_t pte = cms_mm_pte(va);
    FUZZ_CHECK(pte & CMS_PTE_PRESENT);
    return (uint8_t *)cms_hw_frame(pte & CMS_PTE_FRAME) + (va & (MM_PAGE_SIZE - 1));
}
static uint8_t shadow_byte(uint32_t va) { return *guest_ptr(va); }

/* writes allowed after the host call: the output buffers, with what the host put there */
struct allowed { uint32_t va, len; const uint8_t *src; uint32_t kind, written; };
static struct allowed allowed[6 + 1024];
static unsigned nallowed;
static int host_called;
static uint32_t writes; /* bytes the firmware wrote into guest memory */
static uint32_t iov_writes; /* of them, into readv's buffers (each byte counted once) */
static uint32_t wva[1 << 17]; /* the bytes written (checked after the call) */

uint8_t *cms_host_guest_byte(uint32_t va, int write)
{
    FUZZ_CHECK(prot_of(va) & (write ? CMS_PROT_WRITE : CMS_PROT_READ));
    if (write) {
        FUZZ_CHECK(host_called);
        int ok = 0, in_iov = 0;
        for (unsigned i = 0; i < nallowed; i++)
            if (va - allowed[i].va < allowed[i].len) { /* every region holding it (they may overlap) */
                allowed[i].written++;
                in_iov |= allowed[i].kind == MORPH_SA_IOVO(0) >> 16;
                ok = 1;
            }
        iov_writes += (uint32_t)in_iov;
        if (writes < sizeof wva / sizeof wva[0]) wva[writes] = va;
        FUZZ_CHECK(ok);
        writes++;
    }
    return guest_ptr(va);
}

/* ---- the host end (a stub) ---- */
static const struct cms_sysabi_desc *cur;
static uint32_t cur_in[6], cur_kind[6];
static int32_t host_ret;
static uint8_t pattern;

struct brange { uint32_t pa, len; };
static struct brange branges[6 + 1024 + 6];
static unsigned nbr;

static uint8_t *bounce_range(uint32_t pa, uint32_t len)
{
    FUZZ_CHECK(pa >= CMS_BOUNCE_BASE && len <= CMS_BOUNCE_SIZE && pa - CMS_BOUNCE_BASE <= CMS_BOUNCE_SIZE - len);
    if (len) {
        for (unsigned i = 0; i < nbr; i++) /* no two buffers overlap */
            FUZZ_CHECK(pa + len <= branges[i].pa || branges[i].pa + branges[i].len <= pa);
        FUZZ_CHECK(nbr < sizeof branges / sizeof branges[0]);
        branges[nbr++] = (struct brange){pa, len};
    }
    return bounce + (pa - CMS_BOUNCE_BASE);
}

static void allow(uint32_t va, uint32_t len, const uint8_t *src, uint32_t kind)
{
    FUZZ_CHECK(range_in(va, len, CMS_PROT_WRITE));
    allowed[nallowed++] = (struct allowed){va, len, src, kind >> 16, 0};
}

int32_t cms_htif_syscall(uint32_t nr, const uint32_t a[6])
{
    FUZZ_CHECK(!host_called && cur && nr == cur->nr);
    host_called = 1;
    nbr = 0;
    uint64_t space = 0; /* output bytes the host was given */
    int lenarg[6] = {0};
    for (int i = 0; i < 6; i++) {
        uint32_t k = cur_kind[i], prm = MORPH_SA_PARAM(k);
        if ((k >> 16 == MORPH_SA_IN(0) >> 16 || k >> 16 == MORPH_SA_OUT(0) >> 16) && cur_in[i]) lenarg[prm - 1] = 1;
    }
    for (int i = 0; i < 6; i++) {
        uint32_t k = cur_kind[i], prm = MORPH_SA_PARAM(k), g = cur_in[i];
        switch (k >> 16) {
        case MORPH_SA_V >> 16:
            if (lenarg[i]) FUZZ_CHECK(a[i] <= g);
            else FUZZ_CHECK(a[i] == g);
            break;
        case MORPH_SA_S >> 16: {
            if (!g) {
                FUZZ_CHECK(a[i] == 0);
                break;
            }
            FUZZ_CHECK(a[i] >= CMS_BOUNCE_BASE && a[i] - CMS_BOUNCE_BASE < CMS_BOUNCE_SIZE);
            const char *s = (const char *)bounce + (a[i] - CMS_BOUNCE_BASE);
            size_t n = strnlen(s, CMS_BOUNCE_SIZE - (a[i] - CMS_BOUNCE_BASE));
            FUZZ_CHECK(n < CMS_SYSABI_STR_MAX);
            bounce_range(a[i], (uint32_t)n + 1);
            FUZZ_CHECK(range_in(g, (uint32_t)n + 1, CMS_PROT_READ));
            for (uint32_t j = 0; j <= n; j++) FUZZ_CHECK((uint8_t)s[j] == shadow_byte(g + j));
            break;
        }
        case MORPH_SA_IN(0) >> 16:
        case MORPH_SA_OUT(0) >> 16:
        case MORPH_SA_INF(0) >> 16:
        case MORPH_SA_OUTF(0) >> 16: {
            int fixed = k >> 16 == MORPH_SA_INF(0) >> 16 || k >> 16 == MORPH_SA_OUTF(0) >> 16;
            int out = k >> 16 == MORPH_SA_OUT(0) >> 16 || k >> 16 == MORPH_SA_OUTF(0) >> 16;
            if (!g) {
                FUZZ_CHECK(a[i] == 0);
                break;
            }
            uint32_t len = fixed ? prm : a[prm - 1];
            if (!fixed) FUZZ_CHECK(len <= cur_in[prm - 1]);
            uint8_t *p = bounce_range(a[i], len);
            FUZZ_CHECK(range_in(g, len, out ? CMS_PROT_WRITE : CMS_PROT_READ));
            if (!out) {
                for (uint32_t j = 0; j < len; j++) FUZZ_CHECK(p[j] == shadow_byte(g + j));
            } else {
                memset(p, pattern, len);
                allow(g, len, p, k);
                space += len;
            }
            break;
        }
        case MORPH_SA_IOVI(0) >> 16:
        case MORPH_SA_IOVO(0) >> 16: {
            int out = k >> 16 == MORPH_SA_IOVO(0) >> 16;
            uint32_t cnt = cur_in[prm - 1];
            FUZZ_CHECK(a[prm - 1] == cnt && cnt <= 1024);
            if (!cnt) {
                FUZZ_CHECK(a[i] == g);
                break;
            }
            FUZZ_CHECK(range_in(g, cnt * 8, CMS_PROT_READ));
            const uint8_t *hp = bounce_range(a[i], cnt * 8);
            for (uint32_t j = 0; j < cnt; j++) {
                uint32_t hb, hl, gb = 0, gl = 0;
                memcpy(&hb, hp + 8 * j, 4), memcpy(&hl, hp + 8 * j + 4, 4);
                for (int b = 0; b < 4; b++) {
                    gb |= (uint32_t)shadow_byte(g + 8 * j + b) << (8 * b);
                    gl |= (uint32_t)shadow_byte(g + 8 * j + 4 + b) << (8 * b);
                }
                FUZZ_CHECK(hl <= gl);
                if (!hl) continue;
                uint8_t *p = bounce_range(hb, hl);
                FUZZ_CHECK(range_in(gb, hl, out ? CMS_PROT_WRITE : CMS_PROT_READ));
                if (!out) {
                    for (uint32_t b = 0; b < hl; b++) FUZZ_CHECK(p[b] == shadow_byte(gb + b));
                } else {
                    memset(p, pattern, hl);
                    allow(gb, hl, p, k);
                    space += hl;
                }
            }
            break;
        }
        default:
            FUZZ_CHECK(!"argument kind out of range");
        }
    }
    int32_t r = host_ret;
    if (r > 0 && space && (uint64_t)r > space) r = (int32_t)space; /* a host never returns more */
    return r;
}

/* ---- one input ---- */
static const struct cms_sysabi_desc *descs[1024];
static unsigned ndescs;

static void fuzz_setup(void)
{
    frames = aligned_alloc(MM_PAGE_SIZE, NFRAMES * MM_PAGE_SIZE);
    bounce = malloc(CMS_BOUNCE_SIZE);
    FUZZ_CHECK(frames && bounce);
    cms_mm_init(MM_GUEST_PHYS_BASE - MM_RAM_BASE + NFRAMES * MM_PAGE_SIZE);
    for (unsigned i = 0; i < NLAYOUT; i++) {
        cms_mm_map_anon(layout[i].va, layout[i].pages * MM_PAGE_SIZE, layout[i].prot);
        for (uint32_t p = 0; p < layout[i].pages; p++) cms_mm_page_for_fill(layout[i].va + p * MM_PAGE_SIZE);
    }
    for (uint32_t nr = 0; nr < 1024; nr++) {
        const struct cms_sysabi_desc *d = cms_sysabi_find(nr);
        if (d) {
            FUZZ_CHECK(d->nr == nr);
            descs[ndescs++] = d;
        }
    }
    FUZZ_CHECK(ndescs > 0);
}

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

static int fuzz_one(const uint8_t *data, uint32_t len)
{
    if (len < HDR) return 0;
    uint32_t sel = rd32(data);
    const struct cms_sysabi_desc *d = descs[sel % ndescs], *f = cms_sysabi_find(sel & 0xffff);
    FUZZ_CHECK(!f || f->nr == (sel & 0xffff));
    for (int i = 0; i < 6; i++) cur_in[i] = rd32(data + 4 + 4 * i);
    host_ret = (int32_t)rd32(data + 28);
    pattern = data[32] ^ 0x5a;
    /* guest memory from the rest of the input (zeros past its end) */
    uint32_t at = HDR;
    for (unsigned i = 0; i < NLAYOUT; i++)
        for (uint32_t p = 0; p < layout[i].pages; p++) {
            uint8_t *pg = guest_ptr(layout[i].va + p * MM_PAGE_SIZE);
            uint32_t n = at < len ? (len - at < MM_PAGE_SIZE ? len - at : MM_PAGE_SIZE) : 0;
            memcpy(pg, data + at, n);
            memset(pg + n, 0, MM_PAGE_SIZE - n);
            at += n;
        }
    memcpy(cur_kind, d->kind, sizeof cur_kind);
    if (d->nr == 54) /* ioctl: as cms_sysabi.c decides from the request (include/morph/sysabi.h) */
        cur_kind[2] = morph_sa_ioctl_kind(cur_in[1]);
    cur = d;
    host_called = 0;
    nallowed = 0;
    writes = iov_writes = 0;
    int32_t r = cms_sysabi_forward(d, cur_in);
    if (!host_called) {
        FUZZ_CHECK(r == -CMS_EFAULT || r == -CMS_EINVAL || r == -CMS_ENAMETOOLONG);
        FUZZ_CHECK(writes == 0);
    } else {
        /* what reached the guest: OUT buffers at most r bytes (when r > 0), OUTF buffers whole
         * when r >= 0 (or -EINTR from a sleep), IOVO buffers r bytes in all (when r > 0), and
         * every byte written is the host's (buffers of one call never share guest bytes here
         * unless the guest made them overlap, where the later copy wins) */
        for (unsigned i = 0; i < nallowed; i++) {
            const struct allowed *w = &allowed[i];
            if (w->kind == MORPH_SA_OUT(0) >> 16) FUZZ_CHECK(r > 0 ? w->written <= (uint32_t)r : !w->written);
            if (w->kind == MORPH_SA_OUTF(0) >> 16)
                FUZZ_CHECK(r >= 0 || (r == -CMS_EINTR && cms_sysabi_sleeps(cur->nr)) ? w->written >= w->len
                                                                                     : !w->written);
        }
        FUZZ_CHECK(r > 0 ? iov_writes <= (uint32_t)r : !iov_writes);
        for (uint32_t i = 0; i < writes && i < sizeof wva / sizeof wva[0]; i++)
            FUZZ_CHECK(shadow_byte(wva[i]) == pattern);
    }
    cur = NULL;
    return host_called;
}

/* ---- seeds: every forwarded call with plausible arguments: strings, buffers and iovecs in
 * guest memory, and a few hostile ones ---- */
static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }

static int fuzz_seeds(const char *dir, int nfiles, char **files)
{
    (void)nfiles, (void)files;
    fuzz_setup();
    static uint8_t b[HDR + 2 * MM_PAGE_SIZE];
    unsigned count = 0;
    for (unsigned di = 0; di < ndescs; di++) {
        const struct cms_sysabi_desc *d = descs[di];
        for (int variant = 0; variant < 3; variant++) {
            memset(b, 0, sizeof b);
            put32(b, di);
            uint8_t *mem = b + HDR; /* guest 0x10000000.. */
            strcpy((char *)mem, "/tmp/morph-fuzz/file.txt");
            strcpy((char *)mem + 0x100, "second path");
            put32(mem + 0x200, (G + 0x400)), put32(mem + 0x204, 64); /* iovec[0] */
            put32(mem + 0x208, (G + 0x800)), put32(mem + 0x20c, 16); /* iovec[1] */
            memcpy(mem + 0x400, "hello, world\n", 13);
            uint32_t args[6] = {0};
            for (int i = 0; i < 6; i++) {
                uint32_t k = d->kind[i], prm = MORPH_SA_PARAM(k);
                switch (k >> 16) {
                case MORPH_SA_S >> 16: args[i] = i ? (G + 0x100) : G; break;
                case MORPH_SA_IN(0) >> 16:
                case MORPH_SA_OUT(0) >> 16:
                    args[i] = variant == 2 ? (G + 0x8ff0) : (G + 0x400);
                    args[prm - 1] = variant == 1 ? 0xffffffffu : 64;
                    break;
                case MORPH_SA_INF(0) >> 16:
                case MORPH_SA_OUTF(0) >> 16: args[i] = variant == 2 ? 0xbffffff8 : (G + 0xc00); break;
                case MORPH_SA_IOVI(0) >> 16:
                case MORPH_SA_IOVO(0) >> 16:
                    args[i] = (G + 0x200);
                    args[prm - 1] = variant == 1 ? 1025 : 2;
                    break;
                default:
                    if (!args[i]) args[i] = d->nr == 54 ? (i == 1 ? MORPH_IOCTL_TCGETS : 1) : (uint32_t)i;
                }
            }
            if (d->nr == 54) args[2] = (G + 0xc00);
            for (int i = 0; i < 6; i++) put32(b + 4 + 4 * i, args[i]);
            put32(b + 28, variant == 1 ? (uint32_t)-CMS_EINTR : 13);
            b[32] = (uint8_t)variant;
            char name[64];
            snprintf(name, sizeof name, "%s-%d", d->name, variant);
            fuzz_write_seed(dir, name, b, HDR + 0x1000);
            count++;
        }
    }
    printf("%u seeds (%u forwarded calls) in %s\n", count, ndescs, dir);
    return 0;
}
