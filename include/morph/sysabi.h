/* Linux i386 system calls that the firmware forwards to the host through HTIF_CMD_SYSCALL, with
 * how each argument is marshalled. The firmware copies guest buffers into a bounce area in
 * concealed memory and passes physical addresses; the host (sim/) converts to and from the
 * host's own ABI (i386 struct layouts are produced by the host, byte-exact).
 *
 * Argument kinds (MORPH_SA_*):
 *   V        plain value, passed unchanged
 *   S        NUL-terminated string read from the guest (NULL stays 0)
 *   IN(n)    input buffer, length in argument n (1-based)
 *   OUT(n)   output buffer, length in argument n; firmware copies back `ret` bytes when ret > 0
 *   INF(sz)  input buffer of fixed size sz (NULL stays 0)
 *   OUTF(sz) output buffer of fixed size sz; copied back whole when ret >= 0 (NULL stays 0)
 *   IOVI(n)  struct iovec[argument n] of input buffers (writev); iov_base fields are rewritten
 *   IOVO(n)  struct iovec[argument n] of output buffers (readv); copied back in order, ret bytes
 *   IOCTL    ioctl argument: marshalled by request (MORPH_SA_IOCTLS below: an OUTF of the
 *            request's size; others pass as V and the host answers -ENOTTY)
 * A buffer longer than the bounce area is clamped (a short read or write, which Linux allows).
 * Every i386 call has a row in cms/cms_systab.h (docs/syscalls.md is generated from both); a
 * row whose handler is sys_forward must be here, and every entry here is FORWARDED there. */
#ifndef MORPH_SYSABI_H
#define MORPH_SYSABI_H

#define MORPH_SA_KIND(a) ((a) >> 16)
#define MORPH_SA_PARAM(a) ((a) & 0xffff)
#define MORPH_SA_V 0
#define MORPH_SA_S (1 << 16)
#define MORPH_SA_IN(n) ((2 << 16) | (n))
#define MORPH_SA_OUT(n) ((3 << 16) | (n))
#define MORPH_SA_INF(sz) ((4 << 16) | (sz))
#define MORPH_SA_OUTF(sz) ((5 << 16) | (sz))
#define MORPH_SA_IOVI(n) ((6 << 16) | (n))
#define MORPH_SA_IOVO(n) ((7 << 16) | (n))
#define MORPH_SA_IOCTL (8 << 16)

/* The ioctl requests whose third argument is marshalled (IOCTL): request, name, the size of the
 * output buffer it points to. MORPH_IOCTL_<name> is the request; morph_sa_ioctl_kind its kind. */
#define MORPH_SA_IOCTLS(Y)                                                                   \
    Y(0x5401, TCGETS, 36)    /* the kernel's struct termios, the same on i386 and x86-64 */ \
    Y(0x5413, TIOCGWINSZ, 8) /* struct winsize */                                           \
    Y(0x541b, FIONREAD, 4)   /* int */                                                      \
    Y(0x80046601, FS_IOC_GETFLAGS, 4) /* int (i386's request; x86-64's names a long) */
#define MORPH_SA_IOCTL_ENUM_(req, name, size) MORPH_IOCTL_##name = (req),
enum { MORPH_SA_IOCTLS(MORPH_SA_IOCTL_ENUM_) };
#undef MORPH_SA_IOCTL_ENUM_
static inline unsigned morph_sa_ioctl_kind(unsigned req)
{
#define MORPH_SA_IOCTL_KIND_(r, name, size) if (req == (r)) return MORPH_SA_OUTF(size);
    MORPH_SA_IOCTLS(MORPH_SA_IOCTL_KIND_)
#undef MORPH_SA_IOCTL_KIND_
    return MORPH_SA_V;
}

