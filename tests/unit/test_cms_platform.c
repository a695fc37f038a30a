/* Host tests of the CMS platform code, built with -DCMS_HOST. The machine is faked: guest RAM
 * is a host array, the guest TLB is a 64-entry direct-mapped table filled only through
 * cms_hw_gtlbw (so a missing invalidation shows up as stale data), and HTIF requests go to
 * fakes that record console output, the exit status and forwarded system calls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cms.h"
#include "cms_elf.h"
#include "interp/x87.h"
#include "cms_errno.h"
#include "cms_guest.h"
#include "cms_mm.h"
#include "cms_stack.h"
#include "cms_sysabi.h"
#include "cms_desc.h"
#include "cms_syscall.h"
#include "cms_uaccess.h"
#include "morph/memmap.h"

/* ---- fake machine ---------------------------------------------------------------------- */

#define GUEST_RAM (8u << 20)
static uint8_t *ram;
static uint8_t bounce[CMS_BOUNCE_SIZE];
static struct { uint32_t vpn, ppn, w, v; } gtlb[64];
static unsigned activity;
static int gtlb_writes, gtlb_invs;

void cms_hw_gtlbw(uint32_t va, uint32_t pte)
{
    uint32_t vpn = va >> 12;
    gtlb[vpn & 63].vpn = vpn;
    gtlb[vpn & 63].ppn = pte >> 12;
    gtlb[vpn & 63].w = (pte >> 1) & 1;
    gtlb[vpn & 63].v = pte & 1;
    gtlb_writes++;
}
void cms_hw_gtlbinv(uint32_t va)
{
    if (gtlb[(va >> 12) & 63].vpn == va >> 12) gtlb[(va >> 12) & 63].v = 0;
    gtlb_invs++;
}
void cms_hw_gtlbinv_all(void)
{
    memset(gtlb, 0, sizeof gtlb);
    gtlb_invs++;
}
void cms_hw_set_activity(unsigned act) { activity = act; }
unsigned cms_hw_get_activity(void) { return activity; }
uint64_t cms_hw_cycles(void) { return 0; }
uint32_t cms_hw_htif_id(void) { return MM_IMAGE_MAGIC; }
uint32_t cms_host_xflags; /* the xflags CSR (cms_xalu.h): read by cms_guest_die's register dump */
uint8_t *cms_hw_bounce(void) { return bounce; }
int cms_hw_host_event(void) { return 0; } /* no signals from outside in these tests */

void *cms_hw_frame(uint32_t paddr)
{
    assert_true(paddr >= MM_GUEST_PHYS_BASE && paddr - MM_GUEST_PHYS_BASE < GUEST_RAM);
    return ram + (paddr - MM_GUEST_PHYS_BASE);
}

/* Physical addresses: the bounce area maps to CMS_BOUNCE_BASE; any other firmware buffer gets
 * a slot in a small table (host pointers do not fit in 32 bits). */
static const void *phys_slots[16];
static unsigned phys_next;
uint32_t cms_hw_phys(const void *p)
{
    const uint8_t *b = p;
    if (b >= bounce && b < bounce + sizeof bounce) return CMS_BOUNCE_BASE + (uint32_t)(b - bounce);
    phys_slots[phys_next % 16] = p;
    return 0x80001000u + 16 * (phys_next++ % 16);
}
static void *host_ptr(uint32_t phys)
{
    if (phys >= CMS_BOUNCE_BASE && phys < CMS_BOUNCE_BASE + CMS_BOUNCE_SIZE)
        return bounce + (phys - CMS_BOUNCE_BASE);
    if (phys >= MM_GUEST_PHYS_BASE) return cms_hw_frame(phys); /* a guest page the host fills */
    assert_true(phys >= 0x80001000u && phys < 0x80001100u);
    return (void *)phys_slots[(phys - 0x80001000u) / 16];
}

/* Guest access as the core does it: GTLB lookup, refill trap, protection trap. */
static jmp_buf segv_jmp;
static int segv_armed, segv_write;
static uint32_t segv_va;
static int segv_bus; /* the fault was a SIGBUS (a file mapping past its end) */
uint8_t *cms_host_guest_byte(uint32_t va, int write)
{
    for (int tries = 0; tries < 3; tries++) {
        uint32_t vpn = va >> 12;
        if (gtlb[vpn & 63].v && gtlb[vpn & 63].vpn == vpn && (!write || gtlb[vpn & 63].w))
            return (uint8_t *)cms_hw_frame(gtlb[vpn & 63].ppn << 12) + (va & 0xfff);
        const int r = cms_mm_fault(va, write);
        if (r == CMS_MM_FAULT_SEGV || r == CMS_MM_FAULT_BUS) {
            if (!segv_armed) fail_msg("unexpected guest SIGSEGV or SIGBUS at 0x%08x", va);
            segv_bus = r == CMS_MM_FAULT_BUS;
            segv_va = va;
            segv_write = write;
            longjmp(segv_jmp, 1);
        }
    }
    fail_msg("refill did not make 0x%08x accessible", va);
    return 0;
}

/* HTIF: console capture, exit through longjmp, forwarded syscalls to a per-test handler. */
static char console[8192];
static size_t console_len;
static jmp_buf exit_jmp;
static int exit_armed, exit_status = -1, stats_sent;
static int32_t (*host_syscall)(const struct htif_req *req);
static int host_calls;

void cms_hw_htif(struct htif_req *req)
{
    switch (req->cmd) {
    case HTIF_CMD_CONSOLE:
        assert_true(console_len + req->arg[1] < sizeof console);
        memcpy(console + console_len, host_ptr(req->arg[0]), req->arg[1]);
        console_len += req->arg[1];
        console[console_len] = 0;
        req->ret = 0;
        break;
    case HTIF_CMD_STATS: stats_sent++; break;
    case HTIF_CMD_EXIT: exit_status = (int)req->arg[0]; break;
    case HTIF_CMD_SYSCALL:
        host_calls++;
        assert_non_null(host_syscall);
        req->ret = host_syscall(req);
        break;
    default: fail_msg("unexpected HTIF command %u", req->cmd);
    }
}
/* cms/interp/x87.c and cms/cms_trap.c are not linked here (cms_signal.c calls them) */
void cms_x87_save(struct cms_fpu *f, uint32_t a) { (void)f, (void)a; }
void cms_x87_restore(struct cms_fpu *f, uint32_t a) { (void)f, (void)a; }
void cms_x87_reset(struct cms_fpu *f) { (void)f; }
void cms_trap_abandon(void) {}
_Noreturn void cms_hw_halt(void)
{
    if (!exit_armed) {
        fprintf(stderr, "firmware exit %d: %s\n", exit_status, console);
        abort();
    }
    longjmp(exit_jmp, 1);
}

/* A code-change hook, as the decoded-instruction cache and the code cache register one. */
static int code_flushes;
static void count_code_flush(void) { code_flushes++; }
const char *cms_sysname(uint32_t nr) { return nr == 999 ? "test_call" : "?"; }

static int setup(void **state)
{
    (void)state;
    if (!ram) ram = malloc(GUEST_RAM);
    memset(ram, 0xa5, GUEST_RAM); /* frames must be zeroed by the allocator */
    memset(gtlb, 0, sizeof gtlb);
    cms_mm_init(MM_CONCEALED_SIZE + GUEST_RAM);
    console_len = 0;
    console[0] = 0;
    exit_status = -1;
    exit_armed = segv_armed = 0;
    host_syscall = 0;
    host_calls = 0;
    memset(&cms_stats, 0, sizeof cms_stats);
    return 0;
}

