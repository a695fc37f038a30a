/* System calls of a single-threaded process (issue 24): futex in all its single-thread forms,
 * the robust list, 16- and 32-bit uid/gid calls, process groups, prctl, the old signal calls,
 * creat, pipe2, sleeping, CPU affinity. Prints results and errno names; the reference run must agree.
 * morph-test: timing-dependent (the absolute futex timeout is now + 20 ms, and carrying into the
 * seconds is a branch taken when the clock's nanoseconds are past 980 ms: the x86 instruction
 * count follows the clock) */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_FD 2
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define PRIV 128
#define RT 256

static const char *en(long r)
{
    if (r >= 0) return "ok";
    switch (errno) {
    case EAGAIN: return "EAGAIN";
    case EINVAL: return "EINVAL";
    case EFAULT: return "EFAULT";
    case ENOSYS: return "ENOSYS";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EDEADLK: return "EDEADLK";
    case EPERM: return "EPERM";
    case ESRCH: return "ESRCH";
    case ENOMEM: return "ENOMEM";
    default: return "other";
    }
}

#define SHOW(what, expr)                                                                      \
    do {                                                                                      \
        errno = 0;                                                                            \
        long r_ = (long)(expr);                                                               \
        printf("%-34s %ld %s\n", what, r_ < 0 ? -1L : r_, en(r_));                            \
    } while (0)

struct ts32 { int32_t s, ns; };
struct ts64 { int64_t s, ns; };

static long futex(void *a, int op, uint32_t val, const void *t, void *a2, uint32_t val3)
{
    return syscall(SYS_futex, a, op, val, t, a2, val3);
}

static uint32_t word __attribute__((aligned(4))), word2 __attribute__((aligned(4)));

