/* Konata pipeline log (sim_pipeview.h; docs/model.md "Pipeline view"). Konata reads a stream of
 * commands in cycle order, but an op becomes known when it issues, after its fetch and decode:
 * each op's commands are queued with their cycles and written once no later op can add a
 * command before them (every op's first stage is at least issue - 2, and issue cycles never go
 * down). */
#include "sim_pipeview.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "morph_isa.h"
#include "sim_cpu.h"
#include "sim_decoder.h"
#include "sim_disasm.h"

enum { CMD_MAX = 4096, FRONT = 2 /* cycles from fetch to issue drawn for every op */ };

struct cmd {
    uint64_t cycle, seq;
    char text[112];
};

struct sim_pipeview {
    FILE *f;
    uint64_t start, end;      /* window of issue cycles */
    unsigned redirect;        /* the core's front-end depth: 1 = fetch and decode in one stage */
    int fuse;
    unsigned div, mul;        /* cycles the divider and the multiplier hold EX beyond the first */
    uint64_t id, seq, now;    /* next op id, command order, cycle written so far */
    int started, err;
    struct cmd *q;
    unsigned nq;
    /* the previous op, to mark a fused pair */
    uint64_t prev_id, prev_issue;
    uint32_t prev_pc, prev_raw;
    int have_prev;
    uint32_t x[32], eip;
};

static int by_time(const void *a, const void *b)
{
    const struct cmd *x = a, *y = b;
    if (x->cycle != y->cycle) return x->cycle < y->cycle ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Write the queued commands before cycle `bound` (all of them with UINT64_MAX). */
static void flush(struct sim_pipeview *p, uint64_t bound)
{
    if (!p->nq) return;
    qsort(p->q, p->nq, sizeof *p->q, by_time);
    unsigned i = 0;
    for (; i < p->nq && p->q[i].cycle < bound; i++) {
        if (!p->started) {
            fprintf(p->f, "Kanata\t0004\nC=\t%" PRIu64 "\n", p->q[i].cycle);
            p->now = p->q[i].cycle;
            p->started = 1;
        } else if (p->q[i].cycle > p->now) {
            fprintf(p->f, "C\t%" PRIu64 "\n", p->q[i].cycle - p->now);
            p->now = p->q[i].cycle;
        }
        fputs(p->q[i].text, p->f);
    }
    memmove(p->q, p->q + i, (p->nq - i) * sizeof *p->q);
    p->nq -= i;
}

__attribute__((format(printf, 3, 4)))
static void push(struct sim_pipeview *p, uint64_t cycle, const char *fmt, ...)
{
    if (p->nq == CMD_MAX) flush(p, cycle); /* cannot fill up: ops span a bounded number of cycles */
    if (p->nq == CMD_MAX) {
        p->err = 1;
        return;
    }
    struct cmd *c = &p->q[p->nq++];
    c->cycle = cycle;
    c->seq = p->seq++;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->text, sizeof c->text, fmt, ap);
    va_end(ap);
}

struct sim_pipeview *sim_pipeview_open(const char *path, uint64_t start, uint64_t cycles,
                                       const struct sim_core_cfg *k)
{
    struct sim_pipeview *p = calloc(1, sizeof *p);
    if (p) p->q = calloc(CMD_MAX, sizeof *p->q);
    if (!p || !p->q || !(p->f = fopen(path, "w"))) {
        fprintf(stderr, "morph: --pipeview: cannot write %s\n", path);
        if (p) free(p->q);
        free(p);
        return NULL;
    }
    p->start = start;
    p->end = cycles > UINT64_MAX - start ? UINT64_MAX : start + cycles;
    p->redirect = k->redirect;
    p->fuse = k->fuse;
    p->div = k->div;
    p->mul = k->mul;
    return p;
}

void sim_pipeview_reg(struct sim_pipeview *p, uint32_t rd, uint32_t val)
{
    if (rd && rd < 32) p->x[rd] = val;
}

