/* System call dispatch through the table in cms_systab.h: firmware-served calls here (futex in
 * cms_futex.c, memory in cms_mm.c), forwarded ones through cms_sysabi.c. */
#include <string.h>
#include "cms.h"
#include "cms_desc.h"
#include "cms_errno.h"
#include "cms_futex.h"
#include "cms_guest.h"
#include "cms_htif.h"
#include "cms_hw.h"
#include "cms_mm.h"
#include "cms_signal.h"
#include "cms_strace.h"
#include "cms_sysabi.h"
#include "cms_syscall.h"
#include "cms_systab.h"
#include "cms_thread.h"
#include "cms_uaccess.h"

enum {
    NR_getpid = 20, NR_prctl = 172, NR_gettid = 224, NR_getgroups32 = 205, NR_setgroups32 = 206,
    NR_getresuid32 = 209, NR_getresgid32 = 211, NR_clock_gettime64 = 403,
};

typedef int32_t (*syscall_fn)(struct cms_cpu *cpu, const uint32_t a[6]);

static int32_t own_pid, own_tid; /* the process's, and its first thread's */
static uint8_t unimpl_seen[512 / 8];

static int32_t forward(uint32_t nr, uint32_t a0, uint32_t a1, uint32_t a2)
{
    uint32_t args[6] = {a0, a1, a2, 0, 0, 0};
    return cms_htif_syscall(nr, args);
}

static int32_t pid(void)
{
    if (!own_pid) own_pid = forward(NR_getpid, 0, 0, 0);
    return own_pid;
}

static int32_t tid(void)
{
    if (cms_thread_tid()) return cms_thread_tid(); /* a thread clone made (cms_thread.c) */
    if (!own_tid) own_tid = forward(NR_gettid, 0, 0, 0);
    return own_tid;
}

int32_t cms_guest_tid(void) { return tid(); }
int32_t cms_guest_pid(void) { return pid(); }

const char *cms_guest_exe_name;

/* ---- processes (docs/firmware.md "Processes") ----------------------------------------------- */

enum { NR_fork = 2 };
#define CLONE_VM 0x00000100u
#define CLONE_FS 0x00000200u
#define CLONE_FILES 0x00000400u
#define CLONE_SIGHAND 0x00000800u
#define CLONE_VFORK 0x00004000u
#define CLONE_THREAD 0x00010000u
#define CLONE_PARENT_SETTID 0x00100000u
#define CLONE_CHILD_CLEARTID 0x00200000u
#define CLONE_CHILD_SETTID 0x01000000u

/* The host forks the whole simulator; in the child the cached IDs are the parent's. */
static int32_t do_fork(void)
{
    int32_t r = forward(NR_fork, 0, 0, 0);
    if (r == 0) {
        own_pid = own_tid = 0;
        cms_signal_forked_child();
        cms_thread_forked_child();
        cms_strace_forked_child();
    }
    return r;
}

/* fork and vfork (vfork as fork, as qemu-user does: the parent does not wait for the child's
 * execve or exit). */
static int32_t sys_fork(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu, (void)a;
    return do_fork();
}

/* clone(flags, newsp, parent_tid, tls, child_tid): with CLONE_VM and CLONE_THREAD a thread of
 * this process (cms_thread.c); otherwise a new process, as glibc's fork() asks for it, and
 * CLONE_VM | CLONE_VFORK (posix_spawn) as a fork too, as qemu-user does: the child runs on its
 * own copy of memory and calls execve or exits at once. */
static int32_t sys_clone(struct cms_cpu *cpu, const uint32_t a[6])
{
    const uint32_t flags = a[0];
    if ((flags & CLONE_VM) && (flags & CLONE_THREAD)) {
        if ((flags & (CLONE_SIGHAND | CLONE_FILES | CLONE_FS)) != (CLONE_SIGHAND | CLONE_FILES | CLONE_FS)) {
            static int said;
            if (!said++)
                cms_printf("morph: clone of a thread that does not share files, cwd and handlers "
                           "(flags 0x%x) is not supported\n", flags);
            return -CMS_EINVAL;
        }
        return cms_thread_clone(cpu, a);
    }
    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK)) {
        static int said;
        if (!said++) cms_printf("morph: clone with CLONE_VM but neither CLONE_THREAD nor CLONE_VFORK (flags 0x%x) is not supported\n", flags);
        return -CMS_EINVAL;
    }
    int32_t r = do_fork();
    if (r < 0) return r;
    if (r == 0) {
        if (a[1]) cpu->r[CMS_ESP] = a[1];
        if (flags & CLONE_CHILD_SETTID) {
            int32_t t = tid();
            if (cms_put_user(a[4], &t, 4) < 0) return -CMS_EFAULT;
        }
        if (flags & CLONE_CHILD_CLEARTID) *cms_thread_clear_tid() = a[4];
    } else if (flags & CLONE_PARENT_SETTID) {
        (void)cms_put_user(a[2], &r, 4);
    }
    return r;
}

