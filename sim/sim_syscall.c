/* Forwarded guest system calls (include/morph/sysabi.h) executed with host system calls.
 * Arguments are i386 values: ints are sign-extended, pointers are physical addresses in model
 * RAM (bad ones give -EFAULT), and i386 structure layouts are written byte-exactly. */
#include "sim_syscall.h"
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <limits.h>
#include <grp.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/times.h>
#include <sys/xattr.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/fs.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "morph/sysabi.h"
#include "sim_hostsig.h"
#include "sim_strace.h"

#define I(v) ((int)(int32_t)(v))   /* an i386 int argument */
#define RET(expr) ({ long r_ = (long)(expr); r_ < 0 ? -errno : r_; })

/* Bounded host views of firmware buffers. A NULL pointer argument maps to NULL. */
static int buf(struct sim_mem *m, uint32_t pa, uint32_t len, void **out)
{
    if (pa == 0) { *out = NULL; return 0; }
    *out = sim_mem_ram(m, pa, len);
    return *out ? 0 : -EFAULT;
}

/* NUL-terminated string in RAM; NULL for pa 0 is reported through *out. Searched piece by
 * piece (to 256-byte boundaries), so that morph host's mirror (sim_mem.h) fetches the string and
 * not the rest of RAM. */
static int str(struct sim_mem *m, uint32_t pa, const char **out)
{
    if (pa == 0) { *out = NULL; return 0; }
    uint8_t *p = sim_mem_ram(m, pa, 1);
    if (!p) return -EFAULT;
    const uint32_t room = m->ram_size - (pa - MM_RAM_BASE);
    for (uint32_t done = 0, n; done < room; done += n) {
        n = 256 - ((pa + done) & 255);
        if (n > room - done) n = room - done;
        const uint8_t *q = sim_mem_ram(m, pa + done, n);
        if (!q) return -EFAULT;
        if (memchr(q, 0, n)) {
            *out = (const char *)p;
            return 0;
        }
    }
    return -EFAULT;
}

const char *sim_sysroot;

/* morph run -L DIR (qemu-user's rule): an absolute path that exists under DIR is taken from there,
 * any other path is the host's. buf holds PATH_MAX bytes. */
