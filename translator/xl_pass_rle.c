/* Pass "rle": redundant guest-load elimination (docs/translator.md, "Passes").
 *
 * Walks the straight-line stretches of a superblock (from one join to the next: a label or the
 * target of a branch encoded at lift time) and keeps the guest memory values that registers still
 * hold: the result of each guest load, and the value each guest store wrote, keyed by address as
 * "base register + offset" (xl_pass_util.h: addi chains and constants are seen through; a register
 * that moves by a constant, as ESP does at a push or pop, carries its keys along). A later
 * load of a key it holds becomes a register move (`addi rd, r, 0`; a zero-extending byte load of a
 * stored byte `andi rd, r, 255`), which cprop then propagates and deletes when it can.
 *
 * Why this is safe:
 * - only guest stores change guest memory in translated code (one guest thread runs at a time;
 *   CMS runs only at exits and GTLB refills, which write no guest memory). A store forgets every
 *   value whose address may overlap it: all of them, unless both addresses have the same base
 *   register (same version) and their ranges are disjoint at a distance under 2 KiB (two virtual
 *   addresses of one physical byte differ by a multiple of the 4 KiB page);
 * - the access being replaced comes after the one that made the value on every path (no join in
 *   between): if it would have faulted, that one faulted first (its page cannot change in
 *   between: only system calls map pages, and they leave translated code);
 * - commits and side exits are crossed: a commit changes no value a load sees (loads already see
 *   the store buffer), and a side exit leaves the path (what follows runs only when it is not
 *   taken);
 * - the register must still hold the value (its version is checked).
 * Words are rewritten in place; a move onto itself is deleted (never inside the span of a branch
 * encoded at lift time, whose offset must stay true). Flag-op records are dropped once a word
 * changed (nothing after the flags pass reads them but the stage listings). */
#include "xl_passes.h"
#include "xl_pass_util.h"
#include "xl_encode.h"

#define RLE_MAX 16      /* values held at once (the oldest goes) */
#define RLE_STORE 8     /* kind: a store of 1 << (kind & 3) bytes; else a load's funct3 */
#define RLE_NEAR 2048   /* same base: disjoint ranges this close cannot be one physical byte */

struct held {
    uint8_t root, kind, reg;
    uint32_t rootver, regver;
    int32_t off;
};

/* Bytes of a held value: load funct3 0 1 2 4 5 (glb glh glw glbu glhu) and store sizes 0 1 2
 * alike in their low two bits. */
static unsigned kind_bytes(unsigned kind) { return 1u << (kind & 3); }

/* The move that gives a load of funct3 f3 into rd the value h holds, or 0. */
static uint32_t forward(const struct held *h, unsigned f3, unsigned rd)
{
    if (h->kind == f3) return xe_addi(rd, h->reg, 0); /* the same load again */
    if (h->kind == (RLE_STORE | 2) && f3 == 2) return xe_addi(rd, h->reg, 0); /* gsw -> glw */
    if (h->kind == (RLE_STORE | 0) && f3 == 4) return xe_andi(rd, h->reg, 255); /* gsb -> glbu */
    return 0;
}

