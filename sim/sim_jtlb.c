/* Jump TLB of the model. */
#include "sim_jtlb.h"
#include <stdlib.h>
#include <string.h>

int sim_jtlb_init(struct sim_jtlb *j, unsigned sets, unsigned ways)
{
    if (!sets || !ways || ways > SIM_JTLB_MAX_WAYS) return -1;
    j->sets = sets;
    j->ways = ways;
    j->e = calloc((size_t)sets * ways, sizeof *j->e);
    j->next = calloc(sets, 1);
    return j->e && j->next ? 0 : -1;
}

void sim_jtlb_free(struct sim_jtlb *j)
{
    free(j->e);
    free(j->next);
    j->e = 0;
    j->next = 0;
}

int sim_jtlb_lookup(const struct sim_jtlb *j, uint32_t eip, uint32_t *target)
{
    const struct sim_jtlb_entry *s = &j->e[(size_t)(eip % j->sets) * j->ways];
    for (unsigned w = 0; w < j->ways; w++) {
        if (s[w].valid && s[w].eip == eip) {
            *target = s[w].target;
            return 1;
        }
    }
    return 0;
}

void sim_jtlb_write(struct sim_jtlb *j, uint32_t eip, uint32_t target)
{
    unsigned set = eip % j->sets;
    struct sim_jtlb_entry *s = &j->e[(size_t)set * j->ways];
    unsigned w;
    for (w = 0; w < j->ways; w++)
        if (s[w].valid && s[w].eip == eip) break;
    if (w == j->ways) {
        w = j->next[set];
        j->next[set] = (uint8_t)((w + 1) % j->ways);
    }
    s[w].eip = eip;
    s[w].target = target;
    s[w].valid = 1;
}

void sim_jtlb_inv_all(struct sim_jtlb *j)
{
    memset(j->e, 0, (size_t)j->sets * j->ways * sizeof *j->e);
    memset(j->next, 0, j->sets);
}
