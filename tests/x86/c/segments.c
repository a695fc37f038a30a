/* Segments at CPL 3 (issue 18): loads that fault as the hardware faults them (#GP: SIGSEGV,
 * #NP: SIGBUS, the selector as error code), modify_ldt (write, read back, old and new modes), LDT
 * data segments in FS and GS, LFS/LGS/LSS/LDS, LAR/LSL/VERR/VERW, and far CALL, JMP, RET and
 * IRET through the flat user code segment and an LDT code segment. */
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

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
    const ucontext_t *uc = ctx;
    printf("  -> sig %d code %d err 0x%x\n", sig, si->si_code, (unsigned)uc->uc_mcontext.gregs[REG_ERR]);
    siglongjmp(env, 1);
}

#define TRY(what, stmt)                                                                            \
    do {                                                                                           \
        printf("%s\n", what);                                                                      \
        if (!sigsetjmp(env, 1)) {                                                                  \
            stmt;                                                                                  \
            printf("  -> ok\n");                                                                   \
        }                                                                                          \
    } while (0)

static void load_ds(unsigned sel) { __asm__ volatile("movw %w0, %%ds\n\tmovw %%ss, %w0\n\tmovw %w0, %%ds" : "+r"(sel)); }
static void load_es(unsigned sel) { __asm__ volatile("movw %w0, %%es\n\tmovw %%ds, %w0\n\tmovw %w0, %%es" : "+r"(sel)); }
static void pop_ss(unsigned sel) { __asm__ volatile("pushl %0\n\tpopl %%ss" : : "r"(sel)); }
static void load_fs(unsigned sel) { __asm__ volatile("movw %w0, %%fs" : : "r"(sel)); }

static int set_ldt(int func, unsigned entry, uint32_t base, uint32_t limit, int code, int bits32, int present)
{
    return ldt_write(func, entry, base, limit, code ? MODIFY_LDT_CONTENTS_CODE : MODIFY_LDT_CONTENTS_DATA, 0, bits32,
                     limit > 0xfffff ? 0 : (limit == 0xfffff), present);
}

static void query(unsigned sel)
{
    uint32_t ar = 0xdeadbeef, lim = 0xdeadbeef;
    uint8_t zl, zs, zr, zw;
    __asm__ volatile("larl %k4, %0\n\tsetz %2\n\tlsll %k4, %1\n\tsetz %3"
                     : "+r"(ar), "+r"(lim), "=&q"(zl), "=&q"(zs) : "r"(sel) : "cc");
    __asm__ volatile("verr %w2\n\tsetz %0\n\tverw %w2\n\tsetz %1" : "=&q"(zr), "=&q"(zw) : "r"(sel) : "cc");
    printf("sel 0x%04x: lar %d %08x lsl %d %08x verr %d verw %d\n", sel, zl, zl ? ar : 0, zs, zs ? lim : 0, zr, zw);
}

/* SIGTRAP in 16-bit code: the frame's CS and IP; sigreturn goes back there */
static volatile uint32_t trap_cs, trap_eip;
static void on_trap16(int sig, siginfo_t *si, void *ctx)
{
    (void)sig, (void)si;
    const greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
    trap_cs = (uint32_t)g[REG_CS], trap_eip = (uint32_t)g[REG_EIP];
}

/* the data the LDT segments cover, at a fixed address: the LDT read back shows its base */
#define DATA_VA 0x50000000u
static uint32_t *data;

extern char far_fn[], ldt_code_fn[], after_jmp[], code16_start[], code32b_start[];
/* code for a 16-bit and a based 32-bit LDT code segment (both entered at offset 0): 16-bit
 * arithmetic, the stack, a near call and return, then a 32-bit far return */
__asm__(".text\ncode16_start:\n.code16\n"
        "movw $0x1234, %ax\n\taddw %bx, %ax\n\tpushw %ax\n\tpopw %cx\n\t"
        "call 1f\n\tjmp 2f\n1:\tincw %cx\n\tret\n2:\t"
        "movl $0x55667788, %edx\n\tmovw %cs, %si\n\tint3\n\tincw %si\n\tlretl\n.code32\n"
        "code32b_start:\n\tmovl $0x600d, %eax\n\tcall 1f\n\tmovw %cs, %si\n\tlret\n1:\tincl %eax\n\tret\n");
