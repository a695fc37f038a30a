/* Gated store buffer of the model. */
#include "sim_gsb.h"

int sim_gsb_push(struct sim_gsb *b, uint8_t *const p[4], uint32_t v, unsigned n)
{
    if (b->count >= b->depth) return -1;
    struct sim_gsb_entry *e = &b->e[b->count++];
    for (unsigned i = 0; i < n; i++) {
        e->p[i] = p[i];
        e->v[i] = (uint8_t)(v >> (8 * i));
    }
    e->n = n;
    return 0;
}

int sim_gsb_forward(const struct sim_gsb *b, const uint8_t *p)
{
    for (unsigned k = b->count; k-- > 0;) {
        const struct sim_gsb_entry *e = &b->e[k];
        for (unsigned i = 0; i < e->n; i++)
            if (e->p[i] == p) return e->v[i];
    }
    return -1;
}

void sim_gsb_drain(struct sim_gsb *b)
{
    for (unsigned k = 0; k < b->count; k++)
        for (unsigned i = 0; i < b->e[k].n; i++) *b->e[k].p[i] = b->e[k].v[i];
    b->count = 0;
}
