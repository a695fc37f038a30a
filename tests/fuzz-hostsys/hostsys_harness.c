/* Fuzz harness of the simulator's side of the forwarded system calls, sim_syscall (sim/sim_syscall.c:
 * i386 structure layouts to and from the host's, buffers in model RAM; docs/testing.md "Fuzzing
 * the input parsers"). sim_syscall.c is compiled into this file with every host call it makes
 * renamed to a fake host (fk_*) that answers from the input, as a kernel may: an error with some
 * errno, or a result within the call's contract (a count no larger than the buffer, whole
 * structures written). Nothing reaches the real host.
 *
 * Input: a 28-byte header, then a stream that the harness and the fake host read in order:
 *   u16 sel     which call: sel < 0x8000, the (sel % n)-th of the forwarding table's numbers
 *               (include/morph/sysabi.h) and the ones the firmware sends itself (execve,
 *               getgroups32, setgroups32, kill, tkill, tgkill); else the number sel & 0x1ff
 *   u8 flags    1: raw arguments; 2: fork and execve allowed; 4: the guest's program is known
 *   u8 -
 *   u32 spec[6] one per argument
 * Structured (flags & 1 == 0): the arguments are what the firmware sends. Each buffer is laid
 * out by the argument kinds of the table: a string or buffer (spec 0: NULL) ends at the end of a
 * page followed by an unmapped one, so that reading or writing past it faults; lengths come from
 * their argument (% 4097); input contents come from the stream. The call runs twice, output
 * buffers filled with 0x00 and then with 0xff: a byte equal in both runs was written.
 * Raw (flags & 1): the arguments are spec[] (those with bit 31 set and bit 30 clear point into the
 * 64 KiB RAM: MM_RAM_BASE + spec % 0x20000, so half of them run past its end); RAM holds zeros
 * and up to 4 KiB of the stream at an offset the stream gives.
 * Checks (a violation is abort()):
 *   - RAM changes only inside the call's output buffers (the table's OUT/OUTF/IOVO kinds and the
 *     ioctl's by request; getgroups32's list), never past their lengths;
 *   - a result > 0 of an OUT or IOVO call is at most the buffer's length (when one was given),
 *     and the buffer holds that many bytes written by the host (structured);
 *   - an OUTF buffer given is written whole when the result is >= 0, or -EINTR from a sleep
 *     (the firmware copies it back then: an unwritten byte would show the guest stale memory);
 *   - the two runs give the same result; a libc function declared nonnull gets no NULL. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <linux/fs.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <grp.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cms_sysabi.h"
#include "morph/memmap.h"
#include "morph/sysabi.h"
#include "sim_hostsig.h"
#include "sim_mem.h"
#include "sim_strace.h"
#include "sim_syscall.h"

#define FUZZ_NAME "hostsys"
#include "../lib/fuzz_main.h"

#define HDR 28
#define PG 4096u
#define NP 16              /* structured: RW pages, each followed by an unmapped one */
#define RAW_RAM 0x10000u   /* raw: RAM bytes, followed by an unmapped page */

/* ---- stubs of the simulator around sim_syscall ---- */
static const uint8_t *hs; /* the stream */
static uint32_t hn;
static uint32_t hb(void)
{
    if (!hn) return 0;
    hn--;
    return *hs++;
}
static uint32_t hw(void)
{
    uint32_t v = hb();
    v |= hb() << 8;
    v |= hb() << 16;
    return v | hb() << 24;
}
pid_t sim_hostsig_fork(void)
{
    uint32_t b = hb();
    if (b >= 0xd0) {
        errno = EAGAIN;
        return -1;
    }
    return b & 1 ? 0 : (pid_t)(hw() & 0x7fff) + 1;
}
void sim_hostsig_exec_begin(void) {}
void sim_hostsig_exec_failed(void) {}
int sim_strace_on(void) { return 0; }
void sim_strace_forked(void) {}
void sim_strace_exec(void) {}

