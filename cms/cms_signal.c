/* Guest signals (cms_signal.h, docs/signals.md): registration, masks, and delivery through
 * the Linux i386 signal frames. */
#include <string.h>
#include "cms.h"
#include "cms_errno.h"
#include "cms_guest.h"
#include "cms_htif.h"
#include "cms_hw.h"
#include "cms_mm.h"
#include "cms_signal.h"
#include "cms_desc.h"
#include "cms_syscall.h"
#include "cms_thread.h"
#include "cms_uaccess.h"
#include "cms_xalu.h"
#include "interp/x87.h"

#define NSIG CMS_NSIG
#define SIGKILL 9
#define SIGSEGV 11
#define SIGSTOP 19
#define SIG_DFL 0u
#define SIG_IGN 1u
#define SIGCHLD 17
#define SA_SIGINFO 0x4u
#define SA_RESTART 0x10000000u
#define SA_ONSTACK 0x08000000u
#define SA_RESTORER 0x04000000u
#define SA_NODEFER 0x40000000u
#define SA_RESETHAND 0x80000000u
#define SS_ONSTACK 1u
#define SS_DISABLE 2u
#define SS_AUTODISARM (1u << 31)
#define MINSIGSTKSZ 2048u
#define KILL_STOP_MASK ((1u << (SIGKILL - 1)) | (1u << (SIGSTOP - 1)))
enum { NR_kill = 37, NR_sigreturn = 119, NR_rt_sigreturn = 173, NR_getuid32 = 199, NR_tkill = 238,
       NR_tgkill = 270 };
#define CLOCK_MONOTONIC 1u

/* EFLAGS bits sigreturn takes from the frame (Linux FIX_EFLAGS: AC OF DF TF SF ZF AF PF CF RF);
 * TF and RF are not modelled (single-step: issue 18) and stay clear. */
#define EFLAGS_FIX 0x50dd5u
#define EFLAGS_RF 0x10000u

/* The i386 frames (arch/x86/include/asm/sigframe.h, struct sigframe_ia32 and
 * rt_sigframe_ia32), byte offsets. */
#define SC_WORDS 22             /* struct sigcontext_32 */
#define FPSTATE32_SIZE 624      /* struct _fpstate_32, the sigframe's unused copy */
#define FSAVE_SIZE 112          /* what morph saves: the FNSAVE image, status, magic */
#define FSAVE_MAGIC_NO_FXSR 0xffffu
enum {
    SF_PRETCODE = 0, SF_SIG = 4, SF_SC = 8, SF_EXTRAMASK = SF_SC + 4 * SC_WORDS + FPSTATE32_SIZE,
    SF_RETCODE = SF_EXTRAMASK + 4, SF_SIZE = SF_RETCODE + 8,
    RT_PRETCODE = 0, RT_SIG = 4, RT_PINFO = 8, RT_PUC = 12, RT_INFO = 16, RT_UC = RT_INFO + 128,
    UC_FLAGS = 0, UC_LINK = 4, UC_STACK = 8, UC_MCONTEXT = 20, UC_SIGMASK = UC_MCONTEXT + 4 * SC_WORDS,
    RT_RETCODE = RT_UC + UC_SIGMASK + 8, RT_SIZE = RT_RETCODE + 8,
};
/* sigcontext_32 word indexes (glibc's REG_* for gregs) */
enum {
    SC_GS, SC_FS, SC_ES, SC_DS, SC_EDI, SC_ESI, SC_EBP, SC_ESP, SC_EBX, SC_EDX, SC_ECX, SC_EAX,
    SC_TRAPNO, SC_ERR, SC_EIP, SC_CS, SC_EFLAGS, SC_ESP_AT_SIGNAL, SC_SS, SC_FPSTATE, SC_OLDMASK, SC_CR2,
};
/* sigcontext order of the general registers, as enum cms_reg */
static const uint8_t sc_reg[8] = {[CMS_EDI] = SC_EDI, [CMS_ESI] = SC_ESI, [CMS_EBP] = SC_EBP, [CMS_ESP] = SC_ESP,
                                  [CMS_EBX] = SC_EBX, [CMS_EDX] = SC_EDX, [CMS_ECX] = SC_ECX, [CMS_EAX] = SC_EAX};

struct sigact {
    uint32_t handler, flags, restorer, mask[2];
};
static struct sigact sigacts[NSIG + 1];
static uint32_t sigmask[2];
static uint32_t sigpend[2];
static struct cms_siginfo pend_info[NSIG + 1]; /* one instance of each pending signal, as Linux
                                                  keeps for the standard ones */
static uint32_t altstack[3] = {0, SS_DISABLE, 0}; /* ss_sp, ss_flags, ss_size */
/* sigsuspend's mask, in force while it waits: the first frame delivered saves saved_mask (the
 * mask from before the call), as Linux's saved_sigmask; without a frame it comes back on the
 * way out. */
static uint32_t saved_mask[2];
static int restore_mask;

