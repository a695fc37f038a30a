/* futex, futex_time64, set_robust_list, get_robust_list for a single-threaded guest: see
 * cms_futex.h. Checks are made in the order Linux 6.1 makes them, so that a bad call fails
 * with the same error as on the reference. */
#include <string.h>
#include "cms.h"
#include "cms_errno.h"
#include "cms_futex.h"
#include "cms_guest.h"
#include "cms_htif.h"
#include "cms_hw.h"
#include "cms_mm.h"
#include "cms_syscall.h"
#include "cms_thread.h"
#include "cms_uaccess.h"

#define FUTEX_CMD_MASK (~(uint32_t)(CMS_FUTEX_PRIVATE_FLAG | CMS_FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu
#define FUTEX_TID_MASK 0x3fffffffu
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define ROBUST_LIST_HEAD_SIZE 12u /* struct robust_list_head on i386 */
#define NSEC_PER_SEC 1000000000u
#define CLOCK_REALTIME 0u
#define CLOCK_MONOTONIC 1u
#define TIMER_ABSTIME 1u
#define NR_clock_nanosleep_time64 407u


/* A timeout as Linux keeps it: absolute or relative, on one clock. */
struct futex_timeout {
    int present, absolute;
    uint32_t clock;
    int64_t sec;
    uint32_t nsec;
};

/* Read and validate the guest's timespec (futex: {s32, s32}; futex_time64: {s64, s64}, of
 * whose tv_nsec only the low 32 bits count for an i386 process). */
static int32_t get_timeout(uint32_t ut, int time64, struct futex_timeout *t)
{
    uint32_t w[4];
    if (cms_get_user(w, ut, time64 ? 16 : 8) < 0) return -CMS_EFAULT;
    if (time64) {
        t->sec = (int64_t)((uint64_t)w[1] << 32 | w[0]);
        t->nsec = w[2];
    } else {
        t->sec = (int32_t)w[0];
        if ((int32_t)w[1] < 0) return -CMS_EINVAL;
        t->nsec = w[1];
    }
    if (t->sec < 0 || t->nsec >= NSEC_PER_SEC) return -CMS_EINVAL;
    t->present = 1;
    return 0;
}

/* Linux's get_futex_key: the word must be 4-byte aligned and in user space; a shared
 * (non-PRIVATE) futex must also be mapped, since the kernel looks up its page. */
static int32_t futex_key(uint32_t uaddr, int shared)
{
    if (uaddr & 3) return -CMS_EINVAL;
    if (uaddr > CMS_MM_TASK_TOP - 4) return -CMS_EFAULT;
    if (shared && !cms_mm_range_ok(uaddr, 4, 0)) return -CMS_EFAULT;
    return 0;
}

static int32_t get_word(uint32_t uaddr, uint32_t *v)
{
    if (!cms_mm_range_ok(uaddr, 4, 0)) return -CMS_EFAULT;
    *v = cms_gld32(uaddr);
    return 0;
}

/* The caller waits on a futex word that nobody else can change. With a timeout, the wait
 * lasts until it (on the host's clock) and ends with ETIMEDOUT. Without one, no thread and
 * no signal (delivery is not implemented yet) could ever wake it: Linux would hang forever;
 * morph says why and ends the run as a process killed by SIGKILL would (status 137). */
