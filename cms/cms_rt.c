/* Firmware runtime: shared globals, heap, exit paths and messages to the host. */
#include <string.h>
#include "cms.h"
#include "cms_htif.h"
#include "cms_xalu.h"
#include "layout.h"
#include "morph/memmap.h"

/* The layout's numbers come from isa/morph-facts.tbl; these check its relations. */
_Static_assert(CMS_BOUNCE_SIZE >= (1u << 20), "bounce area must be at least 1 MiB");
_Static_assert(CMS_BOUNCE_BASE + CMS_BOUNCE_SIZE <= CMS_STACK_BOTTOM, "bounce overlaps stack");
_Static_assert(CMS_STACK_TOP == MM_CONCEALED_END, "stack at the top of concealed memory");

struct morph_config cms_config;
struct cms_stats cms_stats;
struct cms_cpu *cms_cur_cpu;
const uint32_t *cms_mnemonics_seen;
uint32_t cms_mnemonics_size;

#ifndef CMS_HOST
extern char __cms_heap_start[];
static uintptr_t heap_next = (uintptr_t)__cms_heap_start;
static const uintptr_t heap_end = CMS_HEAP_END;
#else
static _Alignas(4096) char host_heap[64u << 20];
static uintptr_t heap_next = (uintptr_t)host_heap;
static const uintptr_t heap_end = (uintptr_t)host_heap + sizeof host_heap;
#endif

void *cms_alloc_uninit(uint32_t size, uint32_t align)
{
    if (!align) align = 8;
    uintptr_t p = (heap_next + align - 1) & ~(uintptr_t)(align - 1);
    if (p < heap_next || p > heap_end || heap_end - p < size)
        cms_panic("concealed heap exhausted (request of %u bytes, %u left)", size,
                  (uint32_t)(heap_end - heap_next));
    heap_next = p + size;
    return (void *)p;
}

void *cms_alloc(uint32_t size, uint32_t align) { return memset(cms_alloc_uninit(size, align), 0, size); }

#ifndef CMS_HOST
/* The firmware's memset, in place of picolibc's (16 bytes a loop, 0.5 cycles a byte on m0):
 * 64 bytes a loop, 0.3 cycles a byte, then words, then bytes. Start-up clears the code map,
 * the code-page table and the guest's zero pages (demo: 0.8 M cycles of memset); Zydis clears
 * its small structures. GCC must not turn its loops back into a call of memset. */
__attribute__((optimize("no-tree-loop-distribute-patterns"))) void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    for (; n && ((uintptr_t)d & 3); n--) *d++ = (uint8_t)c;
    uint32_t v = (uint8_t)c * 0x01010101u, *w = (uint32_t *)d;
    for (uint32_t *end = w + (n >> 6) * 16; w != end; w += 16) {
        w[0] = v, w[1] = v, w[2] = v, w[3] = v, w[4] = v, w[5] = v, w[6] = v, w[7] = v;
        w[8] = v, w[9] = v, w[10] = v, w[11] = v, w[12] = v, w[13] = v, w[14] = v, w[15] = v;
    }
    for (n &= 63; n >= 4; n -= 4) *w++ = v;
    for (d = (uint8_t *)w; n; n--) *d++ = (uint8_t)c;
    return dst;
}
#endif

struct cms_hooks {
    void (*fn[CMS_HOOKS_MAX])(void);
    uint32_t n;
};
static struct cms_hooks code_change_hooks, stats_sync_hooks;

static void hooks_add(struct cms_hooks *h, void (*fn)(void))
{
    if (h->n == CMS_HOOKS_MAX) cms_panic("more than %u hooks of one kind", CMS_HOOKS_MAX);
    h->fn[h->n++] = fn;
}

static void hooks_run(const struct cms_hooks *h)
{
    for (uint32_t i = 0; i < h->n; i++) h->fn[i]();
}

void cms_hook_code_change(void (*fn)(void)) { hooks_add(&code_change_hooks, fn); }
void cms_notify_code_change(void) { hooks_run(&code_change_hooks); }
void cms_hook_stats_sync(void (*fn)(void)) { hooks_add(&stats_sync_hooks, fn); }

