/* morph's x86 interpreter (docs/interpreter.md).
 *
 * Loop: look EIP up in the x86 front end's decoded-instruction cache (x86/xl_dcache.h), fill it
 * on a miss, then dispatch on a handler id the interpreter keeps in the entry (chosen when the
 * entry is first run here). Common 32-bit forms (MOV/ALU reg,reg / reg,[base+disp] / reg,imm,
 * PUSH/POP reg, Jcc, CALL, RET ...) have their own handler so that the hot path touches only the
 * cache entry and cpu->r; everything else goes through exec_generic(), which works from the
 * operand descriptors.
 * All arithmetic flags come from morph's x-ALU ops (cms_xalu.h) and stay in CSR xflags. */
#include <stddef.h>
#include <stdint.h>

#include "cms.h"
#include "cms_cpu.h"
#include "cms_guest.h"
#include "cms_htif.h"
#include "cms_hw.h"
#include "cms_mm.h"
#include "cms_signal.h"
#include "cms_interp.h"
#include "cms_desc.h"
#include "cms_syscall.h"
#include "cms_thread.h"
#include "cms_xalu.h"
#include "xl_dcache.h"
#include "xl_decode.h"
#include "x87.h"

/* The interpreter's bytes of a decode-cache entry (xl_dc_entry.tier, zero after a fill):
 * handler id (enum interp_handler), and for the "_X" handlers the byte offsets in struct cms_cpu
 * of the memory operand's base and index registers (a register that is always 0 stands for
 * "none"). */
/* Taken jumps interp mode runs between looks at the host's events (signals
 * from outside). */
#define CMS_INTERP_POLL 16384u
#define E_H(e) ((e)->tier[0])
#define E_MB(e) ((e)->tier[1])
#define E_MI(e) ((e)->tier[2])

/* Handler ids. Fast forms are 32-bit, memory operands [base+disp] in a zero-based segment.
 * H_PREPARE (0, what a fill leaves) marks an entry the translator's lookups filled. */
enum interp_handler {
    H_PREPARE, H_GENERIC, H_UNSUPPORTED, H_INVALID,
    H_MOV_RR, H_MOV_RM, H_MOV_MR, H_MOV_RI, H_MOV_MI, H_LEA_BD,
    H_PUSH_R, H_POP_R, H_PUSH_I, H_CALL, H_RET, H_JMP, H_TEST_RR, H_INC_R, H_DEC_R,
    H_JCC, /* + cc: 16 ids */
    H_ALU_RR = H_JCC + 16, /* + (op - XL_ADD): 8 ids each */
    H_ALU_RM = H_ALU_RR + 8,
    H_ALU_MR = H_ALU_RM + 8,
    H_ALU_RI = H_ALU_MR + 8,
    H_ALU_MI = H_ALU_RI + 8,
    /* "_X": any [base + index*scale + disp] in a zero-based segment */
    H_MOV_RM_X = H_ALU_MI + 8, H_MOV_MR_X, H_MOV_MI_X, H_LEA_X,
    H_MOVZX8_X, H_MOVZX16_X, H_MOVSX8_X, H_MOVSX16_X,
    H_ALU_RM_X, /* + (op - XL_ADD) */
    H_ALU_MR_X = H_ALU_RM_X + 8,
    H_ALU_MI_X = H_ALU_MR_X + 8,
    H_COUNT = H_ALU_MI_X + 8
};

/* The "none" register of the _X forms: CS's base, 0 in user mode (CS is never loaded). */
#define INTERP_ZERO_SLOT ((uint8_t)offsetof(struct cms_cpu, seg_base[CMS_CS]))
_Static_assert(offsetof(struct cms_cpu, seg_base[CMS_CS]) < 256, "zero slot out of u8 reach");

/* ---------------------------------------------------------------------------------------- */
/* x-ALU and conditions with run-time op/size: each case is one x-ALU op with constants.      */

#define SZ_CASES(op)                                                                          \
    case (op) * 3 + 0: return cms_xalu(op, 0, a, b);                                          \
    case (op) * 3 + 1: return cms_xalu(op, 1, a, b);                                          \
    case (op) * 3 + 2: return cms_xalu(op, 2, a, b);

#define XALU_SZ_CASES(name, f7) SZ_CASES(f7)

/* op: enum sim_xalu_op (the x-ALU funct7); sz: 0/1/2 for 8/16/32-bit. */
static uint32_t alu(unsigned op, unsigned sz, uint32_t a, uint32_t b)
{
    switch (op * 3 + sz) {
        MORPH_XALU_OPS(XALU_SZ_CASES)
    default: cms_panic("interp: bad x-ALU op %u size %u", op, sz);
    }
}

#define CC_CASE(c) case c: return cms_xcond(c);
static uint32_t cond(unsigned cc)
{
    switch (cc & 15) {
        CC_CASE(0) CC_CASE(1) CC_CASE(2) CC_CASE(3) CC_CASE(4) CC_CASE(5) CC_CASE(6) CC_CASE(7)
        CC_CASE(8) CC_CASE(9) CC_CASE(10) CC_CASE(11) CC_CASE(12) CC_CASE(13) CC_CASE(14)
    default: return cms_xcond(15);
    }
}

static inline void set_cf(uint32_t cf)
{
    cms_xflags_write((cms_xflags_read() & ~XF_CF) | (cf & 1));
}

/* ---------------------------------------------------------------------------------------- */
/* Operand access.                                                                            */

static inline unsigned szcode(unsigned size) { return size >> 1; } /* 1,2,4 -> 0,1,2 */


