/* Guest Linux i386 system calls (INT 0x80). */
#ifndef CMS_SYSCALL_H
#define CMS_SYSCALL_H
#include <stdint.h>
#include "cms_cpu.h"

/* Called on INT 0x80 after EIP advanced: reads EAX (number) and EBX ECX EDX ESI EDI EBP,
 * writes the result to EAX. Dispatches through the table in cms_systab.h: firmware-served
 * calls, calls forwarded per include/morph/sysabi.h, and -ENOSYS for the rest. */
void cms_syscall(struct cms_cpu *cpu);

/* set_thread_area on cpu's TLS entries from the guest's struct user_desc at uinfo (also for a
 * new thread's CLONE_SETTLS). */
int32_t cms_set_thread_area(struct cms_cpu *cpu, uint32_t uinfo);

/* The guest's thread ID (the host process's, asked once): futex PI owners, robust lists. */
int32_t cms_guest_tid(void);
/* Its process ID (the host process's, asked once). */
int32_t cms_guest_pid(void);
/* The program's path as the guest was started (the task name starts as its last component). */
extern const char *cms_guest_exe_name;

/* Name of i386 system call nr ("?" when unknown). */
const char *cms_sysname(uint32_t nr);

#endif
