/* Host side of morph run -d KEYS (docs/usage.md "Translation log"): the firmware's HTIF_CMD_LOG
 * records, disassembled (x86 with Zydis, I-ops with sim_disasm_iop) and written to --log-file
 * or stderr. */
#include "sim_log.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "morph/htif.h"
#include "morph_decode.h"
#include "morph_isa.h"
#include "sim_disasm.h"

static FILE *log_f;

static const struct { uint32_t bit; const char *name, *about; } keys[] = {
#define SIM_LOG_KEY_(id, bit, name, about) {bit, name, about},
    MORPH_LOG_KEYS(SIM_LOG_KEY_)
#undef SIM_LOG_KEY_
};
#define NKEYS (sizeof keys / sizeof keys[0])

void sim_log_keys(FILE *f)
{
    for (unsigned k = 0; k < NKEYS; k++) fprintf(f, "%-8s %s\n", keys[k].name, keys[k].about);
}

int sim_log_parse(const char *list, uint32_t *bits)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *k = strtok_r(buf, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
        unsigned i = 0;
        while (i < NKEYS && strcmp(k, keys[i].name)) i++;
        if (i == NKEYS) {
            fprintf(stderr, "morph: unknown -d/--log key '%s' (known:", k);
            for (unsigned j = 0; j < NKEYS; j++) fprintf(stderr, "%s %s", j ? "," : "", keys[j].name);
            fprintf(stderr, "; -d help describes them)\n");
            return -1;
        }
        *bits |= keys[i].bit;
    }
    if (!*bits) {
        fprintf(stderr, "morph: -d/--log wants a comma-separated list of keys (-d help)\n");
        return -1;
    }
    return 0;
}

