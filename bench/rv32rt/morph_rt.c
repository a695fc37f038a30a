/* The system-call layer of the native RV32 builds of the benchmark suite (docs/bench.md): what
 * picolibc needs from an operating system, over morph's host-target interface. The program runs
 * bare on the modeled core under `morph sim` (no firmware): each call is one HTIF_CMD_SYSCALL
 * request with the Linux i386 call number and the buffers' physical addresses, which the host
 * serves as it serves the firmware's forwarded calls (include/morph/sysabi.h). Linked with
 * picolibc's crt0 and picolibc.ld (bench/suite.mk); main is wrapped (-Wl,--wrap=main) so that
 * it receives the arguments of `morph sim PROGRAM ARGS...` and its return value reaches exit(). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include "morph/htif.h"
#include "morph_facts.h"

/* Linux i386 call numbers and open(2) flags (the host's ABI; picolibc's own values differ). */
enum { NR_EXIT_GROUP = 252, NR_READ = 3, NR_WRITE = 4, NR_OPEN = 5, NR_CLOSE = 6, NR_UNLINK = 10,
       NR_LSEEK = 19, NR_RENAME = 38, NR_TIMES = 43, NR_GETTIMEOFDAY = 78, NR_CLOCK_GETTIME = 265 };
enum { L_O_WRONLY = 01, L_O_RDWR = 02, L_O_CREAT = 0100, L_O_EXCL = 0200, L_O_TRUNC = 01000,
       L_O_APPEND = 02000 };

static int32_t htif(uint32_t cmd, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
    static volatile struct htif_req req;
    req.cmd = cmd;
    req.arg[0] = a0;
    req.arg[1] = a1;
    req.arg[2] = a2;
    req.arg[3] = a3;
    __asm__ volatile("" ::: "memory");
    *(volatile uint32_t *)(uintptr_t)(MM_HTIF_BASE + HTIF_REG_REQ) = (uint32_t)(uintptr_t)&req;
    __asm__ volatile("" ::: "memory");
    return req.ret;
}

static long sys(uint32_t nr, uint32_t a, uint32_t b, uint32_t c)
{
    int32_t r = htif(HTIF_CMD_SYSCALL, nr, a, b, c);
    if (r < 0 && r > -4096) {
        errno = -r;
        return -1;
    }
    return r;
}

void _exit(int status)
{
    for (;;) htif(HTIF_CMD_EXIT, (uint32_t)status & 0xff, 0, 0, 0);
}

ssize_t read(int fd, void *buf, size_t n) { return sys(NR_READ, (uint32_t)fd, (uint32_t)(uintptr_t)buf, n); }
ssize_t write(int fd, const void *buf, size_t n) { return sys(NR_WRITE, (uint32_t)fd, (uint32_t)(uintptr_t)buf, n); }
int close(int fd) { return (int)sys(NR_CLOSE, (uint32_t)fd, 0, 0); }
int unlink(const char *p) { return (int)sys(NR_UNLINK, (uint32_t)(uintptr_t)p, 0, 0); }
int rename(const char *a, const char *b) { return (int)sys(NR_RENAME, (uint32_t)(uintptr_t)a, (uint32_t)(uintptr_t)b, 0); }
off_t lseek(int fd, off_t off, int whence) { return sys(NR_LSEEK, (uint32_t)fd, (uint32_t)off, (uint32_t)whence); }
int isatty(int fd) { (void)fd; return 0; }
/* Every file is a regular file of unknown size (the programs only ask whether it is one). */
int fstat(int fd, struct stat *st)
{
    (void)fd;
    memset(st, 0, sizeof *st);
    st->st_mode = S_IFREG;
    return 0;
}
int stat(const char *p, struct stat *st)
{
    int fd = open(p, O_RDONLY); /* it exists if it opens */
    if (fd < 0) return -1;
    fstat(fd, st);
    close(fd);
    return 0;
}

int open(const char *path, int flags, ...)
{
    uint32_t lf = (flags & O_ACCMODE) == O_WRONLY ? L_O_WRONLY : (flags & O_ACCMODE) == O_RDWR ? L_O_RDWR : 0;
    if (flags & O_CREAT) lf |= L_O_CREAT;
    if (flags & O_EXCL) lf |= L_O_EXCL;
    if (flags & O_TRUNC) lf |= L_O_TRUNC;
    if (flags & O_APPEND) lf |= L_O_APPEND;
    return (int)sys(NR_OPEN, (uint32_t)(uintptr_t)path, lf, 0644);
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    (void)tz;
    uint32_t t[2];
    if (sys(NR_GETTIMEOFDAY, (uint32_t)(uintptr_t)t, 0, 0) < 0) return -1;
    tv->tv_sec = t[0];
    tv->tv_usec = (suseconds_t)t[1];
    return 0;
}

/* Calls the suite's programs name but never need on its inputs: they fail as "not implemented"
 * (ENOSYS). */
