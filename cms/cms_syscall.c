/* System call dispatch: firmware-served calls here, forwarded ones through cms_sysabi.c. */
#include <string.h>
#include "cms.h"
#include "cms_errno.h"
#include "cms_guest.h"
#include "cms_htif.h"
#include "cms_interp.h"
#include "cms_mm.h"
#include "cms_sysabi.h"
#include "cms_syscall.h"
#include "cms_uaccess.h"

enum {
    NR_exit = 1, NR_kill = 37, NR_brk = 45, NR_mmap = 90, NR_munmap = 91, NR_uname = 122,
    NR_mprotect = 125, NR_mremap = 163, NR_rt_sigaction = 174, NR_rt_sigprocmask = 175,
    NR_sigaltstack = 186, NR_mmap2 = 192, NR_getpid = 20, NR_gettid = 224, NR_tkill = 238,
    NR_set_thread_area = 243, NR_get_thread_area = 244, NR_exit_group = 252,
    NR_set_tid_address = 258, NR_tgkill = 270, NR_prctl = 172, NR_set_robust_list = 311, NR_rseq = 386,
};

#define NSIG 64
#define SIGKILL 9
#define SIGSTOP 19
#define SIG_DFL 0u
#define SIG_IGN 1u
#define SS_DISABLE 2u
#define SS_AUTODISARM (1u << 31)
#define MINSIGSTKSZ 2048u

/* Signal bookkeeping: remembered for the guest to read back; nothing is delivered yet. */
struct sigact {
    uint32_t handler, flags, restorer, mask[2];
};
static struct sigact sigacts[NSIG + 1];
static uint32_t sigmask[2];
static uint32_t altstack[3] = {0, SS_DISABLE, 0}; /* ss_sp, ss_flags, ss_size */
static uint32_t clear_child_tid;
static int32_t own_pid, own_tid;
static uint8_t unimpl_seen[512 / 8];

static int32_t forward0(uint32_t nr)
{
    uint32_t args[6] = {0};
    return cms_htif_syscall(nr, args);
}

static int32_t pid(void)
{
    if (!own_pid) own_pid = forward0(NR_getpid);
    return own_pid;
}

static int32_t tid(void)
{
    if (!own_tid) own_tid = forward0(NR_gettid);
    return own_tid;
}

/* The guest sent itself sig. Default actions only: handlers cannot run yet. */
static int32_t signal_self(uint32_t sig)
{
    if (sig == 0) return 0;
    if (sig > NSIG) return -CMS_EINVAL;
    uint32_t h = sigacts[sig].handler;
    int blocked = sig != SIGKILL && sig != SIGSTOP && (sigmask[(sig - 1) / 32] >> ((sig - 1) % 32) & 1);
    if (sig != SIGKILL && sig != SIGSTOP) {
        if (h == SIG_IGN) return 0;
        if (blocked) return 0; /* stays pending forever: there is no delivery yet */
        if (h == SIG_DFL && (sig == 17 || sig == 18 || sig == 23 || sig == 28))
            return 0; /* SIGCHLD SIGCONT SIGURG SIGWINCH: default is to ignore */
        if (h != SIG_DFL) {
            cms_printf("morph: guest signal %u has a handler at 0x%08x; signal delivery is not "
                       "supported yet\n", sig, h);
        }
    }
    char why[48];
    cms_snprintf(why, sizeof why, "guest killed by signal %u", sig);
    cms_guest_die((int)sig, why);
}

static int32_t sys_kill(int32_t target, uint32_t sig)
{
    if (target == pid() || target == 0 || target == -1 || target == -pid()) return signal_self(sig);
    static int said;
    if (!said) cms_printf("morph: kill of another process (%d) is not supported\n", target);
    said = 1;
    return -CMS_EPERM;
}

static int32_t sys_rt_sigaction(uint32_t sig, uint32_t act, uint32_t oact, uint32_t size)
{
    if (size != 8) return -CMS_EINVAL;
    if (sig < 1 || sig > NSIG || (act && (sig == SIGKILL || sig == SIGSTOP))) return -CMS_EINVAL;
    struct sigact nw;
    if (act && cms_get_user(&nw, act, sizeof nw) < 0) return -CMS_EFAULT;
    if (oact && cms_put_user(oact, &sigacts[sig], sizeof sigacts[sig]) < 0) return -CMS_EFAULT;
    if (act) sigacts[sig] = nw;
    return 0;
}

