/* Guest Linux i386 system calls forwarded by the firmware (include/morph/sysabi.h), executed
 * with host system calls. Buffers are physical addresses in model RAM; i386 structure layouts
 * are produced here byte-exactly. */
#ifndef SIM_SYSCALL_H
#define SIM_SYSCALL_H
#include <stdint.h>
#include "sim_mem.h"

/* fork (and vfork, clone without CLONE_VM) forks the simulator process: the child is a whole
 * machine going on with the same state (docs/firmware.md "Processes"). sim_fork_allowed: set
 * by the engine that can (the C model alone); sim_forked_child: set in such a child, which
 * writes no statistics, profile or progress of its own. */
extern int sim_fork_allowed, sim_forked_child;

/* execve (docs/firmware.md "Processes"): the options morph was started with (before the
 * program), for the morph that replaces this one, and the guest program's path, which
 * /proc/self/exe means to the guest. MORPH_FORKED_CHILD=1 in morph's environment marks the
 * new morph as a forked child (taken out of the guest's environment). */
extern char **sim_exec_opts;
extern int sim_exec_nopts;
extern const char *sim_guest_exe;

/* morph run -L DIR: the sysroot the guest's absolute paths are looked up in first (NULL: none). */
extern const char *sim_sysroot;

/* Returns the Linux result (>= 0, or -errno). Unknown numbers give -ENOSYS. */
int32_t sim_syscall(struct sim_mem *m, uint32_t nr, const uint32_t a[6]);

/* Probes every forwarded number with harmless arguments; returns how many report -ENOSYS
 * (must be 0: every row of the table has a host implementation). */
int sim_syscall_selftest(struct sim_mem *m);

#endif
