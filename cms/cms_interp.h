/* The x86 interpreter: first stage of the CMS (docs/interpreter.md). It executes guest
 * instructions one at a time from a decoded-instruction cache in concealed memory, with the
 * x86 arithmetic flags in CSR xflags. */
#ifndef CMS_INTERP_H
#define CMS_INTERP_H
#include <stdint.h>
#include "cms_cpu.h"

/* Allocates the decoded-instruction cache (cms_config.decode_cache_entries, or the default). */
void cms_interp_init(void);
/* Runs the guest from cpu->eip until it exits or dies (through syscalls or guest faults). */
_Noreturn void cms_interp_run(struct cms_cpu *cpu);
/* Executes exactly n x86 instructions (a REP string instruction counts once) and returns with
 * cpu->eip at the next one: the single-step path of the recovery engine, and host tests. */
void cms_interp_steps(struct cms_cpu *cpu, uint32_t n);
/* Executes instructions until one that ends a basic block (control transfer, INT) has run, or
 * max instructions: the dispatcher's interpretation step for cold blocks (docs/translator.md). */
void cms_interp_block(struct cms_cpu *cpu, uint32_t max);
/* The decoded instruction at eip through the decoded-instruction cache (decoding it on a miss).
 * Returns -1 without decoding when its bytes may reach an unmapped page. */
struct xl_insn;
int cms_interp_decode(uint32_t eip, struct xl_insn *out);
/* Called by cms_interp_flush() when set: the translator drops its translations too. */
extern void (*cms_interp_flush_hook)(void);
/* Drops every decoded instruction (code was modified or unmapped); counts decode_flushes. */
void cms_interp_flush(void);
/* Brings the derived counters (interp_retired, decode_hits) of cms_stats up to date. The
 * interpreter calls it before system calls and its own exits; cms_exit may call it too. */
void cms_interp_sync_stats(void);

#endif
