/* Dispatcher of the staged emulation (docs/translator.md): interprets cold blocks while counting
 * their executions, translates a block once its count reaches the threshold, enters translated
 * code, and handles every way out of it: exit stubs (chaining them to their target once that is
 * translated), JTLB misses (writing the entry), faults (rollback, then the interpreter
 * re-executes from the last commit and delivers the fault at the exact instruction). */
#include "cms_signal.h"
#include "cms_thread.h"
#include <stddef.h>
#include "cms.h"
#include "cms_htif.h"
#include "cms_interp.h"
#include "cms_mm.h"
#include "layout.h"
#include "morph_isa.h"
#include "morph_decode.h"
#include "xl_bbt.h"
#include "xl_cache.h"
#include "xl_dcache.h"
#include "fuse.h"
#include "xl_passes.h"
#include "xl_dispatch.h"
#include "xl_emit.h"
#include "xl_hw.h"
#include "xl_lift.h"
#include "xl_log.h"
#include "interp/x87.h"

_Static_assert(offsetof(struct cms_cpu, seg_base[CMS_GS]) == 72, "xl_enter.S CPU_GS_BASE");
_Static_assert(offsetof(struct cms_cpu, eip) == 32, "xl_enter.S CPU_EIP");
_Static_assert(offsetof(struct cms_cpu, r[CMS_EDI]) == 28, "cms/start.S: EAX..EDI at r[0..7]");

#define XL_JTLB_TARGET_WEIGHT 4  /* profile weight of an execution that came from a JTLB miss */
/* instructions per interpreted block at most: where a block's translation would end, so that
 * straight-line code longer than that is profiled (and translated) a block at a time; with 256,
 * each 48-instruction block of SHA-512's unrolled rounds was interpreted 3,840 times over
 * before its translation (mbedtls: 10% of the cycles interpreting, docs/translator.md) */
#define XL_BLOCK_INTERP_MAX XL_BBT_MAX_INSNS

uint32_t xl_trap(uint32_t cause, uint32_t tval, uint32_t epc, uint32_t *frame);

static uint32_t xl_threshold;

/* The executions before a block is translated again after `smc` of its translations were
 * dropped for self-modifying code: the threshold doubled that many times, within the count. */
static uint32_t smc_threshold(uint32_t smc)
{
    const uint32_t cap = XL_COUNT_MAX - XL_JTLB_TARGET_WEIGHT;
    return xl_threshold > cap >> smc ? cap : xl_threshold << smc;
}
static uint32_t xl_exit_tval;

/* Counters kept in x4/x30/x31 by translated code (basic blocks count their x86 instructions
 * in x31, superblocks in x4); drained at every exit. */
static void drain(const uint32_t *frame)
{
    uint32_t x86 = frame[XR_XCOUNT] + frame[XR_SCOUNT];
    cms_stats.bbt_exits_chained += frame[XR_CHAINS];
    cms_stats.bbt_x86_executed += x86;
    cms_stats.sbt_x86_executed += frame[XR_SCOUNT];
    cms_stats.x86_retired += x86; /* the interpreter counts its own there */
}

static uint32_t xl_quantum; /* 0: no timer */

/* A timer or host interrupt in translated code (docs/firmware.md "Interrupts"): with no host
 * event pending, re-arm the quantum and resume precisely where the code was (mret); with one,
 * leave through a rollback to the last commit point, an x86 instruction boundary, where the
 * dispatcher sees the events. */
static uint32_t interrupt(uint32_t *frame)
{
    if (xl_quantum) xl_hw_timer_arm(xl_quantum);
    /* another guest thread's turn (cms_thread.c), or a host event: out at the commit point */
    if (!cms_thread_due() && !cms_hw_host_event() && cms_htif(HTIF_CMD_EVENTS, HTIF_EV_PEEK, 0, 0, 0) == 0)
        return 0;
    drain(frame);
    return XL_R_EVENT | XL_R_ROLLBACK;
}