/* execve(path, argv, envp): the host replaces the simulator process with a new morph run of
 * the program (docs/firmware.md "Processes"), which boots the machine again; returns only on
 * an error. The strings go to the host packed in the bounce area: a count of argv and of
 * envp strings, then the path, the argv strings and the envp strings, each NUL-terminated. */
enum { NR_execve = 11 };
static int32_t sys_execve(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    uint8_t *const bounce = cms_hw_bounce();
    uint32_t used = 8, counts[2] = {0, 0};
    int32_t l = cms_copy_str_from_guest((char *)bounce + used, a[0], CMS_BOUNCE_SIZE - used);
    if (l < 0) return l == -CMS_ENAMETOOLONG ? -CMS_E2BIG : l;
    used += (uint32_t)l + 1;
    for (int list = 0; list < 2; list++) {
        uint32_t base = a[1 + list];
        for (uint32_t k = 0; base; k++) {
            uint32_t p;
            if (cms_get_user(&p, base + 4 * k, 4) < 0) return -CMS_EFAULT;
            if (!p) break;
            if (used >= CMS_BOUNCE_SIZE) return -CMS_E2BIG;
            l = cms_copy_str_from_guest((char *)bounce + used, p, CMS_BOUNCE_SIZE - used);
            if (l < 0) return l == -CMS_ENAMETOOLONG ? -CMS_E2BIG : l;
            used += (uint32_t)l + 1;
            counts[list]++;
        }
    }
    memcpy(bounce, counts, 8);
    uint32_t args[6] = {cms_hw_phys(bounce), used, 0, 0, 0, 0};
    return cms_htif_syscall(NR_execve, args);
}

/* ---- threads, TLS, process identity ------------------------------------------------------ */

/* i386 struct user_desc: entry_number, base_addr, limit, flag bits. */
#define UD_SEG_NOT_PRESENT (1u << 5)
#define UD_READ_EXEC_ONLY (1u << 3)
static int32_t sys_set_thread_area(struct cms_cpu *cpu, const uint32_t a[6])
{
    return cms_set_thread_area(cpu, a[0]);
}

int32_t cms_set_thread_area(struct cms_cpu *cpu, uint32_t uinfo)
{
    uint32_t ud[4];
    if (!cms_mm_range_ok(uinfo, sizeof ud, 1)) return -CMS_EFAULT;
    cms_copy_from_guest(ud, uinfo, sizeof ud);
    uint32_t entry = ud[0];
    if (entry == 0xffffffffu) {
        for (uint32_t i = 0; i < CMS_GDT_TLS_COUNT; i++)
            if (!cpu->tls[i].present) {
                entry = CMS_GDT_TLS_FIRST + i;
                break;
            }
        if (entry == 0xffffffffu) return -CMS_ESRCH;
        cms_gst32(uinfo, entry);
    }
    if (entry < CMS_GDT_TLS_FIRST || entry >= CMS_GDT_TLS_FIRST + CMS_GDT_TLS_COUNT)
        return -CMS_EINVAL;
    struct cms_tls_desc *t = &cpu->tls[entry - CMS_GDT_TLS_FIRST];
    /* Linux's "empty descriptor" clears the entry. */
    int empty = ud[1] == 0 && ud[2] == 0 &&
                (ud[3] & 0x7fu) == (UD_READ_EXEC_ONLY | UD_SEG_NOT_PRESENT);
    t->base = empty ? 0 : ud[1];
    t->limit = empty ? 0 : ud[2];
    t->flags = empty ? 0 : ud[3];
    t->present = !empty && !(ud[3] & UD_SEG_NOT_PRESENT);
    return 0;
}

static int32_t sys_modify_ldt(struct cms_cpu *cpu, const uint32_t a[6])
{
    return cms_modify_ldt(cpu, a[0], a[1], a[2]);
}

