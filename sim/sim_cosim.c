/* Lockstep co-simulation: see sim_cosim.h and docs/rtl.md. */
#include "sim_cosim.h"
#include <elf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cms_cpu.h"
#include "morph_decode.h"
#include "morph_isa.h"
#include "sim_disasm.h"
#include "sim_rtl.h"
#include "sim_stats.h"

#define QLEN 16   /* model events waiting for the RTL's (at most the ops in EX..WB, two per stage) */
#define HIST 12   /* ops shown before a divergence */

struct cosim {
    struct sim_cpu *model;
    const char *fw_elf;
    struct sim_event q[QLEN];
    unsigned qh, qn;
    struct sim_event hm[HIST], hr[HIST];
    unsigned nh;
    uint64_t compared;
    int diverged;
};

static void model_hook(struct sim_cpu *c, uint32_t pc, uint32_t raw, uint64_t issue, int trap,
                       unsigned cause, uint32_t tval)
{
    struct cosim *s = c->hook_ctx;
    if (s->qn == QLEN) { /* cannot happen: one model step per op the RTL issues */
        fprintf(stderr, "morph: cosim: model ran ahead of the RTL\n");
        s->diverged = 1;
        return;
    }
    struct sim_event *e = &s->q[(s->qh + s->qn++) % QLEN];
    memset(e, 0, sizeof *e);
    e->pc = pc;
    e->insn = raw;
    e->cycle = issue;
    e->trap = trap;
    if (trap) {
        e->cause = cause;
        e->tval = tval;
        return;
    }
    /* The model's view of what the retired (so legal) op wrote; the RTL reports its own. */
    const enum morph_iop op = morph_classify(raw);
    const struct morph_iop_info *i = morph_iop_info(op);
    uint32_t rd = morph_reg_written(raw, op);
    if (rd) {
        e->rd_we = 1;
        e->rd = rd;
        e->rd_val = c->x[rd];
    }
    if (i->attr & (MORPH_A_STORE | MORPH_A_GSTORE)) {
        uint32_t n = i->size, v = c->x[morph_rs2(raw)];
        e->st = 1;
        e->st_addr = c->x[morph_rs1(raw)] + (uint32_t)morph_imm_s(raw);
        e->st_size = n;
        e->st_data = n == 4 ? v : v & ((1u << (8 * n)) - 1);
    }
}

static int on_issue(void *ctx)
{
    struct cosim *s = ctx;
    return sim_cpu_step(s->model) != SIM_RUNNING || s->diverged;
}

static int pending(void *ctx)
{
    const struct cosim *s = ctx;
    return s->qn && !s->diverged;
}

static int same(const struct sim_event *a, const struct sim_event *b)
{
    if (a->pc != b->pc || a->cycle != b->cycle || a->trap != b->trap) return 0;
    if (a->trap) return a->cause == b->cause && a->tval == b->tval;
    return a->insn == b->insn && a->rd_we == b->rd_we && a->rd == b->rd && a->rd_val == b->rd_val &&
           a->st == b->st && a->st_addr == b->st_addr && a->st_size == b->st_size &&
           a->st_data == b->st_data;
}

static void show(const char *side, const struct sim_event *e)
{
    fprintf(stderr, "    %s cycle %10llu pc 0x%08x", side, (unsigned long long)e->cycle, e->pc);
    if (e->trap) {
        fprintf(stderr, " TRAP %s (cause %u) mtval 0x%08x\n", sim_cause_name(e->cause), e->cause, e->tval);
        return;
    }
    fprintf(stderr, " op 0x%08x", e->insn);
    if (e->rd_we) fprintf(stderr, " x%u=0x%08x", e->rd, e->rd_val);
    if (e->st) fprintf(stderr, " store%u [0x%08x]=0x%08x", e->st_size, e->st_addr, e->st_data);
    fputc('\n', stderr);
}

/* Address of a symbol in the firmware ELF (0 if unknown). */
static uint32_t elf_symbol(const char *path, const char *name)
{
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f) return 0;
    uint32_t val = 0;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    uint8_t *buf = size > 0 ? malloc((size_t)size) : NULL;
    fseek(f, 0, SEEK_SET);
    if (buf && fread(buf, 1, (size_t)size, f) == (size_t)size && size >= (long)sizeof(Elf32_Ehdr)) {
        const Elf32_Ehdr *eh = (const void *)buf;
        if (eh->e_shoff && eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf32_Shdr) <= (uint64_t)size) {
            const Elf32_Shdr *sh = (const void *)(buf + eh->e_shoff);
            for (unsigned i = 0; i < eh->e_shnum && !val; i++) {
                if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum) continue;
                const Elf32_Shdr *st = &sh[sh[i].sh_link];
                if (sh[i].sh_offset + (uint64_t)sh[i].sh_size > (uint64_t)size ||
                    st->sh_offset + (uint64_t)st->sh_size > (uint64_t)size) continue;
                const Elf32_Sym *sym = (const void *)(buf + sh[i].sh_offset);
                for (unsigned k = 0; k < sh[i].sh_size / sizeof *sym; k++)
                    if (sym[k].st_name < st->sh_size &&
                        !strcmp((const char *)buf + st->sh_offset + sym[k].st_name, name)) {
                        val = sym[k].st_value;
                        break;
                    }
            }
        }
    }
    free(buf);
    fclose(f);
    return val;
}

