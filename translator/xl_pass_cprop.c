/* Pass "cprop": copy propagation, constant folding and dead-op deletion (docs/translator.md,
 * "Passes").
 *
 * Forward, over the straight-line stretches between joins (labels, targets of branches encoded at
 * lift time), each register is known as "base register + offset" or a constant (xl_pass_util.h).
 * Each op then reads the base directly:
 * - a copy (`addi rd, rs, 0`) is read through: later ops name rs (or x0 for a zero);
 * - address arithmetic folds into guest load/store offsets (`addi x18, x21, 4; glw x19, 8(x18)`
 *   -> `glw x19, 12(x21)`) and into addi chains; an R op with a constant operand takes its I-form;
 *   constant operands fold; a constant that needs lui+addi is made from a register already
 *   holding a constant within 12 bits (the EIPs of a superblock's commits: one op, not two);
 * - an op that writes the value its register already holds is deleted.
 * Backward, ops without side effects whose result no one reads are deleted: temporaries, and the
 * pinned x86 registers between the points that observe them (every commit, side exit, exit,
 * label and branch, and the end): a fault in between rolls back to the last commit, so the state
 * there is the lifter's (docs/translator.md "Commits and recovery"). Guest loads are never
 * deleted (they may fault), x-ALU ops neither (xflags: the flags pass decides), and no word in
 * the span of a branch encoded at lift time (its offset must stay true; it rewrites in place).
 * Runs after flags (their I-forms are its input) and rle (whose moves it propagates), before fuse.
 * Flag-op records are dropped once a word changed (nothing after the flags pass reads them but the
 * stage listings). */
#include "xl_passes.h"
#include "xl_pass_util.h"
#include "xl_encode.h"
#include "fuse.h" /* fuse_ctz */

#define BIT(r) (1u << (r))
/* temporaries (docs/translator.md "Register pinning"): dead where translated code is left */
#define TEMPS (BIT(XR_T0) | BIT(XR_T1) | BIT(XR_T2) | BIT(XR_A0) | BIT(XR_A1) | BIT(XR_A2) | BIT(XR_A3) | \
               BIT(XR_A4) | BIT(XR_A5) | BIT(XR_A6) | BIT(XR_A7) | BIT(XR_T3) | BIT(XR_T4))
#define PINNED (0xffu << XR_EAX) /* EAX..EDI */
#define OBSERVED (~(uint32_t)TEMPS) /* what an exit, commit or branch out of the code sees */

static struct xl_vals v;
static uint32_t del[XL_MAP_WORDS], join[XL_MAP_WORDS], prot[XL_MAP_WORDS], data[XL_MAP_WORDS],
    fixb[XL_MAP_WORDS];
static uint8_t fixl[XL_IR_MAX_WORDS];
static uint32_t livein[XL_IR_MAX_WORDS + 1];

#define pure xl_pure_op /* ops whose only effect is rd */

/* op on constants a, b (b: rs2 or the immediate), or 0 with *ok = 0 when not folded here. */
static uint32_t fold(enum morph_iop op, uint32_t a, uint32_t b, int *ok)
{
    *ok = 1;
    switch (op) {
    case MI_ADD: case MI_ADDI: return a + b;
    case MI_SUB: return a - b;
    case MI_AND: case MI_ANDI: return a & b;
    case MI_OR: case MI_ORI: return a | b;
    case MI_XOR: case MI_XORI: return a ^ b;
    case MI_SLL: case MI_SLLI: return a << (b & 31);
    case MI_SRL: case MI_SRLI: return a >> (b & 31);
    case MI_SRA: case MI_SRAI: return (uint32_t)((int32_t)a >> (b & 31));
    case MI_SLT: case MI_SLTI: return (int32_t)a < (int32_t)b;
    case MI_SLTU: case MI_SLTIU: return a < b;
    case MI_MUL: return a * b;
    default: *ok = 0; return 0;
    }
}

/* The register that holds r's value as a plain copy (x0 for zero), else r. */
static unsigned copy_of(unsigned r)
{
    struct xl_val x = xl_val_of(&v, r);
    return x.o == 0 ? x.b : r;
}

