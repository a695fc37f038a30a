/* The interpreter (cms/interp/interp.c) on the host, over the x86 front end's decoded-instruction
 * cache (x86/xl_dcache.c): small x86 byte sequences, run with cms_interp_steps(), checked
 * against hand-computed register, memory and flag results.
 * x-ALU ops go to the C model (sim/sim_xalu.c); guest memory is a byte map of this file; the
 * platform functions the interpreter calls are recorded stand-ins. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cms.h"
#include "cms_interp.h"
#include "cms_desc.h"
#include "cms_signal.h"
#include "cms_mm.h"
#include "cms_syscall.h"
#include "morph_isa.h"
#include "xl_dcache.h"

/* ---- stand-ins ------------------------------------------------------------------------ */
struct morph_config cms_config;
struct cms_stats cms_stats;
struct cms_cpu *cms_cur_cpu;
uint32_t cms_host_xflags;

#define MEM_BASE 0x1000u
#define MEM_SIZE 0xf000u /* guest 0x1000..0xffff mapped; the rest is not */
static uint8_t guest[MEM_SIZE];
static jmp_buf died;
static int died_sig, unsupported_len, undecodable, syscalls;
static uint32_t syscall_eip, activity;

uint8_t *cms_host_guest_byte(uint32_t va, int write)
{
    (void)write;
    if (va < MEM_BASE || va - MEM_BASE >= MEM_SIZE) {
        died_sig = 11;
        longjmp(died, 1);
    }
    return &guest[va - MEM_BASE];
}
int cms_mm_is_mapped(uint32_t va) { return va >= MEM_BASE && va - MEM_BASE < MEM_SIZE; }
/* cms_desc.c's side (tested in test_cms_platform): selector 0x33 has base 0x5000 */
void cms_seg_load(struct cms_cpu *cpu, unsigned s, uint16_t sel)
{
    cpu->seg[s] = sel;
    cpu->seg_base[s] = (s == CMS_FS || s == CMS_GS) && sel == 0x33 ? 0x5000u : 0;
}
void cms_far_target(struct cms_cpu *cpu, uint16_t sel, uint32_t eip, int ret) { (void)cpu, (void)sel, (void)eip, (void)ret; }
int cms_desc_lar(const struct cms_cpu *cpu, uint16_t sel, uint32_t *out) { (void)cpu; *out = sel; return 1; }
int cms_desc_lsl(const struct cms_cpu *cpu, uint16_t sel, uint32_t *out) { (void)cpu; *out = sel; return 1; }
uint16_t cms_desc_ldtr(void) { return 0; }
void cms_seg_update(struct cms_cpu *cpu) { (void)cpu; }
/* segments here are never checked (seg_chk stays 0): the checks are firmware-tested (segments.c) */
void cms_seg_check(const struct cms_cpu *cpu, unsigned s, uint32_t off, uint32_t size, int write)
{
    (void)cpu, (void)s, (void)off, (void)size, (void)write;
    abort();
}
int cms_seg_ok(const struct cms_cpu *cpu, unsigned s, uint32_t off, uint32_t size, int write)
{
    (void)cpu, (void)s, (void)off, (void)size, (void)write;
    return 1;
}
int cms_mm_range_ok(uint32_t va, uint32_t len, int write)
{
    (void)write;
    return cms_mm_is_mapped(va) && cms_mm_is_mapped(va + len - 1);
}
int cms_desc_verr(const struct cms_cpu *cpu, uint16_t sel, int write) { (void)cpu, (void)sel; return !write; }
void cms_syscall(struct cms_cpu *cpu)
{
    syscalls++;
    syscall_eip = cpu->eip;
    cpu->r[0] = 42;
}
void *cms_alloc(uint32_t size, uint32_t align)
{
    (void)align;
    void *p = calloc(1, size); /* lives as long as the process, like concealed memory */
    assert_non_null(p);
    return p;
}
void *cms_alloc_uninit(uint32_t size, uint32_t align)
{
    (void)align;
    void *p = malloc(size);
    assert_non_null(p);
    return memset(p, 0xa5, size); /* garbage, as concealed memory may hold: nothing may rely on zeros */
}
void cms_hw_set_activity(unsigned act) { activity = act; }
unsigned cms_hw_get_activity(void) { return activity; }
int cms_snprintf(char *buf, uint32_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
_Noreturn void cms_guest_die(int sig, const char *why)
{
    (void)why;
    died_sig = sig;
    longjmp(died, 1);
}
/* --rmw-fault=write's probe (never set here: the guest memory of these tests is all writable) */
int cms_mm_is_writable(uint32_t va)
{
    (void)va;
    return 1;
}
/* cms/cms_signal.c is not linked here: a fault is the guest's death, as without a handler */
jmp_buf cms_signal_resume;
int cms_signal_armed;
_Noreturn void cms_signal_fault(const struct cms_siginfo *si, const char *why) { cms_guest_die(si->signo, why); }
/* interp mode's look at the host's events between stretches: none here */
int32_t cms_htif(uint32_t cmd, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
    (void)cmd, (void)a0, (void)a1, (void)a2, (void)a3;
    return 0;
}
void cms_signal_async(struct cms_cpu *cpu) { (void)cpu; }
int cms_thread_multi; /* one guest thread */
int cms_thread_tick(struct cms_cpu *cpu)
{
    (void)cpu;
    return 0;
}
_Noreturn void cms_guest_segv(uint32_t va, int write)
{
    (void)va;
    (void)write;
    cms_guest_die(11, "guest SIGSEGV");
}
_Noreturn void cms_panic(const char *fmt, ...)
{
    (void)fmt;
    died_sig = -1;
    longjmp(died, 1);
}
void cms_insn_msg(unsigned kind, uint32_t eip, const uint8_t *bytes, unsigned len)
{
    (void)eip, (void)bytes, (void)len;
    if (kind == HTIF_MSG_UNDECODABLE) undecodable++;
}
_Noreturn void cms_unsupported(uint32_t eip, const uint8_t *bytes, unsigned len)
{
    (void)eip, (void)bytes;
    unsupported_len = (int)len;
    died_sig = 4;
    longjmp(died, 1);
}
/* The platform's hooks: one of each is expected (the cache's flush, the interpreter's sync). */
static void (*code_change_hook)(void), (*stats_sync_hook)(void);
void cms_hook_code_change(void (*fn)(void)) { code_change_hook = fn; }
void cms_hook_stats_sync(void (*fn)(void)) { stats_sync_hook = fn; }
static cms_code_written_fn code_written_hook;
void cms_hook_code_written(cms_code_written_fn fn) { code_written_hook = fn; }
/* The bytes the cache marked as code (lowest and highest). */
static uint32_t marked_lo = ~0u, marked_hi;
void cms_mm_code_mark(uint32_t va, uint32_t len)
{
    if (va < marked_lo) marked_lo = va;
    if (va + len > marked_hi) marked_hi = va + len;
}

/* ---- harness ---------------------------------------------------------------------------- */
#define CODE 0x1000u
#define STACK_TOP 0x9000u
#define DATA 0x4000u
static struct cms_cpu cpu;

static int setup(void **state)
{
    (void)state;
    cms_config = (struct morph_config){.decode_cache_entries = 256};
    memset(&cms_stats, 0, sizeof cms_stats);
    xl_dc_init();
    cms_interp_init();
    assert_ptr_equal(code_change_hook, xl_dc_flush);
    assert_non_null(stats_sync_hook);
    return 0;
}

static void load(const uint8_t *code, size_t n)
{
    memset(guest, 0xf4, sizeof guest); /* hlt everywhere else */
    memcpy(&guest[CODE - MEM_BASE], code, n);
    memset(&cpu, 0, sizeof cpu);
    cpu.eip = CODE;
    cpu.r[4] = STACK_TOP;
    cpu.eflags = 0x202;
    cms_host_xflags = 0;
    died_sig = unsupported_len = undecodable = syscalls = 0;
    xl_dc_flush();
}

/* Runs n instructions; returns 0, or the signal the guest died of. */
static int run(uint32_t n)
{
    if (setjmp(died)) return died_sig;
    cms_interp_steps(&cpu, n);
    return 0;
}

static uint32_t g32(uint32_t va) { uint32_t v; memcpy(&v, &guest[va - MEM_BASE], 4); return v; }
static void s32(uint32_t va, uint32_t v) { memcpy(&guest[va - MEM_BASE], &v, 4); }
#define LOAD(...) do { static const uint8_t c_[] = {__VA_ARGS__}; load(c_, sizeof c_); } while (0)
enum { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI };
#define FL(m) (cms_host_xflags & (m))

/* ---- tests ---------------------------------------------------------------------------------- */
static void test_mov_add(void **s)
{
    (void)s;
    LOAD(0xb8, 5, 0, 0, 0, /* mov eax, 5 */
         0x89, 0xc3,       /* mov ebx, eax */
         0x01, 0xd8);      /* add eax, ebx */
    assert_int_equal(run(3), 0);
    assert_int_equal(cpu.r[EAX], 10);
    assert_int_equal(cpu.r[EBX], 5);
    assert_int_equal(cpu.eip, CODE + 9);
    assert_int_equal(FL(XF_ZF | XF_CF | XF_SF), 0);
}

static void test_sub_flags(void **s)
{
    (void)s;
    LOAD(0xb8, 1, 0, 0, 0, 0x83, 0xe8, 0x02); /* mov eax,1; sub eax,2 */
    assert_int_equal(run(2), 0);
    assert_int_equal(cpu.r[EAX], 0xffffffffu);
    assert_int_equal(FL(XF_CF | XF_SF | XF_ZF | XF_OF), XF_CF | XF_SF);
}

/* decode_misses as the firmware reports it (the front end counts in 32 bits between syncs) */
static uint64_t dc_misses(void)
{
    xl_dc_sync_stats();
    return cms_stats.decode_misses;
}

static void test_loop_sum_and_cache(void **s)
{
    (void)s;
    LOAD(0xb9, 10, 0, 0, 0, /* mov ecx, 10 */
         0x31, 0xc0,        /* xor eax, eax */
         0x01, 0xc8,        /* l: add eax, ecx */
         0x49,              /* dec ecx */
         0x75, 0xfb);       /* jnz l */
    uint64_t miss0 = dc_misses(), ret0 = cms_stats.x86_retired;
    assert_int_equal(run(2 + 3 * 10), 0);
    assert_int_equal(cpu.r[EAX], 55);
    assert_int_equal(cpu.r[ECX], 0);
    assert_int_equal(cpu.eip, CODE + 12);
    assert_int_equal(dc_misses() - miss0, 5); /* each EIP decoded once */
    assert_int_equal(cms_stats.x86_retired - ret0, 32);
}

/* Entries the translator's lookups fill (xl_dc_insn) run in the interpreter without a second
 * decode, first generically, then through their fast handler; a code change re-decodes. */
static void test_shared_cache(void **s)
{
    (void)s;
    LOAD(0xb9, 3, 0, 0, 0, /* mov ecx, 3 */
         0x31, 0xc0,       /* xor eax, eax */
         0x01, 0xc8,       /* l: add eax, ecx */
         0x49,             /* dec ecx */
         0x75, 0xfb);      /* jnz l */
    uint64_t miss0 = dc_misses();
    static const uint32_t at[] = {0, 5, 7, 9, 10};
    for (unsigned i = 0; i < 5; i++) {
        const struct xl_insn *x = xl_dc_insn(CODE + at[i]);
        assert_non_null(x);
        assert_int_equal(x->len, i == 0 ? 5 : i == 3 ? 1 : 2);
    }
    assert_null(xl_dc_insn(MEM_BASE + MEM_SIZE - 4)); /* may run into the unmapped page */
    assert_int_equal(dc_misses() - miss0, 5);
    assert_int_equal(run(2 + 3 * 3), 0);
    assert_int_equal(cpu.r[EAX], 6);
    assert_int_equal(dc_misses() - miss0, 5);
    uint64_t flushes = cms_stats.decode_flushes;
    code_change_hook();
    assert_int_equal(cms_stats.decode_flushes, flushes + 1);
    cpu.eip = CODE;
    assert_int_equal(run(2 + 3 * 3), 0);
    assert_int_equal(cpu.r[EAX], 6);
    assert_int_equal(dc_misses() - miss0, 10);
    stats_sync_hook();
    assert_int_equal(cms_stats.interp_retired, cms_stats.x86_retired);
    /* every decoded byte's chunk was marked as code (the cache calls the platform once per
     * chunk it goes on decoding in); a store over the ADD (7..8) drops that entry only, and the
     * chunk still holds the others */
    assert_int_equal(marked_lo, CODE);
    assert_int_equal((marked_hi - 1) / CMS_CODE_CHUNK, (CODE + 11) / CMS_CODE_CHUNK);
    assert_ptr_equal(code_written_hook, xl_dc_code_written);
    uint64_t inv0 = cms_stats.smc_insns_invalidated;
    assert_int_equal(code_written_hook(CODE + 7, CODE + 8, CODE, CODE + 64), 1);
    assert_int_equal(cms_stats.smc_insns_invalidated - inv0, 1);
    guest[CODE + 7 - MEM_BASE] = 0x29; /* l: sub eax, ecx */
    cpu.eip = CODE;
    marked_lo = ~0u, marked_hi = 0;
    assert_int_equal(run(2 + 3 * 3), 0);
    assert_int_equal(cpu.r[EAX], (uint32_t)-6);
    assert_int_equal(dc_misses() - miss0, 11);
    /* the hook may have cleared the chunk's mark: the new decode marks it again */
    assert_int_equal(marked_lo, CODE + 7);
    assert_int_equal(marked_hi, CODE + 9);
    /* a chunk none of them touches: nothing dropped, nothing left there */
    assert_int_equal(code_written_hook(CODE + 0x40, CODE + 0x44, CODE + 0x40, CODE + 0x80), 0);
    assert_int_equal(cms_stats.smc_insns_invalidated - inv0, 1);
    /* a store over the whole loop: all five go, nothing stays */
    assert_int_equal(code_written_hook(CODE, CODE + 12, CODE, CODE + 64), 0);
    assert_int_equal(cms_stats.smc_insns_invalidated - inv0, 6);
}

static void test_call_ret_push_pop(void **s)
{
    (void)s;
    LOAD(0x68, 0x78, 0x56, 0x34, 0x12, /* push 0x12345678 */
         0xe8, 0x02, 0, 0, 0,          /* call +2 */
         0x5b, 0xf4,                   /* pop ebx; hlt */
         0x8b, 0x44, 0x24, 0x04,       /* f: mov eax, [esp+4] */
         0xc3);                        /* ret */
    assert_int_equal(run(5), 0);
    assert_int_equal(cpu.r[EAX], 0x12345678u);
    assert_int_equal(cpu.r[EBX], 0x12345678u);
    assert_int_equal(cpu.r[ESP], STACK_TOP);
    assert_int_equal(cpu.eip, CODE + 11);
    assert_int_equal(run(1), 11); /* hlt in user mode: SIGSEGV */
}

static void test_byte_regs(void **s)
{
    (void)s;
    LOAD(0xb8, 0x34, 0x12, 0, 0, /* mov eax, 0x1234 */
         0x88, 0xc4,             /* mov ah, al */
         0x66, 0x05, 0x01, 0x01, /* add ax, 0x101 */
         0x80, 0xc4, 0xcc);      /* add ah, 0xcc */
    assert_int_equal(run(2), 0);
    assert_int_equal(cpu.r[EAX], 0x3434);
    assert_int_equal(run(1), 0);
    assert_int_equal(cpu.r[EAX], 0x3535);
    assert_int_equal(run(1), 0);
    assert_int_equal(cpu.r[EAX], 0x0135);
    assert_int_equal(FL(XF_CF), XF_CF);
}

static void test_muldiv(void **s)
{
    (void)s;
    LOAD(0xb8, 0xff, 0xff, 0xff, 0xff, /* mov eax, -1 */
         0xb9, 2, 0, 0, 0,             /* mov ecx, 2 */
         0xf7, 0xe1,                   /* mul ecx */
         0xf7, 0xf1,                   /* div ecx */
         0xb8, 0xf9, 0xff, 0xff, 0xff, /* mov eax, -7 */
         0x99,                         /* cdq */
         0xf7, 0xf9,                   /* idiv ecx */
         0x6b, 0xc0, 0xfd,             /* imul eax, eax, -3 */
         0x31, 0xc9,                   /* xor ecx, ecx */
         0xf7, 0xf1);                  /* div ecx */
    assert_int_equal(run(3), 0);
    assert_int_equal(cpu.r[EDX], 1);
    assert_int_equal(cpu.r[EAX], 0xfffffffeu);
    assert_int_equal(FL(XF_CF | XF_OF), XF_CF | XF_OF);
    assert_int_equal(run(1), 0);
    assert_int_equal(cpu.r[EAX], 0xffffffffu);
    assert_int_equal(cpu.r[EDX], 0);
    assert_int_equal(run(3), 0);
    assert_int_equal(cpu.r[EAX], (uint32_t)-3);
    assert_int_equal(cpu.r[EDX], (uint32_t)-1);
    assert_int_equal(run(1), 0);
    assert_int_equal(cpu.r[EAX], 9);
    assert_int_equal(run(2), 8); /* divide by zero: SIGFPE */
    assert_int_equal(cpu.eip, CODE + 27);
}

static void test_idiv_overflow(void **s)
{
    (void)s;
    LOAD(0xb8, 0, 0, 0, 0x80, 0x99, 0xb9, 0xff, 0xff, 0xff, 0xff, 0xf7, 0xf9); /* INT_MIN / -1 */
    assert_int_equal(run(4), 8);
}

static void test_memory_and_segments(void **s)
{
    (void)s;
    LOAD(0xbb, 0x00, 0x40, 0, 0,             /* mov ebx, 0x4000 */
         0xbe, 2, 0, 0, 0,                   /* mov esi, 2 */
         0xc7, 0x44, 0xb3, 0xfc, 0x11, 0x22, 0x33, 0x44, /* mov dword [ebx+esi*4-4], 0x44332211 */
         0x0f, 0xb6, 0x4b, 0x05,             /* movzx ecx, byte [ebx+5] */
         0x0f, 0xbf, 0x53, 0x06,             /* movsx edx, word [ebx+6] */
         0xb8, 0x33, 0, 0, 0,                /* mov eax, 0x33 */
         0x8e, 0xe8,                         /* mov gs, ax */
         0x65, 0xa1, 0x10, 0, 0, 0,          /* mov eax, gs:[0x10] */
         0x8d, 0x7c, 0x73, 0x10);            /* lea edi, [ebx+esi*2+0x10] */
    s32(0x5010, 0xcafef00d);
    assert_int_equal(run(9), 0);
    assert_int_equal(g32(DATA + 4), 0x44332211u);
    assert_int_equal(cpu.r[ECX], 0x22);
    assert_int_equal(cpu.r[EDX], 0x4433);
    assert_int_equal(cpu.seg[5], 0x33);
    assert_int_equal(cpu.seg_base[5], 0x5000);
    assert_int_equal(cpu.r[EAX], 0xcafef00du);
    assert_int_equal(cpu.r[EDI], 0x4014);
}

static void test_strings(void **s)
{
    (void)s;
    LOAD(0xbe, 0x00, 0x40, 0, 0, /* mov esi, 0x4000 */
         0xbf, 0x00, 0x48, 0, 0, /* mov edi, 0x4800 */
         0xb9, 6, 0, 0, 0,       /* mov ecx, 6 */
         0xf3, 0xa4,             /* rep movsb */
         0xbf, 0x00, 0x48, 0, 0, /* mov edi, 0x4800 */
         0x31, 0xc0,             /* xor eax, eax */
         0xb9, 0xff, 0xff, 0xff, 0xff, /* mov ecx, -1 */
         0xf2, 0xae,             /* repne scasb */
         0xfd,                   /* std */
         0xb8, 0x41, 0x41, 0x41, 0x41, /* mov eax, 'AAAA' */
         0xbf, 0x08, 0x50, 0, 0, /* mov edi, 0x5008 */
         0xb9, 3, 0, 0, 0,       /* mov ecx, 3 */
         0xf3, 0xab,             /* rep stosd (downwards) */
         0xfc);                  /* cld */
    memcpy(&guest[DATA - MEM_BASE], "hello\0", 6);
    assert_int_equal(run(4), 0);
    assert_memory_equal(&guest[0x4800 - MEM_BASE], "hello\0", 6);
    assert_int_equal(cpu.r[ESI], 0x4006);
    assert_int_equal(cpu.r[EDI], 0x4806);
    assert_int_equal(cpu.r[ECX], 0);
    assert_int_equal(run(4), 0);
    assert_int_equal(~cpu.r[ECX] - 1, 5); /* strlen idiom */
    assert_int_equal(FL(XF_ZF), XF_ZF);
    assert_int_equal(run(6), 0);
    assert_int_equal(g32(0x5000), 0x41414141u);
    assert_int_equal(g32(0x5008), 0x41414141u);
    assert_int_equal(g32(0x4ffc), 0xf4f4f4f4u); /* untouched below */
    assert_int_equal(cpu.r[EDI], 0x4ffc);
    assert_int_equal(cpu.eflags & CMS_EFLAGS_DF, 0);
}

static void test_cmps(void **s)
{
    (void)s;
    LOAD(0xbe, 0x00, 0x40, 0, 0, 0xbf, 0x00, 0x48, 0, 0, 0xb9, 8, 0, 0, 0,
         0xf3, 0xa6); /* repe cmpsb */
    memcpy(&guest[DATA - MEM_BASE], "abcXefgh", 8);
    memcpy(&guest[0x4800 - MEM_BASE], "abcYefgh", 8);
    assert_int_equal(run(4), 0);
    assert_int_equal(cpu.r[ECX], 4);
    assert_int_equal(cpu.r[ESI], 0x4004);
    assert_int_equal(FL(XF_ZF | XF_CF), XF_CF); /* 'X' < 'Y' */
}

static void test_atomics_and_bits(void **s)
{
    (void)s;
    LOAD(0xbb, 0x00, 0x40, 0, 0,   /* mov ebx, 0x4000 */
         0xb8, 7, 0, 0, 0,         /* mov eax, 7 */
         0xba, 9, 0, 0, 0,         /* mov edx, 9 */
         0xf0, 0x0f, 0xb1, 0x13,   /* lock cmpxchg [ebx], edx : equal -> store 9 */
         0xf0, 0x0f, 0xb1, 0x13,   /* again: not equal -> eax = 9 */
         0xf0, 0x0f, 0xc1, 0x13,   /* lock xadd [ebx], edx : [ebx]=18, edx=9 */
         0xb9, 0xdf, 0xff, 0xff, 0xff, /* mov ecx, -33 */
         0x0f, 0xab, 0x4b, 0x08,   /* bts [ebx+8], ecx : bit -33 from 0x4008 = 0x4003 bit 7 */
         0x31, 0xf6,               /* xor esi, esi */
         0xbf, 0x55, 0, 0, 0,      /* mov edi, 0x55 */
         0x0f, 0xbc, 0xfe,         /* bsf edi, esi : zero source, edi unchanged, ZF=1 */
         0x0f, 0xbd, 0xc2);        /* bsr eax, edx : 3 */
    s32(DATA, 7);
    assert_int_equal(run(4), 0);
    assert_int_equal(g32(DATA), 9);
    assert_int_equal(FL(XF_ZF), XF_ZF);
    assert_int_equal(run(1), 0);
    assert_int_equal(cpu.r[EAX], 9);
    assert_int_equal(run(1), 0);
    assert_int_equal(g32(DATA), 18);
    assert_int_equal(cpu.r[EDX], 9);
    assert_int_equal(run(2), 0);
    assert_int_equal(guest[0x4003 - MEM_BASE], 0x80);
    assert_int_equal(FL(XF_CF), 0);
    assert_int_equal(run(3), 0);
    assert_int_equal(cpu.r[EDI], 0x55);
    assert_int_equal(FL(XF_ZF), XF_ZF);
    assert_int_equal(run(1), 0);
    assert_int_equal(cpu.r[EAX], 3);
    assert_int_equal(FL(XF_ZF), 0);
}

static void test_cmpxchg8b(void **s)
{
    (void)s;
    LOAD(0xbe, 0x00, 0x40, 0, 0, 0xb8, 1, 0, 0, 0, 0xba, 2, 0, 0, 0, 0xbb, 3, 0, 0, 0,
         0xb9, 4, 0, 0, 0, 0x0f, 0xc7, 0x0e, 0x0f, 0xc7, 0x0e);
    s32(DATA, 1);
    s32(DATA + 4, 2);
    assert_int_equal(run(6), 0);
    assert_int_equal(g32(DATA), 3);
    assert_int_equal(g32(DATA + 4), 4);
    assert_int_equal(FL(XF_ZF), XF_ZF);
    assert_int_equal(run(1), 0);
    assert_int_equal(cpu.r[EAX], 3);
    assert_int_equal(cpu.r[EDX], 4);
    assert_int_equal(FL(XF_ZF), 0);
}

static void test_shifts(void **s)
{
    (void)s;
    LOAD(0xb8, 0x01, 0, 0, 0x80, /* mov eax, 0x80000001 */
         0xd1, 0xf8,             /* sar eax, 1 */
         0xba, 0x00, 0, 0, 0xf0, /* mov edx, 0xf0000000 */
         0x0f, 0xa4, 0xd0, 0x04, /* shld eax, edx, 4 */
         0xb1, 0x00,             /* mov cl, 0 */
         0xd3, 0xe0,             /* shl eax, cl : no change at all */
         0xc1, 0xc0, 0x08,       /* rol eax, 8 */
         0x0f, 0xac, 0xd0, 0x04);/* shrd eax, edx, 4 */
    assert_int_equal(run(2), 0);
    assert_int_equal(cpu.r[EAX], 0xc0000000u);
    assert_int_equal(FL(XF_CF | XF_SF), XF_CF | XF_SF);
    assert_int_equal(run(2), 0);
    assert_int_equal(cpu.r[EAX], 0x0000000fu);
    assert_int_equal(FL(XF_CF), 0);
    uint32_t f = cms_host_xflags;
    assert_int_equal(run(2), 0);
    assert_int_equal(cms_host_xflags, f);
    assert_int_equal(run(1), 0);
    assert_int_equal(cpu.r[EAX], 0x00000f00u);
    assert_int_equal(run(1), 0);
    assert_int_equal(cpu.r[EAX], 0x000000f0u); /* edx's low nibble (0) shifted in on top */
    assert_int_equal(FL(XF_CF | XF_ZF), 0);
}

static void test_setcc_cmov_flags(void **s)
{
    (void)s;
    LOAD(0xb8, 5, 0, 0, 0,   /* mov eax, 5 */
         0x83, 0xf8, 0x07,   /* cmp eax, 7 */
         0x0f, 0x9c, 0xc1,   /* setl cl */
         0x0f, 0x97, 0xc5,   /* seta ch */
         0xba, 9, 0, 0, 0,   /* mov edx, 9 */
         0x0f, 0x4c, 0xc2,   /* cmovl eax, edx */
         0x9c,               /* pushfd */
         0x5e,               /* pop esi */
         0x9f,               /* lahf */
         0xf9, 0xf5,         /* stc; cmc */
         0x68, 0x00, 0x04, 0x20, 0x00, /* push 0x200400 (DF, ID) */
         0x9d);              /* popfd */
    assert_int_equal(run(6), 0);
    assert_int_equal(cpu.r[ECX] & 0xffff, 0x0001);
    assert_int_equal(cpu.r[EAX], 9);
    assert_int_equal(run(3), 0);
    assert_int_equal(cpu.r[ESI] & 0x8d5, XF_CF | XF_SF | XF_AF); /* 5 - 7 = 0xfffffffe */
    assert_int_equal(cpu.r[ESI] & 0x202, 0x202);
    assert_int_equal((cpu.r[EAX] >> 8) & 0xff, (cpu.r[ESI] & 0xd5) | 2);
    assert_int_equal(run(2), 0);
    assert_int_equal(FL(XF_CF), 0);
    assert_int_equal(run(2), 0);
    assert_int_equal(cpu.eflags & (CMS_EFLAGS_DF | CMS_EFLAGS_ID), CMS_EFLAGS_DF | CMS_EFLAGS_ID);
    assert_int_equal(FL(0x8d5), 0);
}

static void test_enter_leave_loop(void **s)
{
    (void)s;
    LOAD(0xbd, 0x34, 0x12, 0, 0, /* mov ebp, 0x1234 */
         0xc8, 0x10, 0x00, 0x00, /* enter 16, 0 */
         0xc9,                   /* leave */
         0xb9, 3, 0, 0, 0,       /* mov ecx, 3 */
         0x40,                   /* l: inc eax */
         0xe2, 0xfd,             /* loop l */
         0xe3, 0x00);            /* jecxz +0 */
    assert_int_equal(run(2), 0);
    assert_int_equal(cpu.r[EBP], STACK_TOP - 4);
    assert_int_equal(cpu.r[ESP], STACK_TOP - 20);
    assert_int_equal(run(1), 0);
    assert_int_equal(cpu.r[EBP], 0x1234);
    assert_int_equal(cpu.r[ESP], STACK_TOP);
    assert_int_equal(run(1 + 6 + 1), 0);
    assert_int_equal(cpu.r[EAX], 3);
    assert_int_equal(cpu.eip, CODE + 20);
}

static void test_int80_cpuid(void **s)
{
    (void)s;
    LOAD(0xb8, 4, 0, 0, 0, 0xcd, 0x80, /* mov eax, 4; int 0x80 */
         0x31, 0xc0, 0x0f, 0xa2,       /* xor eax, eax; cpuid */
         0xb8, 1, 0, 0, 0, 0x0f, 0xa2);/* mov eax, 1; cpuid */
    assert_int_equal(run(2), 0);
    assert_int_equal(syscalls, 1);
    assert_int_equal(syscall_eip, CODE + 7);
    assert_int_equal(cpu.r[EAX], 42);
    assert_int_equal(run(2), 0);
    char v[13] = {0};
    memcpy(v, &cpu.r[EBX], 4);
    memcpy(v + 4, &cpu.r[EDX], 4);
    memcpy(v + 8, &cpu.r[ECX], 4);
    assert_string_equal(v, "MorphCMSx86 ");
    assert_true(cpu.r[EAX] >= 1);
    assert_int_equal(run(2), 0);
    assert_int_equal(cpu.r[EDX], CMS_CPUID1_EDX);
    assert_int_equal(cpu.r[ECX], CMS_CPUID1_ECX);
}

/* CPUID leaf 7 reports BMI1, BMI2, ADX and the x87 behaviour bits of --x87 (docs/x87.md): EBX
 * bit 6 FDP_EXCPTN_ONLY and bit 13 FCS/FDS deprecated for intel, neither for amd. */
static void test_cpuid_x87_mode(void **s)
{
    (void)s;
    static const uint32_t want[2] = {CMS_CPUID7_EBX, CMS_CPUID7_EBX | 1u << 6 | 1u << 13};
    for (unsigned mode = MORPH_X87_AMD; mode <= MORPH_X87_INTEL; mode++) {
        LOAD(0x31, 0xc0, 0x0f, 0xa2,              /* xor eax, eax; cpuid */
             0xb8, 7, 0, 0, 0, 0x31, 0xc9, 0x0f, 0xa2); /* mov eax, 7; xor ecx, ecx; cpuid */
        cms_config.x87_mode = mode;
        assert_int_equal(run(2), 0);
        assert_int_equal(cpu.r[EAX], 7); /* highest standard leaf */
        assert_int_equal(run(3), 0);
        assert_int_equal(cpu.r[EBX], want[mode]);
        assert_int_equal(cpu.r[EAX] | cpu.r[ECX] | cpu.r[EDX], 0);
    }
    cms_config.x87_mode = MORPH_X87_AMD;
}

/* SGDT, SIDT, STR, SMSW, SLDT: the values of Linux's UMIP emulation (cms_desc.h) */
static void test_system_tables(void **s)
{
    (void)s;
    LOAD(0x0f, 0x01, 0x05, 0x00, 0x40, 0, 0, /* sgdt [0x4000] */
         0x0f, 0x01, 0x0d, 0x08, 0x40, 0, 0, /* sidt [0x4008] */
         0x0f, 0x00, 0xc8,                   /* str eax */
         0x0f, 0x01, 0xe3,                   /* smsw ebx */
         0x66, 0x0f, 0x01, 0xe1,             /* smsw cx */
         0x0f, 0x00, 0xc2,                   /* sldt edx */
         0x0f, 0x01, 0xf9,                   /* rdtscp */
         0xb8, 0x01, 0, 0, 0x80, 0x0f, 0xa2); /* mov eax, 0x80000001; cpuid */
    s32(DATA, 0xffffffff), s32(DATA + 4, 0xffffffff), s32(DATA + 8, 0xffffffff), s32(DATA + 12, 0xffffffff);
    cpu.r[ECX] = 0x12345678, cpu.r[EDX] = 0x12345678;
    assert_int_equal(run(6), 0);
    assert_int_equal(g32(DATA), CMS_UMIP_GDT_BASE << 16);
    assert_int_equal(g32(DATA + 4), 0xffff0000u | CMS_UMIP_GDT_BASE >> 16);
    assert_int_equal(g32(DATA + 8), CMS_UMIP_IDT_BASE << 16);
    assert_int_equal(cpu.r[EAX], CMS_SEL_TSS);
    assert_int_equal(cpu.r[EBX], CMS_UMIP_CR0);
    assert_int_equal(cpu.r[ECX], 0x12340000u | (CMS_UMIP_CR0 & 0xffff));
    assert_int_equal(cpu.r[EDX], 0); /* no LDT */
    cpu.r[ECX] = 0x55555555;
    assert_int_equal(run(1), 0);
    assert_int_equal(cpu.r[ECX], CMS_TSC_AUX);
    assert_int_equal(run(2), 0);
    assert_int_equal(cpu.r[ECX], CMS_CPUID81_ECX);
    assert_int_equal(cpu.r[EDX], CMS_CPUID81_EDX);
}

static void test_guest_deaths(void **s)
{
    (void)s;
    LOAD(0x66, 0x0f, 0xef, 0xc0); /* pxor xmm0, xmm0: SSE is out of scope */
    assert_int_equal(run(1), 4);
    assert_int_equal(unsupported_len, 4);
    LOAD(0xcc);
    assert_int_equal(run(1), 5);
    LOAD(0x0f, 0x0b);
    assert_int_equal(run(1), 4);
    assert_int_equal(unsupported_len, 0);
    LOAD(0xf0, 0x89, 0xd8); /* lock mov: invalid */
    assert_int_equal(run(1), 4);
    assert_int_equal(undecodable, 1);
    LOAD(0xcd, 0x04); /* int 4 */
    assert_int_equal(run(1), 11);
    LOAD(0xcd, 0x03); /* int 3, two-byte form */
    assert_int_equal(run(1), 5);
    /* mov eax, imm32 cut by the end of mapped memory */
    LOAD(0x90);
    cpu.eip = MEM_BASE + MEM_SIZE - 3;
    guest[MEM_SIZE - 3] = 0xb8;
    assert_int_equal(run(1), 11);
}

/* x87 through the interpreter (cms/interp/x87.c; the arithmetic is tested in test_softfloat and
 * end to end by test-x87): stack, memory forms, FCOMI flags, FNSTSW, delayed SIGFPE. */
static void test_x87(void **s)
{
    (void)s;
    uint32_t d = 0x8000;
    LOAD(0xd9, 0xe8,                   /* fld1 */
         0xd9, 0xe8,                   /* fld1 */
         0xde, 0xc1,                   /* faddp st(1), st */
         0xdb, 0x1d, 0, 0x80, 0, 0,    /* fistp dword [0x8000] */
         0xdd, 0x05, 4, 0x80, 0, 0,    /* fld qword [0x8004] */
         0xd9, 0xfa,                   /* fsqrt */
         0xd9, 0xee,                   /* fldz */
         0xdb, 0xf1,                   /* fcomi st, st(1) */
         0xdf, 0xe0,                   /* fnstsw ax */
         0xdd, 0x1d, 12, 0x80, 0, 0);  /* fstp qword [0x800c] */
    s32(d + 4, 0);
    s32(d + 8, 0x40220000u); /* 9.0 */
    assert_int_equal(run(4), 0);
    assert_int_equal(g32(d), 2);
    assert_int_equal(run(4), 0);
    assert_int_equal(cms_host_xflags & (XF_CF | XF_PF | XF_ZF), XF_CF); /* 0 < 3 */
    assert_int_equal(run(2), 0);
    assert_int_equal(cpu.r[EAX] & 0xffff, 6u << 11); /* TOP = 6, no flags */
    assert_int_equal(g32(d + 12), 0);
    assert_int_equal(g32(d + 16), 0);
    assert_int_equal(cpu.fpu.top, 7); /* fstp popped: only 3.0 remains, in ST(0) */
    assert_int_equal(cpu.fpu.full, 1u << 7);

    /* unmasked ZE: nothing happens at the FDIV, SIGFPE at the next waiting instruction */
    LOAD(0xd9, 0x2d, 0, 0x80, 0, 0,    /* fldcw [0x8000] */
         0xd9, 0xe8, 0xd9, 0xee,       /* fld1; fldz */
         0xde, 0xf9,                   /* fdivp st(1), st: 1 / 0 */
         0xdf, 0xe0,                   /* fnstsw ax: no-wait */
         0x9b);                        /* fwait */
    s32(d, 0x037b);
    assert_int_equal(run(5), 0);
    assert_int_equal(cpu.r[EAX] & 0xffff, 0xb084); /* B ES ZE, TOP 6 (no pop), C0-C3 zero */
    assert_int_equal(run(1), 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mov_add),          cmocka_unit_test(test_sub_flags),
        cmocka_unit_test(test_loop_sum_and_cache), cmocka_unit_test(test_shared_cache),
        cmocka_unit_test(test_call_ret_push_pop),
        cmocka_unit_test(test_byte_regs),        cmocka_unit_test(test_muldiv),
        cmocka_unit_test(test_idiv_overflow),    cmocka_unit_test(test_memory_and_segments),
        cmocka_unit_test(test_strings),          cmocka_unit_test(test_cmps),
        cmocka_unit_test(test_atomics_and_bits), cmocka_unit_test(test_cmpxchg8b),
        cmocka_unit_test(test_shifts),           cmocka_unit_test(test_setcc_cmov_flags),
        cmocka_unit_test(test_enter_leave_loop), cmocka_unit_test(test_int80_cpuid),
        cmocka_unit_test(test_cpuid_x87_mode), cmocka_unit_test(test_system_tables),
        cmocka_unit_test(test_x87),
        cmocka_unit_test(test_guest_deaths),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