jmp_buf cms_signal_resume;
int cms_signal_armed;

static int sig_bit(const uint32_t set[2], uint32_t sig) { return set[(sig - 1) / 32] >> ((sig - 1) % 32) & 1; }
static void sig_set(uint32_t set[2], uint32_t sig) { set[(sig - 1) / 32] |= 1u << ((sig - 1) % 32); }
static void sig_clear(uint32_t set[2], uint32_t sig) { set[(sig - 1) / 32] &= ~(1u << ((sig - 1) % 32)); }

/* Default action "ignore" (SIGCHLD SIGCONT SIGURG SIGWINCH) and "stop" (SIGSTOP SIGTSTP
 * SIGTTIN SIGTTOU). */
static int default_ignores(uint32_t sig) { return sig == 17 || sig == 18 || sig == 23 || sig == 28; }
static int default_stops(uint32_t sig) { return sig >= 19 && sig <= 22; }

static int on_altstack(uint32_t sp)
{
    return !(altstack[1] & SS_DISABLE) && sp - altstack[0] <= altstack[2] && altstack[2];
}

/* ---- frames ---------------------------------------------------------------------------------- */

static void fill_sigcontext(const struct cms_cpu *cpu, const struct cms_siginfo *si, uint32_t fpstate,
                            uint32_t sc[SC_WORDS])
{
    memset(sc, 0, 4 * SC_WORDS);
    sc[SC_GS] = cpu->seg[CMS_GS];
    sc[SC_FS] = cpu->seg[CMS_FS];
    sc[SC_ES] = cpu->seg[CMS_ES];
    sc[SC_DS] = cpu->seg[CMS_DS];
    for (unsigned r = 0; r < 8; r++) sc[sc_reg[r]] = cpu->r[r];
    sc[SC_TRAPNO] = si->trapno;
    sc[SC_ERR] = si->err;
    sc[SC_EIP] = cpu->eip;
    sc[SC_CS] = cpu->seg[CMS_CS];
    sc[SC_EFLAGS] = cms_eflags(cpu);
    sc[SC_ESP_AT_SIGNAL] = cpu->r[CMS_ESP];
    sc[SC_SS] = cpu->seg[CMS_SS];
    sc[SC_FPSTATE] = fpstate;
    sc[SC_OLDMASK] = restore_mask ? saved_mask[0] : sigmask[0];
    sc[SC_CR2] = si->trapno == CMS_TRAP_PF ? si->addr : 0;
}

/* struct siginfo (128 bytes): signo, errno, code, then the union: si_pid, si_uid for a signal
 * sent by a process, si_addr for a fault. */
static void fill_siginfo(const struct cms_siginfo *si, uint32_t info[32])
{
    memset(info, 0, 128);
    info[0] = (uint32_t)si->signo;
    info[2] = (uint32_t)si->code;
    if (si->code <= 0) { /* SI_USER, SI_TKILL, SI_QUEUE (its value is not carried) */
        info[3] = (uint32_t)si->pid;
        info[4] = (uint32_t)si->uid;
    } else if (si->signo == SIGCHLD && si->code < CMS_SI_KERNEL) { /* CLD_EXITED .. CLD_CONTINUED */
        info[3] = (uint32_t)si->pid;
        info[4] = (uint32_t)si->uid;
        info[5] = (uint32_t)si->status;
        info[6] = si->utime;
        info[7] = si->stime;
    } else {
        info[3] = si->addr;
    }
}

/* Builds the frame of sig on the guest stack and points the guest at its handler; -1 when the
 * frame cannot be written (Linux then forces SIGSEGV). */
