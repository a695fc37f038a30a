/* Firmware-wide API of the CMS platform: console, allocation, exit paths, guest death,
 * instruction messages, activity tags and the shared globals. */
#ifndef CMS_H
#define CMS_H
#include <stdarg.h>
#include <stdint.h>
#include "morph/cmsact.h"
#include "morph/htif.h"
#include "cms_cpu.h"
#include "cms_hw.h"

/* CPUID.1:EDX morph reports; the loader passes the same value as AT_HWCAP.
 * FPU | TSC | CX8 | CMOV: what morph implements, so glibc picks plain i686 code paths. */
#define CMS_CPUID1_EDX ((1u << 0) | (1u << 4) | (1u << 8) | (1u << 15))
/* The other feature words: CPUID.1:ECX MOVBE (22) | POPCNT (23); CPUID.(7,0):EBX BMI1 (3) | BMI2 (8)
 * | ADX (19); CPUID.80000001H:ECX LZCNT (5, "ABM"), EDX RDTSCP (27). Each is an instruction morph
 * executes. */
#define CMS_CPUID1_ECX ((1u << 22) | (1u << 23))
#define CMS_CPUID7_EBX ((1u << 3) | (1u << 8) | (1u << 19))
#define CMS_CPUID81_ECX (1u << 5)
#define CMS_CPUID81_EDX (1u << 27)
/* IA32_TSC_AUX as Linux sets it (node << 12 | CPU): RDTSCP's ECX */
#define CMS_TSC_AUX 0u

extern struct morph_config cms_config;
extern struct cms_stats cms_stats;
extern struct cms_cpu *cms_cur_cpu; /* current guest, for fault messages (NULL before load) */
/* The x86 front end's bitmap of mnemonics decoded (x86/xl_decode.h), registered at start-up by
 * cms_main.c; cms_exit hands it to the host. */
extern const uint32_t *cms_mnemonics_seen;
extern uint32_t cms_mnemonics_size;

/* Console output through HTIF. Own formatter: %s %d %i %u %x %X %c %p %% with optional '-',
 * '0' and width; length modifiers l (32-bit, same as none) and ll (64-bit). Lines are not
 * prefixed: callers write "morph: ..." themselves. */
void cms_printf(const char *fmt, ...);
void cms_vprintf(const char *fmt, va_list ap);
/* Format into buf (always NUL-terminated when size > 0); returns the untruncated length. */
int cms_snprintf(char *buf, uint32_t size, const char *fmt, ...);
int cms_vsnprintf(char *buf, uint32_t size, const char *fmt, va_list ap);

/* Bump allocator in the concealed heap. Never returns NULL: exhaustion kills the run (70).
 * Memory is zeroed. align must be a power of two (0 means 8). */
void *cms_alloc(uint32_t size, uint32_t align);
/* The same without zeroing, for memory always written before it is read (the code cache:
 * clearing its 4 MiB cost about 2 M cycles of every run's start-up). */
void *cms_alloc_uninit(uint32_t size, uint32_t align);

/* Send cms_stats (HTIF_CMD_STATS), then HTIF_CMD_EXIT with status. */
_Noreturn void cms_exit(int status);
/* Print "morph: <why>" (when why is not NULL) and exit with 128+sig. */
_Noreturn void cms_guest_die(int sig, const char *why);
/* The guest's SIGSEGV for a read or write of va (the message names unmapped or read-only). */
_Noreturn void cms_guest_segv(uint32_t va, int write);
/* The trap handler is left for good (a guest fault delivered to a handler from inside it): its
 * nesting count starts again (cms_trap.c). */
void cms_trap_abandon(void);
/* Host disassembles and prints (enum htif_insn_msg kind). */
void cms_insn_msg(unsigned kind, uint32_t eip, const uint8_t *bytes, unsigned len);
/* "morph: unsupported x86 instruction '...' at 0x..." and exit 132 (SIGILL). */
_Noreturn void cms_unsupported(uint32_t eip, const uint8_t *bytes, unsigned len);
/* Firmware bug or impossible state: print and exit 70 (EX_SOFTWARE). */
_Noreturn void cms_panic(const char *fmt, ...);

/* morph run -d KEYS (MORPH_LOG_* in include/morph/htif.h): is key on? Call sites test it before
 * building a record, so a run without -d pays one load and branch there. */
static inline int cms_log_on(uint32_t key) { return __builtin_expect((cms_config.log & key) != 0, 0); }
/* -d cms: one event line (cms_printf's format) into the host's log (HTIF_CMD_LOG). */
void cms_log_event(const char *fmt, ...);

static inline void cms_set_activity(unsigned act) { cms_hw_set_activity(act); }

/* Hooks the layers above register at start-up, so that the platform never names them (a small
 * fixed list each; one more than fits is a firmware bug). Code change: guest code pages were
 * unmapped or changed protection, so decoded instructions and translations of them must go
 * (the syscall layer notifies after such a call). Stats sync: bring derived counters of
 * cms_stats up to date (cms_exit runs it before sending them). */
#define CMS_HOOKS_MAX 8
void cms_hook_code_change(void (*fn)(void));
void cms_notify_code_change(void);
void cms_hook_stats_sync(void (*fn)(void));
/* Code written: a guest store wrote [lo, hi) of a code page (cms_mm.c, self-modifying code).
 * Each hook drops what it derived from bytes in [lo, hi) (decoded instructions, translations)
 * and returns 1 if it still holds something derived from bytes in the chunk [clo, chi), whose
 * code bit the platform clears when no hook does. */
typedef int (*cms_code_written_fn)(uint32_t lo, uint32_t hi, uint32_t clo, uint32_t chi);
void cms_hook_code_written(cms_code_written_fn fn);
int cms_notify_code_written(uint32_t lo, uint32_t hi, uint32_t clo, uint32_t chi);
void cms_sync_stats(void);

#define CMS_EXIT_FIRMWARE_BUG 70

#endif
