/* A sweep over the LDT descriptors modify_ldt can write (issue 18): every combination of
 * contents (data, expand-down data, code, conforming code), read_exec_only, seg_32bit,
 * seg_not_present and limit_in_pages, each with base 0 and limit 0xfffff, seen through every
 * RPL by LAR, LSL, VERR, VERW, a load into FS, a POP into SS and a far CALL into a 32-bit
 * function. LAR's accessed bit (8) is masked: qemu-i386 leaves it clear where Linux sets it
 * (tests/qemu-deviations/segments.dev). A fault prints its signal and error code. */
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include "faults.h"

static sigjmp_buf env;
static volatile int f_sig;
static volatile uint32_t f_err;

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
    (void)si;
    f_sig = sig, f_err = (uint32_t)((ucontext_t *)ctx)->uc_mcontext.gregs[REG_ERR];
    siglongjmp(env, 1);
}

/* "ok", or the signal and error code of the fault */
#define OUTCOME(buf, stmt)                                                                         \
    do {                                                                                           \
        if (!sigsetjmp(env, 1)) {                                                                  \
            stmt;                                                                                  \
            strcpy(buf, "ok");                                                                     \
        } else {                                                                                   \
            snprintf(buf, sizeof buf, "%s/%x", f_sig == SIGSEGV ? "segv" : f_sig == SIGBUS ? "bus" : "?", \
                     (unsigned)f_err);                                                             \
        }                                                                                          \
    } while (0)

extern char sweep_fn[];
__asm__(".text\nsweep_fn:\n\tmovl $0x600d, %eax\n\tlret\n");

int main(void)
{
    catch_faults(on_fault);

    for (unsigned e = 0; e < 64; e++) {
        struct user_desc d;
        memset(&d, 0, sizeof d);
        d.entry_number = e;
        d.limit = 0xfffff;
        d.contents = e & 3;
        d.read_exec_only = (e >> 2) & 1;
        d.seg_32bit = (e >> 3) & 1;
        d.seg_not_present = (e >> 4) & 1;
        d.limit_in_pages = (e >> 5) & 1;
        d.useable = 1;
        int w = (int)syscall(SYS_modify_ldt, 0x11, &d, sizeof d);
        printf("entry %2u: contents %u ro %u 32 %u np %u pages %u: modify_ldt %d\n", e, d.contents, d.read_exec_only,
               d.seg_32bit, d.seg_not_present, d.limit_in_pages, w);
        for (unsigned rpl = 0; rpl < 4; rpl++) {
            const unsigned sel = e * 8 + 4 + rpl;
            uint32_t ar = 0, lim = 0;
            uint8_t zl, zs, zr, zw;
            __asm__ volatile("larl %k4, %0\n\tsetz %2\n\tlsll %k4, %1\n\tsetz %3"
                             : "+r"(ar), "+r"(lim), "=&q"(zl), "=&q"(zs) : "r"(sel) : "cc");
            __asm__ volatile("verr %w2\n\tsetz %0\n\tverw %w2\n\tsetz %1" : "=&q"(zr), "=&q"(zw) : "r"(sel) : "cc");
            char fs[16], ss[16], call[16];
            OUTCOME(fs, __asm__ volatile("movw %w0, %%fs\n\tmovw %w1, %%fs" : : "r"(sel), "r"(0)));
            OUTCOME(ss, __asm__ volatile("movw %%ss, %%cx\n\tpushl %0\n\tpopl %%ss\n\tmovw %%cx, %%ss"
                                         : : "r"(sel) : "ecx", "memory"));
            /* a 16-bit code segment would run sweep_fn as 16-bit code: not called */
            uint32_t r = 0;
            if ((d.contents & 2) && !d.seg_32bit) strcpy(call, "-");
            else {
                struct { uint32_t off; uint16_t sel; } __attribute__((packed)) fp = {(uint32_t)(uintptr_t)sweep_fn, (uint16_t)sel};
                OUTCOME(call, __asm__ volatile("lcall *%1" : "=a"(r) : "m"(fp) : "memory"));
                if (r && r != 0x600d) strcpy(call, "bad");
            }
            printf("  sel 0x%03x: lar %d %08x lsl %d %08x verr %d verw %d; fs %s ss %s lcall %s\n", sel, zl,
                   zl ? ar & ~0x100u : 0, zs, zs ? lim : 0, zr, zw, fs, ss, call);
        }
    }
    puts("done");
    return 0;
}
