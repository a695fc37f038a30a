/* Loader for bare RV32 ELF executables (morph sim): PT_LOAD segments go straight into model
 * memory at their physical addresses. */
#ifndef SIM_ELF_H
#define SIM_ELF_H
#include <stdint.h>
#include "sim_mem.h"

/* Returns 0 and the entry point, or -1 with a message printed. */
int sim_elf_load(struct sim_mem *m, const char *path, uint32_t *entry);

/* The firmware's read-only sections (allocated, not writable, with contents: text, rodata),
 * read from its ELF file when the run starts: the concealment check of `morph run`
 * (docs/firmware.md "Concealment") compares model memory with them when it ends. */
struct sim_ro_image {
    unsigned n;
    struct { uint32_t addr, size; uint8_t *bytes; } sec[16];
};
/* 0, or -1 with a message when the file cannot be read. */
int sim_elf_readonly(const char *path, struct sim_ro_image *img);
/* 0 when every byte is the same, else how many differ (*where: the first one's address). */
uint32_t sim_elf_readonly_diff(const struct sim_mem *m, const struct sim_ro_image *img, uint32_t *where);
void sim_elf_readonly_free(struct sim_ro_image *img);

#endif