static int32_t sys_rt_sigprocmask(uint32_t how, uint32_t set, uint32_t oset, uint32_t size)
{
    if (size != 8) return -CMS_EINVAL;
    uint32_t nw[2];
    if (set && cms_get_user(nw, set, 8) < 0) return -CMS_EFAULT;
    if (set && how > 2) return -CMS_EINVAL;
    if (oset && cms_put_user(oset, sigmask, 8) < 0) return -CMS_EFAULT;
    if (set) {
        for (int i = 0; i < 2; i++) {
            if (how == 0) sigmask[i] |= nw[i];       /* SIG_BLOCK */
            else if (how == 1) sigmask[i] &= ~nw[i]; /* SIG_UNBLOCK */
            else sigmask[i] = nw[i];                 /* SIG_SETMASK */
        }
        sigmask[0] &= ~((1u << (SIGKILL - 1)) | (1u << (SIGSTOP - 1)));
    }
    return 0;
}

static int32_t sys_sigaltstack(uint32_t ss, uint32_t oss)
{
    uint32_t nw[3];
    if (ss && cms_get_user(nw, ss, sizeof nw) < 0) return -CMS_EFAULT;
    if (oss && cms_put_user(oss, altstack, sizeof altstack) < 0) return -CMS_EFAULT;
    if (ss) {
        uint32_t fl = nw[1] & ~SS_AUTODISARM;
        if (fl != 0 && fl != SS_DISABLE) return -CMS_EINVAL;
        if (fl == SS_DISABLE) {
            altstack[0] = altstack[2] = 0;
            altstack[1] = SS_DISABLE;
        } else {
            if (nw[2] < MINSIGSTKSZ) return -CMS_ENOMEM;
            memcpy(altstack, nw, sizeof nw);
        }
    }
    return 0;
}

/* i386 struct user_desc: entry_number, base_addr, limit, flag bits. */
#define UD_SEG_NOT_PRESENT (1u << 5)
#define UD_READ_EXEC_ONLY (1u << 3)
static int32_t sys_set_thread_area(struct cms_cpu *cpu, uint32_t uinfo)
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

static int32_t sys_get_thread_area(struct cms_cpu *cpu, uint32_t uinfo)
{
    uint32_t entry;
    if (cms_get_user(&entry, uinfo, 4) < 0) return -CMS_EFAULT;
    if (entry < CMS_GDT_TLS_FIRST || entry >= CMS_GDT_TLS_FIRST + CMS_GDT_TLS_COUNT)
        return -CMS_EINVAL;
    const struct cms_tls_desc *t = &cpu->tls[entry - CMS_GDT_TLS_FIRST];
    uint32_t ud[4] = {entry, t->base, t->limit,
                      t->present ? t->flags : (UD_READ_EXEC_ONLY | UD_SEG_NOT_PRESENT)};
    return cms_put_user(uinfo, ud, sizeof ud);
}

static int32_t sys_uname(uint32_t buf)
{
    static const char *const fields[6] = {"Linux", "morph", "6.1.0", "#1", "i686", "(none)"};
    char u[6 * 65];
    memset(u, 0, sizeof u);
    for (int i = 0; i < 6; i++) strcpy(u + 65 * i, fields[i]);
    return cms_put_user(buf, u, sizeof u);
}

/* prctl: only the thread name (busybox and others set it); other options are unimplemented. */
#define PR_SET_NAME 15
#define PR_GET_NAME 16
static char comm[16];
static int32_t unimplemented(uint32_t nr);
static int32_t sys_prctl(uint32_t option, uint32_t arg2)
{
    char name[16];
    if (option == PR_SET_NAME) {
        int32_t r = cms_copy_str_from_guest(name, arg2, sizeof name);
        if (r == -CMS_EFAULT) return r;
        if (r < 0) name[15] = 0; /* Linux truncates to 15 bytes */
        memcpy(comm, name, sizeof comm);
        return 0;
    }
    if (option == PR_GET_NAME) return cms_put_user(arg2, comm, sizeof comm);
    return unimplemented(NR_prctl); /* logged once as "prctl" */
}

/* Old i386 mmap: one pointer to {addr, len, prot, flags, fd, byte offset}. */
static int32_t sys_old_mmap(uint32_t argp)
{
    uint32_t a[6];
    if (cms_get_user(a, argp, sizeof a) < 0) return -CMS_EFAULT;
    if (a[5] & 0xfffu) return -CMS_EINVAL;
    return cms_mm_mmap(a[0], a[1], a[2], a[3], (int32_t)a[4], a[5] >> 12);
}

