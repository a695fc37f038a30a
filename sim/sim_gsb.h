/* Gated store buffer (docs/isa.md section 5): guest stores from translated mode wait here until
 * commit (written in program order) or rollback (discarded). Entries hold host byte addresses
 * resolved through the guest TLB when the store executed, so later loads forward by physical
 * address. */
#ifndef SIM_GSB_H
#define SIM_GSB_H
#include <stdint.h>

#include "morph_facts.h"

#define SIM_GSB_DEPTH_DEFAULT CORE_GSB_DEPTH
#define SIM_GSB_MAX 64

struct sim_gsb_entry {
    uint8_t *p[4];
    uint8_t v[4];
    unsigned n;
};

struct sim_gsb {
    unsigned depth, count;
    struct sim_gsb_entry e[SIM_GSB_MAX];
};

/* Returns 0, or -1 when the buffer is full (the store traps xmode_violation). */
int sim_gsb_push(struct sim_gsb *b, uint8_t *const p[4], uint32_t v, unsigned n);
/* Youngest buffered value of the byte at p, or -1. */
int sim_gsb_forward(const struct sim_gsb *b, const uint8_t *p);
void sim_gsb_drain(struct sim_gsb *b);   /* commit */
static inline void sim_gsb_discard(struct sim_gsb *b) { b->count = 0; }

#endif
