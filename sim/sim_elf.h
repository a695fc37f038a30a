/* Loader for bare RV32 ELF executables (morph sim): PT_LOAD segments go straight into model
 * memory at their physical addresses. */
#ifndef SIM_ELF_H
#define SIM_ELF_H
#include <stdint.h>
#include "sim_mem.h"

/* Returns 0 and the entry point, or -1 with a message printed. */
int sim_elf_load(struct sim_mem *m, const char *path, uint32_t *entry);

/* The firmware's read-only sections (allocated, not writable, with contents: text, rodata) as
 * the ELF file at path holds them, against model memory: 0 when every byte is the same, 1 when
 * one differs (*where: its physical address, *nbytes: how many differ), -1 when the file
 * cannot be read (a message says why). Concealment check of `morph run` (docs/firmware.md "Concealment"). */
int sim_elf_check_readonly(const struct sim_mem *m, const char *path, uint32_t *where, uint32_t *nbytes);

#endif
