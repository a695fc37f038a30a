/* Bare RV32 ELF loader, and the firmware's read-only sections for the concealment check. */
#include "sim_elf.h"
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Opens path and reads a little-endian RV32 ELF header with program headers (sections: with
 * section headers); NULL with a message otherwise. */
static FILE *open_rv32(const char *path, Elf32_Ehdr *eh, int sections)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "morph: cannot open %s: %s\n", path, strerror(errno));
        return NULL;
    }
    if (fread(eh, sizeof *eh, 1, f) != 1 || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
        eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_RISCV ||
        eh->e_phentsize != sizeof(Elf32_Phdr) || (sections && eh->e_shentsize != sizeof(Elf32_Shdr))) {
        fprintf(stderr, "morph: %s is not a little-endian RV32 ELF file%s\n", path, sections ? " with section headers" : "");
        fclose(f);
        return NULL;
    }
    return f;
}

int sim_elf_load(struct sim_mem *m, const char *path, uint32_t *entry)
{
    Elf32_Ehdr eh;
    FILE *f = open_rv32(path, &eh, 0);
    if (!f) return -1;
    int rc = -1;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf32_Phdr ph;
        if (fseek(f, (long)(eh.e_phoff + i * sizeof ph), SEEK_SET) || fread(&ph, sizeof ph, 1, f) != 1) {
            fprintf(stderr, "morph: %s: truncated program headers\n", path);
            goto out;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
        uint8_t *dst = ph.p_filesz <= ph.p_memsz ? sim_mem_any(m, ph.p_paddr, ph.p_memsz) : NULL;
        if (!dst) {
            fprintf(stderr, "morph: %s: segment at 0x%08x (+%u bytes) is outside model memory\n", path,
                    ph.p_paddr, ph.p_memsz);
            goto out;
        }
        if (ph.p_filesz && (fseek(f, (long)ph.p_offset, SEEK_SET) ||
                            fread(dst, 1, ph.p_filesz, f) != ph.p_filesz)) {
            fprintf(stderr, "morph: %s: cannot read segment %u\n", path, i);
            goto out;
        }
        memset(dst + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
    }
    *entry = eh.e_entry;
    rc = 0;
out:
    fclose(f);
    return rc;
}

int sim_elf_readonly(const char *path, struct sim_ro_image *img)
{
    memset(img, 0, sizeof *img);
    Elf32_Ehdr eh;
    FILE *f = open_rv32(path, &eh, 1);
    if (!f) return -1;
    int rc = -1;
    for (unsigned i = 0; i < eh.e_shnum; i++) {
        Elf32_Shdr sh;
        if (fseek(f, (long)(eh.e_shoff + i * sizeof sh), SEEK_SET) || fread(&sh, sizeof sh, 1, f) != 1) {
            fprintf(stderr, "morph: %s: truncated section headers\n", path);
            goto out;
        }
        if (sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_ALLOC) || (sh.sh_flags & SHF_WRITE) || !sh.sh_size)
            continue;
        if (img->n == sizeof img->sec / sizeof img->sec[0]) {
            fprintf(stderr, "morph: %s: more read-only sections than the concealment check keeps\n", path);
            goto out;
        }
        uint8_t *b = malloc(sh.sh_size);
        if (!b || fseek(f, (long)sh.sh_offset, SEEK_SET) || fread(b, 1, sh.sh_size, f) != sh.sh_size) {
            free(b);
            fprintf(stderr, "morph: %s: cannot read section %u\n", path, i);
            goto out;
        }
        img->sec[img->n].addr = sh.sh_addr;
        img->sec[img->n].size = sh.sh_size;
        img->sec[img->n++].bytes = b;
    }
    rc = 0;
out:
    fclose(f);
    if (rc) sim_elf_readonly_free(img);
    return rc;
}

uint32_t sim_elf_readonly_diff(const struct sim_mem *m, const struct sim_ro_image *img, uint32_t *where)
{
    uint32_t n = 0;
    for (unsigned s = 0; s < img->n; s++) {
        const uint8_t *mem = sim_mem_any(m, img->sec[s].addr, img->sec[s].size);
        for (uint32_t k = 0; k < img->sec[s].size; k++)
            if ((!mem || mem[k] != img->sec[s].bytes[k]) && !n++) *where = img->sec[s].addr + k;
    }
    return n;
}

void sim_elf_readonly_free(struct sim_ro_image *img)
{
    for (unsigned s = 0; s < img->n; s++) free(img->sec[s].bytes);
    img->n = 0;
}