static cms_code_written_fn code_written_hooks[CMS_HOOKS_MAX];
static uint32_t n_code_written_hooks;
void cms_hook_code_written(cms_code_written_fn fn)
{
    if (n_code_written_hooks == CMS_HOOKS_MAX) cms_panic("more than %u hooks of one kind", CMS_HOOKS_MAX);
    code_written_hooks[n_code_written_hooks++] = fn;
}
int cms_notify_code_written(uint32_t lo, uint32_t hi, uint32_t clo, uint32_t chi)
{
    int still = 0;
    for (uint32_t i = 0; i < n_code_written_hooks; i++) still |= code_written_hooks[i](lo, hi, clo, chi);
    return still;
}
void cms_sync_stats(void) { hooks_run(&stats_sync_hooks); }

/* A string only the firmware holds, in its rodata: tests/run-attack.sh searches the guest's
 * output for it (docs/firmware.md "Concealment"). */
static const char cms_concealed_canary[] = "MORPH-CONCEALED-CANARY: firmware memory is not the guest's";

static _Noreturn void exit_with(int status, int sig);

_Noreturn void cms_exit(int status) { exit_with(status, 0); }

/* sig: the signal that killed the guest (HTIF_CMD_EXIT's arg1: a child machine dies by it) */
static _Noreturn void exit_with(int status, int sig)
{
    __asm__ volatile("" : : "r"(cms_concealed_canary)); /* kept by the linker */
    cms_sync_stats();
    cms_htif(HTIF_CMD_STATS, cms_hw_phys(&cms_stats), sizeof cms_stats, 0, 0);
#ifndef CMS_HOST
    if (cms_mnemonics_seen)
        cms_htif(HTIF_CMD_MNEMONICS, cms_hw_phys(cms_mnemonics_seen), cms_mnemonics_size, 0, 0);
#endif
    cms_htif(HTIF_CMD_EXIT, (uint32_t)status, (uint32_t)sig, 0, 0);
    cms_hw_halt();
}

/* --dump-regs-on-fault: the registers of a guest that dies by a signal, as the state a signal
 * handler would see (EIP of the faulting instruction, nothing of it executed). */
static void dump_regs(void)
{
    const struct cms_cpu *c = cms_cur_cpu;
    if (!(cms_config.flags & MORPH_CFG_DUMP_REGS) || !c) return;
    cms_printf("morph: guest registers: eip=%08x eax=%08x ecx=%08x edx=%08x ebx=%08x esp=%08x ebp=%08x "
               "esi=%08x edi=%08x efl=%08x\n",
               c->eip, c->r[CMS_EAX], c->r[CMS_ECX], c->r[CMS_EDX], c->r[CMS_EBX], c->r[CMS_ESP],
               c->r[CMS_EBP], c->r[CMS_ESI], c->r[CMS_EDI], cms_eflags(c));
}

_Noreturn void cms_guest_die(int sig, const char *why)
{
    if (why) cms_printf("morph: %s\n", why);
    dump_regs();
    exit_with(128 + sig, sig);
}

void cms_insn_msg(unsigned kind, uint32_t eip, const uint8_t *bytes, unsigned len)
{
    uint8_t copy[16]; /* x86 instructions are at most 15 bytes */
    if (len > sizeof copy) len = sizeof copy;
    memcpy(copy, bytes, len);
    cms_htif(HTIF_CMD_INSN_MSG, kind, eip, cms_hw_phys(copy), len);
}

_Noreturn void cms_unsupported(uint32_t eip, const uint8_t *bytes, unsigned len)
{
    cms_insn_msg(HTIF_MSG_UNSUPPORTED, eip, bytes, len);
    dump_regs();
    cms_exit(128 + 4); /* SIGILL */
}

void cms_log_event(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int l = cms_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    uint32_t n = l < 0 ? 0 : l >= (int)sizeof buf ? sizeof buf - 1 : (uint32_t)l;
    cms_htif(HTIF_CMD_LOG, HTIF_LOG_CMS, cms_hw_phys(buf), n, 0);
}

_Noreturn void cms_panic(const char *fmt, ...)
{
    char buf[400];
    va_list ap;
    va_start(ap, fmt);
    cms_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cms_printf("morph: firmware error: %s\n", buf);
    cms_exit(CMS_EXIT_FIRMWARE_BUG);
}