static int setup_frame(struct cms_cpu *cpu, uint32_t sig, const struct cms_siginfo *si)
{
    struct sigact *ka = &sigacts[sig];
    const int rt = (ka->flags & SA_SIGINFO) != 0;
    uint32_t sp = cpu->r[CMS_ESP];
    if ((ka->flags & SA_ONSTACK) && !(altstack[1] & SS_DISABLE) && !on_altstack(sp))
        sp = altstack[0] + altstack[2];
    /* the FPU image above the frame, 64-byte aligned as Linux's math frame; the frame below
     * with (esp + 4) 16-byte aligned at the handler's entry, as after a call */
    const uint32_t fp = (sp - FSAVE_SIZE) & ~63u;
    const uint32_t size = rt ? RT_SIZE : SF_SIZE;
    const uint32_t frame = ((fp - size + 4) & ~15u) - 4;
    if (frame > fp || !cms_mm_range_ok(frame, fp + FSAVE_SIZE - frame, 1)) return -1;

    uint32_t sc[SC_WORDS];
    fill_sigcontext(cpu, si, fp, sc);
    cms_x87_save(&cpu->fpu, fp); /* FNSAVE image, then the handler starts from FNINIT's state */
    /* status: the saved status word; magic: no FXSR image follows (morph has no SSE) */
    const uint16_t status_magic[2] = {(uint16_t)cms_gld32(fp + 4), FSAVE_MAGIC_NO_FXSR};
    cms_copy_to_guest(fp + 108, status_magic, sizeof status_magic);

    const uint32_t pretcode = (ka->flags & SA_RESTORER) ? ka->restorer : frame + (rt ? RT_RETCODE : SF_RETCODE);
    if (rt) {
        uint32_t head[4] = {pretcode, sig, frame + RT_INFO, frame + RT_UC};
        uint32_t info[32];
        fill_siginfo(si, info);
        uint32_t uc[5] = {0, 0, altstack[0], (altstack[1] & SS_DISABLE) ? SS_DISABLE : on_altstack(cpu->r[CMS_ESP]) ? SS_ONSTACK : 0,
                          altstack[2]};
        /* movl $__NR_rt_sigreturn, %eax; int $0x80 (what gdb recognises; glibc's restorer is
         * the one used) */
        const uint8_t retcode[8] = {0xb8, NR_rt_sigreturn, 0, 0, 0, 0xcd, 0x80, 0};
        cms_copy_to_guest(frame, head, sizeof head);
        cms_copy_to_guest(frame + RT_INFO, info, sizeof info);
        cms_copy_to_guest(frame + RT_UC, uc, sizeof uc);
        cms_copy_to_guest(frame + RT_UC + UC_MCONTEXT, sc, sizeof sc);
        cms_copy_to_guest(frame + RT_UC + UC_SIGMASK, restore_mask ? saved_mask : sigmask, 8);
        cms_copy_to_guest(frame + RT_RETCODE, retcode, sizeof retcode);
    } else {
        uint32_t head[2] = {pretcode, sig};
        /* popl %eax; movl $__NR_sigreturn, %eax; int $0x80 */
        const uint8_t retcode[8] = {0x58, 0xb8, NR_sigreturn, 0, 0, 0, 0xcd, 0x80};
        cms_copy_to_guest(frame, head, sizeof head);
        cms_copy_to_guest(frame + SF_SC, sc, sizeof sc);
        cms_copy_to_guest(frame + SF_EXTRAMASK, restore_mask ? &saved_mask[1] : &sigmask[1], 4);
        cms_copy_to_guest(frame + SF_RETCODE, retcode, sizeof retcode);
    }

    /* the handler's registers (Linux setup_frame / setup_rt_frame) */
    cpu->r[CMS_ESP] = frame;
    cpu->eip = ka->handler;
    cpu->r[CMS_EAX] = sig;
    cpu->r[CMS_EDX] = rt ? frame + RT_INFO : 0;
    cpu->r[CMS_ECX] = rt ? frame + RT_UC : 0;
    cpu->eflags &= ~(CMS_EFLAGS_DF | CMS_EFLAGS_TF | EFLAGS_RF); /* the handler runs unstepped */
    cms_seg_flat(cpu); /* the handler runs in the flat 32-bit user segments (FS, GS stay) */

    /* the mask while the handler runs (sigsuspend's mask, if it was in force), and a one-shot
     * registration */
    restore_mask = 0;
    sigmask[0] |= ka->mask[0];
    sigmask[1] |= ka->mask[1];
    if (!(ka->flags & SA_NODEFER)) sig_set(sigmask, sig);
    sigmask[0] &= ~KILL_STOP_MASK;
    if (ka->flags & SA_RESETHAND) ka->handler = SIG_DFL;
    return 0;
}

static _Noreturn void die_by(uint32_t sig, const char *why)
{
    char buf[48];
    if (!why) {
        cms_snprintf(buf, sizeof buf, "guest killed by signal %u", sig);
        why = buf;
    }
    cms_guest_die((int)sig, why);
}

/* Linux forces SIGSEGV when a frame cannot be written: the run ends, saying so (and why the
 * signal came, for a fault). */
static void frame_or_die(struct cms_cpu *cpu, uint32_t sig, const struct cms_siginfo *si, const char *why)
{
    if (setup_frame(cpu, sig, si) == 0) return;
    char msg[112];
    cms_snprintf(msg, sizeof msg, "guest SIGSEGV: cannot write the frame of signal %u below esp 0x%08x%s%s%s", sig,
                 cpu->r[CMS_ESP], why ? " (" : "", why ? why : "", why ? ")" : "");
    die_by(SIGSEGV, msg);
}

void (*cms_signal_stop_hook)(struct cms_cpu *cpu, uint32_t sig);

_Noreturn void cms_signal_fault(const struct cms_siginfo *si, const char *why)
{
    struct cms_cpu *cpu = cms_cur_cpu;
    const uint32_t sig = (uint32_t)si->signo;
    if (cms_signal_stop_hook && cpu) cms_signal_stop_hook(cpu, sig);
    const uint32_t h = sigacts[sig].handler;
    /* blocked or ignored: Linux's force_sig unblocks it and restores the default action */
    if (!cms_signal_armed || !cpu || h == SIG_DFL || h == SIG_IGN || sig_bit(sigmask, sig)) die_by(sig, why);
    /* a fault found by the trap handler never returns to it: writing the frame may itself
     * take guest-TLB refills, which must not count as nested traps */
    cms_trap_abandon();
    frame_or_die(cpu, sig, si, why ? why : "");
    cms_signal_armed = 0;
    longjmp(cms_signal_resume, 1);
}

