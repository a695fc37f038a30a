/* The lifter: x86 -> I-op records (docs/translator.md, "The pipeline").
 *
 * Register pinning (docs/isa.md section 5): EAX..EDI in x18..x25, GS base in x26, x86 flags in
 * CSR xflags. Temporaries: x5-x7, x10-x17, x28-x29. x30 counts chained exits taken and x31 the
 * x86 instructions executed in translated code (the dispatcher drains both at every exit).
 *
 * A block is: "addi x31, x31, n", the body of each instruction, then its exits. Every flag an
 * instruction writes is produced here (x-ALU ops, tagged XI_FL_FLAGS); xl_pass_flags turns the
 * dead ones into base ops. Guest stores wait in the gated store buffer: a block that stored
 * anything commits before it leaves, and a commit is inserted before an instruction that would
 * push the buffer past the core's depth (xl_gsb_depth). Branches inside a block go to labels;
 * the encoder (xl_encode.c) resolves them and lays out the exit stubs. */
#include <stddef.h>
#include "xl_lift.h"
#include "xl_bbt.h"
#include "xl_emit.h"
#include "xl_encode.h"
#include "xl_region.h"
#include "cms_cpu.h"
#include "interp/x87.h"

static int is_mem(const struct xl_operand *o) { return o->kind == XL_OPK_MEM; }
static int is_reg(const struct xl_operand *o) { return o->kind == XL_OPK_REG; }
static int is_imm(const struct xl_operand *o) { return o->kind == XL_OPK_IMM; }
static unsigned szc(unsigned size) { return size >> 1; } /* 1,2,4 -> 0,1,2 */

/* ------------------------------------------------------------------------------------------ */
/* x87: translated code calls the firmware's x87 routines (docs/translator.md "x87 from        */
/* translated code"). The lifter copies each decoded instruction of a run into the pool; the    */
/* run's stub names the first entry. The pool empties with the code cache (xl_cache.c).          */

_Static_assert(XL_IR_MAX_INSNS < 64 && XL_X87_RUN_MAX < 16, "XL_STUB_X87 kind fields (xl_encode.h)");

struct xl_x87_op *xl_x87_pool;
uint32_t xl_x87_pool_size, xl_x87_pool_used;

void xl_x87_pool_init(struct xl_x87_op *pool, uint32_t n)
{
    xl_x87_pool = pool;
    xl_x87_pool_size = n < XL_X87_POOL_MAX ? n : XL_X87_POOL_MAX;
    xl_x87_pool_used = 0;
}

/* The forms the helper runs: every x87 instruction but the environment formats (FLDENV,
 * FNSTENV, FRSTOR, FNSAVE: 14 to 108 bytes, rare), DD /5 (invalid) and anything with an
 * operand-size prefix (16-bit formats); those stay with the interpreter. FLDCW (D9 /5) runs in
 * the helper: compiled code sets the rounding mode around every float-to-integer conversion. */
int xl_x87_direct_ok(const struct xl_insn *x)
{
    if (x->op != XL_X87 || (x->prefix & XL_PFX_OPSIZE)) return 0;
    if (x->target == XL_X87_FWAIT) return 1;
    unsigned esc = (x->target >> 8) & 7, modrm = x->target & 0xff, reg = (modrm >> 3) & 7;
    if (modrm >= 0xc0) return 1;
    return !((esc == 1 || esc == 5) && (reg == 4 || reg == 6)) && !(esc == 5 && reg == 5);
}

/* ------------------------------------------------------------------------------------------ */
/* Which instructions and operand forms the translator handles (the usual case: xl_lift.h).     */

