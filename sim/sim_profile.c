/* The sampling profile (sim_profile.h). */
#include "sim_profile.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_stats.h"
#include "sim_cpu.h"

int sim_profile_init(struct sim_profile *p, uint64_t every)
{
    memset(p, 0, sizeof *p);
    p->every = every;
    p->size = 1u << 12;
    p->e = calloc(p->size, sizeof *p->e);
    return p->e ? 0 : -1;
}

static size_t slot(const struct sim_profile *p, uint32_t pc, uint32_t eip, unsigned mode, unsigned act)
{
    uint32_t h = pc * 0x9e3779b1u ^ eip * 0x85ebca6bu ^ (mode << 8 | act) * 0xc2b2ae35u;
    size_t i = (h ^ h >> 15) & (p->size - 1);
    for (;; i = (i + 1) & (p->size - 1)) {
        const struct sim_prof_entry *e = &p->e[i];
        if (!e->count || (e->pc == pc && e->eip == eip && e->mode == mode && e->act == act)) return i;
    }
}

static int grow(struct sim_profile *p)
{
    struct sim_profile n = *p;
    n.size = p->size * 2;
    n.e = calloc(n.size, sizeof *n.e);
    if (!n.e) return -1;
    for (size_t i = 0; i < p->size; i++)
        if (p->e[i].count) n.e[slot(&n, p->e[i].pc, p->e[i].eip, p->e[i].mode, p->e[i].act)] = p->e[i];
    free(p->e);
    *p = n;
    return 0;
}

int sim_profile_sample(struct sim_profile *p, const struct sim_cpu *c)
{
    if (2 * (p->used + 1) > p->size && grow(p)) return -1;
    const unsigned mode = c->xmode & 1, act = c->cmsact & 0xff;
    const uint32_t eip = mode ? sim_cpu_commit_eip(c) : 0;
    struct sim_prof_entry *e = &p->e[slot(p, c->pc, eip, mode, act)];
    if (!e->count) {
        *e = (struct sim_prof_entry){c->pc, eip, (uint8_t)mode, (uint8_t)act, 0};
        p->used++;
    }
    e->count++;
    p->samples++;
    return 0;
}

static int by_count(const void *a, const void *b)
{
    const struct sim_prof_entry *x = a, *y = b;
    if (x->count != y->count) return x->count < y->count ? 1 : -1;
    return x->pc < y->pc ? -1 : x->pc > y->pc;
}

int sim_profile_write(const struct sim_profile *p, const char *path, const char *program)
{
    static const char *const act[CMSACT_COUNT] = {
#define SIM_PROF_ACT(e, name, ...) [e] = #name,
        MORPH_ACTIVITIES(SIM_PROF_ACT)
#undef SIM_PROF_ACT
    };
    struct sim_prof_entry *v = malloc((p->used ? p->used : 1) * sizeof *v);
    FILE *f = fopen(path, "w");
    if (!v || !f) {
        free(v);
        if (f) fclose(f);
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < p->size; i++)
        if (p->e[i].count) v[n++] = p->e[i];
    qsort(v, n, sizeof *v, by_count);
    fprintf(f, "# morph profile: every %llu cycles, %llu samples; program %s\n"
               "# count mode activity pc eip (mode cms: firmware; xl: translated code, eip its block's x86 EIP)\n",
            (unsigned long long)p->every, (unsigned long long)p->samples, program ? program : "-");
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%llu %s %s 0x%08x 0x%08x\n", (unsigned long long)v[i].count, v[i].mode ? "xl" : "cms",
                v[i].act < CMSACT_COUNT && act[v[i].act] ? act[v[i].act] : "?", v[i].pc, v[i].eip);
    free(v);
    return fclose(f);
}

void sim_profile_free(struct sim_profile *p)
{
    free(p->e);
    p->e = NULL;
}