/* The x86 instruction the firmware is executing: cms_cur_cpu->eip, bytes through the GTLB. */
static void show_x86(struct cosim *s)
{
    struct sim_cpu *c = s->model;
    uint32_t sym = elf_symbol(s->fw_elf, "cms_cur_cpu");
    const uint8_t *p = sym ? sim_mem_ram(c->mem, sym, 4) : NULL;
    if (!p) {
        fprintf(stderr, "  x86: (no guest: cms_cur_cpu not found)\n");
        return;
    }
    uint32_t cpu_pa, eip;
    memcpy(&cpu_pa, p, 4);
    const uint8_t *q = cpu_pa ? sim_mem_ram(c->mem, cpu_pa + offsetof(struct cms_cpu, eip), 4) : NULL;
    if (!q) {
        fprintf(stderr, "  x86: (guest not loaded yet)\n");
        return;
    }
    memcpy(&eip, q, 4);
    struct sim_gtlb_entry *e = sim_gtlb_lookup(&c->gtlb, eip);
    if (!e || !e->host) {
        fprintf(stderr, "  x86: eip 0x%08x (page not in the guest TLB)\n", eip);
        return;
    }
    unsigned off = eip & (MM_PAGE_SIZE - 1), len = MM_PAGE_SIZE - off < 15 ? MM_PAGE_SIZE - off : 15;
    char text[256];
    if (sim_disasm_x86(e->host + off, len, eip, text, sizeof text) == 0)
        fprintf(stderr, "  x86: eip 0x%08x: %s\n", eip, text);
    else
        fprintf(stderr, "  x86: eip 0x%08x: (undecodable)\n", eip);
}

static void report(struct cosim *s, const struct sim_event *m, const struct sim_event *r, const char *why)
{
    s->diverged = 1;
    fprintf(stderr, "morph: cosim DIVERGENCE after %llu matching events: %s\n",
            (unsigned long long)s->compared, why);
    fprintf(stderr, "  last %u events (model, then RTL):\n", s->nh < HIST ? s->nh : HIST);
    for (unsigned i = s->nh > HIST ? s->nh - HIST : 0; i < s->nh; i++) {
        show("model", &s->hm[i % HIST]);
        show("rtl  ", &s->hr[i % HIST]);
    }
    fprintf(stderr, "  diverging event:\n");
    if (m) show("model", m);
    else fprintf(stderr, "    model (none)\n");
    if (r) show("rtl  ", r);
    else fprintf(stderr, "    rtl   (none)\n");
    show_x86(s);
}

static int on_event(void *ctx, const struct sim_event *r)
{
    struct cosim *s = ctx;
    if (s->diverged) return 1;
    if (!s->qn) {
        report(s, NULL, r, "the RTL reported an event the model did not produce");
        return 1;
    }
    struct sim_event m = s->q[s->qh];
    s->qh = (s->qh + 1) % QLEN;
    s->qn--;
    if (!same(&m, r)) {
        report(s, &m, r, "events differ");
        return 1;
    }
    s->hm[s->nh % HIST] = m;
    s->hr[s->nh % HIST] = *r;
    s->nh++;
    s->compared++;
    return 0;
}

/* After a run both engines finished (exit): the statistics the RTL harness counts from the
 * RTL's events (the rows include/morph/stats.def marks RTL; the mode, activity, trap and stall
 * tables) must equal the model's. Returns the first difference's name, or NULL. */
#define COSIM_HW(name, chk) \
    if (!strcmp(chk, "RTL") && m->name != r->name) { \
        snprintf(why, n, "statistics differ: %s model %llu, RTL %llu", #name, (unsigned long long)m->name, \
                 (unsigned long long)r->name); \
        return why; \
    }
