/* Basic-block translator: x86 block -> I-ISA ops (docs/translator.md).
 *
 * Register pinning (docs/isa.md section 5): EAX..EDI in x18..x25, GS base in x26, x86 flags in
 * CSR xflags. Temporaries: x5-x7, x10-x17, x28-x29. x30 counts chained exits taken and x31 the
 * x86 instructions executed in translated code (the dispatcher drains both at every exit).
 *
 * A block is: "addi x31, x31, n", the body of each instruction, then its exits. Flags are
 * produced by x-ALU ops only where some flag the instruction writes is read before the next
 * writer inside the block (backward liveness; everything is live at the block end); otherwise a
 * base op does the work. Guest stores wait in the gated store buffer: a block that stored
 * anything commits before it leaves, and a commit is inserted before an instruction that would
 * push the buffer past XL_GSB_DEPTH. */
#include <string.h>
#include "xl_bbt.h"
#include "xl_emit.h"
#include "cms_cpu.h"

/* x86 arithmetic flags: XF_* (morph_isa.h), the same bits as xflags and EFLAGS. What each x86
 * operation reads and writes, its x-ALU op and whether it ends a block: x86/xl_ops.h. */

static int is_mem(const struct xl_operand *o) { return o->kind == XL_OPK_MEM; }
static int is_reg(const struct xl_operand *o) { return o->kind == XL_OPK_REG; }
static int is_imm(const struct xl_operand *o) { return o->kind == XL_OPK_IMM; }
static unsigned szc(unsigned size) { return size >> 1; } /* 1,2,4 -> 0,1,2 */

/* ------------------------------------------------------------------------------------------ */
/* Which instructions and operand forms the translator handles.                                */

static int mem_ok(const struct xl_operand *o)
{
    return o->kind != XL_OPK_MEM || (!(o->flags & XL_MEMF_A16) && o->seg != CMS_FS);
}

int xl_bbt_supported(const struct xl_insn *x)
{
    for (unsigned i = 0; i < x->nops; i++) {
        if (!mem_ok(&x->ops[i])) return 0;
        if (x->ops[i].kind == XL_OPK_SREG) return 0;
    }
    switch (xl_facts(x->op)->inl) {
    case XL_INL_YES: return 1;
    case XL_INL_D32: return x->osize == 4;
    case XL_INL_NOT8: return x->osize != 1;
    case XL_INL_FORM: break;
    default: return 0;
    }
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
    default: return 0;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Emission context.                                                                            */

#define MAX_SIDE 16
struct bb {
    uint32_t *buf, *p, *end;
    int bad;                 /* an operand form the emitter does not handle */
    unsigned stores;         /* guest stores emitted by the current instruction */
    const struct xl_insn *x;
    uint32_t eip, next;
    int need_flags;          /* the current instruction's flags are read later */
    unsigned ea_reg;         /* last effective address: register + 12-bit offset */
    int32_t ea_imm;
    int ea_valid;
    unsigned ninsn, idx;
    struct { uint32_t *br; uint32_t eip; unsigned idx; } side[MAX_SIDE];
    unsigned nside;
    unsigned nstubs;
    int hi_valid;            /* XR_T3 holds hi_val << 12 (upper part of a displacement) */
    uint32_t hi_val;
};

static void E(struct bb *b, uint32_t op)
{
    if (b->p < b->end) *b->p++ = op;
    else b->bad = 2; /* out of room: caller shortens the block */
}

static void split_imm(uint32_t v, uint32_t *hi20, int32_t *lo)
{
    *hi20 = ((v + 0x800u) >> 12) & 0xfffffu;
    *lo = (int32_t)(v - (*hi20 << 12));
}

static void li(struct bb *b, unsigned rd, uint32_t v)
{
    if (xe_fits12((int32_t)v)) {
        E(b, xe_addi(rd, XR_ZERO, (int32_t)v));
        return;
    }
    uint32_t hi;
    int32_t lo;
    split_imm(v, &hi, &lo);
    E(b, xe_lui(rd, hi));
    if (lo) E(b, xe_addi(rd, rd, lo));
}

static void mv(struct bb *b, unsigned rd, unsigned rs)
{
    if (rd != rs) E(b, xe_addi(rd, rs, 0));
}

/* Address of a memory operand into (ea_reg, ea_imm); with_seg adds the GS base. */
static void ea(struct bb *b, const struct xl_operand *o, int with_seg)
{
    unsigned cur = XR_ZERO;
    if (!mem_ok(o)) { b->bad = 1; return; }
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

static void gload(struct bb *b, unsigned size, int sign, unsigned rd)
{
    unsigned f3 = size == 4 ? 2 : size == 2 ? (sign ? 1 : 5) : (sign ? 0 : 4);
    E(b, xe_gload(f3, rd, b->ea_reg, b->ea_imm));
}

static void gstore(struct bb *b, unsigned size, unsigned v, unsigned base, int32_t imm)
{
    E(b, xe_gstore(szc(size), v, base, imm));
    b->stores++;
}

/* Operand value in a register whose low 8*size bits hold it; *zx says whether the bits above
 * are zero. Registers are used in place (no copy) when possible. */
static unsigned get(struct bb *b, const struct xl_operand *o, unsigned size, unsigned tmp, int *zx)
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
    default: b->bad = 1; break;
    }
    if (zx) *zx = z;
    return r;
}

