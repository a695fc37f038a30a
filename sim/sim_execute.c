/* Fetch and execute (rtl/morph_core.sv's pipeline): RV32IM + Zicsr + morph's extension, executed
 * directly from the fetched bits (no predecode), with the memory access paths (RAM, bus, guest
 * accesses through the GTLB and GSB) and, when configured, the caches (sim_cache.h: with them a
 * code write needs fence.i before its fetch, as on hardware). Each op is
 * decoded by sim_decoder.h, timed by sim_timing.h, its x-ALU work done by sim_xalu.c and its CSR
 * accesses by sim_csr.h; traps are entered through sim_cpu_trap (sim_cpu.c). */
#include <string.h>
#include "morph_isa.h"
#include "morph/xdec.h"
#include "sim_bpred.h"
#include "sim_cpu.h"
#include "sim_csr.h"
#include "sim_decoder.h"
#include "sim_htif.h"
#include "sim_timing.h"
#include "sim_xalu.h"

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

static inline uint32_t ld32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint32_t ld16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline void st32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void st16(uint8_t *p, uint32_t v) { uint16_t h = (uint16_t)v; memcpy(p, &h, 2); }

/* Fetch outside the fast window: boot ROM and flash in CMS mode. Returns 1 if the op cannot
 * issue (trap taken or fatal). */
static int fetch_slow(struct sim_cpu *c, uint32_t pc, uint32_t *raw)
{
    if (c->xmode) {
        sim_cpu_trap(c, pc, CAUSE_XMODE_VIOLATION, pc);
        return 1;
    }
    const uint8_t *p = sim_mem_any(c->mem, pc, 4);
    if (!p) {
        sim_cpu_fatal(c, "instruction fetch from unmapped address 0x%08x (mepc 0x%08x, mcause %u)", pc,
              c->mepc, c->mcause);
        return 1;
    }
    *raw = ld32(p);
    return 0;
}

/* Base loads outside RAM: boot ROM, flash, HTIF, the CLINT (word accesses; mtime reads `now`,
 * the op's issue cycle, as mcycle does). Returns 0 or a trap cause. */
static unsigned bus_load(struct sim_cpu *c, uint32_t addr, unsigned n, uint32_t *v, uint64_t now)
{
    const uint8_t *p = sim_mem_any(c->mem, addr, n);
    if (p) {
        *v = n == 4 ? ld32(p) : n == 2 ? ld16(p) : *p;
        return 0;
    }
    if (addr == MM_HTIF_BASE + HTIF_REG_ID && n == 4) {
        *v = MM_IMAGE_MAGIC;
        return 0;
    }
    if (n == 4 && (addr & ~4u) == MM_CLINT_BASE + CLINT_REG_MTIME) {
        *v = (uint32_t)(now >> (addr & 4 ? 32 : 0));
        return 0;
    }
    if (n == 4 && (addr & ~4u) == MM_CLINT_BASE + CLINT_REG_MTIMECMP) {
        *v = (uint32_t)(c->mtimecmp >> (addr & 4 ? 32 : 0));
        return 0;
    }
    return CAUSE_LOAD_FAULT;
}

static unsigned bus_store(struct sim_cpu *c, uint32_t addr, unsigned n, uint32_t v)
{
    if (addr == MM_HTIF_BASE + HTIF_REG_REQ && n == 4) {
        c->st.htif_requests++;
        return sim_htif_request(c, v) ? CAUSE_STORE_FAULT : 0;
    }
    if (n == 4 && (addr & ~4u) == MM_CLINT_BASE + CLINT_REG_MTIMECMP) { /* from the next op on */
        const unsigned sh = addr & 4 ? 32 : 0;
        c->mtimecmp = (c->mtimecmp & ~((uint64_t)0xffffffffu << sh)) | ((uint64_t)v << sh);
        sim_irq_update(c);
        return 0;
    }
    return CAUSE_STORE_FAULT; /* ROM, flash, mtime (the cycle count), unmapped */
}

/* Resolve the pages of a guest access (docs/isa.md section 2 check order). p[i] = host byte
 * address of byte i. Returns 0 or a trap cause with *tval set. */
