/* Jump TLB (docs/isa.md section 6): x86 EIP -> code-cache address, sets x ways, set index =
 * EIP mod sets, full-EIP tags, per-set round-robin replacement. */
#ifndef SIM_JTLB_H
#define SIM_JTLB_H
#include <stdint.h>

#include "morph_facts.h"

#define SIM_JTLB_SETS_DEFAULT CORE_JTLB_SETS
#define SIM_JTLB_WAYS_DEFAULT CORE_JTLB_WAYS
#define SIM_JTLB_MAX_WAYS 8

struct sim_jtlb_entry {
    uint32_t eip, target;
    uint32_t valid;
};

struct sim_jtlb {
    unsigned sets, ways;
    struct sim_jtlb_entry *e; /* sets * ways, way-major within a set */
    uint8_t *next;            /* round-robin victim per set */
};

int sim_jtlb_init(struct sim_jtlb *j, unsigned sets, unsigned ways);
void sim_jtlb_free(struct sim_jtlb *j);
/* Returns 1 and the target on a hit. */
int sim_jtlb_lookup(const struct sim_jtlb *j, uint32_t eip, uint32_t *target);
/* Insert or update EIP -> target (an existing entry for EIP is overwritten in place). */
void sim_jtlb_write(struct sim_jtlb *j, uint32_t eip, uint32_t target);
void sim_jtlb_inv_all(struct sim_jtlb *j);

#endif
