/* INT1 (ICEBP, F1; issue 18): a #DB trap with no DR6 reason, which Linux delivers as SIGTRAP with
 * si_code TRAP_BRKPT, trapno 1, EIP and si_addr after the instruction. qemu-i386 7.2 raises
 * SIGILL instead (tests/qemu-deviations/int1.dev). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

extern char icebp_at[], icebp_after[];
static volatile int traps;

static void on_trap(int sig, siginfo_t *si, void *ctx)
{
    const greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
    traps++;
    printf("sig %d code %d, eip after the int1 %d, si_addr too %d\n", sig, si->si_code,
           g[REG_EIP] == (greg_t)(uintptr_t)icebp_after, si->si_addr == (void *)icebp_after);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_trap;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGTRAP, &sa, NULL);
    puts("before int1");
    __asm__ volatile(".globl icebp_at\nicebp_at:\n\t.byte 0xf1\n\t.globl icebp_after\nicebp_after:\n\tnop");
    printf("after int1: %d trap(s)\n", traps);
    return 0;
}