/* x with its register operands read through copies. */
static uint32_t through_copies(uint32_t x, unsigned attr)
{
    if (attr & MORPH_A_RS1) x = xl_set_reg(x, MORPH_F_RS1, copy_of(morph_rs1(x)));
    if (attr & MORPH_A_RS2) x = xl_set_reg(x, MORPH_F_RS2, copy_of(morph_rs2(x)));
    return x;
}

/* A register (not x0) holding a constant within 12 bits of c, or 0; *d = c - that constant. */
static unsigned near_const(int32_t c, int32_t *d)
{
    /* the lowest such register, as a walk of x1..x31 finds it; only those that may hold a
     * constant are looked at (the walk of all 31 was 10% of the pass) */
    for (uint32_t m = v.cmask; m; m &= m - 1) {
        unsigned r = fuse_ctz(m);
        struct xl_val x = xl_val_of(&v, r);
        int32_t e = (int32_t)((uint32_t)c - (uint32_t)x.o);
        if (x.b == 0 && xe_fits12(e)) {
            *d = e;
            return r;
        }
    }
    return 0;
}

/* One op that sets rd to the value res, or fallback. */
static uint32_t as_addi(unsigned rd, struct xl_val res, uint32_t fallback)
{
    if (xe_fits12(res.o)) return xe_addi(rd, res.b, res.o);
    int32_t d;
    unsigned s = res.b == 0 ? near_const(res.o, &d) : 0;
    return s ? xe_addi(rd, s, d) : fallback;
}

static void kill(struct xl_ir *ir, unsigned k)
{
    xl_ir_delete(ir, k);
    xl_map_set(del, k);
}

/* The branch to a label at k never goes there: its operands are known to be equal (bne) or to
 * be different constants (beq). A RET on a superblock's path checks the address it pops so
 * (xl_lift.c): when the value its CALL pushed reaches the check, it folds away. */
static int never_taken(enum morph_iop op, unsigned a, unsigned c)
{
    struct xl_val va = xl_val_of(&v, a), vc = xl_val_of(&v, c);
    if (op == MI_BNE) return xl_val_eq(va, vc);
    return op == MI_BEQ && xl_val_const(va) && xl_val_const(vc) && va.o != vc.o;
}

/* Deletes the branch to a label at k, and its fix-up (xl_link would patch the word after it). */
static void kill_branch(struct xl_ir *ir, unsigned k)
{
    for (unsigned f = 0; f < ir->nfix; f++)
        if (ir->fix[f].at == k) {
            ir->fix[f] = ir->fix[--ir->nfix];
            break;
        }
    kill(ir, k); /* its fixb bit stays: nothing reads a deleted word's */
}

/* The live registers where the branch or jump at k goes (all: backwards or unknown). A label
 * past the body (end) starts an exit tail, which reads only what it leaves with. */
static uint32_t target_live(const struct xl_ir *ir, unsigned k, uint32_t x, enum morph_iop op, unsigned end)
{
    unsigned t;
    if (xl_map_has(fixb, k)) {
        t = ir->label_at[fixl[k]];
        if (t >= end) return OBSERVED;
    } else {
        t = k + (unsigned)((op == MI_JAL ? morph_imm_j(x) : morph_imm_b(x)) / 4);
    }
    return t > k && t <= end ? livein[t] : ~0u;
}