static const char *rooted(const char *p, char *buf)
{
    struct stat st;
    if (!sim_sysroot || !p || p[0] != '/') return p;
    if (snprintf(buf, PATH_MAX, "%s%s", sim_sysroot, p) >= PATH_MAX) return p;
    return lstat(buf, &st) == 0 ? buf : p;
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

/* i386 struct stat64 (arch/x86/include/uapi/asm/stat.h), 96 bytes. */
static void to_stat64(uint8_t *o, const struct stat *s)
{
    memset(o, 0, 96);
    put64(o + 0, s->st_dev);
    put32(o + 12, (uint32_t)s->st_ino);
    put32(o + 16, s->st_mode);
    put32(o + 20, (uint32_t)s->st_nlink);
    put32(o + 24, s->st_uid);
    put32(o + 28, s->st_gid);
    put64(o + 32, s->st_rdev);
    put64(o + 44, (uint64_t)s->st_size);
    put32(o + 52, (uint32_t)s->st_blksize);
    put64(o + 56, (uint64_t)s->st_blocks);
    put32(o + 64, (uint32_t)s->st_atim.tv_sec);
    put32(o + 68, (uint32_t)s->st_atim.tv_nsec);
    put32(o + 72, (uint32_t)s->st_mtim.tv_sec);
    put32(o + 76, (uint32_t)s->st_mtim.tv_nsec);
    put32(o + 80, (uint32_t)s->st_ctim.tv_sec);
    put32(o + 84, (uint32_t)s->st_ctim.tv_nsec);
    put64(o + 88, s->st_ino);
}

/* statfs64 / fstatfs64: i386 struct statfs64 (packed, 84 bytes: type, bsize, five 64-bit counts,
 * fsid, namelen, frsize, flags, four spare words); the size argument must be 84, as Linux checks. */
static int32_t do_statfs64(struct sim_mem *m, const uint32_t *a, int use_fd)
{
    const char *path = NULL;
    void *out;
    int e;
    char rb[PATH_MAX];
    if (!use_fd && ((e = str(m, a[0], &path)) || !path)) return e ? e : -EFAULT;
    if (a[1] != 84) return -EINVAL;
    if ((e = buf(m, a[2], 84, &out)) || !out) return e ? e : -EFAULT;
    struct statfs sf;
    if ((use_fd ? fstatfs(I(a[0]), &sf) : statfs(rooted(path, rb), &sf)) < 0) return -errno;
    uint8_t *o = out;
    memset(o, 0, 84);
    put32(o, (uint32_t)sf.f_type);
    put32(o + 4, (uint32_t)sf.f_bsize);
    put64(o + 8, sf.f_blocks);
    put64(o + 16, sf.f_bfree);
    put64(o + 24, sf.f_bavail);
    put64(o + 32, sf.f_files);
    put64(o + 40, sf.f_ffree);
    memcpy(o + 48, &sf.f_fsid, 8);
    put32(o + 56, (uint32_t)sf.f_namelen);
    put32(o + 60, (uint32_t)sf.f_frsize);
    put32(o + 64, (uint32_t)sf.f_flags);
    return 0;
}

static int32_t do_fstatat(struct sim_mem *m, int dirfd, uint32_t path_pa, uint32_t out_pa,
                          int flags, int use_fd)
{
    const char *path = "";
    void *out;
    int e;
    if (!use_fd && ((e = str(m, path_pa, &path)) || !path)) return e ? e : -EFAULT;
    if ((e = buf(m, out_pa, 96, &out)) || !out) return e ? e : -EFAULT;
    char rb[PATH_MAX];
    if (!use_fd) path = rooted(path, rb); /* an absolute path only */
    struct stat st;
    long r = use_fd ? fstat(dirfd, &st) : fstatat(dirfd, path, &st, flags);
    if (r < 0) return -errno;
    to_stat64(out, &st);
    return 0;
}

/* readv / writev, and at an offset (at >= 0) preadv / pwritev: iovec arrays {u32 pa, u32 len}
 * -> host iovecs. */
static int32_t do_rwv(struct sim_mem *m, int fd, uint32_t iov_pa, uint32_t cnt, int64_t at, int write)
{
    if (cnt > 1024) return -EINVAL;
    uint8_t *g = sim_mem_ram(m, iov_pa, cnt * 8);
    if (!g && cnt) return -EFAULT;
    struct iovec iov[1024];
    for (uint32_t i = 0; i < cnt; i++) {
        uint32_t pa, len;
        memcpy(&pa, g + 8 * i, 4);
        memcpy(&len, g + 8 * i + 4, 4);
        if (len == 0) { iov[i].iov_base = NULL; iov[i].iov_len = 0; continue; }
        if (!(iov[i].iov_base = sim_mem_ram(m, pa, len))) return -EFAULT;
        iov[i].iov_len = len;
    }
    if (at >= 0)
        return (int32_t)(write ? RET(pwritev(fd, iov, (int)cnt, (off_t)at))
                               : RET(preadv(fd, iov, (int)cnt, (off_t)at)));
    return (int32_t)(write ? RET(writev(fd, iov, (int)cnt)) : RET(readv(fd, iov, (int)cnt)));
}

static int32_t put_ts32(struct sim_mem *m, uint32_t pa, long r, const struct timespec *ts)
{
    if (r < 0) return -errno;
    void *o;
    if (buf(m, pa, 8, &o)) return -EFAULT;
    if (o) {
        put32(o, (uint32_t)ts->tv_sec);
        put32((uint8_t *)o + 4, (uint32_t)ts->tv_nsec);
    }
    return 0;
}

static int32_t put_ts64(struct sim_mem *m, uint32_t pa, long r, const struct timespec *ts)
{
    if (r < 0) return -errno;
    void *o;
    if (buf(m, pa, 16, &o)) return -EFAULT;
    if (o) {
        put64(o, (uint64_t)ts->tv_sec);
        put64((uint8_t *)o + 8, (uint64_t)ts->tv_nsec);
    }
    return 0;
}

/* utimensat with 32-bit (tsz 8) or 64-bit (tsz 16) timespec pairs. */
static int32_t do_utimensat(struct sim_mem *m, const uint32_t *a, unsigned tsz)
{
    const char *path;
    void *in;
    int e;
    if ((e = str(m, a[1], &path))) return e;
    if ((e = buf(m, a[2], 2 * tsz, &in))) return e;
    struct timespec ts[2];
    for (int i = 0; in && i < 2; i++) {
        const uint8_t *p = (const uint8_t *)in + i * tsz;
        if (tsz == 8) {
            int32_t s, ns;
            memcpy(&s, p, 4);
            memcpy(&ns, p + 4, 4);
            ts[i].tv_sec = s;
            ts[i].tv_nsec = ns;
        } else {
            int64_t s, ns;
            memcpy(&s, p, 8);
            memcpy(&ns, p + 8, 8);
            ts[i].tv_sec = s;
            ts[i].tv_nsec = (long)ns;
        }
    }
    return (int32_t)RET(syscall(SYS_utimensat, I(a[0]), path, in ? ts : NULL, I(a[3])));
}


/* i386 struct timespec (32-bit words) to a host one; -EINVAL as Linux for a bad one. */
static int32_t get_ts(struct sim_mem *m, uint32_t pa, unsigned tsz, struct timespec *ts)
{
    void *p;
    if (buf(m, pa, tsz, &p) || !p) return -EFAULT;
    if (tsz == 8) {
        int32_t v[2];
        memcpy(v, p, 8);
        ts->tv_sec = v[0];
        ts->tv_nsec = v[1];
    } else {
        int64_t v[2];
        memcpy(v, p, 16);
        ts->tv_sec = v[0];
        ts->tv_nsec = (long)(uint32_t)v[1]; /* i386: only the low half of tv_nsec counts */
    }
    return 0;
}

/* nanosleep / clock_nanosleep with 32-bit (tsz 8) or 64-bit (tsz 16) timespecs. The remaining
 * time is written whole (zero when the sleep completed). */
static int32_t do_nanosleep(struct sim_mem *m, int clk, int flags, uint32_t req_pa, uint32_t rem_pa,
                            unsigned tsz)
{
    struct timespec req, rem = {0, 0};
    int32_t e = get_ts(m, req_pa, tsz, &req);
    if (e) return e;
    int r = clock_nanosleep((clockid_t)clk, flags, &req, &rem);
    if (r == EINTR && !(flags & TIMER_ABSTIME)) {
        /* rem is meaningful */
    } else {
        rem.tv_sec = rem.tv_nsec = 0;
    }
    void *o;
    if (rem_pa && !buf(m, rem_pa, tsz, &o) && o) {
        if (tsz == 8) { put32(o, (uint32_t)rem.tv_sec); put32((uint8_t *)o + 4, (uint32_t)rem.tv_nsec); }
        else { put64(o, (uint64_t)rem.tv_sec); put64((uint8_t *)o + 8, (uint64_t)rem.tv_nsec); }
    }
    return -r;
}

/* getrlimit (76) and ugetrlimit (191): struct rlimit of two u32, each clamped to max. */
static int32_t do_getrlimit(struct sim_mem *m, const uint32_t *a, uint32_t max)
{
    struct rlimit rl;
    void *p;
    int e = buf(m, a[1], 8, &p);
    if (e) return e;
    if (getrlimit(I(a[0]), &rl) < 0) return -errno;
    if (!p) return -EFAULT;
    put32(p, rl.rlim_cur > max ? max : (uint32_t)rl.rlim_cur);
    put32((uint8_t *)p + 4, rl.rlim_max > max ? max : (uint32_t)rl.rlim_max);
    return 0;
}

/* i386 struct rusage: two struct timeval of 32-bit words, then 14 longs (72 bytes). */
static void put_rusage(uint8_t *o, const struct rusage *ru)
{
    put32(o, (uint32_t)ru->ru_utime.tv_sec);
    put32(o + 4, (uint32_t)ru->ru_utime.tv_usec);
    put32(o + 8, (uint32_t)ru->ru_stime.tv_sec);
    put32(o + 12, (uint32_t)ru->ru_stime.tv_usec);
    const long v[14] = {ru->ru_maxrss, ru->ru_ixrss, ru->ru_idrss, ru->ru_isrss, ru->ru_minflt,
                        ru->ru_majflt, ru->ru_nswap, ru->ru_inblock, ru->ru_oublock, ru->ru_msgsnd,
                        ru->ru_msgrcv, ru->ru_nsignals, ru->ru_nvcsw, ru->ru_nivcsw};
    for (int i = 0; i < 14; i++) put32(o + 16 + 4 * i, (uint32_t)v[i]);
}

static int32_t do_getrusage(struct sim_mem *m, const uint32_t *a)
{
    void *p;
    struct rusage ru;
    if (buf(m, a[1], 72, &p) || !p) return -EFAULT;
    if (getrusage(I(a[0]), &ru) < 0) return -errno;
    put_rusage(p, &ru);
    return 0;
}

int sim_fork_allowed, sim_forked_child;
char **sim_exec_opts;
int sim_exec_nopts;
const char *sim_guest_exe;

/* execve: the block the firmware packed (sys_execve): argv and envp counts, the path, the
 * argv strings, the envp strings. This process becomes `morph run OPTIONS --argv0=ARGV0 --
 * PATH ARGS...` with the guest's environment, a new machine. */
static int32_t do_execve(struct sim_mem *m, const uint32_t *a)
{
    if (!sim_fork_allowed) {
        fprintf(stderr, "morph: execve needs morph run --engine=model (the RTL engines and a board run one machine)\n");
        return -ENOSYS;
    }
    uint32_t len = a[1];
    const char *blk = (const char *)sim_mem_ram(m, a[0], len);
    if (!blk || len < 9 || blk[len - 1]) return -EFAULT;
    uint32_t counts[2];
    memcpy(counts, blk, 8);
    const char *p = blk + 8, *end = blk + len;
    const char *path = p;
    p += strlen(p) + 1;
    if (counts[0] > 65536 || counts[1] > 65536) return -E2BIG;
    char **args = calloc(counts[0] + 1, sizeof *args), **env = calloc(counts[1] + 3, sizeof *env);
    char **nargv = calloc((size_t)sim_exec_nopts + counts[0] + 10, sizeof *nargv);
    char *argv0 = NULL;
    int32_t r = -ENOMEM;
    if (!args || !env || !nargv) goto out;
    r = -EFAULT;
    for (uint32_t i = 0; i < counts[0]; i++) {
        if (p >= end) goto out;
        args[i] = (char *)p;
        p += strlen(p) + 1;
    }
    for (uint32_t i = 0; i < counts[1]; i++) {
        if (p >= end) goto out;
        env[i] = (char *)p;
        p += strlen(p) + 1;
    }
    int marks = 0;
    if (sim_forked_child) env[counts[1] + marks++] = "MORPH_FORKED_CHILD=1";
    /* --strace: this machine shows the execve's line; the next one must not show a start */
    if (sim_strace_on()) env[counts[1] + marks++] = "MORPH_STRACE_EXECED=1";
    /* the guest's /proc/self/exe is its program, not morph */
    char rb[PATH_MAX];
    if (!strcmp(path, "/proc/self/exe") && sim_guest_exe) path = sim_guest_exe;
    else path = rooted(path, rb);
    unsigned char hdr[20];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        r = -errno;
        goto out;
    }
    ssize_t n = read(fd, hdr, sizeof hdr);
    close(fd);
    if (n != (ssize_t)sizeof hdr || memcmp(hdr, "\177ELF", 4) || hdr[4] != 1 || hdr[5] != 1 || hdr[18] != 3 || hdr[19]) {
        fprintf(stderr, "morph: execve of '%s': not an i386 ELF file (morph runs i386 programs only%s)\n", path,
                n >= 2 && hdr[0] == '#' && hdr[1] == '!' ? "; scripts' interpreters are host programs" : "");
        r = -ENOEXEC;
        goto out;
    }
    argv0 = malloc(strlen(counts[0] ? args[0] : path) + 10);
    if (!argv0) {
        r = -ENOMEM;
        goto out;
    }
    sprintf(argv0, "--argv0=%s", counts[0] ? args[0] : "");
    int k = 0;
    nargv[k++] = "morph";
    nargv[k++] = "run";
    for (int i = 0; i < sim_exec_nopts; i++) nargv[k++] = sim_exec_opts[i];
    if (sim_sysroot) { /* -L's, or the default this run chose (morph_main.c): the new program's too */
        nargv[k++] = "--sysroot";
        nargv[k++] = (char *)sim_sysroot;
    }
    nargv[k++] = argv0;
    nargv[k++] = "--";
    nargv[k++] = (char *)path;
    for (uint32_t i = 1; i < counts[0]; i++) nargv[k++] = args[i];
    nargv[k] = NULL;
    fflush(NULL);
    sim_hostsig_exec_begin(); /* pending signals survive the execve, as on Linux */
    sim_strace_exec();
    execve("/proc/self/exe", nargv, env);
    r = -errno;
    sim_hostsig_exec_failed();
out:
    free(args);
    free(env);
    free(nargv);
    free(argv0);
    return r;
}

