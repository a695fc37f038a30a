/* rmwprobe: how the host CPU reports a page fault of a read-modify-write instruction on a page
 * that is not mapped: as a write or as a read (the page-fault error code's W/R bit, which Linux
 * passes to the signal handler). The SDM leaves it to the implementation; this AMD EPYC reports
 * a write. Prints "write" or "read" and the evidence (tools/host-probe.sh: MORPH_RMW_FAULT). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static volatile long err = -1;
static volatile void *addr;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    ucontext_t *uc = ctx;
    err = uc->uc_mcontext.gregs[REG_ERR];
    addr = si->si_addr;
    uc->uc_mcontext.gregs[REG_RIP] += 2; /* skip the 2-byte addl %eax,(%rdx) */
}

int main(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    char *p = mmap(NULL, (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED || munmap(p, (size_t)pg)) return 2;
    struct sigaction sa = {0};
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    if (sigaction(SIGSEGV, &sa, NULL)) return 2;
    __asm__ volatile("addl %%eax, (%%rdx)" : : "a"(1), "d"(p) : "memory", "cc");
    if (err < 0 || addr != p) return 2;
    printf("%s err=%lx (an add to an unmapped page)\n", err & 2 ? "write" : "read", err);
    return 0;
}