static unsigned guest_xlate(struct sim_cpu *c, uint32_t va, unsigned n, int store, uint8_t *p[4],
                            uint32_t *tval)
{
    uint32_t va2 = (va | (MM_PAGE_SIZE - 1)) + 1; /* first byte of the next page */
    unsigned n1 = (va2 - va) < n ? va2 - va : n;
    uint32_t pages[2] = { va, va2 };
    uint8_t *base[2] = { 0, 0 };
    for (int k = 0; k < (n1 < n ? 2 : 1); k++) {
        struct sim_gtlb_entry *e = sim_gtlb_lookup(&c->gtlb, pages[k]);
        *tval = pages[k];
        if (!e) {
            c->st.gtlb_misses++;
            return store ? CAUSE_GTLB_MISS_STORE : CAUSE_GTLB_MISS_LOAD;
        }
        if ((store && !e->writable) || !e->host) return CAUSE_GUEST_PROT;
        base[k] = e->host + (pages[k] & (MM_PAGE_SIZE - 1));
    }
    for (unsigned i = 0; i < n; i++) p[i] = i < n1 ? base[0] + i : base[1] + (i - n1);
    return 0;
}

static unsigned guest_load_slow(struct sim_cpu *c, uint32_t va, unsigned n, uint32_t *v,
                                uint32_t *tval)
{
    uint8_t *p[4];
    unsigned cause = guest_xlate(c, va, n, 0, p, tval);
    if (cause) return cause;
    uint32_t r = 0;
    for (unsigned i = 0; i < n; i++) {
        int b = c->gsb.count ? sim_gsb_forward(&c->gsb, p[i]) : -1;
        r |= (uint32_t)(b >= 0 ? b : *p[i]) << (8 * i);
    }
    *v = r;
    return 0;
}

static unsigned guest_store_slow(struct sim_cpu *c, uint32_t pc, uint32_t va, unsigned n,
                                 uint32_t v, uint32_t *tval)
{
    uint8_t *p[4];
    unsigned cause = guest_xlate(c, va, n, 1, p, tval);
    if (cause) return cause;
    if (c->xmode) {
        if (sim_gsb_push(&c->gsb, p, v, n)) {
            *tval = pc;
            return CAUSE_XMODE_VIOLATION; /* more than GSB_DEPTH stores since the last commit */
        }
        c->st.gsb_stores++;
        return 0;
    }
    for (unsigned i = 0; i < n; i++) *p[i] = (uint8_t)(v >> (8 * i));
    return 0;
}

/* With caches: the fetch of the op at pc (in RAM, raw = its word in memory) through the fetch
 * line buffer and the L1I; *wait = the cycles it waited for the L1I (0: none). Returns 1 when
 * the L1I holds another word: the hardware would run stale code (a store to the line since its
 * fill, and no fence.i), and the model stops. */
static inline int fetch_cached(struct sim_cpu *c, uint32_t pc, uint32_t raw, const int g, uint32_t *wait)
{
    struct sim_caches *s = c->caches;
    if ((pc >> s->l1i.shift) != s->fetch_line) {
        const uint64_t m = c->st.l1i_misses;
        uint32_t st = sim_cache_fetch(s, pc);
        c->st.l1i_misses_translated += (c->st.l1i_misses - m) & c->xmode; /* code cache, not firmware */
        if (st) sim_timing_fetch_stall(c, st, g);
        *wait = st;
    }
    uint32_t w = ld32(s->fetch_data + (pc & ((1u << s->l1i.shift) - 1)));
    if (LIKELY(w == raw)) return 0;
    sim_cpu_fatal(c, "stale instruction fetch at 0x%08x: the L1I holds 0x%08x, memory 0x%08x (the line "
                  "was written after its fill and no fence.i ran since)", pc, w, raw);
    return 1;
}

/* With caches: the L1D accesses of a guest access of n bytes at va that succeeded (its pages
 * are in the GTLB), by physical address; the stall cycles. */
static uint32_t guest_cached(struct sim_cpu *c, uint32_t va, unsigned n, int write)
{
    const uint32_t last = va + n - 1, po = MM_PAGE_SIZE - 1;
    const uint32_t pa = sim_gtlb_lookup(&c->gtlb, va)->ppa | (va & po);
    if (!((va ^ last) >> MM_PAGE_SHIFT)) return sim_cache_data(c->caches, pa, n, write);
    return sim_cache_data(c->caches, pa, 1, write) +
           sim_cache_data(c->caches, sim_gtlb_lookup(&c->gtlb, last)->ppa | (last & po), 1, write);
}

