/* The x86 interpreter: first stage of the CMS (docs/interpreter.md). It executes guest
 * instructions one at a time from the x86 front end's decoded-instruction cache (x86/xl_dcache.h),
 * with the x86 arithmetic flags in CSR xflags. */
#ifndef CMS_INTERP_H
#define CMS_INTERP_H
#include <stdint.h>
#include "cms_cpu.h"

/* Registers the interpreter's stats-sync hook (interp_retired, decode_hits). The x86 front
 * end's decoded-instruction cache (xl_dc_init) must be set up too. */
void cms_interp_init(void);
/* Runs the guest from cpu->eip until it exits or dies (through syscalls or guest faults). */
_Noreturn void cms_interp_run(struct cms_cpu *cpu);
/* Executes exactly n x86 instructions (a REP string instruction counts once) and returns with
 * cpu->eip at the next one: the single-step path of the recovery engine, and host tests. */
void cms_interp_steps(struct cms_cpu *cpu, uint32_t n);
/* Executes instructions until one that ends a basic block (control transfer, INT) has run, or
 * max instructions: the dispatcher's interpretation step for cold blocks (docs/translator.md). */
void cms_interp_block(struct cms_cpu *cpu, uint32_t max);
/* TF is set: interprets one instruction, then delivers the single-step SIGTRAP (which does not
 * return: the dispatcher resumes at the handler, or the guest dies); returns after INT 0x80. */
void cms_interp_single_step(struct cms_cpu *cpu);

#endif
