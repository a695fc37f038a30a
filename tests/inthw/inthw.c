/* inthw: integer instruction harness. The same source is built for i386 (run under morph and by
 * the i386 reference run) and for x86-64 (run on the host CPU in 64-bit mode, the hardware
 * oracle); tests/inthw/intcmp compares the outputs (docs/testing.md).
 *
 *   inthw NCASES SEED [FORM,...]     FORM: a form name or @group (tests/inthw/forms.def)
 *   inthw --list                     the forms of this build: name, group, cases per NCASES/4
 *
 * Without a FORM list every form of the build runs except groups bcd, newer and shld16hi.
 *   inthw --has-newer                exit 0 if this CPU executes group newer's instructions as
 *                                    such (LZCNT, not BSR; no SIGILL), else 1 with a message
 * Each form is a stub of instructions whose bytes are the same in both modes (forms.def); a
 * trampoline loads eax ebx ecx edx esi edi and EFLAGS (popf: random CF PF AF ZF SF OF DF) from a
 * struct, calls the stub, and stores them back. Operands come from a 32-bit xorshift stream seeded
 * from SEED and the form's name, so selecting forms does not change a form's cases, and both
 * builds generate the same cases. One line per case:
 *
 *   NAME BYTES eax ebx ecx edx esi edi efl : eax ebx ecx edx esi edi efl [m HASH W0 W1]
 *
 * inputs before ':', outputs after, hex. Memory and string forms add a hash of the 512-byte buffer
 * and the two dwords at the memory operand base. String forms print esi/edi as offsets into the
 * buffer. Output goes out with write(2) in large blocks, flushed after every form (a crash loses
 * at most the form that crashed). */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__)
#define BP rbp
#elif defined(__i386__)
#define BP ebp
#else
#error "inthw is built for i386 and x86-64"
#endif

#define STR_(...) #__VA_ARGS__
#define XSTR(...) STR_(__VA_ARGS__)