/* ---- the fake host ---- */
/* one answer in ~5 is a failure */
static int hfail(void)
{
    uint32_t b = hb();
    if (b < 0xd0) return 0;
    errno = 1 + (int)(b - 0xd0) % 40;
    return 1;
}
static long hres(void) { return hfail() ? -1 : (long)(hw() & 0x7fffffff); } /* a value or an fd */
static long hok(void) { return hfail() ? -1 : 0; }
static long hcnt(size_t n) { return hfail() ? -1 : (long)(hw() % ((uint64_t)n + 1)); }
static void hfill(void *p, size_t n)
{
    FUZZ_CHECK(p || !n);
    for (size_t i = 0; i < n; i++) ((uint8_t *)p)[i] = (uint8_t)hb();
}
static void hin(const void *p, size_t n)
{
    FUZZ_CHECK(p || !n);
    const volatile uint8_t *b = p; /* every byte is read */
    uint8_t s = 0;
    for (size_t i = 0; i < n; i++) s ^= b[i];
    __asm__ volatile("" : : "r"(s));
}
static void hstr(const char *s) { FUZZ_CHECK(s), hin(s, strlen(s)); } /* a nonnull string */
static void hstr0(const char *s) { if (s) hin(s, strlen(s)); }            /* the kernel's EFAULT */
/* a buffer that is NULL (and not empty): the kernel's EFAULT; sim_syscall may pass one on */
static int hnull(const void *p, size_t n)
{
    if (p || !n) return 0;
    errno = EFAULT;
    return 1;
}
/* a count no larger than n, written into p */
static long hread(void *p, size_t n)
{
    if (hnull(p, n)) return -1;
    long r = hcnt(n);
    if (r > 0) hfill(p, (size_t)r);
    return r;
}
/* the xattr calls: n == 0 asks for the size */
static long hxattr(void *p, size_t n) { return n ? hread(p, n) : hcnt(65536); }
static long hreadv(const struct iovec *v, int cnt)
{
    size_t total = 0;
    FUZZ_CHECK(cnt >= 0 && (v || !cnt));
    for (int i = 0; i < cnt; i++)
        if (hnull(v[i].iov_base, v[i].iov_len)) return -1;
        else total += v[i].iov_len;
    long r = hcnt(total);
    for (long left = r, i = 0; left > 0; i++) {
        size_t n = v[i].iov_len < (size_t)left ? v[i].iov_len : (size_t)left;
        hfill(v[i].iov_base, n);
        left -= (long)n;
    }
    return r;
}
static long hwritev(const struct iovec *v, int cnt)
{
    size_t total = 0;
    FUZZ_CHECK(cnt >= 0 && (v || !cnt));
    for (int i = 0; i < cnt; i++)
        if (hnull(v[i].iov_base, v[i].iov_len)) return -1;
        else hin(v[i].iov_base, v[i].iov_len), total += v[i].iov_len;
    return hcnt(total);
}
static off_t hoff(void)
{
    if (hfail()) return -1;
    uint32_t lo = hw();
    return (off_t)(hb() & 1 ? ((uint64_t)(hw() & 0x7fffffff) << 32 | lo) : lo);
}
#define FILLOK(p) (hfail() ? -1 : (hfill((p), sizeof *(p)), 0))
/* the buffer size of a marshalled ioctl request (include/morph/sysabi.h MORPH_SA_IOCTLS), else 0 */
static uint32_t ioctl_size(uint32_t req) { return MORPH_SA_PARAM(morph_sa_ioctl_kind(req)); }

