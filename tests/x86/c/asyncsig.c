/* Signals from outside the process (docs/signals.md "Signals from outside"): timers (alarm,
 * setitimer) while the program computes, sleeps or blocks; pause, sigsuspend and
 * sigtimedwait; signals between parent and child (kill, SIGCHLD with its siginfo, a child
 * killed by a signal); system calls interrupted by a handler (EINTR) or restarted
 * (SA_RESTART); SIGPIPE ignored and handled.
 * morph-test: timing-dependent (how far the busy loops get before a timer fires depends on
 * the machine's speed, so its x86 instruction count is not compared between configurations) */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t ticks, usr1, chld, last_sig;
static volatile int from_pid, si_code_seen, si_status_seen;

static void on_tick(int sig) { (void)sig; ticks++; }

static void on_info(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    last_sig = sig;
    from_pid = si->si_pid;
    si_code_seen = si->si_code;
    if (sig == SIGUSR1) usr1++;
    if (sig == SIGCHLD) {
        chld++;
        si_status_seen = si->si_status;
    }
}

static void handle(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

static void handle_info(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(sig, &sa, NULL);
}

static void timer_ms(int first, int every)
{
    struct itimerval v = {{every / 1000, (every % 1000) * 1000}, {first / 1000, (first % 1000) * 1000}};
    setitimer(ITIMER_REAL, &v, NULL);
}

static void block(int sig, int how)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(how, &s, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);

    /* alarm: the time left comes back; cancelled before it fires */
    alarm(30);
    printf("alarm: %u seconds were left\n", alarm(0));

    /* an interval timer while the program computes and makes no system call */
    handle(SIGALRM, on_tick, SA_RESTART);
    timer_ms(5, 5);
    unsigned long spins = 0;
    while (ticks < 5) spins++;
    timer_ms(0, 0);
    struct itimerval left;
    getitimer(ITIMER_REAL, &left);
    printf("computing: 5 ticks or more %d, then the timer is off: %d\n", ticks >= 5,
           !left.it_value.tv_sec && !left.it_value.tv_usec && !left.it_interval.tv_usec);

    /* pause returns after the handler, with EINTR. The timers below repeat: a tick may come
     * before the call blocks (a simulator is slow), and the next one must interrupt it. */
    ticks = 0;
    timer_ms(10, 10);
    int r = pause();
    printf("pause: %d %s, the handler ran: %d\n", r, strerror(errno), ticks > 0);

    /* a blocking read: EINTR without SA_RESTART */
    int fds[2];
    pipe(fds);
    handle(SIGALRM, on_tick, 0);
    char buf[16] = "";
    ssize_t n = read(fds[0], buf, sizeof buf);
    printf("read without SA_RESTART: %zd %s\n", n, strerror(errno));

    /* ... and restarted with it: the data a child writes later arrives */
    handle(SIGALRM, on_tick, SA_RESTART);
    ticks = 0;
    pid_t c = fork();
    if (c == 0) {
        struct timespec t = {0, 80 * 1000 * 1000};
        nanosleep(&t, NULL);
        write(fds[1], "late", 4);
        _exit(0);
    }
    n = read(fds[0], buf, sizeof buf);
    printf("read with SA_RESTART: %zd '%.4s', the handler ran: %d\n", n, buf, ticks > 0);
    waitpid(c, NULL, 0);

    /* a sleep cut short by a handler: EINTR and the time left */
    struct timespec req = {2, 0}, rem = {0, 0};
    r = nanosleep(&req, &rem);
    printf("nanosleep: %d %s, more than a second left: %d\n", r, strerror(errno), rem.tv_sec >= 1);
    timer_ms(0, 0);

    /* sigsuspend: SIGUSR1 blocked, sent by a child, taken while the mask lets it in */
    handle_info(SIGUSR1);
    block(SIGUSR1, SIG_BLOCK);
    c = fork();
    if (c == 0) {
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    sigset_t none;
    sigemptyset(&none);
    while (!usr1) {
        r = sigsuspend(&none);
        printf("sigsuspend: %d %s\n", r, strerror(errno));
    }
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("SIGUSR1 from the child: %d, SI_USER: %d, blocked again after: %d\n", from_pid == c,
           si_code_seen == SI_USER, sigismember(&now, SIGUSR1));
    waitpid(c, NULL, 0);

    /* SIGCHLD with the child's status in siginfo */
    handle_info(SIGCHLD);
    block(SIGCHLD, SIG_BLOCK);
    c = fork();
    if (c == 0) _exit(7);
    while (!chld) sigsuspend(&none);
    printf("SIGCHLD: from the child %d, CLD_EXITED %d, status %d\n", from_pid == c, si_code_seen == CLD_EXITED,
           si_status_seen);
    int st;
    waitpid(c, &st, 0);
    block(SIGCHLD, SIG_UNBLOCK);
    handle(SIGCHLD, SIG_DFL, 0);

    /* a child killed by a signal its parent sends: the parent's wait sees it */
    c = fork();
    if (c == 0) {
        for (;;) pause();
    }
    kill(c, SIGTERM);
    waitpid(c, &st, 0);
    printf("child killed: signaled %d, by %d\n", WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : -1);

    /* sigtimedwait: one pending already (raise: SI_TKILL), none until the timeout, one from a
     * child while waiting */
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &usr2, NULL);
    raise(SIGUSR2);
    siginfo_t si;
    r = sigtimedwait(&usr2, &si, NULL);
    printf("sigtimedwait: %d, si_code %d\n", r, si.si_code);
    struct timespec shortly = {0, 30 * 1000 * 1000};
    r = sigtimedwait(&usr2, &si, &shortly);
    printf("sigtimedwait with nothing coming: %d %s\n", r, strerror(errno));
    c = fork();
    if (c == 0) {
        struct timespec t = {0, 20 * 1000 * 1000};
        nanosleep(&t, NULL);
        kill(getppid(), SIGUSR2);
        _exit(0);
    }
    r = sigwaitinfo(&usr2, &si);
    printf("sigwaitinfo: %d, from the child %d\n", r, si.si_pid == c);
    waitpid(c, NULL, 0);

    /* SIGPIPE: ignored, the write fails with EPIPE; handled, the handler runs too */
    close(fds[0]);
    signal(SIGPIPE, SIG_IGN);
    n = write(fds[1], "x", 1);
    printf("write to a closed pipe, SIGPIPE ignored: %zd %s\n", n, strerror(errno));
    handle_info(SIGPIPE);
    last_sig = 0;
    n = write(fds[1], "x", 1);
    printf("and handled: %zd %s, handler for %d\n", n, strerror(errno), (int)last_sig);

    /* the last one: an alarm kills the process (the default action) */
    printf("spun: %d\n", spins > 0);
    signal(SIGALRM, SIG_DFL);
    timer_ms(10, 0);
    for (;;) {
    }
}