/* The default action "stop": the simulator process, which is the guest's, stops itself on the
 * host by the same signal (morph never catches the stop signals, so the host's default stops
 * it; its parent's wait sees WIFSTOPPED and the signal) and goes on when a SIGCONT comes. */
static void stop_self(uint32_t sig)
{
    const uint32_t args[6] = {(uint32_t)cms_guest_pid(), sig};
    (void)cms_htif_syscall(NR_kill, args);
}

void cms_signal_deliver_pending(struct cms_cpu *cpu)
{
    for (;;) { /* after every system call: nothing pending is the common case, two words */
        const uint32_t d0 = sigpend[0] & ~sigmask[0], d1 = sigpend[1] & ~sigmask[1];
        if (!(d0 | d1)) return;
        const uint32_t sig = d0 ? (uint32_t)__builtin_ctz(d0) + 1 : (uint32_t)__builtin_ctz(d1) + 33;
        sig_clear(sigpend, sig);
        const uint32_t h = sigacts[sig].handler;
        if (h == SIG_IGN || (h == SIG_DFL && default_ignores(sig))) continue;
        if (h == SIG_DFL && default_stops(sig)) {
            stop_self(sig);
            continue;
        }
        if (h == SIG_DFL) die_by(sig, NULL);
        frame_or_die(cpu, sig, &pend_info[sig], NULL);
    }
    if (restore_mask) { /* no handler ran after sigsuspend: its caller's mask again */
        sigmask[0] = saved_mask[0];
        sigmask[1] = saved_mask[1];
        restore_mask = 0;
    }
}

/* What pending signal sig will do when delivered: 0 nothing (ignored, or a stop, which is not
 * modelled), 1 run a handler, 2 end the process. */
static int action_of(uint32_t sig)
{
    const uint32_t h = sigacts[sig].handler;
    if (h == SIG_IGN || (h == SIG_DFL && (default_ignores(sig) || default_stops(sig)))) return 0;
    return h == SIG_DFL ? 2 : 1;
}

/* The first deliverable signal that does something, or 0. */
static uint32_t first_acting(const uint32_t mask[2])
{
    for (int w = 0; w < 2; w++)
        for (uint32_t d = sigpend[w] & ~mask[w]; d; d &= d - 1) {
            uint32_t sig = (uint32_t)__builtin_ctz(d) + 1 + 32 * (uint32_t)w;
            if (action_of(sig)) return sig;
        }
    return 0;
}

int32_t cms_signal_syscall_result(struct cms_cpu *cpu, uint32_t nr, int32_t r)
{
    if (r != -CMS_ERESTARTSYS && r != -CMS_ERESTARTNOINTR && r != -CMS_ERESTARTNOHAND &&
        r != -CMS_ERESTART_RESTARTBLOCK)
        return r;
    const uint32_t sig = first_acting(sigmask);
    if (sig && action_of(sig) == 1) { /* Linux's handle_signal: a handler runs */
        if (r == -CMS_ERESTARTNOHAND || r == -CMS_ERESTART_RESTARTBLOCK ||
            (r == -CMS_ERESTARTSYS && !(sigacts[sig].flags & SA_RESTART)))
            return -CMS_EINTR;
    }
    /* no handler (the signal was ignored, or ends the process anyway), or SA_RESTART: the call
     * again, from `int 0x80` (CD 80), with its number (the argument registers are intact);
     * nanosleep starts again from its full time */
    cms_stats.syscalls_restarted++;
    cpu->eip -= 2;
    return (int32_t)nr;
}

/* ---- signals from outside (docs/signals.md) ------------------------------------------------- */

static void post_outside(const struct htif_sigrec *r)
{
    const uint32_t sig = (uint32_t)r->signo;
    if (sig < 1 || sig > NSIG) return;
    cms_stats.signals_outside++;
    /* an ignored signal that is not blocked is dropped at once, as Linux does */
    if (!sig_bit(sigmask, sig) && !action_of(sig) && !default_stops(sig)) return;
    sig_set(sigpend, sig);
    pend_info[sig] = (struct cms_siginfo){.signo = r->signo, .code = r->code, .pid = r->pid, .uid = r->uid,
                                          .status = r->status, .utime = r->utime, .stime = r->stime};
}

