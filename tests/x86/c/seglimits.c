/* Segment limits and types on data, stack and code accesses (issue 18): through LDT segments
 * in FS, ES, SS and CS, every access is checked against the limit (expand-up and expand-down,
 * 32- and 16-bit) and the type (read-only data, readable code), and a null ES faults on use.
 * A fault is #GP(0), SIGSEGV, or #SS(0) through SS, SIGBUS; a REP STOSB stops at the limit with
 * ECX and EDI where it stopped. */
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include "faults.h"
#include "ldt.h"

static sigjmp_buf env;
static volatile int last_sig;
static volatile uint32_t f_code, f_err, f_trap, f_eip, f_cs, f_ecx, f_edx, f_edi, f_esp;

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
    const greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
    last_sig = sig;
    f_code = (uint32_t)si->si_code, f_err = (uint32_t)g[REG_ERR], f_trap = (uint32_t)g[REG_TRAPNO];
    f_eip = (uint32_t)g[REG_EIP], f_cs = (uint32_t)g[REG_CS] & 0xffff;
    f_ecx = (uint32_t)g[REG_ECX], f_edx = (uint32_t)g[REG_EDX], f_edi = (uint32_t)g[REG_EDI], f_esp = (uint32_t)g[REG_ESP];
    siglongjmp(env, 1);
}

/* 'o' when it ran, else the signal's letter: S (SIGSEGV), B (SIGBUS) */
#define TRY_CH(stmt)                                                                               \
    ({                                                                                             \
        char c_ = 'o';                                                                             \
        last_sig = 0;                                                                              \
        f_code = f_err = f_trap = f_eip = f_cs = f_ecx = f_edx = f_edi = f_esp = 0;                \
        if (!sigsetjmp(env, 1)) {                                                                  \
            stmt;                                                                                  \
        } else {                                                                                   \
            c_ = last_sig == SIGSEGV ? 'S' : last_sig == SIGBUS ? 'B' : '?';                       \
        }                                                                                          \
        c_;                                                                                        \
    })

#define DATA_VA 0x50000000u

enum { DATA, STACK_DOWN, CODE = 3 }; /* MODIFY_LDT_CONTENTS_* (STACK: expand-down data) */

static int set_ldt(unsigned entry, uint32_t base, uint32_t limit, int contents, int ro, int bits32, int pages)
{
    return ldt_write(0x11, entry, base, limit, contents == CODE ? MODIFY_LDT_CONTENTS_CODE : (unsigned)contents, ro, bits32,
                     pages, 1);
}

static volatile uint32_t sink;

/* one access through FS = sel at offset off: size 1, 2 or 4, a load or a store */
static char fs_access(unsigned sel, uint32_t off, int size, int store)
{
    return TRY_CH({
        __asm__ volatile("movw %w0, %%fs" : : "r"(sel));
        if (store) {
            if (size == 1) __asm__ volatile("movb $0x5a, %%fs:(%0)" : : "r"(off) : "memory");
            else if (size == 2) __asm__ volatile("movw $0x5a5a, %%fs:(%0)" : : "r"(off) : "memory");
            else __asm__ volatile("movl $0x5a5a5a5a, %%fs:(%0)" : : "r"(off) : "memory");
        } else {
            uint32_t v = 0;
            if (size == 1) __asm__ volatile("movzbl %%fs:(%1), %0" : "=r"(v) : "r"(off));
            else if (size == 2) __asm__ volatile("movzwl %%fs:(%1), %0" : "=r"(v) : "r"(off));
            else __asm__ volatile("movl %%fs:(%1), %0" : "=r"(v) : "r"(off));
            sink = v;
        }
    });
}

/* a row: each offset with loads and stores of 1, 2 and 4 bytes */
static void grid(const char *what, unsigned sel, const uint32_t *offs, unsigned n)
{
    printf("%s (fs 0x%02x): r1 r2 r4 w1 w2 w4\n", what, sel);
    for (unsigned i = 0; i < n; i++) {
        char row[7];
        for (int k = 0; k < 6; k++) row[k] = fs_access(sel, offs[i], 1 << (k % 3), k >= 3);
        row[6] = 0;
        printf("  0x%08x %s\n", offs[i], row);
    }
}

static void fault_detail(const char *what)
{
    printf("  %s: sig %d code %u trapno %u err 0x%x\n", what, last_sig, f_code, f_trap, f_err);
}

extern char lim_code[];
/* entered at offset 0 of a based LDT code segment: four NOPs, then a far return at offset 4 */
__asm__(".text\nlim_code:\n\tnop\n\tnop\n\tnop\n\tnop\n\tlret\n");