static int32_t do_fork(void)
{
    if (!sim_fork_allowed) {
        static int said;
        if (!said++) fprintf(stderr, "morph: fork needs morph run --engine=model (the RTL engines and a board run one machine)\n");
        return -ENOSYS;
    }
    fflush(NULL); /* nothing buffered is written twice */
    pid_t pid = sim_hostsig_fork();
    if (pid < 0) return -errno;
    if (pid == 0) sim_forked_child = 1;
    sim_strace_forked();
    return (int32_t)pid;
}

/* wait4 / waitpid: the guest's children are the simulator's; the status word is Linux's on
 * both (a child machine exits with its guest's status: docs/firmware.md "Processes"). */
static int32_t do_wait4(struct sim_mem *m, const uint32_t *a, int with_rusage)
{
    void *st = NULL, *rp = NULL;
    int status = 0;
    struct rusage ru;
    if (a[1] && (buf(m, a[1], 4, &st) || !st)) return -EFAULT;
    if (with_rusage && a[3] && (buf(m, a[3], 72, &rp) || !rp)) return -EFAULT;
    pid_t r = wait4(I(a[0]), &status, I(a[2]), rp ? &ru : NULL);
    if (r < 0) return -errno;
    /* the firmware copies these buffers back whole (OUTF): with WNOHANG and no change (0) they
     * read 0, where Linux leaves them as they were */
    if (st) put32(st, r > 0 ? (uint32_t)status : 0);
    if (rp) {
        if (r == 0) memset(&ru, 0, sizeof ru);
        put_rusage(rp, &ru);
    }
    return (int32_t)r;
}