static int32_t sys_get_thread_area(struct cms_cpu *cpu, const uint32_t a[6])
{
    uint32_t entry;
    if (cms_get_user(&entry, a[0], 4) < 0) return -CMS_EFAULT;
    if (entry < CMS_GDT_TLS_FIRST || entry >= CMS_GDT_TLS_FIRST + CMS_GDT_TLS_COUNT)
        return -CMS_EINVAL;
    const struct cms_tls_desc *t = &cpu->tls[entry - CMS_GDT_TLS_FIRST];
    uint32_t ud[4] = {entry, t->base, t->limit,
                      t->present ? t->flags : (UD_READ_EXEC_ONLY | UD_SEG_NOT_PRESENT)};
    return cms_put_user(a[0], ud, sizeof ud);
}

static int32_t sys_set_tid_address(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    *cms_thread_clear_tid() = a[0];
    return tid();
}

static int32_t sys_getpid(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu, (void)a;
    return pid();
}

static int32_t sys_gettid(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu, (void)a;
    return tid();
}

static int32_t sys_uname(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    static const char *const fields[6] = {"Linux", "morph", "6.1.0", "#1", "i686", "(none)"};
    char u[6 * 65];
    memset(u, 0, sizeof u);
    for (int i = 0; i < 6; i++) strcpy(u + 65 * i, fields[i]);
    return cms_put_user(a[0], u, sizeof u);
}

/* ---- uid/gid: the 16-bit calls on top of the host's 32-bit ones ---------------------------- */

/* Linux's high2lowuid / low2highuid: ids above 65535 read as the overflow id 65534; a 16-bit
 * -1 (0xffff) means "unchanged" and becomes a 32-bit -1. */
static uint32_t low_id(int32_t id) { return (uint32_t)id > 0xffffu ? 65534u : (uint32_t)id; }
static uint32_t high_id(uint32_t id) { return (id & 0xffffu) == 0xffffu ? 0xffffffffu : (id & 0xffffu); }

static int32_t get_id16(uint32_t nr32)
{
    int32_t r = forward(nr32, 0, 0, 0);
    return r < 0 ? r : (int32_t)low_id(r);
}
static int32_t sys_getuid16(struct cms_cpu *c, const uint32_t *a) { (void)c, (void)a; return get_id16(199); }
static int32_t sys_getgid16(struct cms_cpu *c, const uint32_t *a) { (void)c, (void)a; return get_id16(200); }
static int32_t sys_geteuid16(struct cms_cpu *c, const uint32_t *a) { (void)c, (void)a; return get_id16(201); }
static int32_t sys_getegid16(struct cms_cpu *c, const uint32_t *a) { (void)c, (void)a; return get_id16(202); }
static int32_t sys_setuid16(struct cms_cpu *c, const uint32_t *a) { (void)c; return forward(213, high_id(a[0]), 0, 0); }
static int32_t sys_setgid16(struct cms_cpu *c, const uint32_t *a) { (void)c; return forward(214, high_id(a[0]), 0, 0); }
static int32_t sys_setfsuid16(struct cms_cpu *c, const uint32_t *a) { (void)c; return forward(215, high_id(a[0]), 0, 0); }
static int32_t sys_setfsgid16(struct cms_cpu *c, const uint32_t *a) { (void)c; return forward(216, high_id(a[0]), 0, 0); }
static int32_t sys_setreuid16(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    return forward(203, high_id(a[0]), high_id(a[1]), 0);
}
static int32_t sys_setregid16(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    return forward(204, high_id(a[0]), high_id(a[1]), 0);
}
static int32_t sys_setresuid16(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    return forward(208, high_id(a[0]), high_id(a[1]), high_id(a[2]));
}
static int32_t sys_setresgid16(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    return forward(210, high_id(a[0]), high_id(a[1]), high_id(a[2]));
}

/* getresuid / getresgid with 16-bit results: the host's 32-bit answer, narrowed. */
static int32_t get_res16(uint32_t nr32, const uint32_t a[6])
{
    uint32_t *ids = (uint32_t *)cms_hw_bounce();
    uint32_t args[6] = {cms_hw_phys(&ids[0]), cms_hw_phys(&ids[1]), cms_hw_phys(&ids[2]), 0, 0, 0};
    int32_t r = cms_htif_syscall(nr32, args);
    if (r < 0) return r;
    for (int i = 0; i < 3; i++) {
        uint16_t v = (uint16_t)low_id((int32_t)ids[i]);
        if (cms_put_user(a[i], &v, 2) < 0) return -CMS_EFAULT;
    }
    return 0;
}
static int32_t sys_getresuid16(struct cms_cpu *c, const uint32_t *a) { (void)c; return get_res16(NR_getresuid32, a); }
static int32_t sys_getresgid16(struct cms_cpu *c, const uint32_t *a) { (void)c; return get_res16(NR_getresgid32, a); }

