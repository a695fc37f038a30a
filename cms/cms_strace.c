/* morph run --strace: one line per guest system call in strace's format, decoded by the table in
 * cms_strace.h and sent to the host (HTIF_CMD_STRACE), which adds the PID, the column, the errno
 * name and writes it to stderr or the --strace-file (docs/usage.md). */
#include <string.h>
#include "cms.h"
#include "cms_errno.h"
#include "cms_htif.h"
#include "cms_hw.h"
#include "cms_cpu.h"
#include "cms_signal.h"
#include "cms_strace.h"
#include "cms_syscall.h"
#include "cms_thread.h"
#include "cms_uaccess.h"
#include "morph/sysabi.h"

enum { STR_MAX = 32, PATH_SHOWN = 256, LINE = 1536, NR_MAX = 512 };

struct spec {
    const char *name;
    char ret;
    const char *args;
};
#define ROW(name, ret, args) {#name, ret, args},
static const struct spec specs[] = {CMS_STRACE_TABLE(ROW)};
#undef ROW
#define NSPECS (sizeof specs / sizeof specs[0])

static int16_t by_nr[NR_MAX]; /* index + 1 into specs, 0 = no row */
static int ready;

static void init(void)
{
    if (ready) return;
    ready = 1;
    for (uint32_t i = 0; i < NSPECS; i++) {
        uint32_t nr = 0;
        while (nr < NR_MAX && strcmp(cms_sysname(nr), specs[i].name)) nr++;
        if (nr == NR_MAX) cms_panic("strace table (cms/cms_strace.h): no i386 system call is named '%s'", specs[i].name);
        by_nr[nr] = (int16_t)(i + 1);
    }
}

static const struct spec *spec_of(uint32_t nr)
{
    init();
    return nr < NR_MAX && by_nr[nr] ? &specs[by_nr[nr] - 1] : 0;
}

/* ---- the line ------------------------------------------------------------------------------- */

static char line[LINE];
static uint32_t len;
/* set_thread_area's entry_number as the call found it (the call may write the one it chose) */
static uint32_t ud_entry_before;

static void put(const char *s)
{
    while (*s && len < LINE - 2) line[len++] = *s++;
    line[len] = 0;
}
static void putf(const char *fmt, uint32_t v)
{
    char b[96];
    cms_snprintf(b, sizeof b, fmt, v);
    put(b);
}
/* Octal as strace's %#03o: 0644, 022, 000. */
static void put_oct(uint32_t v)
{
    char d[16], o[20];
    int n = 0, k = 0;
    do d[n++] = (char)('0' + (v & 7)); while ((v >>= 3));
    if (d[n - 1] != '0') o[k++] = '0';
    while (k + n < 3) o[k++] = '0';
    while (n) o[k++] = d[--n];
    o[k] = 0;
    put(o);
}
static void put_hex(uint32_t v) { if (v) putf("0x%x", v); else put("0"); }
static void put_ptr(uint32_t v) { if (v) putf("0x%x", v); else put("NULL"); }

/* One byte of a quoted string, escaped as strace does (octal, three digits when an octal digit
 * follows). */
static void put_char(uint8_t c, int next_is_digit)
{
    char b[8];
    switch (c) {
    case '\n': put("\\n"); return;
    case '\t': put("\\t"); return;
    case '\r': put("\\r"); return;
    case '\v': put("\\v"); return;
    case '\f': put("\\f"); return;
    case '"': put("\\\""); return;
    case '\\': put("\\\\"); return;
    }
    if (c >= 0x20 && c < 0x7f) {
        b[0] = (char)c, b[1] = 0;
        put(b);
        return;
    }
    b[0] = '\\';
    int n = 1;
    if (next_is_digit || c >= 0100) b[n++] = (char)('0' + (c >> 6));
    if (next_is_digit || c >= 010) b[n++] = (char)('0' + ((c >> 3) & 7));
    b[n++] = (char)('0' + (c & 7));
    b[n] = 0;
    put(b);
}

/* len bytes at va, or up to the NUL when nul_ends; at most max of them, then "...". */
static void put_quoted(uint32_t va, uint32_t n, int nul_ends, uint32_t max)
{
    uint8_t buf[PATH_SHOWN + 1];
    uint32_t want = (n > max ? max : n) + 1, got = 0;
    if (want > sizeof buf) want = sizeof buf;
    while (got < want && cms_get_user(&buf[got], va + got, 1) >= 0) {
        if (nul_ends && !buf[got]) break;
        got++;
    }
    if (got == 0 && (n || nul_ends) && cms_get_user(buf, va, 1) < 0) {
        put_ptr(va);
        return;
    }
    uint32_t shown = got > max ? max : got;
    if (!nul_ends && shown > n) shown = n;
    put("\"");
    for (uint32_t i = 0; i < shown; i++)
        put_char(buf[i], i + 1 < shown && buf[i + 1] >= '0' && buf[i + 1] <= '7');
    put("\"");
    if ((nul_ends && got > max) || (!nul_ends && n > max)) put("...");
}

struct name { uint32_t v; const char *s; };

