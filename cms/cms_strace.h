/* morph run --strace (docs/usage.md): how each decoded i386 system call's arguments and result
 * are shown, in strace's format. One row per call, keyed by its name (the number comes from
 * cms_sysnames.c, generated from the kernel's asm/unistd_32.h; a row naming no call stops the
 * firmware at the first traced call). A call without a row shows its six arguments in hex.
 *
 * X(name, result, "arguments"): one character per argument shown, in order.
 *   result  'd' decimal, 'x' hex (addresses: brk, mmap), 'O' octal (umask), 'n' none: the call
 *           does not return ("= ?", as strace shows exit and exit_group), 'c' decimal in the
 *           parent, no line in the new process (fork, vfork, clone: as strace), 'E' execve:
 *           decimal when it fails; when it succeeds the host ends the line "= 0"
 *   d int                     u unsigned               x hex (0 shows as 0)
 *   p pointer (NULL or hex)   f file descriptor        a directory fd (AT_FDCWD)
 *   s path string (quoted, whole)
 *   B input buffer, its length the next argument (quoted, 32 bytes then ...)
 *   R output buffer, its length the next argument: shown with `result` bytes when the call
 *     succeeded, as a pointer when it failed
 *   i struct iovec array of input buffers, its count the next argument
 *   v argv: ["a", "b"]        e envp: 0x... / * N vars * /
 *   o O_ flags of open        m the mode of open: shown only with O_CREAT or O_TMPFILE before it
 *   O mode in octal           K access mode (F_OK, R_OK|W_OK...)
 *   P PROT_ flags             M MAP_ flags             S signal number (SIGINT)
 *   h sigprocmask how         C clock id               T ioctl request (TCGETS...)
 *   W lseek whence            L 64-bit offset from two arguments, high then low (_llseek)
 *   l 64-bit offset from two arguments, low then high (pread64, pwrite64)
 *   Q pointer to a 64-bit result: [N] when the call succeeded
 *   6 CPU set out, its length the result: [0 1] when the call succeeded, else a pointer
 *   7 CPU set in, its length the argument before it (up to 128 bytes shown)
 *   8 memfd_create's MFD_ flags
 *   c clone's five arguments as strace names them (child_stack=, flags=, parent_tid=, tls=,
 *     child_tidptr=, the last three only when the flags use them)
 *   w wait status out: [{WIFEXITED(s) && WEXITSTATUS(s) == N}] when the call returned a child
 *   X wait options (WNOHANG...)
 *   F futex operation and what follows it: as strace, the operation decides which arguments
 *     are shown (cms_strace.c futex_ops; an unknown one: all six)
 *   I int[2] out (pipe): [3, 4] when the call succeeded
 *   N O_ flags without an access mode (pipe2, dup3)
 *   G fcntl's command and its argument (none for the commands that take none)
 *   j int out: [N] when the call succeeded   J the same in hex   k a 16-bit one
 *   q old signal set (4 bytes) at a pointer: [HUP USR2]   r rt signal set (8 bytes)
 *   n old signal set passed as the value      y mincore's vector (a byte per page)
 *   Y scheduling policy       Z signal handler (SIG_DFL, SIG_IGN, else hex)
 *   g 16-bit id (0xffff is -1)       t AT_ flags      z statx's AT_ flags (sync type first)
 *   1 struct user_desc (set_thread_area): its fields, entry_number as the call found it, and
 *     "= 0 (entry_number=N)" when the call chose one
 *   3 modify_ldt's pointer: a struct user_desc as 1 when the next argument (the count) is 16,
 *     else the pointer
 *   2 struct utsname out: {sysname="Linux", nodename="morph", ...} when the call succeeded
 *   V mmap2's offset: pages, shown in bytes (hex), as strace
 *   U sigreturn's frame: {mask=[...]}, the blocked mask it restored
 *   D statx mask (STATX_BASIC_STATS...)  b RLIMIT_ resource   H getrandom flags (GRND_)
 *   E msync flags             A prctl's option and what strace shows for it (cms_strace.c) */
#ifndef CMS_STRACE_H
#define CMS_STRACE_H

