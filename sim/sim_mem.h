/* Physical memory of the modeled machine: boot ROM, flash, RAM (memmap.h). RAM is one
 * MAP_NORESERVE mapping, so untouched pages cost nothing and the execute loop can use direct
 * host pointers. */
#ifndef SIM_MEM_H
#define SIM_MEM_H
#include <stddef.h>
#include <stdint.h>
#include "morph/memmap.h"

/* morph host (sim_link.c): RAM is a mirror of a board's, filled on demand. fetch brings
 * [pa, pa+len) over the link the first time a request touches it; claim takes a buffer that the
 * host writes before it reads (sim_mem_ram_fill) without fetching it, and filled fetches what was
 * not written after all. 0, or -1 when the link failed (the access then fails as an out-of-RAM
 * one). */
struct sim_mem_fetch {
    int (*fetch)(struct sim_mem_fetch *f, uint32_t pa, uint32_t len);
    int (*claim)(struct sim_mem_fetch *f, uint32_t pa, uint32_t len);
    int (*filled)(struct sim_mem_fetch *f, uint32_t pa, uint32_t len, uint32_t done);
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

/* Host pointer to [pa, pa+len) if it lies entirely in RAM, else NULL: the machine's own
 * accesses (the execute loop, the loader), which never see morph host's mirror. */
static inline uint8_t *sim_mem_ram_direct(const struct sim_mem *m, uint32_t pa, uint32_t len)
{
    uint32_t off = pa - MM_RAM_BASE;
    if (off >= m->ram_size || len > m->ram_size - off) return NULL;
    return m->ram + off;
}

/* The same for the host side (HTIF and syscall marshalling use this for every firmware-supplied
 * address): in morph host's mirror only these bytes are valid (read past them through another
 * call). */
static inline uint8_t *sim_mem_ram(const struct sim_mem *m, uint32_t pa, uint32_t len)
{
    uint8_t *p = sim_mem_ram_direct(m, pa, len);
    if (__builtin_expect(m->fetch != NULL, 0) && p && len && m->fetch->fetch(m->fetch, pa, len)) return NULL;
    return p;
}

/* sim_mem_ram for a buffer the caller writes from its start before it reads any of it, as
 * read(2) does; then sim_mem_filled with how many bytes it wrote (a result < 0: none). The same
 * as sim_mem_ram but in morph host, whose mirror then fetches only what was not written. */
static inline uint8_t *sim_mem_ram_fill(const struct sim_mem *m, uint32_t pa, uint32_t len)
{
    uint8_t *p = sim_mem_ram_direct(m, pa, len);
    if (__builtin_expect(m->fetch != NULL, 0) && p && len && m->fetch->claim(m->fetch, pa, len)) return NULL;
    return p;
}
static inline void sim_mem_filled(const struct sim_mem *m, uint32_t pa, uint32_t len, long done)
{
    if (__builtin_expect(m->fetch != NULL, 0) && len)
        m->fetch->filled(m->fetch, pa, len, done < 0 ? 0 : (unsigned long)done > len ? len : (uint32_t)done);
}

/* Like sim_mem_ram but also ROM and flash (loader use: writes allowed everywhere). */
uint8_t *sim_mem_any(const struct sim_mem *m, uint32_t pa, uint32_t len);

/* Load a host file into memory at pa; returns bytes loaded or -1 with a message. */
long sim_mem_load_file(struct sim_mem *m, const char *path, uint32_t pa, uint32_t max);

#endif