/* struct itimerval on i386: four 32-bit longs (interval sec, usec, value sec, usec). */
static void get_itv(const uint8_t *p, struct itimerval *v)
{
    int32_t w[4];
    memcpy(w, p, sizeof w);
    v->it_interval.tv_sec = w[0];
    v->it_interval.tv_usec = w[1];
    v->it_value.tv_sec = w[2];
    v->it_value.tv_usec = w[3];
}

static void put_itv(uint8_t *p, const struct itimerval *v)
{
    /* a remaining time beyond 2^31 s cannot be: the guest set it in 32 bits */
    int32_t w[4] = {(int32_t)v->it_interval.tv_sec, (int32_t)v->it_interval.tv_usec, (int32_t)v->it_value.tv_sec,
                    (int32_t)v->it_value.tv_usec};
    memcpy(p, w, sizeof w);
}

/* setitimer / getitimer: the host's timers are the guest's; their signals come back through
 * sim_hostsig.c. */
static int32_t do_itimer(struct sim_mem *m, uint32_t nr, const uint32_t *a)
{
    void *nv = NULL, *ov = NULL;
    struct itimerval n, o;
    if (nr == 104) {
        if (buf(m, a[1], 16, &nv) || buf(m, a[2], 16, &ov)) return -EFAULT;
        if (nv) get_itv(nv, &n);
        else memset(&n, 0, sizeof n); /* Linux takes NULL as a zero value */
        if (setitimer((__itimer_which_t)I(a[0]), &n, &o) < 0) return -errno;
    } else {
        if (buf(m, a[1], 16, &ov) || !ov) return -EFAULT;
        if (getitimer((__itimer_which_t)I(a[0]), &o) < 0) return -errno;
    }
    if (ov) put_itv(ov, &o);
    return 0;
}

/* getresuid32 / getresgid32: three 32-bit ids. */
static int32_t do_getres(struct sim_mem *m, const uint32_t *a, int gid)
{
    void *p[3];
    for (int i = 0; i < 3; i++)
        if (buf(m, a[i], 4, &p[i]) || !p[i]) return -EFAULT;
    unsigned v[3];
    long r = gid ? getresgid(&v[0], &v[1], &v[2]) : getresuid(&v[0], &v[1], &v[2]);
    if (r < 0) return -errno;
    for (int i = 0; i < 3; i++) put32(p[i], v[i]);
    return 0;
}

static uint64_t lohi(uint32_t lo, uint32_t hi) { return (uint64_t)hi << 32 | lo; }

/* Directory offsets. A 32-bit process gets offsets (d_off, lseek) that fit 32 bits: ext4 and
 * others give it 32-bit hash cookies where a 64-bit one gets 64-bit hashes, and i386 glibc's
 * readdir fails with EOVERFLOW on a d_off that does not fit its off_t. The host here is a 64-bit
 * process, so the host's large directory offsets are shown to the guest as cookies
 * DIR_COOKIE_BASE + i (i indexes the offsets seen), and lseek on a directory maps them back.
 * Offsets below DIR_COOKIE_BASE (tmpfs, small directories) pass unchanged. */
#define DIR_COOKIE_BASE 0x40000000u
#define DIR_COOKIES_MAX (1u << 24) /* then the table starts over: older cookies go stale */
static uint64_t *dir_cookies;
static uint32_t dir_ncookies, dir_capcookies;

static uint64_t dir_cookie(uint64_t host_off)
{
    if (host_off < DIR_COOKIE_BASE) return host_off;
    if (dir_ncookies == DIR_COOKIES_MAX) dir_ncookies = 0;
    if (dir_ncookies == dir_capcookies) {
        uint32_t cap = dir_capcookies ? 2 * dir_capcookies : 1024;
        uint64_t *t = realloc(dir_cookies, cap * sizeof *t);
        if (!t) return host_off; /* out of memory: the guest sees the host's offset */
        dir_cookies = t;
        dir_capcookies = cap;
    }
    dir_cookies[dir_ncookies] = host_off;
    return DIR_COOKIE_BASE + dir_ncookies++;
}

static int is_dir_fd(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
}

/* getdents64 into p (n bytes of records from the host, host-endian = guest-endian):
 * every record's d_off (bytes 8..15) through dir_cookie. */
static void dir_cookies_rewrite(uint8_t *p, long n)
{
    for (long at = 0; at + 19 <= n;) {
        uint64_t off;
        uint16_t reclen;
        memcpy(&off, p + at + 8, 8);
        memcpy(&reclen, p + at + 16, 2);
        off = dir_cookie(off);
        memcpy(p + at + 8, &off, 8);
        if (!reclen) break;
        at += reclen;
    }
}