/* Forward: read through copies and constants, fold, delete ops that change nothing. */
static unsigned propagate(struct xl_ir *ir, unsigned end)
{
    uint32_t *w = ir->w;
    unsigned changed = 0;
    for (unsigned k = 0; k < end; k++) {
        if (xl_map_has(join, k)) xl_vals_forget(&v);
        if (xl_map_has(del, k)) continue;
        uint32_t x = w[k], nw = x;
        enum morph_iop op = morph_classify(x);
        unsigned attr = morph_iop_info(op)->attr, rd = morph_rd(x), a = morph_rs1(x), c = morph_rs2(x);
        if (op == MI_XEXIT) { /* its stub's data words are no ops */
            xl_map_set(data, k + 1);
            xl_map_set(data, k + 2);
            k += XL_STUB_DATA_WORDS;
            xl_vals_forget(&v);
            continue;
        }
        if (op == MI_ILLEGAL || (attr & MORPH_A_JUMP)) {
            if (op == MI_JTLBJ) nw = xl_set_reg(x, MORPH_F_RS1, copy_of(a) ? copy_of(a) : a);
            if (nw != x) { w[k] = nw; changed++; }
            xl_vals_forget(&v); /* what follows is reached only by branches */
            continue;
        }
        if (attr & MORPH_A_BRANCH) {
            if (xl_map_has(fixb, k) && !xl_map_has(prot, k) && never_taken(op, a, c)) {
                kill_branch(ir, k);
                changed++;
                continue;
            }
            if (!xl_map_has(fixb, k) && morph_imm_b(x) > 0) {
                /* encoded at lift time: its target is a join, its span stays as it is */
                unsigned t = k + (unsigned)morph_imm_b(x) / 4;
                if (t <= ir->n) xl_map_set(join, t);
                for (unsigned s = k + 1; s < t && s < end; s++) xl_map_set(prot, s);
            }
            nw = through_copies(x, attr);
            if (nw != x) { w[k] = nw; changed++; }
            continue;
        }
        if ((attr & MORPH_A_RD) && !rd && pure(op)) continue; /* writes x0: a hint, left as it is */
        struct xl_val va = xl_val_of(&v, a), vc = xl_val_of(&v, c), res = {rd, 0};
        int known = 0, ok;
        if (op == MI_ADDI) {
            res = xl_val_add(va, morph_imm_i(x));
            known = 1;
            nw = as_addi(rd, res, xl_set_reg(x, MORPH_F_RS1, copy_of(a)));
        } else if (op == MI_LUI) {
            res.b = 0;
            res.o = morph_imm_u(x);
            known = 1;
            /* lui + addi of the same register (a 32-bit constant): from a register near it */
            unsigned k2 = k + 1;
            while (k2 < end && xl_map_has(del, k2)) k2++;
            uint32_t y = k2 < end ? w[k2] : 0;
            int32_t d;
            unsigned s;
            if (k2 < end && !xl_map_has(join, k2) && !xl_map_has(prot, k) && !xl_map_has(prot, k2) &&
                morph_classify(y) == MI_ADDI && morph_rd(y) == rd && morph_rs1(y) == rd &&
                (s = near_const((int32_t)((uint32_t)res.o + (uint32_t)morph_imm_i(y)), &d)) != 0) {
                kill(ir, k);
                w[k2] = xe_addi(rd, s, d);
                changed += 2;
                continue; /* rd keeps its value up to k2 */
            }
            nw = as_addi(rd, res, x);
        } else if (attr & MORPH_A_GLOAD) {
            struct xl_val ad = xl_val_add(va, morph_imm_i(x));
            if (xe_fits12(ad.o)) nw = xe_gload(morph_funct3(x), rd, ad.b, ad.o);
        } else if (attr & MORPH_A_GSTORE) {
            struct xl_val ad = xl_val_add(va, morph_imm_s(x));
            if (!xe_fits12(ad.o)) ad.b = a, ad.o = morph_imm_s(x);
            nw = xe_gstore(morph_funct3(x), copy_of(c), ad.b, ad.o);
        } else if (op == MI_COMMIT) {
            /* never onto x0: `commit x0` means "the EIP is in the stub after me" (xl_lift.c) */
            if (copy_of(a)) nw = xl_set_reg(x, MORPH_F_RS1, copy_of(a));
        } else if (pure(op) && op != MI_XSETCC) {
            int rr = (attr & MORPH_A_RS2) != 0;
            uint32_t kb = rr ? (uint32_t)vc.o : (uint32_t)morph_imm_i(x);
            nw = through_copies(x, attr);
            if (xl_val_const(va) && (!rr || xl_val_const(vc))) {
                uint32_t r = fold(op, (uint32_t)va.o, kb, &ok);
                if (ok) {
                    res.b = 0;
                    res.o = (int32_t)r;
                    known = 1;
                }
            } else if (op == MI_ADD && (xl_val_const(va) || xl_val_const(vc))) {
                res = xl_val_const(vc) ? xl_val_add(va, vc.o) : xl_val_add(vc, va.o);
                known = 1;
            } else if (op == MI_SUB && xl_val_const(vc)) {
                res = xl_val_add(va, (int32_t)(0u - (uint32_t)vc.o));
                known = 1;
            }
            if (known) nw = as_addi(rd, res, nw);
            else if (rr && xl_val_const(vc)) {
                uint32_t im = xl_imm_form(nw, vc.o);
                if (im) nw = im;
            }
        } else if (attr & MORPH_A_XALU) {
            nw = through_copies(x, attr);
        }
        if ((attr & MORPH_A_RD) && rd) {
            if (known && pure(op) && xl_val_eq(xl_val_of(&v, rd), res) && !xl_map_has(prot, k)) {
                kill(ir, k); /* rd holds that value already */
                changed++;
                continue;
            }
            if (known) xl_val_set(&v, rd, res);
            else xl_val_unknown(&v, rd);
        }
        if (nw != x) {
            w[k] = nw;
            changed++;
        }
    }
    return changed;
}