static int32_t futex_block(const char *what, uint32_t uaddr, uint32_t val,
                           const struct futex_timeout *t, uint32_t bitset)
{
    if (cms_thread_multi) { /* another thread may wake it: the caller waits (cms_thread.c) */
        struct cms_deadline d = {.sec = -1};
        if (t->present) {
            d.clock = t->clock;
            d.sec = t->sec;
            d.nsec = t->nsec;
            if (!t->absolute) { /* from now, on the host's clock */
                int64_t s;
                uint32_t ns;
                cms_htif_clock(t->clock, &s, &ns);
                d.sec += s;
                d.nsec += ns;
                if (d.nsec >= NSEC_PER_SEC) {
                    d.nsec -= NSEC_PER_SEC;
                    d.sec++;
                }
            }
        }
        return cms_thread_futex_block(uaddr, bitset, &d);
    }
    if (!t->present) {
        char why[200];
        cms_snprintf(why, sizeof why,
                     "guest deadlock: %s on 0x%08x (value %u) without a timeout, in a "
                     "single-threaded guest that no thread or signal can wake; ending the run "
                     "as if killed (SIGKILL)", what, uaddr, val);
        cms_guest_die(9, why);
    }
    /* clock_nanosleep_time64 on the host: {s64 sec, s64 nsec} in the bounce area. */
    uint32_t *ts = (uint32_t *)cms_hw_bounce();
    ts[0] = (uint32_t)t->sec;
    ts[1] = (uint32_t)((uint64_t)t->sec >> 32);
    ts[2] = t->nsec;
    ts[3] = 0;
    uint32_t args[6] = {t->clock, t->absolute ? TIMER_ABSTIME : 0, cms_hw_phys(ts), 0, 0, 0};
    int32_t r;
    do r = cms_htif_syscall(NR_clock_nanosleep_time64, args);
    while (r == -CMS_EINTR && t->absolute);
    return -CMS_ETIMEDOUT;
}

static int32_t futex_wait(uint32_t uaddr, int shared, uint32_t val, const struct futex_timeout *t,
                          uint32_t bitset)
{
    if (!bitset) return -CMS_EINVAL;
    int32_t r = futex_key(uaddr, shared);
    if (r) return r;
    uint32_t cur;
    if (get_word(uaddr, &cur)) return -CMS_EFAULT;
    if (cur != val) return -CMS_EAGAIN;
    return futex_block("FUTEX_WAIT", uaddr, val, t, bitset);
}

static int32_t futex_wake(uint32_t uaddr, int shared, uint32_t bitset, int32_t n)
{
    if (!bitset) return -CMS_EINVAL;
    int32_t r = futex_key(uaddr, shared);
    /* Linux's loop stops after the waiter that reaches n: n <= 0 wakes one */
    return r ? r : cms_thread_futex_wake(uaddr, bitset, n > 0 ? n : 1); /* number of waiters woken */
}

static int32_t futex_requeue(uint32_t uaddr, int shared, uint32_t uaddr2, int32_t nr_wake,
                             int32_t nr_requeue, const uint32_t *cmpval, int pi)
{
    if (nr_wake < 0 || nr_requeue < 0) return -CMS_EINVAL;
    if (pi && nr_wake != 1) return -CMS_EINVAL;
    int32_t r = futex_key(uaddr, shared);
    if (!r) r = futex_key(uaddr2, shared);
    if (r) return r;
    if (pi && uaddr == uaddr2) return -CMS_EINVAL;
    if (cmpval) {
        uint32_t cur;
        if (get_word(uaddr, &cur)) return -CMS_EFAULT;
        if (cur != *cmpval) return -CMS_EAGAIN;
    }
    return cms_thread_futex_requeue(uaddr, uaddr2, nr_wake, nr_requeue); /* woken + requeued */
}

/* FUTEX_WAKE_OP: *uaddr2 = oldval OP oparg atomically; the comparison of oldval with cmparg
 * would decide whether waiters on uaddr2 are woken too. */
