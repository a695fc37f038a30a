/* Signal delivery (docs/signals.md): handlers for faults and for signals a process sends
 * itself, the i386 frames (siginfo, ucontext, the non-rt sigcontext), context changes that
 * sigreturn takes back, masks, one-shot handlers, nesting, the alternate stack and the x87
 * state around a handler. Every line must be what the reference run prints. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile int hits;

static void show(const char *what, int sig, const siginfo_t *si, const ucontext_t *uc)
{
    const greg_t *g = uc->uc_mcontext.gregs;
    printf("%s: sig %d code %d trapno %d err %d\n", what, sig, si->si_code, (int)g[REG_TRAPNO],
           (int)g[REG_ERR]);
}

/* ---- SIGSEGV: precise state at a faulting load, then out with siglongjmp ---- */
extern char segv_load[], segv_store[];
static uintptr_t segv_addr;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    const ucontext_t *uc = ctx;
    const greg_t *g = uc->uc_mcontext.gregs;
    show("segv", sig, si, uc);
    printf("  si_addr ok %d, cr2 ok %d, eip at the faulting instruction %d/%d\n",
           (uintptr_t)si->si_addr == segv_addr, (uintptr_t)uc->uc_mcontext.cr2 == segv_addr,
           g[REG_EIP] == (greg_t)(uintptr_t)segv_load, g[REG_EIP] == (greg_t)(uintptr_t)segv_store);
    printf("  ebx %08x esi %08x edi %08x edx %08x\n", (unsigned)g[REG_EBX], (unsigned)g[REG_ESI],
           (unsigned)g[REG_EDI], (unsigned)g[REG_EDX]);
    siglongjmp(env, 1);
}

static void test_segv(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    segv_addr = 0x1000;
    if (!sigsetjmp(env, 1)) {
        __asm__ volatile("movl $0x11111111, %%ebx\n\tmovl $0x22222222, %%esi\n\t"
                         "movl $0x33333333, %%edi\n\tmovl $0x44444444, %%edx\n\t"
                         ".globl segv_load\nsegv_load:\n\tmovl (%%eax), %%ecx"
                         : : "a"(segv_addr) : "ebx", "ecx", "edx", "esi", "edi", "memory");
        puts("not reached");
    }
    /* a store to a read-only page: SEGV_ACCERR, error code present|write|user */
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    segv_addr = (uintptr_t)ro + 8;
    if (!sigsetjmp(env, 1)) {
        __asm__ volatile("movl $0x55555555, %%ebx\n\tmovl $0x66666666, %%esi\n\t"
                         "movl $0x77777777, %%edi\n\tmovl $0x88888888, %%edx\n\t"
                         ".globl segv_store\nsegv_store:\n\tmovl %%edx, (%%eax)"
                         : : "a"(segv_addr) : "ebx", "edx", "esi", "edi", "memory");
        puts("not reached");
    }
    munmap(ro, 4096);
    signal(SIGSEGV, SIG_DFL);
}

/* ---- SIGFPE: the handler skips the IDIV and sets its result in the context ---- */
extern char fpe_idiv[];

static void on_fpe(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    greg_t *g = uc->uc_mcontext.gregs;
    show("fpe", sig, si, uc);
    printf("  si_addr at the idiv %d, eip at the idiv %d\n", si->si_addr == (void *)fpe_idiv,
           g[REG_EIP] == (greg_t)(uintptr_t)fpe_idiv);
    g[REG_EIP] += 2; /* idivl %ecx is 2 bytes */
    g[REG_EAX] = 42;
    g[REG_EDX] = 7;
    g[REG_EFL] |= 1; /* CF, taken back by sigreturn */
}

static void test_fpe(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fpe;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);
    unsigned q, r;
    unsigned char cf;
    __asm__ volatile("xorl %%ecx, %%ecx\n\tclc\n\tmovl $100, %%eax\n\tcltd\n\t"
                     ".globl fpe_idiv\nfpe_idiv:\n\tidivl %%ecx\n\tsetc %2"
                     : "=a"(q), "=d"(r), "=q"(cf) : : "ecx", "cc");
    printf("after the handler: eax %u edx %u cf %u\n", q, r, cf);
    signal(SIGFPE, SIG_DFL);
}

/* ---- SIGILL and SIGTRAP ---- */
extern char ill_at[];

static void on_ill(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    show("ill", sig, si, uc);
    printf("  si_addr at the ud2 %d\n", si->si_addr == (void *)ill_at);
    uc->uc_mcontext.gregs[REG_EIP] += 2;
}

extern char trap_after[];

static void on_trap(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    show("trap", sig, si, uc);
    printf("  eip after the int3 %d\n", uc->uc_mcontext.gregs[REG_EIP] == (greg_t)(uintptr_t)trap_after);
}

static void test_ill_trap(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_ill;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    __asm__ volatile(".globl ill_at\nill_at:\n\tud2" ::: "memory");
    puts("went on after ud2");
    sa.sa_sigaction = on_trap;
    sigaction(SIGTRAP, &sa, NULL);
    __asm__ volatile("int3\n.globl trap_after\ntrap_after:" ::: "memory");
    puts("went on after int3");
}