/* Backward: delete pure ops whose result is dead. */
static unsigned dead_ops(struct xl_ir *ir, unsigned end)
{
    const uint32_t *w = ir->w;
    unsigned changed = 0;
    uint32_t live = ~0u; /* the end of the body: everything, as the tail after it may read */
    livein[end] = live;
    for (unsigned k = end; k-- > 0;) {
        if (xl_map_has(del, k) || xl_map_has(data, k)) {
            livein[k] = live;
            continue;
        }
        uint32_t x = w[k];
        enum morph_iop op = morph_classify(x);
        unsigned attr = morph_iop_info(op)->attr, rd = morph_rd(x);
        if (pure(op) && rd && ((TEMPS | PINNED) >> rd & 1) && !(live >> rd & 1) && !xl_map_has(prot, k)) {
            kill(ir, k);
            changed++;
            livein[k] = live;
            continue;
        }
        if (op == MI_XEXIT && (w[k + 2] & MORPH_STUB_KIND_MASK) == XL_STUB_X87)
            live = OBSERVED | BIT(XR_A0) | BIT(XR_A1); /* an x87 call: the operands' addresses (xl_lift.c) */
        else if (op == MI_XEXIT || op == MI_JTLBJ) live = OBSERVED; /* leaves the translation */
        else if (op == MI_JAL) live = target_live(ir, k, x, op, end);
        else if (op == MI_ILLEGAL || (attr & MORPH_A_JUMP)) live = ~0u;
        else if (attr & MORPH_A_BRANCH) live |= target_live(ir, k, x, op, end);
        else if (op == MI_COMMIT) live |= OBSERVED | BIT(morph_rs2(x)); /* rs2: a call's return EIP hint */
        if ((attr & MORPH_A_RD) && rd) live &= ~BIT(rd);
        if (attr & MORPH_A_RS1) live |= BIT(morph_rs1(x));
        if (attr & MORPH_A_RS2) live |= BIT(morph_rs2(x));
        livein[k] = live;
    }
    return changed;
}

unsigned xl_pass_cprop(struct xl_ir *ir)
{
    xl_maps_init(ir, del, join);
    xl_map_clear(prot, ir->n);
    xl_map_clear(data, ir->n);
    xl_map_clear(fixb, ir->n);
    for (unsigned f = 0; f < ir->nfix; f++) {
        xl_map_set(fixb, ir->fix[f].at);
        fixl[ir->fix[f].at] = ir->fix[f].label;
    }
    xl_vals_init(&v);
    unsigned end = xl_body_end(ir);
    unsigned changed = propagate(ir, end);
    changed += dead_ops(ir, end);
    if (changed) ir->nflagops = 0;
    return changed;
}