#define EXPECT_SEGV(stmt, va_expect, write_expect)                                            \
    do {                                                                                      \
        segv_armed = 1;                                                                       \
        if (!setjmp(segv_jmp)) {                                                              \
            stmt;                                                                             \
            fail_msg("expected SIGSEGV: " #stmt);                                             \
        }                                                                                     \
        segv_armed = 0;                                                                       \
        assert_int_equal(segv_va, (va_expect));                                               \
        assert_int_equal(segv_write, (write_expect));                                         \
    } while (0)

#define EXPECT_EXIT(stmt, status)                                                             \
    do {                                                                                      \
        exit_armed = 1;                                                                       \
        if (!setjmp(exit_jmp)) {                                                              \
            stmt;                                                                             \
            fail_msg("expected exit: " #stmt);                                                \
        }                                                                                     \
        exit_armed = 0;                                                                       \
        assert_int_equal(exit_status, (status));                                              \
    } while (0)

/* ---- printf ---------------------------------------------------------------------------- */

static void test_printf(void **state)
{
    (void)state;
    char b[128];
    cms_snprintf(b, sizeof b, "%08x|%x|%d|%u|%5s|%-4d|%c|%lld|%llu|%%", 0x1234u, 0xdeadbeefu, -42,
                 4000000000u, "ab", 7, 'z', -5000000000ll, 18446744073709551615ull);
    assert_string_equal(b, "00001234|deadbeef|-42|4000000000|   ab|7   |z|-5000000000|18446744073709551615|%");
    assert_int_equal(cms_snprintf(b, 4, "%s", "abcdef"), 6);
    assert_string_equal(b, "abc");
    cms_printf("morph: %s %d\n", "hello", 3);
    assert_string_equal(console, "morph: hello 3\n");
}

/* ---- page map, demand paging, memory calls ---------------------------------------------- */

static void test_demand_zero_and_refill(void **state)
{
    (void)state;
    cms_mm_map_anon(0x10000000, 0x3000, CMS_PROT_READ | CMS_PROT_WRITE);
    assert_true(cms_mm_is_mapped(0x10002fff));
    assert_false(cms_mm_is_mapped(0x10003000));
    assert_int_equal(cms_stats.guest_pages, 0); /* reserved, not backed */
    assert_int_equal(cms_gld32(0x10001000), 0);  /* demand-zero frame despite 0xa5 fill */
    assert_int_equal(cms_stats.guest_pages, 1);
    cms_gst32(0x10000ffe, 0x11223344); /* crosses into page 0x10000000's neighbour */
    assert_int_equal(cms_gld32(0x10000ffe), 0x11223344);
    assert_int_equal(cms_gld8(0x10001000), 0x22);
    assert_int_equal(cms_stats.guest_pages, 2);
    assert_true(cms_stats.gtlb_refills >= 2);
    EXPECT_SEGV(cms_gld8(0x10003000), 0x10003000, 0);
    EXPECT_SEGV(cms_gst8(0x0fffffff, 1), 0x0fffffff, 1);
}

static void test_protect_unmap(void **state)
{
    (void)state;
    cms_mm_map_anon(0x20000000, 0x2000, CMS_PROT_READ | CMS_PROT_EXEC);
    assert_int_equal(cms_gld8(0x20000000), 0);
    EXPECT_SEGV(cms_gst8(0x20000010, 1), 0x20000010, 1);
    assert_false(cms_mm_is_writable(0x20000000));
    cms_mm_code_changed = 0;
    assert_int_equal(cms_mm_mprotect(0x20000000, 0x2000, CMS_PROT_READ | CMS_PROT_WRITE), 0);
    assert_true(cms_mm_code_changed); /* executable pages changed */
    cms_gst8(0x20000010, 0x5a); /* stale read-only GTLB entry must have been invalidated */
    assert_int_equal(cms_gld8(0x20000010), 0x5a);
    assert_int_equal(cms_mm_mprotect(0x20000000, 0x1000, 0), 0);
    EXPECT_SEGV(cms_gld8(0x20000010), 0x20000010, 0);
    assert_false(cms_mm_is_mapped(0x20000000));
    assert_int_equal(cms_mm_mprotect(0x20001000, 0x2000, CMS_PROT_READ), -CMS_ENOMEM);
    assert_int_equal(cms_mm_mprotect(0x20000001, 0x1000, CMS_PROT_READ), -CMS_EINVAL);
    uint64_t pages = cms_stats.guest_pages;
    assert_int_equal(cms_mm_munmap(0x20000000, 0x2000), 0);
    assert_int_equal(cms_stats.guest_pages, pages - 1);
    EXPECT_SEGV(cms_gld8(0x20000010), 0x20000010, 0);
    assert_int_equal(cms_mm_munmap(0x20000001, 0x10), -CMS_EINVAL);
    assert_int_equal(cms_mm_munmap(0x20000000, 0), -CMS_EINVAL);
}

static void test_frames_recycled(void **state)
{
    (void)state;
    /* Touch more pages than guest RAM holds in total over time; freed frames must be reused
     * and come back zeroed. */
    for (int round = 0; round < 4; round++) {
        uint32_t va = (uint32_t)cms_mm_mmap(0, 6u << 20, CMS_PROT_READ | CMS_PROT_WRITE,
                                            CMS_MAP_PRIVATE | CMS_MAP_ANONYMOUS, -1, 0);
        assert_true(va < 0xfffff000u);
        for (uint32_t off = 0; off < (6u << 20); off += 4096) {
            assert_int_equal(cms_gld32((uint32_t)va + off), 0);
            cms_gst32((uint32_t)va + off, 0xdead0000u | round);
        }
        assert_int_equal(cms_stats.guest_pages, 6u << 8);
        assert_int_equal(cms_mm_munmap((uint32_t)va, 6u << 20), 0);
        assert_int_equal(cms_stats.guest_pages, 0);
    }
}

static void test_mmap_placement(void **state)
{
    (void)state;
    uint32_t rw = CMS_PROT_READ | CMS_PROT_WRITE, fl = CMS_MAP_PRIVATE | CMS_MAP_ANONYMOUS;
    uint32_t a = (uint32_t)cms_mm_mmap(0, 0x2000, rw, fl, -1, 0);
    uint32_t b = (uint32_t)cms_mm_mmap(0, 0x1000, rw, fl, -1, 0);
    assert_int_equal(a, CMS_MM_MMAP_TOP - 0x2000); /* top-down */
    assert_int_equal(b, CMS_MM_MMAP_TOP - 0x3000);
    assert_int_equal(cms_mm_mmap(0x30000000, 0x1000, rw, fl, -1, 0), 0x30000000); /* hint */
    assert_int_equal((uint32_t)cms_mm_mmap(0x30000000, 0x1000, rw, fl, -1, 0),
                     CMS_MM_MMAP_TOP - 0x4000);
    cms_gst32(0x30000000, 77);
    assert_int_equal(cms_mm_mmap(0x30000000, 0x1000, rw, fl | CMS_MAP_FIXED_NOREPLACE, -1, 0),
                     -CMS_EEXIST);
    assert_int_equal(cms_mm_mmap(0x30000000, 0x1000, rw, fl | CMS_MAP_FIXED, -1, 0), 0x30000000);
    assert_int_equal(cms_gld32(0x30000000), 0); /* replaced by a fresh zero page */
    assert_int_equal(cms_mm_mmap(0x30000010, 0x1000, rw, fl | CMS_MAP_FIXED, -1, 0), -CMS_EINVAL);
    assert_int_equal(cms_mm_mmap(0, 0, rw, fl, -1, 0), -CMS_EINVAL);
    assert_int_equal(cms_mm_mmap(0, 0x1000, rw, CMS_MAP_ANONYMOUS, -1, 0), -CMS_EINVAL);
    /* A hole between two mappings is found when it is big enough. */
    assert_int_equal(cms_mm_munmap((uint32_t)b, 0x1000), 0);
    assert_int_equal(cms_mm_find_free(0x1000, CMS_MM_MMAP_MIN, CMS_MM_MMAP_TOP), (uint32_t)b);
}

static void test_brk(void **state)
{
    (void)state;
    cms_mm_brk_init(0x0804c123);
    assert_int_equal(cms_mm_brk(0), 0x0804d000);
    assert_int_equal(cms_mm_brk(0x0804d010), 0x0804d010);
    cms_gst32(0x0804d00c, 9);
    assert_int_equal(cms_mm_brk(0x08100000), 0x08100000);
    cms_gst8(0x080fffff, 1);
    EXPECT_SEGV(cms_gst8(0x08100000, 1), 0x08100000, 1);
    assert_int_equal(cms_mm_brk(0x0804e000), 0x0804e000); /* shrink */
    EXPECT_SEGV(cms_gld8(0x080fffff), 0x080fffff, 0);
    assert_int_equal(cms_gld32(0x0804d00c), 9);
    /* Growing into an existing mapping fails and leaves the break alone. */
    cms_mm_map_anon(0x08200000, 0x1000, CMS_PROT_READ);
    assert_int_equal(cms_mm_brk(0x08300000), 0x0804e000);
    assert_int_equal(cms_mm_brk(0x08000000), 0x0804e000); /* below the start */
}

static void test_mremap(void **state)
{
    (void)state;
    uint32_t rw = CMS_PROT_READ | CMS_PROT_WRITE;
    cms_mm_map_anon(0x40000000, 0x2000, rw);
    cms_gst32(0x40001ffc, 0xabcd);
    assert_int_equal(cms_mm_mremap(0x40000000, 0x2000, 0x4000, 0, 0), 0x40000000); /* in place */
    cms_gst32(0x40003000, 1);
    cms_mm_map_anon(0x40004000, 0x1000, rw); /* block in-place growth */
    assert_int_equal(cms_mm_mremap(0x40000000, 0x4000, 0x8000, 0, 0), -CMS_ENOMEM);
    uint64_t pages = cms_stats.guest_pages;
    uint32_t to = (uint32_t)cms_mm_mremap(0x40000000, 0x4000, 0x8000, CMS_MREMAP_MAYMOVE, 0);
    assert_true(to < 0xfffff000u && to != 0x40000000);
    assert_int_equal(cms_stats.guest_pages, pages); /* frames moved, not copied */
    assert_int_equal(cms_gld32((uint32_t)to + 0x1ffc), 0xabcd);
    assert_int_equal(cms_gld32((uint32_t)to + 0x7000), 0);
    EXPECT_SEGV(cms_gld32(0x40001ffc), 0x40001ffc, 0);
    assert_int_equal((uint32_t)cms_mm_mremap(to, 0x8000, 0x1000, 0, 0), to); /* shrink */
    assert_false(cms_mm_is_mapped((uint32_t)to + 0x1000));
    assert_int_equal(cms_mm_mremap(0x50000000, 0x1000, 0x2000, CMS_MREMAP_MAYMOVE, 0), -CMS_EFAULT);
    assert_int_equal(cms_mm_mremap((uint32_t)to, 0x1000, 0x2000, CMS_MREMAP_FIXED, 0x60000000),
                     -CMS_EINVAL);
    assert_int_equal(cms_mm_mremap((uint32_t)to, 0x1000, 0x2000,
                                   CMS_MREMAP_FIXED | CMS_MREMAP_MAYMOVE, 0x60000000), 0x60000000);
    assert_int_equal(cms_gld32(0x60000ffc), 0);
    assert_int_equal(cms_gld32(0x60000000) , 0);
}

/* A file of 5000 bytes served by the fake host's pread64. */
static uint8_t file[5000];
static int32_t fake_pread(const struct htif_req *req)
{
    if (req->arg[0] != 180) return -CMS_ENOSYS;
    if (req->arg[1] != 7) return -CMS_EBADF;
    uint32_t len = req->arg[3], off = req->arg[4];
    assert_int_equal(req->arg[5], 0);
    if (off >= sizeof file) return 0;
    if (len > sizeof file - off) len = sizeof file - off;
    memcpy(host_ptr(req->arg[2]), file + off, len);
    return (int32_t)len;
}

static void test_mmap_file(void **state)
{
    (void)state;
    for (unsigned i = 0; i < sizeof file; i++) file[i] = (uint8_t)(i * 7 + 1);
    host_syscall = fake_pread;
    uint32_t va = (uint32_t)cms_mm_mmap(0, 0x3000, CMS_PROT_READ, CMS_MAP_PRIVATE, 7, 0);
    assert_true(va < 0xfffff000u);
    assert_int_equal(cms_gld8((uint32_t)va + 4999), file[4999]);
    assert_int_equal(cms_gld8((uint32_t)va + 5000), 0); /* past EOF in its last page: zero */
    EXPECT_SEGV(cms_gld8((uint32_t)va + 0x2fff), (uint32_t)va + 0x2fff, 0); /* the next page: */
    assert_true(segv_bus);                                                  /* SIGBUS */
    assert_false(cms_mm_range_ok((uint32_t)va + 0x2000, 4, 0)); /* and EFAULT for a system call */
    EXPECT_SEGV(cms_gst8((uint32_t)va, 1), (uint32_t)va, 1);
    assert_false(segv_bus);
    uint32_t vb = (uint32_t)cms_mm_mmap(0, 0x1000, CMS_PROT_READ | CMS_PROT_WRITE, CMS_MAP_PRIVATE, 7, 1);
    assert_int_equal(cms_gld8((uint32_t)vb), file[4096]);
    cms_gst8((uint32_t)vb, 0); /* private copy */
    assert_int_equal(cms_mm_mmap(0, 0x1000, CMS_PROT_READ, CMS_MAP_PRIVATE, 8, 0), -CMS_EBADF);
    assert_int_equal(cms_mm_mmap(0, 0x1000, CMS_PROT_WRITE, CMS_MAP_SHARED, 7, 0), -CMS_ENODEV);
    assert_string_equal(console, "morph: writable MAP_SHARED file mappings are not supported yet\n");
}

/* ---- ELF validation ------------------------------------------------------------------- */

static void put16(uint8_t *p, uint32_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }

static void make_ehdr(uint8_t *e, uint32_t type, uint32_t phnum)
{
    memset(e, 0, 52);
    memcpy(e, "\177ELF\1\1\1", 7);
    put16(e + 16, type);
    put16(e + 18, 3);
    put32(e + 20, 1);
    put32(e + 24, 0x08049000);
    put32(e + 28, 52);
    put16(e + 40, 52);
    put16(e + 42, 32);
    put16(e + 44, phnum);
}
static void make_phdr(uint8_t *p, uint32_t type, uint32_t off, uint32_t va, uint32_t filesz,
                      uint32_t memsz, uint32_t flags)
{
    memset(p, 0, 32);
    put32(p, type);
    put32(p + 4, off);
    put32(p + 8, va);
    put32(p + 12, va);
    put32(p + 16, filesz);
    put32(p + 20, memsz);
    put32(p + 24, flags);
    put32(p + 28, 0x1000);
}

static void test_elf_check(void **state)
{
    (void)state;
    static struct cms_elf_info info;
    uint8_t e[64], ph[3 * 32];
    char msg[100];
    make_ehdr(e, 2, 2);
    assert_int_equal(cms_elf_check_ehdr(e, 52, &info), CMS_ELF_OK);
    assert_int_equal(info.phnum, 2);
    assert_int_equal(cms_elf_check_ehdr((const uint8_t *)"#!/bin/sh\n", 10, &info), CMS_ELF_NOT_ELF);
    assert_int_equal(cms_elf_check_ehdr(e, 3, &info), CMS_ELF_NOT_ELF);
    assert_int_equal(cms_elf_check_ehdr(e, 40, &info), CMS_ELF_TRUNCATED);
    e[4] = 2;
    assert_int_equal(cms_elf_check_ehdr(e, 52, &info), CMS_ELF_64BIT);
    cms_elf_errmsg(CMS_ELF_64BIT, &info, msg, sizeof msg);
    assert_string_equal(msg, "64-bit ELF files are not supported (morph runs i386 programs)");
    e[4] = 1;
    put16(e + 18, 62);
    assert_int_equal(cms_elf_check_ehdr(e, 52, &info), CMS_ELF_MACHINE);
    cms_elf_errmsg(CMS_ELF_MACHINE, &info, msg, sizeof msg);
    assert_string_equal(msg, "ELF for machine 62, not i386");
    make_ehdr(e, 1, 2);
    assert_int_equal(cms_elf_check_ehdr(e, 52, &info), CMS_ELF_TYPE);
    make_ehdr(e, 2, 0);
    assert_int_equal(cms_elf_check_ehdr(e, 52, &info), CMS_ELF_BAD_PHDR);

    /* Program headers: text + data, headers inside the first PT_LOAD. */
    make_ehdr(e, 2, 2);
    cms_elf_check_ehdr(e, 52, &info);
    make_phdr(ph, 1, 0, 0x08048000, 0x1800, 0x1800, 5);
    make_phdr(ph + 32, 1, 0x1800, 0x0804a800, 0x100, 0x2000, 6);
    assert_int_equal(cms_elf_check_phdrs(ph, 64, &info), CMS_ELF_OK);
    assert_int_equal(info.nseg, 2);
    assert_int_equal(info.lo, 0x08048000);
    assert_int_equal(info.hi, 0x0804d000);
    assert_int_equal(info.phdr_va, 0x08048034);
    assert_int_equal(info.bias, 0);
    assert_int_equal(cms_elf_check_phdrs(ph, 40, &info), CMS_ELF_TRUNCATED);
    make_phdr(ph + 32, 1, 0x1800, 0x0804a800, 0x3000, 0x2000, 6); /* filesz > memsz */
    assert_int_equal(cms_elf_check_phdrs(ph, 64, &info), CMS_ELF_BAD_SEGMENT);
    /* PT_INTERP: its path's place is kept for the loader (which reads and checks the path) */
    make_phdr(ph + 32, 3, 0x1800, 0, 0x13, 0x13, 4);
    make_phdr(ph + 64, 1, 0x1800, 0x0804a800, 0x100, 0x2000, 6);
    make_ehdr(e, 2, 3);
    cms_elf_check_ehdr(e, 52, &info);
    assert_int_equal(cms_elf_check_phdrs(ph, 96, &info), CMS_ELF_OK);
    assert_int_equal(info.interp_off, 0x1800);
    assert_int_equal(info.interp_len, 0x13);
    assert_int_equal(info.nseg, 2);
    make_phdr(ph + 32, 3, 0x1800, 0, 1, 1, 4); /* an empty path */
    assert_int_equal(cms_elf_check_phdrs(ph, 96, &info), CMS_ELF_INTERP);
    make_phdr(ph + 32, 3, 0x1800, 0, 4097, 4097, 4); /* longer than PATH_MAX */
    assert_int_equal(cms_elf_check_phdrs(ph, 96, &info), CMS_ELF_INTERP);
    cms_elf_errmsg(CMS_ELF_INTERP, &info, msg, sizeof msg);
    assert_string_equal(msg, "bad program interpreter path (PT_INTERP)");
    make_ehdr(e, 2, 2);
    cms_elf_check_ehdr(e, 52, &info);
    /* Entry outside every segment. */
    put32(e + 24, 0x09000000);
    cms_elf_check_ehdr(e, 52, &info);
    make_phdr(ph + 32, 1, 0x1800, 0x0804a800, 0x100, 0x2000, 6);
    assert_int_equal(cms_elf_check_phdrs(ph, 64, &info), CMS_ELF_BAD_SEGMENT);

    /* static-pie: ET_DYN at 0, biased to the fixed base; PT_PHDR wins. */
    make_ehdr(e, 3, 3);
    put32(e + 24, 0x1040);
    cms_elf_check_ehdr(e, 52, &info);
    make_phdr(ph, 6, 52, 52, 96, 96, 4);
    make_phdr(ph + 32, 1, 0, 0, 0x2000, 0x2000, 5);
    make_phdr(ph + 64, 1, 0x2000, 0x3000, 0x10, 0x20, 6);
    assert_int_equal(cms_elf_check_phdrs(ph, 96, &info), CMS_ELF_OK);
    assert_int_equal(info.bias, CMS_ELF_DYN_BASE);
    assert_int_equal(info.phdr_va, CMS_ELF_DYN_BASE + 52);
    assert_int_equal(info.hi, CMS_ELF_DYN_BASE + 0x4000);
    assert_int_equal(info.nseg, 2);
    /* an empty PT_LOAD (ld's for an empty .eh_frame; found by make fuzz-elf's seeds) maps
     * nothing and is no error; only empty ones: no segment at all */
    make_phdr(ph, 1, 0x3000, 0x2000, 0, 0, 4);
    assert_int_equal(cms_elf_check_phdrs(ph, 96, &info), CMS_ELF_OK);
    assert_int_equal(info.nseg, 2);
    assert_int_equal(info.seg[0].vaddr, 0);
    make_phdr(ph + 32, 1, 0, 0, 0, 0, 5);
    make_phdr(ph + 64, 1, 0, 0x1000, 0, 0, 6);
    assert_int_equal(cms_elf_check_phdrs(ph, 96, &info), CMS_ELF_BAD_SEGMENT);
}

/* ---- initial stack --------------------------------------------------------------------- */

static uint32_t aux_get(uint32_t auxv, uint32_t type)
{
    for (;; auxv += 8) {
        uint32_t t = cms_gld32(auxv);
        if (t == type) return cms_gld32(auxv + 4);
        if (t == CMS_AT_NULL) return 0xffffffffu;
    }
}
static void guest_str(uint32_t va, char *out, size_t n)
{
    assert_true(cms_copy_str_from_guest(out, va, (uint32_t)n) >= 0);
}

static void test_stack(void **state)
{
    (void)state;
    cms_mm_map_anon(CMS_MM_TASK_TOP - CMS_MM_STACK_SIZE, CMS_MM_STACK_SIZE,
                    CMS_PROT_READ | CMS_PROT_WRITE);
    const char *argv[] = {"/bin/prog", "arg one", ""};
    const char *envp[] = {"HOME=/root", "X=1"};
    struct cms_stack_args a = {.argc = 3, .envc = 2, .argv = argv, .envp = envp,
                               .execfn = "/bin/prog", .phdr = 0x08048034, .phnum = 7,
                               .entry = 0x08049000, .uid = 1000, .euid = 1001, .gid = 100,
                               .egid = 101, .hwcap = CMS_CPUID1_EDX};
    for (int i = 0; i < 16; i++) a.random[i] = (uint8_t)(i + 1);
    uint32_t sp = cms_stack_build(CMS_MM_TASK_TOP, CMS_MM_TASK_TOP - CMS_MM_STACK_SIZE, &a);
    assert_int_equal(sp & 15, 0);
    assert_true(sp < CMS_MM_TASK_TOP && sp > CMS_MM_TASK_TOP - 4096);
    assert_int_equal(cms_gld32(sp), 3);
    char s[64];
    for (int i = 0; i < 3; i++) {
        guest_str(cms_gld32(sp + 4 + 4 * i), s, sizeof s);
        assert_string_equal(s, argv[i]);
    }
    assert_int_equal(cms_gld32(sp + 16), 0);
    for (int i = 0; i < 2; i++) {
        guest_str(cms_gld32(sp + 20 + 4 * i), s, sizeof s);
        assert_string_equal(s, envp[i]);
    }
    assert_int_equal(cms_gld32(sp + 28), 0);
    uint32_t auxv = sp + 32;
    assert_int_equal(aux_get(auxv, CMS_AT_PAGESZ), 4096);
    assert_int_equal(aux_get(auxv, CMS_AT_PHDR), 0x08048034);
    assert_int_equal(aux_get(auxv, CMS_AT_PHENT), 32);
    assert_int_equal(aux_get(auxv, CMS_AT_PHNUM), 7);
    assert_int_equal(aux_get(auxv, CMS_AT_ENTRY), 0x08049000);
    assert_int_equal(aux_get(auxv, CMS_AT_BASE), 0);
    assert_int_equal(aux_get(auxv, CMS_AT_UID), 1000);
    assert_int_equal(aux_get(auxv, CMS_AT_EUID), 1001);
    assert_int_equal(aux_get(auxv, CMS_AT_GID), 100);
    assert_int_equal(aux_get(auxv, CMS_AT_EGID), 101);
    assert_int_equal(aux_get(auxv, CMS_AT_HWCAP), (1u << 0) | (1u << 4) | (1u << 8) | (1u << 15));
    assert_int_equal(aux_get(auxv, CMS_AT_CLKTCK), 100);
    assert_int_equal(aux_get(auxv, CMS_AT_SECURE), 0);
    assert_int_equal(aux_get(auxv, 32 /* AT_SYSINFO */), 0xffffffffu);
    guest_str(aux_get(auxv, CMS_AT_PLATFORM), s, sizeof s);
    assert_string_equal(s, "i686");
    guest_str(aux_get(auxv, CMS_AT_EXECFN), s, sizeof s);
    assert_string_equal(s, "/bin/prog");
    uint32_t rnd = aux_get(auxv, CMS_AT_RANDOM);
    for (int i = 0; i < 16; i++) assert_int_equal(cms_gld8(rnd + i), i + 1);
    /* Strings sit above the vectors, below the top, and the top word is NULL. */
    assert_int_equal(cms_gld32(CMS_MM_TASK_TOP - 4), 0);
    assert_true(rnd > auxv);
}

/* ---- syscall marshalling and firmware-served calls -------------------------------------- */

static struct htif_req last;
static uint8_t last_buf[64];
static int32_t fake_host(const struct htif_req *req)
{
    last = *req;
    switch (req->arg[0]) {
    case 4: /* write: echo the (clamped) length, remember the bytes */
        memcpy(last_buf, host_ptr(req->arg[2]), req->arg[3] < 64 ? req->arg[3] : 64);
        return (int32_t)req->arg[3];
    case 3: /* read: produce "hello" */
        memcpy(host_ptr(req->arg[2]), "hello", 5);
        return 5;
    case 145: { /* readv: 7 bytes spread over the host iovecs */
        const uint32_t *iov = host_ptr(req->arg[2]);
        const char *src = "ABCDEFG";
        uint32_t left = 7;
        for (uint32_t i = 0; i < req->arg[3] && left; i++) {
            uint32_t n = iov[2 * i + 1] < left ? iov[2 * i + 1] : left;
            memcpy(host_ptr(iov[2 * i]), src, n);
            src += n;
            left -= n;
        }
        return 7;
    }
    case 146: { /* writev: concatenate */
        const uint32_t *iov = host_ptr(req->arg[2]);
        uint32_t n = 0;
        for (uint32_t i = 0; i < req->arg[3]; i++) {
            memcpy(last_buf + n, host_ptr(iov[2 * i]), iov[2 * i + 1]);
            n += iov[2 * i + 1];
        }
        return (int32_t)n;
    }
    case 5: /* open: check the path */
        if (!req->arg[1]) return -CMS_EFAULT;
        return strcmp(host_ptr(req->arg[1]), "/etc/passwd") == 0 ? 3 : -CMS_ENOENT;
    case 197: /* fstat64: fill 96 bytes */
        memset(host_ptr(req->arg[2]), 0x42, 96);
        return 0;
    case 54: /* ioctl */
        if (req->arg[2] == 0x5413) {
            memcpy(host_ptr(req->arg[3]), "\x18\0\x50\0\0\0\0\0", 8);
            return 0;
        }
        return -CMS_ENOTTY;
    case 20: return 4242;  /* getpid */
    case 224: return 4243; /* gettid */
    case 407: return 0;    /* clock_nanosleep_time64: the timed futex wait sleeps */
    case 199: return 70000; /* getuid32: does not fit 16 bits */
    case 201: return 1000;  /* geteuid32 */
    }
    return -CMS_ENOSYS;
}

static int32_t sys6(struct cms_cpu *cpu, uint32_t nr, uint32_t b, uint32_t c, uint32_t d,
                    uint32_t si, uint32_t di, uint32_t bp)
{
    cpu->r[CMS_ESI] = si;
    cpu->r[CMS_EDI] = di;
    cpu->r[CMS_EBP] = bp;
    cpu->r[CMS_EAX] = nr;
    cpu->r[CMS_EBX] = b;
    cpu->r[CMS_ECX] = c;
    cpu->r[CMS_EDX] = d;
    cms_syscall(cpu);
    return (int32_t)cpu->r[CMS_EAX];
}

/* The base FS gets from a load of sel (cms_seg_load, its checks). */
static uint32_t seg_base(struct cms_cpu *cpu, uint16_t sel)
{
    cms_seg_load(cpu, CMS_FS, sel);
    return cpu->seg_base[CMS_FS];
}

static int32_t sys(struct cms_cpu *cpu, uint32_t nr, uint32_t b, uint32_t c, uint32_t d)
{
    cpu->r[CMS_EAX] = nr;
    cpu->r[CMS_EBX] = b;
    cpu->r[CMS_ECX] = c;
    cpu->r[CMS_EDX] = d;
    cms_syscall(cpu);
    return (int32_t)cpu->r[CMS_EAX];
}

static void test_marshal(void **state)
{
    (void)state;
    static struct cms_cpu cpu;
    host_syscall = fake_host;
    activity = CMSACT_INTERP;
    uint32_t rw = CMS_PROT_READ | CMS_PROT_WRITE;
    cms_mm_map_anon(0x10000000, 0x400000, rw);
    cms_mm_map_anon(0x20000000, 0x1000, CMS_PROT_READ);
    cms_copy_to_guest(0x10000ffe, "xyz12", 5); /* crosses a page */
    assert_int_equal(sys(&cpu, 4, 1, 0x10000ffe, 5), 5);
    assert_int_equal(last.arg[1], 1);
    assert_int_equal(last.arg[2], CMS_BOUNCE_BASE);
    assert_memory_equal(last_buf, "xyz12", 5);
    assert_int_equal(activity, CMSACT_INTERP);
    assert_int_equal(cms_stats.syscalls, 1);
    /* Oversized write is clamped to the bounce area. */
    assert_int_equal(sys(&cpu, 4, 1, 0x10000000, 0x300000), CMS_BOUNCE_SIZE);
    /* read copies back only what the host returned. */
    cms_copy_to_guest(0x10001000, "........", 8);
    assert_int_equal(sys(&cpu, 3, 0, 0x10001000, 8), 5);
    char b[9] = {0};
    cms_copy_from_guest(b, 0x10001000, 8);
    assert_string_equal(b, "hello...");
    /* Unmapped or read-only output buffer: -EFAULT, nothing forwarded, guest alive. */
    int calls = host_calls;
    assert_int_equal(sys(&cpu, 3, 0, 0x30000000, 8), -CMS_EFAULT);
    assert_int_equal(sys(&cpu, 3, 0, 0x20000000, 8), -CMS_EFAULT);
    assert_int_equal(sys(&cpu, 4, 1, 0x103ffffc, 8), -CMS_EFAULT); /* runs off the mapping */
    assert_int_equal(host_calls, calls);
    /* Strings; NULL stays 0. */
    cms_copy_to_guest(0x10002000, "/etc/passwd", 12);
    assert_int_equal(sys(&cpu, 5, 0x10002000, 0, 0), 3);
    assert_int_equal(sys(&cpu, 5, 0, 0, 0), -CMS_EFAULT);
    assert_int_equal(last.arg[1], 0);
    assert_int_equal(sys(&cpu, 5, 0x30000000, 0, 0), -CMS_EFAULT);
    /* Fixed-size output. */
    assert_int_equal(sys(&cpu, 197, 3, 0x10003000, 0), 0);
    assert_int_equal(cms_gld32(0x10003000 + 92), 0x42424242);
    assert_int_equal(cms_gld32(0x10003000 + 96), 0);
    /* ioctl: TIOCGWINSZ is an 8-byte output, others pass by value. */
    assert_int_equal(sys(&cpu, 54, 1, 0x5413, 0x10004000), 0);
    assert_int_equal(cms_gld16(0x10004002), 0x50);
    assert_int_equal(sys(&cpu, 54, 1, 0x1234, 0x30000000), -CMS_ENOTTY);
    assert_int_equal(last.arg[3], 0x30000000);
    /* writev / readv */
    cms_copy_to_guest(0x10005000, "abc", 3);
    cms_copy_to_guest(0x10005100, "defg", 4);
    uint32_t iov[4] = {0x10005000, 3, 0x10005100, 4};
    cms_copy_to_guest(0x10006000, iov, sizeof iov);
    assert_int_equal(sys(&cpu, 146, 1, 0x10006000, 2), 7);
    assert_memory_equal(last_buf, "abcdefg", 7);
    uint32_t iov2[4] = {0x10007000, 2, 0x10007100, 10};
    cms_copy_to_guest(0x10006000, iov2, sizeof iov2);
    assert_int_equal(sys(&cpu, 145, 0, 0x10006000, 2), 7);
    cms_copy_from_guest(b, 0x10007000, 2);
    assert_memory_equal(b, "AB", 2);
    cms_copy_from_guest(b, 0x10007100, 5);
    assert_memory_equal(b, "CDEFG", 5);
}

static void test_served_calls(void **state)
{
    (void)state;
    static struct cms_cpu cpu;
    host_syscall = fake_host;
    cms_mm_map_anon(0x10000000, 0x10000, CMS_PROT_READ | CMS_PROT_WRITE);
    /* uname */
    assert_int_equal(sys(&cpu, 122, 0x10000000, 0, 0), 0);
    char s[65];
    guest_str(0x10000000, s, sizeof s);
    assert_string_equal(s, "Linux");
    guest_str(0x10000000 + 4 * 65, s, sizeof s);
    assert_string_equal(s, "i686");
    assert_int_equal(sys(&cpu, 122, 0x30000000, 0, 0), -CMS_EFAULT);
    /* set_thread_area with entry -1 allocates 12 and writes it back; GS base follows. */
    uint32_t ud[4] = {0xffffffffu, 0x10008000, 0xfffff, 0x51};
    cms_copy_to_guest(0x10001000, ud, sizeof ud);
    assert_int_equal(sys(&cpu, 243, 0x10001000, 0, 0), 0);
    assert_int_equal(cms_gld32(0x10001000), 12);
    assert_int_equal(seg_base(&cpu, 12 * 8 + 3), 0x10008000);
    assert_int_equal(seg_base(&cpu, 0), 0);
    assert_int_equal(seg_base(&cpu, 0x2b), 0);
    ud[0] = 0xffffffffu;
    cms_copy_to_guest(0x10001000, ud, sizeof ud);
    assert_int_equal(sys(&cpu, 243, 0x10001000, 0, 0), 0);
    assert_int_equal(cms_gld32(0x10001000), 13);
    ud[0] = 5;
    cms_copy_to_guest(0x10001000, ud, sizeof ud);
    assert_int_equal(sys(&cpu, 243, 0x10001000, 0, 0), -CMS_EINVAL);
    assert_int_equal(seg_base(&cpu, 0x23), 0);
    console_len = 0;
    cpu.eip = 0x0804abcd;
    assert_int_equal(seg_base(&cpu, 0x7b), 0); /* the CPU-number segment, DPL 3 */
    EXPECT_EXIT(seg_base(&cpu, 0x83), 139);     /* GDT entry 16: beyond the GDT */
    assert_string_equal(console, "morph: guest SIGSEGV: load of a selector beyond its table: 0x0083 "
                                 "at eip 0x0804abcd\n");
    console_len = 0;
    EXPECT_EXIT(seg_base(&cpu, 0x0b), 139);     /* kernel code: DPL 0 */
    console_len = 0;
    EXPECT_EXIT(seg_base(&cpu, 0x0f), 139);     /* an LDT selector without an LDT */
    /* modify_ldt: write entry 2 (base 0x12340000, 32-bit data), read it back, load it into FS */
    uint32_t ld[4] = {2, 0x12340000, 0xfffff, 0x51};
    cms_copy_to_guest(0x10001000, ld, sizeof ld);
    assert_int_equal(sys(&cpu, 123, 0x11, 0x10001000, 16), 0);
    assert_int_equal(sys(&cpu, 123, 0x11, 0x10001000, 12), -CMS_EINVAL);
    assert_int_equal(sys(&cpu, 123, 0, 0x10002000, 32), 32);
    assert_int_equal(cms_gld32(0x10002000 + 16), 0x0000ffff);
    assert_int_equal(cms_gld32(0x10002000 + 20), 0x12dff334); /* writable data, accessed, AVL D G */
    assert_int_equal(cms_gld32(0x10002000 + 24), 0);
    assert_int_equal(seg_base(&cpu, 0x17), 0x12340000);
    assert_int_equal(cpu.seg_chk[CMS_FS], 0); /* 4 GiB writable data: flat, unchecked */
    /* what accesses through an LDT segment are checked for: entry 3, 16 bytes of data at
     * 0x10000000 (seg_32bit, useable); then read-only (read_exec_only), then expand-down 16-bit */
    uint32_t lim[4] = {3, 0x10000000, 15, 0x41};
    cms_copy_to_guest(0x10001000, lim, sizeof lim);
    assert_int_equal(sys(&cpu, 123, 0x11, 0x10001000, 16), 0);
    assert_int_equal(seg_base(&cpu, 0x1f), 0x10000000);
    assert_int_equal(cpu.seg_chk[CMS_FS], CMS_SEGCHK_ON | CMS_SEGCHK_BIG);
    assert_int_equal(cpu.seg_limit[CMS_FS], 15);
    assert_true(cpu.segmented);
    assert_true(cms_seg_ok(&cpu, CMS_FS, 12, 4, 1));
    assert_false(cms_seg_ok(&cpu, CMS_FS, 13, 4, 0));
    assert_false(cms_seg_ok(&cpu, CMS_FS, 0xffffffffu, 2, 0)); /* wraps */
    console_len = 0;
    EXPECT_EXIT(cms_seg_check(&cpu, CMS_FS, 16, 1, 0), 139);
    assert_string_equal(console, "morph: guest SIGSEGV: access beyond the segment's limit: fs:0x00000010, 1 bytes "
                                 "(fs 0x001f, limit 0x0000000f) at eip 0x0804abcd\n");
    lim[3] = 0x41 | 0x08;
    cms_copy_to_guest(0x10001000, lim, sizeof lim);
    assert_int_equal(sys(&cpu, 123, 0x11, 0x10001000, 16), 0);
    (void)seg_base(&cpu, 0x1f);
    assert_true(cms_seg_ok(&cpu, CMS_FS, 0, 4, 0));
    assert_false(cms_seg_ok(&cpu, CMS_FS, 0, 4, 1));
    lim[2] = 0xfff0, lim[3] = 0x40 | 0x02; /* expand-down, 16-bit: offsets 0xfff1 .. 0xffff */
    cms_copy_to_guest(0x10001000, lim, sizeof lim);
    assert_int_equal(sys(&cpu, 123, 0x11, 0x10001000, 16), 0);
    (void)seg_base(&cpu, 0x1f);
    assert_int_equal(cpu.seg_chk[CMS_FS], CMS_SEGCHK_ON | CMS_SEGCHK_DOWN);
    assert_false(cms_seg_ok(&cpu, CMS_FS, 0xfff0, 1, 0));
    assert_true(cms_seg_ok(&cpu, CMS_FS, 0xfffc, 4, 1));
    assert_false(cms_seg_ok(&cpu, CMS_FS, 0xfffd, 4, 0));
    assert_true(cms_seg_ok(&cpu, CMS_SS, 0xfffffffcu, 4, 1)); /* SS is flat: nothing to check */
    /* the flat user code segment (sigreturn's far target) leaves CS unchecked: a process
     * whose handler returned stays unsegmented, translated code running (regression) */
    cms_far_target(&cpu, 0x23, 0x0804abcd, 1);
    assert_int_equal(cpu.seg_chk[CMS_CS], 0);
    /* a null FS is left unchecked; the process is flat again */
    (void)seg_base(&cpu, 0);
    assert_int_equal(cpu.seg_chk[CMS_FS], 0);
    assert_false(cpu.segmented);
    assert_int_equal(sys(&cpu, 123, 2, 0x10002000, 100), 40);
    assert_int_equal(sys(&cpu, 123, 7, 0x10002000, 100), -CMS_ENOSYS);
    /* set_tid_address and getpid come from the host. */
    assert_int_equal(sys(&cpu, 258, 0x10002000, 0, 0), 4243);
    assert_int_equal(sys(&cpu, 20, 0, 0, 0), 4242);
    /* brk through the syscall layer */
    cms_mm_brk_init(0x08100000);
    assert_int_equal(sys(&cpu, 45, 0, 0, 0), 0x08100000);
    assert_int_equal(sys(&cpu, 45, 0x08102000, 0, 0), 0x08102000);
    /* rt_sigaction remembers and returns the old action */
    uint32_t act[5] = {0x08049999, 0x04000000, 0x0804aaaa, 0, 0};
    cms_copy_to_guest(0x10003000, act, sizeof act);
    cpu.r[CMS_ESI] = 8;
    assert_int_equal(sys(&cpu, 174, 10, 0x10003000, 0), 0);
    cpu.r[CMS_ESI] = 8;
    assert_int_equal(sys(&cpu, 174, 10, 0, 0x10004000), 0);
    assert_int_equal(cms_gld32(0x10004000), 0x08049999);
    cpu.r[CMS_ESI] = 8;
    assert_int_equal(sys(&cpu, 174, 9, 0x10003000, 0), -CMS_EINVAL);
    /* Unimplemented: -ENOSYS, logged once. */
    console_len = 0;
    console[0] = 0;
    assert_int_equal(sys(&cpu, 999, 0, 0, 0), -CMS_ENOSYS);
    assert_int_equal(sys(&cpu, 999, 0, 0, 0), -CMS_ENOSYS);
    assert_string_equal(console, "morph: unimplemented system call 999 (test_call), returning -ENOSYS\n");
    assert_int_equal(cms_stats.syscalls_unimpl, 2);
    /* munmap of code runs the code-change hooks (decoded instructions, translations). */
    cms_mm_map_anon(0x11000000, 0x1000, CMS_PROT_READ | CMS_PROT_EXEC);
    cms_hook_code_change(count_code_flush);
    int flushes = code_flushes;
    assert_int_equal(sys(&cpu, 91, 0x11000000, 0x1000, 0), 0);
    assert_int_equal(code_flushes, flushes + 1);
    /* abort(): tgkill(self, SIGABRT) kills the guest with 128+6. */
    console_len = 0;
    EXPECT_EXIT(sys(&cpu, 270, 4242, 4243, 6), 134);
    assert_string_equal(console, "morph: guest killed by signal 6\n");
    assert_true(stats_sent > 0);
    /* SIGCHLD to self is ignored by default; exit_group truncates the status. */
    assert_int_equal(sys(&cpu, 37, 4242, 17, 0), 0);
    EXPECT_EXIT(sys(&cpu, 252, 0x1ff, 0, 0), 0xff);
}


/* Code pages (self-modifying code): a decoded chunk makes its page a code page whose GTLB entry
 * has no W; a store to it is completed by cms_mm_code_store, which calls the code-written hooks
 * for the chunks it touched that hold code; a chunk no hook still derives anything from stops
 * being code, and a page without code chunks is writable again. A read-only page stays a
 * SIGSEGV. */
static uint32_t cw_lo, cw_hi, cw_clo, cw_calls;
static int cw_still;
static int code_written_hook(uint32_t lo, uint32_t hi, uint32_t clo, uint32_t chi)
{
    cw_lo = lo, cw_hi = hi, cw_clo = clo, cw_calls++;
    (void)chi;
    return cw_still;
}
static void test_code_pages(void **state)
{
    (void)state;
    static int hooked;
    if (!hooked) cms_hook_code_written(code_written_hook);
    hooked = 1;
    const uint32_t pg = 0x12000000;
    cms_mm_map_anon(pg, 0x2000, CMS_PROT_READ | CMS_PROT_WRITE | CMS_PROT_EXEC);
    cms_gst32(pg + 0x100, 0x11223344); /* plain data: written through the GTLB */
    assert_true(gtlb[(pg >> 12) & 63].w);
    cms_mm_code_mark(pg + 0x13e, 5); /* an instruction across chunks 4 and 5 */
    assert_true(cms_mm_pte(pg) & CMS_PTE_CODE);
    assert_true(cms_mm_is_code(pg + 0x100) && cms_mm_is_code(pg + 0x140) && !cms_mm_is_code(pg + 0x180));
    assert_false(gtlb[(pg >> 12) & 63].v && gtlb[(pg >> 12) & 63].w); /* W gone */
    assert_int_equal(cms_mm_fault(pg, 0), CMS_MM_FAULT_OK);
    assert_false(gtlb[(pg >> 12) & 63].w); /* loads refill without W */
    assert_int_equal(cms_mm_fault(pg + 0x200, 1), CMS_MM_FAULT_CODE);
    /* a store to a chunk without code: written, no hook */
    cw_calls = 0;
    assert_int_equal(cms_mm_code_store(pg + 0x200, 4, 0xaabbccdd), 0);
    assert_int_equal(cms_gld32(pg + 0x200), 0xaabbccdd);
    assert_int_equal(cw_calls, 0);
    /* a store to code a hook still derives from the chunk of: stays code */
    cw_still = 1;
    assert_int_equal(cms_mm_code_store(pg + 0x13e, 1, 0x90), 0);
    assert_int_equal(cw_calls, 1);
    assert_int_equal(cw_lo, pg + 0x13e);
    assert_int_equal(cw_hi, pg + 0x13f);
    assert_int_equal(cw_clo, pg + 0x100);
    assert_true(cms_mm_is_code(pg + 0x100));
    assert_int_equal(cms_gld8(pg + 0x13e), 0x90);
    /* nothing derived any more: both chunks stop being code, the page is writable again */
    cw_still = 0;
    cw_calls = 0;
    assert_int_equal(cms_mm_code_store(pg + 0x13e, 4, 0x01020304), 0);
    assert_int_equal(cw_calls, 2); /* chunks 4 and 5 */
    assert_false(cms_mm_is_code(pg + 0x100) || cms_mm_is_code(pg + 0x140));
    assert_false(cms_mm_pte(pg) & CMS_PTE_CODE);
    assert_int_equal(cms_mm_fault(pg, 1), CMS_MM_FAULT_OK);
    assert_true(gtlb[(pg >> 12) & 63].w);
    /* a store split across a code page and a demand-zero page: both written */
    cms_mm_code_mark(pg + 0xff0, 4);
    assert_int_equal(cms_mm_code_store(pg + 0xffe, 4, 0x55667788), 0);
    assert_int_equal(cms_gld32(pg + 0xffe), 0x55667788);
    /* read-only code: the store is refused, nothing written */
    cms_mm_map_anon(pg + 0x3000, 0x1000, CMS_PROT_READ | CMS_PROT_WRITE);
    cms_mm_map_anon(pg + 0x4000, 0x1000, CMS_PROT_READ | CMS_PROT_EXEC);
    cms_mm_code_mark(pg + 0x4000, 3);
    assert_int_equal(cms_mm_fault(pg + 0x4000, 1), CMS_MM_FAULT_SEGV);
    assert_int_equal(cms_mm_code_store(pg + 0x3ffe, 4, 0), pg + 0x4000);
    assert_int_equal(cms_gld16(pg + 0x3ffe), 0);
    /* a code change (munmap or mprotect of code) resets every code page */
    cms_mm_code_mark(pg + 0x800, 1);
    assert_int_equal(cms_mm_mprotect(pg, 0x1000, CMS_PROT_READ | CMS_PROT_WRITE), 0);
    assert_true(cms_mm_code_changed);
    cms_mm_code_changed = 0;
    cms_notify_code_change();
    assert_false(cms_mm_pte(pg) & CMS_PTE_CODE);
    assert_false(cms_mm_is_code(pg + 0x800));
}

/* futex for one thread (cms_futex.c): wakes find nobody, waits fail or time out, a wait nobody
 * can end stops the run with a message; robust list; old signal calls; 16-bit ids; prctl. */
static void test_futex_and_friends(void **state)
{
    (void)state;
    static struct cms_cpu cpu;
    host_syscall = fake_host;
    cms_mm_map_anon(0x10000000, 0x10000, CMS_PROT_READ | CMS_PROT_WRITE);
    cms_mm_map_anon(0x10010000, 0x1000, CMS_PROT_READ);
    const uint32_t w = 0x10000100, w2 = 0x10000104, ts = 0x10000200;
    cms_gst32(w, 5);
    assert_int_equal(sys6(&cpu, 240, w, 129, 0x7fffffff, 0, 0, 0), 0);        /* WAKE_PRIVATE */
    assert_int_equal(sys6(&cpu, 240, w + 1, 129, 1, 0, 0, 0), -CMS_EINVAL);   /* misaligned */
    assert_int_equal(sys6(&cpu, 240, 0x30000000, 129, 1, 0, 0, 0), 0);         /* private: no page needed */
    assert_int_equal(sys6(&cpu, 240, 0x30000000, 1, 1, 0, 0, 0), -CMS_EFAULT); /* shared: needs it */
    assert_int_equal(sys6(&cpu, 240, w, 128 | 256 | 1, 1, 0, 0, 0), -CMS_ENOSYS);
    assert_int_equal(sys6(&cpu, 240, w, 99, 1, 0, 0, 0), -CMS_ENOSYS);
    assert_int_equal(sys6(&cpu, 240, w, 128, 4, 0, 0, 0), -CMS_EAGAIN);        /* value differs */
    assert_int_equal(sys6(&cpu, 240, 0x30000000, 128, 4, 0, 0, 0), -CMS_EFAULT);
    assert_int_equal(sys6(&cpu, 240, w, 128 | 9, 5, 0, 0, 0), -CMS_EINVAL);    /* bitset 0 */
    /* A timed wait sleeps on the host (clock_nanosleep_time64, relative, monotonic). */
    cms_gst32(ts, 0);
    cms_gst32(ts + 4, 10000000);
    int calls = host_calls;
    assert_int_equal(sys6(&cpu, 240, w, 128, 5, ts, 0, 0), -CMS_ETIMEDOUT);
    assert_int_equal(host_calls, calls + 1);
    assert_int_equal(last.arg[0], 407);
    assert_int_equal(last.arg[1], 1); /* CLOCK_MONOTONIC */
    assert_int_equal(last.arg[2], 0); /* relative */
    cms_gst32(ts + 4, 1000000000);
    assert_int_equal(sys6(&cpu, 240, w, 128, 5, ts, 0, 0), -CMS_EINVAL);
    /* WAIT_BITSET with CLOCK_REALTIME: absolute, realtime clock. */
    cms_gst32(ts + 4, 0);
    assert_int_equal(sys6(&cpu, 240, w, 128 | 256 | 9, 5, ts, 0, 0xffffffff), -CMS_ETIMEDOUT);
    assert_int_equal(last.arg[1], 0);
    assert_int_equal(last.arg[2], 1); /* TIMER_ABSTIME */
    /* WAKE_OP: ADD 3 to *w2; CMP_REQUEUE compares *w. */
    cms_gst32(w2, 10);
    assert_int_equal(sys6(&cpu, 240, w, 128 | 5, 1, 1, w2, (1u << 28) | (3u << 12) | 10u), 0);
    assert_int_equal(cms_gld32(w2), 13);
    assert_int_equal(sys6(&cpu, 240, w, 128 | 5, 1, 1, 0x10010000, 0), -CMS_EFAULT);
    assert_int_equal(sys6(&cpu, 240, w, 128 | 4, 1, 1, w2, 6), -CMS_EAGAIN);
    assert_int_equal(sys6(&cpu, 240, w, 128 | 4, 1, 1, w2, 5), 0);
    /* PI: the owner is the TID (4243 from the fake host). */
    cms_gst32(w, 0);
    assert_int_equal(sys6(&cpu, 240, w, 128 | 6, 0, 0, 0, 0), 0);
    assert_int_equal(cms_gld32(w), 4243);
    assert_int_equal(sys6(&cpu, 240, w, 128 | 6, 0, 0, 0, 0), -CMS_EDEADLK);
    assert_int_equal(sys6(&cpu, 240, w, 128 | 7, 0, 0, 0, 0), 0);
    assert_int_equal(cms_gld32(w), 0);
    assert_int_equal(sys6(&cpu, 240, w, 128 | 7, 0, 0, 0, 0), -CMS_EPERM);
    cms_gst32(w, 777);
    assert_int_equal(sys6(&cpu, 240, w, 128 | 8, 0, 0, 0, 0), -CMS_ESRCH);
    assert_int_equal(cms_gld32(w), 777u | 0x80000000u); /* FUTEX_WAITERS set first, as Linux */
    /* A wait nobody can end: message and status 137. */
    cms_gst32(w, 5);
    console_len = 0;
    EXPECT_EXIT(sys6(&cpu, 240, w, 128, 5, 0, 0, 0), 137);
    assert_non_null(strstr(console, "morph: guest deadlock: FUTEX_WAIT on 0x10000100 (value 5)"));
    /* robust list */
    assert_int_equal(sys(&cpu, 311, 0x10000300, 12, 0), 0);
    assert_int_equal(sys(&cpu, 311, 0x10000300, 13, 0), -CMS_EINVAL);
    assert_int_equal(sys(&cpu, 312, 0, 0x10000400, 0x10000404), 0);
    assert_int_equal(cms_gld32(0x10000400), 0x10000300);
    assert_int_equal(cms_gld32(0x10000404), 12);
    assert_int_equal(sys(&cpu, 312, 99, 0x10000400, 0x10000404), -CMS_ESRCH);
    /* old sigaction / signal / sigprocmask / sgetmask / ssetmask share one state */
    uint32_t oact[4] = {0x08049000, 0x800, 0x10000000, 0};
    cms_copy_to_guest(0x10000500, oact, sizeof oact);
    assert_int_equal(sys(&cpu, 67, 10, 0x10000500, 0), 0);
    assert_int_equal(sys(&cpu, 48, 10, 1, 0), 0x08049000); /* signal returns the old handler */
    cpu.r[CMS_ESI] = 8;
    assert_int_equal(sys(&cpu, 174, 10, 0, 0x10000600), 0);
    assert_int_equal(cms_gld32(0x10000600), 1);
    assert_int_equal(cms_gld32(0x10000604), 0xc0000000u);
    assert_int_equal(sys(&cpu, 48, 9, 1, 0), -CMS_EINVAL);
    cms_gst32(0x10000700, 1u << 11);
    assert_int_equal(sys(&cpu, 126, 0, 0x10000700, 0x10000704), 0); /* SIG_BLOCK USR2 */
    assert_int_equal(sys(&cpu, 68, 0, 0, 0), 1 << 11);
    assert_int_equal(sys(&cpu, 69, 0x101, 0, 0), 1 << 11); /* KILL (bit 8) cannot be blocked */
    assert_int_equal(sys(&cpu, 68, 0, 0, 0), 1);
    assert_int_equal(sys(&cpu, 126, 7, 0x10000700, 0), -CMS_EINVAL);
    /* SIGUSR2 sent to itself while blocked stays pending; unblocking it takes the default
     * action (the run ends with 128+12). */
    assert_int_equal(sys(&cpu, 69, 1u << 11, 0, 0), 1);
    assert_int_equal(sys(&cpu, 37, 4242, 12, 0), 0);
    assert_int_equal(sys(&cpu, 73, 0x10000708, 0, 0), 0);
    assert_int_equal(cms_gld32(0x10000708), 1u << 11);
    console_len = 0;
    EXPECT_EXIT(sys(&cpu, 69, 0, 0, 0), 140);
    assert_string_equal(console, "morph: guest killed by signal 12\n");
    /* 16-bit ids: 70000 does not fit and reads as the overflow id 65534 */
    assert_int_equal(sys(&cpu, 24, 0, 0, 0), 65534);
    assert_int_equal(sys(&cpu, 49, 0, 0, 0), 1000);
    /* prctl */
    cms_copy_to_guest(0x10000800, "a-very-long-thread-name", 24);
    assert_int_equal(sys(&cpu, 172, 15, 0x10000800, 0), 0);
    assert_int_equal(sys(&cpu, 172, 16, 0x10000900, 0), 0);
    char name[16];
    guest_str(0x10000900, name, sizeof name);
    assert_string_equal(name, "a-very-long-thr");
    assert_int_equal(sys(&cpu, 172, 1, 9, 0), 0);
    assert_int_equal(sys(&cpu, 172, 2, 0x10000a00, 0), 0);
    assert_int_equal(cms_gld32(0x10000a00), 9);
    assert_int_equal(sys(&cpu, 172, 4, 2, 0), -CMS_EINVAL);
    assert_int_equal(sys(&cpu, 172, 9999, 0, 0), -CMS_EINVAL);
    /* a planned call names its issue */
    console_len = 0;
    console[0] = 0;
    assert_int_equal(sys(&cpu, 111, 0, 0, 0), -CMS_ENOSYS);
    assert_string_equal(console, "morph: unimplemented system call 111 (?), returning -ENOSYS "
                                 "(issue 14: processes)\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_printf, setup),
        cmocka_unit_test_setup(test_demand_zero_and_refill, setup),
        cmocka_unit_test_setup(test_protect_unmap, setup),
        cmocka_unit_test_setup(test_frames_recycled, setup),
        cmocka_unit_test_setup(test_mmap_placement, setup),
        cmocka_unit_test_setup(test_brk, setup),
        cmocka_unit_test_setup(test_mremap, setup),
        cmocka_unit_test_setup(test_mmap_file, setup),
        cmocka_unit_test_setup(test_elf_check, setup),
        cmocka_unit_test_setup(test_stack, setup),
        cmocka_unit_test_setup(test_marshal, setup),
        cmocka_unit_test_setup(test_served_calls, setup),
        cmocka_unit_test_setup(test_futex_and_friends, setup),
        cmocka_unit_test_setup(test_code_pages, setup),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