#define CMS_STRACE_TABLE(X) \
    X(exit,              'n', "d") \
    X(fork,              'c', "") \
    X(read,              'd', "fRu") \
    X(write,             'd', "fBu") \
    X(open,              'd', "som") \
    X(close,             'd', "f") \
    X(waitpid,           'd', "dwX") \
    X(creat,             'd', "sO") \
    X(link,              'd', "ss") \
    X(unlink,            'd', "s") \
    X(execve,            'E', "sve") \
    X(chdir,             'd', "s") \
    X(time,              'd', "p") \
    X(chmod,             'd', "sO") \
    X(lseek,             'd', "fdW") \
    X(getpid,            'd', "") \
    X(alarm,             'd', "u") \
    X(setuid,            'd', "g") \
    X(pause,             'd', "") \
    X(access,            'd', "sK") \
    X(kill,              'd', "dS") \
    X(rename,            'd', "ss") \
    X(mkdir,             'd', "sO") \
    X(rmdir,             'd', "s") \
    X(dup,               'd', "f") \
    X(pipe,              'd', "I") \
    X(times,             'd', "p") \
    X(brk,               'x', "p") \
    X(getuid,            'd', "") \
    X(setgid,            'd', "g") \
    X(getgid,            'd', "") \
    X(geteuid,           'd', "") \
    X(getegid,           'd', "") \
    X(signal,            'x', "SZ") \
    X(sigaction,         'd', "Spp") \
    X(sgetmask,          'x', "") \
    X(ssetmask,          'x', "n") \
    X(setreuid,          'd', "gg") \
    X(setregid,          'd', "gg") \
    X(sigsuspend,        'd', "n") \
    X(sigpending,        'd', "q") \
    X(sigprocmask,       'd', "hqq") \
    X(sigreturn,         'd', "U") \
    X(getgroups,         'd', "dp") \
    X(setgroups,         'd', "dp") \
    X(ioctl,             'd', "fTp") \
    X(fcntl,             'd', "fG") \
    X(setpgid,           'd', "dd") \
    X(umask,             'O', "O") \
    X(dup2,              'd', "ff") \
    X(getppid,           'd', "") \
    X(getpgrp,           'd', "") \
    X(setsid,            'd', "") \
    X(gettimeofday,      'd', "pp") \
    X(symlink,           'd', "ss") \
    X(readlink,          'd', "sRu") \
    X(munmap,            'd', "pu") \
    X(truncate,          'd', "sd") \
    X(ftruncate,         'd', "fd") \
    X(fchmod,            'd', "fO") \
    X(chown32,           'd', "sdd") \
    X(lchown32,          'd', "sdd") \
    X(fchown32,          'd', "fdd") \
    X(fchmodat,          'd', "asO") \
    X(symlinkat,         'd', "sas") \
    X(getxattr,          'd', "ssRu") \
    X(lgetxattr,         'd', "ssRu") \
    X(removexattr,       'd', "ss") \
    X(memfd_create,      'd', "s8") \
    X(lremovexattr,      'd', "ss") \
    X(wait4,             'd', "dwXp") \
    X(sysinfo,           'd', "p") \
    X(fsync,             'd', "f") \
    X(clone,             'c', "c") \
    X(uname,             'd', "2") \
    X(modify_ldt,        'd', "d3u") \
    X(mprotect,          'd', "puP") \
    X(getpgid,           'd', "d") \
    X(fchdir,            'd', "f") \
    X(getrlimit,         'd', "bp") \
    X(setrlimit,         'd', "bp") \
    X(setfsuid,          'd', "g") \
    X(setfsgid,          'd', "g") \
    X(_llseek,           'd', "fLQW") \
    X(getdents64,        'd', "fpu") \
    X(flock,             'd', "fd") \
    X(writev,            'd', "fiu") \
    X(getsid,            'd', "d") \
    X(msync,             'd', "puE") \
    X(mlock,             'd', "pu") \
    X(munlock,           'd', "pu") \
    X(mlockall,          'd', "x") \
    X(munlockall,        'd', "") \
    X(sched_getparam,    'd', "dp") \
    X(sched_getscheduler, 'd', "d") \
    X(sched_get_priority_max, 'd', "Y") \
    X(sched_get_priority_min, 'd', "Y") \
    X(setresuid,         'd', "ggg") \
    X(getresuid,         'd', "kkk") \
    X(setresgid,         'd', "ggg") \
    X(getresgid,         'd', "kkk") \
    X(fdatasync,         'd', "f") \
    X(sched_yield,       'd', "") \
    X(statfs64,          'd', "sup") \
    X(fstatfs64,         'd', "fup") \
    X(sched_getaffinity, 'd', "du6") \
    X(sched_setaffinity, 'd', "du7") \
    X(nanosleep,         'd', "pp") \
    X(mremap,            'x', "puuxp") \
    X(prctl,             'd', "A") \
    X(rt_sigreturn,      'd', "U") \
    X(rt_sigaction,      'd', "Sppu") \
    X(rt_sigprocmask,    'd', "hrru") \
    X(rt_sigsuspend,     'd', "ru") \
    X(rt_sigpending,     'd', "ru") \
    X(pread64,           'd', "fRul") \
    X(pwrite64,          'd', "fBul") \
    X(getcwd,            'd', "Ru") \
    X(sigaltstack,       'd', "pp") \
    X(vfork,             'c', "") \
    X(ugetrlimit,        'd', "bp") \
    X(mmap2,             'x', "puPMfV") \
    X(stat64,            'd', "sp") \
    X(lstat64,           'd', "sp") \
    X(fstat64,           'd', "fp") \
    X(getuid32,          'd', "") \
    X(getgid32,          'd', "") \
    X(geteuid32,         'd', "") \
    X(getegid32,         'd', "") \
    X(setreuid32,        'd', "dd") \
    X(setregid32,        'd', "dd") \
    X(getgroups32,       'd', "dp") \
    X(setgroups32,       'd', "dp") \
    X(setresuid32,       'd', "ddd") \
    X(getresuid32,       'd', "jjj") \
    X(setresgid32,       'd', "ddd") \
    X(getresgid32,       'd', "jjj") \
    X(setuid32,          'd', "d") \
    X(setgid32,          'd', "d") \
    X(setfsuid32,        'd', "d") \
    X(setfsgid32,        'd', "d") \
    X(mincore,           'd', "puy") \
    X(madvise,           'd', "pud") \
    X(fcntl64,           'd', "fG") \
    X(gettid,            'd', "") \
    X(tkill,             'd', "dS") \
    X(futex,             'd', "F") \
    X(set_thread_area,   'd', "1") \
    X(get_thread_area,   'd', "p") \
    X(exit_group,        'n', "d") \
    X(set_tid_address,   'd', "p") \
    X(tgkill,            'd', "ddS") \
    X(openat,            'd', "asom") \
    X(mkdirat,           'd', "asO") \
    X(fstatat64,         'd', "aspt") \
    X(unlinkat,          'd', "ast") \
    X(readlinkat,        'd', "asRu") \
    X(faccessat,         'd', "asK") \
    X(set_robust_list,   'd', "pu") \
    X(get_robust_list,   'd', "dJj") \
    X(pipe2,             'd', "IN") \
    X(dup3,              'd', "ffN") \
    X(prlimit64,         'd', "dbpp") \
    X(getrandom,         'd', "RuH") \
    X(statx,             'd', "aszDp") \
    X(rseq,              'd', "pxxx") \
    X(clock_gettime,     'd', "Cp") \
    X(clock_getres,      'd', "Cp") \
    X(clock_gettime64,   'd', "Cp") \
    X(futex_time64,      'd', "F") \
    X(clock_nanosleep,   'd', "Cxpp") \
    X(clock_nanosleep_time64, 'd', "Cxpp")

/* The line for one call: called by cms_syscall() before the call (the calls that may not return,
 * results 'n' and 'E', are held by the host and finished by it, docs/usage.md) and after. */
struct cms_cpu;
void cms_strace_enter(uint32_t nr, const uint32_t a[6]);
void cms_strace_exit(uint32_t nr, const uint32_t a[6], int32_t r);
/* A thread runs again (cms_thread.c): the rest of its call that blocked, "<... futex resumed>)
 * = 0", as strace shows it. */
void cms_strace_resume(const struct cms_cpu *cpu);
/* A forked child: one thread, none of them waiting. */
void cms_strace_forked_child(void);
/* The program's start, as the execve strace shows first: path, and the initial stack's argv
 * and envp (esp points at argc). */
void cms_strace_start(const char *path, uint32_t esp);

#endif