/* With caches: a commit releases the gated stores into the L1D, in program order, one line
 * access per cycle (a store touching two lines is two): the stall cycles are the accesses'
 * waits plus one cycle for each line access after the first (docs/model.md "Caches"). */
static uint32_t commit_cached(struct sim_cpu *c)
{
    uint32_t st = 0, lines = 0;
    const unsigned sh = c->caches->l1d.shift;
    for (unsigned k = 0; k < c->gsb.count; k++) {
        const struct sim_gsb_entry *e = &c->gsb.e[k];
        uint32_t a = (uint32_t)(e->p[0] - c->mem->ram) + MM_RAM_BASE;
        uint32_t b = (uint32_t)(e->p[e->n - 1] - c->mem->ram) + MM_RAM_BASE;
        st += b == a + e->n - 1 ? sim_cache_data(c->caches, a, e->n, 1)
                                : sim_cache_data(c->caches, a, 1, 1) + sim_cache_data(c->caches, b, 1, 1);
        lines += 1 + ((a ^ b) >> sh != 0);
    }
    return st + (lines ? lines - 1 : 0);
}

enum sim_stop sim_cpu_step(struct sim_cpu *c)
{
    if (c->stop != SIM_RUNNING) return c->stop;
    if (c->max_cycles && c->cycles >= c->max_cycles) {
        c->stop = SIM_STOP_MAX_CYCLES;
        return c->stop;
    }
    /* every op and every trap advances cycles by at least 1 on m0; on a core that issues more
     * than one op per cycle, a "step" runs to the end of the cycle, or to the end of the op when
     * a hook is set (cosim: the run stops after each op the hook reports) */
    sim_cpu_limit(c, c->cycles + 1);
    sim_cpu_run(c);
    if (c->stop == SIM_STOP_MAX_CYCLES) c->stop = SIM_RUNNING; /* only the one-op limit */
    return c->stop;
}

/* With --bpred, the op retires here: a control op at the cost its prediction gives
 * (sim_bpred_resolve), the prediction hints (include/morph/bpred.def) act, and any other op
 * retires as without. Kept out of the loop, so the loop without a predictor compiles as it did
 * before (the loop's cases carry nothing of the predictor). x[rs1] and x[rs2] are read after
 * the op: the ops that read them here write no register (jtlbj, commit) or x0 (the slti hint). */
static __attribute__((noinline)) void retire_bp(struct sim_cpu *c, int g, uint64_t issue, uint32_t extra, uint32_t lrd,
                                                uint32_t dst, uint32_t pc, uint32_t npc, uint32_t opc, uint32_t insn,
                                                uint32_t raw, const struct sim_top *top)
{
    const uint32_t f3 = morph_funct3(insn);
    unsigned cls = opc == 0x63 ? SIM_BPK_COND : opc == 0x6f ? SIM_BPK_JAL : opc == 0x67 ? SIM_BPK_JALR : SIM_BPK_NONE;
    if (opc == OPG_XCTL) {
        if (f3 == F3_XBCC) cls = SIM_BPK_COND;
        else if (f3 == F3_JTLBJ) cls = SIM_BPK_JTLBJ;
        else if (f3 == F3_COMMIT && morph_funct7(insn) == F7_COMMIT && morph_rs2(insn))
            sim_bpred_xpush(c, c->x[morph_rs2(insn)], g ? issue : c->cycles); /* an x86 call's hint */
    } else if (opc == 0x13 && f3 == 2 && morph_rd(insn) == 0 && morph_imm_i(insn) == MORPH_HINT_XCALL_IMM) {
        sim_bpred_xpush(c, c->x[morph_rs1(insn)], g ? issue : c->cycles); /* the same in a superblock */
    }
    if (!cls) {
        c->bp->redir = extra == SIM_T_REDIRECT; /* mret, xenter: fetch redirected from EX */
        if (g) sim_timing_retire_g(c, issue, extra, lrd, dst, pc, npc, raw, top);
        else sim_timing_retire(c, extra, lrd, dst);
        return;
    }
    /* a control op touches no data: dst is 0 */
    int mis;
    const uint32_t pen = sim_bpred_resolve(c, cls, pc, insn, npc, c->x[morph_rs1(insn)], g ? issue : c->cycles, &mis);
    if (g)
        sim_timing_retire_gx(c, issue, extra | (uint32_t)mis, pen, mis ? SIM_STALL_MISPREDICT : SIM_STALL_BRANCH, 0,
                             0, pc, npc, raw, top);
    else sim_timing_retire_bp(c, pen, mis);
}