/* lseek on fd: a directory's cookie in (SEEK_SET) is the host's offset, its result a cookie. */
static off_t guest_lseek(int fd, off_t off, int whence)
{
    const int dir = is_dir_fd(fd);
    if (dir && whence == SEEK_SET && (uint64_t)off >= DIR_COOKIE_BASE) {
        uint64_t i = (uint64_t)off - DIR_COOKIE_BASE;
        if (i >= dir_ncookies) {
            errno = EINVAL;
            return -1;
        }
        off = (off_t)dir_cookies[i];
    }
    off_t r = lseek(fd, off, whence);
    return dir && r >= 0 ? (off_t)dir_cookie((uint64_t)r) : r;
}

static int32_t do_ioctl(struct sim_mem *m, const uint32_t *a)
{
    void *p = NULL;
    /* the buffer's size: include/morph/sysabi.h's MORPH_SA_IOCTLS (0: not a marshalled request) */
    const uint32_t size = MORPH_SA_PARAM(morph_sa_ioctl_kind(a[1]));
    if (size && (buf(m, a[2], size, &p) || !p)) return -EFAULT;
    switch (a[1]) {
    case MORPH_IOCTL_TCGETS: /* the kernel's struct termios: passed as it is */
        return (int32_t)RET(syscall(SYS_ioctl, I(a[0]), MORPH_IOCTL_TCGETS, p));
    case MORPH_IOCTL_TIOCGWINSZ:
        return (int32_t)RET(ioctl(I(a[0]), TIOCGWINSZ, p));
    case MORPH_IOCTL_FIONREAD:
    case MORPH_IOCTL_FS_IOC_GETFLAGS: { /* the kernel writes an int for both */
        int n;
        long r = ioctl(I(a[0]), a[1] == MORPH_IOCTL_FIONREAD ? FIONREAD : FS_IOC_GETFLAGS, &n);
        if (r < 0) return -errno;
        memcpy(p, &n, 4);
        return 0;
    }
    default:
        return -ENOTTY;
    }
}

static int32_t do_fcntl(const uint32_t *a)
{
    switch (a[1]) {
    case F_DUPFD: case F_GETFD: case F_SETFD: case F_GETFL: case F_SETFL: case F_SETOWN:
    case F_GETOWN: case F_DUPFD_CLOEXEC: case F_SETPIPE_SZ: case F_GETPIPE_SZ:
    case F_ADD_SEALS: case F_GET_SEALS:
        return (int32_t)RET(fcntl(I(a[0]), (int)a[1], I(a[2])));
    default:
        return -EINVAL; /* lock and owner-struct commands need structure marshalling */
    }
}