#define NGROUPS_MAX 65536u
/* getgroups(size, list) with 32-bit (esz 4) or 16-bit (esz 2) entries. */
static int32_t do_getgroups(int32_t size, uint32_t list, unsigned esz)
{
    if (size < 0) return -CMS_EINVAL;
    uint32_t n = (uint32_t)size > NGROUPS_MAX ? NGROUPS_MAX : (uint32_t)size;
    uint32_t *g = (uint32_t *)cms_hw_bounce();
    int32_t r = forward(NR_getgroups32, n, n ? cms_hw_phys(g) : 0, 0);
    if (r <= 0 || !n) return r;
    if (!cms_mm_range_ok(list, (uint32_t)r * esz, 1)) return -CMS_EFAULT;
    for (int32_t i = 0; i < r; i++) {
        if (esz == 4) cms_gst32(list + 4 * (uint32_t)i, g[i]);
        else cms_gst16(list + 2 * (uint32_t)i, low_id((int32_t)g[i]));
    }
    return r;
}

static int32_t do_setgroups(int32_t size, uint32_t list, unsigned esz)
{
    if (size < 0 || (uint32_t)size > NGROUPS_MAX) return -CMS_EINVAL;
    uint32_t *g = (uint32_t *)cms_hw_bounce();
    if (!cms_mm_range_ok(list, (uint32_t)size * esz, 0)) return -CMS_EFAULT;
    for (int32_t i = 0; i < size; i++)
        g[i] = esz == 4 ? cms_gld32(list + 4 * (uint32_t)i) : high_id(cms_gld16(list + 2 * (uint32_t)i));
    return forward(NR_setgroups32, (uint32_t)size, size ? cms_hw_phys(g) : 0, 0);
}
static int32_t sys_getgroups16(struct cms_cpu *c, const uint32_t *a) { (void)c; return do_getgroups((int32_t)a[0], a[1], 2); }
static int32_t sys_setgroups16(struct cms_cpu *c, const uint32_t *a) { (void)c; return do_setgroups((int32_t)a[0], a[1], 2); }
static int32_t sys_getgroups32(struct cms_cpu *c, const uint32_t *a) { (void)c; return do_getgroups((int32_t)a[0], a[1], 4); }
static int32_t sys_setgroups32(struct cms_cpu *c, const uint32_t *a) { (void)c; return do_setgroups((int32_t)a[0], a[1], 4); }

/* chown, lchown, fchown with 16-bit ids: the 32-bit calls (chown32 212, lchown32 198,
 * fchown32 207), forwarded with the path marshalled as usual. */
static int32_t chown16(uint32_t nr32, const uint32_t a[6])
{
    const struct cms_sysabi_desc *d = cms_sysabi_find(nr32);
    uint32_t b[6] = {a[0], high_id(a[1]), high_id(a[2]), 0, 0, 0};
    return cms_sysabi_forward(d, b);
}
static int32_t sys_chown16(struct cms_cpu *c, const uint32_t *a) { (void)c; return chown16(212, a); }
static int32_t sys_lchown16(struct cms_cpu *c, const uint32_t *a) { (void)c; return chown16(198, a); }
static int32_t sys_fchown16(struct cms_cpu *c, const uint32_t *a) { (void)c; return chown16(207, a); }

/* ---- prctl ------------------------------------------------------------------------------ */

enum {
    PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_GET_DUMPABLE = 3, PR_SET_DUMPABLE = 4,
    PR_GET_KEEPCAPS = 7, PR_SET_KEEPCAPS = 8, PR_SET_NAME = 15, PR_GET_NAME = 16,
    PR_GET_SECCOMP = 21, PR_CAPBSET_READ = 23, PR_GET_TIMERSLACK = 29, PR_SET_TIMERSLACK = 30,
    PR_SET_CHILD_SUBREAPER = 36, PR_GET_CHILD_SUBREAPER = 37, PR_SET_NO_NEW_PRIVS = 38,
    PR_GET_NO_NEW_PRIVS = 39, PR_GET_TID_ADDRESS = 40, PR_SET_THP_DISABLE = 41,
    PR_GET_THP_DISABLE = 42, PR_CAP_AMBIENT = 47, PR_CAP_AMBIENT_IS_SET = 1,
};
static char comm[16];
static int comm_set;
static uint32_t pdeathsig, dumpable = 1, keepcaps, timerslack = 50000, subreaper, no_new_privs,
                thp_disable;