/* x87 from translated code (docs/translator.md "x87 from translated code"). Translated code
 * committed at the run's first instruction and xexits through its XL_STUB_X87 stub; the trap
 * entry (cms/start.S xl_trap_x87_entry) stored EAX..EDI in cms_cur_cpu and reloads EAX from
 * there. xl_trap_x87 runs the run's instructions with the interpreter's x87 routine while each
 * is safe (no guest fault, no SIGFPE: then it changes only the FPU state, guest memory and EAX)
 * and resumes after the stub; otherwise it leaves with xl_x87_resume = the instruction the
 * interpreter runs (it delivers the fault or signal from exactly the state it would have reached
 * itself), the x86 counter uncounted by what translated code does not execute. */
static uint32_t xl_x87_resume;
#define XL_X87_POOL_ENTRIES XL_X87_POOL_MAX
/* bbt_x87_calls and bbt_x87_insns since the last sync_stats: 32-bit adds (the 64-bit counters
 * cost a call 12 ops) */
static uint32_t x87_calls, x87_insns;
/* The same for the block translator's counters (bbt_blocks, bbt_x86_translated,
 * bbt_iops_emitted, bbt_flag_elided): five 64-bit updates cost every block about 30 ops. */
static uint32_t bb_blocks, bb_x86, bb_iops, bb_elided;

/* xl_trap_x87's frame slots of x1 and x5 (dead at an xexit): the activity before the trap, and
 * the EIP after the run, which the trap entry commits (cms/start.S) */
#define XR_X87_ACT 1
#define XR_X87_EIP 5

/* The end of a call of stub tval whose first i instructions ran, eip the first that did not:
 * 0 (resume after the stub, the trap entry commits at eip) when the
 * whole run ran, else the exit, after which the dispatcher interprets the instruction at eip. */
static __attribute__((noinline)) uint32_t x87_end(uint32_t tval, uint32_t *frame, unsigned i, uint32_t eip)
{
    const uint32_t kind = xl_stub_kind((const uint32_t *)(uintptr_t)tval);
    const unsigned n = (kind >> XL_X87K_N_SHIFT) & 15;
    x87_insns += i;
    if (i == n) {
        frame[0] = tval + XL_STUB_WORDS * 4; /* mret to the op after the stub */
        frame[XR_X87_EIP] = eip;
        return 0;
    }
    cms_set_activity(frame[XR_X87_ACT]);
    unsigned after = (kind >> XL_X87K_AFTER_SHIFT) & 63;
    frame[(kind >> XL_X87K_SB_SHIFT) & 1 ? XR_SCOUNT : XR_XCOUNT] -= n - i + after;
    xl_x87_resume = eip;
    cms_stats.bbt_x87_declined++;
    return xl_trap(CAUSE_XEXIT, tval, frame[0], frame);
}

/* One instruction: its operand's address from the frame when translated code computed it */
static inline int x87_exec(struct cms_cpu *cpu, const struct xl_x87_op *o, const uint32_t *frame, uint32_t eip)
{
    if (o->ea_reg) return cms_x87_exec_if_safe_at(cpu, &o->x, o->acc, eip, frame[o->ea_reg], o->probed);
    return cms_x87_exec_if_safe(cpu, &o->x, o->acc, eip);
}

/* A run of several instructions: each in turn while the helper takes it. */
static __attribute__((noinline)) uint32_t x87_run(uint32_t tval, uint32_t *frame)
{
    const uint32_t *s = (const uint32_t *)(uintptr_t)tval;
    const uint32_t kind = xl_stub_kind(s);
    const unsigned n = (kind >> XL_X87K_N_SHIFT) & 15;
    const struct xl_x87_op *o = &xl_x87_pool[kind >> XL_X87K_IDX_SHIFT];
    struct cms_cpu *cpu = cms_cur_cpu;
    uint32_t eip = xl_stub_target(s);
    unsigned i;
    for (i = 0; i < n; i++, o++) {
        if (!x87_exec(cpu, o, frame, eip)) break;
        eip += o->x.len;
    }
    return x87_end(tval, frame, i, eip);
}

/* An x87 stub's xexit (cms/start.S xl_trap_x87_entry, activity interp: the interpreter's x87
 * routines): the helper, then (done) the op after the stub, the state committed at the EIP after
 * the run, else the exit. A run of one instruction (most of lua's: 1.2 a call) calls the helper
 * straight and keeps only tval and frame across the call, reading the rest again after it (the
 * loop's values had cost thirteen saved registers a call). */
