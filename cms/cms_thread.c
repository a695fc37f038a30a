/* Guest threads: see cms_thread.h and docs/threads.md. */
#include <string.h>
#include "cms.h"
#include "cms_desc.h"
#include "cms_errno.h"
#include "cms_guest.h"
#include "cms_htif.h"
#include "cms_hw.h"
#include "cms_signal.h"
#include "cms_strace.h"
#include "cms_syscall.h"
#include "cms_thread.h"
#include "cms_uaccess.h"
#include "cms_xalu.h"

#define MAX_THREADS 64
/* Thread IDs above Linux's largest pid_max (2^22), so that they are never a host PID, and
 * within the 30 bits a futex word holds. */
#define TID_BASE 0x00800000
#define NSEC_PER_SEC 1000000000u

enum { T_FREE, T_RUN, T_WAIT };

struct thread {
    int state;
    int32_t tid;                 /* 0: the first thread (its ID is the PID) */
    struct cms_cpu cpu;          /* while it is not running */
    uint32_t xflags, sigmask[2]; /* likewise */
    uint32_t clear_tid, robust_head;
    uint32_t key, bitset;        /* T_WAIT: the futex word and bitset */
    struct cms_deadline dl;      /* T_WAIT: sec < 0 for none */
};

static struct thread threads[MAX_THREADS] = {[0] = {.state = T_RUN}};
static int cur, live = 1;
static int32_t next_tid = TID_BASE;
static uint64_t slice_end; /* cycle at which the running thread's quantum ends */
int cms_thread_multi;

int32_t cms_thread_tid(void) { return threads[cur].tid; }
uint32_t *cms_thread_clear_tid(void) { return &threads[cur].clear_tid; }
uint32_t *cms_thread_robust_head(void) { return &threads[cur].robust_head; }

int cms_thread_is_other(int32_t tid)
{
    for (int i = 0; i < MAX_THREADS; i++)
        if (i != cur && threads[i].state != T_FREE && threads[i].tid == tid && tid) return 1;
    return 0;
}

static uint64_t quantum(void)
{
    return cms_config.quantum && cms_config.quantum != MORPH_QUANTUM_OFF ? cms_config.quantum : MORPH_QUANTUM_DEFAULT;
}

/* ---- switching --------------------------------------------------------------------------- */

static void save(const struct cms_cpu *cpu)
{
    struct thread *t = &threads[cur];
    t->cpu = *cpu;
    t->xflags = cms_xflags_read();
    cms_signal_mask_exchange(t->sigmask); /* the mask comes here; the slot's goes in */
}

static void load(struct cms_cpu *cpu, int i)
{
    struct thread *t = &threads[i];
    cur = i;
    *cpu = t->cpu;
    cms_xflags_write(t->xflags);
    cms_signal_mask_exchange(t->sigmask);
    slice_end = cms_hw_cycles() + quantum();
    cms_stats.thread_switches++;
    if (cms_config.flags & MORPH_CFG_STRACE) cms_strace_resume(cpu); /* its call's result */
}

static int next_runnable(void)
{
    for (int k = 1; k <= MAX_THREADS; k++) {
        int i = (cur + k) % MAX_THREADS;
        if (threads[i].state == T_RUN) return i;
    }
    return -1;
}


/* Wakes waiters whose deadline passed (ETIMEDOUT); returns the nearest deadline still to come
 * as a CLOCK_MONOTONIC time in *msec:*mnsec, or 0 when no waiter has one. */
static int expire(uint32_t *msec, uint32_t *mnsec)
{
    int any = 0;
    int64_t best = 0;
    int64_t now[2]; /* CLOCK_REALTIME and CLOCK_MONOTONIC in ns, each asked of the host once */
    int have[2] = {0, 0};
    for (int i = 0; i < MAX_THREADS; i++) {
        struct thread *t = &threads[i];
        if (t->state != T_WAIT || t->dl.sec < 0) continue;
        for (unsigned c = 0; c < 2; c++)
            if (!have[c] && (c == 1 || t->dl.clock == c)) { /* the monotonic one for the sleep */
                int64_t s;
                uint32_t ns;
                cms_htif_clock(c, &s, &ns);
                now[c] = s * NSEC_PER_SEC + ns;
                have[c] = 1;
            }
        const int64_t left = t->dl.sec * NSEC_PER_SEC + t->dl.nsec - now[t->dl.clock ? 1 : 0];
        if (left <= 0) {
            t->state = T_RUN;
            t->cpu.r[CMS_EAX] = (uint32_t)-CMS_ETIMEDOUT;
            continue;
        }
        const int64_t at = now[1] + left;
        if (!any || at < best) best = at;
        any = 1;
    }
    if (any) {
        *msec = (uint32_t)(best / NSEC_PER_SEC);
        *mnsec = (uint32_t)(best % NSEC_PER_SEC);
    }
    return any;
}

void cms_thread_schedule(struct cms_cpu *cpu)
{
    save(cpu);
    for (;;) {
        uint32_t s, ns;
        const int timed = expire(&s, &ns);
        int i = next_runnable();
        if (i >= 0) {
            load(cpu, i);
            return;
        }
        if (!timed) {
            /* Linux would wait for ever; a signal could still end it, but morph says why
             * and ends the run as if killed, as for one thread (cms_futex.c) */
            char why[160];
            cms_snprintf(why, sizeof why,
                         "guest deadlock: every thread (%d) waits on a futex without a timeout; "
                         "ending the run as if killed (SIGKILL)", live);
            cms_guest_die(9, why);
        }
        /* every thread waits, some until a deadline: sleep on the host until the nearest */
        (void)cms_htif(HTIF_CMD_SIGNALS, HTIF_SIG_WAIT, s, ns, 0);
        (void)cms_signal_take_events();
    }
}