static int fk_access(const char *p, int m) { (void)m; hstr(p); return (int)hok(); }
static unsigned fk_alarm(unsigned s) { (void)s; return hw(); }
static int fk_chdir(const char *p) { hstr(p); return (int)hok(); }
static int fk_chmod(const char *p, mode_t m) { (void)m; hstr(p); return (int)hok(); }
static int fk_chown(const char *p, uid_t u, gid_t g) { (void)u, (void)g; hstr(p); return (int)hok(); }
static int fk_clock_getres(clockid_t c, struct timespec *t) { (void)c; FUZZ_CHECK(t); return (int)FILLOK(t); }
static int fk_clock_gettime(clockid_t c, struct timespec *t) { (void)c; FUZZ_CHECK(t); return (int)FILLOK(t); }
static int fk_clock_nanosleep(clockid_t c, int fl, const struct timespec *req, struct timespec *rem)
{
    (void)c, (void)fl;
    FUZZ_CHECK(req);
    hin(req, sizeof *req);
    uint32_t b = hb();
    if (b < 0xd0) return 0;
    if (b & 1) return EINVAL;
    if (rem) hfill(rem, sizeof *rem);
    return EINTR; /* the error number itself, as POSIX has it */
}
static int fk_close(int fd) { (void)fd; return (int)hok(); }
static int fk_creat(const char *p, mode_t m) { (void)m; hstr(p); return (int)hres(); }
static int fk_dup(int fd) { (void)fd; return (int)hres(); }
static int fk_dup2(int a, int b) { (void)a, (void)b; return (int)hres(); }
static int fk_dup3(int a, int b, int f) { (void)a, (void)b, (void)f; return (int)hres(); }
static int fk_eventfd(unsigned v, int f) { (void)v, (void)f; return (int)hres(); }
static int fk_execve(const char *p, char *const argv[], char *const envp[])
{
    hstr(p);
    FUZZ_CHECK(argv && envp);
    for (int i = 0; argv[i]; i++) hstr(argv[i]);
    for (int i = 0; envp[i]; i++) hstr(envp[i]);
    errno = ENOENT; /* a successful one does not return */
    return -1;
}
static int fk_fallocate(int fd, int m, off_t o, off_t l) { (void)fd, (void)m, (void)o, (void)l; return (int)hok(); }
static int fk_fchdir(int fd) { (void)fd; return (int)hok(); }
static int fk_fchmod(int fd, mode_t m) { (void)fd, (void)m; return (int)hok(); }
static int fk_fchown(int fd, uid_t u, gid_t g) { (void)fd, (void)u, (void)g; return (int)hok(); }
static int fk_fcntl(int fd, int cmd, ...) { (void)fd, (void)cmd; return (int)hres(); }
static int fk_fdatasync(int fd) { (void)fd; return (int)hok(); }
static ssize_t fk_flistxattr(int fd, char *l, size_t n) { (void)fd; return hxattr(l, n); }
static int fk_flock(int fd, int op) { (void)fd, (void)op; return (int)hok(); }
static int fk_fstat(int fd, struct stat *s) { (void)fd; FUZZ_CHECK(s); return (int)FILLOK(s); }
static int fk_fstatat(int d, const char *p, struct stat *s, int f)
{
    (void)d, (void)f;
    hstr(p);
    FUZZ_CHECK(s);
    return (int)FILLOK(s);
}
static int fk_fsync(int fd) { (void)fd; return (int)hok(); }
static int fk_statfs(const char *p, struct statfs *b) { hstr(p); FUZZ_CHECK(b); return (int)FILLOK(b); }
static int fk_fstatfs(int fd, struct statfs *b) { (void)fd; FUZZ_CHECK(b); return (int)FILLOK(b); }
static int fk_ftruncate(int fd, off_t l) { (void)fd, (void)l; return (int)hok(); }
static gid_t fk_getegid(void) { return hw(); }
static uid_t fk_geteuid(void) { return hw(); }
static gid_t fk_getgid(void) { return hw(); }
static uid_t fk_getuid(void) { return hw(); }
static int fk_getgroups(int n, gid_t *l)
{
    FUZZ_CHECK(n >= 0 && (l || !n));
    if (!n) return (int)hcnt(65536);
    long r = hcnt((size_t)n);
    if (r > 0) hfill(l, (size_t)r * sizeof *l);
    return (int)r;
}
static int fk_setitimer(int w, const struct itimerval *n, struct itimerval *o)
{
    (void)w;
    FUZZ_CHECK(n);
    hin(n, sizeof *n);
    if (hfail()) return -1;
    if (o) hfill(o, sizeof *o);
    return 0;
}
static int fk_getitimer(int w, struct itimerval *v) { (void)w; FUZZ_CHECK(v); return (int)FILLOK(v); }
static pid_t fk_getpgid(pid_t p) { (void)p; return (pid_t)hres(); }
static pid_t fk_getpgrp(void) { return (pid_t)hres(); }
static pid_t fk_getpid(void) { return (pid_t)hres(); }
static pid_t fk_getppid(void) { return (pid_t)hres(); }
static int fk_getresgid(gid_t *a, gid_t *b, gid_t *c)
{
    FUZZ_CHECK(a && b && c);
    if (hfail()) return -1;
    hfill(a, sizeof *a), hfill(b, sizeof *b), hfill(c, sizeof *c);
    return 0;
}
static int fk_getresuid(uid_t *a, uid_t *b, uid_t *c) { return fk_getresgid(a, b, c); }
static int fk_getrlimit(int r, struct rlimit *l) { (void)r; FUZZ_CHECK(l); return (int)FILLOK(l); }
static int fk_getrusage(int w, struct rusage *u) { (void)w; FUZZ_CHECK(u); return (int)FILLOK(u); }
static pid_t fk_getsid(pid_t p) { (void)p; return (pid_t)hres(); }
static int fk_gettimeofday(struct timeval *tv, void *tz) { FUZZ_CHECK(tv && !tz); return (int)FILLOK(tv); }
static ssize_t fk_getxattr(const char *p, const char *n, void *v, size_t s) { hstr(p), hstr(n); return hxattr(v, s); }
static int fk_inotify_init(void) { return (int)hres(); }
static int fk_inotify_init1(int f) { (void)f; return (int)hres(); }
static int fk_inotify_rm_watch(int fd, int w) { (void)fd, (void)w; return (int)hok(); }
static int fk_ioctl(int fd, unsigned long req, ...)
{
    (void)fd;
    va_list ap;
    va_start(ap, req);
    void *p = va_arg(ap, void *);
    va_end(ap);
    FUZZ_CHECK(p);
    if (hfail()) return -1;
    if (req == TIOCGWINSZ) hfill(p, sizeof(struct winsize));
    else if (req == FIONREAD || req == FS_IOC_GETFLAGS) hfill(p, sizeof(int));
    else FUZZ_CHECK(!"an ioctl request the fake host does not know");
    return 0;
}
static int fk_kill(pid_t p, int s) { (void)p, (void)s; return (int)hok(); }
static int fk_lchown(const char *p, uid_t u, gid_t g) { return fk_chown(p, u, g); }
static int fk_link(const char *a, const char *b) { hstr(a), hstr(b); return (int)hok(); }
static ssize_t fk_listxattr(const char *p, char *l, size_t n) { hstr(p); return hxattr(l, n); }
static ssize_t fk_llistxattr(const char *p, char *l, size_t n) { hstr(p); return hxattr(l, n); }
static int fk_removexattr(const char *p, const char *n) { hstr(p), hstr(n); return (int)hok(); }
static int fk_lremovexattr(const char *p, const char *n) { hstr(p), hstr(n); return (int)hok(); }
static off_t fk_lseek(int fd, off_t o, int w) { (void)fd, (void)o, (void)w; return hoff(); }
static int fk_setxattr(const char *p, const char *n, const void *v, size_t s, int f)
{
    (void)f;
    hstr(p), hstr(n);
    if (hnull(v, s)) return -1;
    hin(v, s);
    return (int)hok();
}
static int fk_lsetxattr(const char *p, const char *n, const void *v, size_t s, int f) { return fk_setxattr(p, n, v, s, f); }
static int fk_memfd_create(const char *n, unsigned f) { (void)f; hstr(n); return (int)hres(); }
static int fk_mkdir(const char *p, mode_t m) { (void)m; hstr(p); return (int)hok(); }
static int fk_mkdirat(int d, const char *p, mode_t m) { (void)d, (void)m; hstr(p); return (int)hok(); }
static int fk_open(const char *p, int f, ...) { (void)f; hstr(p); return (int)hres(); }
static int fk_pipe2(int fds[2], int f) { (void)f; FUZZ_CHECK(fds); return hfail() ? -1 : (hfill(fds, 2 * sizeof *fds), 0); }
static int fk_posix_fadvise(int fd, off_t o, off_t l, int a) { (void)fd, (void)o, (void)l, (void)a; return hb() >= 0xd0 ? EINVAL : 0; }
static ssize_t fk_read(int fd, void *p, size_t n) { (void)fd; return hread(p, n); }
static ssize_t fk_pread(int fd, void *p, size_t n, off_t o) { (void)fd, (void)o; return hread(p, n); }
static ssize_t fk_write(int fd, const void *p, size_t n)
{
    (void)fd;
    if (hnull(p, n)) return -1;
    hin(p, n);
    return hcnt(n);
}
static ssize_t fk_pwrite(int fd, const void *p, size_t n, off_t o) { (void)o; return fk_write(fd, p, n); }
static ssize_t fk_readv(int fd, const struct iovec *v, int c) { (void)fd; return hreadv(v, c); }
static ssize_t fk_preadv(int fd, const struct iovec *v, int c, off_t o) { (void)fd, (void)o; return hreadv(v, c); }
static ssize_t fk_writev(int fd, const struct iovec *v, int c) { (void)fd; return hwritev(v, c); }
static ssize_t fk_pwritev(int fd, const struct iovec *v, int c, off_t o) { (void)fd, (void)o; return hwritev(v, c); }
static int fk_rename(const char *a, const char *b) { return fk_link(a, b); }
static int fk_renameat(int d, const char *a, int e, const char *b) { (void)d, (void)e; return fk_link(a, b); }
static int fk_rmdir(const char *p) { return fk_chdir(p); }
static int fk_setgroups(size_t n, const gid_t *l)
{
    if (hnull(l, n)) return -1;
    hin(l, n * sizeof *l);
    return (int)hok();
}
static int fk_setid1(unsigned a) { (void)a; return (int)hok(); }
static int fk_setid2(unsigned a, unsigned b) { (void)a, (void)b; return (int)hok(); }
static int fk_setid3(unsigned a, unsigned b, unsigned c) { (void)a, (void)b, (void)c; return (int)hok(); }
static int fk_setpriority(int w, id_t i, int p) { (void)w, (void)i, (void)p; return (int)hok(); }
static pid_t fk_setsid(void) { return (pid_t)hres(); }
static int fk_symlink(const char *a, const char *b) { return fk_link(a, b); }
static int fk_symlinkat(const char *a, int d, const char *b) { (void)d; return fk_link(a, b); }
static void fk_sync(void) {}
static int fk_syncfs(int fd) { (void)fd; return (int)hok(); }
static time_t fk_time(time_t *t) { FUZZ_CHECK(!t); return (time_t)(int32_t)hw(); }
static clock_t fk_times(struct tms *t) { FUZZ_CHECK(t); return hfail() ? (clock_t)-1 : (hfill(t, sizeof *t), (clock_t)hw()); }
static int fk_truncate(const char *p, off_t l) { (void)l; hstr(p); return (int)hok(); }
static mode_t fk_umask(mode_t m) { (void)m; return hw() & 0777; }
static int fk_unlink(const char *p) { return fk_chdir(p); }
static int fk_unlinkat(int d, const char *p, int f) { (void)d, (void)f; return fk_chdir(p); }
static pid_t fk_wait4(pid_t p, int *st, int o, struct rusage *ru)
{
    (void)p, (void)o;
    FUZZ_CHECK(st);
    if (hfail()) return -1;
    pid_t r = (pid_t)(hw() & 0x7fff); /* 0: WNOHANG and no child changed */
    if (r) hfill(st, sizeof *st);
    if (r && ru) hfill(ru, sizeof *ru);
    return r;
}
/* syscall(): the calls sim_syscall makes this way, with the kernel's structure sizes */
static long fk_syscall(long nr, ...)
{
    va_list ap;
    va_start(ap, nr);
    long x[6];
    for (int i = 0; i < 6; i++) x[i] = 0;
    int n = 0; /* how many arguments this call takes */
    switch (nr) {
    case SYS_gettid: case SYS_inotify_init: n = 0; break;
    case SYS_setfsuid: case SYS_setfsgid: case SYS_eventfd: n = 1; break;
    case SYS_getpriority: case SYS_ioprio_get: case SYS_tkill: case SYS_fremovexattr: n = 2; break;
    default: n = 3; break;
    case SYS_utimensat: case SYS_fgetxattr: case SYS_prlimit64: case SYS_faccessat2: case SYS_readlinkat:
        n = 4;
        break;
    case SYS_prctl: case SYS_fsetxattr: case SYS_fchownat: case SYS_linkat: case SYS_renameat2:
    case SYS_statx: n = 5; break;
    }
    for (int i = 0; i < n; i++) x[i] = va_arg(ap, long);
    va_end(ap);
    void *p = (void *)x[1], *q = (void *)x[2];
    switch (nr) {
    case SYS_open: hstr0((const char *)x[0]); return hres();
    case SYS_openat: hstr0(p); return hres();
    case SYS_utimensat:
        hstr0(p);
        if (q) hin(q, 2 * sizeof(struct timespec));
        return hok();
    case SYS_ioctl:
        FUZZ_CHECK(x[1] == MORPH_IOCTL_TCGETS && q);
        if (hfail()) return -1;
        hfill(q, ioctl_size(MORPH_IOCTL_TCGETS)); /* the kernel's struct termios */
        return 0;
    case SYS_getcwd: return hread((void *)x[0], (size_t)x[1]);
    case SYS_getdents64: return hread(p, (size_t)x[2]);
    case SYS_getrandom: return hread((void *)x[0], (size_t)x[1]);
    case SYS_prlimit64:
        if (q) hin(q, 16);
        if (hfail()) return -1;
        if (x[3]) hfill((void *)x[3], 16);
        return 0;
    case SYS_statx:
        hstr0(p);
        if (hnull((void *)x[4], 256) || hfail()) return -1;
        hfill((void *)x[4], 256);
        return 0;
    case SYS_readlinkat: hstr0(p); return hread(q, (size_t)x[3]);
    case SYS_fgetxattr: hstr0(p); return hxattr(q, (size_t)x[3]);
    case SYS_fsetxattr:
        hstr0(p);
        if (hnull(q, (size_t)x[3])) return -1;
        hin(q, (size_t)x[3]);
        return hok();
    case SYS_fremovexattr: case SYS_inotify_add_watch: case SYS_fchownat: case SYS_fchmodat:
    case SYS_faccessat: case SYS_faccessat2: hstr0(p); return hres();
    case SYS_linkat: case SYS_renameat2: hstr0(p), hstr0((const char *)x[3]); return hok();
    case SYS_getpriority: case SYS_setfsuid: case SYS_setfsgid: case SYS_prctl: case SYS_ioprio_set:
    case SYS_ioprio_get: case SYS_eventfd: case SYS_gettid: case SYS_tkill: case SYS_tgkill:
        return hres();
    default:
        fprintf(stderr, "syscall %ld\n", nr);
        FUZZ_CHECK(!"a syscall() the fake host does not know");
        return -1;
    }
}