int cms_signal_take_events(void)
{
    const uint32_t ev = (uint32_t)cms_htif(HTIF_CMD_EVENTS, HTIF_EV_TAKE, 0, 0, 0);
    if (!ev) return 0;
    cms_stats.host_events++;
    if (!(ev & HTIF_EVENT_SIGNALS)) return 1;
    struct htif_sigrec recs[8];
    int32_t n;
    do {
        n = cms_htif(HTIF_CMD_SIGNALS, HTIF_SIG_TAKE, cms_hw_phys(recs), 8, 0);
        for (int32_t i = 0; i < n; i++) post_outside(&recs[i]);
    } while (n == 8);
    return 1;
}

void cms_signal_async(struct cms_cpu *cpu)
{
    if (cms_signal_take_events()) cms_signal_deliver_pending(cpu);
}

void cms_signal_mask_exchange(uint32_t m[2])
{
    for (int i = 0; i < 2; i++) {
        const uint32_t t = sigmask[i];
        sigmask[i] = m[i];
        m[i] = t;
    }
}

void cms_signal_mask_get(uint32_t m[2])
{
    m[0] = sigmask[0];
    m[1] = sigmask[1];
}

void cms_signal_forked_child(void)
{
    sigpend[0] = sigpend[1] = 0;
}

/* Sleeps on the host until a signal comes from outside (or CLOCK_MONOTONIC reaches the
 * deadline, unless it is all ones), then takes it. Returns 0 when the deadline passed. */
static int wait_outside(uint32_t sec, uint32_t nsec)
{
    int32_t got = cms_htif(HTIF_CMD_SIGNALS, HTIF_SIG_WAIT, sec, nsec, 0);
    cms_signal_take_events();
    return got > 0;
}

/* pause, sigsuspend: wait until a signal acts (a handler runs, or it ends the process). */
/* With another guest thread runnable, the caller does not sleep on the host (that would stop
 * the thread that may send the signal): it gives the core up and makes the call again when it
 * runs next (cms_thread_retry), its mask as before the call meanwhile. */
static int32_t suspend(struct cms_cpu *cpu, uint32_t nr)
{
    while (!first_acting(sigmask)) {
        if (cms_thread_runnable_other()) {
            if (restore_mask) { /* sigsuspend's mask goes with the call, which sets it again */
                sigmask[0] = saved_mask[0];
                sigmask[1] = saved_mask[1];
                restore_mask = 0;
            }
            return cms_thread_retry(cpu, nr);
        }
        (void)wait_outside(~0u, ~0u);
    }
    return -CMS_ERESTARTNOHAND;
}

int32_t sys_pause(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)a;
    return suspend(cpu, 29);
}

static int32_t suspend_with(struct cms_cpu *cpu, uint32_t nr, const uint32_t nw[2])
{
    saved_mask[0] = sigmask[0];
    saved_mask[1] = sigmask[1];
    restore_mask = 1;
    sigmask[0] = nw[0] & ~KILL_STOP_MASK;
    sigmask[1] = nw[1];
    return suspend(cpu, nr);
}

/* sigsuspend (72): (unused, unused, old_sigset_t mask); signals 33-64 are not blocked. */
int32_t sys_sigsuspend(struct cms_cpu *cpu, const uint32_t a[6])
{
    const uint32_t nw[2] = {a[2], 0};
    return suspend_with(cpu, 72, nw);
}

int32_t sys_rt_sigsuspend(struct cms_cpu *cpu, const uint32_t a[6])
{
    uint32_t nw[2];
    if (a[1] != 8) return -CMS_EINVAL;
    if (cms_get_user(nw, a[0], 8) < 0) return -CMS_EFAULT;
    return suspend_with(cpu, 179, nw);
}

/* rt_sigtimedwait(set, info, timeout, sigsetsize): take a pending signal of the set (which
 * the caller normally blocks), waiting for one until the timeout; EAGAIN when it passes, EINTR
 * when another signal comes that acts. tsz: the timespec's size (8, or 16 for time64). */