int32_t sim_syscall(struct sim_mem *m, uint32_t nr, const uint32_t a[6])
{
    const char *s0, *s1;
    char rb[PATH_MAX]; /* a path under -L's DIR (rooted) */
    void *p, *q;
    int e;
/* STR: a path or name for a libc function, which declares it nonnull: a NULL one is the kernel's
 * answer, -EFAULT (these calls read the path first), without the call (UBSan: null passed as a
 * nonnull argument). STR0: one for syscall(), NULL passed on where the kernel decides: a bad
 * descriptor checked first (the f*xattr calls, inotify_add_watch), or NULL allowed with
 * AT_EMPTY_PATH (statx and fstatat since Linux 6.11). */
#define STR(i, v) do { if ((e = str(m, a[i], &v))) return e; if (!v) return -EFAULT; } while (0)
#define STR0(i, v) do { if ((e = str(m, a[i], &v))) return e; } while (0)
#define BUF(i, len, v) do { if ((e = buf(m, a[i], (len), &v))) return e; } while (0)
    switch (nr) {
    case 3: case 180: { /* read, pread64: the buffer is only written (morph host fetches less) */
        if (a[1] && !(p = sim_mem_ram_fill(m, a[1], a[2]))) return -EFAULT;
        const long r = nr == 3 ? read(I(a[0]), a[1] ? p : NULL, a[2])
                               : pread(I(a[0]), a[1] ? p : NULL, a[2], (off_t)lohi(a[3], a[4]));
        const int err = errno;
        if (a[1]) sim_mem_filled(m, a[1], a[2], r);
        errno = err;
        return (int32_t)RET(r);
    }
    case 4: BUF(1, a[2], p); return (int32_t)RET(write(I(a[0]), p, a[2]));
    case 5: STR0(0, s0); return (int32_t)RET(syscall(SYS_open, rooted(s0, rb), I(a[1]), a[2]));
    case 6: return (int32_t)RET(close(I(a[0])));
    case 8: STR(0, s0); return (int32_t)RET(creat(s0, a[1]));
    case 9: STR(0, s0); STR(1, s1); return (int32_t)RET(link(s0, s1));
    case 36: sync(); return 0;
    case 42: case 331: {
        int fds[2];
        BUF(0, 8, p);
        if (!p) return -EFAULT;
        if (pipe2(fds, nr == 331 ? I(a[1]) : 0) < 0) return -errno;
        put32(p, (uint32_t)fds[0]);
        put32((uint8_t *)p + 4, (uint32_t)fds[1]);
        return 0;
    }
    case 43: {
        struct tms t;
        BUF(0, 16, p);
        clock_t r = times(&t);
        if (r == (clock_t)-1) return -errno;
        if (p) {
            put32(p, (uint32_t)t.tms_utime); put32((uint8_t *)p + 4, (uint32_t)t.tms_stime);
            put32((uint8_t *)p + 8, (uint32_t)t.tms_cutime); put32((uint8_t *)p + 12, (uint32_t)t.tms_cstime);
        }
        return (int32_t)(uint32_t)r;
    }
    case 55: return do_fcntl(a);
    case 57: return (int32_t)RET(setpgid(I(a[0]), I(a[1])));
    case 65: return (int32_t)getpgrp();
    case 66: return (int32_t)RET(setsid());
    case 76: return do_getrlimit(m, a, 0x7fffffffu); /* old getrlimit: infinity is 2^31-1 */
    case 77: return do_getrusage(m, a);
    case 2: case 190: return do_fork();
    case 11: return do_execve(m, a);
    case 7: return do_wait4(m, a, 0);
    case 114: return do_wait4(m, a, 1);
    case 83: STR(0, s0); STR(1, s1); return (int32_t)RET(symlink(s0, s1));
    case 96: return (int32_t)RET(syscall(SYS_getpriority, I(a[0]), I(a[1])));
    case 97: return (int32_t)RET(setpriority(I(a[0]), (id_t)a[1], I(a[2])));
    case 132: return (int32_t)RET(getpgid(I(a[0])));
    case 172: /* prctl: only the read-only capability queries the firmware passes on */
        if (a[0] == 23 || (a[0] == 47 && a[1] == 1))
            return (int32_t)RET(syscall(SYS_prctl, I(a[0]), a[1], a[2], a[3], a[4]));
        return -EINVAL;
    case 143: return (int32_t)RET(flock(I(a[0]), I(a[1])));
    case 147: return (int32_t)RET(getsid(I(a[0])));
    case 148: return (int32_t)RET(fdatasync(I(a[0])));
    case 162: return do_nanosleep(m, CLOCK_MONOTONIC, 0, a[0], a[1], 8);
    case 198: STR(0, s0); return (int32_t)RET(lchown(s0, a[1], a[2]));
    case 203: return (int32_t)RET(setreuid(a[0], a[1]));
    case 204: return (int32_t)RET(setregid(a[0], a[1]));
    case 205: { /* getgroups32(size, list): list holds size 32-bit ids */
        if (I(a[0]) < 0) return -EINVAL;
        /* no more than NGROUPS_MAX are written (and 4 * size must not wrap) */
        const uint32_t cnt = a[0] > 65536 ? 65536 : a[0];
        BUF(1, cnt * 4, p);
        if (cnt && !p) return -EFAULT;
        gid_t g[65536];
        int n = getgroups((int)cnt, cnt ? g : NULL);
        if (n < 0) return -errno;
        for (int i = 0; cnt && i < n; i++) put32((uint8_t *)p + 4 * i, g[i]);
        return n;
    }
    case 206: {
        if (a[0] > 65536) return -EINVAL;
        BUF(1, a[0] * 4, p);
        if (a[0] && !p) return -EFAULT;
        gid_t g[65536];
        for (uint32_t i = 0; i < a[0]; i++) memcpy(&g[i], (uint8_t *)p + 4 * i, 4);
        return (int32_t)RET(setgroups(a[0], g));
    }
    case 207: return (int32_t)RET(fchown(I(a[0]), a[1], a[2]));
    case 208: return (int32_t)RET(setresuid(a[0], a[1], a[2]));
    case 209: return do_getres(m, a, 0);
    case 210: return (int32_t)RET(setresgid(a[0], a[1], a[2]));
    case 211: return do_getres(m, a, 1);
    case 212: STR(0, s0); return (int32_t)RET(chown(s0, a[1], a[2]));
    case 213: return (int32_t)RET(setuid(a[0]));
    case 214: return (int32_t)RET(setgid(a[0]));
    case 215: return (int32_t)syscall(SYS_setfsuid, a[0]);
    case 216: return (int32_t)syscall(SYS_setfsgid, a[0]);
    case 226: case 227: STR(0, s0); STR(1, s1); BUF(2, a[3], p);
        return (int32_t)RET((nr == 226 ? setxattr : lsetxattr)(s0, s1, p, a[3], I(a[4])));
    case 228: STR0(1, s1); BUF(2, a[3], p); return (int32_t)RET(syscall(SYS_fsetxattr, I(a[0]), s1, p, a[3], I(a[4])));
    case 229: case 230: STR(0, s0); STR(1, s1); BUF(2, a[3], p);
        return (int32_t)RET((nr == 229 ? getxattr : lgetxattr)(s0, s1, p, a[3]));
    case 231: STR0(1, s1); BUF(2, a[3], p); return (int32_t)RET(syscall(SYS_fgetxattr, I(a[0]), s1, p, a[3]));
    case 232: case 233: STR(0, s0); BUF(1, a[2], p);
        return (int32_t)RET((nr == 232 ? listxattr : llistxattr)(s0, p, a[2]));
    case 234: BUF(1, a[2], p); return (int32_t)RET(flistxattr(I(a[0]), p, a[2]));
    case 235: case 236: STR(0, s0); STR(1, s1);
        return (int32_t)RET((nr == 235 ? removexattr : lremovexattr)(s0, s1));
    case 237: STR0(1, s1); return (int32_t)RET(syscall(SYS_fremovexattr, I(a[0]), s1));
    case 250: /* fadvise64(fd, offset lo, hi, len, advice) */
        return -posix_fadvise(I(a[0]), (off_t)lohi(a[1], a[2]), (off_t)a[3], I(a[4]));
    case 267: return do_nanosleep(m, I(a[0]), I(a[1]), a[2], a[3], 8);
    case 272: /* fadvise64_64(fd, offset lo, hi, len lo, hi, advice) */
        return -posix_fadvise(I(a[0]), (off_t)lohi(a[1], a[2]), (off_t)lohi(a[3], a[4]), I(a[5]));
    case 289: return (int32_t)RET(syscall(SYS_ioprio_set, I(a[0]), I(a[1]), I(a[2])));
    case 290: return (int32_t)RET(syscall(SYS_ioprio_get, I(a[0]), I(a[1])));
    case 291: return (int32_t)RET(inotify_init());
    case 292: STR0(1, s1); return (int32_t)RET(syscall(SYS_inotify_add_watch, I(a[0]), s1, a[2]));
    case 293: return (int32_t)RET(inotify_rm_watch(I(a[0]), I(a[1])));
    case 296: STR(1, s1); return (int32_t)RET(mkdirat(I(a[0]), s1, a[2]));
    case 298: STR0(1, s1); return (int32_t)RET(syscall(SYS_fchownat, I(a[0]), s1, a[2], a[3], I(a[4])));
    case 302: STR(1, s0); STR(3, s1); return (int32_t)RET(renameat(I(a[0]), s0, I(a[2]), s1));
    case 303: STR0(1, s0); STR0(3, s1); return (int32_t)RET(syscall(SYS_linkat, I(a[0]), s0, I(a[2]), s1, I(a[4])));
    case 304: STR(0, s0); STR(2, s1); return (int32_t)RET(symlinkat(s0, I(a[1]), s1));
    case 306: STR0(1, s1); return (int32_t)RET(syscall(SYS_fchmodat, I(a[0]), s1, a[2]));
    case 323: return (int32_t)RET(syscall(SYS_eventfd, a[0]));
    case 324: /* fallocate(fd, mode, offset lo, hi, len lo, hi) */
        return (int32_t)RET(fallocate(I(a[0]), I(a[1]), (off_t)lohi(a[2], a[3]), (off_t)lohi(a[4], a[5])));
    case 328: return (int32_t)RET(eventfd(a[0], I(a[1])));
    case 332: return (int32_t)RET(inotify_init1(I(a[0])));
    case 333: case 334: {
        uint64_t off = lohi(a[3], a[4]);
        if ((int64_t)off < 0) return -EINVAL;
        return do_rwv(m, I(a[0]), a[1], a[2], (int64_t)off, nr == 334);
    }
    case 344: return (int32_t)RET(syncfs(I(a[0])));
    case 353: STR0(1, s0); STR0(3, s1);
        return (int32_t)RET(syscall(SYS_renameat2, I(a[0]), s0, I(a[2]), s1, a[4]));
    case 356: STR(0, s0); return (int32_t)RET(memfd_create(s0, a[1]));
    case 407: return do_nanosleep(m, I(a[0]), I(a[1]), a[2], a[3], 16);
    case 10: STR(0, s0); return (int32_t)RET(unlink(s0));
    case 12: STR(0, s0); return (int32_t)RET(chdir(s0));
    case 13: {
        BUF(0, 4, p);
        time_t t = time(NULL);
        if (p) put32(p, (uint32_t)t);
        return (int32_t)t;
    }
    case 15: STR(0, s0); return (int32_t)RET(chmod(s0, a[1]));
    case 19: {
        off_t r = guest_lseek(I(a[0]), (off_t)I(a[1]), I(a[2]));
        if (r < 0) return -errno;
        return r > 0x7fffffff ? -EOVERFLOW : (int32_t)r;
    }
    case 20: return (int32_t)getpid();
    case 27: return (int32_t)alarm(a[0]);
    case 104: case 105: return do_itimer(m, nr, a);
    /* not in the forwarding table: the firmware sends these itself when the target is not
     * the guest's own process (cms_signal.c) */
    case 37: return (int32_t)RET(kill(I(a[0]), I(a[1])));
    case 238: return (int32_t)RET(syscall(SYS_tkill, I(a[0]), I(a[1])));
    case 270: return (int32_t)RET(syscall(SYS_tgkill, I(a[0]), I(a[1]), I(a[2])));
    case 33: STR(0, s0); return (int32_t)RET(access(rooted(s0, rb), I(a[1])));
    case 38: STR(0, s0); STR(1, s1); return (int32_t)RET(rename(s0, s1));
    case 39: STR(0, s0); return (int32_t)RET(mkdir(s0, a[1]));
    case 40: STR(0, s0); return (int32_t)RET(rmdir(s0));
    case 41: return (int32_t)RET(dup(I(a[0])));
    case 54: return do_ioctl(m, a);
    case 60: return (int32_t)umask(a[0]);
    case 63: return (int32_t)RET(dup2(I(a[0]), I(a[1])));
    case 64: return (int32_t)getppid();
    case 78: {
        struct timeval tv;
        BUF(0, 8, p);
        BUF(1, 8, q);
        if (gettimeofday(&tv, NULL) < 0) return -errno;
        if (p) { put32(p, (uint32_t)tv.tv_sec); put32((uint8_t *)p + 4, (uint32_t)tv.tv_usec); }
        if (q) memset(q, 0, 8); /* timezone: UTC, no DST, as the kernel reports by default */
        return 0;
    }
    case 85:
        STR(0, s0);
        BUF(1, a[2], p);
        if (!strcmp(s0, "/proc/self/exe") && sim_guest_exe) { /* the guest's program, not morph */
            if (!p) return -EFAULT;
            size_t l = strlen(sim_guest_exe);
            if (l > a[2]) l = a[2];
            memcpy(p, sim_guest_exe, l);
            return (int32_t)l;
        }
        /* syscall(): a NULL buffer is the kernel's to answer (readlink() declares it nonnull) */
        return (int32_t)RET(syscall(SYS_readlinkat, AT_FDCWD, rooted(s0, rb), p, a[2]));
    case 92: STR(0, s0); return (int32_t)RET(truncate(s0, (off_t)(int32_t)a[1]));
    case 93: return (int32_t)RET(ftruncate(I(a[0]), (off_t)(int32_t)a[1]));
    case 94: return (int32_t)RET(fchmod(I(a[0]), a[1]));
    case 118: return (int32_t)RET(fsync(I(a[0])));
    case 133: return (int32_t)RET(fchdir(I(a[0])));
    case 140: {
        BUF(3, 8, p);
        off_t r = guest_lseek(I(a[0]), (off_t)lohi(a[2], a[1]), I(a[4]));
        if (r < 0) return -errno;
        if (p) put64(p, (uint64_t)r);
        return 0;
    }
    case 145: return do_rwv(m, I(a[0]), a[1], a[2], -1, 0);
    case 146: return do_rwv(m, I(a[0]), a[1], a[2], -1, 1);
    case 181: BUF(1, a[2], p);
        return (int32_t)RET(pwrite(I(a[0]), p, a[2], (off_t)lohi(a[3], a[4])));
    case 183: BUF(0, a[1], p); return (int32_t)RET(syscall(SYS_getcwd, p, a[1]));
    case 191: return do_getrlimit(m, a, 0xffffffffu); /* ugetrlimit */
    case 193: STR(0, s0); return (int32_t)RET(truncate(s0, (off_t)lohi(a[1], a[2])));
    case 194: return (int32_t)RET(ftruncate(I(a[0]), (off_t)lohi(a[1], a[2])));
    case 195: return do_fstatat(m, AT_FDCWD, a[0], a[1], 0, 0);
    case 196: return do_fstatat(m, AT_FDCWD, a[0], a[1], AT_SYMLINK_NOFOLLOW, 0);
    case 197: return do_fstatat(m, I(a[0]), 0, a[1], 0, 1);
    case 199: return (int32_t)getuid();
    case 200: return (int32_t)getgid();
    case 201: return (int32_t)geteuid();
    case 202: return (int32_t)getegid();
    case 220: {
        BUF(1, a[2], p);
        long r = syscall(SYS_getdents64, I(a[0]), p, a[2]);
        if (r < 0) return -errno;
        dir_cookies_rewrite(p, r);
        return (int32_t)r;
    }
    case 221: return do_fcntl(a);
    case 268: return do_statfs64(m, a, 0);
    case 269: return do_statfs64(m, a, 1);
    case 224: return (int32_t)syscall(SYS_gettid);
    case 265: case 266: {
        struct timespec ts;
        long r = nr == 265 ? clock_gettime(I(a[0]), &ts) : clock_getres(I(a[0]), &ts);
        if (nr == 265 && !a[1] && !r) return -EFAULT; /* clock_gettime's tp is not optional (getres's is) */
        return put_ts32(m, a[1], r, &ts);
    }
    case 295: STR0(1, s1); return (int32_t)RET(syscall(SYS_openat, I(a[0]), rooted(s1, rb), I(a[2]), a[3]));
    case 300: return do_fstatat(m, I(a[0]), a[1], a[2], I(a[3]), 0);
    case 301: STR(1, s1); return (int32_t)RET(unlinkat(I(a[0]), s1, I(a[2])));
    case 305: STR(1, s1); BUF(2, a[3], p); return (int32_t)RET(syscall(SYS_readlinkat, I(a[0]), rooted(s1, rb), p, a[3]));
    case 307: STR0(1, s1); return (int32_t)RET(syscall(SYS_faccessat, I(a[0]), rooted(s1, rb), I(a[2])));
    case 320: return do_utimensat(m, a, 8);
    case 330: return (int32_t)RET(dup3(I(a[0]), I(a[1]), I(a[2])));
    case 340: BUF(2, 16, p); BUF(3, 16, q);
        return (int32_t)RET(syscall(SYS_prlimit64, I(a[0]), I(a[1]), p, q));
    case 355: BUF(0, a[1], p); return (int32_t)RET(syscall(SYS_getrandom, p, a[1], a[2]));
    case 383: STR0(1, s1); BUF(4, 256, p);
        return (int32_t)RET(syscall(SYS_statx, I(a[0]), rooted(s1, rb), I(a[2]), a[3], p));
    case 403: case 406: {
        struct timespec ts;
        long r = nr == 403 ? clock_gettime(I(a[0]), &ts) : clock_getres(I(a[0]), &ts);
        if (nr == 403 && !a[1] && !r) return -EFAULT;
        return put_ts64(m, a[1], r, &ts);
    }
    case 412: return do_utimensat(m, a, 16);
    case 439: STR0(1, s1); return (int32_t)RET(syscall(SYS_faccessat2, I(a[0]), rooted(s1, rb), I(a[2]), I(a[3])));
    default:
        return -ENOSYS;
    }
#undef STR
#undef STR0
#undef BUF
}