/* ---- stubs ---------------------------------------------------------------------------------- */
#define FB(g, name, kind, size, w, ...)                                                            \
    __asm__(".text\n.globl inthw_stub_" #name "\ninthw_stub_" #name ":\n" XSTR(__VA_ARGS__)        \
            "\n.globl inthw_end_" #name "\ninthw_end_" #name ":\nret\n");
#ifdef __i386__
#define FI FB
#else
#define FI(...)
#endif
#include "forms.def"
#undef FB
#undef FI

/* ---- trampoline ------------------------------------------------------------------------------ */
struct st {
    uint32_t eax, ebx, ecx, edx, esi, edi, efl, pad; /* pad stays 0: popfq reads efl and pad */
    uint64_t sbase;                                  /* added to esi/edi around the call */
    uint64_t mbase;                                  /* ebp/rbp during the call */
};
_Static_assert(__builtin_offsetof(struct st, sbase) == 32 &&
                   __builtin_offsetof(struct st, mbase) == 40,
               "struct st layout is used by the trampolines");

void inthw_tramp(struct st *s, const void *stub);
#ifdef __i386__
__asm__(".text\n.globl inthw_tramp\ninthw_tramp:\n"
        "push %ebp\npush %ebx\npush %esi\npush %edi\n"
        "mov 20(%esp),%eax\n"
        "push %eax\n"        /* s */
        "pushl 28(%esp)\n"   /* stub */
        "mov 40(%eax),%ebp\n"
        "mov 4(%eax),%ebx\nmov 8(%eax),%ecx\nmov 12(%eax),%edx\n"
        "mov 16(%eax),%esi\nadd 32(%eax),%esi\n"
        "mov 20(%eax),%edi\nadd 32(%eax),%edi\n"
        "pushl 24(%eax)\n"
        "mov 0(%eax),%eax\n"
        "popfl\n"
        "call *(%esp)\n"
        "pushfl\npush %eax\n"
        "mov 12(%esp),%eax\n" /* eax, efl, stub, s */
        "popl 0(%eax)\npopl 24(%eax)\n"
        "mov %ebx,4(%eax)\nmov %ecx,8(%eax)\nmov %edx,12(%eax)\n"
        "sub 32(%eax),%esi\nmov %esi,16(%eax)\n"
        "sub 32(%eax),%edi\nmov %edi,20(%eax)\n"
        "add $8,%esp\ncld\n"
        "pop %edi\npop %esi\npop %ebx\npop %ebp\nret\n");
#else
__asm__(".text\n.globl inthw_tramp\ninthw_tramp:\n"
        "push %rbp\npush %rbx\n"
        "push %rdi\n"        /* s */
        "push %rsi\n"        /* stub */
        "mov %rdi,%rax\n"
        "mov 40(%rax),%rbp\n"
        "mov 4(%rax),%ebx\nmov 8(%rax),%ecx\nmov 12(%rax),%edx\n"
        "mov 16(%rax),%esi\nadd 32(%rax),%rsi\n"
        "mov 20(%rax),%edi\nadd 32(%rax),%rdi\n"
        "pushq 24(%rax)\n"
        "mov 0(%rax),%eax\n"
        "popfq\n"
        "call *(%rsp)\n"
        "pushfq\npush %rax\n"
        "mov 24(%rsp),%rax\n" /* rax, rflags, stub, s */
        "popq 0(%rax)\npopq 24(%rax)\n"
        "mov %ebx,4(%rax)\nmov %ecx,8(%rax)\nmov %edx,12(%rax)\n"
        "sub 32(%rax),%rsi\nmov %esi,16(%rax)\n"
        "sub 32(%rax),%rdi\nmov %edi,20(%rax)\n"
        "add $16,%rsp\ncld\n"
        "pop %rbx\npop %rbp\nret\n");
#endif

/* ---- the form table -------------------------------------------------------------------------- */
enum kind {
    K_ALU, K_MEM, K_SHIFT, K_DSHIFT16, K_SHIFTMEM, K_BTMEM, K_BSCAN, K_DIV, K_IDIV, K_CMPX, K_STR,
    K_REPSTR, K_BEXTR, K_SHIFT16HI, K_SHIFT16HIMEM
};

struct form {
    const char *name, *group;
    enum kind kind;
    unsigned size, weight;
    const uint8_t *start, *end;
};

#define FB(g, name, kind, size, w, ...)                                                            \
    extern const uint8_t inthw_stub_##name[], inthw_end_##name[];
#ifdef __i386__
#define FI FB
#else
#define FI(...)
#endif
#include "forms.def"
#undef FB
#undef FI

#define FB(g, name, kind, size, w, ...)                                                            \
    {#name, #g, K_##kind, size, w, inthw_stub_##name, inthw_end_##name},
#ifdef __i386__
#define FI FB
#else
#define FI(...)
#endif
static const struct form forms[] = {
#include "forms.def"
};
#undef FB
#undef FI
#define NFORMS (sizeof forms / sizeof forms[0])

/* ---- output ---------------------------------------------------------------------------------- */
#include "outbuf.h"
/* v as 8 hex digits and a space: the fields of a case line */
static void ohex32(uint32_t v)
{
    ohex(v, 8);
    obuf[olen++] = ' ';
}

/* ---- random operands ------------------------------------------------------------------------- */
static uint32_t rx, ry, rz, rw; /* xorshift128 */
static uint32_t rnd(void)
{
    uint32_t t = rx ^ (rx << 11);
    rx = ry;
    ry = rz;
    rz = rw;
    rw = rw ^ (rw >> 19) ^ t ^ (t >> 8);
    return rw;
}
static uint32_t mix(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x7feb352du;
    h ^= h >> 15;
    h *= 0x846ca68bu;
    h ^= h >> 16;
    return h;
}
static void seed_form(uint32_t seed, const char *name)
{
    uint32_t h = 2166136261u;
    for (const char *p = name; *p; p++) h = (h ^ (uint8_t)*p) * 16777619u;
    h = mix(h ^ mix(seed + 0x9e3779b9u));
    rx = mix(h + 1);
    ry = mix(h + 2);
    rz = mix(h + 3);
    rw = mix(h + 4) | 1;
}

/* A value of `bits` bits, biased toward edges: 0, 1, -1, sign boundaries, single bits. */
static uint32_t edge(unsigned bits)
{
    uint32_t m = bits == 32 ? 0xffffffffu : (1u << bits) - 1, msb = 1u << (bits - 1);
    switch (rnd() & 15) {
    case 0: return 0;
    case 1: return 1;
    case 2: return m;
    case 3: return msb - 1;
    case 4: return msb;
    case 5: return msb + 1;
    case 6: return m - 1;
    case 7: return 1u << (rnd() % bits);
    case 8: return m ^ (1u << (rnd() % bits));
    case 9: return rnd() & 15;
    case 10: return (0u - (rnd() & 15)) & m;
    case 11: return (msb + (rnd() & 7) - 4) & m;
    case 12: return rnd() & m & (m << (rnd() % bits));
    default: return rnd() & m;
    }
}
/* A register value for an operand of `size` (9: the high byte), upper bits random. */
static uint32_t gval(unsigned size)
{
    uint32_t r = rnd();
    switch (size) {
    case 8: return (r & ~0xffu) | edge(8);
    case 9: return (r & 0xffff00ffu) | edge(8) << 8;
    case 16: return (r & ~0xffffu) | edge(16);
    default: return edge(32);
    }
}
static uint32_t size_mask(unsigned size)
{
    return size == 8 ? 0xffu : size == 9 ? 0xff00u : size == 16 ? 0xffffu : 0xffffffffu;
}

#define BUFSZ 512
static uint8_t buf[BUFSZ] __attribute__((aligned(16)));
#define MOFF 256 /* ebp = buf + MOFF */

static void fill_random(void)
{
    for (unsigned i = 0; i < BUFSZ; i += 4) {
        uint32_t v = (rnd() & 7) == 0 ? 0 : rnd();
        memcpy(buf + i, &v, 4);
    }
}
/* String data: a 64-byte block of few distinct bytes repeated, with 0..3 bytes changed, so that
 * REPE/REPNE CMPS and SCAS run for a while before they stop. */
static void fill_string(void)
{
    static const uint8_t alpha[4] = {0, 0xff, 'A', 0x80};
    for (unsigned i = 0; i < 64; i++) {
        uint32_t r = rnd();
        buf[i] = (r & 3) == 3 ? (uint8_t)(r >> 8) : alpha[r & 3];
    }
    for (unsigned i = 64; i < BUFSZ; i++) buf[i] = buf[i - 64];
    for (unsigned k = rnd() & 3; k; k--) buf[rnd() % BUFSZ] = (uint8_t)rnd();
}
static uint32_t hash_buf(void)
{
    uint32_t h = 2166136261u, w;
    for (unsigned i = 0; i < BUFSZ; i += 4) {
        memcpy(&w, buf + i, 4);
        h = (h ^ w) * 16777619u;
    }
    return h;
}

/* Memory operand data: random, and half of the time an edge value or a value related to the
 * register operands at one of the displacements 0..3 the memory forms use. */
static void fill_mem(const struct st *s, unsigned bits)
{
    fill_random();
    uint32_t v;
    switch (rnd() & 7) {
    case 0: v = s->ebx; break;
    case 1: v = 0u - s->ebx; break;
    case 2: v = s->eax; break;
    case 3: v = edge(bits); break;
    default: return;
    }
    memcpy(buf + MOFF + (rnd() & 3), &v, bits / 8);
}

static uint32_t shift_count(unsigned bits)
{
    static const uint8_t fixed[] = {0, 1, 2, 9, 17, 31, 32, 33, 63, 64, 128, 255};
    switch (rnd() % 12) {
    case 0: return 0;
    case 1: return 1;
    case 2: return bits - 1;
    case 3: return bits;
    case 4: return bits + 1;
    case 5: return 2 * bits - 1;
    case 6: case 7: return fixed[rnd() % sizeof fixed];
    case 8: return rnd() & 31;
    case 9: return rnd() & 63;
    default: return rnd() & 0xff;
    }
}

/* Divide operands that do not fault: dividend = q * d + r with q in range, |r| < |d|, and r
 * carrying the sign of the dividend. */
static void gen_div(struct st *s, unsigned bits, int sign)
{
    uint32_t q = edge(bits), d = edge(bits);
    if (!d) d = 1 + (rnd() & 7);
    uint64_t n;
    if (!sign) {
        n = (uint64_t)q * d + (rnd() % d);
    } else {
        unsigned sh = 32 - bits;
        int32_t qs = (int32_t)(q << sh) >> sh, ds = (int32_t)(d << sh) >> sh;
        uint32_t ad = ds < 0 ? 0u - (uint32_t)ds : (uint32_t)ds;
        int64_t p = (int64_t)qs * ds, r = (int64_t)(rnd() % ad);
        if (p < 0 || (p == 0 && (rnd() & 1))) r = -r;
        n = (uint64_t)(p + r);
    }
    if (bits == 8) {
        s->eax = (s->eax & 0xffff0000u) | ((uint32_t)n & 0xffffu);
        s->ebx = (s->ebx & ~0xffu) | d;
    } else if (bits == 16) {
        s->eax = (s->eax & 0xffff0000u) | ((uint32_t)n & 0xffffu);
        s->edx = (s->edx & 0xffff0000u) | ((uint32_t)(n >> 16) & 0xffffu);
        s->ebx = (s->ebx & ~0xffffu) | d;
    } else {
        s->eax = (uint32_t)n;
        s->edx = (uint32_t)(n >> 32);
        s->ebx = d;
    }
}

static void gen(const struct form *f, struct st *s)
{
    unsigned size = f->size, bits = size == 9 ? 8 : size;
    uint32_t m = size_mask(size);
    s->eax = gval(size);
    s->ebx = gval(size);
    s->ecx = gval(size);
    s->edx = gval(size);
    s->esi = gval(size);
    s->edi = gval(size);
    s->efl = 0x202 | (rnd() & 0x8d5u) | (rnd() & 0x400u);
    s->pad = 0;
    s->sbase = 0;
    s->mbase = (uint64_t)(uintptr_t)(buf + MOFF);
    switch (rnd() & 15) { /* related operands: equal, negated, equal to the destination */
    case 0: s->ebx = (s->ebx & ~m) | (s->eax & m); break;
    case 1: s->ebx = (s->ebx & ~m) | ((0u - s->eax) & m); break;
    case 2: s->esi = s->edi; break;
    default: break;
    }
    switch (f->kind) {
    case K_ALU: break;
    case K_MEM: fill_mem(s, bits); break;
    case K_SHIFTMEM: fill_mem(s, bits); /* fall through */
    case K_SHIFT: s->ecx = (rnd() & ~0xffu) | shift_count(bits); break;
    case K_SHIFT16HIMEM: fill_mem(s, bits); /* fall through */
    case K_SHIFT16HI: /* a count whose low 5 bits are 17..31 */
        s->ecx = (rnd() & ~0x1fu) | (17 + rnd() % 15);
        break;
    case K_BEXTR: /* BEXTR's control: start in bits 0-7, length in bits 8-15 */
        s->ecx = (rnd() & ~0xffffu) | shift_count(bits) << 8 | shift_count(bits);
        break;
    case K_DSHIFT16: /* SDM SHLD/SHRD: count (mod 32) > 16 gives an undefined result and flags */
        s->ecx = (rnd() & ~0xffu) | shift_count(bits);
        if ((s->ecx & 31) > 16) s->ecx &= ~16u;
        break;
    case K_BTMEM: {
        static const int16_t fixed[] = {-1, 0, 31, 32, -32, -33, 15, 16, -17, 1023, -1024};
        int32_t off = (rnd() & 1) ? fixed[rnd() % 11] : (int32_t)(rnd() % 2048) - 1024;
        fill_random();
        s->ebx = bits == 16 ? (rnd() & 0xffff0000u) | ((uint32_t)off & 0xffffu) : (uint32_t)off;
        break;
    }
    case K_BSCAN: {
        uint32_t v;
        switch (rnd() & 3) {
        case 0: v = 0; break;
        case 1: v = 1u << (rnd() % bits); break;
        case 2: v = rnd() << (rnd() % bits); break;
        default: v = rnd(); break;
        }
        s->ebx = (s->ebx & ~m) | (v & m);
        break;
    }
    case K_DIV: gen_div(s, bits, 0); break;
    case K_IDIV: gen_div(s, bits, 1); break;
    case K_CMPX:
        fill_random();
        if (rnd() & 1) {
            s->ebx = (s->ebx & ~m) | (s->eax & m);
            memcpy(buf + MOFF, &s->eax, 4);
            memcpy(buf + MOFF + 4, &s->edx, 4);
        }
        break;
    case K_STR:
    case K_REPSTR: {
        static const uint8_t counts[] = {0, 1, 2, 3, 4, 5, 7, 8, 16, 24};
        fill_string();
        s->sbase = (uint64_t)(uintptr_t)buf;
        s->esi = 128 + rnd() % 256;
        s->edi = 128 + rnd() % 256;
        if (rnd() & 1) { /* same data under both pointers (multiples of the 64-byte period) */
            uint32_t e = s->esi + ((rnd() & 1) ? 64u : -64u) * (1 + (rnd() & 1));
            if (e >= 128 && e < 384) s->edi = e;
        }
        if (f->kind == K_REPSTR)
            s->ecx = (rnd() & 1) ? counts[rnd() % sizeof counts] : rnd() % 25;
        if (rnd() & 1) memcpy(&s->eax, buf + s->edi + (rnd() & 7) * (bits / 8), 4);
        break;
    }
    }
}

static int selected(const struct form *f, const char *list)
{
    if (!list) return strcmp(f->group, "bcd") != 0 && strcmp(f->group, "newer") != 0 && strcmp(f->group, "shld16hi") != 0;
    size_t nl = strlen(f->name), gl = strlen(f->group);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if ((l == nl && !memcmp(p, f->name, l)) ||
            (p[0] == '@' && l == gl + 1 && !memcmp(p + 1, f->group, gl)))
            return 1;
        p += l + (e ? 1 : 0);
    }
    return 0;
}

/* Every name in the list must exist in this build (a typo must not pass vacuously). */
static int check_list(const char *list)
{
    int ok = 1;
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        int found = 0;
        for (unsigned i = 0; i < NFORMS && !found; i++) {
            const char *n = p[0] == '@' ? forms[i].group : forms[i].name;
            size_t o = p[0] == '@';
            found = l - o == strlen(n) && !memcmp(p + o, n, l - o);
        }
        if (!found) {
            ostr("inthw: no form or group '");
            for (size_t k = 0; k < l; k++) obuf[olen++] = p[k];
            ostr("' in this build\n");
            ok = 0;
        }
        p += l + (e ? 1 : 0);
    }
    return ok;
}

