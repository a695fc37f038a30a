/* Pass "incr": increment folding (docs/translator.md, "Superblock passes").
 *
 * A push or pop moves ESP by a constant after its access (`gsw x25, -4(x22); addi x22, x22, -4`),
 * so a run of pushes or pops costs an addi each. Forward over the straight-line stretches of a
 * superblock, this pass folds a register's increments `addi r, r, c` into the last one of a run
 * and moves the offsets of the uses in between instead:
 *
 *     gsw x23,-4(x22); addi x22,x22,-4; gsw x25,-4(x22); addi x22,x22,-4
 *  -> gsw x23,-4(x22); gsw x25,-8(x22); addi x22,x22,-8
 *
 * A run is open from an increment of r to the next point that observes r or breaks the stretch:
 * a commit, a branch or jump (side exits read every x86 register), an exit, a join, any other
 * write of r, or a use of r that cannot take an offset. The uses that can are r as the address
 * base of a guest load or store and `addi rd, r, c` (rd not r), as long as the offset fits in 12
 * bits. When the next increment of r comes while its run is open, the last one is deleted, its
 * constant moves into the new one and into the uses since; a run that sums to 0 leaves no addi.
 *
 * Why it is safe: between the increments, r holds a value only the rewritten uses read; every
 * point that could see it (commit, exit, side exit, branch) ends the run first. A fault or an
 * interrupt in between rolls back to the last commit (docs/translator.md "Commits and
 * recovery"), as for cprop's dead writes. A guest-TLB refill reads no x86 register.
 * Runs after cprop (which makes the addi forms: `sub esp, 12` with dead flags), before sched. */
#include "xl_passes.h"
#include "xl_pass_util.h"
#include "xl_encode.h"

#define NREG 32
#define NUSE 24 /* uses of r held between two of its increments; more ends the run */

struct run {
    uint16_t at;             /* the run's surviving increment */
    int32_t sum;             /* its constant */
    uint8_t nuse;
    uint16_t use[NUSE];      /* words since `at` that read r through an offset */
};

static struct run runs[NREG];
static uint32_t open_runs; /* bit r: r's run is open */
static uint32_t del[XL_MAP_WORDS], join[XL_MAP_WORDS], prot[XL_MAP_WORDS];

/* The offset of use x (reading r), or 0 with *ok = 0 when x cannot take one. */
static int32_t use_off(uint32_t x, unsigned attr, enum morph_iop op, unsigned r, int *ok)
{
    *ok = 0;
    if ((attr & MORPH_A_GLOAD) && morph_rs1(x) == r && morph_rd(x) != r) {
        *ok = 1;
        return morph_imm_i(x);
    }
    if ((attr & MORPH_A_GSTORE) && morph_rs1(x) == r && morph_rs2(x) != r) {
        *ok = 1;
        return morph_imm_s(x);
    }
    if (op == MI_ADDI && morph_rs1(x) == r && morph_rd(x) != r && morph_rd(x)) {
        *ok = 1;
        return morph_imm_i(x);
    }
    return 0;
}

/* x with its offset moved by d (use_off said it takes one and the sum fits). */
static uint32_t moved(uint32_t x, unsigned attr, int32_t d)
{
    if (attr & MORPH_A_GLOAD) return xe_gload(morph_funct3(x), morph_rd(x), morph_rs1(x), morph_imm_i(x) + d);
    if (attr & MORPH_A_GSTORE) return xe_gstore(morph_funct3(x), morph_rs2(x), morph_rs1(x), morph_imm_s(x) + d);
    return xe_addi(morph_rd(x), morph_rs1(x), morph_imm_i(x) + d);
}

/* Ops that only compute from their registers (no exit, commit or other observer of the x86
 * state): the rest end every run. */
static int plain(enum morph_iop op, unsigned attr)
{
    return (attr & (MORPH_A_GLOAD | MORPH_A_GSTORE | MORPH_A_XALU)) || xl_pure_op(op);
}

unsigned xl_pass_incr(struct xl_ir *ir)
{
    uint32_t *w = ir->w;
    unsigned changed = 0, end = xl_body_end(ir);
    xl_maps_init(ir, del, join);
    xl_map_clear(prot, ir->n);
    open_runs = 0;
    for (unsigned k = 0; k < end; k++) {
        if (xl_map_has(join, k)) open_runs = 0;
        if (xl_map_has(del, k)) continue;
        uint32_t x = w[k];
        enum morph_iop op = morph_classify(x);
        unsigned attr = morph_iop_info(op)->attr, rd = morph_rd(x);
        if (op == MI_XEXIT) k += XL_STUB_DATA_WORDS; /* its stub's data words are no ops */
        if (!plain(op, attr)) {
            if ((attr & MORPH_A_BRANCH) && morph_imm_b(x) > 0) {
                /* encoded at lift time: its target is a join, the words it skips keep their places */
                unsigned t = k + (unsigned)morph_imm_b(x) / 4;
                if (t <= ir->n) xl_map_set(join, t);
                for (unsigned s = k + 1; s < t && s < ir->n; s++) xl_map_set(prot, s);
            }
            open_runs = 0;
            continue;
        }
        int inc = op == MI_ADDI && rd && morph_rs1(x) == rd;
        /* the open runs this op reads (a use that takes the offset, or the run's end) or writes */
        unsigned rr[2] = {(attr & MORPH_A_RS1) ? morph_rs1(x) : 0, (attr & MORPH_A_RS2) ? morph_rs2(x) : 0};
        for (unsigned i = 0; i < 2; i++) {
            unsigned r = rr[i];
            struct run *u = &runs[r];
            if (!(open_runs >> r & 1) || !r || (inc && r == rd) || (i && rr[0] == r)) continue;
            int ok;
            int32_t off = use_off(x, attr, op, r, &ok);
            if (ok && u->nuse < NUSE && xe_fits12((int32_t)((uint32_t)off + (uint32_t)u->sum)))
                u->use[u->nuse++] = (uint16_t)k;
            else
                open_runs &= ~(1u << r);
        }
        if ((attr & MORPH_A_RD) && !inc) open_runs &= ~(1u << rd);
        if (!inc) continue;
        struct run *u = &runs[rd];
        int32_t c = morph_imm_i(x);
        int32_t sum = (int32_t)((uint32_t)u->sum + (uint32_t)c);
        if ((open_runs >> rd & 1) && xe_fits12(sum) && !xl_map_has(prot, u->at)) {
            /* the run's last increment goes; its constant moves into this one and the uses since */
            for (unsigned i = 0; i < u->nuse; i++) {
                uint32_t y = w[u->use[i]];
                w[u->use[i]] = moved(y, morph_iop_info(morph_classify(y))->attr, u->sum);
            }
            xl_ir_delete(ir, u->at);
            xl_map_set(del, u->at);
            changed += 1 + u->nuse;
            if (sum == 0 && !xl_map_has(prot, k)) { /* the run moved r back: no addi at all */
                xl_ir_delete(ir, k);
                xl_map_set(del, k);
                changed++;
                open_runs &= ~(1u << rd);
                continue;
            }
            w[k] = xe_addi(rd, rd, sum);
            changed++;
            c = sum;
        }
        open_runs |= 1u << rd;
        u->at = (uint16_t)k;
        u->sum = c;
        u->nuse = 0;
    }
    if (changed) ir->nflagops = 0;
    return changed;
}