uint32_t xl_trap_x87(uint32_t tval, uint32_t *frame)
{
    const uint32_t *s = (const uint32_t *)(uintptr_t)tval;
    const uint32_t kind = xl_stub_kind(s);
    x87_calls++;
    if (((kind >> XL_X87K_N_SHIFT) & 15) != 1) return x87_run(tval, frame);
    const struct xl_x87_op *o = &xl_x87_pool[kind >> XL_X87K_IDX_SHIFT];
    if (!x87_exec(cms_cur_cpu, o, frame, xl_stub_target(s)))
        return x87_end(tval, frame, 0, xl_stub_target(s));
    /* s and its pool entry read again: nothing but tval and frame lives across the call */
    s = (const uint32_t *)(uintptr_t)tval;
    frame[XR_X87_EIP] = xl_stub_target(s) + xl_x87_pool[xl_stub_kind(s) >> XL_X87K_IDX_SHIFT].x.len;
    frame[0] = tval + XL_STUB_WORDS * 4; /* mret to the op after the stub */
    x87_insns++;
    return 0;
}

uint32_t xl_trap(uint32_t cause, uint32_t tval, uint32_t epc, uint32_t *frame)
{
    int write = -1;
    if (cause & CSRV_MCAUSE_INTERRUPT) return interrupt(frame);
    switch (cause) {
    case CAUSE_GTLB_MISS_LOAD: write = 0; break;
    case CAUSE_GTLB_MISS_STORE: write = 1; break;
    case CAUSE_GUEST_PROT: {
        uint32_t insn = *(const uint32_t *)(uintptr_t)epc;
        /* a guest store to a page the page map may make writable; a refused load can only
         * target concealed memory: firmware bug (reported below) */
        if (morph_opcode(insn | 2u) == OPC_GSW) write = 1;
        break;
    }
    case CAUSE_JTLB_MISS:
        drain(frame);
        xl_exit_tval = tval;
        return XL_R_JTLB;
    case CAUSE_XEXIT:
        drain(frame);
        xl_exit_tval = tval;
        return XL_R_EXIT;
    default: break;
    }
    if (write >= 0) {
        unsigned prev = cms_hw_get_activity();
        cms_set_activity(CMSACT_TRAP);
        int r = cms_mm_fault(tval, write);
        cms_set_activity(prev);
        if (r == CMS_MM_FAULT_OK) return 0; /* refilled: mret re-executes the access in translated mode */
        /* a guest fault, or a store to a code page (self-modifying code): roll back to the last
         * commit; the interpreter re-executes from there, completes the store (its own trap
         * drops the code it overwrote, maybe this very translation) and fetches what follows
         * afresh */
        if (r == CMS_MM_FAULT_CODE) cms_stats.smc_translated_stores++;
        drain(frame);
        return XL_R_FAULT | XL_R_ROLLBACK;
    }
    cms_printf("morph: firmware bug: trap cause %u in translated code at pc 0x%08x, mtval 0x%08x "
               "(block entered at eip 0x%08x)\n",
               cause, epc, tval, cms_cur_cpu ? cms_cur_cpu->eip : 0);
    cms_exit(CMS_EXIT_FIRMWARE_BUG);
}

/* xl_fetch_dc's general case: a decode-cache miss, the block's first instruction (a new range
 * of x86 bytes), a cache too small to hold a block without conflicts. */
static __attribute__((noinline)) const struct xl_insn *fetch_slow(uint32_t eip, struct xl_insn *buf)
{
    const struct xl_insn *x = xl_dc_insn(eip); /* the x86 front end's decoded-instruction cache */
    if (!x) return NULL;
    /* the translation's x86 bytes: a store to them kills it */
    if (!xl_cache_range_add(eip, x->len)) return NULL;
    /* direct-mapped by EIP: the instructions of one block (closer than XL_BBT_MAX_SPAN bytes)
     * never share a slot when the cache has more slots than that, so none evicts another */
    if (xl_dc_mask < XL_BBT_MAX_SPAN) {
        *buf = *x;
        return buf;
    }
    return x;
}

const struct xl_insn *xl_fetch_dc(uint32_t eip, struct xl_insn *buf, void *ctx)
{
    (void)ctx;
    /* the usual case, with no frame: a hit right after the instruction fetched before */
    const struct xl_dc_entry *e = &xl_dc_table[eip & xl_dc_mask];
    if (__builtin_expect(e->tag != eip || xl_dc_mask < XL_BBT_MAX_SPAN || !xl_cache_range_grow(eip, e->x.len), 0))
        return fetch_slow(eip, buf);
    return &e->x;
}

