/* Guest TLB (docs/isa.md section 2): direct-mapped on a hash of the guest virtual page number, entries
 * {valid, VPN, PPN, W}. Each entry also caches the host pointer of its physical page, or NULL
 * when the page is concealed or outside RAM (such accesses trap guest_prot). */
#ifndef SIM_GTLB_H
#define SIM_GTLB_H
#include <stdint.h>
#include "sim_mem.h"

#include "morph_facts.h"

#define SIM_GTLB_ENTRIES_DEFAULT CORE_GTLB_ENTRIES
#define SIM_GTLB_MAX 4096
#define SIM_GTLB_NOTAG 0xffffffffu /* tag of an invalid entry: no 20-bit VPN matches it */

struct sim_gtlb_entry {
    uint32_t tag;       /* VPN when valid, SIM_GTLB_NOTAG when not */
    uint32_t ppa;       /* physical page address */
    uint8_t *host;      /* host address of the page, NULL if guest access is refused */
    uint32_t writable;
};

struct sim_gtlb {
    uint32_t mask;      /* entries - 1 */
    uint32_t shift;     /* log2(entries) */
    struct sim_gtlb_entry e[SIM_GTLB_MAX];
};

/* The entry of a page (docs/isa.md section 2): the VPN's low bits XOR the next ones, so that
 * pages a power-of-two apart share a slot no more than others (the stack's top page 0xbffff and
 * the first mmap page 0xb6fff took turns in one slot of a plain VPN-indexed table: 98% of
 * bzip2's misses). rtl/morph_gtlb.sv computes the same. */
static inline uint32_t sim_gtlb_index(const struct sim_gtlb *g, uint32_t vpn)
{
    return (vpn ^ vpn >> g->shift) & g->mask;
}

void sim_gtlb_init(struct sim_gtlb *g, unsigned entries);
/* gtlbw: rs2 = physical page address | bit1 W | bit0 V (V = 0 invalidates). */
void sim_gtlb_write(struct sim_gtlb *g, const struct sim_mem *m, uint32_t va, uint32_t val);
void sim_gtlb_inv(struct sim_gtlb *g, uint32_t va); /* only if the entry holds va's page */
void sim_gtlb_inv_all(struct sim_gtlb *g);

static inline struct sim_gtlb_entry *sim_gtlb_lookup(struct sim_gtlb *g, uint32_t va)
{
    uint32_t vpn = va >> MM_PAGE_SHIFT;
    struct sim_gtlb_entry *e = &g->e[sim_gtlb_index(g, vpn)];
    return e->tag == vpn ? e : 0;
}

#endif