#define COSIM_NONE(name, chk)
#define COSIM_FW COSIM_NONE
#define COSIM_U COSIM_NONE
#define COSIM_F COSIM_NONE
#define COSIM_S COSIM_NONE
#define COSIM_LIST COSIM_NONE
#define COSIM_ROW(kind, group, name, json, jfmt, text, tfmt, check, desc) COSIM_##kind(name, #check)
static const char *stats_differ(const struct sim_stats *m, const struct sim_stats *r, char *why, size_t n)
{
    MORPH_STATS(COSIM_ROW)
    static const struct { const char *name; size_t off, len; } t[] = {
        {"mode_ops", offsetof(struct sim_stats, mode_ops), 2},
        {"mode_cycles", offsetof(struct sim_stats, mode_cycles), 2},
        {"act_ops", offsetof(struct sim_stats, act_ops), CMSACT_COUNT},
        {"act_cycles", offsetof(struct sim_stats, act_cycles), CMSACT_COUNT},
        {"traps", offsetof(struct sim_stats, traps), 32},
        {"stall", offsetof(struct sim_stats, stall), SIM_STALL_COUNT},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        for (size_t k = 0; k < t[i].len; k++) {
            const uint64_t a = ((const uint64_t *)((const char *)m + t[i].off))[k];
            const uint64_t b = ((const uint64_t *)((const char *)r + t[i].off))[k];
            if (a != b) {
                snprintf(why, n, "statistics differ: %s[%zu] model %llu, RTL %llu", t[i].name, k,
                         (unsigned long long)a, (unsigned long long)b);
                return why;
            }
        }
    return NULL;
}
#undef COSIM_ROW

/* The RTL build's sizes (rtl/rtl.mk: its preset's, from `morph rtl-params`) must be the model's
 * (the preset's, or --gtlb-entries, --jtlb-sets, --jtlb-ways): 0 if they are. */
static int sizes_differ(const struct sim_cpu *m)
{
#ifdef RTL_GTLB_ENTRIES
    const unsigned rg = RTL_GTLB_ENTRIES, rs = RTL_JTLB_SETS, rw = RTL_JTLB_WAYS, rb = RTL_GSB_DEPTH;
    if (m->gtlb.mask + 1 == rg && m->jtlb.sets == rs && m->jtlb.ways == rw && m->gsb.depth == rb) return 0;
    fprintf(stderr, "morph: cosim: the model has a %u-entry GTLB, a %u x %u JTLB and a %u-entry GSB, this "
            "morph-rtl %u, %u x %u and %u (its preset's, `morph rtl-params`, unless rtl/rtl.mk's RTL_* said "
            "otherwise)\n", m->gtlb.mask + 1, m->jtlb.sets, m->jtlb.ways, m->gsb.depth, rg, rs, rw, rb);
    return 1;
#else
    (void)m;
    return 0;
#endif
}

enum sim_stop sim_cosim_run(struct sim_cpu *model, uint32_t entry, const char *fw_elf,
                            const char *wave, int *diverged)
{
    static struct cosim s;
    static struct sim_cpu shell;
    *diverged = 0;
    if (sizes_differ(model)) return model->stop = SIM_STOP_FATAL;
    memset(&s, 0, sizeof s);
    memset(&shell, 0, sizeof shell);
    s.model = model;
    s.fw_elf = fw_elf;
    model->hook = model_hook;
    model->hook_ctx = &s;
    shell.mem = model->mem;
    shell.htif = model->htif;
    shell.core = model->core; /* the RTL's events cost the configuration's penalties */
    shell.cache_cfg = model->cache_cfg; /* the RTL's caches: the model's */
    /* The cycle limit is the RTL's: it stops issuing at the limit and the model steps exactly
     * the ops the RTL issued, so both stop after the same op (the model alone would decline an
     * op the RTL has already issued). */
    shell.max_cycles = model->max_cycles;
    const uint64_t model_limit = model->max_cycles;
    model->max_cycles = 0;
    sim_cpu_limit(model, UINT64_MAX);
    struct sim_rtl_config cfg = { .wave = wave, .cosim = 1, .inject = model->inject, .on_event = on_event,
                                  .on_issue = on_issue, .pending = pending, .ctx = &s };
    sim_rtl_run(&shell, entry, &cfg);
    model->max_cycles = model_limit;
    if (!s.diverged && s.qn)
        report(&s, &s.q[s.qh], NULL, "the model produced an event the RTL did not");
    if (!s.diverged && shell.cycles != model->cycles && model->stop == SIM_STOP_EXIT) {
        char why[96];
        snprintf(why, sizeof why, "final cycle count: model %llu, RTL %llu",
                 (unsigned long long)model->cycles, (unsigned long long)shell.cycles);
        report(&s, NULL, NULL, why);
    }
    if (!s.diverged && model->stop == SIM_STOP_EXIT) {
        char why[160];
        sim_cpu_flush_stats(model);
        if (stats_differ(&model->st, &shell.st, why, sizeof why)) report(&s, NULL, NULL, why);
    }
    model->hook = NULL;
    fprintf(stderr, "morph: cosim: %llu events compared (model and RTL), %s\n",
            (unsigned long long)s.compared, s.diverged ? "DIVERGED" : "no divergence");
    *diverged = s.diverged;
    if (model->stop == SIM_RUNNING) model->stop = shell.stop == SIM_RUNNING ? SIM_STOP_FATAL : shell.stop;
    return model->stop;
}