/* Flag bits by name, the rest in hex; zero as zero_name. */
static void put_flags(uint32_t v, const struct name *t, const char *zero_name)
{
    int any = 0;
    for (; t->s; t++)
        if (t->v && (v & t->v) == t->v) {
            if (any++) put("|");
            put(t->s);
            v &= ~t->v;
        }
    if (v) {
        if (any++) put("|");
        putf("0x%x", v);
    }
    if (!any) put(zero_name);
}
static void put_enum(uint32_t v, const struct name *t, int is_signed)
{
    for (; t->s; t++)
        if (t->v == v) { put(t->s); return; }
    putf(is_signed ? "%d" : "0x%x", v);
}

/* Linux i386 ABI values (include/uapi): the names strace shows. */
static const struct name open_flags[] = { /* after the access mode; several bits first */
    {020200000, "O_TMPFILE"}, {04010000, "O_SYNC"}, {0100, "O_CREAT"}, {0200, "O_EXCL"}, {0400, "O_NOCTTY"}, {01000, "O_TRUNC"}, {02000, "O_APPEND"},
    {04000, "O_NONBLOCK"}, {010000, "O_DSYNC"}, {020000, "O_ASYNC"}, {040000, "O_DIRECT"},
    {0100000, "O_LARGEFILE"}, {0200000, "O_DIRECTORY"}, {0400000, "O_NOFOLLOW"},
    {01000000, "O_NOATIME"}, {02000000, "O_CLOEXEC"}, {010000000, "O_PATH"}, {0, 0}};
#define O_CREAT_OR_TMPFILE (0100u | 020000000u)
static const struct name prot_flags[] = {{1, "PROT_READ"}, {2, "PROT_WRITE"}, {4, "PROT_EXEC"},
    {0x01000000, "PROT_GROWSDOWN"}, {0x02000000, "PROT_GROWSUP"}, {0, 0}}; /* lint-facts: ok: Linux ABI flag bits */
static const struct name map_flags[] = { /* after MAP_SHARED / MAP_PRIVATE */
    {0x10, "MAP_FIXED"}, {0x20, "MAP_ANONYMOUS"}, {0x40, "MAP_32BIT"}, {0x100, "MAP_GROWSDOWN"},
    {0x800, "MAP_DENYWRITE"}, {0x1000, "MAP_EXECUTABLE"}, {0x2000, "MAP_LOCKED"},
    {0x4000, "MAP_NORESERVE"}, {0x8000, "MAP_POPULATE"}, {0x10000, "MAP_NONBLOCK"},
    {0x20000, "MAP_STACK"}, {0x40000, "MAP_HUGETLB"}, {0x100000, "MAP_FIXED_NOREPLACE"}, {0, 0}}; /* lint-facts: ok: Linux ABI flag bits */
static const struct name map_types[] = {{1, "MAP_SHARED"}, {2, "MAP_PRIVATE"}, {3, "MAP_SHARED_VALIDATE"}, {0, 0}};
static const struct name access_modes[] = {{4, "R_OK"}, {2, "W_OK"}, {1, "X_OK"}, {0, 0}};
static const struct name signals[] = {
    {1, "SIGHUP"}, {2, "SIGINT"}, {3, "SIGQUIT"}, {4, "SIGILL"}, {5, "SIGTRAP"}, {6, "SIGABRT"},
    {7, "SIGBUS"}, {8, "SIGFPE"}, {9, "SIGKILL"}, {10, "SIGUSR1"}, {11, "SIGSEGV"}, {12, "SIGUSR2"},
    {13, "SIGPIPE"}, {14, "SIGALRM"}, {15, "SIGTERM"}, {16, "SIGSTKFLT"}, {17, "SIGCHLD"},
    {18, "SIGCONT"}, {19, "SIGSTOP"}, {20, "SIGTSTP"}, {21, "SIGTTIN"}, {22, "SIGTTOU"},
    {23, "SIGURG"}, {24, "SIGXCPU"}, {25, "SIGXFSZ"}, {26, "SIGVTALRM"}, {27, "SIGPROF"},
    {28, "SIGWINCH"}, {29, "SIGIO"}, {30, "SIGPWR"}, {31, "SIGSYS"}, {0, 0}};
static const struct name sigmask_how[] = {{0, "SIG_BLOCK"}, {1, "SIG_UNBLOCK"}, {2, "SIG_SETMASK"}, {0, 0}};
static const struct name clocks[] = {{0, "CLOCK_REALTIME"}, {1, "CLOCK_MONOTONIC"},
    {2, "CLOCK_PROCESS_CPUTIME_ID"}, {3, "CLOCK_THREAD_CPUTIME_ID"}, {4, "CLOCK_MONOTONIC_RAW"},
    {5, "CLOCK_REALTIME_COARSE"}, {6, "CLOCK_MONOTONIC_COARSE"}, {7, "CLOCK_BOOTTIME"}, {0, 0}};
/* the marshalled requests (include/morph/sysabi.h), then others programs ask often */
#define IOCTL_NAME_(req, name, size) {req, #name},
static const struct name ioctls[] = {MORPH_SA_IOCTLS(IOCTL_NAME_) {0x5402, "TCSETS"}, {0x5414, "TIOCSWINSZ"},
    {0x540f, "TIOCGPGRP"}, {0x5410, "TIOCSPGRP"}, {0, 0}};
#undef IOCTL_NAME_
static const struct name whence[] = {{0, "SEEK_SET"}, {1, "SEEK_CUR"}, {2, "SEEK_END"},
    {3, "SEEK_DATA"}, {4, "SEEK_HOLE"}, {0, 0}};
