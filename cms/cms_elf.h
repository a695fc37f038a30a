/* Loader for i386 ELF executables: ET_EXEC, ET_DYN at a fixed base, and with PT_INTERP the
 * program interpreter (ld.so) beside them, as Linux's exec does (docs/firmware.md "ELF loader").
 * Validation is split from I/O so that it can be unit-tested on crafted buffers. */
#ifndef CMS_ELF_H
#define CMS_ELF_H
#include <stdint.h>

#define CMS_ELF_EHDR_SIZE 52
#define CMS_ELF_PHDR_SIZE 32
#define CMS_ELF_MAX_PHNUM 64
#define CMS_ELF_DYN_BASE 0x56555000u /* where Linux puts a static-pie without ASLR */

enum cms_elf_err {
    CMS_ELF_OK = 0,
    CMS_ELF_NOT_ELF,     /* "not an ELF file" */
    CMS_ELF_TRUNCATED,   /* "truncated ELF file" */
    CMS_ELF_64BIT,       /* "64-bit ELF files are not supported (morph runs i386 programs)" */
    CMS_ELF_BIG_ENDIAN,  /* "big-endian ELF files are not supported" */
    CMS_ELF_MACHINE,     /* "ELF for machine N, not i386" */
    CMS_ELF_TYPE,        /* "not an executable (ELF type N)" */
    CMS_ELF_INTERP,      /* "bad program interpreter path (PT_INTERP)" */
    CMS_ELF_BAD_PHDR,    /* "bad program headers" */
    CMS_ELF_BAD_SEGMENT, /* "bad loadable segment" */
};

struct cms_elf_seg {
    uint32_t vaddr, memsz, offset, filesz, flags; /* flags: PF_X 1, PF_W 2, PF_R 4 */
};

struct cms_elf_info {
    uint32_t type, machine, entry, phoff, phnum;
    uint32_t detail;  /* N for CMS_ELF_MACHINE / CMS_ELF_TYPE */
    uint32_t bias;    /* load bias (0 for ET_EXEC) */
    uint32_t phdr_va; /* AT_PHDR (biased) */
    uint32_t lo, hi;  /* page-aligned extent of all PT_LOADs (biased) */
    uint32_t interp_off, interp_len; /* PT_INTERP's path in the file (its NUL included); len 0: none */
    uint32_t interp_bias, interp_entry; /* the interpreter once loaded: AT_BASE, the first EIP */
    uint32_t nseg;
    struct cms_elf_seg seg[CMS_ELF_MAX_PHNUM];
};

/* buf holds the first len bytes of the file (len may be short for tiny files). */
enum cms_elf_err cms_elf_check_ehdr(const uint8_t *buf, uint32_t len, struct cms_elf_info *info);
/* ph holds len bytes read at info->phoff. Fills seg[], bias, phdr_va, lo, hi. */
enum cms_elf_err cms_elf_check_phdrs(const uint8_t *ph, uint32_t len, struct cms_elf_info *info);
/* One-line reason for err (no program name, no newline). */
void cms_elf_errmsg(enum cms_elf_err err, const struct cms_elf_info *info, char *buf,
                    uint32_t size);

/* Open path through the host, validate, map and fill every PT_LOAD, set the initial brk; with
 * PT_INTERP, load the interpreter the same way where mmap would put it (interp_bias,
 * interp_entry; the guest starts there). On any failure print "morph: PATH: reason" and exit
 * (126, or 127 for a missing file). */
void cms_elf_load(const char *path, struct cms_elf_info *info);

#endif