__asm__(".text\n"
        "far_fn:\n\tmovl $0x600d, %eax\n\tlret\n"
        "ldt_code_fn:\n\tmovw %cs, %ax\n\tlret $4\n");

int main(void)
{
    catch_faults(on_fault);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_flags = SA_SIGINFO;

    data = mmap((void *)DATA_VA, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (data != (uint32_t *)DATA_VA) return 1;
    for (unsigned i = 0; i < 4; i++) data[i] = 0x11111111u * (i + 1);

    /* loads that fault */
    TRY("mov ds, 0x17 (LDT, no LDT yet)", load_ds(0x17));
    TRY("mov ds, 0x1234 (beyond the GDT)", load_ds(0x1234));
    TRY("mov es, 0x0b (kernel code, DPL 0)", load_es(0x0b));
    TRY("mov es, 0x2b (user data)", load_es(0x2b));
    TRY("mov es, 0x23 (user code, readable)", load_es(0x23));
    TRY("mov ds, 0 (null)", load_ds(0));
    TRY("pop ss 0 (null)", pop_ss(0));
    TRY("pop ss 0x23 (code)", pop_ss(0x23));
    TRY("pop ss 0x2b", pop_ss(0x2b));
    TRY("mov fs, 0x2a (RPL 2 of user data)", load_fs(0x2a));

    /* the LDT: an empty one reads as 0 bytes */
    uint8_t buf[64];
    memset(buf, 0xee, sizeof buf);
    printf("read of no LDT: %d\n", (int)syscall(SYS_modify_ldt, 0, buf, sizeof buf));
    printf("write entry 0 (data at &data): %d\n", set_ldt(0x11, 0, (uint32_t)(uintptr_t)data, 15, 0, 1, 1));
    printf("write entry 1 (32-bit code, base 0, 4 GiB): %d\n", set_ldt(0x11, 1, 0, 0xfffff, 1, 1, 1));
    printf("write entry 3 (not present): %d\n", set_ldt(0x11, 3, 0, 0xfff, 0, 1, 0));
    printf("write entry 4 (16-bit data at &data[2], old mode): %d\n", set_ldt(1, 4, (uint32_t)(uintptr_t)&data[2], 7, 0, 0, 1));
    printf("write entry 9000: %d\n", set_ldt(0x11, 9000, 0, 0, 0, 1, 1));
    printf("write with a short size: %d\n", (int)syscall(SYS_modify_ldt, 0x11, buf, 8));
    int n = (int)syscall(SYS_modify_ldt, 0, buf, sizeof buf);
    printf("read: %d:", n);
    for (int i = 0; i < 40; i++) printf("%s%02x", i % 8 ? "" : " ", buf[i]);
    printf("\n");

    /* LDT data segments in FS and GS */
    uint32_t v0, v1, v2;
    /* GS holds glibc's TLS selector: saved and put back */
    __asm__ volatile("movw %%gs, %%dx\n\t"
                     "movw $0x07, %%ax\n\tmovw %%ax, %%fs\n\tmovl %%fs:0, %0\n\tmovl %%fs:4, %1\n\t"
                     "movw $0x27, %%ax\n\tmovw %%ax, %%gs\n\tmovl %%gs:4, %2\n\t"
                     "movw %%dx, %%gs\n\tmovw %%ds, %%ax\n\tmovw %%ax, %%fs"
                     : "=r"(v0), "=r"(v1), "=r"(v2) : : "eax", "edx");
    printf("fs:0 %08x fs:4 %08x gs:4 %08x\n", v0, v1, v2);
    TRY("mov fs, 0x1f (entry 3, not present)", load_fs(0x1f));
    TRY("mov fs, 0x2f (entry 5, empty)", load_fs(0x2f));
    TRY("mov fs, 0x0f (entry 1, code: readable)", load_fs(0x0f));

    /* DS, ES and SS with a base: a load through DS, a string copy into ES, a push and a pop on
     * a based stack (the LDT entry 6: writable data at DATA_VA, 4 GiB) */
    printf("write entry 6 (data at DATA_VA, 4 GiB): %d\n", set_ldt(0x11, 6, DATA_VA, 0xfffff, 0, 1, 1));
    static const char src4[4] = "wxyz";
    const char *src4_p = src4;
    uint32_t via_ds, popped, saved_esp;
    __asm__ volatile("movw %%ds, %%dx\n\tmovw $0x37, %%ax\n\tmovw %%ax, %%ds\n\t"
                     "movl 4, %%eax\n\t"                                 /* DS:4 = data[1] */
                     "movw %%dx, %%ds"
                     : "=a"(via_ds) : : "edx", "memory");
    __asm__ volatile("movw %%es, %%dx\n\tmovw $0x37, %%ax\n\tmovw %%ax, %%es\n\t"
                     "movl $8, %%edi\n\tmovl $4, %%ecx\n\trep movsb\n\t"
                     "movw %%dx, %%es"
                     : "+S"(src4_p) : : "eax", "ecx", "edx", "edi", "memory");
    __asm__ volatile("movl %%esp, %1\n\tmovw %%ss, %%dx\n\tmovw $0x37, %%ax\n\tmovw %%ax, %%ss\n\t"
                     "movl $0x100, %%esp\n\tpushl $0x5a5a1234\n\tpushl $0x600d\n\tpopl %%eax\n\t"
                     "movw %%dx, %%ss\n\tmovl %1, %%esp"
                     : "=a"(popped), "=m"(saved_esp) : : "edx", "memory");
    printf("ds:4 %08x es:8 %.4s ss push/pop %x, at DATA_VA+0xfc %08x\n", via_ds, (const char *)&data[2], popped,
           data[0xfc / 4]);

    /* string ops and XLAT with 16-bit addressing (0x67): SI, DI, CX in the based DS and ES */
    uint32_t ecx16, esi16, al16;
    memcpy((char *)data + 0x10, "0123456789abcdef", 16);
    __asm__ volatile("movw %%ds, %%dx\n\tpushl %%edx\n\tmovw %%es, %%dx\n\tpushl %%edx\n\t"
                     "movw $0x37, %%ax\n\tmovw %%ax, %%ds\n\tmovw %%ax, %%es\n\t"
                     "movl $0x55660010, %%esi\n\tmovl $0x77880040, %%edi\n\tmovl $0x12340008, %%ecx\n\t"
                     "addr16 rep movsb\n\t"
                     "addr16 lodsb\n\tmovl %%eax, %%edx\n\t"
                     "movl $0x10, %%ebx\n\tmovb $3, %%al\n\taddr16 xlat\n\tshll $8, %%edx\n\tmovb %%al, %%dl\n\t"
                     "movl %%edx, %%eax\n\t"
                     "popl %%edx\n\tmovw %%dx, %%es\n\tpopl %%edx\n\tmovw %%dx, %%ds"
                     : "=c"(ecx16), "=S"(esi16), "=a"(al16) : : "ebx", "edx", "edi", "memory");
    printf("addr16: ecx %08x esi %08x lodsb/xlat %04x copied %.8s\n", ecx16, esi16, al16 & 0xffff,
           (const char *)data + 0x40);

    /* LFS, LGS, LSS, LDS, LES: a far pointer; the selector's checks come first */
    struct { uint32_t off; uint16_t sel; } __attribute__((packed)) fp1 = {0x12345678, 0x07}, fp2 = {0x9abc, 0x1234};
    uint32_t off = 0;
    uint16_t fsv;
    __asm__ volatile("movw %%fs, %%dx\n\tlfs %2, %0\n\tmovw %%fs, %1\n\tmovl %%fs:8, %%eax\n\tmovw %%dx, %%fs"
                     : "=r"(off), "=r"(fsv) : "m"(fp1) : "eax", "edx");
    printf("lfs: offset %x fs %x\n", off, fsv);
    fp1.sel = 0x2b;
    __asm__ volatile("lss %1, %0\n\tmovl %%esp, %0" : "=r"(off) : "m"(fp1) : "memory");
    TRY("lgs 0x1234:0x9abc", __asm__ volatile("movl $5, %%eax\n\tlgs %0, %%eax" : : "m"(fp2) : "eax"));
    fp2.sel = 0x2b;
    __asm__ volatile("push %%ds\n\tlds %1, %0\n\tpop %%ds" : "=r"(off) : "m"(fp2));
    printf("lds: offset %x\n", off);

    /* descriptor queries */
    static const unsigned sels[] = {0, 0x07, 0x0f, 0x1f, 0x27, 0x2f, 0x0b, 0x1234, 0x23, 0x2b};
    for (unsigned i = 0; i < sizeof sels / sizeof sels[0]; i++) query(sels[i]);

    /* a 16-bit code segment and a based 32-bit one (LDT entries 7 and 8) */
    printf("write entry 7 (16-bit code): %d\n", set_ldt(0x11, 7, (uint32_t)(uintptr_t)code16_start, 0xffff, 1, 0, 1));
    printf("write entry 8 (32-bit code, based): %d\n", set_ldt(0x11, 8, (uint32_t)(uintptr_t)code32b_start, 0xfff, 1, 1, 1));
    sa.sa_sigaction = on_trap16;
    sigaction(SIGTRAP, &sa, NULL);
    uint32_t a16, c16, d16, s16;
    __asm__ volatile("movw $0x1111, %%bx\n\tlcall $0x3f, $0" : "=a"(a16), "=c"(c16), "=d"(d16), "=S"(s16) : : "ebx", "memory");
    printf("16-bit code: ax %04x cx %04x edx %08x si %x; int3 there: cs %x ip %x\n", a16 & 0xffff, c16 & 0xffff, d16,
           s16 & 0xffff, trap_cs & 0xffff, trap_eip);
    __asm__ volatile("lcall $0x47, $0" : "=a"(a16), "=S"(s16) : : "memory");
    printf("based 32-bit code: eax %x cs %x\n", a16, s16 & 0xffff);

    /* far transfers */
    uint32_t r;
    __asm__ volatile("lcall $0x23, $far_fn" : "=a"(r) : : "memory");
    printf("lcall 0x23:far_fn -> %x\n", r);
    struct { uint32_t off; uint16_t sel; } __attribute__((packed)) fp = {(uint32_t)(uintptr_t)ldt_code_fn, 0x0f};
    uint32_t cs_in;
    __asm__ volatile("pushl $7\n\tlcall *%1\n\t" : "=a"(cs_in) : "m"(fp) : "memory");
    printf("lcall [0x0f:ldt_code_fn] -> cs inside %x, esp back %d\n", cs_in & 0xffff, 1);
    uint16_t cs_now;
    __asm__ volatile("movw %%cs, %0" : "=r"(cs_now));
    printf("cs after the lret: %x\n", cs_now);
    __asm__ volatile("ljmp $0x0f, $1f\n1:\n\tmovw %%cs, %0\n\tljmp $0x23, $2f\n2:" : "=r"(cs_now));
    printf("ljmp to 0x0f: cs %x\n", cs_now);
    uint32_t fl;
    __asm__ volatile("pushfl\n\torl $0x801, (%%esp)\n\tpushl $0x23\n\tpushl $1f\n\tiret\n1:\n\tpushfl\n\tpopl %0"
                     : "=r"(fl) : : "cc", "memory");
    printf("iret: CF %u OF %u\n", fl & 1, (fl >> 11) & 1);
    TRY("ljmp 0x1234:0", __asm__ volatile("ljmp $0x1234, $0"));
    TRY("lcall 0x2b:0 (data)", __asm__ volatile("lcall $0x2b, $0"));
    TRY("lcall 0x1f:0 (not present)", __asm__ volatile("lcall $0x1f, $0"));
    TRY("ljmp 0x0b:0 (kernel code)", __asm__ volatile("ljmp $0x0b, $0"));
    /* BOUND (#BR) and what CPL 3 may not run (#GP): SIGSEGV */
    static int32_t bounds[2] = {-5, 100};
    TRY("bound 100 in [-5, 100]", __asm__ volatile("movl $100, %%eax\n\tboundl %%eax, %0" : : "m"(bounds) : "eax"));
    TRY("bound -6 in [-5, 100]", __asm__ volatile("movl $-6, %%eax\n\tboundl %%eax, %0" : : "m"(bounds) : "eax"));
    TRY("in al, dx", __asm__ volatile("movw $0x80, %%dx\n\tinb %%dx, %%al" : : : "eax", "edx"));
    TRY("out 0x80, al", __asm__ volatile("outb %%al, $0x80" : : : "eax"));
    TRY("cli", __asm__ volatile("cli"));
    TRY("wbinvd", __asm__ volatile("wbinvd"));
    puts("done");
    return 0;
}
