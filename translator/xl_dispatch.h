/* Dispatcher of the basic-block translator stage (docs/translator.md). */
#ifndef XL_DISPATCH_H
#define XL_DISPATCH_H
#include "cms_cpu.h"

/* Interpreted executions of a block before it is translated (--bbt-threshold). */
#define XL_THRESHOLD_DEFAULT 16

/* Runs the guest from cpu->eip in bbt mode (--emulation=bbt) until it exits or dies. */
_Noreturn void xl_dispatch_run(struct cms_cpu *cpu);

#endif