int xl_lift_supported_slow(const struct xl_insn *x)
{
    for (unsigned i = 0; i < x->nops; i++)
        if (!xl_lift_operand_plain(&x->ops[i])) return 0;
    if (x->op == XL_X87) return xl_x87_pool != NULL && xl_x87_direct_ok(x);
    /* string ops with 16-bit addressing (SI, DI, CX): the interpreter's */
    if ((x->prefix & XL_PFX_ADSIZE) && x->op >= XL_MOVS && x->op <= XL_SCAS) return 0;
    const unsigned inl = xl_facts(x->op)->inl;
    if (inl != XL_INL_FORM) return xl_lift_inl_ok(inl, x->osize);
    /* XL_INL_FORM: the operands decide */
    const struct xl_operand *o0 = &x->ops[0];
    switch (x->op) {
    case XL_ROL: case XL_ROR: case XL_RCL: case XL_RCR: case XL_SHL: case XL_SHR:
    case XL_SAL_UNUSED: case XL_SAR:
        /* count in CL with a memory destination: a zero count must not write memory */
        return !(is_mem(o0) && !is_imm(&x->ops[1]));
    case XL_POP: return is_reg(o0) && x->osize != 1;
    /* Translated code runs only with DF = 0 (the dispatcher interprets while DF is set, and
     * only interpreted instructions change DF): CLD is nothing, string ops go up. */
    case XL_MOVS: return x->seg != CMS_FS && x->seg != CMS_GS;
    case XL_LODS: return !(x->prefix & (XL_PFX_REP | XL_PFX_REPNE)) && x->seg != CMS_FS && x->seg != CMS_GS;
    case XL_BT: case XL_BTS: case XL_BTR: case XL_BTC:
        /* a register bit offset into memory addresses a bit string: left to the interpreter */
        return x->osize == 4 && (is_reg(o0) || is_imm(&x->ops[1]));
    case XL_LOOP: case XL_LOOPE: case XL_LOOPNE: case XL_JECXZ:
        return !(x->prefix & XL_PFX_ADSIZE);
    case XL_AAM: return ((uint32_t)x->ops[0].val & 0xff) != 0; /* base 0: #DE, the interpreter */
    case XL_SHLD: case XL_SHRD: /* 32-bit, register destination, immediate count or CL */
        return x->osize == 4 && is_reg(o0) && (is_imm(&x->ops[2]) || is_reg(&x->ops[2]));
    default: return 0;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Lifting context and record builders.                                                         */

#define MAX_SIDE 16
#define XL_LIFT_MAX_STORES 1 /* guest stores of one instruction (CMPXCHG: one on either path) */
unsigned xl_gsb_depth = XL_GSB_DEPTH;
struct lift {
    struct xl_ir *ir;
    uint32_t *p, *end;       /* next word, and the end of the room for the block */
    int bad;                 /* XL_LIFT_FORM or XL_LIFT_ROOM */
    unsigned stores;         /* guest stores lifted for the current instruction */
    const struct xl_insn *x;
    uint32_t eip, next;
    unsigned ea_reg;         /* last effective address: register + 12-bit offset */
    int32_t ea_imm;
    int ea_valid;
    unsigned idx;
    unsigned pending;        /* guest stores not yet committed before this instruction */
    unsigned feed_lo;        /* start of the next flag op's feed, or ~0u */
    struct lift_side {
        unsigned label, idx;
        uint32_t target; /* 0: interpret */
        unsigned commit; /* stores are pending there (the exit commits them) */
        unsigned back;   /* not 0: not an exit but DIV's long division (lift_div64), which returns
                            to label back - 1 */
    } side[MAX_SIDE];
    unsigned nside;
    int hi_valid;            /* XR_T3 holds hi_val << 12 (upper part of a displacement) */
    uint32_t hi_val;
    const struct xl_insn *const *ins; /* the block's instructions */
    unsigned n, body;
    unsigned hoist_k;        /* the bound its stores may commit at (hoist_plan), or 0 */
    unsigned x87_left;       /* instructions of the current x87 run still to come (no code) */
    uint32_t x87_next;       /* next free pool entry */
};

/* An op group's lifting function: out of line, so that lift_body, which dispatches to them, keeps
 * no frame (lift_body). */
#define LIFT_OP static __attribute__((noinline)) void

static void E(struct lift *b, uint32_t w)
{
    if (b->p < b->end) *b->p++ = w;
    else b->bad = XL_LIFT_ROOM; /* the caller shortens the block */
}
static void addi(struct lift *b, unsigned rd, unsigned rs, int32_t v) { E(b, xe_addi(rd, rs, v)); }

static unsigned new_label(struct lift *b)
{
    if (b->ir->nlabels >= XL_IR_MAX_LABELS) { b->bad = XL_LIFT_ROOM; return 0; }
    return b->ir->nlabels++;
}
static unsigned pos(const struct lift *b) { return (unsigned)(b->p - b->ir->w); }
static void place(struct lift *b, unsigned label) { b->ir->label_at[label] = (uint16_t)pos(b); }
/* A branch to a label: w is the branch with offset 0 (xe_beq(a, b, 0), xe_xbcc(cc, 0), ...);
 * encode-and-link fills the offset in. */
static void branch_to(struct lift *b, uint32_t w, unsigned label, int jal)
{
    struct xl_ir *ir = b->ir;
    if (ir->nfix >= XL_IR_MAX_FIX) { b->bad = XL_LIFT_ROOM; return; }
    ir->fix[ir->nfix].at = (uint16_t)pos(b);
    ir->fix[ir->nfix].label = (uint8_t)label;
    ir->fix[ir->nfix].jal = (uint8_t)jal;
    ir->nfix++;
    E(b, w);
}
static void branch(struct lift *b, uint32_t w, unsigned label) { branch_to(b, w, label, 0); }
static void jump(struct lift *b, unsigned label) { branch_to(b, xe_jal(XR_ZERO, 0), label, 1); }
/* The op just lifted carries the current instruction's flag effects (xl_pass_flags). */
static inline __attribute__((always_inline)) void flagged(struct lift *b)
{
    struct xl_ir *ir = b->ir;
    if (ir->nflagops >= XL_IR_MAX_FLAGOPS) { b->bad = XL_LIFT_ROOM; return; }
    struct xl_flagop *f = &ir->flagop[ir->nflagops++];
    unsigned at = pos(b) - 1;
    f->at = (uint16_t)at;
    f->insn = (uint8_t)b->idx;
    f->feed = (uint16_t)(b->feed_lo < at ? b->feed_lo : at);
    b->feed_lo = ~0u; /* a second flag op of the instruction has none (BT writes CF with two) */
}
/* The ops lifted from here to the next flag op compute operands only that op uses (and do
 * not fault: no loads): a pass that deletes the op deletes them too. */
static void feed_from(struct lift *b) { b->feed_lo = pos(b); }

/* An x-ALU op. Tagged for xl_pass_flags only where dead flags could change it: no result
 * (CMP, TEST) or a 32-bit op with a base equivalent (ADC/SBB and rotates have none). */
static inline __attribute__((always_inline)) void xalu(struct lift *b, unsigned op, unsigned sz, unsigned rd, unsigned a, unsigned c)
{
    E(b, xe_xalu(op, sz, rd, a, c));
    const uint32_t no_base = 1u << F7_XADC_W | 1u << F7_XSBB_W | 1u << F7_XRCL_W | 1u << F7_XRCR_W |
                             1u << F7_XROL_W | 1u << F7_XROR_W; /* x-ALU funct7 values are < 32 */
    if (rd == XR_ZERO || (sz == 2 && !(no_base >> op & 1))) flagged(b);
}

static void split_imm(uint32_t v, uint32_t *hi20, int32_t *lo)
{
    *hi20 = ((v + 0x800u) >> 12) & 0xfffffu;
    *lo = (int32_t)(v - (*hi20 << 12));
}

static void li(struct lift *b, unsigned rd, uint32_t v)
{
    if (xe_fits12((int32_t)v)) {
        addi(b, rd, XR_ZERO, (int32_t)v);
        return;
    }
    uint32_t hi;
    int32_t lo;
    split_imm(v, &hi, &lo);
    E(b, xe_lui(rd, hi));
    if (lo) addi(b, rd, rd, lo);
}

static void mv(struct lift *b, unsigned rd, unsigned rs)
{
    if (rd != rs) addi(b, rd, rs, 0);
}

/* Address of a memory operand into (ea_reg, ea_imm); with_seg adds the GS base. */
static void ea(struct lift *b, const struct xl_operand *o, int with_seg)
{
    unsigned cur = XR_ZERO;
    if (!xl_lift_mem_ok(o)) { b->bad = XL_LIFT_FORM; return; }
    if (o->reg != XL_NOREG) cur = xr_guest(o->reg);
    if (o->index != XL_NOREG) {
        unsigned ix = xr_guest(o->index);
        if (o->scale) {
            E(b, xe_slli(XR_T0, ix, o->scale));
            ix = XR_T0;
        }
        if (cur != XR_ZERO) {
            E(b, xe_add(XR_T0, cur, ix));
            cur = XR_T0;
        } else {
            cur = ix;
        }
    }
    if (with_seg && o->seg == CMS_GS) {
        if (cur != XR_ZERO) {
            E(b, xe_add(XR_T0, cur, XR_GSBASE));
            cur = XR_T0;
        } else {
            cur = XR_GSBASE;
        }
    }
    int32_t d = o->val;
    if (!xe_fits12(d)) {
        /* 32-bit displacements (static data): the upper part stays in x28 for the rest of
         * the block, so further accesses near the same address need no lui */
        uint32_t hi;
        split_imm((uint32_t)d, &hi, &d);
        if (!b->hi_valid || b->hi_val != hi) {
            E(b, xe_lui(XR_T3, hi));
            b->hi_valid = 1;
            b->hi_val = hi;
        }
        if (cur != XR_ZERO) {
            E(b, xe_add(XR_T0, cur, XR_T3));
            cur = XR_T0;
        } else {
            cur = XR_T3;
        }
    }
    b->ea_reg = cur;
    b->ea_imm = d;
    b->ea_valid = 1;
}

static void gload_f3(struct lift *b, unsigned f3, unsigned rd, unsigned base, int32_t imm)
{
    E(b, xe_gload(f3, rd, base, imm));
}

static void gload(struct lift *b, unsigned size, int sign, unsigned rd)
{
    unsigned f3 = size == 4 ? 2 : size == 2 ? (sign ? 1 : 5) : (sign ? 0 : 4);
    gload_f3(b, f3, rd, b->ea_reg, b->ea_imm);
}

static void gstore(struct lift *b, unsigned size, unsigned v, unsigned base, int32_t imm)
{
    E(b, xe_gstore(szc(size), v, base, imm));
    b->stores++;
}

/* Operand value in a register whose low 8*size bits hold it; *zx says whether the bits above
 * are zero. Registers are used in place (no copy) when possible. */
static unsigned get(struct lift *b, const struct xl_operand *o, unsigned size, unsigned tmp, int *zx)
{
    int z = 0;
    unsigned r = tmp;
    switch (o->kind) {
    case XL_OPK_REG:
        if (size == 1 && o->reg >= 4) {
            E(b, xe_srli(tmp, xr_guest(o->reg - 4u), 8));
        } else {
            r = xr_guest(o->reg);
            z = size == 4;
        }
        break;
    case XL_OPK_MEM:
        if (!b->ea_valid) ea(b, o, 1);
        gload(b, size, 0, tmp);
        z = 1;
        break;
    case XL_OPK_IMM: {
        uint32_t v = (uint32_t)o->val & (size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1);
        if (!v) r = XR_ZERO;
        else li(b, tmp, v);
        z = 1;
        break;
    }
    default: b->bad = XL_LIFT_FORM; break;
    }
    if (zx) *zx = z;
    return r;
}

/* Writes the low 8*size bits of v to operand o (zx: v is zero above them). */
static void put(struct lift *b, const struct xl_operand *o, unsigned size, unsigned v, int zx)
{
    if (o->kind == XL_OPK_MEM) {
        if (!b->ea_valid) ea(b, o, 1);
        gstore(b, size, v, b->ea_reg, b->ea_imm);
        return;
    }
    if (o->kind != XL_OPK_REG) { b->bad = XL_LIFT_FORM; return; }
    const unsigned t = XR_T2;
    if (size == 4) {
        mv(b, xr_guest(o->reg), v);
    } else if (size == 2) {
        unsigned g = xr_guest(o->reg);
        if (zx) {
            E(b, xe_srli(t, g, 16));
            E(b, xe_slli(t, t, 16));
            E(b, xe_or(g, t, v));
        } else { /* g ^= (g ^ v) & 0xffff */
            E(b, xe_xor(t, g, v));
            E(b, xe_slli(t, t, 16));
            E(b, xe_srli(t, t, 16));
            E(b, xe_xor(g, g, t));
        }
    } else if (o->reg < 4) {
        unsigned g = xr_guest(o->reg);
        if (zx) {
            E(b, xe_andi(t, g, -256));
            E(b, xe_or(g, t, v));
        } else {
            E(b, xe_xor(t, g, v));
            E(b, xe_andi(t, t, 255));
            E(b, xe_xor(g, g, t));
        }
    } else { /* AH..BH: g ^= ((g >> 8 ^ v) & 255) << 8 */
        unsigned g = xr_guest(o->reg - 4u);
        E(b, xe_srli(t, g, 8));
        E(b, xe_xor(t, t, v));
        E(b, xe_andi(t, t, 255));
        E(b, xe_slli(t, t, 8));
        E(b, xe_xor(g, g, t));
    }
}

static int is_reg32(const struct xl_operand *o, unsigned size) { return is_reg(o) && size == 4; }

/* Instruction i is preceded by a commit, or may leave to the interpreter: the state there,
 * flags included, is what the interpreter goes on from (a rollback restores the commit's), so
 * every flag is read before it and the flags pass computes all of them up to it. */
static void exact_flags_before(struct lift *b, unsigned i)
{
    if (i < XL_IR_MAX_INSNS) b->ir->f_reads[i] = XF_ARITH;
}

/* A tail after the body for the current instruction (xl_lift_block emits them in order, each
 * at its label): a side exit to target (0: interpret the instruction; commit: stores are
 * pending there), or, with back set later, DIV's long division. Returns the new side record (its
 * label a new one), or NULL with b->bad set when there is no room. */
static struct lift_side *side_add(struct lift *b, uint32_t target, unsigned commit)
{
    if (b->nside >= MAX_SIDE) { b->bad = XL_LIFT_ROOM; return NULL; }
    struct lift_side *t = &b->side[b->nside++];
    t->label = new_label(b);
    t->idx = b->idx;
    t->target = target;
    t->commit = commit;
    t->back = 0;
    return t;
}

/* Branch to a side exit that interprets the current instruction (slow or faulting cases). */
static void side_exit_branch(struct lift *b, uint32_t br)
{
    const struct lift_side *t = side_add(b, 0, 0); /* its tail always commits */
    if (!t) return;
    branch(b, br, t->label);
    exact_flags_before(b, b->idx);
}

static void stub(struct lift *b, uint32_t target, uint32_t kind)
{
    struct xl_ir *ir = b->ir;
    if (b->end - b->p < XL_STUB_WORDS) { b->bad = XL_LIFT_ROOM; return; }
    xl_stub_write(b->p, target, kind);
    b->p += XL_STUB_WORDS;
    ir->nstubs++;
}

static void commit_at(struct lift *b, uint32_t eip)
{
    li(b, XR_T0, eip);
    E(b, xe_commit(XR_T0));
}

/* Commit at eip and leave there: `commit x0` records its own address (xcommit_at) and the stub
 * right after it holds eip as its target (include/morph/xlcode.h), so no register is loaded with
 * eip: two ops fewer than commit_at (lui + addi) at most exits of blocks that stored. */
static void commit_stub(struct lift *b, uint32_t eip, uint32_t kind)
{
    E(b, xe_commit(XR_ZERO));
    stub(b, eip, kind);
}

/* ------------------------------------------------------------------------------------------ */
/* Instruction bodies (everything but the block-ending control transfer).                       */

LIFT_OP lift_alu(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const struct xl_operand *d = &x->ops[0], *s = &x->ops[1];
    unsigned size = x->osize;
    unsigned op = xl_op_xalu(x->op); /* TEST: AND; CMP: SUB */
    int cmp = x->op == XL_CMP || x->op == XL_TEST;
    /* operands only the x-ALU op reads are its feeds (loads are not: they may fault) */
    if (cmp && !is_mem(d) && !is_mem(s)) feed_from(b);
    unsigned a = get(b, d, size, XR_A0, NULL);
    if (!is_mem(s) && !(cmp && !is_mem(d))) feed_from(b);
    unsigned v = get(b, s, size, XR_A1, NULL);
    if (cmp) {
        xalu(b, op, szc(size), XR_ZERO, a, v);
    } else if (is_reg32(d, size)) {
        xalu(b, op, 2, a, a, v);
    } else {
        xalu(b, op, szc(size), XR_A2, a, v);
        put(b, d, size, XR_A2, 1);
    }
}

/* d = d op c through the x-ALU: a 32-bit register in place, anything else through x12. */
static inline __attribute__((always_inline)) void xalu_rmw(struct lift *b, const struct xl_operand *d, unsigned size, unsigned op, unsigned c)
{
    unsigned a = get(b, d, size, XR_A0, NULL);
    unsigned rd = is_reg32(d, size) ? a : XR_A2;
    xalu(b, op, szc(size), rd, a, c);
    if (rd == XR_A2) put(b, d, size, XR_A2, 1);
}

LIFT_OP lift_unary(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const struct xl_operand *d = &x->ops[0];
    unsigned size = x->osize;
    if (x->op == XL_NOT) { /* writes no flags */
        if (is_reg32(d, size)) {
            unsigned g = xr_guest(d->reg);
            E(b, xe_xori(g, g, -1));
            return;
        }
        unsigned a = get(b, d, size, XR_A0, NULL);
        E(b, xe_xori(XR_A2, a, -1));
        put(b, d, size, XR_A2, 0);
        return;
    }
    xalu_rmw(b, d, size, xl_op_xalu(x->op), XR_ZERO);
}

LIFT_OP lift_shift(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const struct xl_operand *d = &x->ops[0], *c = &x->ops[1];
    unsigned size = x->osize;
    unsigned cnt;
    if (is_imm(c)) {
        uint32_t n = xl_shift_count((uint32_t)c->val);
        if (!n) return; /* no flags, no write, no access */
        cnt = XR_A1;
        if (!is_mem(d)) feed_from(b);
        li(b, cnt, n);
    } else {
        cnt = xr_guest(CMS_ECX); /* the x-ALU takes the count & 31 */
    }
    xalu_rmw(b, d, size, xl_op_xalu(x->op), cnt);
}

/* SHLD/SHRD r32, r32, imm or CL (count 1-31): the result from base ops; SF ZF PF from xlogf of
 * it, as the interpreter's do_shxd (cms/interp/interp.c) does, then CF (the last bit shifted out
 * of the destination) and OF (its sign change) patched into xflags. All the flag work goes when
 * the flags are dead (xl_pass_flags), leaving three base ops (six by CL). A count of 0 in CL
 * changes nothing, not even the flags: a side exit leaves it to the interpreter. */
LIFT_OP lift_shxd(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const int left = x->op == XL_SHLD;
    const unsigned d = xr_guest(x->ops[0].reg), s = xr_guest(x->ops[1].reg);
    if (is_imm(&x->ops[2])) {
        const uint32_t n = xl_shift_count((uint32_t)x->ops[2].val);
        if (!n) return; /* no flags, no write */
        E(b, left ? xe_slli(XR_A0, d, n) : xe_srli(XR_A0, d, n));
        E(b, left ? xe_srli(XR_A1, s, 32 - n) : xe_slli(XR_A1, s, 32 - n));
    } else { /* n = CL & 31 in A3, 32 - n in A4 */
        E(b, xe_andi(XR_A3, xr_guest(CMS_ECX), 31));
        side_exit_branch(b, xe_beq(XR_A3, XR_ZERO, 0));
        li(b, XR_A4, 32);
        E(b, xe_sub(XR_A4, XR_A4, XR_A3));
        E(b, left ? xe_sll(XR_A0, d, XR_A3) : xe_srl(XR_A0, d, XR_A3));
        E(b, left ? xe_srl(XR_A1, s, XR_A4) : xe_sll(XR_A1, s, XR_A4));
    }
    E(b, xe_or(XR_A2, XR_A0, XR_A1));
    feed_from(b);
    xalu(b, XL_XALU_OF_SHLD, 2, XR_ZERO, XR_A2, XR_ZERO); /* SF ZF PF of the result */
    feed_from(b);
    if (is_imm(&x->ops[2])) {
        const uint32_t n = xl_shift_count((uint32_t)x->ops[2].val);
        E(b, left ? xe_srli(XR_A0, d, 32 - n) : xe_srli(XR_A0, d, n - 1));
    } else if (left) {
        E(b, xe_srl(XR_A0, d, XR_A4));
    } else {
        E(b, xe_addi(XR_A4, XR_A3, -1));
        E(b, xe_srl(XR_A0, d, XR_A4));
    }
    E(b, xe_andi(XR_A0, XR_A0, 1));         /* CF */
    E(b, xe_xor(XR_A1, XR_A2, d));
    E(b, xe_srli(XR_A1, XR_A1, 31));
    E(b, xe_slli(XR_A1, XR_A1, 11));        /* OF: bit 11 */
    E(b, xe_or(XR_A0, XR_A0, XR_A1));
    li(b, XR_A1, XF_CF | XF_OF);
    E(b, xe_csrrc(XR_ZERO, CSR_XFLAGS, XR_A1));
    flagged(b);
    E(b, xe_csrrs(XR_ZERO, CSR_XFLAGS, XR_A0));
    flagged(b);
    mv(b, d, XR_A2);
}

/* BSF/BSR r32, r/m32: a zero source sets ZF and leaves the destination alone (as the
 * interpreter and the host do): a side exit leaves it to the interpreter. Otherwise the index
 * of the highest set bit of t (BSF: t = v & -v, its lowest set bit) by a branchless binary
 * search (RV32IM has no clz), and ZF cleared; the other flags, which x86 leaves undefined,
 * stay as they were (the facts' `wr` is ZF alone). TZCNT and LZCNT (31 - BSR) the same, a zero
 * source to the interpreter too, and their flags those of xlogf of the count, as the
 * interpreter's do_bitcount gives them (CF 0, ZF of the count). */
LIFT_OP lift_bsx(struct lift *b)
{
    const struct xl_insn *x = b->x;
    unsigned v = get(b, &x->ops[1], 4, XR_A0, NULL);
    side_exit_branch(b, xe_beq(v, XR_ZERO, 0));
    const unsigned t = XR_A1, r = XR_A2, s = XR_A3;
    if (x->op == XL_BSF || x->op == XL_TZCNT) {
        E(b, xe_sub(t, XR_ZERO, v));
        E(b, xe_and(t, t, v));
    } else {
        mv(b, t, v);
    }
    /* r = floor(log2(t)): for k = 16, 8, 4, 2: s = (t >= 1 << k) ? k : 0; t >>= s; r += s */
    for (unsigned k = 16; k >= 2; k /= 2) {
        if (k == 16) {
            li(b, s, 1u << 16);
            E(b, xe_sltu(s, t, s));
        } else {
            E(b, xe_sltiu(s, t, 1 << k));
        }
        E(b, xe_xori(s, s, 1));
        E(b, xe_slli(s, s, (unsigned)__builtin_ctz(k)));
        E(b, xe_srl(t, t, s));
        if (k == 16) mv(b, r, s);
        else E(b, xe_or(r, r, s));
    }
    E(b, xe_srli(t, t, 1)); /* t is 1..3 */
    E(b, xe_or(r, r, t));
    if (x->op == XL_LZCNT) E(b, xe_xori(r, r, 31)); /* 31 - r */
    feed_from(b);
    if (x->op == XL_TZCNT || x->op == XL_LZCNT) { /* ZF of the count, CF 0 (the source is not 0) */
        xalu(b, XL_XALU_OF_SHLD, 2, XR_ZERO, r, XR_ZERO);
    } else {
        li(b, s, XF_ZF);
        E(b, xe_csrrc(XR_ZERO, CSR_XFLAGS, s));
        flagged(b);
    }
    mv(b, xr_guest(x->ops[0].reg), r);
}

/* POPCNT r32, r/m32: the SWAR count (pairs, nibbles, bytes, then a multiply sums the bytes into
 * the top one); flags as x86 defines them and the interpreter's do_bitcount writes them: ZF of
 * the source, CF OF SF AF PF clear. */
LIFT_OP lift_popcnt(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const unsigned v = get(b, &x->ops[1], 4, XR_A0, NULL), t = XR_A1, u = XR_A2, m = XR_A3;
    E(b, xe_srli(t, v, 1));
    li(b, m, 0x55555555u);
    E(b, xe_and(t, t, m));
    E(b, xe_sub(t, v, t));              /* 2-bit counts */
    li(b, m, 0x33333333u);
    E(b, xe_srli(u, t, 2));
    E(b, xe_and(u, u, m));
    E(b, xe_and(t, t, m));
    E(b, xe_add(t, t, u));              /* 4-bit counts */
    E(b, xe_srli(u, t, 4));
    E(b, xe_add(t, t, u));
    li(b, m, 0x0f0f0f0fu);
    E(b, xe_and(t, t, m));              /* byte counts */
    li(b, m, 0x01010101u);
    E(b, xe_mul(t, t, m));
    E(b, xe_srli(t, t, 24));
    feed_from(b);
    E(b, xe_sltiu(u, v, 1));
    E(b, xe_slli(u, u, 6));             /* ZF: bit 6 */
    li(b, m, XF_ARITH);
    E(b, xe_csrrc(XR_ZERO, CSR_XFLAGS, m));
    flagged(b);
    E(b, xe_csrrs(XR_ZERO, CSR_XFLAGS, u));
    flagged(b);
    mv(b, xr_guest(x->ops[0].reg), t);
}

/* The BCD adjusts, as the interpreter's do_bcd computes them (results and flags alike): AL (and
 * AH) from base ops, SF ZF PF from xlogf of the new AL, CF and AF set after it. t: the low digit
 * needs adjusting (AL & 15 > 9, or AF); masks from -t and -hi select the constants. */
LIFT_OP lift_bcd(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const unsigned eax = xr_guest(CMS_EAX), al = XR_A0, f = XR_A1, t = XR_A2, hi = XR_A3, m = XR_A4, r = XR_A5;
    E(b, xe_andi(al, eax, 0xff));
    if (x->op == XL_AAM || x->op == XL_AAD) {
        li(b, m, (uint32_t)x->ops[0].val & 0xff); /* AAM's base is not 0: lift_supported */
        if (x->op == XL_AAM) {
            E(b, xe_divu(t, al, m));
            E(b, xe_remu(r, al, m));
            E(b, xe_slli(t, t, 8));
            E(b, xe_or(t, t, r));               /* AH = AL / base, AL = AL % base */
        } else {
            E(b, xe_srli(t, eax, 8));
            E(b, xe_andi(t, t, 0xff));
            E(b, xe_mul(t, t, m));
            E(b, xe_add(r, al, t));
            E(b, xe_andi(r, r, 0xff));          /* AL = AL + AH * base, AH = 0 */
            mv(b, t, r);
        }
        E(b, xe_srli(eax, eax, 16));
        E(b, xe_slli(eax, eax, 16));
        E(b, xe_or(eax, eax, t));
        feed_from(b);
        xalu(b, XL_XALU_OF_SHLD, 0, XR_ZERO, r, XR_ZERO); /* SF ZF PF of AL; CF OF AF 0 */
        return;
    }
    E(b, xe_csrrs(f, CSR_XFLAGS, XR_ZERO));
    E(b, xe_andi(t, al, 15));
    E(b, xe_sltiu(t, t, 10));
    E(b, xe_xori(t, t, 1));
    E(b, xe_srli(m, f, 4));
    E(b, xe_andi(m, m, 1));
    E(b, xe_or(t, t, m));                       /* t = AL & 15 > 9 || AF */
    E(b, xe_sub(m, XR_ZERO, t));
    if (x->op == XL_DAA || x->op == XL_DAS) {
        const int sub = x->op == XL_DAS;
        E(b, xe_andi(f, f, 1));                 /* CF */
        E(b, xe_sltiu(hi, al, 0x9a));
        E(b, xe_xori(hi, hi, 1));
        E(b, xe_or(hi, hi, f));                 /* hi = AL > 0x99 || CF */
        E(b, xe_andi(m, m, 6));
        if (sub) { /* DAS keeps CF from the low digit's borrow: CF = hi | t & (CF | AL < 6) */
            E(b, xe_sltiu(XR_A6, al, 6));
            E(b, xe_or(f, f, XR_A6));
            E(b, xe_and(f, f, t));
            E(b, xe_or(f, f, hi));
        }
        E(b, sub ? xe_sub(r, al, m) : xe_add(r, al, m));
        E(b, xe_sub(m, XR_ZERO, hi));
        E(b, xe_andi(m, m, 0x60));
        E(b, sub ? xe_sub(r, r, m) : xe_add(r, r, m));
        E(b, xe_andi(r, r, 0xff));
        E(b, xe_andi(eax, eax, -256));
        E(b, xe_or(eax, eax, r));
        feed_from(b);
        xalu(b, XL_XALU_OF_SHLD, 0, XR_ZERO, r, XR_ZERO);
        feed_from(b);
        E(b, xe_slli(t, t, 4));
        E(b, xe_or(t, t, sub ? f : hi));        /* AF = t, CF */
        E(b, xe_csrrs(XR_ZERO, CSR_XFLAGS, t));
        flagged(b);
        return;
    }
    /* AAA, AAS: AX +/- 0x106 when t, AL's high digit cleared */
    E(b, xe_andi(m, m, 0x106));
    E(b, x->op == XL_AAA ? xe_add(r, eax, m) : xe_sub(r, eax, m));
    li(b, hi, 0xff0f);
    E(b, xe_and(r, r, hi));
    E(b, xe_srli(eax, eax, 16));
    E(b, xe_slli(eax, eax, 16));
    E(b, xe_or(eax, eax, r));
    feed_from(b);
    xalu(b, XL_XALU_OF_SHLD, 0, XR_ZERO, r, XR_ZERO);
    feed_from(b);
    E(b, xe_sub(m, XR_ZERO, t));
    E(b, xe_andi(m, m, 0x11));                  /* AF = CF = t */
    E(b, xe_csrrs(XR_ZERO, CSR_XFLAGS, m));
    flagged(b);
}

/* DIV r/m32 with EDX != 0 (a 64-bit dividend), out of line after the body (xl_lift_block): a
 * call of the firmware's xl_div64 (translator/xl_enter.S: a long division of 16-bit digits,
 * one copy for every translation, run in translated mode), then #DE's side exit when the
 * quotient needs more than 32 bits. The divisor is read again: the passes see no reader of a
 * temporary past the body (an exit tail reads only pinned registers), so the body's copy may be
 * gone; a memory divisor was read just before (no fault, no store in between). Flags stay as
 * they are, as with the 32-bit form. glibc divides so (__mpn_divrem, strtod). */
#ifdef CMS_HOST
#define XL_DIV64_ADDR 0x80000000u /* host builds (tests, listings) run no translation: a stand-in */
#else
extern const uint32_t xl_div64[];
#define XL_DIV64_ADDR ((uint32_t)(uintptr_t)xl_div64)
#endif
static void lift_div64(struct lift *b)
{
    const struct xl_operand *o = &b->x->ops[0];
    b->hi_valid = 0;
    if (o->kind == XL_OPK_MEM) { /* not get(): a third caller made gcc clone it worse (dBBT +6) */
        ea(b, o, 1);
        gload(b, 4, 0, XR_A0);
    } else {
        mv(b, XR_A0, xr_guest(o->reg)); /* r32: DIV is lifted for 32-bit operands only */
    }
    uint32_t hi;
    int32_t lo;
    split_imm(XL_DIV64_ADDR, &hi, &lo);
    E(b, xe_lui(XR_T4, hi));
    E(b, xe_jalr(XR_T4, XR_T4, lo)); /* returns to the op after it, a1 = 1: #DE */
    side_exit_branch(b, xe_bne(XR_A1, XR_ZERO, 0));
}

LIFT_OP lift_muldiv(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const unsigned eax = xr_guest(CMS_EAX), edx = xr_guest(CMS_EDX);
    if (x->op == XL_IMUL) { /* dst = a * b (2- and 3-operand forms) */
        unsigned size = x->osize;
        unsigned a = get(b, &x->ops[1], size, XR_A0, NULL);
        unsigned v = get(b, &x->ops[2], size, XR_A1, NULL);
        if (is_reg32(&x->ops[0], size)) {
            xalu(b, F7_XIMULF_W, 2, xr_guest(x->ops[0].reg), a, v);
        } else {
            xalu(b, F7_XIMULF_W, szc(size), XR_A2, a, v);
            put(b, &x->ops[0], size, XR_A2, 1);
        }
        return;
    }
    unsigned s = get(b, &x->ops[0], 4, XR_A0, NULL);
    switch (x->op) {
    case XL_MUL:
    case XL_IMUL1: {
        int sg = x->op == XL_IMUL1;
        if (sg) E(b, xe_mulh(XR_A2, eax, s));
        else E(b, xe_mulhu(XR_A2, eax, s));
        xalu(b, sg ? F7_XIMULF_W : F7_XMULF_W, 2, eax, eax, s);
        mv(b, edx, XR_A2);
        return;
    }
    case XL_DIV: {
        /* divisor 0: the interpreter faults; EDX != 0 (a 64-bit dividend): the long division,
         * out of line after the body (xl_lift_block), which comes back to `done` */
        side_exit_branch(b, xe_beq(s, XR_ZERO, 0));
        struct lift_side *t = side_add(b, 0, 0);
        if (!t) return;
        const unsigned done = new_label(b);
        t->back = done + 1;
        branch(b, xe_bne(edx, XR_ZERO, 0), t->label);
        E(b, xe_divu(XR_A2, eax, s));
        E(b, xe_remu(edx, eax, s));
        mv(b, eax, XR_A2);
        place(b, done);
        b->hi_valid = 0; /* the long division uses x28 */
        return;
    }
    case XL_IDIV:
        /* only dividends that are EAX sign-extended, and no divisor 0 or -1 */
        E(b, xe_srai(XR_A1, eax, 31));
        side_exit_branch(b, xe_bne(XR_A1, edx, 0));
        side_exit_branch(b, xe_beq(s, XR_ZERO, 0));
        addi(b, XR_A1, s, 1);
        side_exit_branch(b, xe_beq(XR_A1, XR_ZERO, 0));
        E(b, xe_div(XR_A2, eax, s));
        E(b, xe_rem(edx, eax, s));
        mv(b, eax, XR_A2);
        return;
    default: b->bad = XL_LIFT_FORM; return;
    }
}

LIFT_OP lift_mov(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const struct xl_operand *d = &x->ops[0], *s = &x->ops[1];
    unsigned size = d->size;
    if (is_reg32(d, size)) {
        unsigned g = xr_guest(d->reg);
        if (is_imm(s)) li(b, g, (uint32_t)s->val);
        else if (is_mem(s)) { ea(b, s, 1); gload(b, 4, 0, g); }
        else mv(b, g, xr_guest(s->reg));
        return;
    }
    if (is_mem(d)) {
        unsigned v = get(b, s, size, XR_A0, NULL);
        put(b, d, size, v, 0);
        return;
    }
    int zx;
    unsigned v = get(b, s, size, XR_A0, &zx);
    put(b, d, size, v, zx);
}

LIFT_OP lift_movx(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const struct xl_operand *d = &x->ops[0], *s = &x->ops[1];
    unsigned g = xr_guest(d->reg), ss = s->size;
    int sx = x->op == XL_MOVSX;
    if (!is_reg(d) || (ss != 1 && ss != 2)) { b->bad = XL_LIFT_FORM; return; }
    if (is_mem(s)) {
        ea(b, s, 1);
        gload(b, ss, sx, g);
        return;
    }
    unsigned sh = 32 - 8 * ss;
    if (ss == 1 && s->reg >= 4) { /* AH..BH: bits 15..8 */
        E(b, xe_slli(g, xr_guest(s->reg - 4u), 16));
        E(b, sx ? xe_srai(g, g, 24) : xe_srli(g, g, 24));
        return;
    }
    unsigned r = xr_guest(s->reg);
    if (!sx && ss == 1) {
        E(b, xe_andi(g, r, 255));
        return;
    }
    E(b, xe_slli(g, r, (int32_t)sh));
    E(b, sx ? xe_srai(g, g, sh) : xe_srli(g, g, sh));
}

/* BT/BTS/BTR/BTC, 32-bit, register destination or immediate offset: CF = the bit. */
LIFT_OP lift_bt(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const struct xl_operand *d = &x->ops[0], *c = &x->ops[1];
    unsigned cnt;
    if (is_imm(c)) {
        cnt = XR_A1;
        addi(b, cnt, XR_ZERO, c->val & 31);
    } else {
        cnt = xr_guest(c->reg); /* sll/srl take it & 31 */
    }
    unsigned v = get(b, d, 4, XR_A0, NULL);
    feed_from(b); /* the bit, for CF only */
    E(b, xe_srl(XR_A2, v, cnt));
    E(b, xe_andi(XR_A2, XR_A2, 1));
    E(b, xe_csrrci(XR_ZERO, CSR_XFLAGS, 1));
    flagged(b);
    E(b, xe_csrrs(XR_ZERO, CSR_XFLAGS, XR_A2));
    flagged(b);
    if (x->op == XL_BT) return;
    addi(b, XR_A2, XR_ZERO, 1);
    E(b, xe_sll(XR_A2, XR_A2, cnt));
    unsigned rd = is_reg(d) ? v : XR_A0;
    if (x->op == XL_BTS) {
        E(b, xe_or(rd, v, XR_A2));
    } else if (x->op == XL_BTC) {
        E(b, xe_xor(rd, v, XR_A2));
    } else {
        E(b, xe_xori(XR_A2, XR_A2, -1));
        E(b, xe_and(rd, v, XR_A2));
    }
    if (!is_reg(d)) put(b, d, 4, rd, 1);
}

/* MOVS/STOS/LODS with DF = 0. REP forms loop in translated code and commit at the top of
 * every iteration (EIP = the string instruction, ECX/ESI/EDI as far as they got: a valid x86
 * state), so the store buffer holds one store at a time and a fault re-executes the rest. */
/* REP MOVS and REP STOS (DF = 0 in translated code) move 32 bytes per step while at least 32
 * remain, then 16 bytes once while at least 16 remain: one commit, then per 16 bytes four word
 * loads into four registers and the four stores (the REP is interruptible, so the state between
 * steps, EIP at the instruction, is precise; a fault in a step rolls it back, stores included,
 * and the interpreter goes on element by element and faults at the exact one). The loads of 16
 * bytes come before their stores (no load-use wait), which an element-by-element copy matches
 * unless the destination starts 0-15 bytes after the source: those MOVS take the element loop
 * (a destination 1-3 bytes past the source must replicate as bytes do). The elements left go
 * through the element loop; the tail commits, so no chunk store is pending past the
 * instruction. A store buffer of fewer than 8 entries (the FPGA's holds 8) takes 16-byte
 * steps only. */
static void rep_words16(struct lift *b, unsigned val, int32_t off)
{
    const unsigned esi = xr_guest(CMS_ESI), edi = xr_guest(CMS_EDI);
    const int movs = b->x->op == XL_MOVS;
    if (movs)
        for (int32_t k = 0; k < 4; k++) gload_f3(b, 2, XR_A0 + (unsigned)k, esi, off + 4 * k);
    for (int32_t k = 0; k < 4; k++) E(b, xe_gstore(2, movs ? XR_A0 + (unsigned)k : val, edi, off + 4 * k));
}

static void rep_advance(struct lift *b, int32_t bytes)
{
    const unsigned ecx = xr_guest(CMS_ECX), esi = xr_guest(CMS_ESI), edi = xr_guest(CMS_EDI);
    if (b->x->op == XL_MOVS) addi(b, esi, esi, bytes);
    addi(b, edi, edi, bytes);
    addi(b, ecx, ecx, -bytes / (int32_t)b->x->osize);
}

static void lift_rep_chunks(struct lift *b, unsigned skip)
{
    const struct xl_insn *x = b->x;
    const unsigned ecx = xr_guest(CMS_ECX), esi = xr_guest(CMS_ESI), edi = xr_guest(CMS_EDI);
    const unsigned eax = xr_guest(CMS_EAX), size = x->osize;
    const int movs = x->op == XL_MOVS, big = xl_gsb_depth >= 8;
    const unsigned chunk = big ? new_label(b) : 0, step16 = new_label(b), tail = new_label(b);
    if (movs) {
        E(b, xe_sub(XR_A2, edi, esi));
        E(b, xe_sltiu(XR_A2, XR_A2, 16));
        branch(b, xe_bne(XR_A2, XR_ZERO, 0), tail);
    } else { /* the element repeated over a word */
        if (size == 1) {
            E(b, xe_andi(XR_A1, eax, 0xff));
            li(b, XR_A2, 0x01010101u);
            E(b, xe_mul(XR_A1, XR_A1, XR_A2));
        } else if (size == 2) {
            E(b, xe_slli(XR_A1, eax, 16));
            E(b, xe_srli(XR_A2, XR_A1, 16));
            E(b, xe_or(XR_A1, XR_A1, XR_A2));
        }
    }
    const unsigned val = size == 4 ? eax : XR_A1;
    if (big) {
        place(b, chunk);
        E(b, xe_sltiu(XR_A2, ecx, (int32_t)(32 / size)));
        branch(b, xe_bne(XR_A2, XR_ZERO, 0), step16);
        E(b, xe_commit(XR_T1));
        rep_words16(b, val, 0);
        rep_words16(b, val, 16);
        rep_advance(b, 32);
        jump(b, chunk);
    }
    place(b, step16); /* once after the 32-byte steps (fewer than 32 bytes are left); else a loop */
    E(b, xe_sltiu(XR_A2, ecx, (int32_t)(16 / size)));
    branch(b, xe_bne(XR_A2, XR_ZERO, 0), tail);
    E(b, xe_commit(XR_T1));
    rep_words16(b, val, 0);
    rep_advance(b, 16);
    if (!big) jump(b, step16);
    place(b, tail);
    E(b, xe_commit(XR_T1));
    branch(b, xe_beq(ecx, XR_ZERO, 0), skip);
}

LIFT_OP lift_string(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const unsigned ecx = xr_guest(CMS_ECX), esi = xr_guest(CMS_ESI), edi = xr_guest(CMS_EDI);
    const unsigned eax = xr_guest(CMS_EAX);
    unsigned size = x->osize;
    unsigned lf3 = size == 4 ? 2 : size == 2 ? 5 : 4;
    int rep = (x->prefix & (XL_PFX_REP | XL_PFX_REPNE)) != 0;
    unsigned skip = 0, top = 0;
    if (rep) {
        skip = new_label(b);
        top = new_label(b);
        exact_flags_before(b, b->idx);
        /* ECX = 0 first, before the commit's EIP and the chunk tests: memcpy's REP MOVSB of
         * the 0-3 bytes after its REP MOVSD mostly has none (pcre2grep: 695 K a run) */
        branch(b, xe_beq(ecx, XR_ZERO, 0), skip);
        li(b, XR_T1, b->eip);
        if (x->op == XL_MOVS || x->op == XL_STOS) lift_rep_chunks(b, skip);
        place(b, top);
        E(b, xe_commit(XR_T1));
    }
    if (x->op == XL_LODS) {
        gload_f3(b, lf3, XR_A0, esi, 0);
        static const struct xl_operand acc[3] = {
            {.kind = XL_OPK_REG, .size = 1, .reg = CMS_EAX},
            {.kind = XL_OPK_REG, .size = 2, .reg = CMS_EAX},
            {.kind = XL_OPK_REG, .size = 4, .reg = CMS_EAX},
        };
        put(b, &acc[szc(size)], size, XR_A0, 1);
        addi(b, esi, esi, (int32_t)size);
        return;
    }
    if (x->op == XL_MOVS) {
        gload_f3(b, lf3, XR_A0, esi, 0);
        gstore(b, size, XR_A0, edi, 0);
        addi(b, esi, esi, (int32_t)size);
    } else {
        gstore(b, size, eax, edi, 0);
    }
    addi(b, edi, edi, (int32_t)size);
    if (rep) {
        addi(b, ecx, ecx, -1);
        branch(b, xe_bne(ecx, XR_ZERO, 0), top);
        place(b, skip);
        b->stores = x->op == XL_LODS ? 0 : 1; /* the last element's store; the chunks commit theirs */
    }
}

/* CMPXCHG r/m32, r32: flags of CMP EAX, dest; equal: dest = src; else EAX = dest (a memory
 * destination is written back either way, as the locked cycle does). */
LIFT_OP lift_cmpxchg(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const struct xl_operand *d = &x->ops[0], *s = &x->ops[1];
    const unsigned eax = xr_guest(CMS_EAX);
    unsigned a = get(b, d, 4, XR_A0, NULL);
    if (a != XR_A0) { mv(b, XR_A0, a); a = XR_A0; }
    unsigned v = get(b, s, 4, XR_A1, NULL);
    xalu(b, F7_XSUB_W, 2, XR_ZERO, eax, a);
    unsigned ne = new_label(b), done = new_label(b);
    branch(b, xe_bne(eax, a, 0), ne);
    put(b, d, 4, v, 1);
    jump(b, done);
    place(b, ne);
    if (is_mem(d)) put(b, d, 4, a, 1);
    mv(b, eax, a);
    place(b, done);
    b->stores = is_mem(d) ? 1 : 0; /* one store on either path */
}

static void push_value(struct lift *b, unsigned size, unsigned v)
{
    const unsigned esp = xr_guest(CMS_ESP);
    gstore(b, size, v, esp, -(int32_t)size); /* store first: a faulting push leaves ESP alone */
    addi(b, esp, esp, -(int32_t)size);
}

/* ------------------------------------------------------------------------------------------ */
/* Control transfers inside a superblock (xl_ir.h, enum xl_role; only a superblock's path has
 * them before its last instruction). */

/* RET [imm16]'s move of ESP past the return address and imm16 bytes (A1 free for it). */
static void ret_pop(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const unsigned esp = xr_guest(CMS_ESP);
    int32_t pop = 4 + (x->nops ? (int32_t)(x->ops[0].val & 0xffff) : 0);
    if (xe_fits12(pop)) {
        addi(b, esp, esp, pop);
    } else {
        li(b, XR_A1, (uint32_t)pop);
        E(b, xe_add(esp, esp, XR_A1));
    }
}

/* The RET of the CALL_IN being lifted is lifted too (the pipeline may end the path before it). */
static int ret_lifted(const struct lift *b)
{
    unsigned depth = 0;
    for (unsigned j = b->idx + 1; j < b->body; j++) {
        unsigned r = b->ir->role[j];
        if (r == XL_ROLE_CALL_IN) depth++;
        else if (r == XL_ROLE_RET && !depth--) return 1;
    }
    return 0;
}

LIFT_OP lift_internal(struct lift *b)
{
    const struct xl_insn *x = b->x;
    unsigned role = b->ir->role[b->idx];
    if (role == XL_ROLE_JMP && x->op == XL_JMP) return; /* the path just goes on at the target */
    if ((role == XL_ROLE_CALL || role == XL_ROLE_CALL_IN) && x->op == XL_CALL) {
        li(b, XR_A0, b->next);
        push_value(b, 4, XR_A0);
        /* the return stack's push (no commit here to carry it), unless its RET is lifted here */
        if (role == XL_ROLE_CALL || !ret_lifted(b)) E(b, xe_xcall_hint(XR_A0));
        return;
    }
    if (role == XL_ROLE_RET && x->op == XL_RET) {
        /* the path goes on at its CALL's return address: the address popped is checked against
         * it, before ESP moves, and a side exit interprets the RET when it is another (the
         * callee wrote its return address or moved ESP). When the pushed value reaches the
         * check (rle, cprop), the check folds away. */
        gload_f3(b, 2, XR_A0, xr_guest(CMS_ESP), 0);
        li(b, XR_A1, b->ir->eip[b->idx + 1]);
        side_exit_branch(b, xe_bne(XR_A0, XR_A1, 0));
        ret_pop(b);
        return;
    }
    if (x->op != XL_JCC || (role != XL_ROLE_TAKEN && role != XL_ROLE_FALL)) {
        b->bad = XL_LIFT_FORM;
        return;
    }
    /* a side exit leaves the block as an exit stub does, with nothing pending: its tail commits
     * (with the EIP it goes to) when stores are pending here, so the hot path carries its
     * stores on to the next commit; a fault past the Jcc rolls back to before it and the
     * interpreter replays through it ("Commits and recovery") */
    int taken = role == XL_ROLE_TAKEN;
    const uint32_t cold = taken ? b->next : x->target; /* the side exit's direction */
    const struct lift_side *t = side_add(b, cold, b->pending != 0);
    if (!t) return;
    branch(b, xe_xbcc(taken ? x->cc ^ 1u : x->cc, 0), t->label);
}

/* An x87 operand whose linear address translated code computes for the helper in at most two
 * ops (ea), which keeps a run's first instruction within the LARGE I-op class (x86/xl_ops.h). */
static int x87_ea_cheap(const struct xl_operand *o)
{
    if (!xl_lift_mem_ok(o)) return 0;
    unsigned ops = (o->index != XL_NOREG) * ((o->scale != 0) + (o->reg != XL_NOREG)) + (o->seg == CMS_GS) +
                   (xe_fits12(o->val) ? 0 : 2);
    return ops <= 2;
}

/* A run of x87 instructions (up to XL_X87_RUN_MAX, all before the block's last one): commit at
 * the first (x87 state is firmware memory, not shadowed: the guest state must be exact around
 * the call), then the XL_STUB_X87 stub (its xexit traps to xl_trap_x87 in xl_dispatch.c, which
 * runs the run; the trap entry commits at the instruction after the run before it resumes after
 * the stub, so that no rollback can replay it). The run's other instructions have no code of
 * their own. */
LIFT_OP lift_x87(struct lift *b)
{
    if (b->x87_left) { /* inside a run lifted at its first instruction */
        b->x87_left--;
        exact_flags_before(b, b->idx);
        return;
    }
    unsigned i = b->idx, k = 1;
    while (k < XL_X87_RUN_MAX && i + k < b->body && b->ins[i + k]->op == XL_X87) k++;
    if (b->x87_next + k > xl_x87_pool_size) { /* not expected: xl_cache_room keeps room */
        b->bad = XL_LIFT_FORM;
        return;
    }
    unsigned nea = 0, probes = 0;
    int eax_written = 0;
    for (unsigned j = 0; j < k; j++) {
        struct xl_x87_op *o = &xl_x87_pool[b->x87_next + j];
        const struct xl_operand *m = &o->x.ops[0];
        o->x = *b->ins[i + j];
        o->acc = cms_x87_mem_access(o->x.target);
        o->ea_reg = o->probed = 0;
        if (o->acc && nea < XL_X87_EA_MAX && x87_ea_cheap(m) &&
            !(eax_written && (m->reg == CMS_EAX || m->index == CMS_EAX))) {
            const unsigned r = XR_A0 + nea++, bytes = o->acc & CMS_X87_ACC_BYTES, parts = bytes > 4 ? 2 : 1;
            const int store = (o->acc & CMS_X87_ACC_STORE) != 0;
            ea(b, m, 1);
            addi(b, r, b->ea_reg, b->ea_imm);
            o->ea_reg = (uint8_t)r;
            /* its first and last bytes read here (a store's written back as they were: the
             * commit before the stub writes them before the helper stores), so that a fault is
             * one of translated code; the buffer must take a store's */
            if (!store || b->pending + probes + parts <= xl_gsb_depth) {
                for (unsigned q = 0; q < parts; q++) {
                    const int32_t at = q ? (int32_t)bytes - 4 : 0;
                    gload_f3(b, bytes == 2 ? 5 : 2, XR_T1, r, at);
                    if (store) E(b, xe_gstore(bytes == 2 ? 1 : 2, XR_T1, r, at));
                }
                probes += store ? parts : 0;
                o->probed = 1;
            }
        }
        if (o->x.target == XL_X87_FNSTSW_AX) eax_written = 1; /* later addresses may not use EAX */
    }
    exact_flags_before(b, i);
    /* `commit x0`: the stub's target is the run's first instruction, the commit point */
    commit_stub(b, b->eip, xl_x87_kind(k, b->ir->superblock, b->n - i - k, b->x87_next));
    b->x87_next += k;
    b->x87_left = k - 1;
    /* the trap entry commits at the EIP after the run when the helper ran it (cms/start.S) */
    b->pending = 0;
    /* temporaries do not live across the call (the passes see the stub as an exit) */
    b->hi_valid = 0;
    b->ea_valid = 0;
}

/* The ops lift_body's switch lifts in place of a group function: each its own function too. */
LIFT_OP lift_lea(struct lift *b)
{
    const struct xl_insn *x = b->x;
    ea(b, &x->ops[1], 0);
    addi(b, xr_guest(x->ops[0].reg), b->ea_reg, b->ea_imm);
}

LIFT_OP lift_xchg(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const struct xl_operand *o0 = &x->ops[0], *o1 = &x->ops[1];
    unsigned size = x->osize;
    if (is_mem(o1)) { const struct xl_operand *t = o0; o0 = o1; o1 = t; } /* memory first */
    int zx;
    unsigned a = get(b, o0, size, XR_A0, &zx);
    if (a != XR_A0) { mv(b, XR_A0, a); }
    unsigned v = get(b, o1, size, XR_A1, NULL);
    put(b, o0, size, v, 0);
    put(b, o1, size, XR_A0, is_mem(o0) || size == 4 ? 1 : 0);
}

LIFT_OP lift_setcc(struct lift *b)
{
    E(b, xe_xsetcc(XR_A0, b->x->cc));
    put(b, &b->x->ops[0], 1, XR_A0, 1);
}

LIFT_OP lift_cmovcc(struct lift *b)
{
    const struct xl_insn *x = b->x;
    unsigned v = get(b, &x->ops[1], 4, XR_A0, NULL); /* the source is read either way */
    E(b, xe_xbcc(x->cc ^ 1u, 8)); /* over the mv (no pass deletes it) */
    E(b, xe_addi(xr_guest(x->ops[0].reg), v, 0));
}

LIFT_OP lift_push(struct lift *b)
{
    const struct xl_insn *x = b->x;
    unsigned size = x->osize;
    unsigned v = get(b, &x->ops[0], size, XR_A0, NULL);
    push_value(b, size, v);
}

LIFT_OP lift_pop(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const unsigned esp = xr_guest(CMS_ESP);
    unsigned size = x->osize, g = xr_guest(x->ops[0].reg);
    if (size == 4) {
        gload_f3(b, 2, g, esp, 0);
        if (g != esp) addi(b, esp, esp, 4);
    } else {
        gload_f3(b, 5, XR_A0, esp, 0);
        addi(b, esp, esp, 2);
        put(b, &x->ops[0], 2, XR_A0, 1);
    }
}

/* The rarer ops of one or a few I-ops, and what lift_body does not name (not lifted). */
LIFT_OP lift_misc(struct lift *b)
{
    const struct xl_insn *x = b->x;
    const unsigned esp = xr_guest(CMS_ESP), eax = xr_guest(CMS_EAX);
    switch (x->op) {
    case XL_LEAVE: {
        const unsigned ebp = xr_guest(CMS_EBP);
        gload_f3(b, 2, XR_A0, ebp, 0); /* load first: a fault changes nothing */
        addi(b, esp, ebp, 4);
        mv(b, ebp, XR_A0);
        break;
    }
    case XL_CDQ: E(b, xe_srai(xr_guest(CMS_EDX), eax, 31)); break;
    case XL_CWDE: E(b, xe_slli(eax, eax, 16)); E(b, xe_srai(eax, eax, 16)); break;
    case XL_CBW: {
        static const struct xl_operand ax = {.kind = XL_OPK_REG, .size = 2, .reg = CMS_EAX};
        E(b, xe_slli(XR_A0, eax, 24));
        E(b, xe_srai(XR_A0, XR_A0, 24));
        put(b, &ax, 2, XR_A0, 0);
        break;
    }
    case XL_CLC: E(b, xe_csrrci(XR_ZERO, CSR_XFLAGS, 1)); flagged(b); break;
    case XL_STC: E(b, xe_csrrsi(XR_ZERO, CSR_XFLAGS, 1)); flagged(b); break;
    case XL_CMC:
        feed_from(b);
        E(b, xe_csrrs(XR_A0, CSR_XFLAGS, XR_ZERO));
        E(b, xe_xori(XR_A0, XR_A0, 1));
        E(b, xe_csrrw(XR_ZERO, CSR_XFLAGS, XR_A0));
        flagged(b);
        break;
    case XL_BSWAP: {
        unsigned g = xr_guest(x->ops[0].reg);
        li(b, XR_A2, 0x00ff00ffu);
        E(b, xe_and(XR_A0, g, XR_A2));
        E(b, xe_slli(XR_A0, XR_A0, 8));   /* bytes 0, 2 -> 1, 3 */
        E(b, xe_srli(XR_A1, g, 8));
        E(b, xe_and(XR_A1, XR_A1, XR_A2)); /* bytes 1, 3 -> 0, 2 */
        E(b, xe_or(XR_A0, XR_A0, XR_A1));
        E(b, xe_slli(XR_A1, XR_A0, 16));  /* then swap the halves */
        E(b, xe_srli(XR_A0, XR_A0, 16));
        E(b, xe_or(g, XR_A0, XR_A1));
        break;
    }
    default: b->bad = XL_LIFT_FORM; break;
    }
}

/* The body of one instruction: a dispatch that tail-calls the op's function, with no frame of
 * its own (when it inlined them all, it saved and restored thirteen registers for every
 * instruction). */
static void lift_body(struct lift *b)
{
    switch (b->x->op) {
    case XL_ADD: case XL_OR: case XL_ADC: case XL_SBB: case XL_AND: case XL_SUB: case XL_XOR:
    case XL_CMP: case XL_TEST:
        lift_alu(b);
        break;
    case XL_INC: case XL_DEC: case XL_NEG: case XL_NOT: lift_unary(b); break;
    case XL_ROL: case XL_ROR: case XL_RCL: case XL_RCR: case XL_SHL: case XL_SHR:
    case XL_SAL_UNUSED: case XL_SAR:
        lift_shift(b);
        break;
    case XL_MUL: case XL_IMUL1: case XL_IMUL: case XL_DIV: case XL_IDIV: lift_muldiv(b); break;
    case XL_SHLD: case XL_SHRD: lift_shxd(b); break;
    case XL_BSF: case XL_BSR: case XL_TZCNT: case XL_LZCNT: lift_bsx(b); break;
    case XL_POPCNT: lift_popcnt(b); break;
    case XL_DAA: case XL_DAS: case XL_AAA: case XL_AAS: case XL_AAM: case XL_AAD: lift_bcd(b); break;
    case XL_MOV: lift_mov(b); break;
    case XL_MOVZX: case XL_MOVSX: lift_movx(b); break;
    case XL_LEA: lift_lea(b); break;
    case XL_XCHG: lift_xchg(b); break;
    case XL_SETCC: lift_setcc(b); break;
    case XL_CMOVCC: lift_cmovcc(b); break;
    case XL_PUSH: lift_push(b); break;
    case XL_POP: lift_pop(b); break;
    case XL_NOP: break;
    case XL_BT: case XL_BTS: case XL_BTR: case XL_BTC: lift_bt(b); break;
    case XL_CLD: break; /* DF is 0 whenever translated code runs */
    case XL_MOVS: case XL_STOS: case XL_LODS: lift_string(b); break;
    case XL_CMPXCHG: lift_cmpxchg(b); break;
    case XL_JCC: case XL_JMP: case XL_CALL: case XL_RET: lift_internal(b); break;
    case XL_X87: lift_x87(b); break;
    default: lift_misc(b); break; /* LEAVE, CDQ, CWDE, CBW, CLC, STC, CMC, BSWAP; the rest is not lifted */
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Block-ending control transfers: body, commit and exits.                                     */

/* The conditional block-ending transfers: lift_end's branch over the fall-through stub. */
static int end_is_cond(unsigned op)
{
    return op == XL_JCC || op == XL_LOOP || op == XL_LOOPE || op == XL_LOOPNE || op == XL_JECXZ;
}

static void lift_end(struct lift *b, unsigned pending)
{
    const struct xl_insn *x = b->x;
    const unsigned esp = xr_guest(CMS_ESP), ecx = xr_guest(CMS_ECX);
    switch (x->op) {
    case XL_JMP:
        if (pending) commit_stub(b, x->target, XL_STUB_DIRECT);
        else stub(b, x->target, XL_STUB_DIRECT);
        break;
    case XL_JCC:
    case XL_LOOP: case XL_LOOPE: case XL_LOOPNE: case XL_JECXZ: {
        /* the branch right before the fall-through stub, over it to the taken stub: the
         * layout xl_link_chain retargets (xl_encode.h) */
        const int32_t over = XL_BR_OVER_STUB;
        if (pending) commit_at(b, b->eip); /* nothing but EIP changes below */
        if (x->op == XL_JCC) {
            E(b, xe_xbcc(x->cc, over));
        } else if (x->op == XL_JECXZ) {
            E(b, xe_beq(ecx, XR_ZERO, over));
        } else {
            addi(b, ecx, ecx, -1);
            if (x->op == XL_LOOP) {
                E(b, xe_bne(ecx, XR_ZERO, over));
            } else {
                E(b, xe_beq(ecx, XR_ZERO, 8)); /* ECX = 0: over the xbcc, fall through */
                E(b, xe_xbcc(x->op == XL_LOOPE ? 4 : 5, over));
            }
        }
        stub(b, b->next, XL_STUB_DIRECT);
        stub(b, x->target, XL_STUB_DIRECT | XL_STUB_TAKEN);
        break;
    }
    case XL_CALL:
        li(b, XR_A0, b->next);
        push_value(b, 4, XR_A0);
        E(b, xe_commit_call(XR_ZERO, XR_A0)); /* commit_stub, with the return stack's push */
        stub(b, x->target, XL_STUB_DIRECT);
        break;
    case XL_RET: {
        gload_f3(b, 2, XR_A0, esp, 0);
        ret_pop(b);
        if (pending) E(b, xe_commit(XR_A0));
        E(b, xe_jtlbj_ret(XR_A0)); /* predicted from the return stack */
        break;
    }
    case XL_JMP_IND: {
        unsigned t = get(b, &x->ops[0], 4, XR_A0, NULL);
        if (pending) E(b, xe_commit(t));
        E(b, xe_jtlbj(t));
        break;
    }
    case XL_CALL_IND: {
        unsigned t = get(b, &x->ops[0], 4, XR_A0, NULL);
        if (t == esp) { mv(b, XR_A0, t); t = XR_A0; }
        li(b, XR_A1, b->next);
        push_value(b, 4, XR_A1);
        E(b, xe_commit_call(t, XR_A1));
        E(b, xe_jtlbj(t));
        break;
    }
    default: b->bad = XL_LIFT_FORM; break;
    }
}

/* ------------------------------------------------------------------------------------------ */

static void start_insn(struct lift *b, const struct xl_insn *x, unsigned idx)
{
    b->x = x;
    b->eip = b->ir->eip[idx];
    b->next = b->eip + x->len;
    b->idx = idx;
    b->ir->insn_start[idx] = (uint16_t)pos(b);
    b->ea_valid = 0;
    b->feed_lo = ~0u;
    b->stores = 0;
}

struct lift_mark {
    uint32_t *p;
    unsigned nlabels, nfix, nstubs, nflagops, nside, hi_valid;
    uint32_t hi_val;
};

static void mark_save(const struct lift *b, struct lift_mark *m)
{
    m->p = b->p;
    m->nlabels = b->ir->nlabels;
    m->nfix = b->ir->nfix;
    m->nstubs = b->ir->nstubs;
    m->nflagops = b->ir->nflagops;
    m->nside = b->nside;
    m->hi_valid = (unsigned)b->hi_valid;
    m->hi_val = b->hi_val;
}

/* Back to the mark: the code lifted since is dropped. */
static void restore_mark(struct lift *b, const struct lift_mark *m)
{
    b->p = m->p;
    b->ir->nlabels = m->nlabels;
    b->ir->nfix = m->nfix;
    b->ir->nstubs = m->nstubs;
    b->ir->nflagops = m->nflagops;
    b->nside = m->nside;
    b->hi_valid = (int)m->hi_valid; /* a lui of the dropped code does not count */
    b->hi_val = m->hi_val;
}

/* The instruction would overflow the gated store buffer: back to the mark, commit, lift it
 * again (with nothing pending). */
static __attribute__((noinline)) void relift_after_commit(struct lift *b, const struct lift_mark *m,
                                                          const struct xl_insn *x, unsigned i, int body)
{
    restore_mark(b, m);
    commit_at(b, b->ir->eip[i]);
    exact_flags_before(b, i);
    start_insn(b, x, i);
    b->pending = 0;
    if (body) lift_body(b);
    else lift_end(b, 0);
}

static struct lift_mark hoist_mark;

/* After a storing instruction, at the bound before instruction `next`, in a block that ends in a
 * conditional branch on a core that fuses: its pending stores may commit here rather than right
 * before the branch, so that the final compare and its branch can make one macro-op (a commit
 * ends a region, docs/fusion.md) and the side exits after it have nothing to commit. Taken when
 * it costs no flag and no x87 run follows (those commit at their own stubs): the bound is
 * marked (hoist_k). */
static __attribute__((noinline)) void hoist_plan(struct lift *b, unsigned next)
{
    b->hoist_k = 0;
    /* every flag live here anyway: the next instruction reads them all (an inner Jcc of a
     * superblock, whose side exit does), so a commit here, which needs them exact
     * (exact_flags_before), costs no flag the block would not compute */
    if (next >= b->body || b->x87_left || (b->ir->f_reads[next] & XF_ARITH) != XF_ARITH) return;
    for (unsigned j = next; j < b->body; j++)
        if (b->ins[j]->op == XL_X87) return;
    b->hoist_k = next;
    mark_save(b, &hoist_mark);
}

/* At the block's last instruction, with stores pending since the planned bound: back to its
 * mark, commit there and lift the instructions up to the last one again (nothing pending). */
static __attribute__((noinline)) void hoist_commit(struct lift *b)
{
    restore_mark(b, &hoist_mark);
    commit_at(b, b->ir->eip[b->hoist_k]);
    exact_flags_before(b, b->hoist_k);
    for (unsigned j = b->hoist_k; j < b->body && !b->bad; j++) {
        start_insn(b, b->ins[j], j);
        b->pending = 0;
        lift_body(b);
        b->ir->insn_end[j] = (uint16_t)pos(b);
    }
    start_insn(b, b->ins[b->body], b->body);
    b->pending = 0;
}

int xl_lift_block(struct xl_ir *ir, const struct xl_insn *const *ins, unsigned n, int ends,
                  uint32_t tail_kind, unsigned cap_words, unsigned *at)
{
    static struct lift b;
    b.ir = ir;
    b.bad = 0;
    b.p = ir->w;
    b.end = ir->w + (cap_words < XL_IR_MAX_WORDS ? cap_words : XL_IR_MAX_WORDS);
    b.nside = 0;
    b.hi_valid = 0;
    b.idx = XI_INSN_TAIL;
    b.ins = ins;
    b.n = n;
    b.x87_left = 0;
    b.x87_next = xl_x87_pool_used; /* taken for good only when the block lifts */
    ir->ndel = ir->nlabels = ir->nfix = ir->nstubs = ir->nflagops = 0;
    ir->del_unsorted = 0;
    ir->fused = 0;

    unsigned body = ends ? n - 1 : n, pending = 0;
    b.body = body;
    const unsigned cnt = ir->superblock ? XR_SCOUNT : XR_XCOUNT; /* the tier's x86 counter */
    addi(&b, cnt, cnt, (int32_t)n);
    /* a block that ends in a conditional branch may commit its stores earlier (hoist_plan),
     * when it is fused for a core that fuses: without --fusion the code, and the translator's
     * own ops, are the same on every core (docs/model.md; fuse_chosen is tested first) */
    const unsigned hoist_mask =
        fuse_chosen != FUSE_ID_none && ends && end_is_cond(ins[n - 1]->op) && fuse_core.fuses ? ~0u : 0u;
    b.hoist_k = 0;
    for (unsigned i = 0; i < n; i++) {
        /* the state to lift this instruction again after a commit: saved only when its stores
         * could overflow the buffer (an instruction stores at most XL_LIFT_MAX_STORES) */
        struct lift_mark mark;
        /* the usual outcomes of the tests below fall through (each taken branch costs 2 cycles
         * an instruction) */
        int near_full = pending + XL_LIFT_MAX_STORES > xl_gsb_depth;
        if (__builtin_expect(near_full, 0)) mark_save(&b, &mark);
        start_insn(&b, ins[i], i);
        b.pending = pending;
        if (__builtin_expect(i < body, 1)) {
            lift_body(&b); /* a superblock's inner transfers too (lift_internal) */
        } else {
            if (b.hoist_k && pending) {
                hoist_commit(&b);
                pending = 0;
                if (b.bad) {
                    *at = i;
                    return b.bad;
                }
            }
            lift_end(&b, pending); /* commits first when stores are pending */
        }
        pending = b.pending;
        if (__builtin_expect(b.stores > XL_LIFT_MAX_STORES, 0) && !b.bad) b.bad = XL_LIFT_FORM; /* not expected */
        if (__builtin_expect(near_full, 0) && !b.bad && pending + b.stores > xl_gsb_depth) {
            relift_after_commit(&b, &mark, ins[i], i, i < body);
            pending = 0;
        }
        if (__builtin_expect(b.bad, 0)) {
            *at = i;
            return b.bad;
        }
        pending += b.stores;
        ir->insn_end[i] = (uint16_t)pos(&b);
        if (__builtin_expect((b.stores & hoist_mask) != 0, 0)) hoist_plan(&b, i + 1); /* one branch */
    }
    b.idx = XI_INSN_TAIL;
    if (!ends) {
        uint32_t next = ir->eip[n];
        if (pending) commit_stub(&b, next, tail_kind);
        else stub(&b, next, tail_kind);
    }
    /* side exits: uncount the instructions not executed here; then either interpret the
     * instruction (commit first) or, for a superblock's cold direction, leave to its target */
    for (unsigned k = 0; k < b.nside; k++) {
        unsigned idx = b.side[k].idx;
        place(&b, b.side[k].label);
        if (b.side[k].back) { /* DIV's long division (its #DE check adds a side exit) */
            b.x = ins[idx];
            b.idx = idx;
            lift_div64(&b);
            jump(&b, b.side[k].back - 1);
            continue;
        }
        if (b.side[k].target) {
            if (n - idx - 1) addi(&b, cnt, cnt, -(int32_t)(n - idx - 1));
            if (b.side[k].commit) commit_stub(&b, b.side[k].target, XL_STUB_DIRECT);
            else stub(&b, b.side[k].target, XL_STUB_DIRECT);
            continue;
        }
        addi(&b, cnt, cnt, -(int32_t)(n - idx));
        commit_stub(&b, ir->eip[idx], XL_STUB_INTERP1 | (uint32_t)ins[idx]->op << 8);
    }
    ir->n = pos(&b);
    if (b.bad) {
        *at = n;
        return b.bad;
    }
    xl_x87_pool_used = b.x87_next;
    return XL_LIFT_OK;
}
