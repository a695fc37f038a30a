/* SIGBUS from a file mapping past the end of its file (BUS_ADRERR, si_addr; a system call given
 * that memory gets EFAULT), and the default action "stop": a child that raises SIGSTOP and one
 * that gets SIGTSTP stop (the parent's waitpid with WUNTRACED sees WIFSTOPPED) and go on with
 * SIGCONT (docs/signals.md). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static sigjmp_buf back;
static volatile int code;
static volatile long at;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    code = si->si_code;
    at = (long)si->si_addr;
    siglongjmp(back, 1);
}

static void stopping_child(int how)
{
    pid_t c = fork();
    if (c == 0) {
        if (how) kill(getpid(), SIGTSTP);
        else raise(SIGSTOP);
        _exit(5);
    }
    int st;
    waitpid(c, &st, WUNTRACED);
    printf("child %s: stopped %d by %d\n", how ? "SIGTSTP" : "SIGSTOP", WIFSTOPPED(st), WIFSTOPPED(st) ? WSTOPSIG(st) : -1);
    kill(c, SIGCONT);
    waitpid(c, &st, 0);
    printf("continued, then exited %d with %d\n", WIFEXITED(st), WEXITSTATUS(st));
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    /* an unnamed file: runs of the program side by side never meet */
    int fd = open("/tmp", O_TMPFILE | O_RDWR, 0600);
    char data[100];
    memset(data, 'x', sizeof data);
    write(fd, data, sizeof data);
    long pg = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 3 * pg, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED) return 1;
    printf("inside the file: '%c', after its end in the same page: %d\n", m[50], m[200]);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_bus;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
    for (int k = 1; k <= 2; k++) {
        if (sigsetjmp(back, 1) == 0) {
            volatile char c = m[k * pg + 10];
            (void)c;
            printf("page %d: no signal\n", k);
        } else {
            printf("page %d: SIGBUS, BUS_ADRERR %d, at offset %ld\n", k, code == BUS_ADRERR, at - (long)m);
        }
    }
    /* (into a pipe, which copies the bytes: a write to stdout does not read them when stdout is
     * /dev/null, as under make test-strace, and native Linux then answers 10) */
    int p[2];
    if (pipe(p)) return 1;
    errno = 0;
    long r = write(p[1], m + pg, 10);
    printf("write from there: %ld %s\n", r, strerror(errno));
    close(p[0]);
    close(p[1]);

    stopping_child(0);
    stopping_child(1);
    return 0;
}
