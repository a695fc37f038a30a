/* REPE/REPNE CMPS and SCAS at the edges of the interpreter's word-at-a-time path (issue 18 item
 * 4): byte, word and dword elements; every length 0-16 with the stopping element at every place
 * (and none); both operands at every alignment 0-3 (DF = 0) and two (DF = 1); runs across a page
 * boundary; and a scan running into a PROT_NONE page, which faults at the exact element with
 * ECX, ESI and EDI in the signal context saying how far it got. Each case's ECX, ESI, EDI and
 * arithmetic flags go into a hash per operation, printed with a count; a few cases are printed
 * whole. Loops run long enough for translated code as well as the interpreter. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define FLAGS 0x8d5u /* OF SF ZF AF PF CF */

struct res {
    uint32_t ecx, esi, edi, fl;
};

/* op: 0 repe cmps, 1 repne cmps, 2 repe scas, 3 repne scas */
static struct res run(int op, unsigned size, const void *s, const void *d, unsigned n, uint32_t a, int down)
{
    struct res r;
    const void *si = s, *di = d;
    uint32_t c = n, fl;
    if (down) __asm__ volatile("std" ::: "cc");
#define CASE(insn) __asm__ volatile(insn "\n\tpushfl\n\tpopl %3" : "+S"(si), "+D"(di), "+c"(c), "=r"(fl) : "a"(a) : "memory", "cc")
    switch (op * 4 + size) {
    case 0 * 4 + 1: CASE("repe cmpsb"); break;
    case 0 * 4 + 2: CASE("repe cmpsw"); break;
    case 0 * 4 + 4: CASE("repe cmpsl"); break;
    case 1 * 4 + 1: CASE("repne cmpsb"); break;
    case 1 * 4 + 2: CASE("repne cmpsw"); break;
    case 1 * 4 + 4: CASE("repne cmpsl"); break;
    case 2 * 4 + 1: CASE("repe scasb"); break;
    case 2 * 4 + 2: CASE("repe scasw"); break;
    case 2 * 4 + 4: CASE("repe scasl"); break;
    case 3 * 4 + 1: CASE("repne scasb"); break;
    case 3 * 4 + 2: CASE("repne scasw"); break;
    default: CASE("repne scasl"); break;
    }
#undef CASE
    if (down) __asm__ volatile("cld" ::: "cc");
    r.ecx = c;
    r.esi = (uint32_t)((const char *)si - (const char *)s);
    r.edi = (uint32_t)((const char *)di - (const char *)d);
    r.fl = fl & FLAGS;
    return r;
}

static uint8_t sb[512], db[512];
static const char *const names[4] = {"repe cmps", "repne cmps", "repe scas", "repne scas"};

/* Fills both buffers so that, for op, the element at index p (of n, from the start the
 * operation walks from) is the first that stops it; p == n: none does. */
static void setup(int op, unsigned size, uint8_t *s, uint8_t *d, unsigned n, unsigned p, int down, uint32_t a)
{
    for (unsigned e = 0; e < n + 1; e++) { /* only what the operation reads */
        /* element e in walking order */
        uint8_t *se = down ? s + 128 - e * size : s + e * size, *de = down ? d + 128 - e * size : d + e * size;
        int stop = e == p;
        for (unsigned b = 0; b < size; b++) {
            uint8_t ab = (uint8_t)(a >> 8 * b);
            se[b] = (uint8_t)(0x40 + (e * size + b) * 7);
            de[b] = se[b];
            switch (op) {
            case 0: if (stop && b == size - 1) de[b] = (uint8_t)(se[b] + 1 + e); break; /* differ */
            case 1: if (!stop) de[b] = (uint8_t)(se[b] ^ (b == 0 ? 0x80 : 0)); break;   /* equal at p only */
            case 2: de[b] = stop && b == 0 ? (uint8_t)(ab ^ 0x11) : ab; break;        /* AL..: equal but p */
            default: de[b] = stop ? ab : (uint8_t)(ab ^ (b == 0 ? 0x22 : 0)); break;  /* AL..: only p */
            }
        }
    }
}