/* ---- sim_syscall.c, its host calls renamed ---- */
static void sim_syscall_reset(void);
#define access fk_access
#define alarm fk_alarm
#define chdir fk_chdir
#define chmod fk_chmod
#define chown fk_chown
#define clock_getres fk_clock_getres
#define clock_gettime fk_clock_gettime
#define clock_nanosleep fk_clock_nanosleep
#define close fk_close
#define creat fk_creat
#define dup fk_dup
#define dup2 fk_dup2
#define dup3 fk_dup3
#define eventfd fk_eventfd
#define execve fk_execve
#define fallocate fk_fallocate
#define fchdir fk_fchdir
#define fchmod fk_fchmod
#define fchown fk_fchown
#define fcntl fk_fcntl
#define fdatasync fk_fdatasync
#define flistxattr fk_flistxattr
#define flock fk_flock
#define fstat fk_fstat
#define fstatat fk_fstatat
#define fsync fk_fsync
#define statfs(...) fk_statfs(__VA_ARGS__) /* function-like: struct statfs keeps its name */
#define fstatfs(...) fk_fstatfs(__VA_ARGS__)
#define ftruncate fk_ftruncate
#define getegid fk_getegid
#define geteuid fk_geteuid
#define getgid fk_getgid
#define getgroups fk_getgroups
#define getitimer fk_getitimer
#define getpgid fk_getpgid
#define getpgrp fk_getpgrp
#define getpid fk_getpid
#define getppid fk_getppid
#define getresgid fk_getresgid
#define getresuid fk_getresuid
#define getrlimit fk_getrlimit
#define getrusage fk_getrusage
#define getsid fk_getsid
#define gettimeofday fk_gettimeofday
#define getuid fk_getuid
#define getxattr fk_getxattr
#define inotify_init fk_inotify_init
#define inotify_init1 fk_inotify_init1
#define inotify_rm_watch fk_inotify_rm_watch
#define ioctl fk_ioctl
#define kill fk_kill
#define lchown fk_lchown
#define lgetxattr fk_getxattr
#define link fk_link
#define listxattr fk_listxattr
#define llistxattr fk_llistxattr
#define lremovexattr fk_lremovexattr
#define lseek fk_lseek
#define lsetxattr fk_lsetxattr
#define memfd_create fk_memfd_create
#define mkdir fk_mkdir
#define mkdirat fk_mkdirat
#define open fk_open
#define pipe2 fk_pipe2
#define posix_fadvise fk_posix_fadvise
#define pread fk_pread
#define preadv fk_preadv
#define pwrite fk_pwrite
#define pwritev fk_pwritev
#define read fk_read
#define readv fk_readv
#define removexattr fk_removexattr
#define rename fk_rename
#define renameat fk_renameat
#define rmdir fk_rmdir
#define setgid fk_setid1
#define setgroups fk_setgroups
#define setitimer fk_setitimer
#define setpgid fk_setid2
#define setpriority fk_setpriority
#define setregid fk_setid2
#define setresgid fk_setid3
#define setresuid fk_setid3
#define setreuid fk_setid2
#define setsid fk_setsid
#define setuid fk_setid1
#define setxattr fk_setxattr
#define symlink fk_symlink
#define symlinkat fk_symlinkat
#define sync fk_sync
#define syncfs fk_syncfs
#define syscall fk_syscall
#define time fk_time
#define times fk_times
#define truncate fk_truncate
#define umask fk_umask
#define unlink fk_unlink
#define unlinkat fk_unlinkat
#define wait4 fk_wait4
#define write fk_write
#define writev fk_writev
#include "sim_syscall.c"
static void sim_syscall_reset(void)
{
    dir_ncookies = 0;
    sim_forked_child = 0;
}