/* The futex operations by number, and after the operation the arguments strace shows for it
 * (indices into the six, in order; its futex.c): val unsigned, timeout or uaddr2 a pointer,
 * val2 (in timeout's place) unsigned, val3 hex (FUTEX_BITSET_MATCH_ANY). */
static const struct futex_op {
    const char *name, *shown;
} futex_ops[] = {
    {"FUTEX_WAIT", "2t"}, {"FUTEX_WAKE", "2"}, {"FUTEX_FD", "2"}, {"FUTEX_REQUEUE", "2v4"},
    {"FUTEX_CMP_REQUEUE", "2v45"}, {"FUTEX_WAKE_OP", "2v45"}, {"FUTEX_LOCK_PI", "t"},
    {"FUTEX_UNLOCK_PI", ""}, {"FUTEX_TRYLOCK_PI", ""}, {"FUTEX_WAIT_BITSET", "2t5"},
    {"FUTEX_WAKE_BITSET", "25"}, {"FUTEX_WAIT_REQUEUE_PI", "2t4"}, {"FUTEX_CMP_REQUEUE_PI", "2v45"},
    {"FUTEX_LOCK_PI2", "t"}};
#define FUTEX_PRIVATE 128u
static const struct name at_flags[] = {{0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_REMOVEDIR"},
    {0x400, "AT_SYMLINK_FOLLOW"}, {0x800, "AT_NO_AUTOMOUNT"}, {0x1000, "AT_EMPTY_PATH"},
    {0x2000, "AT_STATX_FORCE_SYNC"}, {0x4000, "AT_STATX_DONT_SYNC"}, {0, 0}};
#define AT_STATX_SYNC_TYPE 0x6000u
static const struct name statx_mask[] = {{0x7ff, "STATX_BASIC_STATS"}, {1, "STATX_TYPE"}, {2, "STATX_MODE"},
    {4, "STATX_NLINK"}, {8, "STATX_UID"}, {0x10, "STATX_GID"}, {0x20, "STATX_ATIME"}, {0x40, "STATX_MTIME"},
    {0x80, "STATX_CTIME"}, {0x100, "STATX_INO"}, {0x200, "STATX_SIZE"}, {0x400, "STATX_BLOCKS"},
    {0x800, "STATX_BTIME"}, {0x1000, "STATX_MNT_ID"}, {0x2000, "STATX_DIOALIGN"}, {0, 0}};
static const struct name rlimits[] = {{0, "RLIMIT_CPU"}, {1, "RLIMIT_FSIZE"}, {2, "RLIMIT_DATA"},
    {3, "RLIMIT_STACK"}, {4, "RLIMIT_CORE"}, {5, "RLIMIT_RSS"}, {6, "RLIMIT_NPROC"}, {7, "RLIMIT_NOFILE"},
    {8, "RLIMIT_MEMLOCK"}, {9, "RLIMIT_AS"}, {10, "RLIMIT_LOCKS"}, {11, "RLIMIT_SIGPENDING"},
    {12, "RLIMIT_MSGQUEUE"}, {13, "RLIMIT_NICE"}, {14, "RLIMIT_RTPRIO"}, {15, "RLIMIT_RTTIME"}, {0, 0}};
static const struct name grnd_flags[] = {{1, "GRND_NONBLOCK"}, {2, "GRND_RANDOM"}, {4, "GRND_INSECURE"}, {0, 0}};
static const struct name mfd_flags[] = {{1, "MFD_CLOEXEC"}, {2, "MFD_ALLOW_SEALING"}, {4, "MFD_HUGETLB"},
    {8, "MFD_NOEXEC_SEAL"}, {16, "MFD_EXEC"}, {0, 0}};
static const struct name msync_flags[] = {{4, "MS_SYNC"}, {1, "MS_ASYNC"}, {2, "MS_INVALIDATE"}, {0, 0}};
static const struct name policies[] = {{0, "SCHED_OTHER"}, {1, "SCHED_FIFO"}, {2, "SCHED_RR"},
    {3, "SCHED_BATCH"}, {4, "SCHED_ISO"}, {5, "SCHED_IDLE"}, {6, "SCHED_DEADLINE"}, {0, 0}};
static const struct name handlers[] = {{0, "SIG_DFL"}, {1, "SIG_IGN"}, {0, 0}};
/* fcntl commands; `noarg` ones show no third argument */
static const struct fcntl_cmd { uint32_t v; const char *s; int noarg; } fcntl_cmds[] = {
    {0, "F_DUPFD", 0}, {1, "F_GETFD", 1}, {2, "F_SETFD", 0}, {3, "F_GETFL", 1}, {4, "F_SETFL", 0},
    {5, "F_GETLK", 0}, {6, "F_SETLK", 0}, {7, "F_SETLKW", 0}, {8, "F_SETOWN", 0}, {9, "F_GETOWN", 1},
    {10, "F_SETSIG", 0}, {11, "F_GETSIG", 1}, {12, "F_GETLK64", 0}, {13, "F_SETLK64", 0},
    {14, "F_SETLKW64", 0}, {1024, "F_SETLEASE", 0}, {1025, "F_GETLEASE", 1}, {1030, "F_DUPFD_CLOEXEC", 0},
    {1031, "F_SETPIPE_SZ", 0}, {1032, "F_GETPIPE_SZ", 1}, {0xffffffffu, 0, 0}};
static const struct name clone_flags[] = { /* the low byte is the exit signal */
    {0x100, "CLONE_VM"}, {0x200, "CLONE_FS"}, {0x400, "CLONE_FILES"}, {0x800, "CLONE_SIGHAND"},
    {0x1000, "CLONE_PIDFD"}, {0x2000, "CLONE_PTRACE"}, {0x4000, "CLONE_VFORK"}, {0x8000, "CLONE_PARENT"},
    {0x10000, "CLONE_THREAD"}, {0x20000, "CLONE_NEWNS"}, {0x40000, "CLONE_SYSVSEM"},
    {0x80000, "CLONE_SETTLS"}, {0x100000, "CLONE_PARENT_SETTID"}, {0x200000, "CLONE_CHILD_CLEARTID"}, /* lint-facts: ok: Linux ABI flag bits */
    {0x400000, "CLONE_DETACHED"}, {0x800000, "CLONE_UNTRACED"}, {0x1000000, "CLONE_CHILD_SETTID"}, {0, 0}}; /* lint-facts: ok: Linux ABI flag bits */
#define CLONE_SETTLS 0x80000u
#define CLONE_PARENT_SETTID 0x100000u
#define CLONE_CHILD_TID (0x200000u | 0x1000000u)
static const struct name wait_flags[] = {{1, "WNOHANG"}, {2, "WSTOPPED"}, {8, "WCONTINUED"},
    {0x20000000, "__WNOTHREAD"}, {0x40000000, "__WALL"}, {0x80000000u, "__WCLONE"}, {0, 0}}; /* lint-facts: ok: Linux ABI flag bits */
#define FUTEX_CLOCK_REALTIME 256u
/* the operations that take FUTEX_CLOCK_REALTIME: WAIT, WAIT_BITSET, WAIT_REQUEUE_PI, LOCK_PI2 */
#define FUTEX_CLOCK_OK ((1u << 0) | (1u << 9) | (1u << 11) | (1u << 13))

static void put_open_flags(uint32_t v)
{
    static const char *const acc[4] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
    put(acc[v & 3]);
    v &= ~3u;
    if (v) {
        put("|");
        put_flags(v, open_flags, "0");
    }
}

/* ["a", "b"] from a NULL-terminated guest array of strings (32 of them at most, then ...). */
static void put_argv(uint32_t va)
{
    if (!va) { put("NULL"); return; }
    put("[");
    for (uint32_t k = 0;; k++) {
        uint32_t p;
        if (cms_get_user(&p, va + 4 * k, 4) < 0) { put("...") ; break; }
        if (!p) break;
        if (k) put(", ");
        if (k == STR_MAX) { put("..."); break; }
        put_quoted(p, 0xffffffffu, 1, STR_MAX);
    }
    put("]");
}
static void put_envp(uint32_t va)
{
    uint32_t n = 0, p;
    if (!va) { put("NULL"); return; }
    while (cms_get_user(&p, va + 4 * n, 4) >= 0 && p) n++;
    put_ptr(va);
    putf(" /* %u var", n);
    put(n == 1 ? " */" : "s */");
}

static void put_iov(uint32_t va, uint32_t cnt)
{
    put("[");
    for (uint32_t k = 0; k < cnt; k++) {
        uint32_t iov[2];
        if (k) put(", ");
        if (k == STR_MAX || cms_get_user(iov, va + 8 * k, 8) < 0) { put("..."); break; }
        put("{iov_base=");
        put_quoted(iov[0], iov[1], 0, STR_MAX);
        putf(", iov_len=%u}", iov[1]);
    }
    put("]");
}

/* futex(uaddr, op, val, timeout or val2, uaddr2, val3): uaddr and op, then what the operation
 * uses. */
static void put_futex(const uint32_t a[6])
{
    const uint32_t cmd = a[1] & ~(FUTEX_PRIVATE | FUTEX_CLOCK_REALTIME);
    put_ptr(a[0]);
    put(", ");
    if (cmd >= sizeof futex_ops / sizeof futex_ops[0] ||
        ((a[1] & FUTEX_CLOCK_REALTIME) && !(FUTEX_CLOCK_OK & (1u << cmd)))) {
        putf("0x%x /* FUTEX_??? */", a[1]);
    } else {
        put(futex_ops[cmd].name);
        if (a[1] & FUTEX_PRIVATE) put("_PRIVATE");
        if (a[1] & FUTEX_CLOCK_REALTIME) put("|FUTEX_CLOCK_REALTIME");
    }
    const int known = cmd < sizeof futex_ops / sizeof futex_ops[0];
    for (const char *k = known ? futex_ops[cmd].shown : "2t45"; *k; k++) {
        put(", ");
        switch (*k) {
        case '2': putf("%u", a[2]); break;
        case 't': put_ptr(a[3]); break;
        case 'v': putf("%u", a[3]); break;
        case '4': put_ptr(a[4]); break;
        case '5': if (a[5] == 0xffffffffu) put("FUTEX_BITSET_MATCH_ANY"); else put_hex(a[5]); break;
        }
    }
}

/* A signal set: [HUP USR2] (the names without SIG, as strace), the words' bits 1-64. */
static void put_sigset_bits(const uint32_t w[2], unsigned words)
{
    int any = 0;
    put("[");
    for (unsigned b = 0; b < 32 * words; b++)
        if (w[b / 32] & (1u << (b % 32))) {
            if (any++) put(" ");
            const uint32_t sig = b + 1;
            if (sig < 32) put(signals[sig - 1].s + 3);
            else putf(sig < 34 ? "%u" : "RT_%u", sig < 34 ? sig : sig - 34);
        }
    put("]");
}
static void put_sigset(uint32_t va, unsigned words)
{
    uint32_t w[2] = {0, 0};
    if (!va || cms_get_user(w, va, 4 * words) < 0) { put_ptr(va); return; }
    put_sigset_bits(w, words);
}

/* fcntl(fd, cmd, arg): the command by name, then arg unless the command takes none. */
static void put_fcntl(const uint32_t a[6])
{
    const struct fcntl_cmd *c = fcntl_cmds;
    while (c->s && c->v != a[1]) c++;
    if (!c->s) { putf("%d, ", a[1]); put_hex(a[2]); return; }
    put(c->s);
    if (c->noarg) return;
    put(", ");
    if (a[1] == 2) put(a[2] == 1 ? "FD_CLOEXEC" : a[2] ? "0x1" : "0"); /* F_SETFD */
    else if (a[1] == 4) put_flags(a[2], open_flags, "0");             /* F_SETFL */
    else if (a[1] == 0 || a[1] == 1030 || a[1] == 8 || a[1] == 1031) putf("%d", a[2]);
    else put_ptr(a[2]);
}

/* prctl(option, ...): the arguments strace shows for the option (its prctl.c): S a signal,
 * D a SUID_DUMP_ value, u unsigned, c the task name (16 bytes at most), C it out, j [int] out,
 * J [pointer] out, a the four arguments (in hex); an unknown option shows all four. */
static const struct prctl_opt { uint32_t v; const char *name, *shown; } prctl_opts[] = {
    {1, "PR_SET_PDEATHSIG", "S"}, {2, "PR_GET_PDEATHSIG", "j"}, {3, "PR_GET_DUMPABLE", ""},
    {4, "PR_SET_DUMPABLE", "D"}, {7, "PR_GET_KEEPCAPS", ""}, {8, "PR_SET_KEEPCAPS", "u"},
    {15, "PR_SET_NAME", "c"}, {16, "PR_GET_NAME", "C"}, {21, "PR_GET_SECCOMP", ""},
    {23, "PR_CAPBSET_READ", "u"}, {29, "PR_GET_TIMERSLACK", ""}, {30, "PR_SET_TIMERSLACK", "u"},
    {36, "PR_SET_CHILD_SUBREAPER", "u"}, {37, "PR_GET_CHILD_SUBREAPER", "j"},
    {38, "PR_SET_NO_NEW_PRIVS", "a"}, {39, "PR_GET_NO_NEW_PRIVS", "a"}, {40, "PR_GET_TID_ADDRESS", "J"},
    {41, "PR_SET_THP_DISABLE", "a"}, {42, "PR_GET_THP_DISABLE", "a"}, {47, "PR_CAP_AMBIENT", "a"},
    {0, 0, 0}};
static const struct name dumpable[] = {{0, "SUID_DUMP_DISABLE"}, {1, "SUID_DUMP_USER"}, {2, "SUID_DUMP_ROOT"}, {0, 0}};

static void put_prctl(const uint32_t a[6], int ok)
{
    const struct prctl_opt *o = prctl_opts;
    while (o->name && o->v != a[0]) o++;
    if (o->name) put(o->name);
    else putf("0x%x /* PR_??? */", a[0]);
    for (const char *k = o->name ? o->shown : "a"; *k; k++) {
        uint32_t w = 0;
        put(", ");
        switch (*k) {
        case 'S': put_enum(a[1], signals, 1); break;
        case 'D': put_enum(a[1], dumpable, 0); break;
        case 'u': putf("%u", a[1]); break;
        case 'c': put_quoted(a[1], 0xffffffffu, 1, 15); break;
        case 'C': if (ok) put_quoted(a[1], 0xffffffffu, 1, 15); else put_ptr(a[1]); break;
        case 'j': case 'J':
            if (ok && cms_get_user(&w, a[1], 4) >= 0) putf(*k == 'j' ? "[%u]" : "[0x%x]", w);
            else put_ptr(a[1]);
            break;
        case 'a':
            for (int i = 1; i < 5; i++) {
                if (i > 1) put(", ");
                put_hex(a[i]);
            }
            break;
        }
    }
}

/* clone(flags, stack, parent_tid, tls, child_tid) as strace names them. */
static void put_clone(const uint32_t a[6], int have_r)
{
    put("child_stack=");
    put_ptr(a[1]);
    put(", flags=");
    put_flags(a[0] & ~0xffu, clone_flags, "");
    if (a[0] & 0xffu) {
        if (a[0] & ~0xffu) put("|");
        put_enum(a[0] & 0xffu, signals, 1);
    }
    if (!(a[0] & ~0xffu) && !(a[0] & 0xffu)) put("0");
    if (a[0] & CLONE_PARENT_SETTID) {
        uint32_t t;
        put(", parent_tid=");
        if (have_r && cms_get_user(&t, a[2], 4) >= 0) putf("[%u]", t);
        else put_ptr(a[2]);
    }
    if (a[0] & CLONE_SETTLS) { put(", tls="); put_ptr(a[3]); }
    if (a[0] & CLONE_CHILD_TID) { put(", child_tidptr="); put_ptr(a[4]); }
}

/* A wait status as strace shows it: [{WIFEXITED(s) && WEXITSTATUS(s) == 7}]. */
static void put_wstatus(uint32_t va, int32_t r)
{
    uint32_t st;
    if (r <= 0 || !va || cms_get_user(&st, va, 4) < 0) { put_ptr(va); return; }
    if ((st & 0x7f) == 0) {
        putf("[{WIFEXITED(s) && WEXITSTATUS(s) == %u}]", (st >> 8) & 0xff);
    } else if ((st & 0xff) == 0x7f) {
        put("[{WIFSTOPPED(s) && WSTOPSIG(s) == ");
        put_enum((st >> 8) & 0xff, signals, 1);
        put("}]");
    } else {
        put("[{WIFSIGNALED(s) && WTERMSIG(s) == ");
        put_enum(st & 0x7f, signals, 1);
        put(st & 0x80 ? " && WCOREDUMP(s)}]" : "}]");
    }
}

/* A CPU set of n bytes at guest address v, as strace shows it: [0 1]; a pointer if unreadable. */
static void put_cpuset(uint32_t v, uint32_t n)
{
    uint8_t b[128];
    if (n > sizeof b) n = sizeof b;
    if (cms_get_user(b, v, n) < 0) {
        put_ptr(v);
        return;
    }
    put("[");
    for (uint32_t i = 0, first = 1; i < 8 * n; i++)
        if (b[i / 8] >> (i % 8) & 1) {
            putf(first ? "%u" : " %u", i);
            first = 0;
        }
    put("]");
}

/* The call's text "name(args)"; r is the result when the call has returned (have_r). */
static void format_call(uint32_t nr, const uint32_t a[6], int have_r, int32_t r)
{
    const struct spec *s = spec_of(nr);
    len = 0;
    line[0] = 0;
    put(cms_sysname(nr));
    put("(");
    if (!s) { /* no row: the six arguments in hex */
        for (int i = 0; i < 6; i++) {
            if (i) put(", ");
            put_hex(a[i]);
        }
        put(")");
        return;
    }
    const int ok = have_r && r >= 0;
    uint32_t shown = 0;
    for (uint32_t i = 0, ai = 0; s->args[i] && ai < 6; i++, ai++) {
        const char k = s->args[i];
        const uint32_t v = a[ai], next = ai + 1 < 6 ? a[ai + 1] : 0;
        if (k == 'm' && !(ai && (a[ai - 1] & O_CREAT_OR_TMPFILE))) continue;
        if (shown++) put(", ");
        switch (k) {
        case 'd': case 'f': putf("%d", v); break;
        case 'u': putf("%u", v); break;
        case 'x': put_hex(v); break;
        case 'p': put_ptr(v); break;
        case 'a': if ((int32_t)v == -100) put("AT_FDCWD"); else putf("%d", v); break;
        case 's': if (v) put_quoted(v, 0xffffffffu, 1, PATH_SHOWN); else put("NULL"); break;
        case 'B': put_quoted(v, next, 0, STR_MAX); break;
        case 'R': if (ok) put_quoted(v, (uint32_t)r, 0, STR_MAX); else put_ptr(v); break;
        case '6': if (ok) put_cpuset(v, (uint32_t)r); else put_ptr(v); break;
        case '7': put_cpuset(v, ai ? a[ai - 1] : 0); break;
        case 'i': put_iov(v, next); break;
        case 'c': put_clone(a, have_r); ai = 6; break;
        case 'w': put_wstatus(v, have_r ? r : 0); break;
        case 'X': put_flags(v, wait_flags, "0"); break;
        case 'v': put_argv(v); break;
        case 'e': put_envp(v); break;
        case 'o': put_open_flags(v); break;
        case 'm': case 'O': put_oct(v); break;
        case 'K': put_flags(v, access_modes, "F_OK"); break;
        case 'P': put_flags(v, prot_flags, "PROT_NONE"); break;
        case 'M':
            put_enum(v & 0xf, map_types, 0);
            if (v & ~0xfu) { put("|"); put_flags(v & ~0xfu, map_flags, "0"); }
            break;
        case 'S': put_enum(v, signals, 1); break;
        case 'h': put_enum(v, sigmask_how, 1); break;
        case 'C': put_enum(v, clocks, 1); break;
        case 'T': put_enum(v, ioctls, 0); break;
        case 'W': put_enum(v, whence, 1); break;
        case 'L': case 'l': { /* two arguments, one 64-bit value shown */
            const uint64_t off = k == 'L' ? ((uint64_t)v << 32) | next : ((uint64_t)next << 32) | v;
            char b[24];
            cms_snprintf(b, sizeof b, "%lld", (long long)off);
            put(b);
            ai++;
            break;
        }
        case 'Q': {
            uint32_t q[2];
            if (ok && cms_get_user(q, v, 8) >= 0) {
                char b[28];
                cms_snprintf(b, sizeof b, "[%lld]", (long long)(((uint64_t)q[1] << 32) | q[0]));
                put(b);
            } else {
                put_ptr(v);
            }
            break;
        }
        case 'F': put_futex(a); ai = 6; break;
        case 'I': {
            uint32_t fds[2];
            if (ok && cms_get_user(fds, v, 8) >= 0) { putf("[%d, ", fds[0]); putf("%d]", fds[1]); }
            else put_ptr(v);
            break;
        }
        case 'N': put_flags(v, open_flags, "0"); break;
        case 'G': put_fcntl(&a[ai - 1]); ai = 6; break;
        case 'j': case 'J': case 'k': { /* int out: [N]; 'J' [0x..]; 'k' 16 bits */
            uint32_t w = 0;
            if (ok && v && cms_get_user(&w, v, k == 'k' ? 2 : 4) >= 0) putf(k == 'J' ? "[0x%x]" : k == 'k' ? "[%u]" : "[%d]", w);
            else put_ptr(v);
            break;
        }
        case 'q': put_sigset(v, 1); break;
        case 'r': put_sigset(v, 2); break;
        case 'n': { const uint32_t w[2] = {v, 0}; put_sigset_bits(w, 1); break; }
        case 'y': { /* mincore's vector: a byte per page of the length before it */
            const uint32_t pages = (uint32_t)(((uint64_t)(ai ? a[ai - 1] : 0) + 4095) >> 12);
            uint8_t b;
            if (!ok || !pages) { put_ptr(v); break; }
            put("[");
            for (uint32_t j = 0; j < pages && j < STR_MAX; j++) {
                if (cms_get_user(&b, v + j, 1) < 0) break;
                putf(j ? ", %u" : "%u", b);
            }
            put(pages > STR_MAX ? ", ...]" : "]");
            break;
        }
        case 'Y': put_enum(v, policies, 1); break;
        case 'U': { /* what sigreturn restored: the frame's mask is now the blocked one */
            uint32_t m[2];
            cms_signal_mask_get(m);
            put("{mask=");
            put_sigset_bits(m, 2);
            put("}");
            break;
        }
        case 't': put_flags(v, at_flags, "0"); break;
        case '2': /* struct utsname out: the first two of its 65-byte fields, as strace */
            if (!ok) { put_ptr(v); break; }
            put("{sysname=");
            put_quoted(v, 65, 1, 64);
            put(", nodename=");
            put_quoted(v + 65, 65, 1, 64);
            put(", ...}");
            break;
        case '3': /* modify_ldt's pointer: a struct user_desc when the count is its size */
            if (next != 16) {
                put_ptr(v);
                break;
            }
            /* fall through */
        case '1': { /* struct user_desc: entry_number, base_addr, limit, then flag bits */
            uint32_t ud[4];
            if (cms_get_user(ud, v, sizeof ud) < 0) { put_ptr(v); break; }
            putf("{entry_number=%d", ud_entry_before);
            putf(ud[1] ? ", base_addr=0x%x" : ", base_addr=0", ud[1]); /* strace's %#x */
            putf(", limit=0x%06x", ud[2]);
            putf(", seg_32bit=%u", ud[3] & 1);
            putf(", contents=%u", (ud[3] >> 1) & 3);
            putf(", read_exec_only=%u", (ud[3] >> 3) & 1);
            putf(", limit_in_pages=%u", (ud[3] >> 4) & 1);
            putf(", seg_not_present=%u", (ud[3] >> 5) & 1);
            putf(", useable=%u}", (ud[3] >> 6) & 1);
            break;
        }
        case 'V': { /* mmap2's offset in 4096-byte units (the i386 ABI's), shown in bytes */
            char b[24];
            cms_snprintf(b, sizeof b, v ? "0x%llx" : "0", (unsigned long long)v << 12);
            put(b);
            break;
        }
        case 'z': /* statx: the sync type first, AT_STATX_SYNC_AS_STAT when none */
            if (!(v & AT_STATX_SYNC_TYPE)) {
                put("AT_STATX_SYNC_AS_STAT");
                if (v) put("|");
            }
            if (v) put_flags(v, at_flags, "0");
            break;
        case 'D': put_flags(v, statx_mask, "0"); break;
        case 'b': put_enum(v, rlimits, 1); break;
        case 'H': put_flags(v, grnd_flags, "0"); break;
        case '8': put_flags(v, mfd_flags, "0"); break;
        case 'g': if ((v & 0xffffu) == 0xffffu) put("-1"); else putf("%u", v & 0xffffu); break;
        case 'A': put_prctl(a, ok); ai = 6; break;
        case 'Z': put_enum(v, handlers, 0); break;
        case 'E': put_flags(v, msync_flags, "0"); break;
        default: cms_panic("strace table: unknown argument kind '%c' for %s", k, s->name);
        }
    }
    put(")");
}

/* "CALL\0RESULT\0" to the host; errno (or 0) for the host to name after RESULT. */
static void send(const char *result, uint32_t err, uint32_t op)
{
    uint32_t call_len = len;
    line[len++] = 0;
    for (const char *p = result; *p && len < LINE - 1; p++) line[len++] = *p;
    line[len++] = 0;
    struct htif_req req = {.cmd = HTIF_CMD_STRACE,
                           .arg = {cms_hw_phys(line), len, err, op, (uint32_t)cms_guest_tid()}};
    cms_hw_htif(&req);
    len = call_len;
    line[len] = 0;
}

static int may_not_return(uint32_t nr)
{
    const struct spec *s = spec_of(nr);
    return s && (s->ret == 'n' || s->ret == 'E');
}

void cms_strace_enter(uint32_t nr, const uint32_t a[6])
{
    const struct spec *s = spec_of(nr);
    if (s)
        for (uint32_t i = 0; s->args[i] && i < 6; i++)
            if ((s->args[i] == '1' || s->args[i] == '3') && cms_get_user(&ud_entry_before, a[i], 4) < 0)
                ud_entry_before = 0;
    if (!may_not_return(nr)) return;
    format_call(nr, a, 0, 0);
    send("", 0, HTIF_STRACE_HELD); /* the host finishes it if the call does not come back */
}

/* The text after " = " for result r of a call with spec s (0: no row), errno in *err. */
static void format_result(const struct spec *s, int32_t r, char *res, uint32_t size, uint32_t *err)
{
    *err = 0;
    if (s && s->ret == 'n') {
        cms_snprintf(res, size, "?");
    } else if (r < 0 && r >= -4095) {
        switch (-r) {
        case CMS_ERESTARTSYS: cms_snprintf(res, size, "? ERESTARTSYS (To be restarted if SA_RESTART is set)"); break;
        case CMS_ERESTARTNOINTR: cms_snprintf(res, size, "? ERESTARTNOINTR (To be restarted)"); break;
        case CMS_ERESTARTNOHAND: cms_snprintf(res, size, "? ERESTARTNOHAND (To be restarted if no handler)"); break;
        case CMS_ERESTART_RESTARTBLOCK: cms_snprintf(res, size, "? ERESTART_RESTARTBLOCK (Interrupted by signal)"); break;
        default: cms_snprintf(res, size, "-1"); *err = (uint32_t)-r; break;
        }
    } else if (s && s->ret == 'x') {
        cms_snprintf(res, size, (uint32_t)r ? "0x%x" : "0", (uint32_t)r);
    } else if (s && s->ret == 'O') {
        uint32_t save = len;
        put_oct((uint32_t)r);
        cms_snprintf(res, size, "%s", line + save);
        len = save;
        line[len] = 0;
    } else {
        cms_snprintf(res, size, "%d", r);
    }
}

/* Threads whose call blocked or yielded (<unfinished ...>): the call, shown resumed with its
 * result when the thread runs again (cms_strace_resume). */
enum { WAITING = 64 };
static struct { int32_t tid; uint32_t nr; } waiting[WAITING];

void cms_strace_exit(uint32_t nr, const uint32_t a[6], int32_t r)
{
    const struct spec *s = spec_of(nr);
    char res[96];
    uint32_t err;
    if (s && s->ret == 'E' && r >= 0) return; /* cannot happen: a successful execve does not return */
    if (s && s->ret == 'c' && r == 0) return; /* the new process: strace shows the call in the parent only */
    format_call(nr, a, r != CMS_THREAD_SWITCH, r);
    if (r == CMS_THREAD_SWITCH && !(s && s->ret == 'n')) {
        /* blocked or yielded: as strace, the call without its ")" now, the rest later */
        line[--len] = 0;
        put(" <unfinished ...>");
        for (int i = 0; i < WAITING; i++)
            if (!waiting[i].tid) {
                waiting[i].tid = cms_guest_tid();
                waiting[i].nr = nr;
                break;
            }
        send("", 0, HTIF_STRACE_LINE);
        return;
    }
    format_result(s, r, res, sizeof res, &err);
    for (uint32_t i = 0; s && r == 0 && s->args[i] && i < 6; i++) { /* the entry it chose */
        uint32_t e;
        if (s->args[i] == '1' && ud_entry_before == 0xffffffffu && cms_get_user(&e, a[i], 4) >= 0)
            cms_snprintf(res, sizeof res, "0 (entry_number=%u)", e);
    }
    send(res, err, HTIF_STRACE_LINE);
    if (s && s->ret == 'n' && r == CMS_THREAD_SWITCH) { /* exit: a thread ended, the process goes on */
        len = 0;
        putf("+++ exited with %u +++", a[0] & 0xff);
        send("", 0, HTIF_STRACE_LINE);
    }
}

void cms_strace_forked_child(void) { memset(waiting, 0, sizeof waiting); }

void cms_strace_resume(const struct cms_cpu *cpu)
{
    const int32_t tid = cms_guest_tid();
    for (int i = 0; i < WAITING; i++)
        if (waiting[i].tid == tid) {
            char res[96];
            uint32_t err;
            waiting[i].tid = 0;
            len = 0;
            line[0] = 0;
            put("<... ");
            put(cms_sysname(waiting[i].nr));
            put(" resumed>)");
            format_result(spec_of(waiting[i].nr), (int32_t)cpu->r[CMS_EAX], res, sizeof res, &err);
            send(res, err, HTIF_STRACE_LINE);
            return;
        }
}

void cms_strace_start(const char *path, uint32_t esp)
{
    uint32_t argc;
    len = 0;
    line[0] = 0;
    put("execve(\"");
    for (const char *p = path; *p; p++) put_char((uint8_t)*p, p[1] >= '0' && p[1] <= '7');
    put("\", ");
    if (cms_get_user(&argc, esp, 4) < 0) argc = 0;
    put_argv(esp + 4);
    put(", ");
    put_envp(esp + 8 + 4 * argc);
    put(")");
    send("0", 0, HTIF_STRACE_LINE);
}
