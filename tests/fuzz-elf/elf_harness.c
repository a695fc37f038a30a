/* Fuzz harness of the firmware's ELF loader (cms/cms_elf.c built with -DCMS_HOST; issue 20
 * part 2, docs/testing.md "Fuzzing the ELF loader").
 *
 * The input is the file `morph run` was given. cms_elf_load runs on it against a fake machine:
 * the host's open/pread64/close read the input, the page map is a table of 2^20 pages, and
 * every call the loader makes into memory management is checked. A program interpreter the input
 * names (PT_INTERP) is a small valid ET_DYN image the harness makes (interp_image), or missing
 * when its path starts with 'x'; mmap's free range for it is INTERP_TOP - its size. Checks:
 *   - pages it maps or changes lie in user space (CMS_MM_MMAP_MIN .. the stack's reserve), are
 *     page-aligned, and (for mprotect) were mapped before;
 *   - every byte it fills lies in a page it mapped writable-or-not, from the bounce area, within
 *     the segment's file part and the input;
 *   - a failure exits with 126 or 127 after one "morph: PATH: reason" line (PATH the input's or
 *     the interpreter's); a success has 1..64 segments, entry and the program headers' address
 *     inside [lo, hi), brk at hi, and with PT_INTERP the interpreter's entry in its range.
 * A violated rule is abort() (a crash for AFL++); ASan/UBSan catch the rest.
 *
 * main() is tests/lib/fuzz_main.h's: elf_harness FILE... replays (prints "N inputs, M accepted",
 * accepted = loaded); built with afl-cc it runs AFL++'s persistent mode. The seeds are made by
 * tests/tests.mk (the project's own programs, stripped), not by the harness. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cms.h"
#include "cms_elf.h"
#include "cms_errno.h"
#include "cms_htif.h"
#include "cms_hw.h"
#include "cms_mm.h"
#include "cms_pte.h"
#include "morph/memmap.h"

#define FUZZ_NAME "elf"
#include "../lib/fuzz_main.h"

#define PAGES (1u << 20)
#define PATH "fuzz.elf"

struct morph_config cms_config;

static const uint8_t *in;   /* the file */
static uint32_t in_len;
static uint8_t *bounce;
static uint8_t page_prot[PAGES]; /* CMS_PTE_MAPPED | R W X, 0: not mapped */
static uint32_t touched[PAGES];  /* pages to clear after the run */
static uint32_t ntouched;
static jmp_buf exit_jmp;
static int exit_status;
static char console[512];
static uint32_t console_len;
static uint32_t brk_start;
static int fd_open, ifd_open;
static struct cms_elf_info *cur_info;

/* The program interpreter: an ET_DYN image of one R+X PT_LOAD at 0 (headers and code, 0x80
 * bytes) and one RW PT_LOAD at 0x1000 (8 bytes of data, 0x20 in memory), entry 0x78. */
#define INTERP_TOP 0xb0000000u
static uint8_t interp_image[0x1008];
static uint32_t interp_lo, interp_hi; /* where cms_mm_find_free put it */
static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, v), put16(p + 2, v >> 16); }
static void make_interp(void)
{
    uint8_t *e = interp_image;
    memcpy(e, "\177ELF\1\1\1", 7);
    put16(e + 16, 3), put16(e + 18, 3), put32(e + 20, 1), put32(e + 24, 0x78), put32(e + 28, 52);
    put16(e + 40, 52), put16(e + 42, 32), put16(e + 44, 2);
    uint8_t *p = e + 52;
    put32(p, 1), put32(p + 4, 0), put32(p + 8, 0), put32(p + 16, 0x80), put32(p + 20, 0x80), put32(p + 24, 5);
    p += 32;
    put32(p, 1), put32(p + 4, 0x1000), put32(p + 8, 0x1000), put32(p + 16, 8), put32(p + 20, 0x20), put32(p + 24, 6);
    memset(e + 0x78, 0x90, 8); /* the code: after the headers (0x74 bytes) */
    memcpy(e + 0x1000, "ld.so!!", 8);
}
uint32_t cms_mm_find_free(uint32_t len, uint32_t lo, uint32_t hi)
{
    FUZZ_CHECK(len && !(len & (MM_PAGE_SIZE - 1)) && lo == CMS_MM_MMAP_MIN && hi == CMS_MM_MMAP_TOP);
    interp_lo = INTERP_TOP - len;
    interp_hi = INTERP_TOP;
    return interp_lo;
}

#define CHECK(c) FUZZ_CHECK(c)

/* ---- the fake machine ---- */