static void test_futex(void)
{
    char *ro = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    word = 5;
    SHOW("wake private, no waiters", futex(&word, FUTEX_WAKE | PRIV, 0x7fffffff, 0, 0, 0));
    SHOW("wake shared, no waiters", futex(&word, FUTEX_WAKE, 1, 0, 0, 0));
    SHOW("wake misaligned", futex((char *)&word + 1, FUTEX_WAKE | PRIV, 1, 0, 0, 0));
    SHOW("wake_bitset bitset 0", futex(&word, FUTEX_WAKE_BITSET | PRIV, 1, 0, 0, 0));
    SHOW("wake_bitset", futex(&word, FUTEX_WAKE_BITSET | PRIV, 1, 0, 0, 0xff));
    SHOW("wake + CLOCK_REALTIME", futex(&word, FUTEX_WAKE | PRIV | RT, 1, 0, 0, 0));
    SHOW("FUTEX_FD", futex(&word, FUTEX_FD, 0, 0, 0, 0));
    SHOW("unknown op 99", futex(&word, 99, 0, 0, 0, 0));
    SHOW("wait, value differs", futex(&word, FUTEX_WAIT | PRIV, 4, 0, 0, 0));
    SHOW("wait misaligned", futex((char *)&word + 2, FUTEX_WAIT | PRIV, 5, 0, 0, 0));
    SHOW("wait on read-only page differs", futex(ro, FUTEX_WAIT | PRIV, 1, 0, 0, 0));
    struct ts32 t10ms = {0, 10000000}, bad = {0, 1000000000}, neg = {-1, 0};
    SHOW("wait 10ms", futex(&word, FUTEX_WAIT | PRIV, 5, &t10ms, 0, 0));
    SHOW("wait bad timespec", futex(&word, FUTEX_WAIT | PRIV, 5, &bad, 0, 0));
    SHOW("wait negative timespec", futex(&word, FUTEX_WAIT | PRIV, 5, &neg, 0, 0));
    SHOW("wait timespec unreadable", futex(&word, FUTEX_WAIT | PRIV, 5, (void *)16, 0, 0));
    SHOW("wait + CLOCK_REALTIME 10ms", futex(&word, FUTEX_WAIT | PRIV | RT, 5, &t10ms, 0, 0));
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    struct ts32 abs = {(int32_t)now.tv_sec, (int32_t)now.tv_nsec};
    abs.ns += 20000000;
    if (abs.ns >= 1000000000) abs.s++, abs.ns -= 1000000000;
    SHOW("wait_bitset absolute +20ms", futex(&word, FUTEX_WAIT_BITSET | PRIV, 5, &abs, 0, ~0u));
    struct ts32 past = {1, 0};
    SHOW("wait_bitset absolute in the past", futex(&word, FUTEX_WAIT_BITSET | PRIV, 5, &past, 0, ~0u));
    SHOW("wait_bitset bitset 0", futex(&word, FUTEX_WAIT_BITSET | PRIV, 5, &past, 0, 0));
    clock_gettime(CLOCK_REALTIME, &now);
    struct ts32 rabs = {(int32_t)now.tv_sec, (int32_t)now.tv_nsec};
    SHOW("wait_bitset realtime, now", futex(&word, FUTEX_WAIT_BITSET | PRIV | RT, 5, &rabs, 0, ~0u));
    struct ts64 t64 = {0, 5000000};
    SHOW("futex_time64 wait 5ms", syscall(422, &word, FUTEX_WAIT | PRIV, 5, &t64, 0, 0));
    SHOW("futex_time64 wait differs", syscall(422, &word, FUTEX_WAIT | PRIV, 6, &t64, 0, 0));
    /* requeue: val2 travels in the timeout argument */
    SHOW("requeue", futex(&word, FUTEX_REQUEUE | PRIV, 1, (void *)1, &word2, 0));
    SHOW("requeue negative count", futex(&word, FUTEX_REQUEUE | PRIV, -1, (void *)1, &word2, 0));
    SHOW("cmp_requeue equal", futex(&word, FUTEX_CMP_REQUEUE | PRIV, 1, (void *)1, &word2, 5));
    SHOW("cmp_requeue differs", futex(&word, FUTEX_CMP_REQUEUE | PRIV, 1, (void *)1, &word2, 6));
    SHOW("cmp_requeue uaddr2 misaligned", futex(&word, FUTEX_CMP_REQUEUE | PRIV, 1, (void *)1, (char *)&word2 + 1, 5));
    /* wake_op: op ADD 3 on word2, compare EQ 10 */
    word2 = 10;
    uint32_t op = (1u << 28) | (0u << 24) | (3u << 12) | 10u;
    SHOW("wake_op add", futex(&word, FUTEX_WAKE_OP | PRIV, 1, (void *)1, &word2, op));
    printf("word2 after add: %u\n", word2);
    op = (8u << 28) | (2u << 28) | (1u << 24) | (4u << 12);  /* OR (1 << 4) */
    SHOW("wake_op or shifted", futex(&word, FUTEX_WAKE_OP | PRIV, 1, (void *)1, &word2, op));
    printf("word2 after or: %u\n", word2);
    op = (3u << 28) | (3u << 12); /* ANDN 3 */
    SHOW("wake_op andn", futex(&word, FUTEX_WAKE_OP | PRIV, 1, (void *)1, &word2, op));
    printf("word2 after andn: %u\n", word2);
    op = (4u << 28) | (0xfffu << 12); /* XOR -1 */
    SHOW("wake_op xor -1", futex(&word, FUTEX_WAKE_OP | PRIV, 1, (void *)1, &word2, op));
    printf("word2 after xor: %u\n", word2);
    op = (0u << 28) | (9u << 24) | (77u << 12); /* SET 77, bad comparison */
    SHOW("wake_op set, bad cmp", futex(&word, FUTEX_WAKE_OP | PRIV, 1, (void *)1, &word2, op));
    printf("word2 after set: %u\n", word2);
    op = (6u << 28) | (1u << 12); /* bad op */
    SHOW("wake_op bad op", futex(&word, FUTEX_WAKE_OP | PRIV, 1, (void *)1, &word2, op));
    SHOW("wake_op read-only uaddr2", futex(&word, FUTEX_WAKE_OP | PRIV, 1, (void *)1, ro, 0));
    /* PI: the word holds the owner's TID */
    uint32_t tid = (uint32_t)syscall(SYS_gettid);
    word = 0;
    SHOW("lock_pi free", futex(&word, FUTEX_LOCK_PI | PRIV, 0, 0, 0, 0));
    printf("owner is me: %d\n", word == tid);
    SHOW("lock_pi again", futex(&word, FUTEX_LOCK_PI | PRIV, 0, 0, 0, 0));
    SHOW("trylock_pi own", futex(&word, FUTEX_TRYLOCK_PI | PRIV, 0, 0, 0, 0));
    SHOW("unlock_pi", futex(&word, FUTEX_UNLOCK_PI | PRIV, 0, 0, 0, 0));
    printf("word after unlock: %u\n", word);
    SHOW("unlock_pi not owner", futex(&word, FUTEX_UNLOCK_PI | PRIV, 0, 0, 0, 0));
    SHOW("trylock_pi free", futex(&word, FUTEX_TRYLOCK_PI | PRIV, 0, 0, 0, 0));
    SHOW("unlock_pi", futex(&word, FUTEX_UNLOCK_PI | PRIV, 0, 0, 0, 0));
    /* robust list */
    uint32_t head[3] = {0, 0, 0};
    head[0] = (uint32_t)(uintptr_t)head;
    SHOW("set_robust_list", syscall(SYS_set_robust_list, head, 12));
    SHOW("set_robust_list bad len", syscall(SYS_set_robust_list, head, 13));
    uint32_t got = 0, len = 0;
    SHOW("get_robust_list", syscall(SYS_get_robust_list, 0, &got, &len));
    printf("robust head is ours: %d, len %u\n", got == (uint32_t)(uintptr_t)head, len);
    SHOW("get_robust_list bad ptr", syscall(SYS_get_robust_list, 0, (void *)16, &len));
}

