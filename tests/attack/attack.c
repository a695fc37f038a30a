/* Concealed memory under attack (docs/firmware.md "Concealment"): an i386 program that tries every way it has at the firmware's memory and
 * the machine's devices, and counts what got through. Run under morph only: the address space
 * differs from a 64-bit kernel's (there a 32-bit process may map up to 4 GiB), so there is no
 * reference run; tests/run-attack.sh checks the counts, that nothing of the firmware reached
 * stdout, and morph checks its firmware image after the run.
 *
 * Every case is "blocked" (a SIGSEGV, or an error from the system call, or memory that behaves
 * as the process's own) or an ESCAPE. Results go to stdout, and every write(2) attempt of a
 * bad pointer writes to stdout too, so that leaked bytes would show there.
 *
 *   attack all         the in-process cases; last line "attack: N cases, E escapes"
 *   attack frame-K     a signal frame placed to overlap (K = 0..2): the process must die by
 *                      SIGSEGV (status 139) without a handler running */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include "morph_facts.h" /* the machine's memory map (isa/morph-facts.tbl) */

static sigjmp_buf env;
static volatile int faults;
static int cases, escapes;

static volatile int probing; /* a fault is expected: go back to the probe */

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    if (!probing) {
        const ucontext_t *uc = ctx;
        printf("unexpected signal %d (code %d, address %p) at eip 0x%08x\n", sig, si->si_code, si->si_addr,
               (unsigned)uc->uc_mcontext.gregs[REG_EIP]);
        _exit(6);
    }
    faults++;
    probing = 0;
    siglongjmp(env, 1);
}

static void result(const char *what, uint32_t addr, int blocked)
{
    cases++;
    if (!blocked) {
        escapes++;
        printf("ESCAPE %s 0x%08x\n", what, addr);
    }
}

/* ---- loads, stores and jumps at addresses the process has not mapped ---- */
static int mapped_here(uint32_t a)
{
    /* msync answers ENOMEM for an unmapped page (a probe that cannot fault) */
    return msync((void *)(uintptr_t)(a & ~0xfffu), 4096, MS_ASYNC) == 0;
}

typedef void (*fn_t)(void);

static void probe(uint32_t a)
{
    if (mapped_here(a)) return; /* the program's own memory: not a target */
    int f0 = faults;
    if (!sigsetjmp(env, 1)) {
        probing = 1;
        volatile uint32_t v = *(volatile uint32_t *)(uintptr_t)a;
        (void)v;
    }
    probing = 0;
    result("load", a, faults == f0 + 1);
    f0 = faults;
    if (!sigsetjmp(env, 1)) {
        probing = 1;
        *(volatile uint32_t *)(uintptr_t)a = 0xdeadbeef;
    }
    probing = 0;
    result("store", a, faults == f0 + 1);
    f0 = faults;
    if (!sigsetjmp(env, 1)) {
        probing = 1;
        ((fn_t)(uintptr_t)a)();
    }
    probing = 0;
    result("jump", a, faults == f0 + 1);
}

static const uint32_t special[] = {
    0, MM_BOOTROM_BASE, MM_CLINT_BASE, MM_HTIF_BASE, MM_HTIF_BASE + 0x10, MM_FLASH_BASE,
    MM_CONCEALED_BASE, MM_CONCEALED_BASE + 0x1000, CMS_HEAP_END - 4, CMS_BOUNCE_BASE,
    CMS_STACK_BOTTOM, CMS_STACK_TOP - 4, MM_CONCEALED_END - 4, MM_GUEST_PHYS_BASE, 0xbffff000u,
    0xc0000000u, 0xfffff000u, 0xfffffffcu,
};