static int enosys(void)
{
    errno = ENOSYS;
    return -1;
}
int lstat(const char *p, struct stat *st) { return stat(p, st); }
int fchmod(int fd, mode_t m) { (void)fd; (void)m; return enosys(); }
int fchown(int fd, uid_t u, gid_t g) { (void)fd; (void)u; (void)g; return enosys(); }
struct utimbuf;
int utime(const char *p, const struct utimbuf *t) { (void)p; (void)t; return enosys(); }
int system(const char *cmd) { return cmd ? enosys() : 0; }
int kill(pid_t pid, int sig) { (void)pid; (void)sig; return enosys(); }
int execvp(const char *f, char *const argv[]) { (void)f; (void)argv; return enosys(); }
char *getcwd(char *buf, size_t n)
{
    (void)buf;
    (void)n;
    enosys();
    return 0;
}
pid_t getpid(void) { return 1; }
clock_t times(struct tms *t)
{
    uint32_t v[4];
    long r = sys(NR_TIMES, (uint32_t)(uintptr_t)v, 0, 0);
    if (r == -1) return (clock_t)-1;
    t->tms_utime = v[0];
    t->tms_stime = v[1];
    t->tms_cutime = v[2];
    t->tms_cstime = v[3];
    return (clock_t)r;
}

/* The host's clocks (the suite's programs print no times; their outputs stay comparable). */
int clock_gettime(clockid_t id, struct timespec *ts)
{
    uint32_t t[2];
    if (sys(NR_CLOCK_GETTIME, (uint32_t)id, (uint32_t)(uintptr_t)t, 0) < 0) return -1;
    ts->tv_sec = t[0];
    ts->tv_nsec = (long)t[1];
    return 0;
}

/* ---- stdin, stdout, stderr: buffered streams over read and write ------------------------- */
struct rt_stream {
    int fd;
    unsigned n, pos;
    unsigned char buf[16384];
};
static struct rt_stream s_in = {0, 0, 0, {0}}, s_out = {1, 0, 0, {0}}, s_err = {2, 0, 0, {0}};

static int out_flush(struct rt_stream *s)
{
    unsigned done = 0;
    while (done < s->n) {
        ssize_t w = write(s->fd, s->buf + done, s->n - done);
        if (w <= 0) return EOF;
        done += (unsigned)w;
    }
    s->n = 0;
    return 0;
}
static int out_put(char c, struct rt_stream *s)
{
    if (s->n == sizeof s->buf && out_flush(s)) return EOF;
    s->buf[s->n++] = (unsigned char)c;
    return (unsigned char)c;
}
static int put_out(char c, FILE *f) { (void)f; return out_put(c, &s_out); }
static int put_err(char c, FILE *f) { (void)f; return out_put(c, &s_err) == EOF || out_flush(&s_err) ? EOF : (unsigned char)c; }
static int flush_out(FILE *f) { (void)f; return out_flush(&s_out); }
static int get_in(FILE *f)
{
    (void)f;
    if (s_in.pos == s_in.n) {
        ssize_t r = read(0, s_in.buf, sizeof s_in.buf);
        if (r <= 0) return r < 0 ? _FDEV_ERR : _FDEV_EOF;
        s_in.n = (unsigned)r;
        s_in.pos = 0;
    }
    return s_in.buf[s_in.pos++];
}
static FILE f_in = FDEV_SETUP_STREAM(NULL, get_in, NULL, _FDEV_SETUP_READ);
static FILE f_out = FDEV_SETUP_STREAM(put_out, NULL, flush_out, _FDEV_SETUP_WRITE);
static FILE f_err = FDEV_SETUP_STREAM(put_err, NULL, NULL, _FDEV_SETUP_WRITE);
FILE *const stdin = &f_in;
FILE *const stdout = &f_out;
FILE *const stderr = &f_err;

static void flush_at_exit(void) { out_flush(&s_out); }

/* ---- arguments ------------------------------------------------------------------------- */
int __real_main(int argc, char **argv);
int __wrap_main(int argc, char **argv)
{
    static char buf[8192];
    static char *args[256];
    (void)argc;
    (void)argv;
    int n = htif(HTIF_CMD_GET_ARGV, (uint32_t)(uintptr_t)buf, sizeof buf, 0, 0);
    uint32_t count = 0;
    if (n >= 4) memcpy(&count, buf, 4);
    if (n < 4 || count >= sizeof args / sizeof args[0]) {
        static const char msg[] = "morph_rt: cannot read the arguments\n";
        write(2, msg, sizeof msg - 1);
        _exit(127);
    }
    char *p = buf + 4;
    for (uint32_t i = 0; i < count; i++) {
        args[i] = p;
        p += strlen(p) + 1;
    }
    args[count] = 0;
    atexit(flush_at_exit);
    exit(__real_main((int)count, args)); /* picolibc's crt0 would spin after main */
}