static int32_t sigtimedwait(struct cms_cpu *cpu, uint32_t nr, const uint32_t a[6], unsigned tsz)
{
    uint32_t set[2];
    if (a[3] != 8) return -CMS_EINVAL;
    if (cms_get_user(set, a[0], 8) < 0) return -CMS_EFAULT;
    set[0] &= ~KILL_STOP_MASK;
    uint32_t dl_sec = ~0u, dl_nsec = ~0u; /* no deadline */
    int poll_only = 0;
    if (a[2]) {
        uint32_t t[4];
        if (cms_get_user(t, a[2], tsz) < 0) return -CMS_EFAULT;
        uint32_t sec = t[0];
        const uint32_t nsec = tsz == 16 ? t[2] : t[1];
        if ((tsz == 16 ? (t[1] >> 31) : (sec >> 31)) || nsec >= 1000000000u || (tsz == 16 && t[3]))
            return -CMS_EINVAL;
        if (tsz == 16 && t[1]) sec = ~0u >> 1; /* beyond 2106: for ever, near enough */
        if (!sec && !nsec) {
            poll_only = 1;
        } else {
            int64_t now;
            uint32_t now_ns;
            cms_htif_clock(CLOCK_MONOTONIC, &now, &now_ns);
            dl_nsec = now_ns + nsec;
            dl_sec = (uint32_t)now + sec + (dl_nsec >= 1000000000u);
            if (dl_nsec >= 1000000000u) dl_nsec -= 1000000000u;
        }
    }
    for (;;) {
        for (int w = 0; w < 2; w++) {
            const uint32_t d = sigpend[w] & set[w];
            if (!d) continue;
            const uint32_t sig = (uint32_t)__builtin_ctz(d) + 1 + 32 * (uint32_t)w;
            sig_clear(sigpend, sig);
            if (a[1]) {
                uint32_t info[32];
                fill_siginfo(&pend_info[sig], info);
                if (cms_put_user(a[1], info, sizeof info) < 0) return -CMS_EFAULT;
            }
            return (int32_t)sig;
        }
        /* while it waits the set is not blocked, so a signal outside it that acts ends the
         * wait (delivered on the way out) */
        const uint32_t during[2] = {sigmask[0] & ~set[0], sigmask[1] & ~set[1]};
        if (first_acting(during)) return -CMS_EINTR;
        /* without a timeout another thread may send it: that thread runs, and the call is made
         * again (with one, the wait is on the host, every thread waiting: docs/threads.md) */
        if (!a[2] && cms_thread_runnable_other()) return cms_thread_retry(cpu, nr);
        if (poll_only || !wait_outside(dl_sec, dl_nsec)) {
            /* the deadline passed: a last look at what came with it */
            for (int w = 0; w < 2; w++)
                if (sigpend[w] & set[w]) goto again;
            return -CMS_EAGAIN;
        }
    again:;
    }
}

int32_t sys_rt_sigtimedwait(struct cms_cpu *cpu, const uint32_t a[6])
{
    return sigtimedwait(cpu, 177, a, 8);
}

int32_t sys_rt_sigtimedwait_time64(struct cms_cpu *cpu, const uint32_t a[6])
{
    return sigtimedwait(cpu, 421, a, 16);
}

/* ---- sending ----------------------------------------------------------------------------------- */

static int32_t own_uid = -1;

/* The guest sent itself sig: pending, delivered on the way out of this system call. */
static int32_t signal_self(uint32_t sig, int32_t code)
{
    if (sig == 0) return 0;
    if (sig > NSIG) return -CMS_EINVAL;
    if (sig == SIGKILL) die_by(sig, NULL); /* neither caught nor blocked */
    if (sig == SIGSTOP) { /* nor this one: stopped at once */
        stop_self(sig);
        return 0;
    }
    if (sigacts[sig].handler == SIG_IGN) return 0;
    if (own_uid < 0) {
        uint32_t none[6] = {0};
        own_uid = cms_htif_syscall(NR_getuid32, none);
    }
    sig_set(sigpend, sig);
    pend_info[sig] = (struct cms_siginfo){.signo = (int32_t)sig, .code = code, .pid = cms_guest_pid(), .uid = own_uid};
    return 0;
}

/* A signal to another process (a forked child machine, the parent, any host process): sent by
 * the host, whose PIDs the guest's are. */
static int32_t forward_signal(uint32_t nr, const uint32_t a[6])
{
    const uint32_t args[6] = {a[0], a[1], a[2], 0, 0, 0};
    return cms_htif_syscall(nr, args);
}

int32_t sys_kill(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    int32_t target = (int32_t)a[0], pid = cms_guest_pid();
    /* its own group (0) and every process (-1) stay the guest's own: on the host they would
     * reach the simulator's group, the shell and the test harness that started morph */
    if (target == pid || target == 0 || target == -1 || target == -pid) return signal_self(a[1], CMS_SI_USER);
    if (a[1] > NSIG) return -CMS_EINVAL;
    return forward_signal(NR_kill, a); /* another process: the host delivers it */
}

int32_t sys_tkill(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    if ((int32_t)a[0] <= 0) return -CMS_EINVAL;
    if ((int32_t)a[0] == cms_guest_tid() || cms_thread_is_other((int32_t)a[0])) return signal_self(a[1], CMS_SI_TKILL);
    return a[1] > NSIG ? -CMS_EINVAL : forward_signal(NR_tkill, a);
}

int32_t sys_tgkill(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    if ((int32_t)a[0] <= 0 || (int32_t)a[1] <= 0) return -CMS_EINVAL;
    /* to one of its own threads: pending for the process, delivered to whichever thread runs
     * (docs/threads.md) */
    if ((int32_t)a[0] == cms_guest_pid() && ((int32_t)a[1] == cms_guest_tid() || cms_thread_is_other((int32_t)a[1])))
        return signal_self(a[2], CMS_SI_TKILL);
    if ((int32_t)a[0] == cms_guest_pid()) return -CMS_ESRCH;
    return a[2] > NSIG ? -CMS_EINVAL : forward_signal(NR_tgkill, a);
}

/* ---- registration and masks ------------------------------------------------------------------ */