#define V_ MORPH_SA_V
#define S_ MORPH_SA_S
/* X(nr, name, a1, a2, a3, a4, a5, a6) */
#define MORPH_FORWARDED_SYSCALLS(X) \
    X(2, fork, V_, V_, V_, V_, V_, V_) \
    X(3, read, V_, MORPH_SA_OUT(3), V_, V_, V_, V_) \
    X(4, write, V_, MORPH_SA_IN(3), V_, V_, V_, V_) \
    X(5, open, S_, V_, V_, V_, V_, V_) \
    X(6, close, V_, V_, V_, V_, V_, V_) \
    X(7, waitpid, V_, MORPH_SA_OUTF(4), V_, V_, V_, V_) \
    X(8, creat, S_, V_, V_, V_, V_, V_) \
    X(9, link, S_, S_, V_, V_, V_, V_) \
    X(10, unlink, S_, V_, V_, V_, V_, V_) \
    X(12, chdir, S_, V_, V_, V_, V_, V_) \
    X(13, time, MORPH_SA_OUTF(4), V_, V_, V_, V_, V_) \
    X(15, chmod, S_, V_, V_, V_, V_, V_) \
    X(19, lseek, V_, V_, V_, V_, V_, V_) \
    X(20, getpid, V_, V_, V_, V_, V_, V_) \
    X(27, alarm, V_, V_, V_, V_, V_, V_) \
    X(33, access, S_, V_, V_, V_, V_, V_) \
    X(36, sync, V_, V_, V_, V_, V_, V_) \
    X(38, rename, S_, S_, V_, V_, V_, V_) \
    X(39, mkdir, S_, V_, V_, V_, V_, V_) \
    X(40, rmdir, S_, V_, V_, V_, V_, V_) \
    X(41, dup, V_, V_, V_, V_, V_, V_) \
    X(42, pipe, MORPH_SA_OUTF(8), V_, V_, V_, V_, V_) \
    X(43, times, MORPH_SA_OUTF(16), V_, V_, V_, V_, V_) \
    X(54, ioctl, V_, V_, MORPH_SA_IOCTL, V_, V_, V_) \
    X(55, fcntl, V_, V_, V_, V_, V_, V_) \
    X(57, setpgid, V_, V_, V_, V_, V_, V_) \
    X(60, umask, V_, V_, V_, V_, V_, V_) \
    X(63, dup2, V_, V_, V_, V_, V_, V_) \
    X(64, getppid, V_, V_, V_, V_, V_, V_) \
    X(65, getpgrp, V_, V_, V_, V_, V_, V_) \
    X(66, setsid, V_, V_, V_, V_, V_, V_) \
    X(76, getrlimit, V_, MORPH_SA_OUTF(8), V_, V_, V_, V_) \
    X(77, getrusage, V_, MORPH_SA_OUTF(72), V_, V_, V_, V_) \
    X(78, gettimeofday, MORPH_SA_OUTF(8), MORPH_SA_OUTF(8), V_, V_, V_, V_) \
    X(83, symlink, S_, S_, V_, V_, V_, V_) \
    X(85, readlink, S_, MORPH_SA_OUT(3), V_, V_, V_, V_) \
    X(92, truncate, S_, V_, V_, V_, V_, V_) \
    X(93, ftruncate, V_, V_, V_, V_, V_, V_) \
    X(94, fchmod, V_, V_, V_, V_, V_, V_) \
    X(96, getpriority, V_, V_, V_, V_, V_, V_) \
    X(97, setpriority, V_, V_, V_, V_, V_, V_) \
    X(104, setitimer, V_, MORPH_SA_INF(16), MORPH_SA_OUTF(16), V_, V_, V_) \
    X(105, getitimer, V_, MORPH_SA_OUTF(16), V_, V_, V_, V_) \
    X(114, wait4, V_, MORPH_SA_OUTF(4), V_, MORPH_SA_OUTF(72), V_, V_) \
    X(118, fsync, V_, V_, V_, V_, V_, V_) \
    X(132, getpgid, V_, V_, V_, V_, V_, V_) \
    X(133, fchdir, V_, V_, V_, V_, V_, V_) \
    X(140, _llseek, V_, V_, V_, MORPH_SA_OUTF(8), V_, V_) \
    X(143, flock, V_, V_, V_, V_, V_, V_) \
    X(145, readv, V_, MORPH_SA_IOVO(3), V_, V_, V_, V_) \
    X(146, writev, V_, MORPH_SA_IOVI(3), V_, V_, V_, V_) \
    X(147, getsid, V_, V_, V_, V_, V_, V_) \
    X(148, fdatasync, V_, V_, V_, V_, V_, V_) \
    X(162, nanosleep, MORPH_SA_INF(8), MORPH_SA_OUTF(8), V_, V_, V_, V_) \
    X(180, pread64, V_, MORPH_SA_OUT(3), V_, V_, V_, V_) \
    X(181, pwrite64, V_, MORPH_SA_IN(3), V_, V_, V_, V_) \
    X(183, getcwd, MORPH_SA_OUT(2), V_, V_, V_, V_, V_) \
    X(190, vfork, V_, V_, V_, V_, V_, V_) \
    X(191, ugetrlimit, V_, MORPH_SA_OUTF(8), V_, V_, V_, V_) \
    X(193, truncate64, S_, V_, V_, V_, V_, V_) \
    X(194, ftruncate64, V_, V_, V_, V_, V_, V_) \
    X(195, stat64, S_, MORPH_SA_OUTF(96), V_, V_, V_, V_) \
    X(196, lstat64, S_, MORPH_SA_OUTF(96), V_, V_, V_, V_) \
    X(197, fstat64, V_, MORPH_SA_OUTF(96), V_, V_, V_, V_) \
    X(198, lchown32, S_, V_, V_, V_, V_, V_) \
    X(199, getuid32, V_, V_, V_, V_, V_, V_) \
    X(200, getgid32, V_, V_, V_, V_, V_, V_) \
    X(201, geteuid32, V_, V_, V_, V_, V_, V_) \
    X(202, getegid32, V_, V_, V_, V_, V_, V_) \
    X(203, setreuid32, V_, V_, V_, V_, V_, V_) \
    X(204, setregid32, V_, V_, V_, V_, V_, V_) \
    X(207, fchown32, V_, V_, V_, V_, V_, V_) \
    X(208, setresuid32, V_, V_, V_, V_, V_, V_) \
    X(209, getresuid32, MORPH_SA_OUTF(4), MORPH_SA_OUTF(4), MORPH_SA_OUTF(4), V_, V_, V_) \
    X(210, setresgid32, V_, V_, V_, V_, V_, V_) \
    X(211, getresgid32, MORPH_SA_OUTF(4), MORPH_SA_OUTF(4), MORPH_SA_OUTF(4), V_, V_, V_) \
    X(212, chown32, S_, V_, V_, V_, V_, V_) \
    X(213, setuid32, V_, V_, V_, V_, V_, V_) \
    X(214, setgid32, V_, V_, V_, V_, V_, V_) \
    X(215, setfsuid32, V_, V_, V_, V_, V_, V_) \
    X(216, setfsgid32, V_, V_, V_, V_, V_, V_) \
    X(220, getdents64, V_, MORPH_SA_OUT(3), V_, V_, V_, V_) \
    X(221, fcntl64, V_, V_, V_, V_, V_, V_) \
    X(224, gettid, V_, V_, V_, V_, V_, V_) \
    X(226, setxattr, S_, S_, MORPH_SA_IN(4), V_, V_, V_) \
    X(227, lsetxattr, S_, S_, MORPH_SA_IN(4), V_, V_, V_) \
    X(228, fsetxattr, V_, S_, MORPH_SA_IN(4), V_, V_, V_) \
    X(229, getxattr, S_, S_, MORPH_SA_OUT(4), V_, V_, V_) \
    X(230, lgetxattr, S_, S_, MORPH_SA_OUT(4), V_, V_, V_) \
    X(231, fgetxattr, V_, S_, MORPH_SA_OUT(4), V_, V_, V_) \
    X(232, listxattr, S_, MORPH_SA_OUT(3), V_, V_, V_, V_) \
    X(233, llistxattr, S_, MORPH_SA_OUT(3), V_, V_, V_, V_) \
    X(234, flistxattr, V_, MORPH_SA_OUT(3), V_, V_, V_, V_) \
    X(235, removexattr, S_, S_, V_, V_, V_, V_) \
    X(236, lremovexattr, S_, S_, V_, V_, V_, V_) \
    X(237, fremovexattr, V_, S_, V_, V_, V_, V_) \
    X(250, fadvise64, V_, V_, V_, V_, V_, V_) \
    X(265, clock_gettime, V_, MORPH_SA_OUTF(8), V_, V_, V_, V_) \
    X(266, clock_getres, V_, MORPH_SA_OUTF(8), V_, V_, V_, V_) \
    X(267, clock_nanosleep, V_, V_, MORPH_SA_INF(8), MORPH_SA_OUTF(8), V_, V_) \
    X(268, statfs64, S_, V_, MORPH_SA_OUTF(84), V_, V_, V_) \
    X(269, fstatfs64, V_, V_, MORPH_SA_OUTF(84), V_, V_, V_) \
    X(272, fadvise64_64, V_, V_, V_, V_, V_, V_) \
    X(289, ioprio_set, V_, V_, V_, V_, V_, V_) \
    X(290, ioprio_get, V_, V_, V_, V_, V_, V_) \
    X(291, inotify_init, V_, V_, V_, V_, V_, V_) \
    X(292, inotify_add_watch, V_, S_, V_, V_, V_, V_) \
    X(293, inotify_rm_watch, V_, V_, V_, V_, V_, V_) \
    X(295, openat, V_, S_, V_, V_, V_, V_) \
    X(296, mkdirat, V_, S_, V_, V_, V_, V_) \
    X(298, fchownat, V_, S_, V_, V_, V_, V_) \
    X(300, fstatat64, V_, S_, MORPH_SA_OUTF(96), V_, V_, V_) \
    X(301, unlinkat, V_, S_, V_, V_, V_, V_) \
    X(302, renameat, V_, S_, V_, S_, V_, V_) \
    X(303, linkat, V_, S_, V_, S_, V_, V_) \
    X(304, symlinkat, S_, V_, S_, V_, V_, V_) \
    X(305, readlinkat, V_, S_, MORPH_SA_OUT(4), V_, V_, V_) \
    X(306, fchmodat, V_, S_, V_, V_, V_, V_) \
    X(307, faccessat, V_, S_, V_, V_, V_, V_) \
    X(320, utimensat, V_, S_, MORPH_SA_INF(16), V_, V_, V_) \
    X(323, eventfd, V_, V_, V_, V_, V_, V_) \
    X(324, fallocate, V_, V_, V_, V_, V_, V_) \
    X(328, eventfd2, V_, V_, V_, V_, V_, V_) \
    X(330, dup3, V_, V_, V_, V_, V_, V_) \
    X(331, pipe2, MORPH_SA_OUTF(8), V_, V_, V_, V_, V_) \
    X(332, inotify_init1, V_, V_, V_, V_, V_, V_) \
    X(333, preadv, V_, MORPH_SA_IOVO(3), V_, V_, V_, V_) \
    X(334, pwritev, V_, MORPH_SA_IOVI(3), V_, V_, V_, V_) \
    X(340, prlimit64, V_, V_, MORPH_SA_INF(16), MORPH_SA_OUTF(16), V_, V_) \
    X(344, syncfs, V_, V_, V_, V_, V_, V_) \
    X(353, renameat2, V_, S_, V_, S_, V_, V_) \
    X(355, getrandom, MORPH_SA_OUT(2), V_, V_, V_, V_, V_) \
    X(356, memfd_create, S_, V_, V_, V_, V_, V_) \
    X(383, statx, V_, S_, V_, V_, MORPH_SA_OUTF(256), V_) \
    X(403, clock_gettime64, V_, MORPH_SA_OUTF(16), V_, V_, V_, V_) \
    X(406, clock_getres_time64, V_, MORPH_SA_OUTF(16), V_, V_, V_, V_) \
    X(407, clock_nanosleep_time64, V_, V_, MORPH_SA_INF(16), MORPH_SA_OUTF(16), V_, V_) \
    X(412, utimensat_time64, V_, S_, MORPH_SA_INF(32), V_, V_, V_) \
    X(439, faccessat2, V_, S_, V_, V_, V_, V_)

#endif
