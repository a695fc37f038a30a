/* Guest TLB maintenance ops (gtlbw, gtlbinv). Lookups are inline in sim_gtlb.h. */
#include "sim_gtlb.h"

void sim_gtlb_init(struct sim_gtlb *g, unsigned entries)
{
    g->mask = entries - 1;
    g->shift = 0;
    while (1u << g->shift < entries) g->shift++;
    sim_gtlb_inv_all(g);
}

void sim_gtlb_inv_all(struct sim_gtlb *g)
{
    for (uint32_t i = 0; i <= g->mask; i++) {
        g->e[i].tag = SIM_GTLB_NOTAG;
        g->e[i].host = 0;
    }
}

void sim_gtlb_write(struct sim_gtlb *g, const struct sim_mem *m, uint32_t va, uint32_t val)
{
    uint32_t vpn = va >> MM_PAGE_SHIFT;
    struct sim_gtlb_entry *e = &g->e[sim_gtlb_index(g, vpn)];
    if (!(val & 1)) {
        e->tag = SIM_GTLB_NOTAG;
        e->host = 0;
        return;
    }
    e->tag = vpn;
    e->ppa = val & ~(MM_PAGE_SIZE - 1);
    e->writable = (val >> 1) & 1;
    /* The concealed check of section 2 depends only on the physical page, so it is decided
     * here once; the access still traps guest_prot at the time it happens. */
    e->host = e->ppa >= MM_GUEST_PHYS_BASE ? sim_mem_ram(m, e->ppa, MM_PAGE_SIZE) : 0;
}

void sim_gtlb_inv(struct sim_gtlb *g, uint32_t va)
{
    uint32_t vpn = va >> MM_PAGE_SHIFT;
    struct sim_gtlb_entry *e = &g->e[sim_gtlb_index(g, vpn)];
    if (e->tag == vpn) {
        e->tag = SIM_GTLB_NOTAG;
        e->host = 0;
    }
}
