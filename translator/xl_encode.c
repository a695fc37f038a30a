/* Encode-and-link (docs/translator.md, "The pipeline"): the block's final layout, branches to
 * labels, exit stubs, chained entries and chaining. */
#include "xl_encode.h"
#include "xl_emit.h"
#include "morph_decode.h"

void xl_stub_write(uint32_t *w, uint32_t target, uint32_t kind)
{
    w[0] = xe_auipc(XR_T0, 0);
    w[1] = xe_xexit(XR_T0);
    w[2] = target;
    w[3] = kind;
}

/* Where position k lands once the sorted deleted words d[0..nd) are squeezed out. */
static uint16_t squeezed(const uint16_t *d, unsigned nd, unsigned k)
{
    unsigned before = 0;
    while (before < nd && d[before] < k) before++;
    return (uint16_t)(k - before);
}

uint32_t xl_link(struct xl_ir *ir)
{
    uint32_t *w = ir->w;
    if (ir->ndel) {
        /* deleted words in order (few: insertion sort), then squeeze them out */
        uint16_t *d = ir->del;
        unsigned nd = ir->ndel;
        for (unsigned i = 1; ir->del_unsorted && i < nd; i++) {
            uint16_t v = d[i];
            unsigned j = i;
            for (; j > 0 && d[j - 1] > v; j--) d[j] = d[j - 1];
            d[j] = v;
        }
        uint32_t *to = w + d[0];
        for (unsigned i = 0; i < nd; i++) {
            const uint32_t *from = w + d[i] + 1, *hi = w + (i + 1 < nd ? d[i + 1] : ir->n);
            while (from < hi) *to++ = *from++;
        }
        ir->n = (unsigned)(to - w);
        for (unsigned l = 0; l < ir->nlabels; l++) ir->label_at[l] = squeezed(d, nd, ir->label_at[l]);
        for (unsigned f = 0; f < ir->nfix; f++) ir->fix[f].at = squeezed(d, nd, ir->fix[f].at);
        for (unsigned i = 0; ir->track_insns && i < ir->ninsn; i++) {
            ir->insn_start[i] = squeezed(d, nd, ir->insn_start[i]);
            ir->insn_end[i] = squeezed(d, nd, ir->insn_end[i]);
        }
        ir->ndel = 0;
        ir->del_unsorted = 0;
    }
    for (unsigned f = 0; f < ir->nfix; f++) {
        unsigned at = ir->fix[f].at;
        int32_t off = ((int32_t)ir->label_at[ir->fix[f].label] - (int32_t)at) * 4;
        w[at] = ir->fix[f].jal ? xe_jal(XR_ZERO, off) : morph_set_imm_b(w[at], off);
    }
    return ir->n;
}

int xl_code_dirty;

unsigned xl_entry_words;

void xl_encode_entry(uint32_t *buf)
{
    if (xl_entry_words) buf[0] = xe_addi(XR_CHAINS, XR_CHAINS, 1);
}

/* The lifter puts a conditional branch right before the fall-through stub, and the taken stub
 * right after it: the branch is XL_STUB_WORDS + 1 words before the taken stub. */
void xl_link_chain(uint32_t *s, const uint32_t *code)
{
    const uint32_t *entry = code - xl_entry_words;
    xl_code_dirty = 1;
    if (s[3] & XL_STUB_TAKEN) {
        uint32_t *br = s - (XL_STUB_WORDS + 1);
        int32_t boff = (int32_t)((uintptr_t)entry - (uintptr_t)br);
        if (boff >= -4096 && boff < 4096) {
            *br = morph_set_imm_b(*br, boff);
            return;
        }
    }
    int32_t off = (int32_t)((uintptr_t)entry - (uintptr_t)s);
    if (off >= -(1 << 20) && off < (1 << 20)) {
        s[0] = xe_jal(XR_ZERO, off);
    } else {
        uint32_t v = (uint32_t)off;
        uint32_t hi = ((v + 0x800u) >> 12) & 0xfffffu;
        int32_t lo = (int32_t)(v - (hi << 12));
        s[1] = xe_jalr(XR_ZERO, XR_T0, lo); /* second word first: the stub is not running */
        s[0] = xe_auipc(XR_T0, hi);
    }
}

int xl_is_stub_xexit(uint32_t w) { return w == xe_xexit(XR_T0); }

void xl_link_redirect(uint32_t *old, const uint32_t *code)
{
    xl_code_dirty = 1;
    int32_t off = (int32_t)((uintptr_t)code - (uintptr_t)old);
    if (off >= -(1 << 20) && off < (1 << 20)) {
        old[0] = xe_jal(XR_ZERO, off);
    } else { /* x5 is a temporary, dead at every entry */
        uint32_t v = (uint32_t)off;
        uint32_t hi = ((v + 0x800u) >> 12) & 0xfffffu;
        int32_t lo = (int32_t)(v - (hi << 12));
        old[1] = xe_jalr(XR_ZERO, XR_T0, lo);
        old[0] = xe_auipc(XR_T0, hi);
    }
}