static int32_t futex_wake_op(uint32_t uaddr, int shared, uint32_t uaddr2, int32_t nr_wake, int32_t nr_wake2,
                             uint32_t enc)
{
    int32_t r = futex_key(uaddr, shared);
    if (!r) r = futex_key(uaddr2, shared);
    if (r) return r;
    uint32_t op = (enc >> 28) & 7, cmp = (enc >> 24) & 15;
    int32_t oparg = (int32_t)(enc << 8) >> 20, cmparg = (int32_t)(enc << 20) >> 20;
    if (enc & 0x80000000u) oparg = (int32_t)(1u << (oparg & 31)); /* FUTEX_OP_OPARG_SHIFT */
    if (!cms_mm_range_ok(uaddr2, 4, 1)) return -CMS_EFAULT;
    uint32_t old = cms_gld32(uaddr2), nw;
    switch (op) {
    case 0: nw = (uint32_t)oparg; break;           /* FUTEX_OP_SET */
    case 1: nw = old + (uint32_t)oparg; break;     /* FUTEX_OP_ADD */
    case 2: nw = old | (uint32_t)oparg; break;     /* FUTEX_OP_OR */
    case 3: nw = old & ~(uint32_t)oparg; break;    /* FUTEX_OP_ANDN */
    case 4: nw = old ^ (uint32_t)oparg; break;     /* FUTEX_OP_XOR */
    default: return -CMS_ENOSYS;
    }
    cms_gst32(uaddr2, nw);
    if (cmp > 5) return -CMS_ENOSYS; /* the word was updated all the same, as in Linux */
    int hold;
    switch (cmp) {
    case 0: hold = (int32_t)old == cmparg; break; /* FUTEX_OP_CMP_EQ */
    case 1: hold = (int32_t)old != cmparg; break; /* NE */
    case 2: hold = (int32_t)old < cmparg; break;  /* LT */
    case 3: hold = (int32_t)old <= cmparg; break; /* LE */
    case 4: hold = (int32_t)old > cmparg; break;  /* GT */
    default: hold = (int32_t)old >= cmparg; break; /* GE */
    }
    int32_t woken = cms_thread_futex_wake(uaddr, FUTEX_BITSET_MATCH_ANY, nr_wake > 0 ? nr_wake : 1);
    if (hold) woken += cms_thread_futex_wake(uaddr2, FUTEX_BITSET_MATCH_ANY, nr_wake2 > 0 ? nr_wake2 : 1);
    return woken; /* woken on uaddr, plus on uaddr2 if the comparison held */
}

/* FUTEX_LOCK_PI, LOCK_PI2, TRYLOCK_PI: the word holds the owner's TID. Free: take it. Ours:
 * EDEADLK. Someone else's: that thread does not exist in this process; Linux sets
 * FUTEX_WAITERS first, then fails to find the owner (ESRCH). */
static int32_t futex_lock_pi(uint32_t uaddr, int shared, const struct futex_timeout *t, int trylock)
{
    (void)t;
    int32_t r = futex_key(uaddr, shared);
    if (r) return r;
    if (!cms_mm_range_ok(uaddr, 4, 1)) return -CMS_EFAULT;
    uint32_t uval = cms_gld32(uaddr), me = (uint32_t)cms_guest_tid();
    if ((uval & FUTEX_TID_MASK) == me) return -CMS_EDEADLK;
    if (!(uval & FUTEX_TID_MASK)) {
        cms_gst32(uaddr, (uval & FUTEX_OWNER_DIED) | me);
        return 0;
    }
    (void)trylock;
    cms_gst32(uaddr, uval | FUTEX_WAITERS);
    return -CMS_ESRCH;
}

static int32_t futex_unlock_pi(uint32_t uaddr, int shared)
{
    uint32_t uval;
    if (get_word(uaddr, &uval)) return -CMS_EFAULT;
    if ((uval & FUTEX_TID_MASK) != (uint32_t)cms_guest_tid()) return -CMS_EPERM;
    int32_t r = futex_key(uaddr, shared);
    if (r) return r;
    if (!cms_mm_range_ok(uaddr, 4, 1)) return -CMS_EFAULT;
    cms_gst32(uaddr, 0); /* no waiters in the kernel: the word becomes 0 */
    return 0;
}

static int32_t futex_wait_requeue_pi(uint32_t uaddr, int shared, uint32_t val,
                                     const struct futex_timeout *t, uint32_t uaddr2)
{
    if (uaddr == uaddr2) return -CMS_EINVAL;
    int32_t r = futex_key(uaddr2, shared);
    if (r) return r;
    r = futex_key(uaddr, shared);
    if (r) return r;
    uint32_t cur;
    if (get_word(uaddr, &cur)) return -CMS_EFAULT;
    if (cur != val) return -CMS_EAGAIN;
    return futex_block("FUTEX_WAIT_REQUEUE_PI", uaddr, val, t, FUTEX_BITSET_MATCH_ANY);
}

static int has_timeout(uint32_t cmd)
{
    return cmd == CMS_FUTEX_WAIT || cmd == CMS_FUTEX_LOCK_PI || cmd == CMS_FUTEX_LOCK_PI2 ||
           cmd == CMS_FUTEX_WAIT_BITSET || cmd == CMS_FUTEX_WAIT_REQUEUE_PI;
}

