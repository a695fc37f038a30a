/* The morph core: RV32IM + Zicsr + morph's extension, executed directly from the fetched bits
 * (no predecode, so self-modifying code and fence.i need nothing), with the base configuration's
 * cycle accounting of docs/isa.md section 9. */
#include "sim_cpu.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "morph_isa.h"
#include "sim_htif.h"
#include "sim_xalu.h"

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

#define MISA_VALUE 0x40001100u
#define MSTATUS_VALUE 0x1800u
#define XMODE_XPM 0x2u /* xmode bit 1: the mode the last trap was taken from (see docs/model.md) */

static inline uint32_t ld32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint32_t ld16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline void st32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void st16(uint8_t *p, uint32_t v) { uint16_t h = (uint16_t)v; memcpy(p, &h, 2); }

static inline uint32_t imm_i(uint32_t insn) { return (uint32_t)((int32_t)insn >> 20); }
static inline uint32_t imm_s(uint32_t insn)
{
    return (uint32_t)(((int32_t)insn >> 25) << 5) | ((insn >> 7) & 0x1f);
}
static inline uint32_t imm_b(uint32_t insn)
{
    return (uint32_t)(((int32_t)insn >> 31) << 12) | ((insn << 4) & 0x800) | ((insn >> 20) & 0x7e0) |
           ((insn >> 7) & 0x1e);
}
static inline uint32_t imm_j(uint32_t insn)
{
    return (uint32_t)(((int32_t)insn >> 31) << 20) | (insn & 0xff000) | ((insn >> 9) & 0x800) |
           ((insn >> 20) & 0x7fe);
}

const char *sim_cause_name(unsigned cause)
{
    switch (cause) {
#define CAUSE_NAME_(name, num, str) case CAUSE_##name: return str;
        MORPH_CAUSES(CAUSE_NAME_)
#undef CAUSE_NAME_
    default: return "unknown";
    }
}

int sim_cpu_init(struct sim_cpu *c, struct sim_mem *m, const struct sim_cpu_config *cfg)
{
    memset(c, 0, sizeof *c);
    c->mem = m;
    unsigned ge = cfg->gtlb_entries ? cfg->gtlb_entries : SIM_GTLB_ENTRIES_DEFAULT;
    if (ge > SIM_GTLB_MAX || (ge & (ge - 1))) {
        fprintf(stderr, "morph: GTLB entries must be a power of two <= %d\n", SIM_GTLB_MAX);
        return -1;
    }
    sim_gtlb_init(&c->gtlb, ge);
    if (sim_jtlb_init(&c->jtlb, cfg->jtlb_sets ? cfg->jtlb_sets : SIM_JTLB_SETS_DEFAULT,
                      cfg->jtlb_ways ? cfg->jtlb_ways : SIM_JTLB_WAYS_DEFAULT)) {
        fprintf(stderr, "morph: bad JTLB geometry\n");
        return -1;
    }
    c->gsb.depth = cfg->gsb_depth ? cfg->gsb_depth : SIM_GSB_DEPTH_DEFAULT;
    if (c->gsb.depth > SIM_GSB_MAX) c->gsb.depth = SIM_GSB_MAX;
    c->max_cycles = cfg->max_cycles;
    c->inject = cfg->inject;
    return 0;
}

void sim_cpu_free(struct sim_cpu *c) { sim_jtlb_free(&c->jtlb); }

void sim_cpu_reset(struct sim_cpu *c, uint32_t pc)
{
    memset(c->x, 0, sizeof c->x);
    c->pc = pc;
    c->xmode = 0;
    c->prev_mode = 0;
    c->fetch_limit = c->mem->ram_size;
    c->stop = SIM_RUNNING;
    c->stop_at = c->max_cycles ? c->max_cycles : UINT64_MAX;
}

void sim_cpu_stop(struct sim_cpu *c, enum sim_stop why, int status)
{
    if (c->stop == SIM_RUNNING) {
        c->stop = why;
        c->exit_status = status;
    }
    c->stop_at = 0;
}

static void fatal(struct sim_cpu *c, const char *fmt, ...)
{
    va_list ap;
    fputs("morph: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (pc 0x%08x, %s mode, cycle %llu)\n", c->pc, c->xmode ? "translated" : "CMS",
            (unsigned long long)c->cycles);
    sim_cpu_stop(c, SIM_STOP_FATAL, SIM_EXIT_MODEL_ERROR);
}