/* The task name starts as the program's file name, cut to 15 bytes (Linux's exec). */
static void comm_init(void)
{
    if (comm_set) return;
    comm_set = 1;
    const char *path = cms_guest_exe_name ? cms_guest_exe_name : "";
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    strncpy(comm, base, sizeof comm - 1);
}

static int32_t put_int(uint32_t va, uint32_t v) { return cms_put_user(va, &v, 4); }

static int32_t sys_prctl(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    uint32_t option = a[0], arg2 = a[1];
    char name[16];
    switch (option) {
    case PR_SET_NAME: {
        int32_t r = cms_copy_str_from_guest(name, arg2, sizeof name);
        if (r == -CMS_EFAULT) return r;
        if (r < 0) name[15] = 0; /* Linux truncates to 15 bytes */
        memcpy(comm, name, sizeof comm);
        comm_set = 1;
        return 0;
    }
    case PR_GET_NAME: comm_init(); return cms_put_user(arg2, comm, sizeof comm);
    case PR_SET_PDEATHSIG:
        if (arg2 > CMS_NSIG) return -CMS_EINVAL;
        pdeathsig = arg2;
        return 0;
    case PR_GET_PDEATHSIG: return put_int(arg2, pdeathsig);
    case PR_GET_DUMPABLE: return (int32_t)dumpable;
    case PR_SET_DUMPABLE:
        if (arg2 > 1) return -CMS_EINVAL; /* SUID_DUMP_USER or SUID_DUMP_DISABLE only */
        dumpable = arg2;
        return 0;
    case PR_GET_KEEPCAPS: return (int32_t)keepcaps;
    case PR_SET_KEEPCAPS:
        if (arg2 > 1) return -CMS_EINVAL;
        keepcaps = arg2;
        return 0;
    case PR_GET_SECCOMP: return 0; /* no filter installed */
    case PR_GET_TIMERSLACK: return (int32_t)timerslack;
    case PR_SET_TIMERSLACK:
        timerslack = arg2 ? arg2 : 50000; /* 0 restores the default */
        return 0;
    case PR_SET_CHILD_SUBREAPER: subreaper = arg2 != 0; return 0;
    case PR_GET_CHILD_SUBREAPER: return put_int(arg2, subreaper);
    case PR_SET_NO_NEW_PRIVS:
        if (arg2 != 1 || a[2] || a[3] || a[4]) return -CMS_EINVAL;
        no_new_privs = 1;
        return 0;
    case PR_GET_NO_NEW_PRIVS:
        if (arg2 || a[2] || a[3] || a[4]) return -CMS_EINVAL;
        return (int32_t)no_new_privs;
    case PR_GET_TID_ADDRESS: return put_int(arg2, *cms_thread_clear_tid());
    case PR_SET_THP_DISABLE:
        if (a[2] || a[3] || a[4]) return -CMS_EINVAL;
        thp_disable = arg2 != 0;
        return 0;
    case PR_GET_THP_DISABLE:
        if (arg2 || a[2] || a[3] || a[4]) return -CMS_EINVAL;
        return (int32_t)thp_disable;
    case PR_CAPBSET_READ: /* the host user's bounding set, as the reference sees it */
        return forward(NR_prctl, option, arg2, 0);
    case PR_CAP_AMBIENT:
        if (arg2 == PR_CAP_AMBIENT_IS_SET) {
            uint32_t args[6] = {option, arg2, a[2], a[3], a[4], 0};
            return cms_htif_syscall(NR_prctl, args);
        }
        return -CMS_EINVAL; /* changing capabilities is not offered */
    }
    return -CMS_EINVAL;
}

/* ---- memory-related calls answered from the page map -------------------------------------- */