uint8_t *cms_hw_bounce(void) { return bounce; }
uint32_t cms_hw_phys(const void *p)
{
    const uint8_t *b = p;
    CHECK(b >= bounce && b < bounce + CMS_BOUNCE_SIZE);
    return CMS_BOUNCE_BASE + (uint32_t)(b - bounce);
}

static void *bounce_ptr(uint32_t phys, uint32_t len)
{
    CHECK(phys >= CMS_BOUNCE_BASE && len <= CMS_BOUNCE_SIZE &&
          phys - CMS_BOUNCE_BASE <= CMS_BOUNCE_SIZE - len);
    return bounce + (phys - CMS_BOUNCE_BASE);
}

static int32_t file_read(void *dst, uint32_t len, uint64_t off)
{
    if (off >= in_len) return 0;
    uint32_t n = in_len - (uint32_t)off < len ? in_len - (uint32_t)off : len;
    memcpy(dst, in + off, n);
    return (int32_t)n;
}

int32_t cms_htif_syscall(uint32_t nr, const uint32_t args[6])
{
    switch (nr) {
    case 5: { /* open: the input (fd 3), then maybe the interpreter (fd 4) */
        const char *path = bounce_ptr(args[0], 1);
        CHECK(memchr(path, 0, CMS_BOUNCE_SIZE - (args[0] - CMS_BOUNCE_BASE)));
        if (!fd_open) {
            CHECK(strcmp(path, PATH) == 0);
            fd_open = 1;
            return 3;
        }
        CHECK(!ifd_open && path[0]);
        if (path[0] == 'x') return -CMS_ENOENT;
        ifd_open = 1;
        return 4;
    }
    case 180: /* pread64 */
        CHECK((fd_open && args[0] == 3) || (ifd_open && args[0] == 4));
        if (args[0] == 4) {
            uint64_t off = args[3] | (uint64_t)args[4] << 32;
            uint32_t len = args[2];
            uint8_t *dst = bounce_ptr(args[1], len);
            if (off >= sizeof interp_image) return 0;
            if (len > sizeof interp_image - off) len = sizeof interp_image - (uint32_t)off;
            memcpy(dst, interp_image + off, len);
            return (int32_t)len;
        }
        return file_read(bounce_ptr(args[1], args[2]), args[2], args[3] | (uint64_t)args[4] << 32);
    case 6: /* close */
        CHECK((fd_open && args[0] == 3) || (ifd_open && args[0] == 4));
        if (args[0] == 4) ifd_open = 0;
        else fd_open = 0;
        return 0;
    }
    CHECK(!"unexpected host system call");
    return -1;
}

int32_t cms_file_pread(int32_t fd, void *dst, uint32_t len, uint64_t off)
{
    CHECK((fd_open && fd == 3) || (ifd_open && fd == 4));
    if (fd == 4) {
        if (off >= sizeof interp_image) return 0;
        if (len > sizeof interp_image - off) len = sizeof interp_image - (uint32_t)off;
        memcpy(dst, interp_image + off, len);
        return (int32_t)len;
    }
    return file_read(dst, len, off);
}

void cms_htif_console(const char *buf, uint32_t len)
{
    CHECK(console_len + len < sizeof console);
    memcpy(console + console_len, buf, len);
    console_len += len;
    console[console_len] = 0;
}

_Noreturn void cms_exit(int status)
{
    exit_status = status;
    longjmp(exit_jmp, 1);
}

static void user_range(uint32_t va, uint32_t len)
{
    CHECK((va & (MM_PAGE_SIZE - 1)) == 0 && (len & (MM_PAGE_SIZE - 1)) == 0 && len);
    CHECK(va >= CMS_MM_MMAP_MIN && va + len > va && va + len <= CMS_MM_TASK_TOP - CMS_MM_STACK_SIZE);
}

uint32_t cms_mm_pte(uint32_t va)
{
    uint8_t p = page_prot[va >> 12];
    return p ? (CMS_PTE_MAPPED | (p & 7u)) : 0;
}

static void set_prot(uint32_t va, uint32_t len, unsigned prot)
{
    for (uint32_t a = va; a != va + len; a += MM_PAGE_SIZE) {
        if (!page_prot[a >> 12]) touched[ntouched++] = a >> 12;
        page_prot[a >> 12] = (uint8_t)(0x80 | (prot & 7u));
    }
}

void cms_mm_map_anon(uint32_t va, uint32_t len, unsigned prot)
{
    user_range(va, len);
    CHECK(cur_info && ((va >= cur_info->lo && va + len <= cur_info->hi) ||
                       (ifd_open && va >= interp_lo && va + len <= interp_hi)));
    set_prot(va, len, prot);
}