/* ---- the calls and their argument kinds ---- */
struct call { uint32_t nr, kind[6]; };
#define CALL_ROW(nr, name, a1, a2, a3, a4, a5, a6) {nr, {a1, a2, a3, a4, a5, a6}},
/* the forwarding table, then the calls the firmware sends itself (cms_syscall.c, cms_signal.c):
 * execve's packed block (its length in the second argument), getgroups32/setgroups32 (the
 * list of argument 1 entries of 4 bytes: G_LIST below), kill, tkill, tgkill */
#define G_LIST (15 << 16)
#define EXEC_BLK (14 << 16)
static const struct call calls[] = {
    MORPH_FORWARDED_SYSCALLS(CALL_ROW)
    {11, {EXEC_BLK, V_, V_, V_, V_, V_}},
    {205, {V_, G_LIST, V_, V_, V_, V_}},
    {206, {V_, G_LIST, V_, V_, V_, V_}},
    {37, {V_, V_, V_, V_, V_, V_}},
    {238, {V_, V_, V_, V_, V_, V_}},
    {270, {V_, V_, V_, V_, V_, V_}},
};
#define NCALLS (sizeof calls / sizeof calls[0])
static const uint32_t none[6];


/* ---- model RAM ---- */
static struct sim_mem sram, rram; /* structured: NP RW pages between unmapped ones; raw */
static uint8_t snap[2 * NP * PG], after0[2 * NP * PG];