/* xl_fetch_dc for superblock paths: a path follows jumps and calls anywhere, so two of its
 * instructions may share a decode-cache slot, and fetching the second would overwrite the first
 * under the translator (found by fuzz-x86: a path from a loop into a callee 64 KiB away lifted
 * the callee's SHL as the caller's MOV). Always a copy into buf. */
const struct xl_insn *xl_fetch_dc_copy(uint32_t eip, struct xl_insn *buf, void *ctx)
{
    const struct xl_insn *x = xl_fetch_dc(eip, buf, ctx);
    if (x && x != buf) {
        *buf = *x;
        return buf;
    }
    return x;
}

/* Translates the block at eip (the caller's entry may move if the cache flushes). */
static uint32_t *translate(uint32_t eip, struct xl_entry *e)
{
    uint32_t gen = xl_cache_gen;
    struct xl_bbt_result res;
    /* -d out_asm and op group the I-ops by instruction */
    res.want_insn_ops = cms_log_on(MORPH_LOG_OUT_ASM | MORPH_LOG_OP);
    cms_set_activity(CMSACT_TRANSLATE);
    xl_cache_ranges_begin();
    uint32_t *buf = xl_cache_room(XL_BBT_MAX_WORDS + xl_entry_words);
    if (!buf) {
        xl_cache_flush();
        buf = xl_cache_room(XL_BBT_MAX_WORDS + xl_entry_words);
        if (!buf) cms_panic("code cache smaller than one block");
    }
    /* the chained entry with --count-chains (counts chained transfers), then the block */
    uint32_t words = xl_bbt_translate(eip, buf + xl_entry_words, XL_BBT_MAX_WORDS, XL_BBT_MAX_INSNS, xl_fetch_dc, NULL, &res);
    uint32_t *code = XL_CODE_INTERP;
    if (words) {
        xl_encode_entry(buf);
        xl_cache_used(words + xl_entry_words);
        code = buf + xl_entry_words;
        xl_cache_note(code, eip);
        bb_blocks++;
        bb_x86 += res.ninsn;
        bb_iops += res.iops + xl_entry_words;
        bb_elided += res.flag_ops_elided;
        if (cms_log_on(MORPH_LOG_CMS))
            cms_log_event("translate block 0x%08x: %u x86 instructions, %u words at 0x%08x", eip, res.ninsn, words,
                          (uint32_t)(uintptr_t)code);
        if (cms_log_on(MORPH_LOG_IN_ASM | MORPH_LOG_OUT_ASM)) xl_log_translation(0, eip, NULL, code, words, &res);
    } else if (cms_log_on(MORPH_LOG_CMS)) {
        cms_log_event("translate block 0x%08x: its first instruction is left to the interpreter", eip);
    }
    /* e is eip's entry unless a cache flush above emptied the map: then look it up again (it
     * is inserted into an empty map, which cannot flush and drop the code just written) */
    if (gen != xl_cache_gen) e = xl_map_get(eip);
    xl_map_set_code(e, code);
    cms_set_activity(CMSACT_DISPATCH);
    return code;
}

/* -d cms: which instruction a fallback interprets, so that what is left to translate can be
 * counted (sort | uniq -c over the log). Out of line: no cost without -d. */
static __attribute__((noinline)) void log_fallback(uint32_t eip)
{
    const struct xl_insn *x = xl_dc_insn(eip);
    cms_log_event("interpret 0x%08x: %s (left to the interpreter)", eip, x ? xl_op_name(x->op) : "?");
}

/* Interprets the instruction at cpu->eip, which the translator leaves to the interpreter.
 * (Running on through following such instructions costs a decode-cache lookup each and
 * measured slower on x87 code: single steps.) */
static void interp_fallbacks(struct cms_cpu *cpu)
{
    if (cms_log_on(MORPH_LOG_CMS)) log_fallback(cpu->eip);
    cms_interp_steps(cpu, 1);
    cms_stats.bbt_fallbacks++;
}