unsigned xl_pass_rle(struct xl_ir *ir)
{
    static uint32_t del[XL_MAP_WORDS], join[XL_MAP_WORDS], prot[XL_MAP_WORDS];
    static struct xl_vals v;
    static struct held h[RLE_MAX];
    uint32_t *w = ir->w;
    unsigned nh = 0, changed = 0, end = xl_body_end(ir);
    xl_maps_init(ir, del, join);
    xl_map_clear(prot, ir->n);
    xl_vals_init(&v);
    for (unsigned k = 0; k < end; k++) {
        if (xl_map_has(join, k)) {
            xl_vals_forget(&v);
            nh = 0;
        }
        if (xl_map_has(del, k)) continue;
        uint32_t x = w[k];
        enum morph_iop op = morph_classify(x);
        unsigned attr = morph_iop_info(op)->attr, rd = morph_rd(x), a = morph_rs1(x);
        if (op == MI_XEXIT || (attr & MORPH_A_JUMP) || op == MI_ILLEGAL) {
            /* what follows is reached only by branches (joins) */
            if (op == MI_XEXIT) k += XL_STUB_DATA_WORDS;
            xl_vals_forget(&v);
            nh = 0;
            continue;
        }
        if ((attr & MORPH_A_BRANCH) && morph_imm_b(x) > 0) {
            /* encoded at lift time (branches to labels still say 0): its target is a join, the
             * words it skips keep their places */
            unsigned t = k + (unsigned)morph_imm_b(x) / 4;
            if (t <= ir->n) xl_map_set(join, t);
            for (unsigned s = k + 1; s < t && s < ir->n; s++) xl_map_set(prot, s);
        }
        if (attr & MORPH_A_GLOAD) {
            struct xl_val ad = xl_val_add(xl_val_of(&v, a), morph_imm_i(x));
            unsigned f3 = morph_funct3(x);
            uint32_t nw = 0, self = xe_addi(rd, rd, 0);
            for (unsigned i = nh; i-- > 0 && nw != self;) { /* the youngest, rd itself first */
                const struct held *e = &h[i];
                if (e->root != ad.b || e->off != ad.o || v.ver[e->root] != e->rootver ||
                    v.ver[e->reg] != e->regver)
                    continue;
                uint32_t f = forward(e, f3, rd);
                if (f && (!nw || f == self)) nw = f;
            }
            if (nw) {
                if (nw == self && !xl_map_has(prot, k)) {
                    xl_ir_delete(ir, k); /* rd holds it already */
                    changed++;
                    continue;
                }
                w[k] = nw;
                changed++;
            }
            xl_val_unknown(&v, rd);
            if (rd && rd != ad.b) { /* a load into its own base register keys nothing */
                if (nh == RLE_MAX) {
                    for (unsigned i = 1; i < nh; i++) h[i - 1] = h[i];
                    nh--;
                }
                h[nh++] = (struct held){(uint8_t)ad.b, (uint8_t)f3, (uint8_t)rd, v.ver[ad.b], v.ver[rd], ad.o};
            }
            continue;
        }
        if (attr & MORPH_A_GSTORE) {
            struct xl_val ad = xl_val_add(xl_val_of(&v, a), morph_imm_s(x));
            unsigned size = morph_funct3(x), bytes = 1u << size, kept = 0;
            for (unsigned i = 0; i < nh; i++) {
                const struct held *e = &h[i];
                int32_t d = (int32_t)((uint32_t)e->off - (uint32_t)ad.o); /* e's start - ours */
                int disjoint = e->root == ad.b && v.ver[e->root] == e->rootver && d > -RLE_NEAR &&
                               d < RLE_NEAR && (d >= (int32_t)bytes || -d >= (int32_t)kind_bytes(e->kind));
                if (disjoint) h[kept++] = *e;
            }
            nh = kept;
            if (nh == RLE_MAX) {
                for (unsigned i = 1; i < nh; i++) h[i - 1] = h[i];
                nh--;
            }
            unsigned val = morph_rs2(x);
            h[nh++] = (struct held){(uint8_t)ad.b, (uint8_t)(RLE_STORE | size), (uint8_t)val, v.ver[ad.b], v.ver[val], ad.o};
            continue;
        }
        if (!(attr & MORPH_A_RD) || !rd) continue;
        /* addresses through addi chains and constants; any other write is unknown */
        if (op == MI_ADDI && a == rd && xl_val_of(&v, rd).b == rd) {
            /* rd += imm (a push or pop moving ESP): what is held at rd's old value + off is at
             * its new value + off - imm */
            uint32_t old = v.ver[rd];
            xl_val_unknown(&v, rd);
            for (unsigned i = 0; i < nh; i++)
                if (h[i].root == rd && h[i].rootver == old) {
                    h[i].off = (int32_t)((uint32_t)h[i].off - (uint32_t)morph_imm_i(x));
                    h[i].rootver = v.ver[rd];
                }
        } else if (op == MI_ADDI) xl_val_set(&v, rd, xl_val_add(xl_val_of(&v, a), morph_imm_i(x)));
        else if (op == MI_LUI) xl_val_set(&v, rd, (struct xl_val){0, morph_imm_u(x)});
        else xl_val_unknown(&v, rd);
    }
    if (changed) ir->nflagops = 0;
    return changed;
}
