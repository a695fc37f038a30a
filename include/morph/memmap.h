/* morph physical memory map, shared by the firmware, the C model and the RTL harness.
 * docs/architecture.md draws it; change both together. */
#ifndef MORPH_MEMMAP_H
#define MORPH_MEMMAP_H

#define MM_BOOTROM_BASE   0x00001000u  /* reset vector; boot ROM, 4 KiB, read/execute only */
#define MM_BOOTROM_SIZE   0x00001000u
#define MM_HTIF_BASE      0x10000000u  /* host-target interface registers */
#define MM_HTIF_SIZE      0x00001000u
#define MM_FLASH_BASE     0x20000000u  /* read-only image store: CMS image header + blob */
#define MM_FLASH_SIZE     0x01000000u  /* 16 MiB window */
#define MM_RAM_BASE       0x80000000u  /* RAM; concealed memory is its first MM_CONCEALED_SIZE */
#define MM_CONCEALED_BASE MM_RAM_BASE
#define MM_CONCEALED_SIZE 0x04000000u  /* 64 MiB: CMS image, data, heap, stack, caches */
#define MM_GUEST_PHYS_BASE (MM_RAM_BASE + MM_CONCEALED_SIZE) /* guest page frames start here */
#define MM_RAM_SIZE_DEFAULT 0x20000000u /* 512 MiB, `morph run --mem MB` changes it */

#define MM_PAGE_SHIFT 12
#define MM_PAGE_SIZE  (1u << MM_PAGE_SHIFT)

/* Flash image header, read by the boot ROM (concealed-mem/bootrom.S). */
#define MM_IMAGE_MAGIC 0x4850524du /* "MRPH" little-endian */
struct mm_image_header {
    unsigned magic;
    unsigned load_addr;  /* physical destination, inside concealed memory */
    unsigned size;       /* bytes of blob following the header (multiple of 4) */
    unsigned entry;      /* physical entry point */
};

/* HTIF registers (offsets from MM_HTIF_BASE). */
#define HTIF_REG_REQ 0x0u  /* W: physical address of a struct htif_req; serviced before retire */
#define HTIF_REG_ID  0x4u  /* R: MM_IMAGE_MAGIC, lets firmware check the device is there */

#endif