static void test_ids(void)
{
    long u16 = syscall(24), u32 = syscall(199), g16 = syscall(47), g32 = syscall(200);
    long eu16 = syscall(49), eg16 = syscall(50);
    printf("uid16 matches: %d, gid16 matches: %d\n", u16 == (u32 > 65535 ? 65534 : u32),
           g16 == (g32 > 65535 ? 65534 : g32));
    printf("euid16 matches: %d, egid16 matches: %d\n", eu16 == u16, eg16 == g16);
    unsigned r32[3];
    unsigned short r16[3];
    SHOW("getresuid32", syscall(209, &r32[0], &r32[1], &r32[2]));
    SHOW("getresuid16", syscall(165, &r16[0], &r16[1], &r16[2]));
    printf("resuid agree: %d\n", r16[0] == (r32[0] > 65535 ? 65534 : r32[0]) && r32[0] == (unsigned)u32);
    SHOW("getresgid32", syscall(211, &r32[0], &r32[1], &r32[2]));
    SHOW("getresgid16", syscall(171, &r16[0], &r16[1], &r16[2]));
    SHOW("getresuid16 bad pointer", syscall(165, (void *)16, &r16[1], &r16[2]));
    long n32 = syscall(205, 0, 0), n16 = syscall(80, 0, 0);
    printf("group counts agree: %d\n", n32 == n16 && n32 >= 0);
    SHOW("getgroups negative", syscall(80, -1, 0));
    /* Setting ids to what they are changes nothing and succeeds, as on Linux. */
    SHOW("setresuid32(-1,-1,-1)", syscall(208, -1, -1, -1));
    SHOW("setresuid16(-1,-1,-1)", syscall(164, 0xffff, 0xffff, 0xffff));
    SHOW("setreuid16(-1,-1)", syscall(70, 0xffff, 0xffff));
    SHOW("setuid32(own)", syscall(213, u32));
    SHOW("setgid16(own)", syscall(46, g16));
    SHOW("setfsuid16(-1) is the fsuid", syscall(138, 0xffff) == u16);
    SHOW("getpgid(0) == getpgrp()", syscall(132, 0) == syscall(65));
    SHOW("getsid(0) > 0", syscall(147, 0) > 0);
    SHOW("getpgid(bad pid)", syscall(132, 0x3ffffff0));
}