/* Linux's do_sigaction: the registration the old and new interfaces share. */
static int32_t do_sigaction(uint32_t sig, const struct sigact *act, struct sigact *oact)
{
    if (sig < 1 || sig > NSIG || (act && (sig == SIGKILL || sig == SIGSTOP))) return -CMS_EINVAL;
    if (oact) *oact = sigacts[sig];
    if (act) {
        sigacts[sig] = *act;
        sigacts[sig].mask[0] &= ~KILL_STOP_MASK;
        if (act->handler == SIG_IGN || (act->handler == SIG_DFL && default_ignores(sig))) sig_clear(sigpend, sig);
    }
    return 0;
}

int32_t sys_rt_sigaction(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    if (a[3] != 8) return -CMS_EINVAL;
    struct sigact nw, old;
    if (a[1] && cms_get_user(&nw, a[1], sizeof nw) < 0) return -CMS_EFAULT;
    int32_t r = do_sigaction(a[0], a[1] ? &nw : 0, &old);
    if (r) return r;
    if (a[2] && cms_put_user(a[2], &old, sizeof old) < 0) return -CMS_EFAULT;
    return 0;
}

/* sigaction (67): struct old_sigaction {handler, old_sigset_t mask, flags, restorer}. */
int32_t sys_sigaction(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    uint32_t o[4];
    struct sigact nw, old;
    if (a[1]) {
        if (cms_get_user(o, a[1], sizeof o) < 0) return -CMS_EFAULT;
        nw = (struct sigact){.handler = o[0], .flags = o[2], .restorer = o[3], .mask = {o[1], 0}};
    }
    int32_t r = do_sigaction(a[0], a[1] ? &nw : 0, &old);
    if (r) return r;
    if (a[2]) {
        uint32_t w[4] = {old.handler, old.mask[0], old.flags, old.restorer};
        if (cms_put_user(a[2], w, sizeof w) < 0) return -CMS_EFAULT;
    }
    return 0;
}

/* signal (48): SA_RESETHAND | SA_NODEFER, empty mask; returns the old handler. */
int32_t sys_signal(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    struct sigact nw = {.handler = a[1], .flags = SA_RESETHAND | SA_NODEFER}, old;
    int32_t r = do_sigaction(a[0], &nw, &old);
    return r ? r : (int32_t)old.handler;
}

/* A change of the blocked mask; what it unblocks is delivered on the way out of the call. */
static void set_blocked(uint32_t how, const uint32_t nw[2])
{
    for (int i = 0; i < 2; i++) {
        if (how == 0) sigmask[i] |= nw[i];       /* SIG_BLOCK */
        else if (how == 1) sigmask[i] &= ~nw[i]; /* SIG_UNBLOCK */
        else sigmask[i] = nw[i];                 /* SIG_SETMASK */
    }
    sigmask[0] &= ~KILL_STOP_MASK;
}

int32_t sys_rt_sigprocmask(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    if (a[3] != 8) return -CMS_EINVAL;
    uint32_t nw[2], old[2] = {sigmask[0], sigmask[1]};
    if (a[1] && cms_get_user(nw, a[1], 8) < 0) return -CMS_EFAULT;
    if (a[1] && a[0] > 2) return -CMS_EINVAL;
    if (a[1]) set_blocked(a[0], nw);
    if (a[2] && cms_put_user(a[2], old, 8) < 0) return -CMS_EFAULT;
    return 0;
}

/* sigprocmask (126): old_sigset_t, signals 1-32; SIG_SETMASK keeps signals 33-64. */
int32_t sys_sigprocmask(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    uint32_t old = sigmask[0];
    if (a[1]) {
        uint32_t set;
        if (cms_get_user(&set, a[1], 4) < 0) return -CMS_EFAULT;
        if (a[0] > 2) return -CMS_EINVAL;
        uint32_t nw[2] = {set, a[0] == 2 ? sigmask[1] : 0};
        set_blocked(a[0], nw);
    }
    if (a[2] && cms_put_user(a[2], &old, 4) < 0) return -CMS_EFAULT;
    return 0;
}

int32_t sys_sgetmask(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu, (void)a;
    return (int32_t)sigmask[0];
}

int32_t sys_ssetmask(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    uint32_t old = sigmask[0], nw[2] = {a[0], sigmask[1]};
    set_blocked(2, nw);
    return (int32_t)old;
}

int32_t sys_sigpending(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    uint32_t p = sigpend[0] & sigmask[0];
    return cms_put_user(a[0], &p, 4);
}

int32_t sys_rt_sigpending(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)cpu;
    if (a[1] > 8) return -CMS_EINVAL;
    uint32_t p[2] = {sigpend[0] & sigmask[0], sigpend[1] & sigmask[1]};
    return cms_put_user(a[0], p, a[1]);
}