/* Group newer needs POPCNT, LZCNT (ABM), BMI1, BMI2, MOVBE and ADX. CPUID bits can be hidden by
 * a hypervisor while the CPU still executes the instructions (and F3 0F BD runs as BSR where
 * LZCNT is absent), so each is executed once, under a SIGILL handler, and its result checked. */
static sigjmp_buf probe_env;
static void probe_ill(int sig) { siglongjmp(probe_env, sig); }
static int has_newer(void)
{
    static const char *const what[] = {"popcnt", "lzcnt", "tzcnt", "movbe", "andn", "pdep", "adcx"};
    volatile unsigned i = 0;
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = probe_ill;
    sigaction(SIGILL, &sa, &old);
    int ok = 1;
    if (sigsetjmp(probe_env, 1)) {
        ok = 0;
    } else {
        uint32_t r, m = 0x12345678u;
        for (; i < sizeof what / sizeof what[0]; i++) {
            switch (i) {
            case 0: __asm__ volatile("popcnt %1,%0" : "=r"(r) : "r"(0xf0f0u)); ok = r == 8; break;
            case 1: __asm__ volatile("lzcnt %1,%0" : "=r"(r) : "r"(1u)); ok = r == 31; break;
            case 2: __asm__ volatile("tzcnt %1,%0" : "=r"(r) : "r"(0u)); ok = r == 32; break;
            case 3: __asm__ volatile("movbe %1,%0" : "=r"(r) : "m"(m)); ok = r == 0x78563412u; break;
            case 4: __asm__ volatile("andn %2,%1,%0" : "=r"(r) : "r"(0xffu), "r"(0x1ffu)); ok = r == 0x100; break;
            case 5: __asm__ volatile("pdep %2,%1,%0" : "=r"(r) : "r"(3u), "r"(0x50u)); ok = r == 0x50; break;
            case 6: __asm__ volatile("stc; adcx %1,%0" : "=r"(r) : "r"(1u), "0"(1u) : "cc"); ok = r == 3; break;
            }
            if (!ok) break;
        }
    }
    sigaction(SIGILL, &old, 0);
    if (!ok) {
        ostr("inthw: this CPU does not execute ");
        ostr(what[i]);
        ostr(" as such\n");
        oflush();
    }
    return ok;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "--has-newer")) return has_newer() ? 0 : 1;
    if (argc == 2 && !strcmp(argv[1], "--list")) {
        for (unsigned i = 0; i < NFORMS; i++) {
            ostr(forms[i].name);
            ostr(" ");
            ostr(forms[i].group);
            ostr(" ");
            odec(forms[i].weight);
            ostr("\n");
            if (olen > sizeof obuf - 256) oflush();
        }
        oflush();
        return 0;
    }
    if (argc < 3 || argc > 4) {
        ostr("usage: inthw NCASES SEED [FORM|@GROUP,...] | inthw --list\n");
        oflush();
        return 2;
    }
    unsigned ncases = (unsigned)strtoul(argv[1], 0, 10);
    uint32_t seed = (uint32_t)strtoul(argv[2], 0, 10);
    const char *list = argc > 3 ? argv[3] : 0;
    if (list && !check_list(list)) {
        oflush();
        return 2;
    }
    for (unsigned i = 0; i < NFORMS; i++) {
        const struct form *f = &forms[i];
        if (!selected(f, list)) continue;
        char head[96];
        unsigned hl = 0, nb = (unsigned)(f->end - f->start);
        for (const char *p = f->name; *p;) head[hl++] = *p++;
        head[hl++] = ' ';
        for (unsigned k = 0; k < nb && hl < sizeof head - 4; k++) {
            head[hl++] = "0123456789abcdef"[f->start[k] >> 4];
            head[hl++] = "0123456789abcdef"[f->start[k] & 15];
        }
        head[hl++] = ' ';
        seed_form(seed, f->name);
        unsigned n = (ncases * f->weight + 3) / 4;
        int mem = f->kind == K_MEM || f->kind == K_SHIFTMEM || f->kind == K_SHIFT16HIMEM || f->kind == K_BTMEM ||
                  f->kind == K_CMPX || f->kind == K_STR || f->kind == K_REPSTR;
        for (unsigned c = 0; c < n; c++) {
            struct st s;
            gen(f, &s);
            memcpy(obuf + olen, head, hl);
            olen += hl;
            ohex32(s.eax); ohex32(s.ebx); ohex32(s.ecx); ohex32(s.edx);
            ohex32(s.esi); ohex32(s.edi); ohex32(s.efl);
            obuf[olen++] = ':';
            obuf[olen++] = ' ';
            inthw_tramp(&s, f->start);
            ohex32(s.eax); ohex32(s.ebx); ohex32(s.ecx); ohex32(s.edx);
            ohex32(s.esi); ohex32(s.edi); ohex32(s.efl);
            if (mem) {
                uint32_t w0, w1;
                memcpy(&w0, buf + MOFF, 4);
                memcpy(&w1, buf + MOFF + 4, 4);
                ostr("m ");
                ohex32(hash_buf()); ohex32(w0); ohex32(w1);
            }
            obuf[olen - 1] = '\n';
            if (olen > sizeof obuf - 512) oflush();
        }
        oflush();
    }
    return 0;
}
