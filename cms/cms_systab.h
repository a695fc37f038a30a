/* The i386 system call table: one row per Linux i386 system call number, the single source of
 * truth for what the firmware does with each call. cms/cms_syscall.c dispatches through it;
 * tools/syscalls.py reads it (with include/morph/sysabi.h and the kernel's asm/unistd_32.h)
 * and generates docs/syscalls.md (`make syscalls-doc`; `make test-syscalls-doc` checks that
 * the committed page is current). Keep one row per line and the columns as they are.
 *
 * X(number, name, handler, status, "note")
 *   handler  int32_t handler(struct cms_cpu *, const uint32_t a[6]) (a = EBX ECX EDX ESI EDI EBP)
 *            sys_forward: marshalled per include/morph/sysabi.h and performed by the host
 *            sys_ni: -ENOSYS with one log line naming the call (first time per number)
 *            sys_ni_quiet: -ENOSYS without a log line (optional features glibc probes)
 *   status   IMPLEMENTED  the firmware does what Linux does for a single-threaded process
 *            EMULATED     answered by the firmware with a stated simplification
 *            FORWARDED    performed by the host (sim/sim_syscall.c), or derived from a host call
 *            ENOSYS       deliberately -ENOSYS, for the reason in the note
 *            PLANNED      -ENOSYS until the issue named in the note ("issue N: ...") lands
 *            NOT_YET      -ENOSYS; nothing planned yet (the note says what is missing) */
#ifndef CMS_SYSTAB_H
#define CMS_SYSTAB_H