int sim_log_open(const char *path)
{
    /* appended: a guest's forked child and the morph its execve starts write to the same file */
    log_f = path ? fopen(path, "a") : stderr;
    if (!log_f) {
        fprintf(stderr, "morph: --log-file %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* One instruction {u32 eip, u8 len, bytes}: its text; returns the bytes it took, 0 if short. */
static size_t insn_text(const uint8_t *p, size_t left, uint32_t *eip, char *out, size_t outlen)
{
    if (left < 5 || left < 5u + p[4]) return 0;
    *eip = get32(p);
    if (sim_disasm_x86(p + 5, p[4], *eip, out, outlen)) snprintf(out, outlen, "(bad)");
    return 5u + p[4];
}

static const char *const tier_name[2] = {"block", "superblock"};

static int log_in(const uint8_t *b, size_t n)
{
    if (n < 8) return -1;
    uint32_t tier = get32(b) & 1, count = get32(b + 4);
    size_t at = 8;
    char t[128];
    uint32_t eip = 0;
    for (uint32_t i = 0; i < count; i++) {
        size_t used = insn_text(b + at, n - at, &eip, t, sizeof t);
        if (!used) return -1;
        if (i == 0) fprintf(log_f, "IN: %s 0x%08x, %u instructions\n", tier_name[tier], eip, count);
        fprintf(log_f, "0x%08x:  %s\n", eip, t);
        at += used;
    }
    fputc('\n', log_f);
    return 0;
}

static int log_out(const uint8_t *b, size_t n)
{
    if (n < 20) return -1;
    uint32_t tier = get32(b) & 1, head = get32(b + 4), code = get32(b + 8), words = get32(b + 12),
             count = get32(b + 16);
    size_t at = 20;
    enum { MAXG = 512 };
    uint32_t first[MAXG], eip[MAXG];
    char text[MAXG][96];
    if (count > MAXG) return -1;
    for (uint32_t i = 0; i < count; i++) {
        if (n - at < 4) return -1;
        first[i] = get32(b + at);
        size_t used = insn_text(b + at + 4, n - at - 4, &eip[i], text[i], sizeof text[i]);
        if (!used) return -1;
        at += 4 + used;
    }
    if (n - at < 4ull * words) return -1;
    const uint8_t *w = b + at;
    int marks = 0;
    for (uint32_t k = 0; k < words; k++) {
        uint32_t op = get32(w + 4 * k);
        marks |= !(op & MORPH_FUSE_BIT);
        if (morph_classify(op) == MI_XEXIT) k += 2;
    }
    fprintf(log_f, "OUT: %s 0x%08x at 0x%08x, %u words%s\n", tier_name[tier], head, code, words,
            marks ? " ({ } a fused pair: one macro-op)" : "");
    int in_pair = 0;
    for (uint32_t k = 0; k < words; k++) {
        for (uint32_t i = 0; i < count; i++)
            if (first[i] == k) fprintf(log_f, "  ; 0x%08x  %s\n", eip[i], text[i]);
        uint32_t op = get32(w + 4 * k);
        char t[96];
        sim_disasm_iop(op, t, sizeof t);
        const int xexit = morph_classify(op) == MI_XEXIT && k + 2 < words;
        const int head_mark = !(op & MORPH_FUSE_BIT); /* a fuse head: a macro-op with the next op */
        const char *mark = in_pair ? "} " : head_mark ? "{ " : "  ";
        in_pair = !in_pair && head_mark;
        if (xexit) {
            fprintf(log_f, "    0x%08x: %s%s  ; exit to 0x%08x, kind 0x%x\n", code + 4 * k, mark, t, get32(w + 4 * k + 4),
                    get32(w + 4 * k + 8));
            k += 2;
        } else
            fprintf(log_f, "    0x%08x: %s%s\n", code + 4 * k, mark, t);
    }
    fputc('\n', log_f);
    return 0;
}

/* One pipeline stage (-d op): a reader of the record's u32 lists. */
struct rd {
    const uint8_t *b;
    size_t n, at;
    int bad;
};
static uint32_t rd32(struct rd *r)
{
    if (r->n - r->at < 4) {
        r->bad = 1;
        return 0;
    }
    uint32_t v = get32(r->b + r->at);
    r->at += 4;
    return v;
}
/* a list: its count, then where its items start (they are read with rd32 later) */
static uint32_t rd_list(struct rd *r, size_t *start)
{
    uint32_t c = rd32(r);
    *start = r->at;
    if (c > (r->n - r->at) / 4) {
        r->bad = 1;
        return 0;
    }
    r->at += 4ull * c;
    return c;
}
static int in_list(const uint8_t *b, size_t start, uint32_t c, uint32_t k, uint32_t mask)
{
    for (uint32_t i = 0; i < c; i++)
        if ((get32(b + start + 4 * i) & mask) == k) return 1;
    return 0;
}

static int log_op(const uint8_t *b, size_t n)
{
    struct rd r = {b, n, 0, 0};
    uint32_t tier = rd32(&r) & 1, head = rd32(&r), nl = rd32(&r);
    if (r.bad || nl > 64 || r.n - r.at < ((nl + 3) & ~3u)) return -1;
    char stage[65];
    memcpy(stage, b + r.at, nl);
    stage[nl] = 0;
    r.at += (nl + 3) & ~3u;
    size_t w0, d0, i0, l0, f0;
    uint32_t nw = rd_list(&r, &w0), nd = rd_list(&r, &d0), ni = rd_list(&r, &i0), nlab = rd_list(&r, &l0),
             nfix = rd_list(&r, &f0);
    if (r.bad) return -1;
    fprintf(log_f, "OP: %s 0x%08x after %s (%u words; x deleted, + fuse head)\n", tier_name[tier], head, stage, nw);
    for (uint32_t k = 0; k < nw; k++) {
        for (uint32_t i = 0; i < ni; i++)
            if (get32(b + i0 + 4 * i) == k) fprintf(log_f, "  ; x86 #%u\n", i);
        for (uint32_t l = 0; l < nlab; l++)
            if (get32(b + l0 + 4 * l) == k) fprintf(log_f, "  L%u:\n", l);
        uint32_t op = get32(b + w0 + 4 * k);
        char t[128], u[96];
        sim_disasm_iop(op, t, sizeof t);
        for (uint32_t f = 0; f < nfix; f++) {
            uint32_t fx = get32(b + f0 + 4 * f);
            if ((fx & 0xffff) != k) continue;
            snprintf(u, sizeof u, "%.40s -> L%u", t, (fx >> 16) & 0xff); /* a branch or (fx >> 24) a jal */
            snprintf(t, sizeof t, "%s", u);
        }
        const char m = in_list(b, d0, nd, k, ~0u) ? 'x' : !(op & MORPH_FUSE_BIT) ? '+' : ' ';
        fprintf(log_f, "  %c %s\n", m, t);
        if (morph_classify(op) == MI_XEXIT && k + 2 < nw) {
            fprintf(log_f, "      (stub data: eip 0x%08x, kind 0x%x)\n", get32(b + w0 + 4 * (k + 1)), get32(b + w0 + 4 * (k + 2)));
            k += 2;
        }
    }
    fputc('\n', log_f);
    return 0;
}

int32_t sim_log_request(uint32_t kind, const uint8_t *buf, uint32_t len)
{
    if (!log_f) return -ENOSYS;
    int bad = 0;
    switch (kind) {
    case HTIF_LOG_IN: bad = log_in(buf, len); break;
    case HTIF_LOG_OUT: bad = log_out(buf, len); break;
    case HTIF_LOG_EXEC:
        if (len < 8) bad = 1;
        else fprintf(log_f, "EXEC: 0x%08x at 0x%08x\n", get32(buf), get32(buf + 4));
        break;
    case HTIF_LOG_CMS: fprintf(log_f, "CMS: %.*s\n", (int)len, (const char *)buf); break;
    case HTIF_LOG_OP: bad = log_op(buf, len); break;
    default: return -EINVAL;
    }
    if (bad) {
        fprintf(stderr, "morph: malformed -d log record (kind %u, %u bytes)\n", kind, len);
        return -EINVAL;
    }
    return 0;
}

void sim_log_close(void)
{
    if (log_f && log_f != stderr) fclose(log_f);
    else if (log_f) fflush(log_f);
    log_f = NULL;
}
