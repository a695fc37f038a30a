/* Host signals for the guest: see sim_hostsig.h. The handler only records; the firmware takes
 * the records at an x86 instruction boundary (docs/signals.md). */
#include "sim_hostsig.h"
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define NSIGS 65 /* 1..64 */

static volatile sig_atomic_t have[NSIGS], any;
static struct htif_sigrec rec[NSIGS];
static sigset_t caught;
static int installed;

/* What a guest may be sent from outside. Not the job-control stops and SIGCONT (they stop
 * and continue morph itself, which is the guest's process), nor the faults of the simulator
 * (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS: its own bugs), nor SIGKILL and
 * SIGSTOP, which nobody catches. */
static int forwarded(int sig)
{
    switch (sig) {
    case SIGHUP: case SIGINT: case SIGQUIT: case SIGUSR1: case SIGUSR2: case SIGPIPE: case SIGALRM:
    case SIGTERM: case SIGCHLD: case SIGURG: case SIGXCPU: case SIGXFSZ: case SIGVTALRM: case SIGPROF:
    case SIGWINCH: case SIGIO: case SIGPWR:
        return 1;
    default:
        return sig >= SIGRTMIN && sig <= 64;
    }
}

/* A second interrupt, quit, hang-up or terminate before the firmware took the first: the
 * user's way out of a firmware that no longer looks. */
static int escapes(int sig) { return sig == SIGINT || sig == SIGQUIT || sig == SIGHUP || sig == SIGTERM; }

static void on_signal(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    if (have[sig] && escapes(sig)) {
        signal(sig, SIG_DFL);
        raise(sig); /* taken when this handler returns */
        return;
    }
    struct htif_sigrec r = {.signo = sig, .code = si->si_code, .pid = si->si_pid, .uid = (int32_t)si->si_uid};
    if (sig == SIGCHLD) {
        r.status = si->si_status;
        r.utime = (uint32_t)si->si_utime;
        r.stime = (uint32_t)si->si_stime;
    }
    rec[sig] = r;
    have[sig] = 1;
    any = 1;
}

void sim_hostsig_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: a blocking call the guest made returns EINTR,
                                 and the firmware restarts it or not as Linux would */
    sigemptyset(&caught);
    for (int s = 1; s < NSIGS; s++)
        if (forwarded(s)) sigaddset(&caught, s);
    sa.sa_mask = caught; /* records are written one at a time */
    for (int s = 1; s < NSIGS; s++)
        if (forwarded(s)) sigaction(s, &sa, NULL);
    installed = 1;
    sigprocmask(SIG_UNBLOCK, &caught, NULL); /* held back over a guest's execve */
}

static sigset_t exec_old;

void sim_hostsig_exec_begin(void)
{
    if (!installed) return;
    sigprocmask(SIG_BLOCK, &caught, &exec_old);
    for (int s = 1; s < NSIGS; s++)
        if (have[s]) {
            have[s] = 0;
            kill(getpid(), s); /* pending in the kernel while blocked (its siginfo is then ours) */
        }
    any = 0;
}

void sim_hostsig_exec_failed(void)
{
    if (installed) sigprocmask(SIG_SETMASK, &exec_old, NULL); /* what came meanwhile is recorded */
}

int sim_hostsig_pending(void)
{
    return any;
}

int sim_hostsig_take(struct htif_sigrec *out, int max)
{
    if (!installed) return 0;
    sigset_t old;
    sigprocmask(SIG_BLOCK, &caught, &old);
    int n = 0;
    for (int s = 1; s < NSIGS && n < max; s++)
        if (have[s]) {
            out[n++] = rec[s];
            have[s] = 0;
        }
    any = 0;
    for (int s = 1; s < NSIGS; s++)
        if (have[s]) any = 1;
    sigprocmask(SIG_SETMASK, &old, NULL);
    return n;
}

int sim_hostsig_wait(uint32_t sec, uint32_t nsec)
{
    if (!installed) return 0;
    const int forever = sec == 0xffffffffu && nsec == 0xffffffffu;
    sigset_t old, during;
    sigprocmask(SIG_BLOCK, &caught, &old);
    during = old;
    for (int s = 1; s < NSIGS; s++)
        if (sigismember(&caught, s)) sigdelset(&during, s);
    int got = 0;
    for (;;) {
        if (sim_hostsig_pending()) {
            got = 1;
            break;
        }
        struct timespec rel, *tp = NULL;
        if (!forever) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            int64_t left = ((int64_t)sec - now.tv_sec) * 1000000000 + ((int64_t)nsec - now.tv_nsec);
            if (left <= 0) break;
            rel.tv_sec = (time_t)(left / 1000000000);
            rel.tv_nsec = (long)(left % 1000000000);
            tp = &rel;
        }
        /* the caught signals are let in only while ppoll sleeps: none is missed */
        if (ppoll(NULL, 0, tp, &during) < 0 && errno != EINTR) break;
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return got;
}

pid_t sim_hostsig_fork(void)
{
    /* held back over the fork, so that a signal sent to the new PID at once is the child's
     * and not forgotten with what the parent had pending */
    sigset_t old;
    sigprocmask(SIG_BLOCK, &caught, &old);
    pid_t pid = fork();
    if (pid == 0) {
        for (int s = 1; s < NSIGS; s++) have[s] = 0;
        any = 0;
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return pid;
}

void sim_hostsig_die(int sig)
{
    if (sig < 1 || sig >= NSIGS || sig == SIGKILL) return;
    const struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none); /* the simulator's core is not the guest's */
    signal(sig, SIG_DFL);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    raise(sig);
}