static int32_t do_futex(const uint32_t a[6], int time64)
{
    uint32_t uaddr = a[0], op = a[1], val = a[2], ut = a[3], uaddr2 = a[4], val3 = a[5];
    uint32_t cmd = op & FUTEX_CMD_MASK;
    int shared = !(op & CMS_FUTEX_PRIVATE_FLAG), rt = (op & CMS_FUTEX_CLOCK_REALTIME) != 0;
    struct futex_timeout t = {0};
    if (ut && has_timeout(cmd)) {
        int32_t r = get_timeout(ut, time64, &t);
        if (r) return r;
        /* FUTEX_WAIT: relative, on CLOCK_MONOTONIC. The others: absolute, CLOCK_REALTIME for
         * LOCK_PI and with the flag, else CLOCK_MONOTONIC. */
        t.absolute = cmd != CMS_FUTEX_WAIT;
        t.clock = cmd == CMS_FUTEX_LOCK_PI || rt ? CLOCK_REALTIME : CLOCK_MONOTONIC;
    }
    /* CLOCK_REALTIME: only for the absolute waits (FUTEX_WAIT takes it no more, as Linux). */
    if (rt && cmd != CMS_FUTEX_WAIT_BITSET && cmd != CMS_FUTEX_WAIT_REQUEUE_PI &&
        cmd != CMS_FUTEX_LOCK_PI2)
        return -CMS_ENOSYS;
    switch (cmd) {
    case CMS_FUTEX_WAIT: return futex_wait(uaddr, shared, val, &t, FUTEX_BITSET_MATCH_ANY);
    case CMS_FUTEX_WAIT_BITSET: return futex_wait(uaddr, shared, val, &t, val3);
    case CMS_FUTEX_WAKE: return futex_wake(uaddr, shared, FUTEX_BITSET_MATCH_ANY, (int32_t)val);
    case CMS_FUTEX_WAKE_BITSET: return futex_wake(uaddr, shared, val3, (int32_t)val);
    case CMS_FUTEX_REQUEUE:
        return futex_requeue(uaddr, shared, uaddr2, (int32_t)val, (int32_t)ut, 0, 0);
    case CMS_FUTEX_CMP_REQUEUE:
        return futex_requeue(uaddr, shared, uaddr2, (int32_t)val, (int32_t)ut, &val3, 0);
    case CMS_FUTEX_CMP_REQUEUE_PI:
        return futex_requeue(uaddr, shared, uaddr2, (int32_t)val, (int32_t)ut, &val3, 1);
    case CMS_FUTEX_WAKE_OP: return futex_wake_op(uaddr, shared, uaddr2, (int32_t)val, (int32_t)ut, val3);
    case CMS_FUTEX_LOCK_PI:
    case CMS_FUTEX_LOCK_PI2: return futex_lock_pi(uaddr, shared, &t, 0);
    case CMS_FUTEX_TRYLOCK_PI: return futex_lock_pi(uaddr, shared, 0, 1);
    case CMS_FUTEX_UNLOCK_PI: return futex_unlock_pi(uaddr, shared);
    case CMS_FUTEX_WAIT_REQUEUE_PI: return futex_wait_requeue_pi(uaddr, shared, val, &t, uaddr2);
    }
    return -CMS_ENOSYS; /* FUTEX_FD (removed in Linux 2.6.26) and unknown operations */
}

int32_t cms_sys_futex(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    return do_futex(a, 0);
}

int32_t cms_sys_futex_time64(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    return do_futex(a, 1);
}

int32_t cms_sys_set_robust_list(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    if (a[1] != ROBUST_LIST_HEAD_SIZE) return -CMS_EINVAL;
    *cms_thread_robust_head() = a[0]; /* not walked at a thread's exit (docs/threads.md) */
    return 0;
}

int32_t cms_sys_get_robust_list(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    int32_t pid = (int32_t)a[0];
    if (pid != 0 && pid != cms_guest_tid()) return -CMS_ESRCH; /* other threads' are not kept here */
    uint32_t len = ROBUST_LIST_HEAD_SIZE;
    if (cms_put_user(a[2], &len, 4) < 0) return -CMS_EFAULT;
    return cms_put_user(a[1], cms_thread_robust_head(), 4);
}
