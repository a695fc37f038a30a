/* Physical memory regions of the model. */
#include "sim_mem.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void *map_zero(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

int sim_mem_init(struct sim_mem *m, uint32_t ram_size)
{
    memset(m, 0, sizeof *m);
    if (ram_size < MM_CONCEALED_SIZE || ram_size > 0x7ffff000u || (ram_size & (MM_PAGE_SIZE - 1))) {
        fprintf(stderr, "morph: RAM size %u bytes is invalid (need 64 MiB .. 2047 MiB, whole pages)\n",
                ram_size);
        return -1;
    }
    m->ram = map_zero(ram_size);
    m->bootrom = map_zero(MM_BOOTROM_SIZE);
    m->flash = map_zero(MM_FLASH_SIZE);
    if (!m->ram || !m->bootrom || !m->flash) {
        fprintf(stderr, "morph: cannot map %u bytes of model memory: %s\n", ram_size, strerror(errno));
        return -1;
    }
    m->ram_size = ram_size;
    return 0;
}

void sim_mem_free(struct sim_mem *m)
{
    if (m->ram) munmap(m->ram, m->ram_size);
    if (m->bootrom) munmap(m->bootrom, MM_BOOTROM_SIZE);
    if (m->flash) munmap(m->flash, MM_FLASH_SIZE);
    memset(m, 0, sizeof *m);
}

uint8_t *sim_mem_any(const struct sim_mem *m, uint32_t pa, uint32_t len)
{
    uint8_t *p = sim_mem_ram_direct(m, pa, len); /* the machine's accesses: never the host's mirror */
    if (p) return p;
    uint32_t off = pa - MM_BOOTROM_BASE;
    if (off < MM_BOOTROM_SIZE && len <= MM_BOOTROM_SIZE - off) return m->bootrom + off;
    off = pa - MM_FLASH_BASE;
    if (off < MM_FLASH_SIZE && len <= MM_FLASH_SIZE - off) return m->flash + off;
    return NULL;
}

long sim_mem_load_file(struct sim_mem *m, const char *path, uint32_t pa, uint32_t max)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "morph: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *dst = size >= 0 ? sim_mem_any(m, pa, (uint32_t)size) : NULL;
    if (size < 0 || (unsigned long)size > max || !dst) {
        fprintf(stderr, "morph: %s (%ld bytes) does not fit at 0x%08x (max %u bytes)\n", path, size,
                pa, max);
        fclose(f);
        return -1;
    }
    if (size && fread(dst, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "morph: cannot read %s\n", path);
        fclose(f);
        return -1;
    }
    fclose(f);
    return size;
}