uint32_t sim_pipeview_eip(struct sim_pipeview *p, uint32_t raw, uint32_t pc, const struct sim_mem *m)
{
    if (morph_classify(raw | MORPH_FUSE_BIT) == MI_COMMIT)
        p->eip = morph_rs1(raw) ? p->x[morph_rs1(raw)] : sim_commit_at_eip(m, pc);
    return p->eip;
}

int sim_pipeview_op(struct sim_pipeview *p, uint32_t pc, uint32_t raw, uint64_t issue, int trap,
                    unsigned cause, int mode, uint32_t eip)
{
    if (issue >= p->end) return 1;
    if (issue < p->start) return 0;
    const uint64_t t = issue, id = p->id++;
    const uint64_t f = t >= FRONT ? t - FRONT : 0, d = t ? t - 1 : 0;
    flush(p, f);
    push(p, f, "I\t%" PRIu64 "\t%" PRIu64 "\t0\n", id, id);
    char dis[64] = "";
    if (!trap) sim_disasm_iop(raw | MORPH_FUSE_BIT, dis, sizeof dis);
    if (trap)
        push(p, f, "L\t%" PRIu64 "\t0\t%08x: trap %s\n", id, pc, sim_cause_name(cause));
    else if (mode)
        push(p, f, "L\t%" PRIu64 "\t0\t%08x: %s  [x86 %08x]\n", id, pc, dis, eip);
    else
        push(p, f, "L\t%" PRIu64 "\t0\t%08x: %s\n", id, pc, dis);
    push(p, f, "L\t%" PRIu64 "\t1\tissue cycle %" PRIu64 "%s\n", id, t, mode ? ", translated code" : ", CMS");
    /* a pair issued together with its head's fuse mark: both labelled */
    if (!trap && p->fuse && p->have_prev && p->prev_issue == t && p->prev_pc + 4 == pc &&
        sim_dec_fuse_marked(p->prev_raw)) {
        push(p, f, "L\t%" PRIu64 "\t0\t  (fused tail of #%" PRIu64 ")\n", id, p->prev_id);
        push(p, f, "L\t%" PRIu64 "\t0\t  (fused head of #%" PRIu64 ")\n", p->prev_id, id);
        push(p, f, "W\t%" PRIu64 "\t%" PRIu64 "\t0\n", id, p->prev_id);
    }
    if (p->redirect >= 2) {
        push(p, f, "S\t%" PRIu64 "\t0\tF\n", id);
        push(p, d, "S\t%" PRIu64 "\t0\tD\n", id);
    } else {
        push(p, d, "S\t%" PRIu64 "\t0\tFD\n", id);
    }
    push(p, t, "S\t%" PRIu64 "\t0\tX\n", id);
    if (trap) {
        push(p, t + 1, "R\t%" PRIu64 "\t%" PRIu64 "\t1\n", id, id); /* flushed: it does not retire */
    } else {
        /* the divider, and an iterative multiplier, hold EX for their extra cycles (docs/isa.md
         * section 9; knobs div, mul) */
        const enum morph_iop op = morph_classify(raw | MORPH_FUSE_BIT);
        const int mul = (op >= MI_MUL && op <= MI_MULHU) || (op >= MI_XMULF_B && op <= MI_XIMULF_W);
        const uint64_t x = 1 + ((op >= MI_DIV && op <= MI_REMU) ? p->div : mul ? p->mul : 0);
        push(p, t + x, "S\t%" PRIu64 "\t0\tM\n", id);
        push(p, t + x + 1, "S\t%" PRIu64 "\t0\tW\n", id);
        push(p, t + x + 2, "R\t%" PRIu64 "\t%" PRIu64 "\t0\n", id, id);
    }
    p->have_prev = !trap;
    p->prev_id = id;
    p->prev_issue = t;
    p->prev_pc = pc;
    p->prev_raw = raw;
    return 0;
}

int sim_pipeview_close(struct sim_pipeview *p)
{
    if (!p) return 0;
    flush(p, UINT64_MAX);
    int err = p->err || ferror(p->f);
    if (fclose(p->f)) err = 1;
    free(p->q);
    free(p);
    if (err) fprintf(stderr, "morph: --pipeview: write error\n");
    return err ? -1 : 0;
}