uint32_t cms_seg_base(struct cms_cpu *cpu, uint16_t sel)
{
    uint32_t idx = sel >> 3;
    if ((sel & ~3u) == 0) return 0; /* null selector */
    if (!(sel & 4) && idx >= CMS_GDT_TLS_FIRST && idx < CMS_GDT_TLS_FIRST + CMS_GDT_TLS_COUNT &&
        cpu->tls[idx - CMS_GDT_TLS_FIRST].present)
        return cpu->tls[idx - CMS_GDT_TLS_FIRST].base;
    if ((sel | 3u) == CMS_SEL_USER_CS || (sel | 3u) == CMS_SEL_USER_DS) return 0; /* flat user code / data */
    char why[96];
    cms_snprintf(why, sizeof why, "guest SIGSEGV: load of invalid segment selector 0x%04x at eip 0x%08x",
                 sel, cpu->eip);
    cms_guest_die(11, why);
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

static int32_t unimplemented(uint32_t nr)
{
    cms_stats.syscalls_unimpl++;
    if (first_sighting(nr))
        cms_printf("morph: unimplemented system call %u (%s), returning -ENOSYS\n", nr,
                   cms_sysname(nr));
    return -CMS_ENOSYS;
}

static int32_t dispatch(struct cms_cpu *cpu, uint32_t nr, const uint32_t a[6])
{
    switch (nr) {
    case NR_exit:
    case NR_exit_group: cms_exit((int)(a[0] & 0xff));
    case NR_brk: return (int32_t)cms_mm_brk(a[0]);
    case NR_mmap: return sys_old_mmap(a[0]);
    case NR_mmap2: return cms_mm_mmap(a[0], a[1], a[2], a[3], (int32_t)a[4], a[5]);
    case NR_munmap: return cms_mm_munmap(a[0], a[1]);
    case NR_mprotect: return cms_mm_mprotect(a[0], a[1], a[2]);
    case NR_mremap: return cms_mm_mremap(a[0], a[1], a[2], a[3], a[4]);
    case NR_set_thread_area: return sys_set_thread_area(cpu, a[0]);
    case NR_get_thread_area: return sys_get_thread_area(cpu, a[0]);
    case NR_set_tid_address: clear_child_tid = a[0]; return tid();
    case NR_rt_sigaction: return sys_rt_sigaction(a[0], a[1], a[2], a[3]);
    case NR_rt_sigprocmask: return sys_rt_sigprocmask(a[0], a[1], a[2], a[3]);
    case NR_sigaltstack: return sys_sigaltstack(a[0], a[1]);
    case NR_uname: return sys_uname(a[0]);
    case NR_prctl: return sys_prctl(a[0], a[1]);
    case NR_kill: return sys_kill((int32_t)a[0], a[1]);
    case NR_tkill: return (int32_t)a[0] == tid() ? signal_self(a[1]) : -CMS_ESRCH;
    case NR_tgkill:
        return (int32_t)a[0] == pid() && (int32_t)a[1] == tid() ? signal_self(a[2]) : -CMS_ESRCH;
    case NR_getpid: return pid();
    case NR_gettid: return tid();
    /* Optional kernel features that glibc probes and does without: answer as a kernel that
     * lacks them, quietly (there is one thread and no restartable sequences). */
    case NR_set_robust_list:
    case NR_rseq: return -CMS_ENOSYS;
    }
    const struct cms_sysabi_desc *d = cms_sysabi_find(nr);
    if (d) return cms_sysabi_forward(d, a);
    return unimplemented(nr);
}

void cms_syscall(struct cms_cpu *cpu)
{
    unsigned prev = cms_hw_get_activity();
    cms_set_activity(CMSACT_SYSCALL);
    cms_stats.syscalls++;
    uint32_t nr = cpu->r[CMS_EAX];
    const uint32_t a[6] = {cpu->r[CMS_EBX], cpu->r[CMS_ECX], cpu->r[CMS_EDX],
                           cpu->r[CMS_ESI], cpu->r[CMS_EDI], cpu->r[CMS_EBP]};
    int32_t r = dispatch(cpu, nr, a);
    if (cms_mm_code_changed) { /* code pages went away or changed protection */
        cms_mm_code_changed = 0;
        cms_interp_flush();
    }
    if (cms_config.flags & MORPH_CFG_VERBOSE)
        cms_printf("morph: syscall %u (%s) = %d (0x%x)\n", nr, cms_sysname(nr), r, (uint32_t)r);
    cpu->r[CMS_EAX] = (uint32_t)r;
    cms_set_activity(prev);
}