/* SF ZF PF of an 8/16/32-bit result, CF OF AF clear (the x-ALU's LOGF), then `set` or'ed in. */
static void flags_of(unsigned size, uint32_t v, uint32_t set)
{
    (void)alu(XL_XA_LOGF, szcode(size), v, 0);
    if (set) cms_xflags_write(cms_xflags_read() | set);
}
static inline uint32_t size_mask(unsigned size)
{
    return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

static inline uint32_t reg_get(const struct cms_cpu *cpu, unsigned r, unsigned size)
{
    if (size == 4) return cpu->r[r];
    if (size == 2) return cpu->r[r] & 0xffff;
    return r < 4 ? cpu->r[r] & 0xff : (cpu->r[r - 4] >> 8) & 0xff;
}

static inline void reg_set(struct cms_cpu *cpu, unsigned r, unsigned size, uint32_t v)
{
    if (size == 4) cpu->r[r] = v;
    else if (size == 2) cpu->r[r] = (cpu->r[r] & 0xffff0000u) | (v & 0xffff);
    else if (r < 4) cpu->r[r] = (cpu->r[r] & 0xffffff00u) | (v & 0xff);
    else cpu->r[r - 4] = (cpu->r[r - 4] & 0xffff00ffu) | ((v & 0xff) << 8);
}

static inline uint32_t mem_ld(uint32_t a, unsigned size)
{
    return size == 4 ? cms_gld32(a) : size == 2 ? cms_gld16(a) : cms_gld8(a);
}

static inline void mem_st(uint32_t a, unsigned size, uint32_t v)
{
    if (size == 4) cms_gst32(a, v);
    else if (size == 2) cms_gst16(a, v);
    else cms_gst8(a, v);
}

/* Offset part of a memory operand (no segment base): what LEA computes. */
static inline uint32_t ea_off(const struct cms_cpu *cpu, const struct xl_operand *o)
{
    uint32_t a = (uint32_t)o->val;
    if (o->reg != XL_NOREG) a += cpu->r[o->reg];
    if (o->index != XL_NOREG) a += cpu->r[o->index] << o->scale;
    if (__builtin_expect(o->flags & XL_MEMF_A16, 0)) a &= 0xffff; /* 16-bit regs, 64K wrap */
    return a;
}

/* Linear address of a memory operand's access of size bytes (write: a store): the segment's
 * base added, and its limit and type checked where seg_chk asks (segmented mode only). */
static inline uint32_t ea(const struct cms_cpu *cpu, const struct xl_operand *o, uint32_t size, int write)
{
    return cms_seg_addr(cpu, o->seg, ea_off(cpu, o), size, write);
}

/* rd's and wr's memory access through a checked segment (segmented mode), out of line: rd and
 * wr reach them by a tail call, so that their flat path needs no stack frame. */
static __attribute__((noinline)) uint32_t rd_seg(const struct cms_cpu *cpu, const struct xl_operand *o, unsigned size)
{
    return mem_ld(ea(cpu, o, size, 0), size);
}
static __attribute__((noinline)) void wr_seg(const struct cms_cpu *cpu, const struct xl_operand *o, unsigned size, uint32_t v)
{
    mem_st(ea(cpu, o, size, 1), size, v);
}

static uint32_t rd(const struct cms_cpu *cpu, const struct xl_operand *o, unsigned size)
{
    switch (o->kind) {
    case XL_OPK_REG: return reg_get(cpu, o->reg, size);
    case XL_OPK_MEM:
        if (__builtin_expect(cpu->seg_chk[o->seg] != 0, 0)) return rd_seg(cpu, o, size);
        return mem_ld(ea_off(cpu, o) + cpu->seg_base[o->seg], size);
    case XL_OPK_IMM: return (uint32_t)o->val & size_mask(size);
    case XL_OPK_SREG: return cpu->seg[o->reg];
    default: cms_panic("interp: read of an empty operand");
    }
}

/* MOV/POP to a segment register: the descriptor checks and faults of cms_desc.c; flat segments
 * everywhere except FS/GS, which may select a TLS or LDT descriptor with a base. */
static void set_seg(struct cms_cpu *cpu, unsigned s, uint32_t sel) { cms_seg_load(cpu, s, (uint16_t)sel); }

/* The destination of a read-modify-write that also sets flags. x86 changes nothing when an
 * instruction faults, but the x-ALU sets xflags before the result is stored: a memory
 * destination is written back with its own value first, so a read-only page faults while the
 * flags are still those before the instruction. */
static void rmw_probe(uint32_t a, unsigned size)
{
    /* --rmw-fault=write (MORPH_CFG_RMW_WRITE): the CPU reports a read-modify-write on an
     * unmapped page as a write, so the destination is checked for writing before its load */
    if (!(cms_config.flags & MORPH_CFG_RMW_WRITE)) return;
    cms_mm_access_check(a, size, 1);
}

static uint32_t rd_rmw(const struct cms_cpu *cpu, const struct xl_operand *o, unsigned size)
{
    if (o->kind == XL_OPK_MEM) rmw_probe(ea(cpu, o, size, 1), size);
    uint32_t v = rd(cpu, o, size);
    if (o->kind == XL_OPK_MEM) mem_st(ea(cpu, o, size, 1), size, v);
    return v;
}

static void wr(struct cms_cpu *cpu, const struct xl_operand *o, unsigned size, uint32_t v)
{
    switch (o->kind) {
    case XL_OPK_REG: reg_set(cpu, o->reg, size, v); break;
    case XL_OPK_MEM:
        if (__builtin_expect(cpu->seg_chk[o->seg] != 0, 0)) wr_seg(cpu, o, size, v);
        else mem_st(ea_off(cpu, o) + cpu->seg_base[o->seg], size, v);
        break;
    case XL_OPK_SREG: set_seg(cpu, o->reg, v & 0xffff); break;
    default: cms_panic("interp: write to a non-writable operand");
    }
}

/* The linear address of a stack access of size bytes at offset sp: SS's base is 0 and its limit
 * unchecked but in segmented mode (cms_cpu.segmented, where only these generic paths run). */
static inline uint32_t stk(const struct cms_cpu *cpu, uint32_t sp, uint32_t size, int write)
{
    return cms_seg_addr(cpu, CMS_SS, sp, size, write);
}

/* The stack pointer: SP in a 16-bit stack segment (SS's B clear; segmented mode only), where
 * ESP's upper half stays as it is, else ESP. */
static inline uint32_t sp_mask(const struct cms_cpu *cpu)
{
    return (cpu->seg_chk[CMS_SS] & CMS_SEGCHK_SP16) ? 0xffffu : ~0u;
}
static inline uint32_t sp_get(const struct cms_cpu *cpu) { return cpu->r[CMS_ESP] & sp_mask(cpu); }
static inline void sp_set(struct cms_cpu *cpu, uint32_t v)
{
    const uint32_t m = sp_mask(cpu);
    cpu->r[CMS_ESP] = (cpu->r[CMS_ESP] & ~m) | (v & m);
}

static inline void push(struct cms_cpu *cpu, unsigned size, uint32_t v)
{
    uint32_t sp = (cpu->r[CMS_ESP] - size) & sp_mask(cpu);
    mem_st(stk(cpu, sp, size, 1), size, v); /* store before updating ESP: a faulting push leaves ESP intact */
    sp_set(cpu, sp);
}

static inline uint32_t pop(struct cms_cpu *cpu, unsigned size)
{
    const uint32_t sp = sp_get(cpu);
    uint32_t v = mem_ld(stk(cpu, sp, size, 0), size);
    sp_set(cpu, sp + size);
    return v;
}

/* ---------------------------------------------------------------------------------------- */
/* Statistics.                                                                                */

/* Counted per instruction: only x86_retired (64-bit, two halves). The rest is derived. */
typedef uint32_t __attribute__((may_alias)) u32_alias;
static uint64_t interp_retired_base; /* x86_retired when the interpreter counts started */

/* Stats-sync hook (cms_sync_stats) and before each system call. */
static void interp_sync_stats(void)
{
    /* translated code adds its instructions to x86_retired and bbt_x86_executed (translator/
     * xl_dispatch.c drains them at every exit) */
    cms_stats.interp_retired = cms_stats.x86_retired - interp_retired_base - cms_stats.bbt_x86_executed;
    xl_dc_sync_stats(); /* decode_misses, whatever order the hooks run in */
    /* every retired instruction was one lookup; those that missed were decoded (in bbt mode an
     * estimate: decode_misses also counts the misses of the translator's lookups) */
    cms_stats.decode_hits = cms_stats.interp_retired > cms_stats.decode_misses
                                ? cms_stats.interp_retired - cms_stats.decode_misses : 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Guest deaths and messages.                                                                 */

static unsigned fetch_bytes(uint32_t eip, uint8_t *buf, unsigned n)
{
    for (unsigned i = 0; i < n; i++) buf[i] = (uint8_t)cms_gld8(eip + i);
    return n;
}

/* The instruction at eip faults: its signal (code, trapno and error code as Linux gives them)
 * goes to the guest's handler, or the guest dies with "morph: guest SIG...: what at eip". */
static _Noreturn void fault_at(int sig, int code, uint32_t trapno, uint32_t err, const char *what, uint32_t eip)
{
    static const char *const names[] = {[4] = "SIGILL", [5] = "SIGTRAP", [8] = "SIGFPE",
                                        [11] = "SIGSEGV"};
    char msg[128];
    cms_snprintf(msg, sizeof msg, "guest %s: %s at eip 0x%08x", names[sig], what, eip);
    const struct cms_siginfo si = {.signo = sig, .code = code, .trapno = trapno, .err = err,
                                   .addr = code == CMS_SI_KERNEL ? 0 : eip};
    cms_signal_fault(&si, msg);
}
#define DIVIDE_ERROR(what) fault_at(8, CMS_FPE_INTDIV, CMS_TRAP_DE, 0, what, eip)

static uint64_t read_cycles(void)
{
#ifndef CMS_HOST
    return cms_hw_cycles();
#else
    static uint64_t fake;
    return fake += 1000; /* host tests: monotonic stand-in */
#endif
}

/* ---------------------------------------------------------------------------------------- */
/* Instructions without a fast form.                                                          */


static uint32_t eflags_get(const struct cms_cpu *cpu)
{
    return cms_eflags(cpu);
}

static void eflags_set(struct cms_cpu *cpu, uint32_t v, unsigned size)
{
    uint32_t w = CMS_EFLAGS_POPF_W & size_mask(size);
    cms_xflags_write(v & XF_ARITH);
    cpu->eflags = ((cpu->eflags & ~w) | (v & w) | CMS_EFLAGS_FIXED) & ~XF_ARITH;
}

static void do_cpuid(struct cms_cpu *cpu)
{
    uint32_t leaf = cpu->r[CMS_EAX];
    uint32_t a = 0, b = 0, c = 0, d = 0;
    if (leaf == 0x80000000u) {
        a = 0x80000001u; /* the highest extended leaf */
    } else if (leaf == 0x80000001u) {
        c = CMS_CPUID81_ECX;
        d = CMS_CPUID81_EDX;
    } else {
        if (leaf > 7) leaf = 7; /* Intel: leaves above the maximum answer like the highest one */
        if (leaf == 7) {
            /* x87 behaviour bits (docs/x87.md): EBX bit 6 FDP_EXCPTN_ONLY and bit 13 FCS/FDS
             * deprecated, as an Intel CPU reports them */
            if (cpu->r[CMS_ECX] == 0) {
                b = CMS_CPUID7_EBX;
                if (cms_config.x87_mode == MORPH_X87_INTEL) b |= 1u << 6 | 1u << 13;
            }
        } else if (leaf >= 2) {
            /* leaves 2..6 (caches, monitor, power): nothing to report */
        } else if (leaf == 0) {
            /* vendor "MorphCMSx86 ": EBX, EDX, ECX hold bytes 0-3, 4-7, 8-11 */
            static const char v[12] = {'M', 'o', 'r', 'p', 'h', 'C', 'M', 'S', 'x', '8', '6', ' '};
            a = 7;
            b = (uint32_t)v[0] | (uint32_t)v[1] << 8 | (uint32_t)v[2] << 16 | (uint32_t)v[3] << 24;
            d = (uint32_t)v[4] | (uint32_t)v[5] << 8 | (uint32_t)v[6] << 16 | (uint32_t)v[7] << 24;
            c = (uint32_t)v[8] | (uint32_t)v[9] << 8 | (uint32_t)v[10] << 16 | (uint32_t)v[11] << 24;
        } else {
            a = 0x00000610u; /* family 6, model 1, stepping 0 */
            c = CMS_CPUID1_ECX;
            d = CMS_CPUID1_EDX;
        }
    }
    cpu->r[CMS_EAX] = a;
    cpu->r[CMS_EBX] = b;
    cpu->r[CMS_ECX] = c;
    cpu->r[CMS_EDX] = d;
}

/* 16-bit SHLD/SHRD with a count of 17-31: the SDM leaves result and flags undefined; each vendor
 * is deterministic, and --x87 (the host's vendor, tools/host-probe.sh) picks which (docs/x87.md,
 * "Vendor behaviour"). amd, measured on an AMD family 26 CPU: the source rotated by n - 16
 * (SHLD left, SHRD right), CF 0, OF 0 (SHLD) or the result's bit 15 ^ bit 14 (SHRD), AF 1.
 * intel, as qemu models Intel (not measured here): the 48-bit dst:src:dst shifted, CF the last
 * bit out, OF the sign of the value before the last step ^ the result's. SF ZF PF: the result's. */
static uint32_t shxd16_long(int left, uint32_t dst, uint32_t src, unsigned n)
{
    uint32_t r, cf, of, af = 0;
    if (cms_config.x87_mode != MORPH_X87_INTEL) {
        const unsigned k = n - 16;
        r = (left ? src << k | src >> (16 - k) : src >> k | src << (16 - k)) & 0xffff;
        cf = 0;
        of = left ? 0 : ((r >> 15) ^ (r >> 14)) & 1;
        af = XF_AF;
    } else {
        const uint64_t cat = (uint64_t)dst << 32 | (uint64_t)src << 16 | dst;
        uint32_t before;
        if (left) {
            r = (uint32_t)(cat << n >> 32) & 0xffff;
            before = (uint32_t)(cat << (n - 1) >> 32) & 0xffff;
            cf = before >> 15;
        } else {
            r = (uint32_t)(cat >> n) & 0xffff;
            before = (uint32_t)(cat >> (n - 1)) & 0xffff;
            cf = before & 1;
        }
        of = ((before ^ r) >> 15) & 1;
    }
    flags_of(2, r, cf | of << 11 | af);
    return r;
}

/* SHLD/SHRD have no x-ALU op: result in C, SF ZF PF from xlogf, CF and OF patched in. */
static uint32_t do_shxd(int left, unsigned size, uint32_t dst, uint32_t src, unsigned n)
{
    unsigned bits = 8 * size;
    uint32_t r, cf;
    if (size == 2) { /* 16-bit: shift the 32-bit concatenation */
        if (n > 16) return shxd16_long(left, dst, src, n);
        uint32_t cat = left ? (dst << 16) | src : (src << 16) | dst;
        if (left) {
            uint64_t t = (uint64_t)cat << n;
            r = (uint32_t)(t >> 16) & 0xffff;
            cf = (uint32_t)(t >> 32) & 1;
        } else {
            r = (cat >> n) & 0xffff;
            cf = (cat >> (n - 1)) & 1;
        }
    } else if (left) {
        r = (dst << n) | (src >> (32 - n));
        cf = (dst >> (32 - n)) & 1;
    } else {
        r = (dst >> n) | (src << (32 - n));
        cf = (dst >> (n - 1)) & 1;
    }
    (void)alu(XL_XALU_OF_SHLD, szcode(size), r, 0); /* SHLD, SHRD: flags of the result */
    uint32_t of = ((r ^ dst) >> (bits - 1)) & 1; /* sign change; defined for n = 1 */
    uint32_t f = cms_xflags_read() & ~(XF_CF | XF_OF);
    cms_xflags_write(f | cf | (of << 11));
    return r;
}

/* BT/BTS/BTR/BTC. Register offsets into memory address a bit string (signed offset). */
static void do_bt(struct cms_cpu *cpu, const struct xl_insn *x)
{
    const struct xl_operand *d = &x->ops[0];
    unsigned size = x->osize, bits = 8 * size;
    uint32_t off = rd(cpu, &x->ops[1], size);
    uint32_t v, bit;
    if (d->kind == XL_OPK_REG) {
        bit = off & (bits - 1);
        v = reg_get(cpu, d->reg, size);
    } else {
        uint32_t o = ea_off(cpu, d);
        if (x->ops[1].kind == XL_OPK_REG) { /* the bit offset selects the word */
            int32_t so = size == 2 ? (int32_t)(int16_t)off : (int32_t)off;
            o += (uint32_t)((so >> (size == 2 ? 4 : 5)) * (int32_t)size);
        }
        const uint32_t a = cms_seg_addr(cpu, d->seg, o, size, x->op != XL_BT);
        bit = off & (bits - 1);
        if (x->op != XL_BT) rmw_probe(a, size);
        v = mem_ld(a, size);
        if (x->op != XL_BT) mem_st(a, size, v); /* fault before CF changes (rd_rmw) */
        set_cf(v >> bit);
        if (x->op != XL_BT) {
            uint32_t m = 1u << bit;
            v = x->op == XL_BTS ? v | m : x->op == XL_BTR ? v & ~m : v ^ m;
            mem_st(a, size, v);
        }
        return;
    }
    set_cf(v >> bit);
    if (x->op != XL_BT) {
        uint32_t m = 1u << bit;
        v = x->op == XL_BTS ? v | m : x->op == XL_BTR ? v & ~m : v ^ m;
        reg_set(cpu, d->reg, size, v);
    }
}

static void do_muldiv(struct cms_cpu *cpu, const struct xl_insn *x, uint32_t eip)
{
    unsigned size = x->osize;
    uint32_t s = rd(cpu, &x->ops[0], size);
    uint32_t a = reg_get(cpu, CMS_EAX, size);
    switch (x->op) {
    case XL_MUL:
    case XL_IMUL1: {
        int sgn = x->op == XL_IMUL1;
        uint32_t lo = alu(sgn ? XL_XALU_OF_IMUL1 : XL_XALU_OF_MUL, szcode(size), a, s);
        if (size == 1) {
            uint32_t p = sgn ? (uint32_t)((int32_t)(int8_t)a * (int8_t)s) : a * s;
            reg_set(cpu, CMS_EAX, 2, p);
        } else if (size == 2) {
            uint32_t p = sgn ? (uint32_t)((int32_t)(int16_t)a * (int16_t)s) : a * s;
            reg_set(cpu, CMS_EAX, 2, lo);
            reg_set(cpu, CMS_EDX, 2, p >> 16);
        } else {
            uint64_t p = sgn ? (uint64_t)((int64_t)(int32_t)a * (int32_t)s) : (uint64_t)a * s;
            cpu->r[CMS_EAX] = lo;
            cpu->r[CMS_EDX] = (uint32_t)(p >> 32);
        }
        return;
    }
    case XL_DIV: {
        if (s == 0) DIVIDE_ERROR("integer divide by zero");
        if (size == 1) {
            uint32_t n = reg_get(cpu, CMS_EAX, 2), q = n / s;
            if (q > 0xff) DIVIDE_ERROR("divide overflow");
            reg_set(cpu, CMS_EAX, 2, ((n % s) << 8) | q);
        } else if (size == 2) {
            uint32_t n = (reg_get(cpu, CMS_EDX, 2) << 16) | a, q = n / s;
            if (q > 0xffff) DIVIDE_ERROR("divide overflow");
            reg_set(cpu, CMS_EAX, 2, q);
            reg_set(cpu, CMS_EDX, 2, n % s);
        } else {
            uint32_t hi = cpu->r[CMS_EDX];
            if (hi >= s) DIVIDE_ERROR("divide overflow");
            uint64_t n = ((uint64_t)hi << 32) | a;
            cpu->r[CMS_EAX] = (uint32_t)(n / s);
            cpu->r[CMS_EDX] = (uint32_t)(n % s);
        }
        return;
    }
    case XL_IDIV: {
        if (s == 0) DIVIDE_ERROR("integer divide by zero");
        if (size == 1) {
            int32_t n = (int16_t)reg_get(cpu, CMS_EAX, 2), d = (int8_t)s, q = n / d;
            if (q > 127 || q < -128) DIVIDE_ERROR("divide overflow");
            reg_set(cpu, CMS_EAX, 2, (((uint32_t)(n % d) & 0xff) << 8) | ((uint32_t)q & 0xff));
        } else if (size == 2) {
            int32_t n = (int32_t)((reg_get(cpu, CMS_EDX, 2) << 16) | a), d = (int16_t)s;
            if (n == INT32_MIN && d == -1) DIVIDE_ERROR("divide overflow");
            int32_t q = n / d;
            if (q > 32767 || q < -32768) DIVIDE_ERROR("divide overflow");
            reg_set(cpu, CMS_EAX, 2, (uint32_t)q);
            reg_set(cpu, CMS_EDX, 2, (uint32_t)(n % d));
        } else {
            int64_t n = (int64_t)(((uint64_t)cpu->r[CMS_EDX] << 32) | a);
            int32_t d = (int32_t)s;
            if (d == -1) { /* avoid the C overflow of INT64_MIN / -1 */
                if (n == INT64_MIN || -n > INT32_MAX || -n < INT32_MIN) DIVIDE_ERROR("divide overflow");
                cpu->r[CMS_EAX] = (uint32_t)(-n);
                cpu->r[CMS_EDX] = 0;
                return;
            }
            int64_t q = n / d;
            if (q > INT32_MAX || q < INT32_MIN) DIVIDE_ERROR("divide overflow");
            cpu->r[CMS_EAX] = (uint32_t)q;
            cpu->r[CMS_EDX] = (uint32_t)(n % d);
        }
        return;
    }
    default: cms_panic("interp: muldiv op %u", x->op);
    }
}

/* Iterations from linear address a (elements of size bytes, step d) whose elements lie wholly in
 * a's page; at least 1 (an element across a page boundary is a run of its own). */
static inline uint32_t same_page_run(uint32_t a, unsigned size, int32_t d)
{
    uint32_t off = a & (MM_PAGE_SIZE - 1), k;
    if (d > 0) k = (MM_PAGE_SIZE - off) / size;
    else k = off + size <= MM_PAGE_SIZE ? off / size + 1 : 0;
    return k ? k : 1;
}

/* The element value v of size 1, 2 or 4 in each element of a word (REP STOS's fill, REP SCAS's
 * pattern), and the word with a 1 in each element's lowest bit. */
static inline uint32_t elem_ones(unsigned size) { return size == 1 ? 0x01010101u : size == 2 ? 0x00010001u : 1u; }
static inline uint32_t elem_splat(uint32_t v, unsigned size)
{
    return (size == 4 ? v : v & ((1u << 8 * size) - 1)) * elem_ones(size);
}

/* n words from src to dst going up, each loaded then stored (a destination 4 or more bytes past
 * the source sees what earlier words wrote, as byte by byte), four per step. */
static void copy_up(uint32_t dst, uint32_t src, uint32_t n)
{
    for (; n >= 4; n -= 4, src += 16, dst += 16) {
        cms_gst32(dst, cms_gld32(src));
        cms_gst32(dst + 4, cms_gld32(src + 4));
        cms_gst32(dst + 8, cms_gld32(src + 8));
        cms_gst32(dst + 12, cms_gld32(src + 12));
    }
    for (; n; n--, src += 4, dst += 4) cms_gst32(dst, cms_gld32(src));
}
static void fill_up(uint32_t dst, uint32_t v, uint32_t n)
{
    for (; n >= 4; n -= 4, dst += 16) {
        cms_gst32(dst, v);
        cms_gst32(dst + 4, v);
        cms_gst32(dst + 8, v);
        cms_gst32(dst + 12, v);
    }
    for (; n; n--, dst += 4) cms_gst32(dst, v);
}

/* The string ops one element at a time, the registers written back after each (a fault leaves
 * the elements before it done): with 16-bit addressing (0x67 in 32-bit code, none in 16-bit
 * code; SI, DI and CX, wrapping at 64 KiB), and where a segment's limit or type is checked.
 * TF: one element per step, as do_string. */
static int do_string_each(struct cms_cpu *cpu, const struct xl_insn *x)
{
    const unsigned size = x->osize, sz = szcode(size), as = (x->prefix & XL_PFX_ADSIZE) ? 2 : 4;
    const uint32_t amask = as == 2 ? 0xffffu : ~0u;
    const int32_t d = (cpu->eflags & CMS_EFLAGS_DF) ? -(int32_t)size : (int32_t)size;
    const unsigned s = x->seg;
    const int rep = (x->prefix & (XL_PFX_REP | XL_PFX_REPNE)) != 0;
    const uint32_t stop_zf = (x->prefix & XL_PFX_REPNE) ? XF_ZF : 0;
    uint32_t n = rep ? cpu->r[CMS_ECX] & amask : 1;
    const int step = rep && (cpu->eflags & CMS_EFLAGS_TF);
    while (n) {
        const uint32_t si = cpu->r[CMS_ESI] & amask, di = cpu->r[CMS_EDI] & amask;
        int stop = 0;
        switch (x->op) {
        case XL_MOVS: {
            const uint32_t v = mem_ld(cms_seg_addr(cpu, s, si, size, 0), size);
            mem_st(cms_seg_addr(cpu, CMS_ES, di, size, 1), size, v);
            break;
        }
        case XL_STOS: mem_st(cms_seg_addr(cpu, CMS_ES, di, size, 1), size, reg_get(cpu, CMS_EAX, size)); break;
        case XL_LODS: reg_set(cpu, CMS_EAX, size, mem_ld(cms_seg_addr(cpu, s, si, size, 0), size)); break;
        default: { /* CMPS, SCAS */
            const uint32_t a = x->op == XL_CMPS ? mem_ld(cms_seg_addr(cpu, s, si, size, 0), size) : reg_get(cpu, CMS_EAX, size);
            (void)alu(XL_XALU_OF_CMPS, sz, a, mem_ld(cms_seg_addr(cpu, CMS_ES, di, size, 0), size));
            stop = rep && (cms_xflags_read() & XF_ZF) == stop_zf;
            break;
        }
        }
        if (x->op != XL_STOS && x->op != XL_SCAS) reg_set(cpu, CMS_ESI, as, si + (uint32_t)d);
        if (x->op != XL_LODS) reg_set(cpu, CMS_EDI, as, di + (uint32_t)d);
        n--;
        if (rep) reg_set(cpu, CMS_ECX, as, n);
        if (stop) break;
        if (step && n) return 0;
    }
    return 1;
}

/* MOVS/STOS/LODS/CMPS/SCAS with optional REP/REPE/REPNE. The whole repetition runs as one
 * step, in runs of iterations whose accesses stay in the pages of the run's first one: only a
 * run's first iteration can fault, and ECX, ESI, EDI are written back before it. So a fault in
 * iteration k is delivered with the k - 1 iterations before it done, as on x86 (the guest's
 * handler sees them, and EIP at the instruction). MOVS and STOS going up move whole words within
 * a run (the run's pages are those of its first element, so its first word faults where that
 * element would); byte and word MOVS only when the destination is not 1-3 bytes past the source,
 * where words would read bytes not written yet. With TF set, one iteration per step, as x86
 * traps after each: returns 0 while iterations remain (EIP stays at the instruction). */
static int do_string(struct cms_cpu *cpu, const struct xl_insn *x)
{
    if ((x->prefix & XL_PFX_ADSIZE) || (cpu->seg_chk[x->seg] | cpu->seg_chk[CMS_ES])) return do_string_each(cpu, x);
    unsigned size = x->osize, sz = szcode(size);
    int32_t d = (cpu->eflags & CMS_EFLAGS_DF) ? -(int32_t)size : (int32_t)size;
    uint32_t sbase = cpu->seg_base[x->seg], dbase = cpu->seg_base[CMS_ES];
    uint32_t si = cpu->r[CMS_ESI], di = cpu->r[CMS_EDI], cx = cpu->r[CMS_ECX];
    int rep = (x->prefix & (XL_PFX_REP | XL_PFX_REPNE)) != 0;
    uint32_t n = rep ? cx : 1, held = 0;
    if (rep && n > 1 && (cpu->eflags & CMS_EFLAGS_TF)) held = n - 1, n = 1;
    uint32_t acc = reg_get(cpu, CMS_EAX, size);
    int uses_si = x->op == XL_MOVS || x->op == XL_LODS || x->op == XL_CMPS;
    int uses_di = x->op != XL_LODS;
    /* REPE stops when ZF=0, REPNE when ZF=1; without REP exactly one comparison. */
    uint32_t stop_zf = (x->prefix & XL_PFX_REPNE) ? XF_ZF : 0;
    int stopped = 0;

    while (n && !stopped) {
        uint32_t k = n, r;
        if (uses_si && (r = same_page_run(si + sbase, size, d)) < k) k = r;
        if (uses_di && (r = same_page_run(di + dbase, size, d)) < k) k = r;
        if (rep) cpu->r[CMS_ECX] = n;
        if (uses_si) cpu->r[CMS_ESI] = si;
        if (uses_di) cpu->r[CMS_EDI] = di;
        n -= k;
        switch (x->op) {
        case XL_MOVS:
            if (d > 0 && k * size >= 4 && (size == 4 || (di + dbase) - (si + sbase) >= 4)) {
                const uint32_t w = k * size / 4;
                copy_up(di + dbase, si + sbase, w);
                si += 4 * w, di += 4 * w, k -= 4 * w / size;
            }
            for (; k; k--, si += d, di += d) mem_st(di + dbase, size, mem_ld(si + sbase, size));
            break;
        case XL_STOS:
            if (d > 0 && k * size >= 4) {
                const uint32_t w = k * size / 4;
                fill_up(di + dbase, elem_splat(acc, size), w);
                di += 4 * w, k -= 4 * w / size;
            }
            for (; k; k--, di += d) mem_st(di + dbase, size, acc);
            break;
        case XL_LODS:
            for (; k; k--, si += d) acc = mem_ld(si + sbase, size);
            reg_set(cpu, CMS_EAX, size, acc);
            break;
        case XL_CMPS:
        case XL_SCAS:
            /* Going up, a word at a time while no element in it can stop the repetition: under
             * REPE every element equal, under REPNE none (x86 then only sets flags that a later
             * comparison overwrites). The run's last element is always compared below, so the
             * flags are the last comparison's. The words lie in the run, whose pages are its
             * first element's: a fault comes before anything of the run is done. */
            if (rep && d > 0) {
                const uint32_t per = 4 / size, lo = elem_ones(size), hi = lo << (8 * size - 1);
                const uint32_t pat = elem_splat(acc, size); /* SCAS */
                while (k > per) {
                    const uint32_t v = (x->op == XL_CMPS ? cms_gld32(si + sbase) : pat) ^ cms_gld32(di + dbase);
                    /* (v - lo) & ~v & hi: some element of v is 0, i.e. equal */
                    if (stop_zf ? ((v - lo) & ~v & hi) != 0 : v != 0) break;
                    k -= per;
                    di += 4;
                    if (x->op == XL_CMPS) si += 4;
                }
            }
            while (k) {
                uint32_t a = x->op == XL_CMPS ? mem_ld(si + sbase, size) : acc;
                uint32_t b = mem_ld(di + dbase, size);
                (void)alu(XL_XALU_OF_CMPS, sz, a, b);
                if (x->op == XL_CMPS) si += d;
                di += d;
                k--;
                if (rep && (cms_xflags_read() & XF_ZF) == stop_zf) {
                    n += k; /* the iterations of this run not done */
                    stopped = 1;
                    break;
                }
            }
            break;
        default: cms_panic("interp: string op %u", x->op);
        }
    }
    if (rep) cpu->r[CMS_ECX] = n + held;
    if (uses_si) cpu->r[CMS_ESI] = si;
    if (uses_di) cpu->r[CMS_EDI] = di;
    return !held || stopped;
}

/* DAA, DAS, AAA, AAS, AAM, AAD (Intel SDM vol. 2; AAA and AAS adjust AX as a whole, as the SDM's
 * current pseudocode and today's CPUs do). Flags x86 leaves undefined: SF ZF PF of the new AL,
 * OF 0 (xl_ops.h). */
static void do_bcd(struct cms_cpu *cpu, const struct xl_insn *x, uint32_t eip)
{
    const uint32_t f = cms_xflags_read(), cf = f & XF_CF, af = f & XF_AF;
    uint32_t ax = cpu->r[CMS_EAX] & 0xffff, al = ax & 0xff, nf = 0;
    switch (x->op) {
    case XL_DAA: case XL_DAS: {
        const int sub = x->op == XL_DAS;
        uint32_t r = al;
        if ((al & 15) > 9 || af) {
            r = sub ? al - 6 : al + 6;
            nf = XF_AF | (cf || r > 0xff ? XF_CF : 0);
        }
        if (al > 0x99 || cf) {
            r = sub ? r - 0x60 : r + 0x60;
            nf |= XF_CF;
        } else if (!sub) {
            nf &= ~XF_CF;
        }
        ax = (ax & 0xff00) | (r & 0xff);
        flags_of(1, r, nf);
        break;
    }
    case XL_AAA: case XL_AAS:
        if ((al & 15) > 9 || af) {
            ax = x->op == XL_AAA ? ax + 0x106 : ax - 6 - 0x100;
            nf = XF_AF | XF_CF;
        }
        ax = (ax & 0xff00) | (ax & 15);
        flags_of(1, ax, nf);
        break;
    case XL_AAM: {
        const uint32_t base = (uint32_t)x->ops[0].val & 0xff;
        if (base == 0) DIVIDE_ERROR("aam with base 0");
        ax = (al / base) << 8 | (al % base);
        flags_of(1, ax, 0);
        break;
    }
    default: { /* AAD */
        const uint32_t base = (uint32_t)x->ops[0].val & 0xff;
        ax = (al + (ax >> 8) * base) & 0xff;
        flags_of(1, ax, 0);
        break;
    }
    }
    reg_set(cpu, CMS_EAX, 2, ax);
}

/* POPCNT (ZF of the source, the rest clear), LZCNT, TZCNT (CF: a zero source; ZF of the count;
 * SF and PF, which x86 leaves undefined, of the count too: xlogf, as translated code has them). */
static void do_bitcount(struct cms_cpu *cpu, const struct xl_insn *x)
{
    const unsigned size = x->osize, bits = 8 * size;
    const uint32_t v = rd(cpu, &x->ops[1], size);
    uint32_t r;
    if (x->op == XL_POPCNT) {
        r = (uint32_t)__builtin_popcount(v);
        cms_xflags_write((cms_xflags_read() & ~XF_ARITH) | (v ? 0 : XF_ZF));
    } else {
        r = !v ? bits : x->op == XL_TZCNT ? (uint32_t)__builtin_ctz(v) : (uint32_t)__builtin_clz(v) - (32 - bits);
        flags_of(size, r, v ? 0 : XF_CF);
    }
    wr(cpu, &x->ops[0], size, r);
}

/* BMI1, BMI2 and ADX (32-bit only: VEX forms have no 16-bit size in 32-bit mode). Operands in
 * Intel order as Zydis gives them; the flags the SDM leaves undefined are those of flags_of. */
static void do_bmi(struct cms_cpu *cpu, const struct xl_insn *x)
{
    const struct xl_operand *o0 = &x->ops[0], *o1 = &x->ops[1], *o2 = &x->ops[2];
    const uint32_t a = rd(cpu, o1, 4);
    uint32_t r = 0, f = cms_xflags_read();
    switch (x->op) {
    case XL_ANDN: r = ~a & rd(cpu, o2, 4); flags_of(4, r, 0); break;
    case XL_BEXTR: {
        const uint32_t c = rd(cpu, o2, 4), start = c & 0xff, len = (c >> 8) & 0xff;
        r = start > 31 ? 0 : a >> start;
        if (len < 32) r &= (1u << len) - 1;
        flags_of(4, r, 0);
        break;
    }
    case XL_BLSI: r = a & -a; flags_of(4, r, a ? XF_CF : 0); break;
    case XL_BLSMSK: r = a ^ (a - 1); flags_of(4, r, a ? 0 : XF_CF); break;
    case XL_BLSR: r = a & (a - 1); flags_of(4, r, a ? 0 : XF_CF); break;
    case XL_BZHI: {
        const uint32_t n = rd(cpu, o2, 4) & 0xff;
        r = n < 32 ? a & ((1u << n) - 1) : a;
        flags_of(4, r, n > 31 ? XF_CF : 0);
        break;
    }
    case XL_MULX: { /* hi:lo = EDX * src; with one register for both, it gets the high half */
        const uint64_t p = (uint64_t)cpu->r[CMS_EDX] * rd(cpu, o2, 4);
        wr(cpu, o1, 4, (uint32_t)p);
        r = (uint32_t)(p >> 32);
        break;
    }
    case XL_PDEP: case XL_PEXT: {
        const uint32_t m = rd(cpu, o2, 4);
        uint32_t k = 1;
        for (uint32_t bit = 1; bit; bit <<= 1) {
            if (!(m & bit)) continue;
            if (x->op == XL_PDEP) { if (a & k) r |= bit; }
            else if (a & bit) r |= k;
            k <<= 1;
        }
        break;
    }
    case XL_RORX: { const uint32_t n = (uint32_t)o2->val & 31; r = n ? a >> n | a << (32 - n) : a; break; }
    case XL_SARX: r = (uint32_t)((int32_t)a >> (rd(cpu, o2, 4) & 31)); break;
    case XL_SHLX: r = a << (rd(cpu, o2, 4) & 31); break;
    case XL_SHRX: r = a >> (rd(cpu, o2, 4) & 31); break;
    default: { /* ADCX (carry in and out through CF), ADOX (through OF) */
        const uint32_t bit = x->op == XL_ADCX ? XF_CF : XF_OF;
        const uint64_t t = (uint64_t)rd(cpu, o0, 4) + a + ((f & bit) ? 1 : 0);
        r = (uint32_t)t;
        cms_xflags_write((f & ~bit) | ((t >> 32) ? bit : 0));
        break;
    }
    }
    wr(cpu, o0, 4, r);
}

/* Far JMP, CALL, RET and IRET at CPL 3 (SDM vol. 2; checks in cms_desc.c): only same-privilege
 * transfers exist in user mode. The target is checked before anything changes (cms_far_target
 * then loads CS); the stack is read (RETF, IRET) before that and written (CALLF) after it, with
 * the caller's CS put back when the stores would fault, so a fault leaves all as it was.
 * Returns the next EIP. */
static uint32_t do_far(struct cms_cpu *cpu, const struct xl_insn *x, uint32_t next)
{
    const struct xl_operand *o0 = &x->ops[0];
    const unsigned size = x->osize; /* 4 or 2: the size of the offset and of each stack slot */
    const uint32_t sp = sp_get(cpu), m = sp_mask(cpu), la = sp + cpu->seg_base[CMS_SS], cs = cpu->seg[CMS_CS];
    uint32_t sel, off;
    switch (x->op) {
    case XL_JMPF: case XL_CALLF:
        if (o0->kind == XL_OPK_IMM) {
            sel = (uint32_t)o0->val & 0xffff, off = x->target;
        } else {
            const uint32_t a = ea(cpu, o0, size + 2, 0);
            off = mem_ld(a, size), sel = mem_ld(a + size, 2);
        }
        if (x->op == XL_CALLF) {
            /* the target's checks come first; a stack that cannot take the return address
             * faults with the caller's CS still loaded */
            const uint32_t cs_base = cpu->cs_base, cs16 = cpu->cs16, cs_limit = cpu->seg_limit[CMS_CS];
            const uint8_t cs_chk = cpu->seg_chk[CMS_CS];
            cms_far_target(cpu, (uint16_t)sel, off, 0);
            if (!cms_mm_range_ok(la - 2 * size, 2 * size, 1) || !cms_seg_ok(cpu, CMS_SS, (sp - 2 * size) & m, 2 * size, 1)) {
                cpu->seg[CMS_CS] = (uint16_t)cs, cpu->cs_base = cs_base, cpu->cs16 = cs16;
                cpu->seg_chk[CMS_CS] = cs_chk, cpu->seg_limit[CMS_CS] = cs_limit;
                cms_seg_update(cpu);
                (void)stk(cpu, (sp - 2 * size) & m, 2 * size, 1); /* #SS */
            }
            mem_st(la - size, size, cs); /* CS (zero-extended), then the return address */
            mem_st(la - 2 * size, size, next);
            sp_set(cpu, sp - 2 * size);
        } else {
            cms_far_target(cpu, (uint16_t)sel, off, 0);
        }
        break;
    case XL_RETF:
        (void)stk(cpu, sp, 2 * size, 0);
        off = mem_ld(la, size), sel = mem_ld(la + size, 2);
        cms_far_target(cpu, (uint16_t)sel, off, 1);
        sp_set(cpu, sp + 2 * size + (x->nops ? ((uint32_t)o0->val & 0xffff) : 0));
        break;
    default: { /* IRET: NT set would be a task return, which user mode cannot make */
        if (cpu->eflags & CMS_EFLAGS_NT)
            fault_at(11, CMS_SI_KERNEL, CMS_TRAP_GP, 0, "iret with NT set (a task return)", cpu->eip);
        (void)stk(cpu, sp, 3 * size, 0);
        off = mem_ld(la, size), sel = mem_ld(la + size, 2);
        uint32_t fl = mem_ld(la + 2 * size, size);
        cms_far_target(cpu, (uint16_t)sel, off, 1);
        if (size == 2) fl |= eflags_get(cpu) & 0xffff0000u;
        eflags_set(cpu, fl, size); /* what POPF may change at CPL 3 (IOPL 0: not IF) */
        sp_set(cpu, sp + 3 * size);
        break;
    }
    }
    return size == 2 ? off & 0xffff : off;
}

static int step_after_int; /* the instruction just interpreted was INT 0x80 (cms_interp_single_step) */

/* Executes x (at eip, next = eip + len); returns the next EIP. */
static uint32_t exec_generic(struct cms_cpu *cpu, const struct xl_insn *x, uint32_t eip,
                             uint32_t next)
{
    unsigned size = x->osize;
    const struct xl_operand *o0 = &x->ops[0], *o1 = &x->ops[1];
    switch (x->op) {
    case XL_ADD: case XL_OR: case XL_ADC: case XL_SBB: case XL_AND: case XL_SUB: case XL_XOR: {
        uint32_t r = alu(xl_op_xalu(x->op), szcode(size), rd_rmw(cpu, o0, size), rd(cpu, o1, size));
        wr(cpu, o0, size, r);
        break;
    }
    case XL_CMP: (void)alu(XL_XALU_OF_CMP, szcode(size), rd(cpu, o0, size), rd(cpu, o1, size)); break;
    case XL_TEST: (void)alu(XL_XALU_OF_TEST, szcode(size), rd(cpu, o0, size), rd(cpu, o1, size)); break;
    case XL_ROL: case XL_ROR: case XL_RCL: case XL_RCR:
    case XL_SHL: case XL_SHR: case XL_SAL_UNUSED: case XL_SAR: {
        uint32_t n = xl_shift_count(rd(cpu, o1, 1));
        if (!n) break; /* count 0: no flags, no write */
        uint32_t r = alu(xl_op_xalu(x->op), szcode(size), rd_rmw(cpu, o0, size), n);
        wr(cpu, o0, size, r);
        break;
    }
    case XL_INC: wr(cpu, o0, size, alu(XL_XALU_OF_INC, szcode(size), rd_rmw(cpu, o0, size), 0)); break;
    case XL_DEC: wr(cpu, o0, size, alu(XL_XALU_OF_DEC, szcode(size), rd_rmw(cpu, o0, size), 0)); break;
    case XL_NEG: wr(cpu, o0, size, alu(XL_XALU_OF_NEG, szcode(size), rd_rmw(cpu, o0, size), 0)); break;
    case XL_NOT: wr(cpu, o0, size, ~rd_rmw(cpu, o0, size)); break;
    case XL_MUL: case XL_IMUL1: case XL_DIV: case XL_IDIV: do_muldiv(cpu, x, eip); break;
    case XL_IMUL:
        wr(cpu, o0, size, alu(XL_XALU_OF_IMUL, szcode(size), rd(cpu, o1, size), rd(cpu, &x->ops[2], size)));
        break;
    case XL_MOV: wr(cpu, o0, o0->size, rd(cpu, o1, o0->size)); break;
    case XL_MOVZX: wr(cpu, o0, size, rd(cpu, o1, o1->size)); break;
    case XL_MOVSX: {
        uint32_t v = rd(cpu, o1, o1->size);
        v = o1->size == 1 ? (uint32_t)(int32_t)(int8_t)v : (uint32_t)(int32_t)(int16_t)v;
        wr(cpu, o0, size, v);
        break;
    }
    case XL_LEA: wr(cpu, o0, size, ea_off(cpu, o1)); break;
    case XL_XCHG: {
        uint32_t a = rd(cpu, o0, size), b = rd(cpu, o1, size);
        wr(cpu, o0, size, b);
        wr(cpu, o1, size, a);
        break;
    }
    case XL_XADD: {
        uint32_t dv = rd_rmw(cpu, o0, size), sv = rd(cpu, o1, size);
        uint32_t t = alu(XL_XALU_OF_XADD, szcode(size), dv, sv);
        if (o0->kind == XL_OPK_MEM) {
            /* the store first: its address may use the source register (found by fuzz-x86) */
            wr(cpu, o0, size, t);
            wr(cpu, o1, size, dv);
        } else {
            wr(cpu, o1, size, dv); /* xadd r, r with one register: the sum wins */
            wr(cpu, o0, size, t);
        }
        break;
    }
    case XL_CMPXCHG: {
        uint32_t acc = reg_get(cpu, CMS_EAX, size), dv = rd_rmw(cpu, o0, size); /* locked: always written */
        (void)alu(XL_XALU_OF_CMPXCHG, szcode(size), acc, dv);
        if (acc == dv) {
            wr(cpu, o0, size, rd(cpu, o1, size));
        } else {
            if (o0->kind == XL_OPK_MEM) wr(cpu, o0, size, dv); /* the locked cycle writes back */
            reg_set(cpu, CMS_EAX, size, dv);
        }
        break;
    }
    case XL_CMPXCHG8B: {
        uint32_t a = ea(cpu, o0, 8, 1);
        rmw_probe(a, 8);
        uint32_t lo = cms_gld32(a), hi = cms_gld32(a + 4);
        uint32_t f = cms_xflags_read() & ~XF_ZF;
        /* the locked cycle always writes (the old value back when unequal): a read-only
         * destination faults either way, and nothing is written before a fault */
        cms_mm_store_check(a, 8);
        if (lo == cpu->r[CMS_EAX] && hi == cpu->r[CMS_EDX]) {
            cms_gst32(a, cpu->r[CMS_EBX]);
            cms_gst32(a + 4, cpu->r[CMS_ECX]);
            f |= XF_ZF;
        } else {
            cms_gst32(a, lo);
            cms_gst32(a + 4, hi);
            cpu->r[CMS_EAX] = lo;
            cpu->r[CMS_EDX] = hi;
        }
        cms_xflags_write(f);
        break;
    }
    case XL_BSWAP: {
        uint32_t v = cpu->r[o0->reg];
        if (size == 4)
            cpu->r[o0->reg] = (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
        else /* undefined for 16-bit; real CPUs zero the low word */
            reg_set(cpu, o0->reg, 2, 0);
        break;
    }
    case XL_PUSH: {
        /* Segment registers push a 16-bit selector zero-extended to the operand size. */
        push(cpu, size, rd(cpu, o0, size));
        break;
    }
    case XL_POP: {
        const uint32_t esp = cpu->r[CMS_ESP];
        uint32_t v = pop(cpu, size); /* ESP is incremented before a [esp]-based destination */
        if (o0->kind == XL_OPK_MEM) { /* a faulting store leaves ESP as it was */
            uint32_t a = ea(cpu, o0, size, 1), after = cpu->r[CMS_ESP];
            cpu->r[CMS_ESP] = esp;
            mem_st(a, size, v);
            cpu->r[CMS_ESP] = after;
            break;
        }
        wr(cpu, o0, o0->kind == XL_OPK_SREG ? 2 : size, v);
        break;
    }
    case XL_PUSHA: { /* ESP changes once, after the stores: a fault leaves it as it was */
        const uint32_t sp = sp_get(cpu);
        const uint32_t la = stk(cpu, (sp - 8 * size) & sp_mask(cpu), 8 * size, 1) + 8 * size;
        for (unsigned r = 0; r < 8; r++) mem_st(la - (r + 1) * size, size, cpu->r[r]);
        sp_set(cpu, sp - 8 * size);
        break;
    }
    case XL_POPA: { /* the registers change after the loads: a fault leaves them as they were */
        const uint32_t sp = sp_get(cpu);
        uint32_t v[8];
        const uint32_t la = stk(cpu, sp, 8 * size, 0);
        for (unsigned r = 0; r < 8; r++) v[r] = mem_ld(la + (7 - r) * size, size);
        for (unsigned r = 0; r < 8; r++)
            if (r != CMS_ESP) reg_set(cpu, r, size, v[r]);
        sp_set(cpu, sp + 8 * size);
        break;
    }
    case XL_PUSHF: push(cpu, size, eflags_get(cpu) & size_mask(size)); break;
    case XL_POPF: {
        uint32_t v = pop(cpu, size);
        if (size == 2) v |= eflags_get(cpu) & 0xffff0000u;
        eflags_set(cpu, v, size);
        break;
    }
    case XL_LAHF: reg_set(cpu, 4 /* AH */, 1, (cms_xflags_read() & 0xd5) | 2); break;
    case XL_SAHF:
        cms_xflags_write((cms_xflags_read() & ~0xd5u) | (reg_get(cpu, 4, 1) & 0xd5));
        break;
    case XL_SHLD: case XL_SHRD: {
        uint32_t n = xl_shift_count(rd(cpu, &x->ops[2], 1));
        if (!n) break;
        wr(cpu, o0, size, do_shxd(x->op == XL_SHLD, size, rd_rmw(cpu, o0, size), rd(cpu, o1, size), n));
        break;
    }
    case XL_BT: case XL_BTS: case XL_BTR: case XL_BTC: do_bt(cpu, x); break;
    case XL_BSF: case XL_BSR: {
        uint32_t v = rd(cpu, o1, size), f = cms_xflags_read() & ~XF_ZF;
        if (!v) {
            cms_xflags_write(f | XF_ZF); /* destination unchanged */
        } else {
            cms_xflags_write(f);
            wr(cpu, o0, size, x->op == XL_BSF ? (uint32_t)__builtin_ctz(v) : 31u - (uint32_t)__builtin_clz(v));
        }
        break;
    }
    case XL_SETCC: wr(cpu, o0, 1, cond(x->cc)); break;
    case XL_CMOVCC: {
        uint32_t v = rd(cpu, o1, size); /* the source is read (and may fault) either way */
        if (cond(x->cc)) wr(cpu, o0, size, v);
        break;
    }
    case XL_JCC: if (cond(x->cc)) next = x->target; break;
    case XL_JMP: next = x->target; break;
    case XL_JMP_IND: next = rd(cpu, o0, size); break;
    case XL_CALL: push(cpu, size, next); next = x->target; break;
    case XL_CALL_IND: { uint32_t t = rd(cpu, o0, size); push(cpu, size, next); next = t; break; }
    case XL_RET:
        next = pop(cpu, size);
        if (x->nops) sp_set(cpu, sp_get(cpu) + ((uint32_t)o0->val & 0xffff));
        break;
    case XL_LOOP: case XL_LOOPE: case XL_LOOPNE: {
        unsigned csize = (x->prefix & XL_PFX_ADSIZE) ? 2 : 4; /* 0x67: the counter is CX */
        uint32_t c = (reg_get(cpu, CMS_ECX, csize) - 1) & size_mask(csize);
        reg_set(cpu, CMS_ECX, csize, c);
        uint32_t zf = cms_xflags_read() & XF_ZF;
        if (c && (x->op == XL_LOOP || (x->op == XL_LOOPE ? zf != 0 : zf == 0))) next = x->target;
        break;
    }
    case XL_JECXZ:
        if (reg_get(cpu, CMS_ECX, (x->prefix & XL_PFX_ADSIZE) ? 2 : 4) == 0) next = x->target;
        break;
    case XL_CBW: reg_set(cpu, CMS_EAX, 2, (uint32_t)(int32_t)(int8_t)cpu->r[CMS_EAX]); break;
    case XL_CWDE: cpu->r[CMS_EAX] = (uint32_t)(int32_t)(int16_t)cpu->r[CMS_EAX]; break;
    case XL_CWD: reg_set(cpu, CMS_EDX, 2, (cpu->r[CMS_EAX] & 0x8000) ? 0xffff : 0); break;
    case XL_CDQ: cpu->r[CMS_EDX] = (uint32_t)((int32_t)cpu->r[CMS_EAX] >> 31); break;
    case XL_ENTER: {
        uint32_t alloc = (uint32_t)o0->val & 0xffff, level = (uint32_t)o1->val & 31;
        push(cpu, size, reg_get(cpu, CMS_EBP, size));
        uint32_t frame = sp_get(cpu);
        if (level) {
            uint32_t bp = cpu->r[CMS_EBP] & sp_mask(cpu);
            for (uint32_t i = 1; i < level; i++) {
                bp = (bp - size) & sp_mask(cpu);
                push(cpu, size, mem_ld(stk(cpu, bp, size, 0), size));
            }
            push(cpu, size, frame);
        }
        reg_set(cpu, CMS_EBP, size, frame);
        sp_set(cpu, sp_get(cpu) - alloc);
        break;
    }
    case XL_LEAVE:
        sp_set(cpu, cpu->r[CMS_EBP]);
        reg_set(cpu, CMS_EBP, size, pop(cpu, size));
        break;
    case XL_XLAT: { /* BX with 16-bit addressing */
        uint32_t a = cms_seg_addr(
            cpu, x->seg, (cpu->r[CMS_EBX] + (cpu->r[CMS_EAX] & 0xff)) & ((x->prefix & XL_PFX_ADSIZE) ? 0xffffu : ~0u), 1, 0);
        reg_set(cpu, CMS_EAX, 1, cms_gld8(a));
        break;
    }
    case XL_MOVS: case XL_STOS: case XL_LODS: case XL_CMPS: case XL_SCAS:
        if (!do_string(cpu, x)) next = eip; /* TF: the next iteration is the next step */
        break;
    case XL_CLD: cpu->eflags &= ~CMS_EFLAGS_DF; break;
    case XL_STD: cpu->eflags |= CMS_EFLAGS_DF; break;
    case XL_CLC: set_cf(0); break;
    case XL_STC: set_cf(1); break;
    case XL_CMC: set_cf(~cms_xflags_read()); break;
    case XL_NOP: break;
    case XL_HLT: fault_at(11, CMS_SI_KERNEL, CMS_TRAP_GP, 0, "hlt in user mode", eip);
    case XL_INT3: cpu->eip = next; fault_at(5, CMS_SI_KERNEL, CMS_TRAP_BP, 0, "int3 breakpoint", eip);
    case XL_UD2: fault_at(4, CMS_ILL_ILLOPN, CMS_TRAP_UD, 0, "ud2", eip);
    case XL_INT1: { /* ICEBP: #DB with no DR6 reason, which Linux reports as TRAP_BRKPT after it */
        cpu->eip = next;
        const struct cms_siginfo si = {.signo = 5, .code = CMS_TRAP_BRKPT, .trapno = CMS_TRAP_DB, .addr = next};
        char msg[64];
        cms_snprintf(msg, sizeof msg, "guest SIGTRAP: int1 (icebp) at eip 0x%08x", eip);
        cms_signal_fault(&si, msg);
    }
    case XL_INTO: /* #OF, a trap: Linux sends SIGSEGV (SI_KERNEL), EIP after it */
        if (!(cms_xflags_read() & XF_OF)) break;
        cpu->eip = next;
        fault_at(11, CMS_SI_KERNEL, CMS_TRAP_OF, 0, "into overflow", eip);
    case XL_INT:
        if (((uint32_t)o0->val & 0xff) == 3) { /* CD 03: Linux's int3 gate, like CC */
            cpu->eip = next;
            fault_at(5, CMS_SI_KERNEL, CMS_TRAP_BP, 0, "int3 breakpoint", eip);
        }
        if (((uint32_t)o0->val & 0xff) != 0x80) /* a gate user mode may not use: #GP(vector << 3 | IDT) */
            fault_at(11, CMS_SI_KERNEL, CMS_TRAP_GP, ((uint32_t)o0->val & 0xff) << 3 | 2, "int n other than 0x80", eip);
        cpu->eip = next;
        step_after_int = 1; /* no single-step trap right after INT n: it clears TF on entry */
        interp_sync_stats();
        cms_syscall(cpu); /* reads and writes cpu; may change EIP (signal delivery later) */
        cms_set_activity(CMSACT_INTERP);
        next = cpu->eip;
        break;
    case XL_CPUID: do_cpuid(cpu); break;
    case XL_JMPF: case XL_CALLF: case XL_RETF: case XL_IRET: next = do_far(cpu, x, next); break;
    case XL_LSEG: { /* the selector first (its checks may fault), then the offset */
        const uint32_t a = ea(cpu, o1, size + 2, 0), off = mem_ld(a, size), sel = mem_ld(a + size, 2);
        set_seg(cpu, x->cc, sel);
        wr(cpu, o0, size, off);
        break;
    }
    case XL_BOUND: { /* the index against two signed bounds in memory: #BR, a fault */
        const uint32_t a = ea(cpu, o1, 2 * size, 0);
        const int32_t v = (int32_t)(size == 2 ? (uint32_t)(int32_t)(int16_t)reg_get(cpu, o0->reg, 2) : cpu->r[o0->reg]);
        const int32_t lo = size == 2 ? (int16_t)mem_ld(a, 2) : (int32_t)mem_ld(a, 4);
        const int32_t hi = size == 2 ? (int16_t)mem_ld(a + 2, 2) : (int32_t)mem_ld(a + 4, 4);
        if (v < lo || v > hi) fault_at(11, CMS_SI_KERNEL, 5 /* #BR */, 0, "bound range exceeded", eip);
        break;
    }
    case XL_PRIV: fault_at(11, CMS_SI_KERNEL, CMS_TRAP_GP, 0, "privileged or I/O instruction at CPL 3", eip);
    case XL_ARPL: { /* raise the RPL of the destination selector to the source's */
        const uint32_t d = rd_rmw(cpu, o0, 2), s = rd(cpu, o1, 2);
        const int raise = (d & 3) < (s & 3);
        if (raise) wr(cpu, o0, 2, (d & ~3u) | (s & 3));
        cms_xflags_write((cms_xflags_read() & ~XF_ZF) | (raise ? XF_ZF : 0));
        break;
    }
    case XL_SGDT: case XL_SIDT: { /* limit (2 bytes), then the base (4) */
        const uint32_t a = ea(cpu, o0, 6, 1);
        cms_mm_access_check(a, 6, 1); /* both stores or neither */
        mem_st(a, 2, 0);
        mem_st(a + 2, 4, x->op == XL_SGDT ? CMS_UMIP_GDT_BASE : CMS_UMIP_IDT_BASE);
        break;
    }
    case XL_SLDT: case XL_STR: case XL_SMSW: { /* a register gets the operand size (zero-extended) */
        const uint32_t v = x->op == XL_SLDT ? cms_desc_ldtr() : x->op == XL_STR ? CMS_SEL_TSS : CMS_UMIP_CR0;
        const unsigned n = o0->kind == XL_OPK_MEM ? 2 : size;
        wr(cpu, o0, n, n == 2 ? v & 0xffff : v);
        break;
    }
    case XL_LAR: case XL_LSL: case XL_VERR: case XL_VERW: {
        const uint16_t sel = (uint16_t)rd(cpu, x->op == XL_LAR || x->op == XL_LSL ? o1 : o0, 2);
        uint32_t v = 0;
        const int ok = x->op == XL_LAR ? cms_desc_lar(cpu, sel, &v)
                     : x->op == XL_LSL ? cms_desc_lsl(cpu, sel, &v) : cms_desc_verr(cpu, sel, x->op == XL_VERW);
        cms_xflags_write((cms_xflags_read() & ~XF_ZF) | (ok ? XF_ZF : 0));
        if (ok && (x->op == XL_LAR || x->op == XL_LSL)) wr(cpu, o0, size, size == 2 ? v & 0xffff : v);
        break;
    }
    case XL_DAA: case XL_DAS: case XL_AAA: case XL_AAS: case XL_AAM: case XL_AAD: do_bcd(cpu, x, eip); break;
    case XL_SALC: reg_set(cpu, CMS_EAX, 1, (cms_xflags_read() & XF_CF) ? 0xff : 0); break;
    case XL_POPCNT: case XL_LZCNT: case XL_TZCNT: do_bitcount(cpu, x); break;
    case XL_ANDN: case XL_BEXTR: case XL_BLSI: case XL_BLSMSK: case XL_BLSR: case XL_BZHI: case XL_MULX:
    case XL_PDEP: case XL_PEXT: case XL_RORX: case XL_SARX: case XL_SHLX: case XL_SHRX: case XL_ADCX:
    case XL_ADOX: do_bmi(cpu, x); break;
    case XL_MOVBE: { /* load or store, bytes reversed (16 or 32 bits) */
        uint32_t v = rd(cpu, o1, size);
        v = size == 2 ? (uint32_t)__builtin_bswap16((uint16_t)v) : __builtin_bswap32(v);
        wr(cpu, o0, size, v);
        break;
    }
    case XL_X87: cms_x87_exec(cpu, x, eip); break; /* x87.c */
    case XL_RDTSC: case XL_RDTSCP: {
        uint64_t t = read_cycles();
        cpu->r[CMS_EAX] = (uint32_t)t;
        cpu->r[CMS_EDX] = (uint32_t)(t >> 32);
        if (x->op == XL_RDTSCP) cpu->r[CMS_ECX] = CMS_TSC_AUX;
        break;
    }
    default: {
        uint8_t b[XL_MAX_LEN];
        cms_unsupported(eip, b, fetch_bytes(eip, b, x->len));
    }
    }
    return next;
}

/* ---------------------------------------------------------------------------------------- */
/* Handler choice (once per decode-cache entry).                                              */

static int is_fast_reg(const struct xl_operand *o) { return o->kind == XL_OPK_REG && o->size == 4; }
static int is_fast_mem(const struct xl_operand *o)
{
    return o->kind == XL_OPK_MEM && o->reg != XL_NOREG && o->index == XL_NOREG && o->seg < CMS_FS &&
           !o->flags;
}

/* Memory operands the _X forms handle: no FS/GS base, 32-bit addressing. */
static int is_fast_mem_x(const struct xl_operand *o)
{
    return o->kind == XL_OPK_MEM && o->seg < CMS_FS && !o->flags;
}

static uint8_t pick_handler_x(const struct xl_insn *x);

static uint8_t pick_handler(const struct xl_insn *x)
{
    const struct xl_operand *a = &x->ops[0], *b = &x->ops[1];
    uint8_t h = pick_handler_x(x);
    if (h != H_GENERIC || x->osize != 4 || (x->prefix & XL_PFX_LOCK)) return h;
    switch (x->op) {
    case XL_MOV:
        if (is_fast_reg(a) && is_fast_mem_x(b)) return H_MOV_RM_X;
        if (is_fast_mem_x(a) && is_fast_reg(b)) return H_MOV_MR_X;
        if (is_fast_mem_x(a) && b->kind == XL_OPK_IMM) return H_MOV_MI_X;
        break;
    case XL_LEA: return is_fast_reg(a) && !b->flags ? H_LEA_X : H_GENERIC;
    case XL_MOVZX: case XL_MOVSX:
        if (!is_fast_reg(a) || !is_fast_mem_x(b)) break;
        if (b->size == 1) return x->op == XL_MOVZX ? H_MOVZX8_X : H_MOVSX8_X;
        return x->op == XL_MOVZX ? H_MOVZX16_X : H_MOVSX16_X;
    case XL_ADD: case XL_OR: case XL_ADC: case XL_SBB: case XL_AND: case XL_SUB: case XL_XOR:
    case XL_CMP: {
        unsigned k = x->op - XL_ADD;
        if (is_fast_reg(a) && is_fast_mem_x(b)) return (uint8_t)(H_ALU_RM_X + k);
        if (x->op != XL_CMP && (cms_config.flags & MORPH_CFG_RMW_WRITE)) break; /* rd_rmw's probe */
        if (is_fast_mem_x(a) && is_fast_reg(b)) return (uint8_t)(H_ALU_MR_X + k);
        if (is_fast_mem_x(a) && b->kind == XL_OPK_IMM) return (uint8_t)(H_ALU_MI_X + k);
        break;
    }
    default: break;
    }
    return H_GENERIC;
}

static uint8_t pick_handler_x(const struct xl_insn *x)
{
    const struct xl_operand *a = &x->ops[0], *b = &x->ops[1];
    if (x->op == XL_UNSUPPORTED) return H_UNSUPPORTED;
    if (x->op == XL_INVALID) return H_INVALID;
    if (x->osize != 4) return H_GENERIC;
    switch (x->op) {
    case XL_MOV:
        if (is_fast_reg(a) && is_fast_reg(b)) return H_MOV_RR;
        if (is_fast_reg(a) && is_fast_mem(b)) return H_MOV_RM;
        if (is_fast_mem(a) && is_fast_reg(b)) return H_MOV_MR;
        if (is_fast_reg(a) && b->kind == XL_OPK_IMM) return H_MOV_RI;
        if (is_fast_mem(a) && b->kind == XL_OPK_IMM) return H_MOV_MI;
        return H_GENERIC;
    case XL_LEA:
        return is_fast_reg(a) && b->reg != XL_NOREG && b->index == XL_NOREG && !b->flags ? H_LEA_BD
                                                                                      : H_GENERIC;
    case XL_PUSH:
        if (is_fast_reg(a)) return H_PUSH_R;
        return a->kind == XL_OPK_IMM ? H_PUSH_I : H_GENERIC;
    case XL_POP: return is_fast_reg(a) ? H_POP_R : H_GENERIC;
    case XL_CALL: return H_CALL;
    case XL_RET: return x->nops ? H_GENERIC : H_RET;
    case XL_JMP: return H_JMP;
    case XL_JCC: return (uint8_t)(H_JCC + x->cc);
    case XL_TEST: return is_fast_reg(a) && is_fast_reg(b) ? H_TEST_RR : H_GENERIC;
    case XL_INC: return is_fast_reg(a) ? H_INC_R : H_GENERIC;
    case XL_DEC: return is_fast_reg(a) ? H_DEC_R : H_GENERIC;
    case XL_ADD: case XL_OR: case XL_ADC: case XL_SBB: case XL_AND: case XL_SUB: case XL_XOR:
    case XL_CMP: {
        unsigned k = x->op - XL_ADD;
        if (x->prefix & XL_PFX_LOCK) return H_GENERIC;
        if (is_fast_reg(a) && is_fast_reg(b)) return (uint8_t)(H_ALU_RR + k);
        if (is_fast_reg(a) && is_fast_mem(b)) return (uint8_t)(H_ALU_RM + k);
        /* --rmw-fault=write: a memory destination goes through rd_rmw, which probes it */
        if (x->op != XL_CMP && (cms_config.flags & MORPH_CFG_RMW_WRITE) && is_fast_mem(a)) return H_GENERIC;
        if (is_fast_mem(a) && is_fast_reg(b)) return (uint8_t)(H_ALU_MR + k);
        if (is_fast_reg(a) && b->kind == XL_OPK_IMM) return (uint8_t)(H_ALU_RI + k);
        if (is_fast_mem(a) && b->kind == XL_OPK_IMM) return (uint8_t)(H_ALU_MI + k);
        return H_GENERIC;
    }
    default: return H_GENERIC;
    }
}

void cms_interp_init(void)
{
    cms_hook_stats_sync(interp_sync_stats);
}

static void interp_trace(uint32_t eip, unsigned len)
{
    uint8_t b[XL_MAX_LEN];
    cms_insn_msg(HTIF_MSG_TRACE, eip, b, fetch_bytes(eip, b, len));
}

/* Fills the interpreter's bytes of an entry (tier): handler id and _X operand offsets. */
static __attribute__((noinline)) void interp_prepare(struct xl_dc_entry *e)
{
    E_MB(e) = E_MI(e) = INTERP_ZERO_SLOT;
    for (unsigned i = 0; i < e->x.nops; i++) {
        const struct xl_operand *o = &e->x.ops[i];
        if (o->kind != XL_OPK_MEM) continue;
        if (o->reg != XL_NOREG) E_MB(e) = (uint8_t)(4 * o->reg);
        if (o->index != XL_NOREG) E_MI(e) = (uint8_t)(4 * o->index);
    }
    E_H(e) = pick_handler(&e->x);
}

static _Noreturn __attribute__((noinline)) void interp_bad(struct xl_dc_entry *e, uint32_t eip)
{
    uint8_t b[XL_MAX_LEN];
    unsigned n = fetch_bytes(eip, b, e->x.len);
    if (E_H(e) == H_UNSUPPORTED) cms_unsupported(eip, b, n);
    cms_insn_msg(HTIF_MSG_UNDECODABLE, eip, b, n);
    fault_at(4, CMS_ILL_ILLOPN, CMS_TRAP_UD, 0, "invalid opcode", eip);
}

/* An entry the translator's lookups filled, run here for the first time: prepared for the next
 * time, executed generically now (every fast form is a special case of exec_generic). */
static __attribute__((noinline)) uint32_t interp_first(struct cms_cpu *cpu, struct xl_dc_entry *e,
                                                      uint32_t eip, uint32_t next)
{
    interp_prepare(e);
    if (E_H(e) == H_UNSUPPORTED || E_H(e) == H_INVALID) interp_bad(e, eip);
    return exec_generic(cpu, &e->x, eip, next);
}

#define R(o) cpu->r[(o).reg]
#define FAST_EA(o) (cpu->r[(o).reg] + (uint32_t)(o).val)

#define ALU_CASES(k, xop)                                                                    \
    case H_ALU_RR + k: {                                                                     \
        uint32_t r_ = cms_xalu(xop, 2, R(x->ops[0]), R(x->ops[1]));                          \
        if (k != 7) R(x->ops[0]) = r_;                                                       \
        break;                                                                               \
    }                                                                                        \
    case H_ALU_RM + k: {                                                                     \
        uint32_t r_ = cms_xalu(xop, 2, R(x->ops[0]), cms_gld32(FAST_EA(x->ops[1])));         \
        if (k != 7) R(x->ops[0]) = r_;                                                       \
        break;                                                                               \
    }                                                                                        \
    case H_ALU_MR + k: {                                                                     \
        uint32_t a_ = FAST_EA(x->ops[0]);                                                    \
        uint32_t v_ = cms_gld32(a_);                                                         \
        if (k != 7) cms_gst32(a_, v_); /* fault before the flags change (rd_rmw) */          \
        uint32_t r_ = cms_xalu(xop, 2, v_, R(x->ops[1]));                                    \
        if (k != 7) cms_gst32(a_, r_);                                                       \
        break;                                                                               \
    }                                                                                        \
    case H_ALU_RI + k: {                                                                     \
        uint32_t r_ = cms_xalu(xop, 2, R(x->ops[0]), (uint32_t)x->ops[1].val);               \
        if (k != 7) R(x->ops[0]) = r_;                                                       \
        break;                                                                               \
    }                                                                                        \
    case H_ALU_MI + k: {                                                                     \
        uint32_t a_ = FAST_EA(x->ops[0]);                                                    \
        uint32_t v_ = cms_gld32(a_);                                                         \
        if (k != 7) cms_gst32(a_, v_); /* fault before the flags change (rd_rmw) */          \
        uint32_t r_ = cms_xalu(xop, 2, v_, (uint32_t)x->ops[1].val);                         \
        if (k != 7) cms_gst32(a_, r_);                                                       \
        break;                                                                               \
    }

/* _X effective address: base and index through byte offsets, "none" reads the zero slot. */
#define CPU_U32(off) (*(const uint32_t *)((const uint8_t *)cpu + (off)))
#define FAST_EA_X(o) ((uint32_t)(o).val + CPU_U32(E_MB(e)) + (CPU_U32(E_MI(e)) << (o).scale))

#define ALU_X_CASES(k, xop)                                                                  \
    case H_ALU_RM_X + k: {                                                                   \
        uint32_t r_ = cms_xalu(xop, 2, R(x->ops[0]), cms_gld32(FAST_EA_X(x->ops[1])));       \
        if (k != 7) R(x->ops[0]) = r_;                                                       \
        break;                                                                               \
    }                                                                                        \
    case H_ALU_MR_X + k: {                                                                   \
        uint32_t a_ = FAST_EA_X(x->ops[0]);                                                  \
        uint32_t v_ = cms_gld32(a_);                                                         \
        if (k != 7) cms_gst32(a_, v_); /* fault before the flags change (rd_rmw) */          \
        uint32_t r_ = cms_xalu(xop, 2, v_, R(x->ops[1]));                                    \
        if (k != 7) cms_gst32(a_, r_);                                                       \
        break;                                                                               \
    }                                                                                        \
    case H_ALU_MI_X + k: {                                                                   \
        uint32_t a_ = FAST_EA_X(x->ops[0]);                                                  \
        uint32_t v_ = cms_gld32(a_);                                                         \
        if (k != 7) cms_gst32(a_, v_); /* fault before the flags change (rd_rmw) */          \
        uint32_t r_ = cms_xalu(xop, 2, v_, (uint32_t)x->ops[1].val);                         \
        if (k != 7) cms_gst32(a_, r_);                                                       \
        break;                                                                               \
    }

/* A taken jump; with `poll`, the stretch ends after `budget` of them (checked at the bottom of
 * the loop: a test of one register there measured cheaper than leaving from the case). */
#define TAKEN()                                                                              \
    do {                                                                                     \
        if (poll) budget--;                                                                  \
    } while (0)
#define JCC_CASE(c)                                                                          \
    case H_JCC + c:                                                                          \
        if (cms_xcond(c)) {                                                                  \
            next = x->target;                                                                \
            TAKEN();                                                                         \
        }                                                                                    \
        break;

/* The interpreter loop; `bounded`, `block`, `trace` and `poll` are constants at each call site
 * so that every copy is lean. `bounded`: at most `budget` instructions; `block`: also stop after
 * an instruction that ends a basic block; `poll`: stop after `budget` taken jumps (every loop
 * takes one, and counting only those costs interp mode least). */
static inline __attribute__((always_inline)) void interp_loop(struct cms_cpu *cpu, int bounded,
                                                              uint32_t budget, int trace, int block, int poll)
{
    struct xl_dc_entry *const cache = xl_dc_table;
    const uint32_t mask = xl_dc_mask;
    u32_alias *const retired = (u32_alias *)&cms_stats.x86_retired;
    uint32_t eip = cpu->eip;

    cms_set_activity(CMSACT_INTERP);
    for (;;) {
        if (bounded && budget-- == 0) break;
        struct xl_dc_entry *e = &cache[eip & mask];
        if (__builtin_expect(e->tag != eip, 0)) interp_prepare(xl_dc_fill(eip, e));
        const struct xl_insn *x = &e->x;
        cpu->eip = eip; /* faults report this instruction */
        if (trace) interp_trace(eip, x->len);
        uint32_t next = eip + x->len;
        switch (E_H(e)) {
        case H_PREPARE:
            next = interp_first(cpu, e, eip, next);
            if (__builtin_expect(cpu->segmented, 0)) goto segmented;
            break;
        case H_MOV_RR: R(x->ops[0]) = R(x->ops[1]); break;
        case H_MOV_RM: R(x->ops[0]) = cms_gld32(FAST_EA(x->ops[1])); break;
        case H_MOV_MR: cms_gst32(FAST_EA(x->ops[0]), R(x->ops[1])); break;
        case H_MOV_RI: R(x->ops[0]) = (uint32_t)x->ops[1].val; break;
        case H_MOV_MI: cms_gst32(FAST_EA(x->ops[0]), (uint32_t)x->ops[1].val); break;
        case H_LEA_BD: R(x->ops[0]) = FAST_EA(x->ops[1]); break;
        case H_PUSH_R: {
            uint32_t sp = cpu->r[CMS_ESP] - 4;
            cms_gst32(sp, R(x->ops[0]));
            cpu->r[CMS_ESP] = sp;
            break;
        }
        case H_PUSH_I: {
            uint32_t sp = cpu->r[CMS_ESP] - 4;
            cms_gst32(sp, (uint32_t)x->ops[0].val);
            cpu->r[CMS_ESP] = sp;
            break;
        }
        case H_POP_R: {
            uint32_t sp = cpu->r[CMS_ESP];
            uint32_t v = cms_gld32(sp);
            cpu->r[CMS_ESP] = sp + 4;
            R(x->ops[0]) = v; /* pop esp: the loaded value wins */
            break;
        }
        case H_CALL: {
            uint32_t sp = cpu->r[CMS_ESP] - 4;
            cms_gst32(sp, next);
            cpu->r[CMS_ESP] = sp;
            next = x->target;
            break;
        }
        case H_RET: {
            uint32_t sp = cpu->r[CMS_ESP];
            next = cms_gld32(sp);
            cpu->r[CMS_ESP] = sp + 4;
            break;
        }
        case H_JMP:
            next = x->target;
            TAKEN();
            break;
        case H_TEST_RR: cms_xalu_flags(XL_XALU_OF_TEST, 2, R(x->ops[0]), R(x->ops[1])); break;
        case H_INC_R: R(x->ops[0]) = cms_xalu(XL_XALU_OF_INC, 2, R(x->ops[0]), 0); break;
        case H_DEC_R: R(x->ops[0]) = cms_xalu(XL_XALU_OF_DEC, 2, R(x->ops[0]), 0); break;
        JCC_CASE(0) JCC_CASE(1) JCC_CASE(2) JCC_CASE(3) JCC_CASE(4) JCC_CASE(5) JCC_CASE(6)
        JCC_CASE(7) JCC_CASE(8) JCC_CASE(9) JCC_CASE(10) JCC_CASE(11) JCC_CASE(12)
        JCC_CASE(13) JCC_CASE(14) JCC_CASE(15)
        ALU_CASES(0, XL_XALU_OF_ADD) ALU_CASES(1, XL_XALU_OF_OR)
        ALU_CASES(2, XL_XALU_OF_ADC) ALU_CASES(3, XL_XALU_OF_SBB)
        ALU_CASES(4, XL_XALU_OF_AND) ALU_CASES(5, XL_XALU_OF_SUB)
        ALU_CASES(6, XL_XALU_OF_XOR) ALU_CASES(7, XL_XALU_OF_CMP)
        case H_MOV_RM_X: R(x->ops[0]) = cms_gld32(FAST_EA_X(x->ops[1])); break;
        case H_MOV_MR_X: cms_gst32(FAST_EA_X(x->ops[0]), R(x->ops[1])); break;
        case H_MOV_MI_X: cms_gst32(FAST_EA_X(x->ops[0]), (uint32_t)x->ops[1].val); break;
        case H_LEA_X: R(x->ops[0]) = FAST_EA_X(x->ops[1]); break;
        case H_MOVZX8_X: R(x->ops[0]) = cms_gld8(FAST_EA_X(x->ops[1])); break;
        case H_MOVZX16_X: R(x->ops[0]) = cms_gld16(FAST_EA_X(x->ops[1])); break;
        case H_MOVSX8_X: R(x->ops[0]) = cms_gld8s(FAST_EA_X(x->ops[1])); break;
        case H_MOVSX16_X: R(x->ops[0]) = cms_gld16s(FAST_EA_X(x->ops[1])); break;
        ALU_X_CASES(0, XL_XALU_OF_ADD) ALU_X_CASES(1, XL_XALU_OF_OR)
        ALU_X_CASES(2, XL_XALU_OF_ADC) ALU_X_CASES(3, XL_XALU_OF_SBB)
        ALU_X_CASES(4, XL_XALU_OF_AND) ALU_X_CASES(5, XL_XALU_OF_SUB)
        ALU_X_CASES(6, XL_XALU_OF_XOR) ALU_X_CASES(7, XL_XALU_OF_CMP)
        case H_GENERIC: {
            const uint32_t seq = next;
            next = exec_generic(cpu, x, eip, next);
            if (next != seq) TAKEN(); /* LOOP, JECXZ, indirect jumps and calls */
            /* a segment load gave DS, ES or SS a base: the fast paths must not go on */
            if (__builtin_expect(cpu->segmented, 0)) goto segmented;
            break;
        }
        default: interp_bad(e, eip); /* H_UNSUPPORTED, H_INVALID */
        }
        eip = next;
        if (++retired[0] == 0) retired[1]++; /* little-endian low half first */
        /* blocks end at control transfers; the run loop stops where TF may have been set (POPF
         * and INT end blocks) so that cms_interp_run steps from there */
        if (e->ends && (block || (cpu->eflags & CMS_EFLAGS_TF))) break;
        if (poll && budget == 0) break;
        continue;
    segmented:
        eip = next;
        if (++retired[0] == 0) retired[1]++;
        break;
    }
    cpu->eip = eip;
}

static int interp_tracing(void) { return (cms_config.flags & MORPH_CFG_TRACE_INSN) != 0; }

/* An instruction of a based or 16-bit code segment, decoded from CS's base + ip each time it
 * runs (no decode cache: its entries are keyed by EIP, which is the linear address only in the
 * flat segment; Zydis in 16-bit mode for a 16-bit segment). Unsupported and invalid bytes end
 * the run as they do elsewhere; a fetch from an unmapped page is the guest's SIGSEGV. */
static void decode_cs(struct cms_cpu *cpu, uint32_t ip, struct xl_insn *x)
{
    uint8_t b[XL_MAX_LEN];
    const uint32_t la = cpu->cs_base + ip;
    unsigned n = 0;
    (void)cms_gld8(la); /* an unmapped fetch faults here */
    while (n < XL_MAX_LEN && (n == 0 || ((la + n) & (MM_PAGE_SIZE - 1)) || cms_mm_is_mapped(la + n)))
        b[n] = (uint8_t)cms_gld8(la + n), n++;
    const int rc = cpu->cs16 ? xl_decode16(ip, b, n, x) : xl_decode_slow(ip, b, n, x);
    if (rc == -2) (void)cms_gld8(la + n); /* runs into the unmapped page: that fetch faults */
    if (x->op == XL_UNSUPPORTED) cms_unsupported(ip, b, x->len);
    if (x->op == XL_INVALID) {
        cms_insn_msg(HTIF_MSG_UNDECODABLE, ip, b, x->len);
        fault_at(4, CMS_ILL_ILLOPN, CMS_TRAP_UD, 0, "invalid opcode", ip);
    }
}

/* Segmented mode (cpu->segmented: DS, ES or SS has a base, or CS is based or 16-bit): every
 * instruction through exec_generic, whose addresses add the segment bases; at most n
 * instructions, until the segments are flat again, or after a block end (the caller polls, and
 * sees TF). IP wraps at 64 KiB in a 16-bit code segment. */
static void interp_generic(struct cms_cpu *cpu, uint32_t n)
{
    struct xl_dc_entry *const cache = xl_dc_table;
    const uint32_t mask = xl_dc_mask;
    u32_alias *const retired = (u32_alias *)&cms_stats.x86_retired;
    uint32_t eip = cpu->eip;
    cms_set_activity(CMSACT_INTERP);
    while (n--) {
        const struct xl_insn *x;
        struct xl_insn own;
        cpu->eip = eip;
        if (cpu->cs_base | cpu->cs16) {
            decode_cs(cpu, eip, &own);
            x = &own;
        } else {
            struct xl_dc_entry *e = &cache[eip & mask];
            if (e->tag != eip) interp_prepare(xl_dc_fill(eip, e));
            else if (E_H(e) == H_PREPARE) interp_prepare(e);
            if (E_H(e) == H_UNSUPPORTED || E_H(e) == H_INVALID) interp_bad(e, eip);
            x = &e->x;
        }
        if (cpu->seg_chk[CMS_CS] && (eip + x->len - 1 > cpu->seg_limit[CMS_CS] || eip + x->len - 1 < eip))
            fault_at(11, CMS_SI_KERNEL, CMS_TRAP_GP, 0, "instruction beyond the code segment's limit", eip);
        if (interp_tracing()) interp_trace(eip, x->len);
        const int cs16 = cpu->cs16;
        eip = exec_generic(cpu, x, eip, eip + x->len);
        if (cs16 && cpu->cs16) eip &= 0xffff;
        if (++retired[0] == 0) retired[1]++;
        if (!cpu->segmented || xl_op_ends_block(x->op)) break;
    }
    cpu->eip = eip;
}


/* While these run guest instructions, a synchronous signal with a handler may leave them
 * through cms_signal_resume (set by their caller's loop: the dispatcher's, or cms_interp_run). */
void cms_interp_steps(struct cms_cpu *cpu, uint32_t n)
{
    cms_signal_armed = 1;
    if (cpu->segmented) {
        while (n && cpu->segmented) {
            const uint64_t before = cms_stats.x86_retired;
            interp_generic(cpu, n);
            n -= (uint32_t)(cms_stats.x86_retired - before);
        }
        if (n) cms_interp_steps(cpu, n);
    } else if (interp_tracing()) interp_loop(cpu, 1, n, 1, 0, 0);
    else interp_loop(cpu, 1, n, 0, 0, 0);
    cms_signal_armed = 0;
}

/* TF set: one instruction (one iteration of a REP string op), then #DB's SIGTRAP (TRAP_TRACE,
 * si_addr the next EIP), unless the instruction faulted first (that fault's signal instead) or
 * was INT 0x80 (the gate clears TF; the trap comes after the next instruction). */
void cms_interp_single_step(struct cms_cpu *cpu)
{
    step_after_int = 0;
    cms_interp_steps(cpu, 1);
    if (step_after_int) return;
    const struct cms_siginfo si = {.signo = 5, .code = CMS_TRAP_TRACE, .trapno = CMS_TRAP_DB, .addr = cpu->eip};
    cms_signal_armed = 1;
    cms_signal_fault(&si, "single-step trap (TF)");
}

void cms_interp_block(struct cms_cpu *cpu, uint32_t max)
{
    cms_signal_armed = 1;
    if (cpu->segmented) interp_generic(cpu, max);
    else if (interp_tracing()) interp_loop(cpu, 1, max, 1, 1, 0);
    else interp_loop(cpu, 1, max, 0, 1, 0);
    cms_signal_armed = 0;
}

_Noreturn void cms_interp_run(struct cms_cpu *cpu)
{
    if (cpu->seg_base[CMS_CS]) cms_panic("interp: CS base must be 0 (zero slot)");
    interp_retired_base = cms_stats.x86_retired;
    (void)setjmp(cms_signal_resume); /* a signal handler's frame was set up: go on there */
    for (;;) {
        if (cpu->eflags & CMS_EFLAGS_TF) {
            cms_interp_single_step(cpu);
            continue;
        }
        cms_signal_armed = 1;
        if (cpu->segmented) interp_generic(cpu, CMS_INTERP_POLL);
        else if (interp_tracing()) interp_loop(cpu, 0, CMS_INTERP_POLL, 1, 0, 1);
        else interp_loop(cpu, 0, CMS_INTERP_POLL, 0, 0, 1);
        /* a look at the host's events between stretches (nothing interrupts the firmware):
         * signals from outside arrive at an instruction boundary */
        cms_signal_armed = 0;
        if (cms_htif(HTIF_CMD_EVENTS, HTIF_EV_PEEK, 0, 0, 0)) cms_signal_async(cpu);
        if (cms_thread_multi) (void)cms_thread_tick(cpu); /* another thread's turn */
    }
}