static void fuzz_setup(void)
{
    /* sim_syscall prints a few messages (execve of a non-ELF file, fork not allowed) */
    stderr = fopen("/dev/null", "w"); /* fd 2 stays for ASan and the checks */
    FUZZ_CHECK(stderr);
    uint8_t *s = mmap(NULL, 2 * NP * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    FUZZ_CHECK(s != MAP_FAILED);
    for (unsigned i = 0; i < NP; i++) FUZZ_CHECK(!mprotect(s + 2 * i * PG, PG, PROT_READ | PROT_WRITE));
    sram = (struct sim_mem){.ram = s, .ram_size = 2 * NP * PG};
    uint8_t *r = mmap(NULL, RAW_RAM + PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    FUZZ_CHECK(r != MAP_FAILED && !mprotect(r, RAW_RAM, PROT_READ | PROT_WRITE));
    rram = (struct sim_mem){.ram = r, .ram_size = RAW_RAM};
}

/* output ranges (physical) and what must be written in them */
enum { MUST_NONE, MUST_WHOLE, MUST_RET, MUST_RET4 };
struct orange { uint32_t pa, len; int must; };
static struct orange outs[6 + 16];
static unsigned nouts;
static void out_add(uint32_t pa, uint32_t len, int must)
{
    if (pa && nouts < sizeof outs / sizeof outs[0]) outs[nouts++] = (struct orange){pa, len, must};
}
static int in_outs(uint32_t pa)
{
    for (unsigned i = 0; i < nouts; i++)
        if ((uint64_t)pa - outs[i].pa < outs[i].len) return 1;
    return 0;
}

/* structured layout */
static unsigned next_page;
static uint32_t place(uint32_t len)
{
    if (next_page == NP || len > PG) return 0;
    return MM_RAM_BASE + 2 * PG * next_page++ + PG - len;
}
static uint8_t *host(const struct sim_mem *m, uint32_t pa) { return m->ram + (pa - MM_RAM_BASE); }
static uint32_t place_str(const struct sim_mem *m, uint32_t len, const char *text)
{
    if (text) len = (uint32_t)strlen(text);
    uint32_t pa = place(len + 1);
    if (!pa) return 0;
    uint8_t *p = host(m, pa);
    for (uint32_t i = 0; i < len; i++) {
        uint8_t c = text ? (uint8_t)text[i] : (uint8_t)hb();
        p[i] = c ? c : 'x';
    }
    p[len] = 0;
    return pa;
}
static uint32_t place_in(const struct sim_mem *m, uint32_t len)
{
    uint32_t pa = place(len);
    if (pa) hfill(host(m, pa), len);
    return pa;
}
static uint32_t place_out(const struct sim_mem *m, uint32_t len, uint8_t fill, int must)
{
    uint32_t pa = place(len);
    if (pa) memset(host(m, pa), fill, len), out_add(pa, len, must);
    return pa;
}

/* Builds the arguments (structured: lays out RAM; its stream use does not depend on fill). */
static void build(const struct call *c, const uint32_t spec[6], int raw, uint8_t fill, uint32_t a[6])
{
    const struct sim_mem *m = raw ? &rram : &sram;
    const uint32_t *k = c ? c->kind : none;
    nouts = 0;
    if (raw) {
        memset(m->ram, 0, RAW_RAM);
        for (int i = 0; i < 6; i++)
            a[i] = (spec[i] >> 30) == 2 ? MM_RAM_BASE + spec[i] % 0x20000u : spec[i];
        uint32_t off = (hb() | hb() << 8) % RAW_RAM, n = (hb() | hb() << 8) % PG;
        if (n > RAW_RAM - off) n = RAW_RAM - off;
        hfill(m->ram + off, n);
        /* the output ranges the arguments name (iovecs: as the RAM holds them now) */
        for (int i = 0; i < 6; i++) {
            uint32_t kk = k[i], prm = MORPH_SA_PARAM(kk);
            switch (kk >> 16) {
            case MORPH_SA_OUT(0) >> 16: out_add(a[i], a[prm - 1], MUST_NONE); break;
            case MORPH_SA_OUTF(0) >> 16: out_add(a[i], prm, MUST_NONE); break;
            case MORPH_SA_IOCTL >> 16: out_add(a[i], ioctl_size(a[1]), MUST_NONE); break;
            case G_LIST >> 16: if (c->nr == 205) out_add(a[i], 4 * a[0], MUST_NONE); break;
            case MORPH_SA_IOVO(0) >> 16: {
                uint8_t *v = sim_mem_ram(m, a[i], 8 * (a[prm - 1] > 16 ? 16 : a[prm - 1]));
                for (uint32_t j = 0; v && j < a[prm - 1] && j < 16; j++) {
                    uint32_t b, l;
                    memcpy(&b, v + 8 * j, 4), memcpy(&l, v + 8 * j + 4, 4);
                    out_add(b, l, MUST_NONE);
                }
                if (a[prm - 1] > 16) nouts = sizeof outs / sizeof outs[0] + 1; /* not checked */
                break;
            }
            }
        }
        return;
    }
    next_page = 0;
    for (unsigned i = 0; i < NP; i++) memset(m->ram + 2 * i * PG, 0, PG);
    /* lengths first: the argument a buffer's length is in */
    memcpy(a, spec, 6 * sizeof *a);
    for (int i = 0; i < 6; i++) {
        uint32_t kk = k[i], prm = MORPH_SA_PARAM(kk);
        switch (kk >> 16) {
        case MORPH_SA_IN(0) >> 16: case MORPH_SA_OUT(0) >> 16: a[prm - 1] = spec[prm - 1] % (PG + 1); break;
        case MORPH_SA_IOVI(0) >> 16: case MORPH_SA_IOVO(0) >> 16: a[prm - 1] = spec[prm - 1] % 9; break;
        case MORPH_SA_IOCTL >> 16: {
#define REQ_(r, name, size) r,
            static const uint32_t req[] = {MORPH_SA_IOCTLS(REQ_)};
#undef REQ_
            const uint32_t nreq = sizeof req / sizeof req[0];
            if (spec[1] % (nreq + 1) < nreq) a[1] = req[spec[1] % (nreq + 1)];
            break;
        }
        case G_LIST >> 16: a[0] = spec[0] % 1025; break;
        case EXEC_BLK >> 16: a[1] = spec[1] % (PG + 1); break;
        }
    }
    for (int i = 0; i < 6; i++) {
        uint32_t kk = k[i], prm = MORPH_SA_PARAM(kk), s = spec[i];
        switch (kk >> 16) {
        case MORPH_SA_V >> 16: break;
        case MORPH_SA_S >> 16:
            a[i] = !s ? 0 : s >> 31 ? place_str(m, 0, "/proc/self/exe") : place_str(m, (s - 1) % 300, NULL);
            break;
        case MORPH_SA_IN(0) >> 16: a[i] = s ? place_in(m, a[prm - 1]) : 0; break;
        case MORPH_SA_INF(0) >> 16: a[i] = s ? place_in(m, prm) : 0; break;
        case MORPH_SA_OUT(0) >> 16: a[i] = s ? place_out(m, a[prm - 1], fill, MUST_RET) : 0; break;
        case MORPH_SA_OUTF(0) >> 16: a[i] = s ? place_out(m, prm, fill, MUST_WHOLE) : 0; break;
        case MORPH_SA_IOCTL >> 16:
            a[i] = ioctl_size(a[1]) && s ? place_out(m, ioctl_size(a[1]), fill, MUST_WHOLE) : s;
            break;
        case G_LIST >> 16:
            a[i] = !s ? 0 : c->nr == 205 ? place_out(m, 4 * a[0], fill, MUST_RET4) : place_in(m, 4 * a[0]);
            break;
        case EXEC_BLK >> 16: a[i] = s ? place_in(m, a[1]) : 0; break;
        case MORPH_SA_IOVI(0) >> 16: case MORPH_SA_IOVO(0) >> 16: {
            uint32_t cnt = a[prm - 1], v = s ? place(8 * cnt) : 0;
            a[i] = v;
            for (uint32_t j = 0; v && j < cnt; j++) {
                uint32_t l = (hb() | hb() << 8) % (PG + 1);
                uint32_t b = (kk >> 16) == MORPH_SA_IOVI(0) >> 16 ? place_in(m, l) : place_out(m, l, fill, MUST_NONE);
                memcpy(host(m, v) + 8 * j, &b, 4), memcpy(host(m, v) + 8 * j + 4, &l, 4);
            }
            break;
        }
        }
    }
}

static int fuzz_one(const uint8_t *data, uint32_t len)
{
    if (len < HDR) return 0;
    uint32_t sel = data[0] | data[1] << 8, flags = data[2], spec[6];
    memcpy(spec, data + 4, sizeof spec);
    const struct call *c = NULL;
    uint32_t nr;
    if (sel < 0x8000) c = &calls[sel % NCALLS], nr = c->nr;
    else {
        nr = sel & 0x1ff;
        for (unsigned i = 0; i < NCALLS; i++)
            if (calls[i].nr == nr) c = &calls[i];
    }
    const int raw = flags & 1;
    const struct sim_mem *m = raw ? &rram : &sram;
    const uint32_t ramlen = m->ram_size;
    int32_t r[2] = {0, 0};
    uint32_t a[6];
    for (int run = 0; run < 2; run++) {
        hs = data + HDR, hn = len - HDR;
        build(c, spec, raw, run ? 0xff : 0x00, a);
        sim_syscall_reset();
        sim_fork_allowed = (flags & 2) != 0;
        sim_guest_exe = flags & 4 ? "/tmp/morph-fuzz/guest" : NULL;
        for (uint32_t o = 0; o < ramlen; o += PG)
            if (raw || !(o / PG & 1)) memcpy(snap + o, m->ram + o, PG);
        r[run] = sim_syscall((struct sim_mem *)m, nr, a);
        /* RAM changes only inside the output buffers */
        for (uint32_t o = 0; nouts <= sizeof outs / sizeof outs[0] && o < ramlen; o += PG)
            if ((raw || !(o / PG & 1)) && memcmp(snap + o, m->ram + o, PG))
                for (uint32_t j = o; j < o + PG; j++)
                    if (snap[j] != m->ram[j]) FUZZ_CHECK(in_outs(MM_RAM_BASE + j));
        /* counts within the buffers given */
        for (int i = 0; c && i < 6; i++) {
            uint32_t kk = c->kind[i], prm = MORPH_SA_PARAM(kk);
            if ((kk >> 16) == MORPH_SA_OUT(0) >> 16 && a[i] && a[prm - 1] && r[run] > 0)
                FUZZ_CHECK((uint32_t)r[run] <= a[prm - 1]);
            if ((kk >> 16) == G_LIST >> 16 && nr == 205 && a[0] && r[run] > 0) FUZZ_CHECK((uint32_t)r[run] <= a[0]);
        }
        if (raw) return 1;
        for (uint32_t o = 0; o < ramlen; o += 2 * PG)
            if (!run) memcpy(after0 + o, m->ram + o, PG);
    }
    FUZZ_CHECK(r[0] == r[1]);
    /* what the host must have written: equal after both runs */
    uint32_t iov_left = r[0] > 0 ? (uint32_t)r[0] : 0;
    for (unsigned i = 0; i < nouts; i++) {
        uint32_t n = 0;
        switch (outs[i].must) {
        case MUST_WHOLE:
            if (r[0] >= 0 || (r[0] == -EINTR && cms_sysabi_sleeps(nr))) n = outs[i].len;
            break;
        case MUST_RET: n = r[0] > 0 && outs[i].len ? (uint32_t)r[0] : 0; break;
        case MUST_RET4: n = r[0] > 0 && outs[i].len ? 4 * (uint32_t)r[0] : 0; break;
        case MUST_NONE: /* readv's buffers, in order */
            n = iov_left < outs[i].len ? iov_left : outs[i].len;
            iov_left -= n;
            break;
        }
        uint32_t o = outs[i].pa - MM_RAM_BASE;
        for (uint32_t j = 0; j < n; j++) FUZZ_CHECK(after0[o + j] == m->ram[o + j]);
    }
    return 1;
}

/* Seeds: every call, structured with plausible arguments, and raw with arguments into RAM. */
static int fuzz_seeds(const char *dir, int nfiles, char **files)
{
    (void)nfiles, (void)files;
    static uint8_t b[HDR + 512];
    for (unsigned ci = 0; ci < NCALLS; ci++) {
        for (int variant = 0; variant < 3; variant++) {
            memset(b, 0, sizeof b);
            b[0] = (uint8_t)ci, b[1] = (uint8_t)(ci >> 8);
            b[2] = variant == 2 ? 1 : variant == 1 ? 6 : 0;
            uint32_t spec[6];
            for (int i = 0; i < 6; i++) {
                uint32_t kk = calls[ci].kind[i];
                spec[i] = variant == 2 ? 0x80000000u + 0x1000u * (uint32_t)i
                          : kk == V_ ? 3u : kk == MORPH_SA_S && variant == 1 ? 0x80000000u : 20u;
            }
            if (variant < 2)
                for (int i = 0; i < 6; i++) {
                    uint32_t kk = calls[ci].kind[i];
                    if ((kk >> 16) == MORPH_SA_IN(0) >> 16 || (kk >> 16) == MORPH_SA_OUT(0) >> 16)
                        spec[MORPH_SA_PARAM(kk) - 1] = 64;
                }
            memcpy(b + 4, spec, sizeof spec);
            for (unsigned i = HDR; i < sizeof b; i++) b[i] = (uint8_t)(i * 7 + variant);
            char name[64];
            snprintf(name, sizeof name, "call-%u-%d", calls[ci].nr, variant);
            fuzz_write_seed(dir, name, b, sizeof b);
        }
    }
    return 0;
}