/* Ops and cycles up to (ops, cycles) belong to the current mode / activity. */
static void mode_switch(struct sim_cpu *c, uint32_t mode, uint64_t ops, uint64_t cycles)
{
    c->st.mode_ops[c->xmode] += ops - c->mode_mark_ops;
    c->st.mode_cycles[c->xmode] += cycles - c->mode_mark_cycles;
    c->mode_mark_ops = ops;
    c->mode_mark_cycles = cycles;
    c->xmode = mode;
    c->fetch_limit = mode ? MM_CONCEALED_SIZE : c->mem->ram_size;
}

static void act_switch(struct sim_cpu *c, uint32_t act, uint64_t ops, uint64_t cycles)
{
    c->st.act_ops[c->cmsact] += ops - c->act_mark_ops;
    c->st.act_cycles[c->cmsact] += cycles - c->act_mark_cycles;
    c->act_mark_ops = ops;
    c->act_mark_cycles = cycles;
    c->cmsact = act;
}

void sim_cpu_flush_stats(struct sim_cpu *c)
{
    mode_switch(c, c->xmode, c->instret, c->cycles);
    act_switch(c, c->cmsact, c->instret, c->cycles);
}

/* The trapping op does not retire; the handler's first op issues 3 cycles after it issued. */
static void take_trap(struct sim_cpu *c, uint32_t pc, unsigned cause, uint32_t tval)
{
    if (UNLIKELY(c->hook)) c->hook(c, pc, 0, c->cycles, 1, cause, tval);
    c->st.traps[cause & 31]++;
    c->st.stall[SIM_STALL_TRAP] += 3;
    c->mepc = pc;
    c->mcause = cause;
    c->mtval = tval;
    uint64_t next = c->cycles + 3;
    if (c->xmode) {
        c->xepc = pc;
        mode_switch(c, 0, c->instret, next);
        c->prev_mode = 1;
    } else {
        c->prev_mode = 0;
    }
    c->cycles = next;
    c->load_rd = 0;
    if (!c->mtvec) {
        c->pc = pc;
        fatal(c, "trap %s (cause %u, mtval 0x%08x) with no trap handler (mtvec = 0)",
              sim_cause_name(cause), cause, tval);
        return;
    }
    c->pc = c->mtvec;
}

/* Does op `insn` read register r? Decided from the opcode and the fields the op names
 * (docs/model.md: the load-use rule). */
static int reads_reg(uint32_t insn, uint32_t r)
{
    uint32_t rs1 = (insn >> 15) & 31, rs2 = (insn >> 20) & 31, f3 = (insn >> 12) & 7;
    uint32_t f7 = insn >> 25;
    switch (insn & 0x7f) {
    case 0x67: case 0x03: case 0x13: case OPG_GLOAD:
        return rs1 == r;
    case 0x63: case 0x23: case 0x33: case OPG_GSTORE:
        return rs1 == r || rs2 == r;
    case 0x73:
        return f3 >= 1 && f3 <= 3 && rs1 == r;
    case OPG_XALU:
        if (f7 == SIM_XALU_INC || f7 == SIM_XALU_DEC || f7 == SIM_XALU_NEG || f7 == SIM_XALU_LOGF)
            return rs1 == r;
        return rs1 == r || rs2 == r;
    case OPG_XCTL:
        if (f3 == F3_JTLBJ) return rs1 == r;
        if (f3 != F3_COMMIT) return 0;
        switch (f7) {
        case F7_COMMIT: case F7_GTLBINV: case F7_XENTER: case F7_XEXIT: return rs1 == r;
        case F7_GTLBW: case F7_JTLBW: return rs1 == r || rs2 == r;
        default: return 0;
        }
    default:
        return 0;
    }
}

/* Fetch outside the fast window: boot ROM and flash in CMS mode. Returns 1 if the op cannot
 * issue (trap taken or fatal). */
static int fetch_slow(struct sim_cpu *c, uint32_t pc, uint32_t *raw)
{
    if (c->xmode) {
        take_trap(c, pc, CAUSE_XMODE_VIOLATION, pc);
        return 1;
    }
    const uint8_t *p = sim_mem_any(c->mem, pc, 4);
    if (!p) {
        fatal(c, "instruction fetch from unmapped address 0x%08x (mepc 0x%08x, mcause %u)", pc,
              c->mepc, c->mcause);
        return 1;
    }
    *raw = ld32(p);
    return 0;
}

/* Base loads outside RAM: boot ROM, flash, HTIF. Returns 0 or a trap cause. */
static unsigned bus_load(struct sim_cpu *c, uint32_t addr, unsigned n, uint32_t *v)
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
    return CAUSE_LOAD_FAULT;
}

