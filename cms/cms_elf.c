/* i386 ELF loader: the program, and its program interpreter if it names one. All file access is
 * forwarded to the host (open/pread64/close); segment contents are copied into fresh guest frames
 * before the guest runs. */
#include <string.h>
#include "cms.h"
#include "cms_elf.h"
#include "cms_errno.h"
#include "cms_htif.h"
#include "cms_mm.h"
#include "morph/memmap.h"

#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PF_X 1u
#define PF_W 2u
#define PF_R 4u
#define ET_EXEC 2
#define ET_DYN 3
#define EM_386 3
#define PAGE_MASK (MM_PAGE_SIZE - 1)

static uint32_t rd16(const uint8_t *p) { return p[0] | (uint32_t)p[1] << 8; }
static uint32_t rd32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

enum cms_elf_err cms_elf_check_ehdr(const uint8_t *buf, uint32_t len, struct cms_elf_info *info)
{
    memset(info, 0, sizeof *info);
    if (len < 4 || buf[0] != 0x7f || buf[1] != 'E' || buf[2] != 'L' || buf[3] != 'F')
        return CMS_ELF_NOT_ELF;
    if (len < 6) return CMS_ELF_TRUNCATED;
    if (buf[4] == 2) return CMS_ELF_64BIT;
    if (buf[4] != 1) return CMS_ELF_NOT_ELF; /* ELFCLASSNONE or garbage */
    if (buf[5] == 2) return CMS_ELF_BIG_ENDIAN;
    if (buf[5] != 1) return CMS_ELF_NOT_ELF;
    if (len < CMS_ELF_EHDR_SIZE) return CMS_ELF_TRUNCATED;
    info->type = rd16(buf + 16);
    info->machine = rd16(buf + 18);
    if (info->machine != EM_386) {
        info->detail = info->machine;
        return CMS_ELF_MACHINE;
    }
    if (info->type != ET_EXEC && info->type != ET_DYN) {
        info->detail = info->type;
        return CMS_ELF_TYPE;
    }
    info->entry = rd32(buf + 24);
    info->phoff = rd32(buf + 28);
    info->phnum = rd16(buf + 44);
    if (rd16(buf + 42) != CMS_ELF_PHDR_SIZE || info->phnum == 0 ||
        info->phnum > CMS_ELF_MAX_PHNUM || info->phoff + info->phnum * CMS_ELF_PHDR_SIZE < info->phoff)
        return CMS_ELF_BAD_PHDR;
    return CMS_ELF_OK;
}

enum cms_elf_err cms_elf_check_phdrs(const uint8_t *ph, uint32_t len, struct cms_elf_info *info)
{
    if (len < info->phnum * CMS_ELF_PHDR_SIZE) return CMS_ELF_TRUNCATED;
    uint32_t lo = 0xffffffffu, hi = 0, phdr_vaddr = 0;
    int have_phdr = 0;
    info->nseg = 0;
    for (uint32_t i = 0; i < info->phnum; i++) {
        const uint8_t *p = ph + i * CMS_ELF_PHDR_SIZE;
        uint32_t type = rd32(p);
        if (type == PT_INTERP) { /* a path of 1 to 4095 characters and its NUL */
            info->interp_off = rd32(p + 4);
            info->interp_len = rd32(p + 16);
            if (info->interp_len < 2 || info->interp_len > 4096 ||
                info->interp_off + info->interp_len < info->interp_off)
                return CMS_ELF_INTERP;
        }
        if (type == PT_PHDR) {
            have_phdr = 1;
            phdr_vaddr = rd32(p + 8);
        }
        if (type != PT_LOAD) continue;
        struct cms_elf_seg s = {.offset = rd32(p + 4), .vaddr = rd32(p + 8), .filesz = rd32(p + 16),
                                .memsz = rd32(p + 20), .flags = rd32(p + 24)};
        if (s.filesz > s.memsz || s.vaddr + s.memsz < s.vaddr || s.offset + s.filesz < s.offset)
            return CMS_ELF_BAD_SEGMENT;
        if (s.vaddr < lo) lo = s.vaddr;
        if (s.vaddr + s.memsz > hi) hi = s.vaddr + s.memsz;
        /* an empty PT_LOAD maps nothing (Linux's elf_map skips it; ld makes one for an empty
         * .eh_frame of a static-pie): it only counts for the extent, as for Linux's brk */
        if (s.memsz) info->seg[info->nseg++] = s;
    }
    if (!info->nseg) return CMS_ELF_BAD_SEGMENT;
    lo &= ~PAGE_MASK;
    hi = (hi + PAGE_MASK) & ~PAGE_MASK;
    if (hi == 0) return CMS_ELF_BAD_SEGMENT; /* wrapped past 4 GiB */
    info->bias = info->type == ET_DYN ? CMS_ELF_DYN_BASE - lo : 0;
    lo += info->bias;
    hi += info->bias;
    if (hi < lo || lo < CMS_MM_MMAP_MIN || hi > CMS_MM_TASK_TOP - CMS_MM_STACK_SIZE)
        return CMS_ELF_BAD_SEGMENT;
    info->lo = lo;
    info->hi = hi;
    if (info->entry + info->bias < lo || info->entry + info->bias >= hi) return CMS_ELF_BAD_SEGMENT;
    /* AT_PHDR: PT_PHDR if present, else the PT_LOAD whose file range holds the headers. */
    if (!have_phdr) {
        for (uint32_t i = 0; i < info->nseg; i++) {
            const struct cms_elf_seg *s = &info->seg[i];
            if (info->phoff >= s->offset && info->phoff - s->offset < s->filesz) {
                phdr_vaddr = s->vaddr + (info->phoff - s->offset);
                have_phdr = 1;
                break;
            }
        }
    }
    info->phdr_va = have_phdr ? phdr_vaddr + info->bias : 0;
    return CMS_ELF_OK;
}