#define CMS_SYSCALL_TABLE(X) \
    X(  0, restart_syscall,              sys_restart_syscall,        EMULATED,    "no interrupted call to restart: EINTR, as Linux") \
    X(  1, exit,                         sys_exit_thread,            IMPLEMENTED, "ends the calling thread (the run with status & 0xff after the last one; docs/threads.md)") \
    X(  2, fork,                         sys_fork,                   FORWARDED,   "the simulator process forks: the child is a whole machine (docs/firmware.md, Processes)") \
    X(  3, read,                         sys_forward,                FORWARDED,   "") \
    X(  4, write,                        sys_forward,                FORWARDED,   "") \
    X(  5, open,                         sys_forward,                FORWARDED,   "") \
    X(  6, close,                        sys_forward,                FORWARDED,   "") \
    X(  7, waitpid,                      sys_forward,                FORWARDED,   "the guest's children are the simulator's") \
    X(  8, creat,                        sys_forward,                FORWARDED,   "") \
    X(  9, link,                         sys_forward,                FORWARDED,   "") \
    X( 10, unlink,                       sys_forward,                FORWARDED,   "") \
    X( 11, execve,                       sys_execve,                 FORWARDED,   "the simulator process runs morph again with the program (docs/firmware.md, Processes); i386 ELF files only") \
    X( 12, chdir,                        sys_forward,                FORWARDED,   "") \
    X( 13, time,                         sys_forward,                FORWARDED,   "") \
    X( 14, mknod,                        sys_ni,                     NOT_YET,     "i386 device-number encoding not written yet") \
    X( 15, chmod,                        sys_forward,                FORWARDED,   "") \
    X( 16, lchown,                       sys_lchown16,               FORWARDED,   "16-bit ids: lchown32") \
    X( 17, break,                        sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X( 18, oldstat,                      sys_ni,                     ENOSYS,      "pre-1996 ABI that no current libc calls") \
    X( 19, lseek,                        sys_forward,                FORWARDED,   "a directory's offset is the cookie getdents64 gave") \
    X( 20, getpid,                       sys_getpid,                 FORWARDED,   "the host process's PID, asked once") \
    X( 21, mount,                        sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X( 22, umount,                       sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X( 23, setuid,                       sys_setuid16,               FORWARDED,   "16-bit ids: setuid32 (0xffff means -1)") \
    X( 24, getuid,                       sys_getuid16,               FORWARDED,   "16-bit: getuid32 of the host, 65534 when it does not fit") \
    X( 25, stime,                        sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X( 26, ptrace,                       sys_ni,                     PLANNED,     "issue 14: processes (and the GDB stub, issue 19)") \
    X( 27, alarm,                        sys_forward,                FORWARDED,   "the host's timer: SIGALRM comes back as a signal from outside (docs/signals.md)") \
    X( 28, oldfstat,                     sys_ni,                     ENOSYS,      "pre-1996 ABI that no current libc calls") \
    X( 29, pause,                        sys_pause,                  IMPLEMENTED, "sleeps on the host until a signal acts (docs/signals.md)") \
    X( 30, utime,                        sys_ni,                     NOT_YET,     "32-bit time structures: conversion not written yet (utimensat is forwarded)") \
    X( 31, stty,                         sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X( 32, gtty,                         sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X( 33, access,                       sys_forward,                FORWARDED,   "") \
    X( 34, nice,                         sys_ni,                     NOT_YET,     "not written yet (setpriority is forwarded)") \
    X( 35, ftime,                        sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X( 36, sync,                         sys_forward,                FORWARDED,   "") \
    X( 37, kill,                         sys_kill,                   IMPLEMENTED, "to itself (and its group 0, and -1): delivered on the way out of the call; another process or group: sent by the host (docs/signals.md)") \
    X( 38, rename,                       sys_forward,                FORWARDED,   "") \
    X( 39, mkdir,                        sys_forward,                FORWARDED,   "") \
    X( 40, rmdir,                        sys_forward,                FORWARDED,   "") \
    X( 41, dup,                          sys_forward,                FORWARDED,   "") \
    X( 42, pipe,                         sys_forward,                FORWARDED,   "a host pipe, shared by forked processes as on Linux") \
    X( 43, times,                        sys_forward,                FORWARDED,   "the host process's times") \
    X( 44, prof,                         sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X( 45, brk,                          sys_brk,                    IMPLEMENTED, "firmware page map") \
    X( 46, setgid,                       sys_setgid16,               FORWARDED,   "16-bit ids: setgid32") \
    X( 47, getgid,                       sys_getgid16,               FORWARDED,   "16-bit: getgid32 of the host, 65534 when it does not fit") \
    X( 48, signal,                       sys_signal,                 IMPLEMENTED, "SA_RESETHAND|SA_NODEFER registration, returns the old handler") \
    X( 49, geteuid,                      sys_geteuid16,              FORWARDED,   "16-bit: geteuid32 of the host, 65534 when it does not fit") \
    X( 50, getegid,                      sys_getegid16,              FORWARDED,   "16-bit: getegid32 of the host, 65534 when it does not fit") \
    X( 51, acct,                         sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X( 52, umount2,                      sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X( 53, lock,                         sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X( 54, ioctl,                        sys_forward,                FORWARDED,   "") \
    X( 55, fcntl,                        sys_forward,                FORWARDED,   "as fcntl64; lock commands: EINVAL for now") \
    X( 56, mpx,                          sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X( 57, setpgid,                      sys_forward,                FORWARDED,   "") \
    X( 58, ulimit,                       sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X( 59, oldolduname,                  sys_ni,                     ENOSYS,      "pre-1996 ABI that no current libc calls") \
    X( 60, umask,                        sys_forward,                FORWARDED,   "") \
    X( 61, chroot,                       sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X( 62, ustat,                        sys_ni,                     ENOSYS,      "obsolete (statfs replaces it); not offered") \
    X( 63, dup2,                         sys_forward,                FORWARDED,   "") \
    X( 64, getppid,                      sys_forward,                FORWARDED,   "") \
    X( 65, getpgrp,                      sys_forward,                FORWARDED,   "") \
    X( 66, setsid,                       sys_forward,                FORWARDED,   "") \
    X( 67, sigaction,                    sys_sigaction,              IMPLEMENTED, "struct old_sigaction, same state as rt_sigaction") \
    X( 68, sgetmask,                     sys_sgetmask,               EMULATED,    "signals 1-32 of the blocked mask") \
    X( 69, ssetmask,                     sys_ssetmask,               EMULATED,    "sets signals 1-32 of the blocked mask, returns the old ones") \
    X( 70, setreuid,                     sys_setreuid16,             FORWARDED,   "16-bit ids: setreuid32") \
    X( 71, setregid,                     sys_setregid16,             FORWARDED,   "16-bit ids: setregid32") \
    X( 72, sigsuspend,                   sys_sigsuspend,             IMPLEMENTED, "as pause, with the mask given (signals 1-32)") \
    X( 73, sigpending,                   sys_sigpending,             EMULATED,    "signals the guest sent itself while blocked") \
    X( 74, sethostname,                  sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X( 75, setrlimit,                    sys_ni,                     NOT_YET,     "not written yet (prlimit64 is forwarded)") \
    X( 76, getrlimit,                    sys_forward,                FORWARDED,   "old form: RLIM_INFINITY reads 0x7fffffff") \
    X( 77, getrusage,                    sys_forward,                FORWARDED,   "i386 struct rusage; the host process: includes the simulator's own time") \
    X( 78, gettimeofday,                 sys_forward,                FORWARDED,   "") \
    X( 79, settimeofday,                 sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X( 80, getgroups,                    sys_getgroups16,            FORWARDED,   "16-bit ids: getgroups32") \
    X( 81, setgroups,                    sys_setgroups16,            FORWARDED,   "16-bit ids: setgroups32") \
    X( 82, select,                       sys_ni,                     NOT_YET,     "waiting on descriptors: the fd_set / pollfd / epoll_event marshalling is not written yet") \
    X( 83, symlink,                      sys_forward,                FORWARDED,   "") \
    X( 84, oldlstat,                     sys_ni,                     ENOSYS,      "pre-1996 ABI that no current libc calls") \
    X( 85, readlink,                     sys_forward,                FORWARDED,   "") \
    X( 86, uselib,                       sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X( 87, swapon,                       sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X( 88, reboot,                       sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X( 89, readdir,                      sys_ni,                     ENOSYS,      "pre-1996 ABI that no current libc calls") \
    X( 90, mmap,                         sys_old_mmap,               IMPLEMENTED, "old form: one pointer to six arguments") \
    X( 91, munmap,                       sys_munmap,                 IMPLEMENTED, "firmware page map") \
    X( 92, truncate,                     sys_forward,                FORWARDED,   "") \
    X( 93, ftruncate,                    sys_forward,                FORWARDED,   "") \
    X( 94, fchmod,                       sys_forward,                FORWARDED,   "") \
    X( 95, fchown,                       sys_fchown16,               FORWARDED,   "16-bit ids: fchown32") \
    X( 96, getpriority,                  sys_forward,                FORWARDED,   "the raw kernel value 20 - nice") \
    X( 97, setpriority,                  sys_forward,                FORWARDED,   "") \
    X( 98, profil,                       sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X( 99, statfs,                       sys_ni,                     NOT_YET,     "i386 structure conversion not written yet (glibc uses the 64-bit calls)") \
    X(100, fstatfs,                      sys_ni,                     NOT_YET,     "i386 structure conversion not written yet (glibc uses the 64-bit calls)") \
    X(101, ioperm,                       sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(102, socketcall,                   sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET (glibc's nscd client tries it)") \
    X(103, syslog,                       sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(104, setitimer,                    sys_forward,                FORWARDED,   "the host's interval timers (real, virtual: the simulator's CPU time, profiling)") \
    X(105, getitimer,                    sys_forward,                FORWARDED,   "the host's interval timers") \
    X(106, stat,                         sys_ni,                     NOT_YET,     "i386 structure conversion not written yet (glibc uses the 64-bit calls)") \
    X(107, lstat,                        sys_ni,                     NOT_YET,     "i386 structure conversion not written yet (glibc uses the 64-bit calls)") \
    X(108, fstat,                        sys_ni,                     NOT_YET,     "i386 structure conversion not written yet (glibc uses the 64-bit calls)") \
    X(109, olduname,                     sys_ni,                     ENOSYS,      "pre-1996 ABI that no current libc calls") \
    X(110, iopl,                         sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(111, vhangup,                      sys_ni,                     PLANNED,     "issue 14: processes") \
    X(112, idle,                         sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X(113, vm86old,                      sys_ni,                     ENOSYS,      "virtual-8086 mode: ENOSYS for i386 processes on x86-64 Linux too") \
    X(114, wait4,                        sys_forward,                FORWARDED,   "the guest's children are the simulator's; WNOHANG with no change writes a 0 status") \
    X(115, swapoff,                      sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(116, sysinfo,                      sys_sysinfo,                EMULATED,    "the model's guest RAM and free frames, the host's uptime; one process") \
    X(117, ipc,                          sys_ni,                     ENOSYS,      "System V IPC: ENOSYS as a kernel without CONFIG_SYSVIPC (shared memory across processes comes after issue 14)") \
    X(118, fsync,                        sys_forward,                FORWARDED,   "") \
    X(119, sigreturn,                    sys_sigreturn,              IMPLEMENTED, "returns from a handler through struct sigframe_ia32 (docs/signals.md)") \
    X(120, clone,                        sys_clone,                  FORWARDED,   "CLONE_VM|CLONE_THREAD: a thread (docs/threads.md); otherwise, and CLONE_VM|CLONE_VFORK, a fork (CHILD_SETTID, CHILD_CLEARTID, PARENT_SETTID, a new stack)") \
    X(121, setdomainname,                sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(122, uname,                        sys_uname,                  EMULATED,    "fixed: Linux morph 6.1.0 #1 i686") \
    X(123, modify_ldt,                   sys_modify_ldt,             IMPLEMENTED, "read (0), default (2), write (1, 0x11); DS ES SS take flat segments only") \
    X(124, adjtimex,                     sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(125, mprotect,                     sys_mprotect,               IMPLEMENTED, "firmware page map") \
    X(126, sigprocmask,                  sys_sigprocmask,            EMULATED,    "old_sigset_t (signals 1-32), same mask as rt_sigprocmask") \
    X(127, create_module,                sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X(128, init_module,                  sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(129, delete_module,                sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(130, get_kernel_syms,              sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X(131, quotactl,                     sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(132, getpgid,                      sys_forward,                FORWARDED,   "") \
    X(133, fchdir,                       sys_forward,                FORWARDED,   "") \
    X(134, bdflush,                      sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X(135, sysfs,                        sys_ni,                     ENOSYS,      "obsolete: ENOSYS as a kernel without CONFIG_SYSFS_SYSCALL") \
    X(136, personality,                  sys_personality,            EMULATED,    "kept and read back (PER_LINUX); no flag changes behaviour") \
    X(137, afs_syscall,                  sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X(138, setfsuid,                     sys_setfsuid16,             FORWARDED,   "16-bit ids: setfsuid32") \
    X(139, setfsgid,                     sys_setfsgid16,             FORWARDED,   "16-bit ids: setfsgid32") \
    X(140, _llseek,                      sys_forward,                FORWARDED,   "a directory's offset is the cookie getdents64 gave") \
    X(141, getdents,                     sys_ni,                     NOT_YET,     "i386 structure conversion not written yet (glibc uses the 64-bit calls)") \
    X(142, _newselect,                   sys_ni,                     NOT_YET,     "waiting on descriptors: the fd_set / pollfd / epoll_event marshalling is not written yet") \
    X(143, flock,                        sys_forward,                FORWARDED,   "") \
    X(144, msync,                        sys_msync,                  EMULATED,    "private mappings and read-only shared snapshots: nothing to write back; checks as Linux") \
    X(145, readv,                        sys_forward,                FORWARDED,   "") \
    X(146, writev,                       sys_forward,                FORWARDED,   "") \
    X(147, getsid,                       sys_forward,                FORWARDED,   "") \
    X(148, fdatasync,                    sys_forward,                FORWARDED,   "") \
    X(149, _sysctl,                      sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X(150, mlock,                        sys_mlock,                  EMULATED,    "guest frames are never paged out: 0, ENOMEM outside mappings") \
    X(151, munlock,                      sys_mlock,                  EMULATED,    "as mlock") \
    X(152, mlockall,                     sys_mlockall,               EMULATED,    "flags checked, nothing to do") \
    X(153, munlockall,                   sys_munlockall,             EMULATED,    "nothing to do") \
    X(154, sched_setparam,               sys_ni,                     NOT_YET,     "not written yet") \
    X(155, sched_getparam,               sys_sched_getparam,         EMULATED,    "priority 0 for itself") \
    X(156, sched_setscheduler,           sys_ni,                     NOT_YET,     "not written yet") \
    X(157, sched_getscheduler,           sys_sched_getscheduler,     EMULATED,    "SCHED_OTHER for itself") \
    X(158, sched_yield,                  sys_sched_yield,            EMULATED,    "hands the core to the next runnable thread, if any") \
    X(159, sched_get_priority_max,       sys_sched_get_priority_max, EMULATED,    "Linux's values per policy") \
    X(160, sched_get_priority_min,       sys_sched_get_priority_min, EMULATED,    "Linux's values per policy") \
    X(161, sched_rr_get_interval,        sys_ni,                     NOT_YET,     "not written yet") \
    X(162, nanosleep,                    sys_forward,                FORWARDED,   "sleeps on the host") \
    X(163, mremap,                       sys_mremap,                 IMPLEMENTED, "grow in place, MAYMOVE, FIXED") \
    X(164, setresuid,                    sys_setresuid16,            FORWARDED,   "16-bit ids: setresuid32") \
    X(165, getresuid,                    sys_getresuid16,            FORWARDED,   "16-bit ids: getresuid32") \
    X(166, vm86,                         sys_ni,                     ENOSYS,      "virtual-8086 mode: ENOSYS for i386 processes on x86-64 Linux too") \
    X(167, query_module,                 sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X(168, poll,                         sys_ni,                     NOT_YET,     "waiting on descriptors: the fd_set / pollfd / epoll_event marshalling is not written yet") \
    X(169, nfsservctl,                   sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X(170, setresgid,                    sys_setresgid16,            FORWARDED,   "16-bit ids: setresgid32") \
    X(171, getresgid,                    sys_getresgid16,            FORWARDED,   "16-bit ids: getresgid32") \
    X(172, prctl,                        sys_prctl,                  EMULATED,    "names, PDEATHSIG, DUMPABLE, KEEPCAPS, NO_NEW_PRIVS, CHILD_SUBREAPER, TIMERSLACK, THP_DISABLE, GET_TID_ADDRESS, GET_SECCOMP; CAPBSET_READ and CAP_AMBIENT IS_SET forwarded; EINVAL for the rest") \
    X(173, rt_sigreturn,                 sys_rt_sigreturn,           IMPLEMENTED, "returns from a handler through struct rt_sigframe_ia32 (docs/signals.md)") \
    X(174, rt_sigaction,                 sys_rt_sigaction,           IMPLEMENTED, "handlers run for faults and for signals sent to itself (docs/signals.md)") \
    X(175, rt_sigprocmask,               sys_rt_sigprocmask,         IMPLEMENTED, "what it unblocks is delivered on the way out of the call") \
    X(176, rt_sigpending,                sys_rt_sigpending,          EMULATED,    "signals the guest sent itself while blocked") \
    X(177, rt_sigtimedwait,              sys_rt_sigtimedwait,        IMPLEMENTED, "pending signals of the set, or waits on the host with the timeout") \
    X(178, rt_sigqueueinfo,              sys_ni,                     PLANNED,     "issue 14: signal delivery") \
    X(179, rt_sigsuspend,                sys_rt_sigsuspend,          IMPLEMENTED, "as pause, with the mask given") \
    X(180, pread64,                      sys_forward,                FORWARDED,   "") \
    X(181, pwrite64,                     sys_forward,                FORWARDED,   "") \
    X(182, chown,                        sys_chown16,                FORWARDED,   "16-bit ids: chown32") \
    X(183, getcwd,                       sys_forward,                FORWARDED,   "") \
    X(184, capget,                       sys_ni,                     NOT_YET,     "not written yet") \
    X(185, capset,                       sys_ni,                     NOT_YET,     "not written yet") \
    X(186, sigaltstack,                  sys_sigaltstack,            IMPLEMENTED, "SA_ONSTACK handlers run on it") \
    X(187, sendfile,                     sys_ni,                     NOT_YET,     "not written yet") \
    X(188, getpmsg,                      sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X(189, putpmsg,                      sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X(190, vfork,                        sys_fork,                   FORWARDED,   "as fork (the parent does not wait for the child)") \
    X(191, ugetrlimit,                   sys_forward,                FORWARDED,   "") \
    X(192, mmap2,                        sys_mmap2,                  IMPLEMENTED, "anonymous and file-backed; writable MAP_SHARED files: ENODEV") \
    X(193, truncate64,                   sys_forward,                FORWARDED,   "") \
    X(194, ftruncate64,                  sys_forward,                FORWARDED,   "") \
    X(195, stat64,                       sys_forward,                FORWARDED,   "") \
    X(196, lstat64,                      sys_forward,                FORWARDED,   "") \
    X(197, fstat64,                      sys_forward,                FORWARDED,   "") \
    X(198, lchown32,                     sys_forward,                FORWARDED,   "") \
    X(199, getuid32,                     sys_forward,                FORWARDED,   "") \
    X(200, getgid32,                     sys_forward,                FORWARDED,   "") \
    X(201, geteuid32,                    sys_forward,                FORWARDED,   "") \
    X(202, getegid32,                    sys_forward,                FORWARDED,   "") \
    X(203, setreuid32,                   sys_forward,                FORWARDED,   "") \
    X(204, setregid32,                   sys_forward,                FORWARDED,   "") \
    X(205, getgroups32,                  sys_getgroups32,            FORWARDED,   "the host user's supplementary groups") \
    X(206, setgroups32,                  sys_setgroups32,            FORWARDED,   "") \
    X(207, fchown32,                     sys_forward,                FORWARDED,   "") \
    X(208, setresuid32,                  sys_forward,                FORWARDED,   "") \
    X(209, getresuid32,                  sys_forward,                FORWARDED,   "") \
    X(210, setresgid32,                  sys_forward,                FORWARDED,   "") \
    X(211, getresgid32,                  sys_forward,                FORWARDED,   "") \
    X(212, chown32,                      sys_forward,                FORWARDED,   "") \
    X(213, setuid32,                     sys_forward,                FORWARDED,   "") \
    X(214, setgid32,                     sys_forward,                FORWARDED,   "") \
    X(215, setfsuid32,                   sys_forward,                FORWARDED,   "") \
    X(216, setfsgid32,                   sys_forward,                FORWARDED,   "") \
    X(217, pivot_root,                   sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(218, mincore,                      sys_mincore,                EMULATED,    "every mapped page is resident") \
    X(219, madvise,                      sys_madvise,                EMULATED,    "hints succeed; MADV_DONTNEED makes private anonymous pages demand-zero again, keeps shared ones, and refuses private file pages (the page map does not record their file)") \
    X(220, getdents64,                   sys_forward,                FORWARDED,   "d_off above 2^30 (ext4's 64-bit hashes) shown as a 32-bit cookie, as a 32-bit process gets: i386 readdir fails with EOVERFLOW otherwise") \
    X(221, fcntl64,                      sys_forward,                FORWARDED,   "") \
    X(224, gettid,                       sys_gettid,                 FORWARDED,   "the first thread's: the PID, asked once; the others' from clone (docs/threads.md)") \
    X(225, readahead,                    sys_ni,                     NOT_YET,     "not written yet") \
    X(226, setxattr,                     sys_forward,                FORWARDED,   "") \
    X(227, lsetxattr,                    sys_forward,                FORWARDED,   "") \
    X(228, fsetxattr,                    sys_forward,                FORWARDED,   "") \
    X(229, getxattr,                     sys_forward,                FORWARDED,   "") \
    X(230, lgetxattr,                    sys_forward,                FORWARDED,   "") \
    X(231, fgetxattr,                    sys_forward,                FORWARDED,   "") \
    X(232, listxattr,                    sys_forward,                FORWARDED,   "") \
    X(233, llistxattr,                   sys_forward,                FORWARDED,   "") \
    X(234, flistxattr,                   sys_forward,                FORWARDED,   "") \
    X(235, removexattr,                  sys_forward,                FORWARDED,   "") \
    X(236, lremovexattr,                 sys_forward,                FORWARDED,   "") \
    X(237, fremovexattr,                 sys_forward,                FORWARDED,   "") \
    X(238, tkill,                        sys_tkill,                  IMPLEMENTED, "to itself as kill; another process's thread: sent by the host") \
    X(239, sendfile64,                   sys_ni,                     NOT_YET,     "not written yet") \
    X(240, futex,                        cms_sys_futex,              EMULATED,    "cms/cms_futex.c: waits block the calling thread, wakes and requeues find the waiters (docs/threads.md); with every thread waiting and no timeout, a deadlock message") \
    X(241, sched_setaffinity,            sys_sched_setaffinity,      EMULATED,    "one core: a mask with CPU 0 is accepted") \
    X(242, sched_getaffinity,            sys_sched_getaffinity,      EMULATED,    "one core: the mask {CPU 0}") \
    X(243, set_thread_area,              sys_set_thread_area,        IMPLEMENTED, "GDT TLS entries 12..14") \
    X(244, get_thread_area,              sys_get_thread_area,        IMPLEMENTED, "GDT TLS entries 12..14") \
    X(245, io_setup,                     sys_ni,                     ENOSYS,      "Linux AIO: ENOSYS as a kernel without CONFIG_AIO (glibc's aio uses threads)") \
    X(246, io_destroy,                   sys_ni,                     ENOSYS,      "Linux AIO: ENOSYS as a kernel without CONFIG_AIO (glibc's aio uses threads)") \
    X(247, io_getevents,                 sys_ni,                     ENOSYS,      "Linux AIO: ENOSYS as a kernel without CONFIG_AIO (glibc's aio uses threads)") \
    X(248, io_submit,                    sys_ni,                     ENOSYS,      "Linux AIO: ENOSYS as a kernel without CONFIG_AIO (glibc's aio uses threads)") \
    X(249, io_cancel,                    sys_ni,                     ENOSYS,      "Linux AIO: ENOSYS as a kernel without CONFIG_AIO (glibc's aio uses threads)") \
    X(250, fadvise64,                    sys_forward,                FORWARDED,   "") \
    X(252, exit_group,                   sys_exit,                   IMPLEMENTED, "ends the run with status & 0xff, every thread") \
    X(253, lookup_dcookie,               sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X(254, epoll_create,                 sys_ni,                     NOT_YET,     "waiting on descriptors: the fd_set / pollfd / epoll_event marshalling is not written yet") \
    X(255, epoll_ctl,                    sys_ni,                     NOT_YET,     "waiting on descriptors: the fd_set / pollfd / epoll_event marshalling is not written yet") \
    X(256, epoll_wait,                   sys_ni,                     NOT_YET,     "waiting on descriptors: the fd_set / pollfd / epoll_event marshalling is not written yet") \
    X(257, remap_file_pages,             sys_ni,                     ENOSYS,      "deprecated since Linux 3.16; not offered") \
    X(258, set_tid_address,              sys_set_tid_address,        EMULATED,    "remembered per thread, returns the TID; cleared and woken at the thread's exit") \
    X(259, timer_create,                 sys_ni,                     PLANNED,     "issue 14: signal delivery (POSIX timers)") \
    X(260, timer_settime,                sys_ni,                     PLANNED,     "issue 14: signal delivery (POSIX timers)") \
    X(261, timer_gettime,                sys_ni,                     PLANNED,     "issue 14: signal delivery (POSIX timers)") \
    X(262, timer_getoverrun,             sys_ni,                     PLANNED,     "issue 14: signal delivery (POSIX timers)") \
    X(263, timer_delete,                 sys_ni,                     PLANNED,     "issue 14: signal delivery (POSIX timers)") \
    X(264, clock_settime,                sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(265, clock_gettime,                sys_forward,                FORWARDED,   "") \
    X(266, clock_getres,                 sys_forward,                FORWARDED,   "") \
    X(267, clock_nanosleep,              sys_forward,                FORWARDED,   "sleeps on the host") \
    X(268, statfs64,                     sys_forward,                FORWARDED,   "the host's statfs as i386 struct statfs64 (84 bytes)") \
    X(269, fstatfs64,                    sys_forward,                FORWARDED,   "the host's fstatfs as i386 struct statfs64 (84 bytes)") \
    X(270, tgkill,                       sys_tgkill,                 IMPLEMENTED, "to itself as kill (raise, abort); another process: sent by the host") \
    X(271, utimes,                       sys_ni,                     NOT_YET,     "32-bit time structures: conversion not written yet (utimensat is forwarded)") \
    X(272, fadvise64_64,                 sys_forward,                FORWARDED,   "") \
    X(273, vserver,                      sys_ni,                     ENOSYS,      "obsolete: Linux answers ENOSYS too") \
    X(274, mbind,                        sys_ni,                     ENOSYS,      "NUMA: ENOSYS as on a kernel without CONFIG_NUMA") \
    X(275, get_mempolicy,                sys_ni,                     ENOSYS,      "NUMA: ENOSYS as on a kernel without CONFIG_NUMA") \
    X(276, set_mempolicy,                sys_ni,                     ENOSYS,      "NUMA: ENOSYS as on a kernel without CONFIG_NUMA") \
    X(277, mq_open,                      sys_ni,                     ENOSYS,      "POSIX message queues: ENOSYS as a kernel without CONFIG_POSIX_MQUEUE") \
    X(278, mq_unlink,                    sys_ni,                     ENOSYS,      "POSIX message queues: ENOSYS as a kernel without CONFIG_POSIX_MQUEUE") \
    X(279, mq_timedsend,                 sys_ni,                     ENOSYS,      "POSIX message queues: ENOSYS as a kernel without CONFIG_POSIX_MQUEUE") \
    X(280, mq_timedreceive,              sys_ni,                     ENOSYS,      "POSIX message queues: ENOSYS as a kernel without CONFIG_POSIX_MQUEUE") \
    X(281, mq_notify,                    sys_ni,                     ENOSYS,      "POSIX message queues: ENOSYS as a kernel without CONFIG_POSIX_MQUEUE") \
    X(282, mq_getsetattr,                sys_ni,                     ENOSYS,      "POSIX message queues: ENOSYS as a kernel without CONFIG_POSIX_MQUEUE") \
    X(283, kexec_load,                   sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(284, waitid,                       sys_ni,                     PLANNED,     "issue 14: processes") \
    X(286, add_key,                      sys_ni,                     ENOSYS,      "kernel key retention: ENOSYS as a kernel without CONFIG_KEYS") \
    X(287, request_key,                  sys_ni,                     ENOSYS,      "kernel key retention: ENOSYS as a kernel without CONFIG_KEYS") \
    X(288, keyctl,                       sys_ni,                     ENOSYS,      "kernel key retention: ENOSYS as a kernel without CONFIG_KEYS") \
    X(289, ioprio_set,                   sys_forward,                FORWARDED,   "") \
    X(290, ioprio_get,                   sys_forward,                FORWARDED,   "") \
    X(291, inotify_init,                 sys_forward,                FORWARDED,   "") \
    X(292, inotify_add_watch,            sys_forward,                FORWARDED,   "") \
    X(293, inotify_rm_watch,             sys_forward,                FORWARDED,   "") \
    X(294, migrate_pages,                sys_ni,                     ENOSYS,      "NUMA: ENOSYS as on a kernel without CONFIG_NUMA") \
    X(295, openat,                       sys_forward,                FORWARDED,   "") \
    X(296, mkdirat,                      sys_forward,                FORWARDED,   "") \
    X(297, mknodat,                      sys_ni,                     NOT_YET,     "i386 device-number encoding not written yet") \
    X(298, fchownat,                     sys_forward,                FORWARDED,   "") \
    X(299, futimesat,                    sys_ni,                     NOT_YET,     "32-bit time structures: conversion not written yet (utimensat is forwarded)") \
    X(300, fstatat64,                    sys_forward,                FORWARDED,   "") \
    X(301, unlinkat,                     sys_forward,                FORWARDED,   "") \
    X(302, renameat,                     sys_forward,                FORWARDED,   "") \
    X(303, linkat,                       sys_forward,                FORWARDED,   "") \
    X(304, symlinkat,                    sys_forward,                FORWARDED,   "") \
    X(305, readlinkat,                   sys_forward,                FORWARDED,   "") \
    X(306, fchmodat,                     sys_forward,                FORWARDED,   "") \
    X(307, faccessat,                    sys_forward,                FORWARDED,   "") \
    X(308, pselect6,                     sys_ni,                     NOT_YET,     "waiting on descriptors: the fd_set / pollfd / epoll_event marshalling is not written yet") \
    X(309, ppoll,                        sys_ni,                     NOT_YET,     "waiting on descriptors: the fd_set / pollfd / epoll_event marshalling is not written yet") \
    X(310, unshare,                      sys_ni,                     PLANNED,     "issue 14: processes") \
    X(311, set_robust_list,              cms_sys_set_robust_list,    IMPLEMENTED, "kept per thread for get_robust_list; not walked at a thread's exit (docs/threads.md)") \
    X(312, get_robust_list,              cms_sys_get_robust_list,    IMPLEMENTED, "the calling thread's only; other tasks ESRCH") \
    X(313, splice,                       sys_ni,                     NOT_YET,     "not written yet") \
    X(314, sync_file_range,              sys_ni,                     NOT_YET,     "not written yet") \
    X(315, tee,                          sys_ni,                     NOT_YET,     "not written yet") \
    X(316, vmsplice,                     sys_ni,                     NOT_YET,     "not written yet") \
    X(317, move_pages,                   sys_ni,                     ENOSYS,      "NUMA: ENOSYS as on a kernel without CONFIG_NUMA") \
    X(318, getcpu,                       sys_getcpu,                 EMULATED,    "one core: CPU 0, node 0") \
    X(319, epoll_pwait,                  sys_ni,                     NOT_YET,     "waiting on descriptors: the fd_set / pollfd / epoll_event marshalling is not written yet") \
    X(320, utimensat,                    sys_forward,                FORWARDED,   "") \
    X(321, signalfd,                     sys_ni,                     PLANNED,     "issue 14: signal delivery") \
    X(322, timerfd_create,               sys_ni,                     NOT_YET,     "timer descriptors: not written yet") \
    X(323, eventfd,                      sys_forward,                FORWARDED,   "") \
    X(324, fallocate,                    sys_forward,                FORWARDED,   "") \
    X(325, timerfd_settime,              sys_ni,                     NOT_YET,     "timer descriptors: not written yet") \
    X(326, timerfd_gettime,              sys_ni,                     NOT_YET,     "timer descriptors: not written yet") \
    X(327, signalfd4,                    sys_ni,                     PLANNED,     "issue 14: signal delivery") \
    X(328, eventfd2,                     sys_forward,                FORWARDED,   "") \
    X(329, epoll_create1,                sys_ni,                     NOT_YET,     "waiting on descriptors: the fd_set / pollfd / epoll_event marshalling is not written yet") \
    X(330, dup3,                         sys_forward,                FORWARDED,   "") \
    X(331, pipe2,                        sys_forward,                FORWARDED,   "as pipe") \
    X(332, inotify_init1,                sys_forward,                FORWARDED,   "") \
    X(333, preadv,                       sys_forward,                FORWARDED,   "") \
    X(334, pwritev,                      sys_forward,                FORWARDED,   "") \
    X(335, rt_tgsigqueueinfo,            sys_ni,                     PLANNED,     "issue 14: signal delivery") \
    X(336, perf_event_open,              sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(337, recvmmsg,                     sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(338, fanotify_init,                sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(339, fanotify_mark,                sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(340, prlimit64,                    sys_forward,                FORWARDED,   "") \
    X(341, name_to_handle_at,            sys_ni,                     ENOSYS,      "file handles: ENOSYS as a kernel without CONFIG_FHANDLE") \
    X(342, open_by_handle_at,            sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(343, clock_adjtime,                sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(344, syncfs,                       sys_forward,                FORWARDED,   "") \
    X(345, sendmmsg,                     sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(346, setns,                        sys_ni,                     PLANNED,     "issue 14: processes") \
    X(347, process_vm_readv,             sys_ni,                     PLANNED,     "issue 14: processes") \
    X(348, process_vm_writev,            sys_ni,                     PLANNED,     "issue 14: processes") \
    X(349, kcmp,                         sys_ni,                     PLANNED,     "issue 14: processes") \
    X(350, finit_module,                 sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(351, sched_setattr,                sys_ni,                     NOT_YET,     "not written yet") \
    X(352, sched_getattr,                sys_ni,                     NOT_YET,     "not written yet") \
    X(353, renameat2,                    sys_forward,                FORWARDED,   "") \
    X(354, seccomp,                      sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(355, getrandom,                    sys_forward,                FORWARDED,   "") \
    X(356, memfd_create,                 sys_forward,                FORWARDED,   "") \
    X(357, bpf,                          sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(358, execveat,                     sys_ni,                     PLANNED,     "issue 14: processes") \
    X(359, socket,                       sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(360, socketpair,                   sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(361, bind,                         sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(362, connect,                      sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(363, listen,                       sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(364, accept4,                      sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(365, getsockopt,                   sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(366, setsockopt,                   sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(367, getsockname,                  sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(368, getpeername,                  sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(369, sendto,                       sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(370, sendmsg,                      sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(371, recvfrom,                     sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(372, recvmsg,                      sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(373, shutdown,                     sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(374, userfaultfd,                  sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(375, membarrier,                   sys_ni,                     PLANNED,     "issue 14: threads") \
    X(376, mlock2,                       sys_mlock2,                 EMULATED,    "as mlock; flags checked") \
    X(377, copy_file_range,              sys_ni,                     NOT_YET,     "not written yet") \
    X(378, preadv2,                      sys_ni,                     NOT_YET,     "not written yet") \
    X(379, pwritev2,                     sys_ni,                     NOT_YET,     "not written yet") \
    X(380, pkey_mprotect,                sys_ni,                     ENOSYS,      "memory protection keys: the model has no PKU") \
    X(381, pkey_alloc,                   sys_ni,                     ENOSYS,      "memory protection keys: the model has no PKU") \
    X(382, pkey_free,                    sys_ni,                     ENOSYS,      "memory protection keys: the model has no PKU") \
    X(383, statx,                        sys_forward,                FORWARDED,   "") \
    X(384, arch_prctl,                   sys_arch_prctl,             EMULATED,    "ARCH_GET_CPUID 1, ARCH_SET_CPUID(1) 0, (0) ENODEV (no CPUID faulting); EINVAL for the rest") \
    X(385, io_pgetevents,                sys_ni,                     ENOSYS,      "Linux AIO: ENOSYS as a kernel without CONFIG_AIO (glibc's aio uses threads)") \
    X(386, rseq,                         sys_ni_quiet,               ENOSYS,      "restartable sequences: optional, glibc does without (a kernel without CONFIG_RSEQ)") \
    X(393, semget,                       sys_ni,                     ENOSYS,      "System V IPC: ENOSYS as a kernel without CONFIG_SYSVIPC (shared memory across processes comes after issue 14)") \
    X(394, semctl,                       sys_ni,                     ENOSYS,      "System V IPC: ENOSYS as a kernel without CONFIG_SYSVIPC (shared memory across processes comes after issue 14)") \
    X(395, shmget,                       sys_ni,                     ENOSYS,      "System V IPC: ENOSYS as a kernel without CONFIG_SYSVIPC (shared memory across processes comes after issue 14)") \
    X(396, shmctl,                       sys_ni,                     ENOSYS,      "System V IPC: ENOSYS as a kernel without CONFIG_SYSVIPC (shared memory across processes comes after issue 14)") \
    X(397, shmat,                        sys_ni,                     ENOSYS,      "System V IPC: ENOSYS as a kernel without CONFIG_SYSVIPC (shared memory across processes comes after issue 14)") \
    X(398, shmdt,                        sys_ni,                     ENOSYS,      "System V IPC: ENOSYS as a kernel without CONFIG_SYSVIPC (shared memory across processes comes after issue 14)") \
    X(399, msgget,                       sys_ni,                     ENOSYS,      "System V IPC: ENOSYS as a kernel without CONFIG_SYSVIPC (shared memory across processes comes after issue 14)") \
    X(400, msgsnd,                       sys_ni,                     ENOSYS,      "System V IPC: ENOSYS as a kernel without CONFIG_SYSVIPC (shared memory across processes comes after issue 14)") \
    X(401, msgrcv,                       sys_ni,                     ENOSYS,      "System V IPC: ENOSYS as a kernel without CONFIG_SYSVIPC (shared memory across processes comes after issue 14)") \
    X(402, msgctl,                       sys_ni,                     ENOSYS,      "System V IPC: ENOSYS as a kernel without CONFIG_SYSVIPC (shared memory across processes comes after issue 14)") \
    X(403, clock_gettime64,              sys_forward,                FORWARDED,   "") \
    X(404, clock_settime64,              sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(405, clock_adjtime64,              sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(406, clock_getres_time64,          sys_forward,                FORWARDED,   "") \
    X(407, clock_nanosleep_time64,       sys_forward,                FORWARDED,   "sleeps on the host") \
    X(408, timer_gettime64,              sys_ni,                     PLANNED,     "issue 14: signal delivery (POSIX timers)") \
    X(409, timer_settime64,              sys_ni,                     PLANNED,     "issue 14: signal delivery (POSIX timers)") \
    X(410, timerfd_gettime64,            sys_ni,                     NOT_YET,     "timer descriptors: not written yet") \
    X(411, timerfd_settime64,            sys_ni,                     NOT_YET,     "timer descriptors: not written yet") \
    X(412, utimensat_time64,             sys_forward,                FORWARDED,   "") \
    X(413, pselect6_time64,              sys_ni,                     NOT_YET,     "waiting on descriptors: the fd_set / pollfd / epoll_event marshalling is not written yet") \
    X(414, ppoll_time64,                 sys_ni,                     NOT_YET,     "waiting on descriptors: the fd_set / pollfd / epoll_event marshalling is not written yet") \
    X(416, io_pgetevents_time64,         sys_ni,                     ENOSYS,      "Linux AIO: ENOSYS as a kernel without CONFIG_AIO (glibc's aio uses threads)") \
    X(417, recvmmsg_time64,              sys_ni_quiet,               ENOSYS,      "networking is not modelled: answered as a kernel without CONFIG_NET") \
    X(418, mq_timedsend_time64,          sys_ni,                     ENOSYS,      "POSIX message queues: ENOSYS as a kernel without CONFIG_POSIX_MQUEUE") \
    X(419, mq_timedreceive_time64,       sys_ni,                     ENOSYS,      "POSIX message queues: ENOSYS as a kernel without CONFIG_POSIX_MQUEUE") \
    X(420, semtimedop_time64,            sys_ni,                     ENOSYS,      "System V IPC: ENOSYS as a kernel without CONFIG_SYSVIPC (shared memory across processes comes after issue 14)") \
    X(421, rt_sigtimedwait_time64,       sys_rt_sigtimedwait_time64, IMPLEMENTED, "as rt_sigtimedwait, 64-bit timespec") \
    X(422, futex_time64,                 cms_sys_futex_time64,       EMULATED,    "as futex, 64-bit timespec") \
    X(423, sched_rr_get_interval_time64, sys_ni,                     NOT_YET,     "not written yet") \
    X(424, pidfd_send_signal,            sys_ni,                     PLANNED,     "issue 14: processes") \
    X(425, io_uring_setup,               sys_ni,                     ENOSYS,      "io_uring: ENOSYS as a kernel without CONFIG_IO_URING") \
    X(426, io_uring_enter,               sys_ni,                     ENOSYS,      "io_uring: ENOSYS as a kernel without CONFIG_IO_URING") \
    X(427, io_uring_register,            sys_ni,                     ENOSYS,      "io_uring: ENOSYS as a kernel without CONFIG_IO_URING") \
    X(428, open_tree,                    sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(429, move_mount,                   sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(430, fsopen,                       sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(431, fsconfig,                     sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(432, fsmount,                      sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(433, fspick,                       sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(434, pidfd_open,                   sys_ni,                     PLANNED,     "issue 14: processes") \
    X(435, clone3,                       sys_ni_quiet,               ENOSYS,      "as a kernel before 5.3: glibc then calls clone, which makes threads and processes") \
    X(436, close_range,                  sys_ni_quiet,               ENOSYS,      "as a kernel before 5.9: callers (glibc's closefrom, gpgme's spawn) close what /proc/self/fd lists one at a time; closing ranges wants a descriptor table of the guest that keeps the simulator's own out") \
    X(437, openat2,                      sys_ni,                     NOT_YET,     "not written yet") \
    X(438, pidfd_getfd,                  sys_ni,                     PLANNED,     "issue 14: processes") \
    X(439, faccessat2,                   sys_forward,                FORWARDED,   "") \
    X(440, process_madvise,              sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(441, epoll_pwait2,                 sys_ni,                     NOT_YET,     "waiting on descriptors: the fd_set / pollfd / epoll_event marshalling is not written yet") \
    X(442, mount_setattr,                sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(443, quotactl_fd,                  sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(444, landlock_create_ruleset,      sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(445, landlock_add_rule,            sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(446, landlock_restrict_self,       sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(447, memfd_secret,                 sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(448, process_mrelease,             sys_ni,                     ENOSYS,      "administers the machine, not the process: not offered to a guest") \
    X(449, futex_waitv,                  sys_ni,                     PLANNED,     "issue 14: threads") \
    X(450, set_mempolicy_home_node,      sys_ni,                     ENOSYS,      "NUMA: ENOSYS as on a kernel without CONFIG_NUMA") \

#endif