static void test_prctl(void)
{
    char name[16] = {0};
    SHOW("PR_SET_NAME", prctl(PR_SET_NAME, "a-rather-long-thread-name"));
    SHOW("PR_GET_NAME", prctl(PR_GET_NAME, name));
    printf("name: %s\n", name);
    int sig = -1;
    SHOW("PR_SET_PDEATHSIG 9", prctl(PR_SET_PDEATHSIG, 9));
    SHOW("PR_GET_PDEATHSIG", prctl(PR_GET_PDEATHSIG, &sig));
    printf("pdeathsig: %d\n", sig);
    SHOW("PR_SET_PDEATHSIG 99", prctl(PR_SET_PDEATHSIG, 99));
    SHOW("PR_SET_DUMPABLE 2", prctl(PR_SET_DUMPABLE, 2));
    SHOW("PR_SET_DUMPABLE 0", prctl(PR_SET_DUMPABLE, 0));
    SHOW("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE));
    SHOW("PR_SET_DUMPABLE 1", prctl(PR_SET_DUMPABLE, 1));
    SHOW("PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS));
    SHOW("PR_GET_SECCOMP", prctl(PR_GET_SECCOMP));
    SHOW("PR_SET_NO_NEW_PRIVS 2", prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0));
    SHOW("PR_GET_CHILD_SUBREAPER", prctl(PR_GET_CHILD_SUBREAPER, &sig));
    printf("subreaper: %d\n", sig);
    SHOW("PR_CAPBSET_READ 0", prctl(PR_CAPBSET_READ, 0));
    SHOW("PR_CAPBSET_READ 63", prctl(PR_CAPBSET_READ, 63));
    SHOW("unknown option 9999", prctl(9999, 0, 0, 0, 0));
}

static void test_signals(void)
{
    /* old sigaction (67): {handler, mask, flags, restorer} */
    uint32_t act[4] = {0x08048000u, 1u << (SIGUSR2 - 1), 0x10000000u /* SA_RESTART */, 0};
    uint32_t old[4] = {1, 1, 1, 1};
    SHOW("sigaction(SIGUSR1)", syscall(67, SIGUSR1, act, 0));
    SHOW("sigaction read back", syscall(67, SIGUSR1, 0, old));
    printf("handler %#x mask %#x flags %#x\n", old[0], old[1], old[2]);
    struct { uint32_t h, f, r, m[2]; } ra;
    SHOW("rt_sigaction read back", syscall(SYS_rt_sigaction, SIGUSR1, 0, &ra, 8));
    printf("rt: handler %#x flags %#x mask %#x %#x\n", ra.h, ra.f, ra.m[0], ra.m[1]);
    SHOW("sigaction(SIGKILL) set", syscall(67, SIGKILL, act, 0));
    SHOW("sigaction bad pointer", syscall(67, SIGUSR1, (void *)16, 0));
    SHOW("signal(SIGUSR1, SIG_IGN) old", syscall(48, SIGUSR1, SIG_IGN));
    SHOW("signal(SIGUSR1, SIG_DFL) old", syscall(48, SIGUSR1, SIG_DFL));
    SHOW("rt_sigaction read back", syscall(SYS_rt_sigaction, SIGUSR1, 0, &ra, 8));
    printf("rt: handler %#x flags %#x\n", ra.h, ra.f);
    SHOW("signal(0)", syscall(48, 0, SIG_IGN));
    /* masks: sigprocmask (126) with old_sigset_t, sgetmask, ssetmask */
    uint32_t set = 1u << (SIGUSR2 - 1), o = 0;
    SHOW("sigprocmask block USR2", syscall(126, SIG_BLOCK, &set, &o));
    printf("old mask %#x\n", o);
    SHOW("sgetmask", syscall(68));
    SHOW("ssetmask(HUP|USR2|KILL)", syscall(69, (1u << (SIGHUP - 1)) | set | (1u << (SIGKILL - 1))));
    SHOW("sgetmask", syscall(68));
    uint32_t full[2];
    SHOW("rt_sigprocmask read", syscall(SYS_rt_sigprocmask, SIG_BLOCK, 0, full, 8));
    printf("mask %#x %#x\n", full[0], full[1]);
    SHOW("sigprocmask bad how", syscall(126, 7, &set, 0));
    SHOW("sigprocmask unblock HUP", syscall(126, SIG_UNBLOCK, &(uint32_t){1u << (SIGHUP - 1)}, &o));
    printf("old mask %#x\n", o);
    /* a blocked signal sent to itself stays pending */
    SHOW("raise(SIGUSR2) while blocked", raise(SIGUSR2));
    uint32_t pend = 0;
    SHOW("sigpending", syscall(73, &pend));
    printf("pending %#x\n", pend);
}

static void test_files(void)
{
    int fd = (int)syscall(8, "creat-test.txt", 0640);
    SHOW("creat", fd >= 0);
    SHOW("write", write(fd, "hello\n", 6));
    struct stat st;
    fstat(fd, &st);
    printf("size %ld mode %o\n", (long)st.st_size, st.st_mode & 0777);
    close(fd);
    unlink("creat-test.txt");
    int p[2];
    SHOW("pipe2", syscall(331, p, O_CLOEXEC));
    SHOW("write to pipe", write(p[1], "through a pipe", 14));
    char buf[32] = {0};
    SHOW("read from pipe", read(p[0], buf, sizeof buf));
    printf("got: %s, cloexec %d\n", buf, fcntl(p[0], F_GETFD));
    close(p[0]);
    close(p[1]);
    SHOW("pipe", syscall(42, p));
    close(p[0]);
    close(p[1]);
    struct ts32 ts = {0, 1000000};
    SHOW("nanosleep 1ms", syscall(162, &ts, 0));
    SHOW("sched_yield", syscall(158));
    char *m = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    SHOW("mlock", mlock(m, 8192));
    SHOW("munlock", munlock(m, 8192));
    munmap(m + 4096, 4096);
    SHOW("mlock over a hole", mlock(m, 8192));
    SHOW("msync unaligned", msync(m + 1, 10, MS_SYNC));
    SHOW("msync ASYNC|SYNC", msync(m, 10, MS_SYNC | MS_ASYNC));
    unsigned char vec[2];
    SHOW("mincore mapped", mincore(m, 4096, vec));
    SHOW("mincore hole", mincore(m, 8192, vec));
    SHOW("sched_get_priority_max FIFO", syscall(159, 1));
    SHOW("sched_get_priority_min RR", syscall(160, 2));
    SHOW("sched_getscheduler self", syscall(157, 0));
}

/* A NULL path or name: -EFAULT, as the host kernel answers (morph once passed the NULL on to libc
 * functions that declare it nonnull: a UBSan report under make SANITIZE=1). Raw calls: the libc
 * wrappers would be undefined with NULL. Only calls that morph's --strace describes (make
 * test-strace runs this program). */
static void test_null_paths(void)
{
    static const struct { const char *what; long nr, a0, a1, a2; } c[] = {
        {"creat NULL", 8, 0, 0600, 0}, {"link NULL", 9, 0, 0, 0}, {"unlink NULL", 10, 0, 0, 0},
        {"chdir NULL", 12, 0, 0, 0}, {"chmod NULL", 15, 0, 0600, 0}, {"access NULL", 33, 0, 0, 0},
        {"rename NULL", 38, 0, 0, 0}, {"mkdir NULL", 39, 0, 0700, 0}, {"rmdir NULL", 40, 0, 0, 0},
        {"symlink NULL", 83, 0, 0, 0}, {"truncate NULL", 92, 0, 0, 0}, {"open NULL", 5, 0, 0, 0},
        {"mkdirat NULL", 296, -100, 0, 0700}, {"unlinkat NULL", 301, -100, 0, 0},
    };
    for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++) SHOW(c[i].what, syscall(c[i].nr, c[i].a0, c[i].a1, c[i].a2));
}

/* CPU affinity: what holds on any machine (morph's one core, or the host's allowed CPUs). */
static void test_affinity(void)
{
    uint32_t mask[32] = {0}, none[32] = {0};
    long n = syscall(SYS_sched_getaffinity, 0, sizeof mask, mask);
    printf("sched_getaffinity: %s, %s, a CPU: %d\n", n > 0 ? "ok" : en(n), n > 0 && n % 4 == 0 ? "in longs" : "?",
           mask[0] != 0 || n > 4);
    printf("sched_getaffinity(len 2): %s\n", en(syscall(SYS_sched_getaffinity, 0, 2, mask)));
    printf("sched_setaffinity(its mask): %s\n", en(syscall(SYS_sched_setaffinity, 0, sizeof mask, mask)));
    printf("sched_setaffinity(no CPU): %s\n", en(syscall(SYS_sched_setaffinity, 0, sizeof none, none)));
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    test_affinity();
    test_futex();
    test_files();
    test_null_paths();
    test_prctl();
    test_signals();
    test_ids(); /* last: qemu-i386 takes setfsuid16(0xffff) literally (see the .dev file) */
    return 0;
}