void cms_elf_errmsg(enum cms_elf_err err, const struct cms_elf_info *info, char *buf,
                    uint32_t size)
{
    switch (err) {
    case CMS_ELF_OK: cms_snprintf(buf, size, "ok"); break;
    case CMS_ELF_NOT_ELF: cms_snprintf(buf, size, "not an ELF file"); break;
    case CMS_ELF_TRUNCATED: cms_snprintf(buf, size, "truncated ELF file"); break;
    case CMS_ELF_64BIT:
        cms_snprintf(buf, size, "64-bit ELF files are not supported (morph runs i386 programs)");
        break;
    case CMS_ELF_BIG_ENDIAN: cms_snprintf(buf, size, "big-endian ELF files are not supported"); break;
    case CMS_ELF_MACHINE:
        cms_snprintf(buf, size, "ELF for machine %u, not i386", info->detail);
        break;
    case CMS_ELF_TYPE: cms_snprintf(buf, size, "not an executable (ELF type %u)", info->detail); break;
    case CMS_ELF_INTERP:
        cms_snprintf(buf, size, "bad program interpreter path (PT_INTERP)");
        break;
    case CMS_ELF_BAD_PHDR: cms_snprintf(buf, size, "bad ELF program headers"); break;
    case CMS_ELF_BAD_SEGMENT: cms_snprintf(buf, size, "bad ELF loadable segment"); break;
    }
}

static _Noreturn void load_fail(const char *path, const char *reason, int status)
{
    cms_printf("morph: %s: %s\n", path, reason);
    cms_exit(status);
}

static const char *errno_text(int32_t e)
{
    switch (-e) {
    case CMS_ENOENT: return "No such file or directory";
    case CMS_EACCES: return "Permission denied";
    case CMS_EISDIR: return "Is a directory";
    case CMS_ENOTDIR: return "Not a directory";
    case CMS_ENAMETOOLONG: return "File name too long";
    case CMS_ELOOP: return "Too many levels of symbolic links";
    case CMS_EIO: return "Input/output error";
    default: return 0;
    }
}

static _Noreturn void io_fail(const char *path, int32_t e)
{
    const char *t = errno_text(e);
    char buf[48];
    if (!t) {
        cms_snprintf(buf, sizeof buf, "cannot read (error %d)", (int)-e);
        t = buf;
    }
    load_fail(path, t, e == -CMS_ENOENT ? 127 : 126);
}

static int32_t open_file(const char *path)
{
    uint8_t *bounce = cms_hw_bounce();
    uint32_t plen = (uint32_t)strlen(path);
    if (plen + 1 > 4096) io_fail(path, -CMS_ENAMETOOLONG);
    memcpy(bounce, path, plen + 1);
    uint32_t oargs[6] = {cms_hw_phys(bounce), 0 /* O_RDONLY */};
    int32_t fd = cms_htif_syscall(5 /* open */, oargs);
    if (fd < 0) io_fail(path, fd);
    return fd;
}

/* Reads and checks the headers of the open file fd. */
static void check_file(const char *path, int32_t fd, struct cms_elf_info *info)
{
    static uint8_t hdr[CMS_ELF_EHDR_SIZE];
    int32_t n = cms_file_pread(fd, hdr, sizeof hdr, 0);
    if (n < 0) io_fail(path, n);
    char why[96];
    enum cms_elf_err err = cms_elf_check_ehdr(hdr, (uint32_t)n, info);
    if (err == CMS_ELF_OK) {
        static uint8_t ph[CMS_ELF_MAX_PHNUM * CMS_ELF_PHDR_SIZE];
        n = cms_file_pread(fd, ph, info->phnum * CMS_ELF_PHDR_SIZE, info->phoff);
        if (n < 0) io_fail(path, n);
        err = cms_elf_check_phdrs(ph, (uint32_t)n, info);
    }
    if (err != CMS_ELF_OK) {
        cms_elf_errmsg(err, info, why, sizeof why);
        load_fail(path, why, 126);
    }
}