static unsigned bus_store(struct sim_cpu *c, uint32_t addr, unsigned n, uint32_t v)
{
    if (addr == MM_HTIF_BASE + HTIF_REG_REQ && n == 4) {
        c->st.htif_requests++;
        return sim_htif_request(c, v) ? CAUSE_STORE_FAULT : 0;
    }
    return CAUSE_STORE_FAULT; /* ROM, flash, unmapped */
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

/* CSR read; returns -1 for an unknown CSR. */
static int csr_read(struct sim_cpu *c, uint32_t csr, uint32_t *v)
{
    switch (csr) {
    case CSR_XFLAGS: *v = c->xflags; return 0;
    case CSR_XFLAGS_SHADOW: *v = c->xflags_shadow; return 0;
    case CSR_XMODE: *v = c->xmode | (c->prev_mode ? XMODE_XPM : 0); return 0;
    case CSR_CMSACT: *v = c->cmsact; return 0;
    case CSR_XCOMMIT_EIP: *v = c->xcommit_eip; return 0;
    case CSR_XEPC: *v = c->xepc; return 0;
    case CSR_MSTATUS: *v = MSTATUS_VALUE; return 0;
    case CSR_MISA: *v = MISA_VALUE; return 0;
    case CSR_MTVEC: *v = c->mtvec; return 0;
    case CSR_MSCRATCH: *v = c->mscratch; return 0;
    case CSR_MEPC: *v = c->mepc; return 0;
    case CSR_MCAUSE: *v = c->mcause; return 0;
    case CSR_MTVAL: *v = c->mtval; return 0;
    case CSR_MHARTID: *v = 0; return 0;
    case CSR_MCYCLE: case CSR_CYCLE: *v = (uint32_t)c->cycles; return 0;
    case CSR_MCYCLEH: case CSR_CYCLEH: *v = (uint32_t)(c->cycles >> 32); return 0;
    case CSR_MINSTRET: case CSR_INSTRET: *v = (uint32_t)c->instret; return 0;
    case CSR_MINSTRETH: case CSR_INSTRETH: *v = (uint32_t)(c->instret >> 32); return 0;
    default: return -1;
    }
}

/* CSR write; returns -1 if the CSR is read-only (the op is then illegal). */
static int csr_write(struct sim_cpu *c, uint32_t csr, uint32_t v)
{
    switch (csr) {
    case CSR_XFLAGS: c->xflags = v & XF_ARITH; return 0;
    case CSR_XMODE: c->prev_mode = (v & XMODE_XPM) ? 1 : 0; return 0; /* bit 0 is read-only */
    case CSR_CMSACT: act_switch(c, v & (CMSACT_COUNT - 1), c->instret + 1, c->cycles + 1); return 0;
    case CSR_MSTATUS: case CSR_MISA: return 0;                  /* WARL, fixed values */
    case CSR_MTVEC: c->mtvec = v & ~3u; return 0;               /* direct mode only */
    case CSR_MSCRATCH: c->mscratch = v; return 0;
    case CSR_MEPC: c->mepc = v & ~3u; return 0;
    case CSR_MCAUSE: c->mcause = v; return 0;
    case CSR_MTVAL: c->mtval = v; return 0;
    case CSR_MCYCLE: case CSR_MCYCLEH: case CSR_MINSTRET: case CSR_MINSTRETH:
        return 0; /* writes ignored: the counters also feed the statistics */
    default: return -1;
    }
}

enum sim_stop sim_cpu_step(struct sim_cpu *c)
{
    if (c->stop != SIM_RUNNING) return c->stop;
    if (c->max_cycles && c->cycles >= c->max_cycles) {
        c->stop = SIM_STOP_MAX_CYCLES;
        return c->stop;
    }
    c->stop_at = c->cycles + 1; /* every op and every trap advances cycles by at least 1 */
    sim_cpu_run(c);
    if (c->stop == SIM_STOP_MAX_CYCLES) c->stop = SIM_RUNNING; /* only the one-op limit */
    return c->stop;
}

enum sim_stop sim_cpu_run(struct sim_cpu *c)
{
    uint32_t *const x = c->x;
    uint8_t *const ram = c->mem->ram;
    const uint32_t ram_size = c->mem->ram_size;

    while (LIKELY(c->cycles < c->stop_at)) {
        const uint32_t pc = c->pc;
        uint32_t raw, off = pc - MM_RAM_BASE;
        if (LIKELY(off < c->fetch_limit)) raw = ld32(ram + off);
        else if (fetch_slow(c, pc, &raw)) continue;

        unsigned cause;
        uint32_t tval;
        if (UNLIKELY((raw & 3) != 3)) {
            if (!(raw & 1)) { cause = CAUSE_ILLEGAL_INSN; tval = raw; goto trap; }
            c->st.fused_heads++; /* timing of the base configuration ignores the mark */
        }
        const uint32_t insn = raw | MORPH_FUSE_BIT;
        if (c->load_rd) {
            if (reads_reg(insn, c->load_rd)) {
                c->cycles++;
                c->st.stall[SIM_STALL_LOAD_USE]++;
            }
            c->load_rd = 0;
        }
        const uint32_t rd = (insn >> 7) & 31, rs1 = (insn >> 15) & 31, rs2 = (insn >> 20) & 31;
        const uint32_t f3 = (insn >> 12) & 7, f7 = insn >> 25;
        uint32_t npc = pc + 4, extra = 0, lrd = 0, t;

        switch (insn & 0x7f) {
        case 0x37: x[rd] = insn & 0xfffff000u; break; /* LUI */
        case 0x17: x[rd] = pc + (insn & 0xfffff000u); break; /* AUIPC */
        case 0x6f: /* JAL */
            t = pc + imm_j(insn);
            if (t & 3) goto misfetch;
            x[rd] = npc;
            npc = t;
            extra = 2;
            break;
        case 0x67: /* JALR */
            if (f3) goto illegal;
            t = (x[rs1] + imm_i(insn)) & ~1u;
            if (t & 3) goto misfetch;
            x[rd] = npc;
            npc = t;
            extra = 2;
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
                t = pc + imm_b(insn);
                if (t & 3) goto misfetch;
                npc = t;
                extra = 2;
            }
            break;
        }
        case 0x03: { /* loads */
            unsigned n;
            switch (f3) {
            case 0: case 4: n = 1; break;
            case 1: case 5: n = 2; break;
            case 2: n = 4; break;
            default: goto illegal;
            }
            if (UNLIKELY(c->xmode)) goto xviolation;
            uint32_t addr = x[rs1] + imm_i(insn), v, a_off = addr - MM_RAM_BASE;
            if (addr & (n - 1)) { cause = CAUSE_MISALIGNED_LOAD; tval = addr; goto trap; }
            if (LIKELY(a_off < ram_size)) {
                const uint8_t *p = ram + a_off;
                v = n == 4 ? ld32(p) : n == 2 ? ld16(p) : *p;
            } else if ((cause = bus_load(c, addr, n, &v)) != 0) {
                tval = addr;
                goto trap;
            }
            if (f3 == 0) v = (uint32_t)(int32_t)(int8_t)v;
            else if (f3 == 1) v = (uint32_t)(int32_t)(int16_t)v;
            x[rd] = v;
            lrd = rd;
            break;
        }
        case 0x23: { /* stores */
            unsigned n;
            switch (f3) {
            case 0: n = 1; break;
            case 1: n = 2; break;
            case 2: n = 4; break;
            default: goto illegal;
            }
            if (UNLIKELY(c->xmode)) goto xviolation;
            uint32_t addr = x[rs1] + imm_s(insn), v = x[rs2], a_off = addr - MM_RAM_BASE;
            if (addr & (n - 1)) { cause = CAUSE_MISALIGNED_STORE; tval = addr; goto trap; }
            if (LIKELY(a_off < ram_size)) {
                uint8_t *p = ram + a_off;
                if (n == 4) st32(p, v);
                else if (n == 2) st16(p, v);
                else *p = (uint8_t)v;
            } else if ((cause = bus_store(c, addr, n, v)) != 0) {
                tval = addr;
                goto trap;
            }
            break;
        }
        case 0x13: { /* OP-IMM */
            uint32_t a = x[rs1], imm = imm_i(insn);
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
                if (f3 >= 4) {
                    extra = 32;
                    c->st.stall[SIM_STALL_DIV] += 32;
                }
            } else {
                goto illegal;
            }
            break;
        }
        case 0x0f: /* FENCE, FENCE.I: one core, no caches */
            if (f3 > 1) goto illegal;
            break;
        case 0x73: { /* SYSTEM */
            if (f3 == 0) {
                if (insn == 0x00000073u) { cause = CAUSE_ECALL_M; tval = 0; goto trap; }
                if (insn == 0x00100073u) { cause = CAUSE_BREAKPOINT; tval = pc; goto trap; }
                if (insn == 0x30200073u) { /* MRET */
                    if (c->xmode) goto xviolation;
                    npc = c->mepc;
                    extra = 2;
                    if (c->prev_mode) mode_switch(c, 1, c->instret + 1, c->cycles + 3);
                    c->prev_mode = 0;
                    break;
                }
                if (insn == 0x10500073u) break; /* WFI: no interrupts, so a no-op */
                goto illegal;
            }
            if (f3 == 4) goto illegal;
            uint32_t csr = insn >> 20, old, src = (f3 & 4) ? rs1 : x[rs1];
            if (c->xmode && csr != CSR_XFLAGS) goto xviolation;
            if (csr_read(c, csr, &old)) goto illegal;
            if ((f3 & 3) == 1 || rs1 != 0) {
                uint32_t nv = (f3 & 3) == 1 ? src : (f3 & 3) == 2 ? old | src : old & ~src;
                if (csr_write(c, csr, nv)) goto illegal;
            }
            x[rd] = old;
            break;
        }
        case OPG_GLOAD: { /* guest loads */
            unsigned n;
            switch (f3) {
            case 0: case 4: n = 1; break;
            case 1: case 5: n = 2; break;
            case 2: n = 4; break;
            default: goto illegal;
            }
            uint32_t va = x[rs1] + imm_i(insn), v;
            struct sim_gtlb_entry *e = sim_gtlb_lookup(&c->gtlb, va);
            uint32_t po = va & (MM_PAGE_SIZE - 1);
            if (LIKELY(e && e->host && po + n <= MM_PAGE_SIZE && !c->gsb.count)) {
                const uint8_t *p = e->host + po;
                v = n == 4 ? ld32(p) : n == 2 ? ld16(p) : *p;
            } else if ((cause = guest_load_slow(c, va, n, &v, &tval)) != 0) {
                goto trap;
            }
            if (f3 == 0) v = (uint32_t)(int32_t)(int8_t)v;
            else if (f3 == 1) v = (uint32_t)(int32_t)(int16_t)v;
            if ((va & 3) + n > 4) {
                extra = 1;
                c->st.stall[SIM_STALL_SPLIT]++;
            }
            c->st.guest_loads++;
            x[rd] = v;
            lrd = rd;
            break;
        }
        case OPG_GSTORE: { /* guest stores */
            unsigned n;
            switch (f3) {
            case 0: n = 1; break;
            case 1: n = 2; break;
            case 2: n = 4; break;
            default: goto illegal;
            }
            uint32_t va = x[rs1] + imm_s(insn), v = x[rs2];
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
            if ((va & 3) + n > 4) {
                extra = 1;
                c->st.stall[SIM_STALL_SPLIT]++;
            }
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
            break;
        case OPG_XCTL: /* conditions, control, system of the extension */
            switch (f3) {
            case F3_XBCC:
                if (sim_xcond(rs1 & 15, c->xflags)) {
                    t = pc + imm_b(insn);
                    if (t & 3) goto misfetch;
                    npc = t;
                    extra = 2;
                }
                break;
            case F3_XSETCC:
                x[rd] = (uint32_t)sim_xcond((insn >> 20) & 15, c->xflags);
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
                extra = 2;
                break;
            case F3_COMMIT:
                switch (f7) {
                case F7_COMMIT:
                    c->xcommit_eip = x[rs1];
                    memcpy(c->shadow, &x[18], sizeof c->shadow);
                    c->xflags_shadow = c->xflags;
                    sim_gsb_drain(&c->gsb);
                    c->st.commits++;
                    break;
                case F7_ROLLBACK:
                    if (c->xmode) goto xviolation;
                    memcpy(&x[18], c->shadow, sizeof c->shadow);
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
                    extra = 2;
                    mode_switch(c, 1, c->instret + 1, c->cycles + 3);
                    break;
                case F7_XEXIT:
                    cause = CAUSE_XEXIT;
                    tval = x[rs1];
                    goto trap;
                default:
                    goto illegal;
                }
                break;
            default:
                goto illegal;
            }
            break;
        default:
            goto illegal;
        }
        x[0] = 0;
        if (UNLIKELY(c->hook)) c->hook(c, pc, raw, c->cycles, 0, 0, 0);
        if (extra == 2) c->st.stall[SIM_STALL_BRANCH] += 2;
        c->load_rd = lrd;
        c->pc = npc;
        c->cycles += 1 + extra;
        c->instret++;
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
        take_trap(c, pc, cause, tval);
    }
    if (c->stop == SIM_RUNNING) c->stop = SIM_STOP_MAX_CYCLES;
    return c->stop;
}