static sigjmp_buf env;
static volatile uint32_t got_ecx, got_esi, got_edi;
static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void)sig, (void)si;
    const ucontext_t *uc = ctx;
    got_ecx = (uint32_t)uc->uc_mcontext.gregs[REG_ECX];
    got_esi = (uint32_t)uc->uc_mcontext.gregs[REG_ESI];
    got_edi = (uint32_t)uc->uc_mcontext.gregs[REG_EDI];
    siglongjmp(env, 1);
}

int main(void)
{
    static const unsigned sizes[3] = {1, 2, 4};
    for (int op = 0; op < 4; op++) {
        for (unsigned z = 0; z < 3; z++) {
            const unsigned size = sizes[z];
            uint32_t h = 2166136261u, count = 0;
            for (int down = 0; down < 2; down++)
                for (unsigned al = 0; al < (down ? 2u : 4u); al++) /* DF = 1: the element-wise path */
                    for (unsigned n = 0; n <= 16; n++)
                        for (unsigned p = 0; p <= n; p++) {
                            const uint32_t a = 0x5a3c96e1u;
                            uint8_t *s = sb + 64 + al, *d = db + 64 + ((al * 3) & 3);
                            setup(op, size, s, d, n, p, down, a);
                            struct res r = run(op, size, down ? s + 128 : s, down ? d + 128 : d, n, a, down);
                            h = (h ^ r.ecx) * 16777619u;
                            h = (h ^ r.esi) * 16777619u;
                            h = (h ^ r.edi) * 16777619u;
                            h = (h ^ r.fl) * 16777619u;
                            count++;
                            if (!down && al == 1 && n == 13 && (p == 0 || p == 9 || p == 13))
                                printf("%s%u n=13 stop at %u: ecx %u esi %+d edi %+d flags %03x\n", names[op],
                                       size * 8, p, r.ecx, (int)r.esi, (int)r.edi, r.fl);
                        }
            printf("%s%u: %u cases, hash %08x\n", names[op], size * 8, count, h);
        }
    }

    /* across a page boundary, and into a PROT_NONE page */
    uint8_t *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) return 2;
    memset(m, 0x33, 3 * 4096);
    for (int op = 0; op < 4; op++) {
        uint32_t a = op >= 2 ? 0x33333333u : 0;
        uint8_t *s = m + 4096 - 37, *d = m + 2 * 4096 - 41; /* both runs cross their page ends */
        if (op == 1 || op == 3) { /* REPNE: nothing equal until 50 bytes in */
            memset(d, 0x44, 50);
            d[50] = 0x33;
        }
        struct res r = run(op, 1, s, d, 100, a, 0);
        printf("%s8 across pages: ecx %u esi %+d edi %+d flags %03x\n", names[op], r.ecx, (int)r.esi, (int)r.edi, r.fl);
        memset(m, 0x33, 3 * 4096);
    }
    if (mprotect(m + 2 * 4096, 4096, PROT_NONE)) return 3;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    for (int op = 0; op < 4; op += 2) {
        uint8_t *s = m + 4096 - 20, *d = m + 2 * 4096 - 20; /* equal, then d's next page faults */
        uint32_t a = op == 2 ? 0x33333333u : 0;
        if (!sigsetjmp(env, 1)) {
            run(op, 1, s, d, 100, a, 0);
            printf("%s8 into PROT_NONE: no fault\n", names[op]);
        } else {
            printf("%s8 into PROT_NONE: SIGSEGV with ecx %u esi %+d edi %+d\n", names[op], got_ecx,
                   (int)(got_esi - (uint32_t)(uintptr_t)s), (int)(got_edi - (uint32_t)(uintptr_t)d));
        }
    }
    return 0;
}