int main(void)
{
    catch_faults(on_fault);
    if (mmap((void *)DATA_VA, 0x2000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
        (void *)DATA_VA)
        return 1;

    /* LDT entries: the selector of entry i is i * 8 + 7 */
    printf("entries: %d %d %d %d %d %d\n", set_ldt(0, DATA_VA, 15, DATA, 0, 1, 0), set_ldt(1, DATA_VA, 15, DATA, 1, 1, 0),
           set_ldt(2, DATA_VA + 0x1000, 0xffffe, STACK_DOWN, 0, 1, 1),
           set_ldt(3, DATA_VA - 0xf000, 0xfff0, STACK_DOWN, 0, 0, 0), set_ldt(4, DATA_VA, 15, CODE, 0, 1, 0),
           set_ldt(6, DATA_VA, 0xfffff, DATA, 0, 1, 1));

    static const uint32_t up[] = {0, 12, 13, 14, 15, 16, 0xfffffffe};
    grid("expand-up, limit 15", 0x07, up, 7);
    grid("read-only, limit 15", 0x0f, up, 2);
    static const uint32_t down32[] = {0xffffeffc, 0xffffefff, 0xfffff000, 0xfffffffc, 0xfffffffd, 0xffffffff};
    grid("expand-down 32-bit, limit 0xffffefff", 0x17, down32, 6);
    static const uint32_t down16[] = {0xfff0, 0xfff1, 0xfffc, 0xfffd, 0xffff, 0x10000};
    grid("expand-down 16-bit, limit 0xfff0", 0x1f, down16, 6);
    grid("readable code, limit 15", 0x27, up, 2);
    printf("fs:12 reads %08x\n", (unsigned)sink);
    fs_access(0x07, 16, 1, 0);
    fault_detail("beyond the limit");

    /* a null ES: fine to load, #GP on use */
    char c1 = TRY_CH(__asm__ volatile("pushl %%es\n\tmovw %w0, %%es\n\tmovl %%es:(%1), %%eax\n\tpopl %%es"
                                      : : "r"(0), "r"(DATA_VA) : "eax"));
    fault_detail("load through a null es");
    char c2 = TRY_CH(__asm__ volatile("pushl %%es\n\tpushl $0\n\tpopl %%es\n\tmovl %0, %%edi\n\tstosb\n\tpopl %%es"
                                      : : "r"(DATA_VA) : "edi", "memory"));
    printf("null es: mov %c stosb %c\n", c1, c2);

    /* REP STOSB into ES = entry 0 from offset 8 for 16 bytes: 8 bytes, then #GP at offset 16 */
    memset((void *)DATA_VA, 0, 32);
    char c3 = TRY_CH(__asm__ volatile("pushl %%es\n\tmovw $0x07, %%ax\n\tmovw %%ax, %%es\n\tmovl $8, %%edi\n\t"
                                      "movl $16, %%ecx\n\tmovb $0x77, %%al\n\tcld\n\trep stosb\n\tpopl %%es"
                                      : : : "eax", "ecx", "edi", "memory"));
    unsigned written = 0;
    for (unsigned i = 0; i < 32; i++) written += ((uint8_t *)DATA_VA)[i] == 0x77;
    printf("rep stosb: %c, ecx %u edi %u, %u bytes written\n", c3, f_ecx, f_edi, written);
    /* REP MOVSB from DS into ES = entry 0 going down from offset 20: #GP at once */
    char c4 = TRY_CH(__asm__ volatile("pushl %%es\n\tmovw $0x07, %%ax\n\tmovw %%ax, %%es\n\tmovl $20, %%edi\n\t"
                                      "movl %0, %%esi\n\tmovl $8, %%ecx\n\tstd\n\trep movsb\n\tcld\n\tpopl %%es"
                                      : : "r"(DATA_VA + 0x100) : "eax", "ecx", "esi", "edi", "memory"));
    __asm__ volatile("cld");
    printf("rep movsb down: %c, ecx %u edi %u\n", c4, f_ecx, f_edi);

    /* SS = a flat-based data segment whose limit ends one page below ESP: a push is #SS */
    uint32_t esp;
    __asm__ volatile("movl %%esp, %0" : "=r"(esp));
    printf("entry 5: %d\n", set_ldt(5, 0, ((esp - 64) >> 12) - 1, DATA, 0, 1, 1));
    char c5 = TRY_CH(__asm__ volatile("movl %%esp, %%edx\n\tmovw %%ss, %%cx\n\tmovw $0x2f, %%ax\n\tmovw %%ax, %%ss\n\t"
                                      "pushl $1\n\tpopl %%eax\n\tmovw %%cx, %%ss"
                                      : : : "eax", "ecx", "edx", "memory"));
    printf("push beyond ss's limit: %c, esp unchanged %d\n", c5, c5 != 'o' && f_esp == f_edx);
    fault_detail("push");
    /* SS = entry 6 (based, 4 GiB): a push and pop work */
    uint32_t popped = 0;
    __asm__ volatile("movl %%esp, %%edx\n\tmovw %%ss, %%cx\n\tmovw $0x37, %%ax\n\tmovw %%ax, %%ss\n\tmovl $0x800, %%esp\n\t"
                     "pushl $0x1234\n\tpopl %%eax\n\tmovw %%cx, %%ss\n\tmovl %%edx, %%esp"
                     : "=a"(popped) : : "ecx", "edx", "memory");
    printf("based ss: popped %x\n", popped);

    /* SS = entry 9, a 16-bit stack segment at DATA_VA: push and pop, call and ret, pusha and
     * popa move SP only; ESP's upper half stays (ENTER left out: the SDM gives EBP the
     * zero-extended SP, qemu-i386 all of ESP, and no native run here tells which is right) */
    printf("entry 9: %d\n", set_ldt(9, DATA_VA, 0xffff, DATA, 0, 0, 0));
    /* (the results go through ECX: an ESP-based operand would address the 16-bit stack) */
    static uint32_t sp16[4]; /* after the push, in the call, after the pusha, at the end */
    __asm__ volatile("movl %%esp, %%esi\n\tmovw %%ss, %%di\n\tmovw $0x4f, %%ax\n\tmovw %%ax, %%ss\n\t"
                     "movl $0xabcd0100, %%esp\n\tpushl $0x1234\n\tmovl %%esp, 0(%%ecx)\n\t"
                     "call 1f\n\tjmp 2f\n1:\tmovl %%esp, 4(%%ecx)\n\tret\n2:\t"
                     "pushal\n\tmovl %%esp, 8(%%ecx)\n\tpopal\n\t"
                     "popl %%eax\n\tmovl %%esp, 12(%%ecx)\n\t"
                     "movw %%di, %%ss\n\tmovl %%esi, %%esp"
                     : : "c"(sp16)
                     : "eax", "esi", "edi", "memory");
    printf("16-bit stack: push %08x call %08x pusha %08x end %08x; at DATA_VA+0xfc %08x\n", sp16[0], sp16[1], sp16[2],
           sp16[3], *(uint32_t *)(DATA_VA + 0xfc));

    /* x87 operands: FLD m32 at the limit, FNSTENV (28 bytes) into 16 */
    float f = 1.5f;
    memcpy((char *)DATA_VA + 12, &f, 4);
    char c6 = TRY_CH(__asm__ volatile("movw %w0, %%fs\n\tflds %%fs:12\n\tfstp %%st(0)" : : "r"(0x07)));
    char c7 = TRY_CH(__asm__ volatile("movw %w0, %%fs\n\tflds %%fs:13\n\tfstp %%st(0)" : : "r"(0x07)));
    char c8 = TRY_CH(__asm__ volatile("movw %w0, %%fs\n\tfnstenv %%fs:0" : : "r"(0x07) : "memory"));
    char c9 = TRY_CH(__asm__ volatile("movw %w0, %%fs\n\tfnstenv %%fs:0" : : "r"(0x37) : "memory"));
    printf("x87: fld fs:12 %c fs:13 %c fnstenv limit 15 %c 4 GiB %c\n", c6, c7, c8, c9);

    /* CS: a based code segment of limit 4 runs to its far return; of limit 3 faults there */
    printf("code entries: %d %d\n", set_ldt(7, (uint32_t)(uintptr_t)lim_code, 4, CODE, 0, 1, 0),
           set_ldt(8, (uint32_t)(uintptr_t)lim_code, 3, CODE, 0, 1, 0));
    char c10 = TRY_CH(__asm__ volatile("lcall $0x3f, $0" : : : "memory"));
    char c11 = TRY_CH(__asm__ volatile("lcall $0x47, $0" : : : "memory"));
    printf("code limit 4: %c, limit 3: %c at cs 0x%x eip %u\n", c10, c11, f_cs, f_eip);
    fault_detail("fetch beyond the limit");
    puts("done");
    return 0;
}