/* ---- signals sent to itself: raise, kill; the non-rt frame; masks; nesting ---- */
static void on_usr1(int sig)
{
    hits++;
    printf("usr1 handler: sig %d hits %d\n", sig, hits);
}

static void on_usr2_nested(int sig)
{
    printf("usr2 handler: sig %d, raises SIGUSR1\n", sig);
    raise(SIGUSR1);
    printf("usr2 handler: back from raise\n");
}

static void test_self(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1; /* no SA_SIGINFO: the old frame and sigreturn */
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    printf("after raise and kill: hits %d\n", hits);

    /* blocked: pending until unblocked, then delivered before sigprocmask returns */
    sigset_t set, old, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1);
    sigpending(&pend);
    printf("blocked: hits %d, pending %d\n", hits, sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: hits %d\n", hits);

    /* the handler's own signal is blocked while it runs unless SA_NODEFER; the mask of the
     * registration too: SIGUSR1 raised inside the SIGUSR2 handler waits for its end */
    sa.sa_handler = on_usr2_nested;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR1);
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("after nested: hits %d\n", hits);
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("after unmasked nested: hits %d\n", hits);

    /* one-shot: SA_RESETHAND leaves SIG_DFL behind */
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    struct sigaction now;
    sigaction(SIGUSR1, NULL, &now);
    printf("after a one-shot: default %d\n", now.sa_handler == SIG_DFL);

    /* ignored and default-ignored signals do nothing */
    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    raise(SIGCHLD);
    puts("ignored ones: still here");
}

/* ---- the alternate stack and the x87 state ---- */
static char altstack[65536];
static volatile int on_alt;
static volatile unsigned short handler_cw;

static void on_alt_handler(int sig)
{
    char here;
    (void)sig;
    on_alt = &here >= altstack && &here < altstack + sizeof altstack;
    __asm__ volatile("fnstcw %0" : "=m"(handler_cw));
    volatile double x = 2.5;
    printf("x87 in the handler: %.3f\n", x * x * 3.0);
}

static void test_altstack_x87(void)
{
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alt_handler;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR2, &sa, NULL);
    /* a value on the x87 stack and a changed control word survive the handler */
    unsigned short cw = 0x0e7f, cw_after; /* 64-bit precision, round up, all masked */
    long double v = 1.0L / 3.0L, after;
    __asm__ volatile("fldcw %0" : : "m"(cw));
    __asm__ volatile("fldt %0" : : "m"(v));
    raise(SIGUSR2);
    __asm__ volatile("fstpt %0" : "=m"(after));
    __asm__ volatile("fnstcw %0" : "=m"(cw_after));
    printf("on the alternate stack %d, handler's control word %04x\n", on_alt, handler_cw);
    printf("x87 after the handler: same value %d, control word %04x\n", after == v, cw_after);
    cw = 0x037f;
    __asm__ volatile("fldcw %0" : : "m"(cw));
}

/* ---- AAM with base 0 (#DE: SIGFPE at the AAM) and INTO with OF set (#OF, a trap: SIGSEGV
 * with si_code SI_KERNEL, EIP after the INTO); INTO with OF clear does nothing ---- */
extern char aam0_at[], into_at[], into_after[];

static void on_bcd_trap(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    greg_t *g = uc->uc_mcontext.gregs;
    show(sig == SIGFPE ? "aam 0" : "into", sig, si, uc);
    if (sig == SIGFPE) {
        printf("  si_addr at the aam %d, eip at the aam %d, ax %04x\n", si->si_addr == (void *)aam0_at,
               g[REG_EIP] == (greg_t)(uintptr_t)aam0_at, (unsigned)g[REG_EAX] & 0xffff);
        g[REG_EIP] += 2; /* aam imm8 is 2 bytes */
    } else {
        printf("  eip after the into %d\n", g[REG_EIP] == (greg_t)(uintptr_t)into_after);
    }
    hits++;
}

static void test_bcd_traps(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_bcd_trap;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    hits = 0;
    unsigned ax;
    __asm__ volatile("movl $0x1234, %%eax\n\t.globl aam0_at\naam0_at:\n\t.byte 0xd4, 0x00\n\t"
                     ".byte 0xd4, 0x10" /* aam $16 after the handler skipped the faulting one */
                     : "=a"(ax) : : "cc");
    printf("after aam 0: ax %04x hits %d\n", ax & 0xffff, hits);
    __asm__ volatile("xorl %%eax, %%eax\n\tinto\n\t" /* OF = 0: nothing */
                     "movb $0x7f, %%al\n\taddb $1, %%al\n\t" /* OF = 1: #OF */
                     ".globl into_at\ninto_at:\n\tinto\n\t.globl into_after\ninto_after:\n\t"
                     : : : "eax", "cc");
    printf("after into: hits %d\n", hits);
    signal(SIGFPE, SIG_DFL);
    signal(SIGSEGV, SIG_DFL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    test_segv();
    test_fpe();
    test_ill_trap();
    test_self();
    test_altstack_x87();
    test_bcd_traps();
    puts("done");
    return 0;
}
