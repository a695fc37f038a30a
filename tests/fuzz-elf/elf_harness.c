/* Fuzz harness of the firmware's ELF loader (cms/cms_elf.c built with -DCMS_HOST; issue 20
 * part 2, docs/testing.md "Fuzzing the ELF loader").
 *
 * The input is the file `morph run` was given. cms_elf_load runs on it against a fake machine:
 * the host's open/pread64/close read the input, the page map is a table of 2^20 pages, and
 * every call the loader makes into memory management is checked:
 *   - pages it maps or changes lie in user space (CMS_MM_MMAP_MIN .. the stack's reserve), are
 *     page-aligned, and (for mprotect) were mapped before;
 *   - every byte it fills lies in a page it mapped writable-or-not, from the bounce area, within
 *     the segment's file part and the input;
 *   - a failure exits with 126 or 127 after one "morph: PATH: reason" line; a success has
 *     1..64 segments, entry and the program headers' address inside [lo, hi), brk at hi.
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
static int fd_open;
static struct cms_elf_info *cur_info;

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
    case 5: /* open */
        CHECK(!fd_open);
        CHECK(strcmp(bounce_ptr(args[0], sizeof PATH), PATH) == 0);
        fd_open = 1;
        return 3;
    case 180: /* pread64 */
        CHECK(fd_open && args[0] == 3);
        return file_read(bounce_ptr(args[1], args[2]), args[2], args[3] | (uint64_t)args[4] << 32);
    case 6: /* close */
        CHECK(fd_open && args[0] == 3);
        fd_open = 0;
        return 0;
    }
    CHECK(!"unexpected host system call");
    return -1;
}

int32_t cms_file_pread(int32_t fd, void *dst, uint32_t len, uint64_t off)
{
    CHECK(fd_open && fd == 3);
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
    CHECK(cur_info && va >= cur_info->lo && va + len <= cur_info->hi);
    set_prot(va, len, prot);
}

int32_t cms_mm_mprotect(uint32_t addr, uint32_t len, uint32_t prot)
{
    user_range(addr, len);
    for (uint32_t a = addr; a != addr + len; a += MM_PAGE_SIZE) CHECK(page_prot[a >> 12]);
    set_prot(addr, len, prot);
    return 0;
}

void cms_mm_fill(uint32_t va, const void *src, uint32_t len)
{
    CHECK(len && va + len > va);
    CHECK((const uint8_t *)src >= bounce && (const uint8_t *)src + len <= bounce + CMS_BOUNCE_SIZE);
    for (uint32_t a = va & ~(MM_PAGE_SIZE - 1); a < va + len; a += MM_PAGE_SIZE)
        CHECK(page_prot[a >> 12]);
    /* inside one segment's file part */
    int inside = 0;
    for (uint32_t i = 0; i < cur_info->nseg; i++) {
        const struct cms_elf_seg *s = &cur_info->seg[i];
        uint32_t v = s->vaddr + cur_info->bias;
        if (va >= v && va - v + len <= s->filesz) inside = 1;
    }
    CHECK(inside);
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
    fd_open = 0;
    exit_status = -1;
    cur_info = &info;
    volatile int loaded = 0;
    memcpy(bounce, PATH, sizeof PATH);
    if (!setjmp(exit_jmp)) {
        cms_elf_load(PATH, &info);
        loaded = 1;
        CHECK(!fd_open);
        CHECK(info.nseg >= 1 && info.nseg <= CMS_ELF_MAX_PHNUM);
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
        CHECK(!strncmp(console, "morph: " PATH ": ", sizeof "morph: " PATH ": " - 1));
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
}

static int fuzz_seeds(const char *dir, int n, char **files)
{
    (void)dir, (void)n, (void)files, (void)fuzz_write_seed;
    fprintf(stderr, "elf_harness: the seeds come from tests/tests.mk ($(FUZZ_ELF)/seeds)\n");
    return 2;
}
