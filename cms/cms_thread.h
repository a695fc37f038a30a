/* Guest threads (docs/threads.md): clone with CLONE_VM | CLONE_THREAD makes another x86 thread
 * of the same guest process, with the same memory, code cache and signal handlers. CMS runs one
 * at a time on the core: the running thread's state is the dispatcher's struct cms_cpu (and
 * the xflags CSR, the blocked-signal mask), the others' are kept here. A thread gives the core
 * up when it blocks (a futex wait), exits or yields, and is preempted at an x86 instruction
 * boundary once it has run a quantum of cycles (--quantum): at the timer interrupt in
 * translated code, in the dispatcher, or between interp mode's stretches. The schedule is
 * round robin and depends only on cycles, so a run is deterministic for a given quantum. */
#ifndef CMS_THREAD_H
#define CMS_THREAD_H
#include <stdint.h>
#include "cms_cpu.h"

/* A system call's result that says: the calling thread blocked or exited, and the system-call
 * path must hand the core to another thread (cms_thread_schedule) without writing EAX. */
#define CMS_THREAD_SWITCH (-100000)

/* Non-zero while the guest has more than one live thread. */
extern int cms_thread_multi;

/* The current thread's ID (0 for the first thread: its ID is the process's PID). */
int32_t cms_thread_tid(void);
/* The current thread's clear_child_tid and robust-list head. */
uint32_t *cms_thread_clear_tid(void);
uint32_t *cms_thread_robust_head(void);
/* Whether tid is a live thread of this process other than the current one. */
int cms_thread_is_other(int32_t tid);

/* clone(flags, newsp, parent_tid, tls, child_tid) with CLONE_VM | CLONE_THREAD: the new
 * thread's ID, or -errno. The caller goes on; the new thread starts at the same EIP with EAX 0. */
int32_t cms_thread_clone(struct cms_cpu *cpu, const uint32_t a[6]);

/* futex waits and wakes between threads. A deadline: absolute, on clock (0 realtime, 1
 * monotonic); sec < 0: none. */
struct cms_deadline {
    int64_t sec;
    uint32_t nsec, clock;
};
/* Blocks the current thread on uaddr (bitset); returns CMS_THREAD_SWITCH, or, when no other
 * thread could ever wake it, 0 to tell the caller to do what a single thread does. */
int32_t cms_thread_futex_block(uint32_t uaddr, uint32_t bitset, const struct cms_deadline *d);
/* Wakes up to n waiters on uaddr whose bitset meets bitset (their futex returns 0); returns
 * how many. */
int32_t cms_thread_futex_wake(uint32_t uaddr, uint32_t bitset, int32_t n);
/* Wakes up to nwake waiters on uaddr and moves up to nrequeue others to uaddr2; returns how
 * many were woken plus moved. */
int32_t cms_thread_futex_requeue(uint32_t uaddr, uint32_t uaddr2, int32_t nwake, int32_t nrequeue);

/* exit (1) of the current thread: clear_child_tid is cleared and woken; CMS_THREAD_SWITCH, or
 * when it was the last thread the process ends with status. */
int32_t cms_thread_exit(int status);
/* sched_yield: CMS_THREAD_SWITCH when another thread is runnable, else 0. */
int32_t cms_thread_yield(void);
/* Whether a thread other than the current one is runnable. */
int cms_thread_runnable_other(void);
/* System call nr (the current one) waits for something another thread may bring about: it
 * gives the core up and is made again when the thread runs next (EIP back on `int 0x80`, EAX =
 * nr); returns CMS_THREAD_SWITCH. */
int32_t cms_thread_retry(struct cms_cpu *cpu, uint32_t nr);

/* After a call returned CMS_THREAD_SWITCH: saves the current thread (which blocked, yielded or
 * is gone) and loads the next runnable one into cpu, waiting for a futex deadline if none is. */
void cms_thread_schedule(struct cms_cpu *cpu);
/* Preemption: non-zero when the running thread's quantum is over and another could run. */
int cms_thread_due(void);
/* At an x86 instruction boundary (dispatcher, interp mode): switch if due; 1 if it did. */
int cms_thread_tick(struct cms_cpu *cpu);

/* A fork's child has one thread: the one that forked. */
void cms_thread_forked_child(void);

#endif
