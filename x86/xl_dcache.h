/* x86 front end (x86/): the decoded-instruction cache in concealed memory, read by the
 * interpreter and the translators alike (docs/interpreter.md). Direct-mapped by EIP; an
 * instruction is decoded by Zydis once and stays until a conflicting EIP evicts it or code
 * changes (munmap/mprotect of executable pages: the platform's code-change hook flushes it) or a
 * guest store overwrites its bytes (the code-written hook drops it). */
#ifndef XL_DCACHE_H
#define XL_DCACHE_H
#include <stdint.h>
#include "xl_decode.h"

#define XL_DC_DEFAULT_ENTRIES 65536u /* 4 MiB; 16384 thrashed on glibc code (2x the cycles) */

/* One cached instruction: 64 bytes, tag first so that a hit reads one line. */
struct xl_dc_entry {
    uint32_t tag;    /* EIP; an empty slot holds 1 (slot 1: 0), which never indexes it */
    uint8_t ends;    /* xl_op_ends_block(x.op): a tier's block stops after it */
    uint8_t tier[3]; /* the interpreter's (handler id, operand offsets), zeroed by each fill so
                        it prepares them on first use, whichever tier made the entry */
    struct xl_insn x;
} __attribute__((aligned(64))); /* a power of two: indexing is one shift */
_Static_assert(sizeof(struct xl_dc_entry) == 64, "decode cache entry grew");

/* The table and its index mask, for a tier's inlined hit path: slot = &xl_dc_table[eip & mask]. */
extern struct xl_dc_entry *xl_dc_table;
extern uint32_t xl_dc_mask;

/* Allocates the cache (cms_config.decode_cache_entries, a power of two, or the default) and
 * registers xl_dc_flush as a code-change hook of the platform. */
void xl_dc_init(void);
/* Adds the misses and fast decodes counted since the last call to cms_stats (decode_misses,
 * decode_fast): a stats-sync hook, also called by whatever reads those two first. */
void xl_dc_sync_stats(void);
/* Miss path, all of it under activity CMSACT_DECODE: fetches the bytes at eip (an unmapped eip
 * faults as the fetch would; bytes that run into an unmapped page kill the guest with SIGSEGV),
 * decodes them and fills slot e (counting decode_misses). Returns e. */
struct xl_dc_entry *xl_dc_fill(uint32_t eip, struct xl_dc_entry *e);
/* The decoded instruction at eip, decoding it on a miss; NULL, without decoding, when its bytes
 * may reach an unmapped page (the translator ends its block there). Valid until the next fill
 * or flush. */
const struct xl_insn *xl_dc_insn(uint32_t eip);
/* Drops every entry; counts decode_flushes. */
void xl_dc_flush(void);
/* The platform's code-written hook (cms.h): drops the entries whose bytes overlap [lo, hi);
 * returns 1 if an entry overlapping [clo, chi) stays. */
int xl_dc_code_written(uint32_t lo, uint32_t hi, uint32_t clo, uint32_t chi);

#endif