/* JTLB entries the fast refill wrote (xl_enter.S; a word, added into the 64-bit total). */
extern uint32_t xl_jtlb_fast_fills;
static uint32_t jtlb_fast_synced;

/* The passes' running totals (blocks and superblocks), into cms_stats at exit. */
static void sync_stats(void)
{
    cms_stats.bbt_x87_calls += x87_calls;
    cms_stats.bbt_x87_insns += x87_insns;
    x87_calls = x87_insns = 0;
    cms_stats.bbt_blocks += bb_blocks;
    cms_stats.bbt_x86_translated += bb_x86;
    cms_stats.bbt_iops_emitted += bb_iops;
    cms_stats.bbt_flag_elided += bb_elided;
    bb_blocks = bb_x86 = bb_iops = bb_elided = 0;
    cms_stats.bbt_cache_bytes = xl_cache_bytes_used(); /* in use at exit */
    cms_stats.bbt_jtlb_fast_fills += xl_jtlb_fast_fills - jtlb_fast_synced;
    jtlb_fast_synced = xl_jtlb_fast_fills;
    cms_stats.bbt_fuse_pairs = fuse_totals.pairs;
    cms_stats.bbt_fuse_moved = fuse_totals.moved;
#define XL_FUSE_REJ_(r) cms_stats.bbt_fuse_rej_##r = fuse_totals.rejected[FUSE_R_##r];
    FUSE_REASONS(XL_FUSE_REJ_)
#undef XL_FUSE_REJ_
    cms_stats.bbt_sched_moved = xl_sched_moved;
}

static _Noreturn void dispatch_loop(struct cms_cpu *cpu);
static _Noreturn void dispatch_loop_logged(struct cms_cpu *cpu);

_Noreturn void xl_dispatch_run(struct cms_cpu *cpu)
{
    static const uint8_t sched_mode[] = {[MORPH_SCHED_DEFAULT] = XL_SCHED_DEFAULT, [MORPH_SCHED_OFF] = XL_SCHED_OFF,
                                         [MORPH_SCHED_SB] = XL_SCHED_SB, [MORPH_SCHED_ALL] = XL_SCHED_ALL};
    cms_set_activity(CMSACT_BOOT); /* start-up: the code cache and its map; the loop sets its own */
    xl_threshold = cms_config.bbt_threshold ? cms_config.bbt_threshold : XL_THRESHOLD_DEFAULT;
    if (xl_threshold > XL_COUNT_MAX - XL_JTLB_TARGET_WEIGHT) xl_threshold = XL_COUNT_MAX - XL_JTLB_TARGET_WEIGHT;
    cms_stats.bbt_threshold = xl_threshold;
    xl_sbt_threshold = cms_config.sbt_threshold == MORPH_SBT_OFF ? 0
                       : cms_config.sbt_threshold ? cms_config.sbt_threshold : XL_SBT_THRESHOLD_DEFAULT;
    cms_stats.sbt_threshold = xl_sbt_threshold;
    if (cms_config.sbt_heads) xl_sbt_heads = cms_config.sbt_heads;
    fuse_chosen = cms_config.fusion < FUSE_ID_COUNT ? cms_config.fusion : FUSE_ID_none;
    cms_stats.bbt_fusion = fuse_chosen;
    if (cms_config.core.width) fuse_core_from_knobs(&fuse_core, &cms_config.core); /* 0: no core sent */
    if (cms_config.gsb_depth) xl_gsb_depth = cms_config.gsb_depth; /* 0: the default's */
    xl_sched_set(cms_config.sched < sizeof sched_mode ? sched_mode[cms_config.sched] : XL_SCHED_DEFAULT);
    xl_fuse_blocks = cms_config.flags & MORPH_CFG_FUSION_BLOCKS_SAME ? XL_FUSE_BLOCKS_SAME : XL_FUSE_BLOCKS_DEFAULT;
    cms_stats.bbt_sched = xl_sched;
    cms_hook_stats_sync(sync_stats);
    xl_entry_words = (cms_config.flags & MORPH_CFG_COUNT_CHAINS) != 0; /* before the first translation */
    xl_cache_init(cms_config.code_cache_size ? cms_config.code_cache_size : CMS_CODE_CACHE_DEFAULT, xl_sbt_threshold != 0);
    xl_x87_pool_init(cms_alloc_uninit(XL_X87_POOL_ENTRIES * (uint32_t)sizeof(struct xl_x87_op), 4),
                     XL_X87_POOL_ENTRIES);

    cms_hook_code_change(xl_cache_flush); /* translations of changed code go too */
    if (cms_log_on(MORPH_LOG_OP)) xl_bbt_stage_hook = xl_log_stage; /* -d op: the IR after each stage */
    xl_quantum = cms_config.quantum == MORPH_QUANTUM_OFF ? 0
                 : cms_config.quantum ? cms_config.quantum : MORPH_QUANTUM_DEFAULT;
    if (xl_quantum) xl_hw_timer_arm(xl_quantum);
    xl_hw_irq_enable((xl_quantum ? CSRV_MIP_MTIP : 0) | CSRV_MIP_MEIP);
    xl_hw_jtlbinv();
    if (cpu->seg_base[CMS_CS]) cms_panic("interp: CS base must be 0 (zero slot)");

    /* a guest fault whose handler frame was set up comes back here, and the loop starts afresh
     * at the handler (no chaining or JTLB fill pending) */
    (void)setjmp(cms_signal_resume);
    if (cms_log_on(MORPH_LOG_EXEC | MORPH_LOG_CMS)) dispatch_loop_logged(cpu);
    dispatch_loop(cpu);
}