int32_t cms_mm_mprotect(uint32_t addr, uint32_t len, uint32_t prot)
{
    user_range(addr, len);
    for (uint32_t a = addr; a != addr + len; a += MM_PAGE_SIZE) CHECK(page_prot[a >> 12]);
    set_prot(addr, len, prot);
    return 0;
}

int32_t cms_mm_fill_file(uint32_t va, uint32_t len, int32_t fd, uint64_t off)
{
    CHECK((fd_open && fd == 3) || (ifd_open && fd == 4));
    CHECK(len && va + len > va);
    for (uint32_t a = va & ~(MM_PAGE_SIZE - 1); a < va + len; a += MM_PAGE_SIZE)
        CHECK(page_prot[a >> 12]);
    /* one segment's file part (the interpreter's: 0x80 bytes at its start, 8 at 0x1000) */
    int inside = 0;
    if (ifd_open)
        inside = (va == interp_lo && len == 0x80) || (va == interp_lo + 0x1000 && len == 8);
    for (uint32_t i = 0; !ifd_open && i < cur_info->nseg; i++) {
        const struct cms_elf_seg *s = &cur_info->seg[i];
        if (va == s->vaddr + cur_info->bias && len == s->filesz) inside = 1;
    }
    CHECK(inside);
    /* the bytes the host would write into the pages */
    const uint32_t size = fd == 4 ? (uint32_t)sizeof interp_image : in_len;
    if (off >= size) return 0;
    return (int32_t)(size - off < len ? size - off : len);
}

/* marks pages the loader reserved and filled (CMS_PTE_FILE): page-aligned, inside them */
void cms_mm_mark(uint32_t va, uint32_t len, uint32_t bits)
{
    CHECK(!(va & (MM_PAGE_SIZE - 1)) && !(len & (MM_PAGE_SIZE - 1)) && len && bits);
    user_range(va, len);
    for (uint32_t a = va; a != va + len; a += MM_PAGE_SIZE) CHECK(page_prot[a >> 12]);
}

void cms_mm_brk_init(uint32_t start) { brk_start = start; }

/* ---- one input ---- */

static int fuzz_one(const uint8_t *data, uint32_t len)
{
    static struct cms_elf_info info;
    in = data;
    in_len = len;
    console_len = 0;
    console[0] = 0;
    brk_start = 0;
    fd_open = ifd_open = 0;
    interp_lo = interp_hi = 0;
    exit_status = -1;
    cur_info = &info;
    volatile int loaded = 0;
    memcpy(bounce, PATH, sizeof PATH);
    if (!setjmp(exit_jmp)) {
        cms_elf_load(PATH, &info);
        loaded = 1;
        CHECK(!fd_open && !ifd_open);
        CHECK(info.nseg >= 1 && info.nseg <= CMS_ELF_MAX_PHNUM);
        if (info.interp_len)
            CHECK(interp_lo && info.interp_bias == interp_lo && info.interp_entry == interp_lo + 0x78);
        CHECK(info.lo < info.hi && info.lo >= CMS_MM_MMAP_MIN);
        CHECK(info.entry + info.bias >= info.lo && info.entry + info.bias < info.hi);
        CHECK(brk_start == info.hi);
        CHECK(console_len == 0);
        for (uint32_t i = 0; i < info.nseg; i++) {
            const struct cms_elf_seg *s = &info.seg[i];
            CHECK(s->filesz <= s->memsz && (!s->filesz || (uint64_t)s->offset + s->filesz <= in_len));
            for (uint32_t a = (s->vaddr + info.bias) & ~(MM_PAGE_SIZE - 1); a < s->vaddr + info.bias + s->memsz;
                 a += MM_PAGE_SIZE)
                CHECK(page_prot[a >> 12]);
        }
    } else {
        CHECK(exit_status == 126 || exit_status == 127);
        CHECK(!strncmp(console, "morph: ", 7) && strstr(console, ": ") && strstr(console + 7, ": "));
        CHECK(console_len > 0 && console[console_len - 1] == '\n' && !strchr(console, '\n')[1]);
    }
    for (uint32_t i = 0; i < ntouched; i++) page_prot[touched[i]] = 0;
    ntouched = 0;
    cur_info = NULL;
    return loaded;
}

static void fuzz_setup(void)
{
    bounce = malloc(CMS_BOUNCE_SIZE);
    CHECK(bounce);
    make_interp();
}

static int fuzz_seeds(const char *dir, int n, char **files)
{
    (void)dir, (void)n, (void)files, (void)fuzz_write_seed;
    fprintf(stderr, "elf_harness: the seeds come from tests/tests.mk ($(FUZZ_ELF)/seeds)\n");
    return 2;
}
