/* morph run -g PORT: the guest under a debugger (docs/usage.md "Debugging the guest").
 *
 * The host speaks gdb's remote protocol (sim/sim_gdb.c); the firmware owns the guest, so every
 * stop, register, memory access and breakpoint goes through here (HTIF_CMD_GDB). The guest runs
 * in the interpreter (nothing is translated while a debugger is attached), so every x86
 * instruction boundary is a stop point with the exact state. Breakpoints (gdb's Z0 and Z1
 * alike) are addresses checked before each instruction near them; guest memory is never patched
 * for them. Away from breakpoints and single steps it runs a basic block at a time (at most
 * GDB_RUN instructions, all of them sequential from EIP, so none can be a breakpoint's when no
 * breakpoint lies within GDB_RUN * XL_MAX_LEN bytes), close to the interpreter's own speed. */
#include "cms_gdb.h"
#include <string.h>
#include "cms.h"
#include "cms_errno.h"
#include "cms_guest.h"
#include "cms_htif.h"
#include "cms_interp.h"
#include "cms_mm.h"
#include "cms_signal.h"
#include "cms_syscall.h"
#include "cms_thread.h"
#include "cms_xalu.h"
#include "interp/x87.h"
#include "xl_decode.h" /* XL_MAX_LEN */

#define GDB_SIGINT 2
#define GDB_SIGTRAP 5
#define GDB_POLL_EVERY 16384u /* instructions (at least) between looks at the host's events and for ^C */
#define GDB_RUN 64u             /* instructions of one basic-block run away from breakpoints */

static struct htif_gdb *gdb_blk; /* on the heap (not in bss: a run without -g never zeroes it) */
static uint32_t breaks[HTIF_GDB_BREAKS], nbreaks;
static int stepping;

static int break_at(uint32_t eip)
{
    for (uint32_t i = 0; i < nbreaks; i++)
        if (breaks[i] == eip) return 1;
    return 0;
}

/* a breakpoint where a basic-block run from eip could go */
static int break_near(uint32_t eip)
{
    for (uint32_t i = 0; i < nbreaks; i++)
        if (breaks[i] - eip < GDB_RUN * XL_MAX_LEN) return 1;
    return 0;
}

static int32_t break_set(uint32_t a)
{
    if (break_at(a)) return 0;
    if (nbreaks == HTIF_GDB_BREAKS) return -CMS_ENOMEM;
    breaks[nbreaks++] = a;
    return 0;
}

static int32_t break_clear(uint32_t a)
{
    for (uint32_t i = 0; i < nbreaks; i++)
        if (breaks[i] == a) {
            breaks[i] = breaks[--nbreaks];
            return 0;
        }
    return -CMS_ENOENT;
}

/* Guest memory through the page map and the guest load/store ops, as the guest would see it. */
static int32_t mem_read(uint32_t a, uint32_t n, uint8_t *out)
{
    uint32_t i = 0;
    for (; i < n; i++) {
        uint32_t va = a + i;
        if (va < a || !cms_mm_is_mapped(va)) break;
        out[i] = (uint8_t)cms_gld8(va);
    }
    return (int32_t)i;
}

/* as ptrace writes: any page the guest may read (code, read-only data too), through the frames;
 * a write to code drops what was decoded from it (docs/firmware.md "Code pages") */
static int32_t mem_write(uint32_t a, uint32_t n, const uint8_t *in)
{
    if (!cms_mm_range_ok(a, n, 0)) return -CMS_EFAULT;
    for (uint32_t i = 0; i < n; i++)
        if (cms_mm_debug_store(a + i, 1, in[i])) return -CMS_EFAULT; /* cannot happen: checked */
    return 0;
}

static void regs_out(const struct cms_cpu *cpu, struct htif_gdb *g)
{
    for (unsigned r = 0; r < 8; r++) g->gregs[r] = cpu->r[r];
    g->gregs[8] = cpu->eip;
    g->gregs[9] = cms_eflags(cpu);
    static const uint8_t order[6] = {CMS_CS, CMS_SS, CMS_DS, CMS_ES, CMS_FS, CMS_GS};
    for (unsigned s = 0; s < 6; s++) g->gregs[10 + s] = cpu->seg[order[s]];
    cms_x87_debug_regs(&cpu->fpu, g->st, g->fregs);
}

/* gdb changed registers: the host lets it change only EAX..EDI, EIP and EFLAGS (the bits a
 * user-mode POPF may change but NT, which ptrace leaves alone: CMS_EFLAGS_USER_W). */