static int32_t sys_brk(struct cms_cpu *c, const uint32_t *a) { (void)c; return (int32_t)cms_mm_brk(a[0]); }
static int32_t sys_mmap2(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    return cms_mm_mmap(a[0], a[1], a[2], a[3], (int32_t)a[4], a[5]);
}
static int32_t sys_munmap(struct cms_cpu *c, const uint32_t *a) { (void)c; return cms_mm_munmap(a[0], a[1]); }
static int32_t sys_mprotect(struct cms_cpu *c, const uint32_t *a) { (void)c; return cms_mm_mprotect(a[0], a[1], a[2]); }
static int32_t sys_mremap(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    return cms_mm_mremap(a[0], a[1], a[2], a[3], a[4]);
}

/* Old i386 mmap: one pointer to {addr, len, prot, flags, fd, byte offset}. */
static int32_t sys_old_mmap(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    uint32_t m[6];
    if (cms_get_user(m, a[0], sizeof m) < 0) return -CMS_EFAULT;
    if (m[5] & 0xfffu) return -CMS_EINVAL;
    return cms_mm_mmap(m[0], m[1], m[2], m[3], (int32_t)m[4], m[5] >> 12);
}

/* Page-aligned start, length rounded up; -EINVAL for a misaligned start, -ENOMEM when a page
 * of the range is not part of a mapping (mlock, msync, mincore). */
static int32_t range_mapped(uint32_t addr, uint32_t len, int need_aligned)
{
    if (need_aligned && (addr & 0xfffu)) return -CMS_EINVAL;
    uint32_t start = addr & ~0xfffu, end = addr + len;
    if (end < addr) return -CMS_ENOMEM;
    for (uint32_t p = start; p < end; p += 0x1000) {
        if (p >= CMS_MM_TASK_TOP || !(cms_mm_pte(p) & CMS_PTE_MAPPED)) return -CMS_ENOMEM;
        if (p + 0x1000 < p) break;
    }
    return 0;
}

static int32_t sys_mlock(struct cms_cpu *c, const uint32_t *a) { (void)c; return range_mapped(a[0], a[1], 0); }
static int32_t sys_madvise(struct cms_cpu *c, const uint32_t *a) { (void)c; return cms_mm_madvise(a[0], a[1], a[2]); }
static int32_t sys_mlock2(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    if (a[2] & ~1u) return -CMS_EINVAL; /* MLOCK_ONFAULT */
    return range_mapped(a[0], a[1], 0);
}
static int32_t sys_mlockall(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    uint32_t f = a[0]; /* MCL_CURRENT 1, MCL_FUTURE 2, MCL_ONFAULT 4 */
    if (!f || (f & ~7u) || f == 4) return -CMS_EINVAL;
    return 0;
}
static int32_t sys_munlockall(struct cms_cpu *c, const uint32_t *a) { (void)c, (void)a; return 0; }

static int32_t sys_msync(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    uint32_t fl = a[2]; /* MS_ASYNC 1, MS_INVALIDATE 2, MS_SYNC 4 */
    if ((fl & ~7u) || (fl & 5u) == 5u) return -CMS_EINVAL;
    if (a[0] & 0xfffu) return -CMS_EINVAL;
    return range_mapped(a[0], (a[1] + 0xfffu) & ~0xfffu, 1);
}

static int32_t sys_mincore(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    uint32_t addr = a[0], len = a[1], vec = a[2];
    if (addr & 0xfffu) return -CMS_EINVAL;
    uint32_t pages = (uint32_t)(((uint64_t)len + 0xfff) >> 12);
    if ((uint64_t)addr + len > CMS_MM_TASK_TOP) return -CMS_ENOMEM;
    if (!cms_mm_range_ok(vec, pages, 1)) return -CMS_EFAULT;
    int32_t r = range_mapped(addr, len, 1);
    if (r) return r;
    for (uint32_t i = 0; i < pages; i++) cms_gst8(vec + i, 1);
    return 0;
}

/* sysinfo: i386 struct sysinfo (64 bytes) from the model: guest RAM and free frames. */
static int32_t sys_sysinfo(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    uint32_t si[16];
    memset(si, 0, sizeof si);
    uint32_t *ts = (uint32_t *)cms_hw_bounce();
    if (forward(NR_clock_gettime64, 7 /* CLOCK_BOOTTIME */, cms_hw_phys(ts), 0) == 0) si[0] = ts[0];
    uint32_t total = cms_mm_guest_frames(), used = (uint32_t)cms_stats.guest_pages;
    si[4] = total * 4096u;                        /* totalram */
    si[5] = (total > used ? total - used : 0) * 4096u; /* freeram */
    si[10] = 1;                                   /* procs (u16) */
    si[13] = 1;                                   /* mem_unit */
    return cms_put_user(a[0], si, sizeof si);
}