/* Cycles a redirect costs on the core the loop instance times, and the issue cycle of the op. */
#define T_REDIRECT_COST (g ? c->core.redirect : SIM_T_REDIRECT)
#define ISSUE (g ? issue_g : c->cycles)

/* The execute loop, instantiated eight times: g = 0 is the base timing routine (m0), g = 1 the
 * general one (sim_timing.h); cc = 1 looks up the caches; bp = 1 with a front-end predictor
 * (sim_bpred.h, --bpred), which then prices every control op. sim_cpu_run picks one per call,
 * so no op pays for the choice. */
static inline __attribute__((always_inline)) enum sim_stop run_loop(struct sim_cpu *c, const int g, const int cc,
                                                                    const int bp)
{
    uint32_t *const x = c->x;
    uint8_t *const ram = c->mem->ram;
    const uint32_t ram_size = c->mem->ram_size;

    for (;;) {
        /* due: an interrupt may be taken by this op (m0 without caches: its issue cycle is at
         * most one after `cycles`, so it is checked only then; the general routine, and any
         * with caches, whose fetch may wait longer, check every op) */
        int due = 0;
        if (UNLIKELY(c->cycles >= c->stop_at)) {
            if (c->stop != SIM_RUNNING || c->cycles >= c->limit_at) break;
            sim_cpu_bound(c);
            due = c->cycles >= c->stop_at;
        }
        const uint32_t pc = c->pc;
        uint32_t raw, off = pc - MM_RAM_BASE, fwait = 0; /* fwait: the op's L1I wait */
        if (LIKELY(off < c->fetch_limit)) {
            raw = ld32(ram + off);
            if (cc && fetch_cached(c, pc, raw, g, &fwait)) continue;
        } else if (fetch_slow(c, pc, &raw)) {
            continue;
        }

        unsigned cause;
        uint32_t tval;
        if (UNLIKELY(sim_dec_fuse_marked(raw))) {
            if (sim_dec_illegal_raw(raw)) { cause = CAUSE_ILLEGAL_INSN; tval = raw; goto trap; }
            c->st.fused_heads++; /* the base routine ignores the mark; the general one pairs ops by it */
        }
        const struct sim_dec d = sim_decode(raw);
        struct sim_top top;
        uint64_t issue_g = 0; /* the op's issue cycle: ISSUE (on m0 `cycles`, not kept live) */
        if (g) issue_g = sim_timing_issue_g(c, pc, d.insn, &top);
        else sim_timing_issue(c, d.insn);
        /* An interrupt is taken by the op issuing at or after irq_at, in its place: the op does
         * not execute and is the one mepc names (a fused pair's tail issues in its head's cycle,
         * so the pair is never split). */
        if (UNLIKELY((g || cc || due) && ISSUE >= c->irq_at)) {
            cause = sim_irq_cause(c);
            tval = 0;
            goto trap;
        }
        const uint32_t insn = d.insn, rd = d.rd, rs1 = d.rs1, rs2 = d.rs2, f3 = d.f3, f7 = d.f7;
        uint32_t npc = pc + 4, extra = 0, lrd = 0, t, dst = 0; /* dst: data cache stall */

        switch (d.opc) {
        case 0x37: x[rd] = morph_imm_u(insn); break; /* LUI */
        case 0x17: x[rd] = pc + morph_imm_u(insn); break; /* AUIPC */
        case 0x6f: /* JAL */
            t = pc + morph_imm_j(insn);
            if (t & 3) goto misfetch;
            x[rd] = npc;
            npc = t;
            extra = SIM_T_REDIRECT;
            break;
        case 0x67: /* JALR */
            if (f3) goto illegal;
            t = (x[rs1] + morph_imm_i(insn)) & ~1u;
            if (t & 3) goto misfetch;
            x[rd] = npc;
            npc = t;
            extra = SIM_T_REDIRECT;
            break;
        case 0x63: { /* branches */
            uint32_t a = x[rs1], b = x[rs2];
            int take;
            switch (f3) {
            case 0: take = a == b; break;
            case 1: take = a != b; break;
            case 4: take = (int32_t)a < (int32_t)b; break;
            case 5: take = (int32_t)a >= (int32_t)b; break;
            case 6: take = a < b; break;
            case 7: take = a >= b; break;
            default: goto illegal;
            }
            if (take) {
                t = pc + morph_imm_b(insn);
                if (t & 3) goto misfetch;
                npc = t;
                extra = SIM_T_REDIRECT;
            }
            break;
        }
        case 0x03: { /* loads */
            const unsigned n = sim_dec_load_size(f3);
            if (!n) goto illegal;
            if (UNLIKELY(c->xmode)) goto xviolation;
            uint32_t addr = x[rs1] + morph_imm_i(insn), v, a_off = addr - MM_RAM_BASE;
            if (addr & (n - 1)) { cause = CAUSE_MISALIGNED_LOAD; tval = addr; goto trap; }
            if (LIKELY(a_off < ram_size)) {
                const uint8_t *p = ram + a_off;
                v = n == 4 ? ld32(p) : n == 2 ? ld16(p) : *p;
                if (cc) dst = sim_cache_data(c->caches, addr, n, 0);
            } else if ((cause = bus_load(c, addr, n, &v, ISSUE)) != 0) {
                tval = addr;
                goto trap;
            }
            v = sim_dec_load_extend(f3, v);
            x[rd] = v;
            lrd = rd;
            break;
        }
        case 0x23: { /* stores */
            const unsigned n = sim_dec_store_size(f3);
            if (!n) goto illegal;
            if (UNLIKELY(c->xmode)) goto xviolation;
            uint32_t addr = x[rs1] + morph_imm_s(insn), v = x[rs2], a_off = addr - MM_RAM_BASE;
            if (addr & (n - 1)) { cause = CAUSE_MISALIGNED_STORE; tval = addr; goto trap; }
            if (LIKELY(a_off < ram_size)) {
                uint8_t *p = ram + a_off;
                if (n == 4) st32(p, v);
                else if (n == 2) st16(p, v);
                else *p = (uint8_t)v;
                if (cc) dst = sim_cache_data(c->caches, addr, n, 1);
            } else if ((cause = bus_store(c, addr, n, v)) != 0) {
                tval = addr;
                goto trap;
            }
            break;
        }
        case 0x13: { /* OP-IMM */
            uint32_t a = x[rs1], imm = morph_imm_i(insn);
            switch (f3) {
            case 0: x[rd] = a + imm; break;
            case 2: x[rd] = (int32_t)a < (int32_t)imm; break;
            case 3: x[rd] = a < imm; break;
            case 4: x[rd] = a ^ imm; break;
            case 6: x[rd] = a | imm; break;
            case 7: x[rd] = a & imm; break;
            case 1:
                if (f7) goto illegal;
                x[rd] = a << rs2;
                break;
            default: /* 5 */
                if (f7 == 0) x[rd] = a >> rs2;
                else if (f7 == 0x20) x[rd] = (uint32_t)((int32_t)a >> rs2);
                else goto illegal;
                break;
            }
            break;
        }
        case 0x33: { /* OP, M */
            uint32_t a = x[rs1], b = x[rs2];
            if (f7 == 0) {
                switch (f3) {
                case 0: x[rd] = a + b; break;
                case 1: x[rd] = a << (b & 31); break;
                case 2: x[rd] = (int32_t)a < (int32_t)b; break;
                case 3: x[rd] = a < b; break;
                case 4: x[rd] = a ^ b; break;
                case 5: x[rd] = a >> (b & 31); break;
                case 6: x[rd] = a | b; break;
                default: x[rd] = a & b; break;
                }
            } else if (f7 == 0x20) {
                if (f3 == 0) x[rd] = a - b;
                else if (f3 == 5) x[rd] = (uint32_t)((int32_t)a >> (b & 31));
                else goto illegal;
            } else if (f7 == 1) {
                int32_t sa = (int32_t)a, sb = (int32_t)b;
                switch (f3) {
                case 0: x[rd] = a * b; break;
                case 1: x[rd] = (uint32_t)(((int64_t)sa * sb) >> 32); break;
                case 2: x[rd] = (uint32_t)(((int64_t)sa * (uint64_t)b) >> 32); break;
                case 3: x[rd] = (uint32_t)(((uint64_t)a * b) >> 32); break;
                case 4:
                    x[rd] = b == 0 ? 0xffffffffu
                            : (sa == INT32_MIN && sb == -1) ? a : (uint32_t)(sa / sb);
                    break;
                case 5: x[rd] = b == 0 ? 0xffffffffu : a / b; break;
                case 6:
                    x[rd] = b == 0 ? a : (sa == INT32_MIN && sb == -1) ? 0 : (uint32_t)(sa % sb);
                    break;
                default: x[rd] = b == 0 ? a : a % b; break;
                }
                if (f3 >= 4) extra = SIM_T_DIV;
                else if (g && c->core.mul) extra = SIM_EV_MUL; /* the iterative multiplier (m0: 0) */
            } else {
                goto illegal;
            }
            break;
        }
        case 0x0f: /* FENCE (one core: nothing to order), FENCE.I (empties the L1I) */
            if (f3 > 1) goto illegal;
            if (cc && f3 == 1 && !(c->inject & SIM_INJECT_NO_FENCE_I)) sim_cache_fence_i(c->caches);
            if (bp && f3 == 1) sim_bpred_fence_i(c->bp, ISSUE); /* the BTB forgets the old code */
            break;
        case 0x73: { /* SYSTEM */
            if (f3 == 0) {
                if (insn == 0x00000073u) { cause = CAUSE_ECALL_M; tval = 0; goto trap; }
                if (insn == 0x00100073u) { cause = CAUSE_BREAKPOINT; tval = pc; goto trap; }
                if (insn == 0x30200073u) { /* MRET */
                    if (c->xmode) goto xviolation;
                    npc = c->mepc;
                    extra = SIM_T_REDIRECT;
                    if (c->prev_mode)
                        sim_timing_mode_switch(c, 1, c->instret + 1, ISSUE + 1 + T_REDIRECT_COST);
                    c->prev_mode = 0;
                    c->mstatus = (c->mstatus & CSRV_MSTATUS_MPIE ? CSRV_MSTATUS_MIE : 0) | CSRV_MSTATUS_MPIE;
                    sim_irq_update(c);
                    break;
                }
                if (insn == 0x10500073u) break; /* WFI: a no-op (the spec allows it; docs/isa.md) */
                goto illegal;
            }
            if (f3 == 4) goto illegal;
            uint32_t csr = morph_csr(insn), old, src = (f3 & 4) ? rs1 : x[rs1];
            if (c->xmode && csr != CSR_XFLAGS) goto xviolation;
            if (sim_csr_read(c, csr, &old)) goto illegal;
            if ((f3 & 3) == 1 || rs1 != 0) {
                uint32_t nv = (f3 & 3) == 1 ? src : (f3 & 3) == 2 ? old | src : old & ~src;
                if (sim_csr_write(c, csr, nv)) goto illegal;
            }
            x[rd] = old;
            break;
        }
        case OPG_GLOAD: { /* guest loads */
            const unsigned n = sim_dec_load_size(f3);
            if (!n) goto illegal;
            uint32_t va = x[rs1] + morph_imm_i(insn), v;
            struct sim_gtlb_entry *e = sim_gtlb_lookup(&c->gtlb, va);
            uint32_t po = va & (MM_PAGE_SIZE - 1);
            if (LIKELY(e && e->host && po + n <= MM_PAGE_SIZE && !c->gsb.count)) {
                const uint8_t *p = e->host + po;
                v = n == 4 ? ld32(p) : n == 2 ? ld16(p) : *p;
            } else if ((cause = guest_load_slow(c, va, n, &v, &tval)) != 0) {
                goto trap;
            }
            v = sim_dec_load_extend(f3, v);
            extra = sim_timing_split(va, n);
            if (cc) dst = guest_cached(c, va, n, 0); /* forwarded from the GSB or not */
            c->st.guest_loads++;
            x[rd] = v;
            lrd = rd;
            break;
        }
        case OPG_GSTORE: { /* guest stores */
            const unsigned n = sim_dec_store_size(f3);
            if (!n) goto illegal;
            uint32_t va = x[rs1] + morph_imm_s(insn), v = x[rs2];
            struct sim_gtlb_entry *e = sim_gtlb_lookup(&c->gtlb, va);
            uint32_t po = va & (MM_PAGE_SIZE - 1);
            if (LIKELY(e && e->host && e->writable && po + n <= MM_PAGE_SIZE && !c->xmode)) {
                uint8_t *p = e->host + po;
                if (n == 4) st32(p, v);
                else if (n == 2) st16(p, v);
                else *p = (uint8_t)v;
            } else if ((cause = guest_store_slow(c, pc, va, n, v, &tval)) != 0) {
                goto trap;
            }
            extra = sim_timing_split(va, n);
            if (cc && !c->xmode) dst = guest_cached(c, va, n, 1); /* gated: at the commit */
            c->st.guest_stores++;
            break;
        }
        case OPG_XALU: /* x-ALU */
            if (f7 >= SIM_XALU_COUNT || f3 > 2) goto illegal;
            t = sim_xalu(f7, f3, x[rs1], x[rs2], &c->xflags);
            if (UNLIKELY(c->inject & SIM_INJECT_XALU_FLAG) && f7 == SIM_XALU_ADD && f3 == 2 && !t &&
                x[rs1])
                c->xflags ^= XF_CF; /* test-only fault injection (--inject=xalu-flag) */
            x[rd] = t;
            if (g && c->core.mul && (f7 == SIM_XALU_MULF || f7 == SIM_XALU_IMULF)) extra = SIM_EV_MUL;
            break;
        case OPG_XCTL: /* conditions, control, system of the extension */
            switch (f3) {
            case F3_XBCC:
                if (sim_xcond(rs1 & 15, c->xflags)) {
                    t = pc + morph_imm_b(insn);
                    if (t & 3) goto misfetch;
                    npc = t;
                    extra = SIM_T_REDIRECT;
                }
                break;
            case F3_XSETCC:
                x[rd] = (uint32_t)sim_xcond(morph_imm_i(insn) & 15, c->xflags);
                break;
            case F3_JTLBJ:
                if (!sim_jtlb_lookup(&c->jtlb, x[rs1], &t)) {
                    c->st.jtlb_misses++;
                    cause = CAUSE_JTLB_MISS;
                    tval = x[rs1];
                    goto trap;
                }
                c->st.jtlb_hits++;
                if (t & 3) goto misfetch;
                npc = t;
                extra = SIM_T_REDIRECT;
                break;
            case F3_COMMIT:
                switch (f7) {
                case F7_COMMIT:
                    c->xcommit_eip = x[rs1];
                    c->xcommit_at = rs1 ? 0 : pc;
                    memcpy(c->shadow, &x[ISA_SHADOW_FIRST], sizeof c->shadow);
                    c->xflags_shadow = c->xflags;
                    if (cc) dst = commit_cached(c);
                    sim_gsb_drain(&c->gsb);
                    c->st.commits++;
                    break;
                case F7_ROLLBACK:
                    if (c->xmode) goto xviolation;
                    memcpy(&x[ISA_SHADOW_FIRST], c->shadow, sizeof c->shadow);
                    c->xflags = c->xflags_shadow;
                    sim_gsb_discard(&c->gsb);
                    c->st.rollbacks++;
                    break;
                case F7_GTLBW:
                    if (c->xmode) goto xviolation;
                    sim_gtlb_write(&c->gtlb, c->mem, x[rs1], x[rs2]);
                    c->st.gtlb_writes++;
                    break;
                case F7_GTLBINV:
                    if (c->xmode) goto xviolation;
                    if (rs1 == 0) sim_gtlb_inv_all(&c->gtlb);
                    else sim_gtlb_inv(&c->gtlb, x[rs1]);
                    break;
                case F7_JTLBW:
                    if (c->xmode) goto xviolation;
                    sim_jtlb_write(&c->jtlb, x[rs1], x[rs2]);
                    c->st.jtlb_writes++;
                    break;
                case F7_JTLBINV:
                    if (c->xmode) goto xviolation;
                    sim_jtlb_inv_all(&c->jtlb);
                    break;
                case F7_XENTER:
                    if (c->xmode) goto xviolation;
                    t = x[rs1];
                    if (t & 3) goto misfetch;
                    npc = t;
                    extra = SIM_T_REDIRECT;
                    sim_timing_mode_switch(c, 1, c->instret + 1, ISSUE + 1 + T_REDIRECT_COST);
                    break;
                case F7_XEXIT:
                    cause = CAUSE_XEXIT;
                    tval = x[rs1];
                    goto trap;
                default:
                    goto illegal;
                }
                break;
            case F3_XMODRM: /* the decode assist, when the core has it (knob xdec) */
                if (f7 != F7_XMODRM || !c->core.xdec) goto illegal;
                x[rd] = morph_xmodrm(x[rs1], x[rs2]);
                break;
            default:
                goto illegal;
            }
            break;
        default:
            goto illegal;
        }
        x[0] = 0;
        if (UNLIKELY(c->hook)) {
            c->hook(c, pc, raw, ISSUE, 0, 0, 0);
            c->limit_at = c->stop_at = 0; /* sim_cpu_step: one op */
        }
        const uint64_t bp_issue = bp ? ISSUE : 0;
        /* the op's fetch cycle (docs/isa.md section 9, "When"); a fused tail is fetched with its
         * head; after a redirect the fetch came before the op's L1I wait (the lookup is in ID) */
        if (bp)
            c->bp->f_cur = g && c->joined == 2 ? c->bp->f_prev
                           : c->bp->redir      ? (int64_t)bp_issue - 2 - (int64_t)fwait
                                               : c->bp->last_issue - 1;
        if (bp && (extra || d.opc == 0x63 || d.opc == OPG_XCTL || (d.opc == 0x13 && !rd))) /* may be a control op or a hint */
            retire_bp(c, g, issue_g, extra, lrd, dst, pc, npc, d.opc, insn, raw, g ? &top : NULL);
        else {
            if (bp) c->bp->redir = 0;
            if (g) sim_timing_retire_g(c, issue_g, extra, lrd, dst, pc, npc, raw, &top);
            else sim_timing_retire(c, extra, lrd, dst);
        }
        if (bp) { /* its successor is fetched as it leaves ID */
            c->bp->last_issue = (int64_t)bp_issue;
            c->bp->f_prev = c->bp->f_cur;
        }
        if (UNLIKELY(extra == SIM_T_REDIRECT && c->sbt_words) && c->xmode) sim_timing_tier_check(c, npc);
        c->pc = npc;
        continue;

    illegal:
        cause = CAUSE_ILLEGAL_INSN;
        tval = raw;
        goto trap;
    xviolation:
        cause = CAUSE_XMODE_VIOLATION;
        tval = pc;
        goto trap;
    misfetch:
        cause = CAUSE_MISALIGNED_FETCH;
        tval = t;
    trap:
        if (bp && cause == CAUSE_JTLB_MISS) sim_bpred_jtlb_miss(c, d.insn, ISSUE); /* a return still pops */
        sim_cpu_trap(c, pc, cause, tval);
    }
    if (c->stop == SIM_RUNNING) c->stop = SIM_STOP_MAX_CYCLES;
    return c->stop;
}