/* Maps and fills every PT_LOAD of the checked file fd. */
static void load_segments(const char *path, int32_t fd, const struct cms_elf_info *info)
{
    /* Reserve every page with the union of the protections of the segments that touch it. */
    for (uint32_t i = 0; i < info->nseg; i++) {
        const struct cms_elf_seg *s = &info->seg[i];
        uint32_t prot = (s->flags & PF_R ? CMS_PROT_READ : 0) |
                        (s->flags & PF_W ? CMS_PROT_WRITE : 0) |
                        (s->flags & PF_X ? CMS_PROT_EXEC : 0);
        uint32_t start = (s->vaddr + info->bias) & ~PAGE_MASK;
        uint32_t end = (s->vaddr + info->bias + s->memsz + PAGE_MASK) & ~PAGE_MASK;
        for (uint32_t va = start; va != end; va += MM_PAGE_SIZE) {
            uint32_t pte = cms_mm_pte(va);
            if (!(pte & CMS_PTE_MAPPED)) {
                cms_mm_map_anon(va, MM_PAGE_SIZE, prot);
            } else {
                uint32_t old = (pte & CMS_PTE_R ? CMS_PROT_READ : 0) |
                               (pte & CMS_PTE_W ? CMS_PROT_WRITE : 0) |
                               (pte & CMS_PTE_X ? CMS_PROT_EXEC : 0);
                cms_mm_mprotect(va, MM_PAGE_SIZE, old | prot);
            }
        }
    }
    /* File part of each segment; the rest (bss) stays demand-zero or zero in fresh frames. */
    for (uint32_t i = 0; i < info->nseg; i++) {
        const struct cms_elf_seg *s = &info->seg[i];
        if (s->filesz) {
            const int32_t r = cms_mm_fill_file(s->vaddr + info->bias, s->filesz, fd, s->offset);
            if (r < 0) io_fail(path, r);
            if ((uint32_t)r != s->filesz) load_fail(path, "truncated ELF file", 126);
        }
        if (s->filesz) { /* the pages that hold file bytes (madvise: cms_mm.c) */
            uint32_t lo = (s->vaddr + info->bias) & ~PAGE_MASK;
            cms_mm_mark(lo, ((s->vaddr + info->bias + s->filesz + PAGE_MASK) & ~PAGE_MASK) - lo, CMS_PTE_FILE);
        }
    }
}

static void close_file(int32_t fd)
{
    uint32_t cargs[6] = {(uint32_t)fd};
    cms_htif_syscall(6 /* close */, cargs);
}

/* The program interpreter named by the program's PT_INTERP, placed where a mmap of its size
 * would go (Linux's load_elf_interp maps it the same way). */
static void load_interp(const char *path, int32_t fd, struct cms_elf_info *info)
{
    static char ipath[4096];
    int32_t n = cms_file_pread(fd, ipath, info->interp_len, info->interp_off);
    if (n < 0) io_fail(path, n);
    if ((uint32_t)n != info->interp_len || ipath[n - 1] || strlen(ipath) != (uint32_t)n - 1)
        load_fail(path, "bad program interpreter path (PT_INTERP)", 126);
    static struct cms_elf_info ii;
    int32_t ifd = open_file(ipath);
    check_file(ipath, ifd, &ii);
    if (ii.interp_len) load_fail(ipath, "a program interpreter that names one itself (PT_INTERP)", 126);
    if (ii.type != ET_DYN) load_fail(ipath, "a program interpreter that is not ET_DYN", 126);
    uint32_t size = ii.hi - ii.lo, base = cms_mm_find_free(size, CMS_MM_MMAP_MIN, CMS_MM_MMAP_TOP);
    if (!base) load_fail(ipath, "no room for the program interpreter", 126);
    uint32_t delta = base - ii.lo;
    ii.bias += delta;
    ii.lo += delta;
    ii.hi += delta;
    load_segments(ipath, ifd, &ii);
    close_file(ifd);
    info->interp_bias = ii.bias;
    info->interp_entry = ii.entry + ii.bias;
    if (cms_config.flags & MORPH_CFG_VERBOSE)
        cms_printf("morph: loaded the interpreter %s: %u segments at 0x%08x..0x%08x, entry 0x%08x\n",
                   ipath, ii.nseg, ii.lo, ii.hi, info->interp_entry);
}

void cms_elf_load(const char *path, struct cms_elf_info *info)
{
    int32_t fd = open_file(path);
    check_file(path, fd, info);
    load_segments(path, fd, info);
    cms_mm_brk_init(info->hi);
    if (cms_config.flags & MORPH_CFG_VERBOSE)
        cms_printf("morph: loaded %s: %u segments at 0x%08x..0x%08x, entry 0x%08x, brk 0x%08x\n",
                   path, info->nseg, info->lo, info->hi, info->entry + info->bias, info->hi);
    if (info->interp_len) load_interp(path, fd, info);
    close_file(fd);
}