static void test_addresses(void)
{
    for (unsigned i = 0; i < sizeof special / sizeof special[0]; i++) probe(special[i]);
    /* a grid over the whole 4 GiB, every 16 MiB, and every 1 MiB of concealed memory's
     * physical range (as virtual addresses: the firmware's are not the guest's) */
    for (uint64_t a = 8u << 20; a < 1ull << 32; a += 16u << 20) probe((uint32_t)a + 0x123); /* grid steps */
    for (uint32_t a = MM_CONCEALED_BASE; a < MM_CONCEALED_END; a += 1u << 20) probe(a + 0x40);
}

/* ---- mmap over the machine's addresses: allowed below the task top, then plain memory ---- */
static void test_mmap(void)
{
    static const uint32_t at[] = {MM_BOOTROM_BASE, MM_CLINT_BASE, MM_HTIF_BASE, MM_FLASH_BASE,
                                  MM_CONCEALED_BASE, CMS_BOUNCE_BASE, MM_CONCEALED_END - 0x1000,
                                  MM_GUEST_PHYS_BASE};
    for (unsigned i = 0; i < sizeof at / sizeof at[0]; i++) {
        uint32_t *p = mmap((void *)(uintptr_t)at[i], 4096, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        int ok;
        if (p == MAP_FAILED) {
            ok = 1; /* refused: blocked */
        } else {
            /* it must be the process's own, zeroed page, keeping what is written */
            ok = p[0] == 0 && p[4] == 0;
            for (int k = 0; k < 1024; k++) p[k] = 0x5a5a0000u + k;
            for (int k = 0; k < 1024 && ok; k++) ok = p[k] == 0x5a5a0000u + k;
            munmap(p, 4096);
        }
        result("mmap-fixed", at[i], ok);
    }
    /* above the task top, wrapping, huge */
    static const uint32_t bad[][2] = {{0xc0000000u, 4096}, {0xfffff000u, 4096}, {0xfffff000u, 0x2000},
                                      {0xbffff000u, 0x2000}, {0x10000000u, 0xf0000000u}, {0, 0xfffff000u}};
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        void *p = mmap((void *)(uintptr_t)bad[i][0], bad[i][1], PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        result("mmap-fixed-bad", bad[i][0], p == MAP_FAILED);
        if (p != MAP_FAILED) munmap(p, bad[i][1]);
    }
    /* a hint above the top must not be honoured there */
    void *p = mmap((void *)0xd0000000u, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    result("mmap-hint", 0xd0000000u, p == MAP_FAILED || (uintptr_t)p < 0xc0000000u);
    if (p != MAP_FAILED) munmap(p, 4096);
    /* mprotect, munmap, mremap over what the process does not own, huge and wrapping */
    result("mprotect-top", 0xc0000000u, mprotect((void *)0xc0000000u, 4096, PROT_READ) != 0);
    result("mprotect-wrap", 0xfffff000u, mprotect((void *)0xfffff000u, 0x2000, PROT_READ) != 0);
    result("mremap-grow-top", 0xbffff000u,
           mremap((void *)0xbffff000u, 4096, 0x10000, 0) == MAP_FAILED);
    result("brk-top", 0xffffffffu, (uintptr_t)sbrk(0) < 0xc0000000u &&
                                       syscall(SYS_brk, 0xffffffffu) < 0xc0000000);
}

/* ---- system calls given pointers the process cannot use, and wrapping lengths ---- */
static const uint32_t badptr[] = {0, 0xc0000000u, 0xfffffff0u, MM_CONCEALED_BASE, CMS_BOUNCE_BASE, MM_HTIF_BASE};

static int efault(long r) { return r == -1 && errno == EFAULT; }

static void test_syscalls(void)
{
    char ok_buf[64] = "morph";
    int fd = open("/dev/null", O_RDONLY);
    for (unsigned i = 0; i < sizeof badptr / sizeof badptr[0]; i++) {
        uint32_t b = badptr[i];
        if (mapped_here(b)) continue;
        void *p = (void *)(uintptr_t)b;
        result("write", b, efault(write(1, p, 16)));
        result("read", b, read(fd, p, 16) == 0 || efault(read(fd, p, 16))); /* /dev/null: EOF first */
        struct iovec iov[2] = {{ok_buf, 4}, {p, 16}};
        result("writev-iov", b, efault(writev(1, iov, 2)) || writev(1, iov, 2) == 4);
        result("writev-vec", b, efault(writev(1, p, 2)));
        result("readv-vec", b, efault(readv(fd, p, 2)));
        result("stat-path", b, efault(syscall(SYS_stat64, p, ok_buf)));
        result("stat-buf", b, efault(syscall(SYS_stat64, "/", p)));
        result("open-path", b, efault(syscall(SYS_open, p, O_RDONLY)));
        if (b) result("gettimeofday", b, efault(syscall(SYS_gettimeofday, p, 0))); /* NULL: nothing to write */
        result("clock_gettime", b, efault(syscall(SYS_clock_gettime, CLOCK_REALTIME, p)));
        result("uname", b, efault(syscall(SYS_uname, p)));
        result("getcwd", b, efault(syscall(SYS_getcwd, p, 100)));
        if (b) { /* NULL: nothing to read */
            result("rt_sigaction", b, efault(syscall(SYS_rt_sigaction, SIGUSR1, p, 0, 8)));
            result("rt_sigprocmask", b, efault(syscall(SYS_rt_sigprocmask, SIG_BLOCK, p, 0, 8)));
            result("sigaltstack", b, efault(syscall(SYS_sigaltstack, p, 0)));
        }
        result("set_thread_area", b, efault(syscall(SYS_set_thread_area, p)));
        result("pipe", b, efault(syscall(SYS_pipe, p)));
        result("readlink", b, efault(syscall(SYS_readlink, "/proc/self/exe", p, 64)));
        if (b) result("time", b, efault(syscall(SYS_time, p)));
        result("futex-wake", b, efault(syscall(SYS_futex, p, 1 /* FUTEX_WAKE */, 1, 0, 0, 0)));
    }
    /* a good buffer with lengths that run past it, to the top and around 4 GiB */
    const uint32_t lens[] = {0x7fffffffu, 0xffffffffu, 0xc0000000u - (uint32_t)(uintptr_t)ok_buf + 1};
    for (unsigned i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        long r = write(1, ok_buf, lens[i]);
        result("write-len", lens[i], r < 0 || (r >= 0 && (uint32_t)r < lens[i]));
        r = read(fd, ok_buf, lens[i]);
        result("read-len", lens[i], r <= 0);
    }
    struct iovec wrap[2] = {{ok_buf, 0x80000000u}, {ok_buf, 0x80000000u}};
    result("writev-sum-wraps", 0, writev(1, wrap, 2) < 0);
    close(fd);
}

/* ---- signal frames that would overlap what the process does not own ---- */
static void on_usr1(int sig)
{
    (void)sig;
    puts("ESCAPE: a handler ran with its frame where none can be written");
    exit(3);
}

static void frame_case(int k)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    stack_t ss = {.ss_size = 0x2000, .ss_flags = 0};
    if (k == 0) ss.ss_sp = (void *)0xfffff000u; /* its top wraps around to 0x1000 */
    else if (k == 1) ss.ss_sp = (void *)0xbffff800u; /* its top above the task top */
    else ss.ss_sp = (void *)(uintptr_t)MM_CONCEALED_BASE; /* concealed memory's physical range */
    if (sigaltstack(&ss, NULL)) {
        printf("sigaltstack refused (errno %d)\n", errno);
        exit(4);
    }
    raise(SIGUSR1);
    puts("ESCAPE: raise returned");
    exit(5);
}

/* ---- self-modifying code aimed at the translated code (docs/firmware.md "Code pages") ----
 * Generated code in an RWX page, run until it is translated (and in a superblock), then
 * rewritten: (1) a store whose address is the immediate of the instruction before it, aimed at
 * the machine's addresses and every 1 MiB of concealed memory, where the code cache lives; the
 * code is rewritten for each target, so a stale translation would store to the old (harmless)
 * address: that counts as an escape too; (2) code that patches the address of the load that
 * follows it while its translation runs: the load must use the new address and fault (a stale
 * translation would read the old, mapped, address: an escape). */
static uint8_t *smc_page;
static volatile uint32_t smc_sink[4];

/* mov eax, imm32; mov dword [eax], 0xdeadbeef; ret */
static void smc_emit_store(uint32_t target)
{
    uint8_t *p = smc_page;
    p[0] = 0xb8;
    memcpy(p + 1, &target, 4);
    p[5] = 0xc7, p[6] = 0x00;
    const uint32_t v = 0xdeadbeef;
    memcpy(p + 7, &v, 4);
    p[11] = 0xc3;
}

/* f(addr): mov eax, [esp+4]; mov [site+1], eax; site: mov eax, imm32; mov eax, [eax]; ret */
static void smc_emit_patcher(void)
{
    uint8_t *p = smc_page + 256;
    uint32_t site = (uint32_t)(uintptr_t)(p + 9) + 1;
    static const uint8_t head[] = {0x8b, 0x44, 0x24, 0x04, 0xa3};
    memcpy(p, head, sizeof head);
    memcpy(p + 5, &site, 4);
    p[9] = 0xb8;
    memset(p + 10, 0, 4);
    p[14] = 0x8b, p[15] = 0x00, p[16] = 0xc3;
}

static void smc_store_case(uint32_t target)
{
    if (mapped_here(target)) return;
    smc_emit_store((uint32_t)(uintptr_t)&smc_sink[0]); /* harmless: warm it up */
    for (int i = 0; i < 8; i++) ((fn_t)(void *)smc_page)();
    smc_emit_store(target);
    smc_sink[0] = 0;
    int f0 = faults;
    if (!sigsetjmp(env, 1)) {
        probing = 1;
        ((fn_t)(void *)smc_page)();
    }
    probing = 0;
    result("smc store", target, faults == f0 + 1 && smc_sink[0] == 0);
}

static void smc_patch_case(uint32_t target)
{
    if (mapped_here(target)) return;
    uint32_t (*f)(uint32_t) = (uint32_t(*)(uint32_t))(void *)(smc_page + 256);
    smc_sink[1] = 0x1234;
    for (int i = 0; i < 8; i++) (void)f((uint32_t)(uintptr_t)&smc_sink[1]);
    int f0 = faults;
    if (!sigsetjmp(env, 1)) {
        probing = 1;
        (void)f(target);
    }
    probing = 0;
    result("smc patched load", target, faults == f0 + 1);
}

static void test_smc(void)
{
    smc_page = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (smc_page == MAP_FAILED) {
        result("smc mmap", 0, 0);
        return;
    }
    smc_emit_patcher();
    for (unsigned i = 0; i < sizeof special / sizeof special[0]; i++) {
        smc_store_case(special[i]);
        smc_patch_case(special[i]);
    }
    for (uint32_t a = MM_CONCEALED_BASE; a < MM_CONCEALED_END; a += 1u << 20) {
        smc_store_case(a + 0x80);
        smc_patch_case(a + 0x80);
    }
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && !strncmp(argv[1], "frame-", 6)) frame_case(atoi(argv[1] + 6));
    static char altstack[65536];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    test_addresses();
    int c = cases;
    printf("\naddresses: %d cases\n", c);
    test_mmap();
    printf("mmap: %d cases\n", cases - c);
    c = cases;
    test_syscalls();
    printf("\nsystem calls: %d cases\n", cases - c);
    c = cases;
    test_smc();
    printf("self-modifying code: %d cases\n", cases - c);
    printf("attack: %d cases, %d escapes\n", cases, escapes);
    return escapes != 0;
}