static __attribute__((noinline)) enum sim_stop run_base(struct sim_cpu *c) { return run_loop(c, 0, 0, 0); }
static __attribute__((noinline)) enum sim_stop run_general(struct sim_cpu *c) { return run_loop(c, 1, 0, 0); }
static __attribute__((noinline)) enum sim_stop run_base_cc(struct sim_cpu *c) { return run_loop(c, 0, 1, 0); }
static __attribute__((noinline)) enum sim_stop run_general_cc(struct sim_cpu *c) { return run_loop(c, 1, 1, 0); }
static __attribute__((noinline)) enum sim_stop run_base_bp(struct sim_cpu *c) { return run_loop(c, 0, 0, 1); }
static __attribute__((noinline)) enum sim_stop run_general_bp(struct sim_cpu *c) { return run_loop(c, 1, 0, 1); }
static __attribute__((noinline)) enum sim_stop run_base_cc_bp(struct sim_cpu *c) { return run_loop(c, 0, 1, 1); }
static __attribute__((noinline)) enum sim_stop run_general_cc_bp(struct sim_cpu *c) { return run_loop(c, 1, 1, 1); }

#undef T_REDIRECT_COST
#undef ISSUE

enum sim_stop sim_cpu_run(struct sim_cpu *c)
{
    if (UNLIKELY(c->caches || c->bp)) {
        if (!c->bp) return c->timing_general ? run_general_cc(c) : run_base_cc(c);
        if (!c->caches) return c->timing_general ? run_general_bp(c) : run_base_bp(c);
        return c->timing_general ? run_general_cc_bp(c) : run_base_cc_bp(c);
    }
    return c->timing_general ? run_general(c) : run_base(c);
}
