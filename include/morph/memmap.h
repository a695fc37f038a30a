/* morph physical memory map, shared by the firmware, the C model and the RTL harness. The numbers
 * (MM_*, HTIF_REG_*) come from isa/morph-facts.tbl through the generated morph_facts.h;
 * docs/architecture.md draws the map. */
#ifndef MORPH_MEMMAP_H
#define MORPH_MEMMAP_H

#include "morph_facts.h"

/* Flash image header, read by the boot ROM (concealed-mem/bootrom.S); magic MM_IMAGE_MAGIC. */
struct mm_image_header {
    unsigned magic;
    unsigned load_addr;  /* physical destination, inside concealed memory */
    unsigned size;       /* bytes of blob following the header (multiple of 4) */
    unsigned entry;      /* physical entry point */
};

/* HTIF registers: HTIF_REG_REQ and HTIF_REG_ID (offsets from MM_HTIF_BASE), see morph_facts.h. */

#endif