/* ---- small emulated calls ------------------------------------------------------------------ */

static int32_t sys_restart_syscall(struct cms_cpu *c, const uint32_t *a) { (void)c, (void)a; return -CMS_EINTR; }
static int32_t sys_sched_yield(struct cms_cpu *c, const uint32_t *a)
{
    (void)a;
    int32_t r = cms_thread_yield();
    if (r == CMS_THREAD_SWITCH) c->r[CMS_EAX] = 0; /* its result, when it runs again */
    return r;
}

static uint32_t personality_now; /* PER_LINUX */
static int32_t sys_personality(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    uint32_t old = personality_now;
    if (a[0] != 0xffffffffu) personality_now = a[0];
    return (int32_t)old;
}

static int32_t sys_getcpu(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    uint32_t zero = 0;
    if (a[0] && cms_put_user(a[0], &zero, 4) < 0) return -CMS_EFAULT;
    if (a[1] && cms_put_user(a[1], &zero, 4) < 0) return -CMS_EFAULT;
    return 0;
}

/* Affinity on one core: the mask is {CPU 0} for every thread (a 4-byte cpumask, the size a
 * one-CPU i386 kernel copies); a mask without CPU 0 is refused, as Linux refuses one without an
 * online CPU. */
static int32_t sys_sched_getaffinity(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    if (a[1] < 4 || (a[1] & 3)) return -CMS_EINVAL; /* shorter than the mask, or not in longs */
    uint32_t mask = 1;
    if (cms_put_user(a[2], &mask, 4) < 0) return -CMS_EFAULT;
    return 4;
}

static int32_t sys_sched_setaffinity(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    uint32_t mask = 0;
    if (a[1] && cms_get_user(&mask, a[2], a[1] < 4 ? a[1] : 4) < 0) return -CMS_EFAULT;
    return mask & 1 ? 0 : -CMS_EINVAL;
}

#define ARCH_GET_CPUID 0x1011u
#define ARCH_SET_CPUID 0x1012u
static int32_t sys_arch_prctl(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    if (a[0] == ARCH_GET_CPUID) return 1;
    if (a[0] == ARCH_SET_CPUID) return a[1] ? 0 : -CMS_ENODEV;
    return -CMS_EINVAL;
}

/* Scheduling policies: SCHED_OTHER 0, FIFO 1, RR 2, BATCH 3, IDLE 5, DEADLINE 6. */
static int policy_ok(uint32_t p) { return p <= 3 || p == 5 || p == 6; }
static int32_t self_or_esrch(int32_t p)
{
    if (p < 0) return -CMS_EINVAL;
    return p == 0 || p == pid() || p == tid() || cms_thread_is_other(p) ? 0 : -CMS_ESRCH;
}
static int32_t sys_sched_get_priority_max(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    if (!policy_ok(a[0])) return -CMS_EINVAL;
    return a[0] == 1 || a[0] == 2 ? 99 : 0;
}
static int32_t sys_sched_get_priority_min(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    if (!policy_ok(a[0])) return -CMS_EINVAL;
    return a[0] == 1 || a[0] == 2 ? 1 : 0;
}
static int32_t sys_sched_getscheduler(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    return self_or_esrch((int32_t)a[0]); /* SCHED_OTHER */
}
static int32_t sys_sched_getparam(struct cms_cpu *c, const uint32_t *a)
{
    (void)c;
    if (!a[1]) return -CMS_EINVAL;
    int32_t r = self_or_esrch((int32_t)a[0]);
    return r ? r : put_int(a[1], 0);
}

/* ---- exit, forwarding, unimplemented ------------------------------------------------------ */

/* exit (1) ends the calling thread (the process with its last one); exit_group the process. */
static int32_t sys_exit_thread(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    return cms_thread_exit((int)(a[0] & 0xff));
}

static int32_t sys_exit(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    cms_exit((int)(a[0] & 0xff));
}

static uint32_t cur_nr; /* the number being dispatched (for the generic handlers) */

static int32_t sys_forward(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    const struct cms_sysabi_desc *d = cms_sysabi_find(cur_nr);
    if (!d) cms_panic("system call %u is marked forwarded but has no marshalling entry", cur_nr);
    int32_t r = cms_sysabi_forward(d, a);
    /* interrupted by a signal on the host: restarted or EINTR on the way out, as Linux
     * decides for a sleep (nanosleep starts again from its full time) or for other calls */
    if (r == -CMS_EINTR)
        r = cms_sysabi_sleeps(cur_nr) ? -CMS_ERESTART_RESTARTBLOCK : -CMS_ERESTARTSYS;
    return r;
}

