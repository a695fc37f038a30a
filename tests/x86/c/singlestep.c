/* TF single-step (issue 18): POPF sets TF, each instruction after it ends in a SIGTRAP
 * (si_code TRAP_TRACE, EIP and si_addr at the next instruction); the handler runs unstepped and
 * sigreturn restores TF, so stepping goes on through a loop, a call, a string instruction and a
 * system call, until the handler clears TF in the saved context at the end label. Then a plain
 * SIGTRAP without a handler ends the program (status 133 expected). */
/* test-status: 133 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

extern char step_start[], step_end[];
static volatile int steps;
static volatile uint32_t trail[64];

static void on_trap(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    greg_t *g = uc->uc_mcontext.gregs;
    uint32_t eip = (uint32_t)g[REG_EIP];
    if (steps < 64) trail[steps] = eip - (uint32_t)(uintptr_t)step_start;
    if (steps == 0)
        printf("first trap: sig %d code %d addr is eip %d, TF in the frame %d\n", sig, si->si_code,
               (uint32_t)(uintptr_t)si->si_addr == eip, (int)(g[REG_EFL] >> 8) & 1);
    steps++;
    if (eip == (uint32_t)(uintptr_t)step_end || steps > 200) g[REG_EFL] &= ~0x100;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_trap;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGTRAP, &sa, NULL);
    static char src[8] = "abcdefg", dst[8];
    const char *s = src;
    char *d = dst;
    unsigned pid;
    __asm__ volatile("pushfl\n\t"
                     "orl $0x100, (%%esp)\n\t"
                     "popfl\n\t" /* the first trap comes after the next instruction */
                     ".globl step_start\nstep_start:\n\t"
                     "movl $3, %%ecx\n"
                     "1:\n\t"
                     "addl %%ecx, %%eax\n\t"
                     "loop 1b\n\t"
                     "call 2f\n\t"
                     "jmp 3f\n"
                     "2:\n\t"
                     "ret\n"
                     "3:\n\t"
                     "movl $4, %%ecx\n\t"
                     "rep movsb\n\t"
                     "movl $20, %%eax\n\t" /* getpid */
                     "int $0x80\n\t"
                     "movl %%eax, %%edx\n\t"
                     "nop\n\t"
                     ".globl step_end\nstep_end:\n\t"
                     "nop\n\t"
                     : "=d"(pid), "+S"(s), "+D"(d)
                     :
                     : "eax", "ecx", "memory", "cc");
    printf("steps %d, copied %.4s, pid positive %d\n", steps, dst, (int)pid > 0);
    for (int i = 0; i < steps && i < 64; i++) printf("%s%u", i ? " " : "trail: ", trail[i]);
    printf("\n");
    fflush(stdout);
    /* TF again, no handler: the default action of SIGTRAP ends the program */
    signal(SIGTRAP, SIG_DFL);
    __asm__ volatile("pushfl\n\torl $0x100, (%%esp)\n\tpopfl\n\tnop\n\tnop" : : : "cc");
    puts("not reached");
    return 0;
}
