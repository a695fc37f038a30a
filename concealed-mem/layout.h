/* Concealed-memory layout of the CMS firmware. The numbers (CMS_*, and the memory map MM_*) come
 * from isa/morph-facts.tbl through the generated morph_facts.h, which gives plain numbers (no C
 * suffixes, no types) to the boot ROM, the start code (assembler) and the linker script (run
 * through the C preprocessor with -DMORPH_FACTS_PLAIN), and typed ones to C.
 *
 *   MM_RAM_BASE   firmware text, rodata, data, bss   (linked by concealed-mem/cms.ld; at most
 *                 CMS_IMAGE_MAX bytes)
 *   __cms_heap_start (after bss) .. CMS_HEAP_END    heap: cms_alloc bump allocator (decode
 *                                                   cache, page map, code cache + its map)
 *   CMS_BOUNCE_BASE .. +CMS_BOUNCE_SIZE             HTIF bounce area (syscall buffers, >= 1 MiB)
 *   CMS_STACK_BOTTOM .. CMS_STACK_TOP               firmware stack (grows down), also traps
 *   MM_CONCEALED_END  end of concealed memory; guest page frames start here
 *
 * Code cache of the basic-block translator: allocated from the heap at start (bbt mode), size
 * from --code-cache (morph_config.code_cache_size) or CMS_CODE_CACHE_DEFAULT (at least
 * CMS_CODE_CACHE_MIN); translator/xl_cache.c. Its EIP -> translation map (CMS_CODE_MAP_ENTRIES x
 * 12 bytes) comes from the heap too. CMS_BOOT_SCRATCH: used only by the boot ROM before the
 * firmware is loaded (request + message).
 */
#ifndef CMS_LAYOUT_H
#define CMS_LAYOUT_H

#include "morph_facts.h"

#endif