static void regs_in(struct cms_cpu *cpu, const struct htif_gdb *g)
{
    const uint32_t user_w = CMS_EFLAGS_USER_W;
    for (unsigned r = 0; r < 8; r++) cpu->r[r] = g->gregs[r];
    cpu->eip = g->gregs[8];
    cms_xflags_write(g->gregs[9] & XF_ARITH);
    cpu->eflags = ((cpu->eflags & ~user_w) | (g->gregs[9] & user_w) | CMS_EFLAGS_FIXED) & ~XF_ARITH;
}

/* A stop: the host talks to gdb; serve what it asks of the firmware until the guest resumes. */
static void stop(struct cms_cpu *cpu, uint32_t sig)
{
    struct htif_gdb *g = gdb_blk;
    unsigned prev = cms_hw_get_activity();
    cms_set_activity(CMSACT_DISPATCH);
    regs_out(cpu, g);
    g->stop = sig;
    g->tid = (uint32_t)cms_guest_tid();
    g->regs_written = 0;
    for (;;) {
        int32_t op = cms_htif(HTIF_CMD_GDB, cms_hw_phys(g), sizeof *g, 0, 0);
        if (g->regs_written) {
            regs_in(cpu, g);
            g->regs_written = 0;
        }
        int32_t res = 0;
        uint32_t len = g->len < HTIF_GDB_DATA ? g->len : HTIF_GDB_DATA;
        switch (op) {
        case HTIF_GDB_CONT: stepping = 0; cms_set_activity(prev); return;
        case HTIF_GDB_STEP: stepping = 1; cms_set_activity(prev); return;
        case HTIF_GDB_READ: res = mem_read(g->addr, len, g->data); break;
        case HTIF_GDB_WRITE: res = mem_write(g->addr, len, g->data); break;
        case HTIF_GDB_BREAK_SET: res = break_set(g->addr); break;
        case HTIF_GDB_BREAK_CLEAR: res = break_clear(g->addr); break;
        case HTIF_GDB_DETACH:
            nbreaks = 0;
            stepping = 0;
            cms_config.flags &= ~MORPH_CFG_GDB;
            cms_set_activity(prev);
            return;
        case HTIF_GDB_KILL: cms_guest_die(9, NULL);
        default: cms_panic("gdb: bad request %d from the host", op);
        }
        g->result = res;
        g->stop = HTIF_GDB_ANSWER;
    }
}

/* a synchronous fault of the instruction at cpu->eip (its state untouched): gdb sees the signal
 * first, as ptrace shows it; the fault takes its course when gdb resumes the guest */
static void signal_stop(struct cms_cpu *cpu, uint32_t sig)
{
    if (cms_config.flags & MORPH_CFG_GDB) stop(cpu, sig);
}

_Noreturn void cms_gdb_run(struct cms_cpu *cpu)
{
    static int started;
    static uint32_t n; /* survives the longjmp */
    if (cpu->seg_base[CMS_CS]) cms_panic("interp: CS base must be 0 (zero slot)");
    /* a guest signal's handler frame was set up: go on there (and stop there when stepping) */
    if (setjmp(cms_signal_resume) && stepping) stop(cpu, GDB_SIGTRAP);
    if (!started) {
        started = 1;
        gdb_blk = cms_alloc(sizeof *gdb_blk, 4);
        cms_signal_stop_hook = signal_stop;
        stop(cpu, GDB_SIGTRAP); /* at the program's first instruction, as qemu -g */
    }
    for (;;) {
        if (!(cms_config.flags & MORPH_CFG_GDB)) cms_interp_run(cpu); /* detached */
        const uint64_t before = cms_stats.x86_retired;
        if (stepping || break_near(cpu->eip)) cms_interp_steps(cpu, 1);
        else cms_interp_block(cpu, GDB_RUN);
        if (stepping || (nbreaks && break_at(cpu->eip))) {
            stop(cpu, GDB_SIGTRAP);
            continue;
        }
        n += (uint32_t)(cms_stats.x86_retired - before);
        if (n < GDB_POLL_EVERY) continue;
        n = 0;
        gdb_blk->stop = HTIF_GDB_POLL;
        if (cms_htif(HTIF_CMD_GDB, cms_hw_phys(gdb_blk), sizeof *gdb_blk, 0, 0) > 0) stop(cpu, GDB_SIGINT);
        if (cms_htif(HTIF_CMD_EVENTS, HTIF_EV_PEEK, 0, 0, 0)) cms_signal_async(cpu);
        if (cms_thread_multi) (void)cms_thread_tick(cpu); /* another thread's turn */
    }
}
