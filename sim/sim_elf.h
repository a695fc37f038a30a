/* Loader for bare RV32 ELF executables (morph sim): PT_LOAD segments go straight into model
 * memory at their physical addresses. */
#ifndef SIM_ELF_H
#define SIM_ELF_H
#include <stdint.h>
#include "sim_mem.h"

/* Returns 0 and the entry point, or -1 with a message printed. */
int sim_elf_load(struct sim_mem *m, const char *path, uint32_t *entry);

#endif