/* The loop, in two copies: `logged` (a constant in each) compiles -d exec and cms's records in,
 * so that a run without them has none of their tests in the loop. */
static inline __attribute__((always_inline)) _Noreturn void dispatch_loop_(struct cms_cpu *cpu, const int logged)
{
    uint32_t *chain_stub = NULL, chain_gen = 0;
    int jtlb_fill = 0;
    const int log_exec = logged && cms_log_on(MORPH_LOG_EXEC), log_cms = logged && cms_log_on(MORPH_LOG_CMS);
    for (;;) {
        cms_set_activity(CMSACT_DISPATCH);
        if (__builtin_expect(cms_thread_multi, 0) && cms_thread_tick(cpu)) {
            chain_stub = NULL; /* the exit just taken was another thread's */
            jtlb_fill = 0;
        }
        uint32_t eip = cpu->eip;
        if (__builtin_expect((cpu->eflags & (CMS_EFLAGS_DF | CMS_EFLAGS_TF)) | cpu->segmented, 0)) {
            /* translations assume DF = 0 (string ops go up, CLD is free), TF = 0 and flat DS,
             * ES, SS; only interpreted instructions (STD, POPF, segment loads; sigreturn) change
             * them, POPF ends a block and a segment load ends the interpreter's, so checking
             * here before entering suffices. TF: one instruction, then the trap. */
            chain_stub = NULL;
            jtlb_fill = 0;
            if (cpu->eflags & CMS_EFLAGS_TF) cms_interp_single_step(cpu);
            else cms_interp_block(cpu, XL_BLOCK_INTERP_MAX);
            continue;
        }
        struct xl_entry *e = xl_map_get(eip);
        uint32_t *code = e->code;
        if (!code) {
            /* an indirect target reached from translated code is hot: it counts 4 times, so
             * that fewer JTLB lookups miss while it is still interpreted */
            e->count += jtlb_fill ? XL_JTLB_TARGET_WEIGHT : 1;
            /* code that keeps being rewritten is translated less and less eagerly */
            uint32_t need = e->smc ? smc_threshold(e->smc) : xl_threshold;
            if (e->count < need) {
                chain_stub = NULL;
                jtlb_fill = 0;
                cms_interp_block(cpu, XL_BLOCK_INTERP_MAX);
                continue;
            }
            code = translate(eip, e);
            /* a counted exit that reached the superblock threshold before its target had a
             * translation (a path cut short in the middle of a block) is considered now */
            if (xl_sbt_threshold && chain_stub && chain_gen == xl_cache_gen && code != XL_CODE_INTERP &&
                xl_stub_count(chain_stub) >= xl_sbt_threshold && xl_stub_count(chain_stub) < XL_STUB_COUNT_MAX) {
                xl_sbt_consider(chain_stub);
                code = e->code;
            }
        }
        if (code == XL_CODE_INTERP) {
            chain_stub = NULL;
            jtlb_fill = 0;
            interp_fallbacks(cpu);
            continue;
        }
        if (chain_stub && chain_gen == xl_cache_gen) {
            xl_link_chain(chain_stub, code);
            cms_stats.bbt_chains++;
            if (log_cms)
                cms_log_event("chain exit stub 0x%08x to 0x%08x (eip 0x%08x)", (uint32_t)(uintptr_t)chain_stub,
                              (uint32_t)(uintptr_t)code, eip);
        }
        if (jtlb_fill && chain_gen == xl_cache_gen) {
            xl_hw_jtlbw(eip, code);
            cms_stats.bbt_jtlb_fills++;
            if (log_cms) cms_log_event("JTLB fill eip 0x%08x -> 0x%08x", eip, (uint32_t)(uintptr_t)code);
        }
        chain_stub = NULL;
        jtlb_fill = 0;

        cms_stats.bbt_enters++;
        if (xl_code_dirty) { /* code written since the last entry: fetch it fresh */
            xl_hw_fence_i();
            xl_code_dirty = 0;
        }
        if (log_exec) xl_log_exec(eip, code);
        uint32_t r = xl_enter(cpu, code);
        switch (r & 0xff) {
        case XL_R_EXIT: {
            uint32_t *s = (uint32_t *)(uintptr_t)xl_exit_tval;
            cpu->eip = xl_stub_target(s);
            cms_stats.bbt_exits_unchained++;
            if ((xl_stub_kind(s) & 0xff) == XL_STUB_INTERP1) {
                interp_fallbacks(cpu);
            } else if ((xl_stub_kind(s) & 0xff) == XL_STUB_DEAD) {
                /* a translation dropped for self-modifying code: the map says what runs now;
                 * the exit may have come through a JTLB entry, which the new translation of
                 * the EIP replaces (a chained exit never gets here twice: it is not patched) */
                jtlb_fill = 1;
                chain_gen = xl_cache_gen;
            } else if ((xl_stub_kind(s) & 0xff) == XL_STUB_X87) { /* the helper declined */
                cpu->eip = xl_x87_resume;
                interp_fallbacks(cpu);
            } else if (!xl_sbt_threshold) {
                chain_stub = s; /* patched once the target has a translation */
                chain_gen = xl_cache_gen;
            } else {
                /* superblock profile: the stub counts its exits and is chained at the
                 * threshold, when its block may head a superblock */
                uint32_t c = xl_stub_count_inc(s);
                if (c >= xl_sbt_threshold) {
                    uint32_t gen = xl_cache_gen;
                    if (c == xl_sbt_threshold) xl_sbt_consider(s);
                    if (gen == xl_cache_gen) {
                        chain_stub = s;
                        chain_gen = xl_cache_gen;
                    }
                }
            }
            break;
        }
        case XL_R_JTLB:
            cpu->eip = xl_exit_tval;
            cms_stats.bbt_jtlb_exits++;
            jtlb_fill = 1;
            chain_gen = xl_cache_gen;
            break;
        case XL_R_FAULT:
            /* rolled back: re-execute from the commit point one instruction at a time; the
             * faulting instruction delivers its fault from the interpreter */
            cpu->eip = xl_commit_eip(xl_hw_commit_at(), xl_hw_commit_eip());
            cms_stats.bbt_rollbacks++;
            if (log_cms)
                cms_log_event("rollback to 0x%08x (a guest fault or a store to code): interpreted from there", cpu->eip);
            cms_interp_block(cpu, XL_BLOCK_INTERP_MAX);
            break;
        case XL_R_EVENT:
            /* rolled back to the commit point, an x86 instruction boundary: the host's
             * events are taken here and signals from outside delivered */
            cpu->eip = xl_commit_eip(xl_hw_commit_at(), xl_hw_commit_eip());
            cms_stats.bbt_rollbacks++;
            if (log_cms) cms_log_event("rollback to 0x%08x (a host event)", cpu->eip);
            cms_signal_async(cpu);
            break;
        default:
            cms_panic("dispatcher: bad exit reason 0x%x", r);
        }
    }
}

static _Noreturn __attribute__((noinline)) void dispatch_loop(struct cms_cpu *cpu) { dispatch_loop_(cpu, 0); }
static _Noreturn __attribute__((noinline)) void dispatch_loop_logged(struct cms_cpu *cpu) { dispatch_loop_(cpu, 1); }
