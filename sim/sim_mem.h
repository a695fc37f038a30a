/* Physical memory of the modeled machine: boot ROM, flash, RAM (memmap.h). RAM is one
 * MAP_NORESERVE mapping, so untouched pages cost nothing and the execute loop can use direct
 * host pointers. */
#ifndef SIM_MEM_H
#define SIM_MEM_H
#include <stddef.h>
#include <stdint.h>
#include "morph/memmap.h"

/* morph host (sim_link.c): RAM is a mirror of a board's, filled on demand. fetch brings
 * [pa, pa+len) over the link the first time a request touches it; 0, or -1 when the link failed
 * (the access then fails as an out-of-RAM one). */
struct sim_mem_fetch {
    int (*fetch)(struct sim_mem_fetch *f, uint32_t pa, uint32_t len);
};

struct sim_mem {
    uint8_t *ram;
    uint32_t ram_size;            /* bytes, multiple of the page size */
    uint8_t *bootrom;             /* MM_BOOTROM_SIZE bytes */
    uint8_t *flash;               /* MM_FLASH_SIZE bytes */
    struct sim_mem_fetch *fetch;  /* NULL but in morph host: one predictable branch below */
};

int sim_mem_init(struct sim_mem *m, uint32_t ram_size); /* 0, or -1 with a message printed */
void sim_mem_free(struct sim_mem *m);

/* Host pointer to [pa, pa+len) if it lies entirely in RAM, else NULL. HTIF and syscall
 * marshalling use this for every firmware-supplied address; only these bytes are valid in
 * morph host's mirror (read past them through another call). */
static inline uint8_t *sim_mem_ram(const struct sim_mem *m, uint32_t pa, uint32_t len)
{
    uint32_t off = pa - MM_RAM_BASE;
    if (off >= m->ram_size || len > m->ram_size - off) return NULL;
    if (__builtin_expect(m->fetch != NULL, 0) && len && m->fetch->fetch(m->fetch, pa, len)) return NULL;
    return m->ram + off;
}

/* Like sim_mem_ram but also ROM and flash (loader use: writes allowed everywhere). */
uint8_t *sim_mem_any(const struct sim_mem *m, uint32_t pa, uint32_t len);

/* Load a host file into memory at pa; returns bytes loaded or -1 with a message. */
long sim_mem_load_file(struct sim_mem *m, const char *path, uint32_t pa, uint32_t max);

#endif
