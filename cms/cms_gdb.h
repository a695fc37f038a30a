/* morph run -g PORT: the guest under gdb's control (cms_gdb.c, HTIF_CMD_GDB). */
#ifndef CMS_GDB_H
#define CMS_GDB_H
#include "cms_cpu.h"

/* Runs the guest from cpu->eip in the interpreter, one instruction at a time, stopping for gdb
 * at its first instruction, at breakpoints, after single steps and on ^C. */
_Noreturn void cms_gdb_run(struct cms_cpu *cpu);

#endif