/* Writes the low 8*size bits of v to operand o (zx: v is zero above them). */
static void put(struct bb *b, const struct xl_operand *o, unsigned size, unsigned v, int zx)
{
    if (o->kind == XL_OPK_MEM) {
        if (!b->ea_valid) ea(b, o, 1);
        gstore(b, size, v, b->ea_reg, b->ea_imm);
        return;
    }
    if (o->kind != XL_OPK_REG) { b->bad = 1; return; }
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

/* Branch to a side exit that interprets the current instruction (slow or faulting cases). */
static void side_exit_branch(struct bb *b, uint32_t br)
{
    if (b->nside >= MAX_SIDE) { b->bad = 2; return; }
    b->side[b->nside].br = b->p;
    b->side[b->nside].eip = b->eip;
    b->side[b->nside].idx = b->idx;
    b->nside++;
    E(b, br); /* offset patched when the side exits are placed */
}

static void stub(struct bb *b, uint32_t target, unsigned kind)
{
    E(b, xe_auipc(XR_T0, 0));
    E(b, xe_xexit(XR_T0));
    E(b, target);
    E(b, kind);
    b->nstubs++;
}

static void commit_at(struct bb *b, uint32_t eip)
{
    li(b, XR_T0, eip);
    E(b, xe_commit(XR_T0));
}

/* ------------------------------------------------------------------------------------------ */
/* Instruction bodies (everything but the block-ending control transfer).                       */

static void emit_alu(struct bb *b)
{
    const struct xl_insn *x = b->x;
    const struct xl_operand *d = &x->ops[0], *s = &x->ops[1];
    unsigned size = x->osize;
    int cmp = x->op == XL_CMP, test = x->op == XL_TEST;
    if (!b->need_flags && size == 4 && (is_reg(d) || cmp || test) && x->op != XL_ADC && x->op != XL_SBB) {
        /* flags dead: base ops; CMP/TEST only keep their loads (they may fault) */
        if (cmp || test) {
            if (is_mem(d)) (void)get(b, d, 4, XR_A0, NULL);
            if (is_mem(s)) (void)get(b, s, 4, XR_A1, NULL);
            return;
        }
        unsigned g = xr_guest(d->reg);
        if (is_imm(s)) {
            int32_t v = s->val;
            int32_t nv = (int32_t)(0u - (uint32_t)v);
            switch (x->op) {
            case XL_ADD: if (xe_fits12(v)) { E(b, xe_addi(g, g, v)); return; } break;
            case XL_SUB: if (xe_fits12(nv)) { E(b, xe_addi(g, g, nv)); return; } break;
            case XL_AND: if (xe_fits12(v)) { E(b, xe_andi(g, g, v)); return; } break;
            case XL_OR: if (xe_fits12(v)) { E(b, xe_ori(g, g, v)); return; } break;
            case XL_XOR: if (xe_fits12(v)) { E(b, xe_xori(g, g, v)); return; } break;
            default: break;
            }
        }
        unsigned v = get(b, s, 4, XR_A1, NULL);
        switch (x->op) {
        case XL_ADD: E(b, xe_add(g, g, v)); break;
        case XL_SUB: E(b, xe_sub(g, g, v)); break;
        case XL_AND: E(b, xe_and(g, g, v)); break;
        case XL_OR: E(b, xe_or(g, g, v)); break;
        default: E(b, xe_xor(g, g, v)); break;
        }
        return;
    }
    unsigned op = xl_op_xalu(x->op); /* TEST: AND; CMP: SUB */
    unsigned a = get(b, d, size, XR_A0, NULL);
    unsigned v = get(b, s, size, XR_A1, NULL);
    if (cmp || test) {
        E(b, xe_xalu(op, szc(size), XR_ZERO, a, v));
    } else if (is_reg32(d, size)) {
        E(b, xe_xalu(op, 2, a, a, v));
    } else {
        E(b, xe_xalu(op, szc(size), XR_A2, a, v));
        put(b, d, size, XR_A2, 1);
    }
}

static void emit_unary(struct bb *b)
{
    const struct xl_insn *x = b->x;
    const struct xl_operand *d = &x->ops[0];
    unsigned size = x->osize;
    if (size == 4 && is_reg(d) && (!b->need_flags || x->op == XL_NOT)) {
        unsigned g = xr_guest(d->reg);
        switch (x->op) {
        case XL_INC: E(b, xe_addi(g, g, 1)); break;
        case XL_DEC: E(b, xe_addi(g, g, -1)); break;
        case XL_NEG: E(b, xe_sub(g, XR_ZERO, g)); break;
        default: E(b, xe_xori(g, g, -1)); break;
        }
        return;
    }
    unsigned a = get(b, d, size, XR_A0, NULL);
    if (x->op == XL_NOT) {
        E(b, xe_xori(XR_A2, a, -1));
        put(b, d, size, XR_A2, 0);
        return;
    }
    unsigned op = xl_op_xalu(x->op);
    unsigned rd = is_reg32(d, size) ? a : XR_A2;
    E(b, xe_xalu(op, szc(size), rd, a, XR_ZERO));
    if (rd == XR_A2) put(b, d, size, XR_A2, 1);
}

static void emit_shift(struct bb *b)
{
    const struct xl_insn *x = b->x;
    const struct xl_operand *d = &x->ops[0], *c = &x->ops[1];
    unsigned size = x->osize;
    unsigned cnt;
    if (is_imm(c)) {
        uint32_t n = xl_shift_count((uint32_t)c->val);
        if (!n) return; /* no flags, no write, no access */
        int base = !b->need_flags && size == 4 && is_reg(d) &&
                   (x->op == XL_SHL || x->op == XL_SHR || x->op == XL_SAR || x->op == XL_SAL_UNUSED);
        if (base) {
            unsigned g = xr_guest(d->reg);
            E(b, x->op == XL_SHR ? xe_srli(g, g, n) : x->op == XL_SAR ? xe_srai(g, g, n) : xe_slli(g, g, n));
            return;
        }
        cnt = XR_A1;
        li(b, cnt, n);
    } else {
        cnt = xr_guest(CMS_ECX); /* the x-ALU takes the count & 31 */
        int base = !b->need_flags && size == 4 && is_reg(d) &&
                   (x->op == XL_SHL || x->op == XL_SHR || x->op == XL_SAR || x->op == XL_SAL_UNUSED);
        if (base) {
            unsigned g = xr_guest(d->reg);
            E(b, x->op == XL_SHR ? xe_srl(g, g, cnt) : x->op == XL_SAR ? xe_sra(g, g, cnt) : xe_sll(g, g, cnt));
            return;
        }
    }
    unsigned a = get(b, d, size, XR_A0, NULL);
    unsigned op = xl_op_xalu(x->op);
    unsigned rd = is_reg32(d, size) ? a : XR_A2;
    E(b, xe_xalu(op, szc(size), rd, a, cnt));
    if (rd == XR_A2) put(b, d, size, XR_A2, 1);
}

static void emit_muldiv(struct bb *b)
{
    const struct xl_insn *x = b->x;
    const unsigned eax = xr_guest(CMS_EAX), edx = xr_guest(CMS_EDX);
    if (x->op == XL_IMUL) { /* dst = a * b (2- and 3-operand forms) */
        unsigned size = x->osize;
        unsigned a = get(b, &x->ops[1], size, XR_A0, NULL);
        unsigned v = get(b, &x->ops[2], size, XR_A1, NULL);
        if (is_reg32(&x->ops[0], size)) {
            unsigned g = xr_guest(x->ops[0].reg);
            E(b, b->need_flags ? xe_xalu(F7_XIMULF_W, 2, g, a, v) : xe_mul(g, a, v));
        } else {
            E(b, xe_xalu(F7_XIMULF_W, szc(size), XR_A2, a, v));
            put(b, &x->ops[0], size, XR_A2, 1);
        }
        return;
    }
    unsigned s = get(b, &x->ops[0], 4, XR_A0, NULL);
    switch (x->op) {
    case XL_MUL:
    case XL_IMUL1: {
        int sg = x->op == XL_IMUL1;
        E(b, sg ? xe_mulh(XR_A2, eax, s) : xe_mulhu(XR_A2, eax, s));
        E(b, b->need_flags ? xe_xalu(sg ? F7_XIMULF_W : F7_XMULF_W, 2, eax, eax, s) : xe_mul(eax, eax, s));
        mv(b, edx, XR_A2);
        return;
    }
    case XL_DIV:
        /* divisor 0 or EDX != 0 (a 64-bit dividend): the interpreter does it (or faults) */
        side_exit_branch(b, xe_beq(s, XR_ZERO, 0));
        side_exit_branch(b, xe_bne(edx, XR_ZERO, 0));
        E(b, xe_divu(XR_A2, eax, s));
        E(b, xe_remu(edx, eax, s));
        mv(b, eax, XR_A2);
        return;
    case XL_IDIV:
        /* only dividends that are EAX sign-extended, and no divisor 0 or -1 */
        E(b, xe_srai(XR_A1, eax, 31));
        side_exit_branch(b, xe_bne(XR_A1, edx, 0));
        side_exit_branch(b, xe_beq(s, XR_ZERO, 0));
        E(b, xe_addi(XR_A1, s, 1));
        side_exit_branch(b, xe_beq(XR_A1, XR_ZERO, 0));
        E(b, xe_r(1, s, eax, 4, XR_A2, XE_OP)); /* div */
        E(b, xe_r(1, s, eax, 6, edx, XE_OP));   /* rem */
        mv(b, eax, XR_A2);
        return;
    default: b->bad = 1; return;
    }
}

static void emit_mov(struct bb *b)
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

static void emit_movx(struct bb *b)
{
    const struct xl_insn *x = b->x;
    const struct xl_operand *d = &x->ops[0], *s = &x->ops[1];
    unsigned g = xr_guest(d->reg), ss = s->size;
    int sx = x->op == XL_MOVSX;
    if (!is_reg(d) || (ss != 1 && ss != 2)) { b->bad = 1; return; }
    if (is_mem(s)) {
        ea(b, s, 1);
        gload(b, ss, sx, g);
        return;
    }
    unsigned r;
    unsigned sh = 32 - 8 * ss;
    if (ss == 1 && s->reg >= 4) { /* AH..BH: bits 15..8 */
        r = xr_guest(s->reg - 4u);
        E(b, xe_slli(g, r, 16));
        E(b, sx ? xe_srai(g, g, 24) : xe_srli(g, g, 24));
        return;
    }
    r = xr_guest(s->reg);
    if (!sx && ss == 1) {
        E(b, xe_andi(g, r, 255));
        return;
    }
    E(b, xe_slli(g, r, sh));
    E(b, sx ? xe_srai(g, g, sh) : xe_srli(g, g, sh));
}

/* BT/BTS/BTR/BTC, 32-bit, register destination or immediate offset: CF = the bit. */
static void emit_bt(struct bb *b)
{
    const struct xl_insn *x = b->x;
    const struct xl_operand *d = &x->ops[0], *c = &x->ops[1];
    unsigned cnt;
    if (is_imm(c)) {
        cnt = XR_A1;
        E(b, xe_addi(cnt, XR_ZERO, c->val & 31));
    } else {
        cnt = xr_guest(c->reg); /* sll/srl take it & 31 */
    }
    unsigned v = get(b, d, 4, XR_A0, NULL);
    if (b->need_flags) {
        E(b, xe_srl(XR_A2, v, cnt));
        E(b, xe_andi(XR_A2, XR_A2, 1));
        E(b, xe_csrrci(XR_ZERO, CSR_XFLAGS, 1));
        E(b, xe_csrrs(XR_ZERO, CSR_XFLAGS, XR_A2));
    }
    if (x->op == XL_BT) return;
    E(b, xe_addi(XR_A2, XR_ZERO, 1));
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
static void emit_string(struct bb *b)
{
    const struct xl_insn *x = b->x;
    const unsigned ecx = xr_guest(CMS_ECX), esi = xr_guest(CMS_ESI), edi = xr_guest(CMS_EDI);
    const unsigned eax = xr_guest(CMS_EAX);
    unsigned size = x->osize;
    unsigned lf3 = size == 4 ? 2 : size == 2 ? 5 : 4;
    int rep = (x->prefix & (XL_PFX_REP | XL_PFX_REPNE)) != 0;
    uint32_t *skip = NULL, *top = NULL;
    if (rep) {
        li(b, XR_T1, b->eip);
        skip = b->p;
        E(b, xe_beq(ecx, XR_ZERO, 0)); /* patched below */
        top = b->p;
        E(b, xe_commit(XR_T1));
    }
    if (x->op == XL_LODS) {
        E(b, xe_gload(lf3, XR_A0, esi, 0));
        static const struct xl_operand acc[3] = {
            {.kind = XL_OPK_REG, .size = 1, .reg = CMS_EAX},
            {.kind = XL_OPK_REG, .size = 2, .reg = CMS_EAX},
            {.kind = XL_OPK_REG, .size = 4, .reg = CMS_EAX},
        };
        put(b, &acc[szc(size)], size, XR_A0, 1);
        E(b, xe_addi(esi, esi, (int32_t)size));
        return;
    }
    if (x->op == XL_MOVS) {
        E(b, xe_gload(lf3, XR_A0, esi, 0));
        gstore(b, size, XR_A0, edi, 0);
        E(b, xe_addi(esi, esi, (int32_t)size));
    } else {
        gstore(b, size, eax, edi, 0);
    }
    E(b, xe_addi(edi, edi, (int32_t)size));
    if (rep) {
        E(b, xe_addi(ecx, ecx, -1));
        E(b, xe_bne(ecx, XR_ZERO, (int32_t)((top - b->p) * 4)));
        if (skip < b->end) *skip |= xe_b((int32_t)((b->p - skip) * 4), 0, 0, 0, 0);
    }
}

/* CMPXCHG r/m32, r32: flags of CMP EAX, dest; equal: dest = src; else EAX = dest (a memory
 * destination is written back either way, as the locked cycle does). */
static void emit_cmpxchg(struct bb *b)
{
    const struct xl_insn *x = b->x;
    const struct xl_operand *d = &x->ops[0], *s = &x->ops[1];
    const unsigned eax = xr_guest(CMS_EAX);
    unsigned a = get(b, d, 4, XR_A0, NULL);
    if (a != XR_A0) { mv(b, XR_A0, a); a = XR_A0; }
    unsigned v = get(b, s, 4, XR_A1, NULL);
    E(b, xe_xalu(F7_XSUB_W, 2, XR_ZERO, eax, a));
    uint32_t *ne = b->p;
    E(b, xe_bne(eax, a, 0));
    put(b, d, 4, v, 1);
    uint32_t *done = b->p;
    E(b, xe_jal(XR_ZERO, 0));
    if (ne < b->end) *ne |= xe_b((int32_t)((b->p - ne) * 4), 0, 0, 0, 0);
    if (is_mem(d)) put(b, d, 4, a, 1);
    mv(b, eax, a);
    if (done < b->end) *done = xe_jal(XR_ZERO, (int32_t)((b->p - done) * 4));
    b->stores = is_mem(d) ? 1 : 0; /* one store on either path */
}

static void emit_push_value(struct bb *b, unsigned size, unsigned v)
{
    const unsigned esp = xr_guest(CMS_ESP);
    gstore(b, size, v, esp, -(int32_t)size); /* store first: a faulting push leaves ESP alone */
    E(b, xe_addi(esp, esp, -(int32_t)size));
}

static void emit_body(struct bb *b)
{
    const struct xl_insn *x = b->x;
    const unsigned esp = xr_guest(CMS_ESP), eax = xr_guest(CMS_EAX);
    switch (x->op) {
    case XL_ADD: case XL_OR: case XL_ADC: case XL_SBB: case XL_AND: case XL_SUB: case XL_XOR:
    case XL_CMP: case XL_TEST:
        emit_alu(b);
        break;
    case XL_INC: case XL_DEC: case XL_NEG: case XL_NOT: emit_unary(b); break;
    case XL_ROL: case XL_ROR: case XL_RCL: case XL_RCR: case XL_SHL: case XL_SHR:
    case XL_SAL_UNUSED: case XL_SAR:
        emit_shift(b);
        break;
    case XL_MUL: case XL_IMUL1: case XL_IMUL: case XL_DIV: case XL_IDIV: emit_muldiv(b); break;
    case XL_MOV: emit_mov(b); break;
    case XL_MOVZX: case XL_MOVSX: emit_movx(b); break;
    case XL_LEA: {
        const struct xl_operand *s = &x->ops[1];
        ea(b, s, 0);
        E(b, xe_addi(xr_guest(x->ops[0].reg), b->ea_reg, b->ea_imm));
        break;
    }
    case XL_XCHG: {
        const struct xl_operand *o0 = &x->ops[0], *o1 = &x->ops[1];
        unsigned size = x->osize;
        if (is_mem(o1)) { const struct xl_operand *t = o0; o0 = o1; o1 = t; } /* memory first */
        int zx;
        unsigned a = get(b, o0, size, XR_A0, &zx);
        if (a != XR_A0) { mv(b, XR_A0, a); }
        unsigned v = get(b, o1, size, XR_A1, NULL);
        put(b, o0, size, v, 0);
        put(b, o1, size, XR_A0, is_mem(o0) || size == 4 ? 1 : 0);
        break;
    }
    case XL_SETCC:
        E(b, xe_xsetcc(XR_A0, x->cc));
        put(b, &x->ops[0], 1, XR_A0, 1);
        break;
    case XL_CMOVCC: {
        unsigned v = get(b, &x->ops[1], 4, XR_A0, NULL); /* the source is read either way */
        E(b, xe_xbcc(x->cc ^ 1u, 8));
        E(b, xe_addi(xr_guest(x->ops[0].reg), v, 0));
        break;
    }
    case XL_PUSH: {
        unsigned size = x->osize;
        unsigned v = get(b, &x->ops[0], size, XR_A0, NULL);
        emit_push_value(b, size, v);
        break;
    }
    case XL_POP: {
        unsigned size = x->osize, g = xr_guest(x->ops[0].reg);
        if (size == 4) {
            E(b, xe_gload(2, g, esp, 0));
            if (g != esp) E(b, xe_addi(esp, esp, 4));
        } else {
            E(b, xe_gload(5, XR_A0, esp, 0));
            E(b, xe_addi(esp, esp, 2));
            put(b, &x->ops[0], 2, XR_A0, 1);
        }
        break;
    }
    case XL_LEAVE: {
        const unsigned ebp = xr_guest(CMS_EBP);
        E(b, xe_gload(2, XR_A0, ebp, 0)); /* load first: a fault changes nothing */
        E(b, xe_addi(esp, ebp, 4));
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
    case XL_CLC: E(b, xe_csrrci(XR_ZERO, CSR_XFLAGS, 1)); break;
    case XL_STC: E(b, xe_csrrsi(XR_ZERO, CSR_XFLAGS, 1)); break;
    case XL_CMC:
        E(b, xe_csrrs(XR_A0, CSR_XFLAGS, XR_ZERO));
        E(b, xe_xori(XR_A0, XR_A0, 1));
        E(b, xe_csrrw(XR_ZERO, CSR_XFLAGS, XR_A0));
        break;
    case XL_NOP: break;
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
    case XL_BT: case XL_BTS: case XL_BTR: case XL_BTC: emit_bt(b); break;
    case XL_CLD: break; /* DF is 0 whenever translated code runs */
    case XL_MOVS: case XL_STOS: case XL_LODS: emit_string(b); break;
    case XL_CMPXCHG: emit_cmpxchg(b); break;
    default: b->bad = 1; break;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Block-ending control transfers: body, commit and exits.                                     */

static void emit_end(struct bb *b, unsigned pending)
{
    const struct xl_insn *x = b->x;
    const unsigned esp = xr_guest(CMS_ESP), ecx = xr_guest(CMS_ECX);
    switch (x->op) {
    case XL_JMP:
        if (pending) commit_at(b, x->target);
        stub(b, x->target, XL_STUB_DIRECT);
        break;
    case XL_JCC:
    case XL_LOOP: case XL_LOOPE: case XL_LOOPNE: case XL_JECXZ:
        if (pending) commit_at(b, b->eip); /* nothing but EIP changes below */
        if (x->op == XL_JCC) {
            E(b, xe_xbcc(x->cc, 4 + 4 * XL_STUB_WORDS));
        } else if (x->op == XL_JECXZ) {
            E(b, xe_beq(ecx, XR_ZERO, 4 + 4 * XL_STUB_WORDS));
        } else {
            E(b, xe_addi(ecx, ecx, -1));
            if (x->op == XL_LOOP) {
                E(b, xe_bne(ecx, XR_ZERO, 4 + 4 * XL_STUB_WORDS));
            } else {
                E(b, xe_beq(ecx, XR_ZERO, 8));
                E(b, xe_xbcc(x->op == XL_LOOPE ? 4 : 5, 4 + 4 * XL_STUB_WORDS));
            }
        }
        stub(b, b->next, XL_STUB_DIRECT);
        stub(b, x->target, XL_STUB_DIRECT | XL_STUB_TAKEN);
        break;
    case XL_CALL:
        li(b, XR_A0, b->next);
        emit_push_value(b, 4, XR_A0);
        commit_at(b, x->target);
        stub(b, x->target, XL_STUB_DIRECT);
        break;
    case XL_RET: {
        int32_t pop = 4 + (x->nops ? (int32_t)(x->ops[0].val & 0xffff) : 0);
        E(b, xe_gload(2, XR_A0, esp, 0));
        if (xe_fits12(pop)) {
            E(b, xe_addi(esp, esp, pop));
        } else {
            li(b, XR_A1, (uint32_t)pop);
            E(b, xe_add(esp, esp, XR_A1));
        }
        if (pending) E(b, xe_commit(XR_A0));
        E(b, xe_jtlbj(XR_A0));
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
        emit_push_value(b, 4, XR_A1);
        E(b, xe_commit(t));
        E(b, xe_jtlbj(t));
        break;
    }
    default: b->bad = 1; break;
    }
}

/* ------------------------------------------------------------------------------------------ */

static void start_insn(struct bb *b, const struct xl_insn *x, uint32_t eip, unsigned idx,
                       uint32_t live_after, uint32_t may)
{
    b->x = x;
    b->eip = eip;
    b->next = eip + x->len;
    b->idx = idx;
    b->need_flags = (may & live_after) != 0;
    b->ea_valid = 0;
    b->stores = 0;
}

uint32_t xl_bbt_translate(uint32_t eip, uint32_t *buf, uint32_t cap, unsigned max_insns,
                          xl_fetch_fn fetch, void *ctx, struct xl_bbt_result *res)
{
    static struct xl_insn ins[XL_BBT_MAX_INSNS];
    static uint32_t eips[XL_BBT_MAX_INSNS], live[XL_BBT_MAX_INSNS], may_w[XL_BBT_MAX_INSNS];
    static struct bb b;
    res->words = res->iops = res->ninsn = res->end_eip = res->stop_op = 0;
    if (max_insns > XL_BBT_MAX_INSNS) max_insns = XL_BBT_MAX_INSNS;
    if (cap > XL_BBT_MAX_WORDS) cap = XL_BBT_MAX_WORDS;

    /* 1. the instructions of the block */
    unsigned n = 0;
    int ends = 0, interp_next = 0;
    uint32_t pc = eip;
    while (n < max_insns) {
        if (fetch(pc, &ins[n], ctx)) { interp_next = 1; break; }
        if (!xl_bbt_supported(&ins[n])) {
            res->stop_op = ins[n].op;
            interp_next = 1;
            break;
        }
        eips[n] = pc;
        pc += ins[n].len;
        n++;
        if (xl_op_ends_block(ins[n - 1].op)) { ends = 1; break; }
    }

retry:
    if (n == 0) return 0;
    res->flag_ops_elided = 0;
    /* 2. flag liveness, backwards; everything is live when the block is left */
    uint32_t lv = XF_ARITH;
    for (unsigned i = n; i-- > 0;) {
        uint32_t must, reads;
        live[i] = lv;
        xl_flags_rw(&ins[i], &may_w[i], &must, &reads);
        lv = (lv & ~must) | reads;
    }

    /* 3. emission */
    b.bad = 0;
    b.nside = b.nstubs = 0;
    b.hi_valid = 0;
    b.buf = b.p = buf;
    b.end = buf + cap;
    unsigned body = ends ? n - 1 : n, pending = 0;
    E(&b, xe_addi(XR_XCOUNT, XR_XCOUNT, (int32_t)n));
    for (unsigned i = 0; i < n; i++) {
        uint32_t *mark = b.p;
        unsigned nside = b.nside;
        int hi_valid = b.hi_valid;
        uint32_t hi_val = b.hi_val;
        start_insn(&b, &ins[i], eips[i], i, live[i], may_w[i]);
        if (i < body) emit_body(&b);
        else emit_end(&b, pending); /* commits first when stores are pending */
        if (!b.bad && pending + b.stores > XL_GSB_DEPTH) {
            /* commit before this instruction, then emit it again */
            b.p = mark;
            b.nside = nside;
            b.hi_valid = hi_valid; /* a lui of the dropped code does not count */
            b.hi_val = hi_val;
            commit_at(&b, eips[i]);
            mark = b.p;
            pending = 0;
            start_insn(&b, &ins[i], eips[i], i, live[i], may_w[i]);
            if (i < body) emit_body(&b);
            else emit_end(&b, 0);
        }
        if (b.bad) {
            /* end the block before this instruction; the interpreter executes it */
            if (b.bad == 1) res->stop_op = ins[i].op;
            n = i;
            ends = 0;
            interp_next = b.bad == 1;
            goto retry;
        }
        pending += b.stores;
        res->insn_ops[i] = (uint16_t)(b.p - mark);
        if (i < body && !b.need_flags && may_w[i]) res->flag_ops_elided++;
    }
    if (!ends) {
        uint32_t next = eips[n - 1] + ins[n - 1].len;
        if (pending) commit_at(&b, next);
        stub(&b, next, interp_next ? XL_STUB_INTERP1 | res->stop_op << 8 : XL_STUB_DIRECT);
    }
    /* side exits: uncount the instructions not executed here, commit, interpret */
    for (unsigned k = 0; k < b.nside; k++) {
        int32_t off = (int32_t)((b.p - b.side[k].br) * 4);
        *b.side[k].br |= xe_b(off, 0, 0, 0, 0);
        E(&b, xe_addi(XR_XCOUNT, XR_XCOUNT, -(int32_t)(n - b.side[k].idx)));
        commit_at(&b, b.side[k].eip);
        stub(&b, b.side[k].eip, XL_STUB_INTERP1 | (uint32_t)ins[b.side[k].idx].op << 8);
    }
    if (b.bad) { /* no room for the exits */
        if (n <= 1) return 0;
        n--;
        ends = 0;
        interp_next = 0;
        goto retry;
    }
    res->words = (uint32_t)(b.p - buf);
    res->iops = res->words - 2 * b.nstubs;
    res->ninsn = n;
    res->end_eip = eips[n - 1] + ins[n - 1].len;
    return res->words;
}