/* Every number in the forwarding table must have a case above: checked by sim_syscall_selftest
 * (morph sim/run never needs it; the unit of truth is this list). */
#define SIM_SA_NR(nr, name, a1, a2, a3, a4, a5, a6) nr,
static const unsigned forwarded[] = { MORPH_FORWARDED_SYSCALLS(SIM_SA_NR) };

int sim_syscall_selftest(struct sim_mem *m)
{
    /* With all-zero arguments no handled call may report -ENOSYS. Only harmless calls are
     * probed (fd -1 / NULL paths), so nothing on the host changes. */
    int bad = 0;
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) {
        uint32_t a[6] = { 0xffffffffu, 0, 0, 0, 0, 0 };
        unsigned nr = forwarded[i];
        if (nr == 27 || nr == 60 || nr == 6 || nr == 41 || nr == 63 || nr == 330 || nr == 221 || nr == 55) continue;
        /* calls that would change the simulator process itself, or create descriptors */
        if (nr == 36 || nr == 57 || nr == 66 || nr == 97 || nr == 289 || nr == 291 || nr == 323 ||
            nr == 328 || nr == 344 || (nr >= 203 && nr <= 216 && nr != 209 && nr != 211 && nr != 212 && nr != 207))
            continue;
        if (nr == 355) continue; /* getrandom(NULL, 0) is fine but pointless */
        if (nr == 2 || nr == 190) continue; /* fork, vfork: would fork the simulator */
        if (sim_syscall(m, nr, a) == -ENOSYS) {
            fprintf(stderr, "morph: forwarded syscall %u has no host implementation\n", nr);
            bad++;
        }
    }
    return bad;
}
