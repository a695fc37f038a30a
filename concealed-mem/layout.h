/* Concealed-memory layout of the CMS firmware. Plain numbers (no C suffixes, no types) so that
 * the boot ROM, start code (assembler) and the linker script (run through the C preprocessor)
 * can include it as well as C. cms/cms_rt.c checks the copies of memmap.h values at compile time.
 *
 *   0x80000000  firmware text, rodata, data, bss   (linked by concealed-mem/cms.ld)
 *   __cms_heap_start (after bss) .. CMS_HEAP_END    heap: cms_alloc bump allocator (decode
 *                                                   cache, page map, code cache + its map)
 *   CMS_BOUNCE_BASE .. +CMS_BOUNCE_SIZE             HTIF bounce area (syscall buffers)
 *   CMS_STACK_BOTTOM .. CMS_STACK_TOP               firmware stack (grows down), also traps
 *   0x84000000  end of concealed memory; guest page frames start here
 */
#ifndef CMS_LAYOUT_H
#define CMS_LAYOUT_H

/* Copies of include/morph/memmap.h values, usable from assembler and ld. */
#define CMS_L_BOOTROM_BASE   0x00001000
#define CMS_L_HTIF_BASE      0x10000000
#define CMS_L_HTIF_REQ       0x0
#define CMS_L_HTIF_ID        0x4
#define CMS_L_FLASH_BASE     0x20000000
#define CMS_L_IMAGE_MAGIC    0x4850524d
#define CMS_L_RAM_BASE       0x80000000
#define CMS_L_CONCEALED_SIZE 0x04000000
#define CMS_L_CONCEALED_END  0x84000000

/* Firmware image (text..bss) must fit below this; checked by the linker script. */
#define CMS_IMAGE_MAX        0x01000000  /* 16 MiB */

/* Firmware stack at the very top of concealed memory. */
#define CMS_STACK_SIZE       0x00100000  /* 1 MiB */
#define CMS_STACK_TOP        0x84000000
#define CMS_STACK_BOTTOM     0x83f00000

/* HTIF bounce area: buffers of forwarded guest system calls (>= 1 MiB by contract). */
#define CMS_BOUNCE_SIZE      0x00200000  /* 2 MiB */
#define CMS_BOUNCE_BASE      0x83d00000

/* Heap: from the end of bss (linker symbol __cms_heap_start) up to the bounce area. */
#define CMS_HEAP_END         0x83d00000

/* Code cache of the basic-block translator: allocated from the heap at start (bbt mode), size
 * from --code-cache (morph_config.code_cache_size) or this default; translator/xl_cache.c.
 * Its EIP -> translation map (CMS_CODE_MAP_ENTRIES x 12 bytes) comes from the heap too. */
#define CMS_CODE_CACHE_DEFAULT 0x00400000  /* 4 MiB */
#define CMS_CODE_CACHE_MIN     0x00002000  /* 8 KiB: two blocks at most; flushes all the time */
#define CMS_CODE_MAP_ENTRIES   65536

/* Scratch used only by the boot ROM before the firmware is loaded (request + message). */
#define CMS_BOOT_SCRATCH     0x80000000

#endif
