/* futex(2), futex_time64 and the robust-futex list, with Linux i386 semantics.
 *
 * Waiters are guest threads (cms_thread.c): FUTEX_WAIT blocks the calling thread and another
 * runs; FUTEX_WAKE, WAKE_BITSET, WAKE_OP and the requeues wake or move waiters. In a guest with
 * one thread no futex ever has a waiter: a wait either fails at once (EAGAIN, EINVAL,
 * EFAULT), sleeps out its timeout on the host and returns ETIMEDOUT, or, without a timeout,
 * could never return: the firmware says so and ends the run (status 137, as if killed). The
 * argument checks, the order in which Linux makes them, and the word updates of FUTEX_WAKE_OP
 * and the PI operations are the kernel's (kernel/futex/syscalls.c, waitwake.c, requeue.c, pi.c);
 * the PI operations do not block on another thread (docs/threads.md). */
#ifndef CMS_FUTEX_H
#define CMS_FUTEX_H
#include <stdint.h>
#include "cms_cpu.h"

/* futex (240: struct timespec of two 32-bit words) and futex_time64 (422: two 64-bit words).
 * a[] = uaddr, op, val, timeout or val2, uaddr2, val3. */
int32_t cms_sys_futex(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t cms_sys_futex_time64(struct cms_cpu *cpu, const uint32_t a[6]);
/* set_robust_list(head, len) and get_robust_list(pid, head_ptr, len_ptr). */
int32_t cms_sys_set_robust_list(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t cms_sys_get_robust_list(struct cms_cpu *cpu, const uint32_t a[6]);

/* Linux futex operations and flags (uapi/linux/futex.h). */
#define CMS_FUTEX_WAIT 0
#define CMS_FUTEX_WAKE 1
#define CMS_FUTEX_FD 2
#define CMS_FUTEX_REQUEUE 3
#define CMS_FUTEX_CMP_REQUEUE 4
#define CMS_FUTEX_WAKE_OP 5
#define CMS_FUTEX_LOCK_PI 6
#define CMS_FUTEX_UNLOCK_PI 7
#define CMS_FUTEX_TRYLOCK_PI 8
#define CMS_FUTEX_WAIT_BITSET 9
#define CMS_FUTEX_WAKE_BITSET 10
#define CMS_FUTEX_WAIT_REQUEUE_PI 11
#define CMS_FUTEX_CMP_REQUEUE_PI 12
#define CMS_FUTEX_LOCK_PI2 13
#define CMS_FUTEX_PRIVATE_FLAG 128
#define CMS_FUTEX_CLOCK_REALTIME 256

#endif