static int32_t do_sigaltstack(const uint32_t *nw, uint32_t oss, uint32_t sp)
{
    uint32_t old[3] = {altstack[0], (altstack[1] & SS_DISABLE) ? SS_DISABLE : on_altstack(sp) ? SS_ONSTACK : 0,
                       altstack[2]};
    if (oss && cms_put_user(oss, old, sizeof old) < 0) return -CMS_EFAULT;
    if (nw) {
        if (on_altstack(sp)) return -CMS_EPERM;
        uint32_t fl = nw[1] & ~SS_AUTODISARM;
        if (fl != 0 && fl != SS_DISABLE && fl != SS_ONSTACK) return -CMS_EINVAL;
        if (fl == SS_DISABLE) {
            altstack[0] = altstack[2] = 0;
            altstack[1] = SS_DISABLE;
        } else {
            if (nw[2] < MINSIGSTKSZ) return -CMS_ENOMEM;
            altstack[0] = nw[0];
            altstack[1] = 0;
            altstack[2] = nw[2];
        }
    }
    return 0;
}

int32_t sys_sigaltstack(struct cms_cpu *cpu, const uint32_t a[6])
{
    uint32_t nw[3];
    if (a[0] && cms_get_user(nw, a[0], sizeof nw) < 0) return -CMS_EFAULT;
    return do_sigaltstack(a[0] ? nw : 0, a[1], cpu->r[CMS_ESP]);
}

/* ---- return from a handler ------------------------------------------------------------------- */

static _Noreturn void bad_frame(const char *which, uint32_t at)
{
    char msg[96];
    cms_snprintf(msg, sizeof msg, "guest SIGSEGV: %s with an unreadable frame at 0x%08x", which, at);
    die_by(SIGSEGV, msg);
}

/* Linux's restore_sigcontext; returns the restored EAX (the system call's result). */
static uint32_t restore_sigcontext(struct cms_cpu *cpu, const uint32_t sc[SC_WORDS])
{
    static const uint8_t segs[4] = {CMS_GS, CMS_FS, CMS_ES, CMS_DS};
    for (unsigned i = 0; i < 4; i++) /* an invalid selector is the guest's fault, as a mov to it */
        cms_seg_load(cpu, segs[i], (uint16_t)sc[SC_GS + i]);
    /* CS and SS with RPL 3, checked as the return to user mode checks them (Linux: IRET) */
    cms_seg_load(cpu, CMS_SS, (uint16_t)(sc[SC_SS] | 3));
    cms_far_target(cpu, (uint16_t)(sc[SC_CS] | 3), sc[SC_EIP], 1);
    for (unsigned r = 0; r < 8; r++) cpu->r[r] = sc[sc_reg[r]];
    cpu->eip = sc[SC_EIP];
    uint32_t fl = (cms_eflags(cpu) & ~EFLAGS_FIX) | (sc[SC_EFLAGS] & EFLAGS_FIX);
    cms_xflags_write(fl & XF_ARITH);
    cpu->eflags = ((fl & ~XF_ARITH) | CMS_EFLAGS_FIXED) & ~EFLAGS_RF; /* TF stays: stepping goes on */
    if (sc[SC_FPSTATE]) {
        if (!cms_mm_range_ok(sc[SC_FPSTATE], 108, 0)) bad_frame("sigreturn's FPU state", sc[SC_FPSTATE]);
        cms_x87_restore(&cpu->fpu, sc[SC_FPSTATE]);
    } else {
        cms_x87_reset(&cpu->fpu);
    }
    return sc[SC_EAX];
}

int32_t sys_sigreturn(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)a;
    const uint32_t frame = cpu->r[CMS_ESP] - 8; /* the handler's ret and the retcode's pop */
    uint32_t sc[SC_WORDS], extra;
    if (cms_get_user(sc, frame + SF_SC, sizeof sc) < 0 || cms_get_user(&extra, frame + SF_EXTRAMASK, 4) < 0)
        bad_frame("sigreturn", frame);
    uint32_t mask[2] = {sc[SC_OLDMASK], extra};
    set_blocked(2, mask);
    return (int32_t)restore_sigcontext(cpu, sc);
}

int32_t sys_rt_sigreturn(struct cms_cpu *cpu, const uint32_t a[6])
{
    (void)a;
    const uint32_t frame = cpu->r[CMS_ESP] - 4; /* the handler's ret */
    const uint32_t uc = frame + RT_UC;
    uint32_t sc[SC_WORDS], mask[2], stack[3];
    if (cms_get_user(sc, uc + UC_MCONTEXT, sizeof sc) < 0 || cms_get_user(mask, uc + UC_SIGMASK, 8) < 0 ||
        cms_get_user(stack, uc + UC_STACK, sizeof stack) < 0)
        bad_frame("rt_sigreturn", frame);
    set_blocked(2, mask);
    uint32_t eax = restore_sigcontext(cpu, sc);
    (void)do_sigaltstack(stack, 0, cpu->r[CMS_ESP]); /* Linux ignores its errors here too */
    return (int32_t)eax;
}
