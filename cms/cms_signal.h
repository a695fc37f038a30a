/* Guest signals as Linux i386 delivers them (docs/signals.md): the registrations, the blocked
 * and pending sets, and delivery to a handler through the i386 signal frames (struct
 * sigframe_ia32 and rt_sigframe_ia32, byte-exact), back through sigreturn / rt_sigreturn.
 *
 * Two ways in:
 *   - a synchronous fault of the instruction the interpreter is executing (cms_signal_fault):
 *     the guest state is that of the instruction's start (translated code rolls back and the
 *     interpreter replays up to the faulting instruction), so the handler sees the exact x86
 *     state; the interpreter's loop is left through cms_signal_resume;
 *   - a signal the guest sends itself (kill, tkill, tgkill, raise): pending, and delivered on
 *     the way out of the system call, as Linux does (cms_signal_deliver_pending);
 *   - a signal from outside (a timer, another process, SIGCHLD), which the host records:
 *     pending once the firmware takes it, at an interrupt (then delivered at the commit point
 *     the translated code rolled back to) or on the way out of a system call. */
#ifndef CMS_SIGNAL_H
#define CMS_SIGNAL_H
#include <setjmp.h>
#include <stdint.h>
#include "cms_cpu.h"

#define CMS_NSIG 64 /* signals 1..64 (32 standard, 32 real-time) */

/* What a signal carries into siginfo and sigcontext. */
struct cms_siginfo {
    int32_t signo, code;
    uint32_t addr;        /* si_addr (faults); cr2 for a page fault */
    uint32_t trapno, err; /* sigcontext's trapno and err */
    int32_t pid, uid;     /* sender (kill, tkill, tgkill), or the child (SIGCHLD) */
    int32_t status;       /* SIGCHLD: exit status or signal */
    uint32_t utime, stime; /* SIGCHLD: the child's times, clock ticks */
};

/* si_code values (Linux include/uapi/asm-generic/siginfo.h) */
#define CMS_SI_USER 0
#define CMS_SI_KERNEL 0x80
#define CMS_SI_TKILL (-6)
#define CMS_SEGV_MAPERR 1
#define CMS_SEGV_ACCERR 2
#define CMS_BUS_ADRERR 2
#define CMS_FPE_INTDIV 1
#define CMS_FPE_FLTDIV 3
#define CMS_FPE_FLTOVF 4
#define CMS_FPE_FLTUND 5
#define CMS_FPE_FLTRES 6
#define CMS_FPE_FLTINV 7
#define CMS_ILL_ILLOPN 2
#define CMS_TRAP_BRKPT 1 /* SIGTRAP of INT1 (ICEBP) */
#define CMS_TRAP_TRACE 2 /* SIGTRAP of a single step */
/* x86 trap numbers for sigcontext.trapno */
#define CMS_TRAP_DE 0
#define CMS_TRAP_DB 1
#define CMS_TRAP_BP 3
#define CMS_TRAP_OF 4
#define CMS_TRAP_UD 6
#define CMS_TRAP_GP 13
#define CMS_TRAP_PF 14
#define CMS_TRAP_MF 16

/* The interpreter's loops set this jump buffer (setjmp) and cms_signal_armed while they run
 * guest instructions; a synchronous signal with a handler continues there, at the handler. */
extern jmp_buf cms_signal_resume;
extern int cms_signal_armed;

/* A synchronous fault of the current instruction (cms_cur_cpu at its start): delivered to the
 * guest's handler (this does not return: the loop resumes at the handler), or, when there is
 * none, when it is blocked or ignored (Linux forces the default then), or outside the
 * interpreter, "morph: <why>" and the default action (exit 128+signo). */
_Noreturn void cms_signal_fault(const struct cms_siginfo *si, const char *why);
/* Set under a debugger (morph run -g, cms_gdb.c): called first by cms_signal_fault, so that the
 * debugger sees the guest stopped by the signal at the faulting instruction; the signal takes
 * its course when the debugger resumes the guest. */
extern void (*cms_signal_stop_hook)(struct cms_cpu *cpu, uint32_t sig);

/* On the way out of a system call: every pending signal that is not blocked takes its action
 * (a handler frame, nested when several; the default action; or nothing when ignored). */
void cms_signal_deliver_pending(struct cms_cpu *cpu);

/* Signals from outside the process (the host's records, HTIF_CMD_SIGNALS: timers, other
 * processes, SIGCHLD): taken from the host's events and made pending. Returns non-zero if the
 * host had any. */
int cms_signal_take_events(void);

/* At an x86 instruction boundary with the host's events pending (the dispatcher after an
 * interrupt's rollback, the interpreter's periodic look): take them and deliver. */
void cms_signal_async(struct cms_cpu *cpu);

/* The way out of system call nr with result r: an interrupted call (a restart code) restarts
 * (EIP back on `int 0x80`, EAX = nr, returned) or fails with EINTR, as Linux decides by the
 * handler that will run and its SA_RESTART. Any other r is returned as it is. */
int32_t cms_signal_syscall_result(struct cms_cpu *cpu, uint32_t nr, int32_t r);

/* The blocked mask is each thread's (cms_thread.c): exchanged with m at a switch; read. */
void cms_signal_mask_exchange(uint32_t m[2]);
void cms_signal_mask_get(uint32_t m[2]);

/* A forked child starts with no signal pending (the host side forgets its own too). */
void cms_signal_forked_child(void);

/* System calls (cms/cms_systab.h rows). */
int32_t sys_pause(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_sigsuspend(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_rt_sigsuspend(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_rt_sigtimedwait(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_rt_sigtimedwait_time64(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_kill(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_tkill(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_tgkill(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_rt_sigaction(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_sigaction(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_signal(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_rt_sigprocmask(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_sigprocmask(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_sgetmask(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_ssetmask(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_sigpending(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_rt_sigpending(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_sigaltstack(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_sigreturn(struct cms_cpu *cpu, const uint32_t a[6]);
int32_t sys_rt_sigreturn(struct cms_cpu *cpu, const uint32_t a[6]);

#endif