/* First sighting of nr? Bitmap for real numbers, a short list for odd large ones. */
static int first_sighting(uint32_t nr)
{
    static uint32_t odd[16];
    static unsigned nodd;
    if (nr < sizeof unimpl_seen * 8) {
        int seen = unimpl_seen[nr / 8] & (1u << (nr % 8));
        unimpl_seen[nr / 8] |= (uint8_t)(1u << (nr % 8));
        return !seen;
    }
    for (unsigned i = 0; i < nodd; i++)
        if (odd[i] == nr) return 0;
    if (nodd < 16) odd[nodd++] = nr;
    return 1;
}

enum { IMPLEMENTED, EMULATED, FORWARDED, ENOSYS, PLANNED, NOT_YET };

struct row {
    syscall_fn fn;
    uint8_t status;
    const char *note;
};

static int32_t sys_ni(struct cms_cpu *cpu, const uint32_t a[6]);
static int32_t sys_ni_quiet(struct cms_cpu *c, const uint32_t *a) { (void)c, (void)a; return -CMS_ENOSYS; }

#define ROW(nr, name, fn, status, note) [nr] = {fn, status, note},
static const struct row rows[] = {CMS_SYSCALL_TABLE(ROW)};
#undef ROW
#define NROWS (sizeof rows / sizeof rows[0])

/* -ENOSYS, and the first time a number is seen one line naming the call; a planned call says
 * which issue brings it. */
static int32_t sys_ni(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu, (void)a;
    uint32_t nr = cur_nr;
    cms_stats.syscalls_unimpl++;
    if (first_sighting(nr)) {
        const struct row *r = nr < NROWS ? &rows[nr] : 0;
        if (r && r->fn && r->status == PLANNED)
            cms_printf("morph: unimplemented system call %u (%s), returning -ENOSYS (%s)\n", nr,
                       cms_sysname(nr), r->note);
        else
            cms_printf("morph: unimplemented system call %u (%s), returning -ENOSYS\n", nr,
                       cms_sysname(nr));
    }
    return -CMS_ENOSYS;
}

static int32_t dispatch(struct cms_cpu *cpu, uint32_t nr, const uint32_t a[6])
{
    cur_nr = nr;
    if (nr < NROWS && rows[nr].fn) return rows[nr].fn(cpu, a);
    return sys_ni(cpu, a);
}

void cms_syscall(struct cms_cpu *cpu)
{
    unsigned prev = cms_hw_get_activity();
    cms_set_activity(CMSACT_SYSCALL);
    cms_stats.syscalls++;
    uint32_t nr = cpu->r[CMS_EAX];
    const uint32_t a[6] = {cpu->r[CMS_EBX], cpu->r[CMS_ECX], cpu->r[CMS_EDX],
                           cpu->r[CMS_ESI], cpu->r[CMS_EDI], cpu->r[CMS_EBP]};
    const int strace = (cms_config.flags & MORPH_CFG_STRACE) != 0;
    if (strace) cms_strace_enter(nr, a);
    int32_t r = dispatch(cpu, nr, a);
    if (strace) cms_strace_exit(nr, a, r);
    if (cms_mm_code_changed) { /* code pages went away or changed protection */
        cms_mm_code_changed = 0;
        cms_notify_code_change();
    }
    if (cms_config.flags & MORPH_CFG_VERBOSE)
        cms_printf("morph: syscall %u (%s) = %d (0x%x)\n", nr, cms_sysname(nr), r, (uint32_t)r);
    /* signals from outside that came meanwhile (the line is as of the last HTIF request) */
    if (cms_hw_host_event()) cms_signal_take_events();
    if (r == CMS_THREAD_SWITCH) {
        /* the thread blocked, yielded or ended: another one goes on (its EAX is the result
         * its own call got when it was woken) */
        cms_thread_schedule(cpu);
    } else {
        r = cms_signal_syscall_result(cpu, nr, r); /* EINTR, or the call again */
        cpu->r[CMS_EAX] = (uint32_t)r;
    }
    cms_signal_deliver_pending(cpu); /* on the way out, as Linux: handler frames, default actions */
    cms_set_activity(prev);
}