int cms_thread_due(void)
{
    if (!cms_thread_multi || cms_hw_cycles() < slice_end) return 0;
    for (int i = 0; i < MAX_THREADS; i++)
        if (i != cur && threads[i].state != T_FREE) return 1; /* a waiter may have timed out */
    return 0;
}

int cms_thread_tick(struct cms_cpu *cpu)
{
    if (!cms_thread_due()) return 0;
    uint32_t s, ns;
    (void)expire(&s, &ns);
    int i = next_runnable();
    if (i < 0) {
        slice_end = cms_hw_cycles() + quantum();
        return 0;
    }
    cms_stats.thread_preemptions++;
    save(cpu);
    load(cpu, i);
    return 1;
}

/* ---- life and death ---------------------------------------------------------------------- */

#define CLONE_VM 0x00000100u
#define CLONE_SETTLS 0x00080000u
#define CLONE_PARENT_SETTID 0x00100000u
#define CLONE_CHILD_CLEARTID 0x00200000u
#define CLONE_CHILD_SETTID 0x01000000u

int32_t cms_thread_clone(struct cms_cpu *cpu, const uint32_t a[6])
{
    const uint32_t flags = a[0];
    int i = 0;
    while (i < MAX_THREADS && threads[i].state != T_FREE) i++;
    if (i == MAX_THREADS) return -CMS_EAGAIN;
    struct thread *t = &threads[i];
    memset(t, 0, sizeof *t);
    t->cpu = *cpu;
    t->cpu.r[CMS_EAX] = 0;
    if (a[1]) t->cpu.r[CMS_ESP] = a[1];
    if (flags & CLONE_SETTLS) {
        int32_t r = cms_set_thread_area(&t->cpu, a[3]);
        if (r < 0) return r;
        /* GS names the entry glibc just rewrote for the new thread: its base now */
        cms_seg_load(&t->cpu, CMS_GS, t->cpu.seg[CMS_GS]);
    }
    const int32_t tid = next_tid++;
    if ((flags & CLONE_PARENT_SETTID) && cms_put_user(a[2], &tid, 4) < 0) return -CMS_EFAULT;
    if ((flags & CLONE_CHILD_SETTID) && cms_put_user(a[4], &tid, 4) < 0) return -CMS_EFAULT;
    t->tid = tid;
    t->clear_tid = (flags & CLONE_CHILD_CLEARTID) ? a[4] : 0;
    t->xflags = cms_xflags_read();
    cms_signal_mask_get(t->sigmask);
    t->state = T_RUN;
    live++;
    cms_thread_multi = 1;
    if (live == 2) slice_end = cms_hw_cycles() + quantum();
    cms_stats.threads_created++;
    return tid;
}

int32_t cms_thread_exit(int status)
{
    struct thread *t = &threads[cur];
    if (t->clear_tid) { /* pthread_join's futex: 0 and a wake (Linux's mm_release) */
        const uint32_t zero = 0;
        if (cms_put_user(t->clear_tid, &zero, 4) == 0) (void)cms_thread_futex_wake(t->clear_tid, ~0u, 1);
    }
    if (live == 1) cms_exit(status);
    t->state = T_FREE;
    live--;
    cms_thread_multi = live > 1;
    return CMS_THREAD_SWITCH;
}

int32_t cms_thread_yield(void) { return cms_thread_runnable_other() ? CMS_THREAD_SWITCH : 0; }

int cms_thread_runnable_other(void)
{
    const int i = cms_thread_multi ? next_runnable() : -1;
    return i >= 0 && i != cur;
}

int32_t cms_thread_retry(struct cms_cpu *cpu, uint32_t nr)
{
    cpu->eip -= 2;
    cpu->r[CMS_EAX] = nr;
    return CMS_THREAD_SWITCH;
}

void cms_thread_forked_child(void)
{
    struct thread keep = threads[cur];
    memset(threads, 0, sizeof threads);
    keep.tid = 0; /* its ID is the child's PID */
    threads[0] = keep;
    cur = 0;
    live = 1;
    cms_thread_multi = 0;
}

/* ---- futexes ----------------------------------------------------------------------------- */

int32_t cms_thread_futex_block(uint32_t uaddr, uint32_t bitset, const struct cms_deadline *d)
{
    if (!cms_thread_multi) return 0;
    struct thread *t = &threads[cur];
    t->state = T_WAIT;
    t->key = uaddr;
    t->bitset = bitset;
    t->dl = *d;
    return CMS_THREAD_SWITCH;
}

/* Waiters in the order they began to wait would be Linux's (FIFO within a priority); the
 * table's order from the current thread on is close and deterministic. */
int32_t cms_thread_futex_wake(uint32_t uaddr, uint32_t bitset, int32_t n)
{
    int32_t woken = 0;
    for (int k = 1; k <= MAX_THREADS && woken < n; k++) {
        struct thread *t = &threads[(cur + k) % MAX_THREADS];
        if (t->state == T_WAIT && t->key == uaddr && (t->bitset & bitset)) {
            t->state = T_RUN;
            t->cpu.r[CMS_EAX] = 0;
            woken++;
        }
    }
    return woken;
}

int32_t cms_thread_futex_requeue(uint32_t uaddr, uint32_t uaddr2, int32_t nwake, int32_t nrequeue)
{
    int32_t done = cms_thread_futex_wake(uaddr, ~0u, nwake), moved = 0;
    for (int k = 1; k <= MAX_THREADS && moved < nrequeue; k++) {
        struct thread *t = &threads[(cur + k) % MAX_THREADS];
        if (t->state == T_WAIT && t->key == uaddr) {
            t->key = uaddr2;
            moved++;
        }
    }
    return done + moved;
}
