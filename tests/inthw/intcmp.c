/* intcmp: compare the output of the integer instruction harness (tests/inthw/inthw.c) from a
 * reference run (the x86-64 build on the host CPU, or the i386 build in the i386 reference run)
 * with the output of the i386 build under morph.
 *
 *   intcmp REF_OUT MORPH_OUT
 *
 * Line by line: the form name, the stub bytes and the inputs must be equal (the bytes being equal
 * checks that the stub is the same code in both builds); the output registers and the memory
 * hash must be equal; EFLAGS must be equal except the arithmetic flags (CF PF AF ZF SF OF) that
 * Zydis, decoding the stub bytes in 32-bit mode, reports as undefined (as in tests/tools/regcmp.c:
 * in a sequence, the last instruction that touches a flag decides). All other bits (DF, IF, bit 1)
 * are compared.
 * Prints the first mismatches in detail, then "FORM: N compared, M mismatches" per form and
 * "total: N compared, M mismatches". Exit status: 0 equal, 1 mismatches (or missing lines),
 * 2 usage error or malformed reference output. */
#include <Zydis/Zydis.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARITH_FLAGS 0x8d5u /* CF PF AF ZF SF OF */
#define MAX_BYTES 32
#define MAX_REPORTS 6

static const char *const reg_names[7] = {"eax", "ebx", "ecx", "edx", "esi", "edi", "efl"};

struct rec {
    char name[64];
    uint8_t bytes[MAX_BYTES];
    unsigned nbytes;
    uint32_t in[7], out[7];
    int has_mem;
    uint32_t mem[3]; /* hash, dword 0, dword 1 */
};

struct form_stat {
    char name[64];
    unsigned long compared, mismatches;
};

static struct form_stat *stats;
static size_t nstats, capstats;

static struct form_stat *stat_for(const char *name)
{
    if (nstats && !strcmp(stats[nstats - 1].name, name)) return &stats[nstats - 1];
    for (size_t i = 0; i < nstats; i++)
        if (!strcmp(stats[i].name, name)) return &stats[i];
    if (nstats == capstats) {
        capstats = capstats ? 2 * capstats : 256;
        stats = realloc(stats, capstats * sizeof *stats);
        if (!stats) abort();
    }
    struct form_stat *s = &stats[nstats++];
    snprintf(s->name, sizeof s->name, "%s", name);
    s->compared = s->mismatches = 0;
    return s;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static int parse_hex32(const char **ps, uint32_t *v)
{
    const char *s = *ps;
    uint32_t x = 0;
    for (int i = 0; i < 8; i++) {
        int h = hexval(s[i]);
        if (h < 0) return -1;
        x = x << 4 | (uint32_t)h;
    }
    if (s[8] != ' ' && s[8] != '\0') return -1;
    *v = x;
    *ps = s[8] ? s + 9 : s + 8;
    return 0;
}

/* NAME BYTES 7*hex : 7*hex [m 3*hex] */
static int parse(const char *s, struct rec *r)
{
    const char *sp = strchr(s, ' ');
    if (!sp || sp == s || (size_t)(sp - s) >= sizeof r->name) return -1;
    memcpy(r->name, s, (size_t)(sp - s));
    r->name[sp - s] = '\0';
    s = sp + 1;
    r->nbytes = 0;
    while (*s && *s != ' ') {
        int hi = hexval(s[0]), lo = s[1] ? hexval(s[1]) : -1;
        if (hi < 0 || lo < 0 || r->nbytes == MAX_BYTES) return -1;
        r->bytes[r->nbytes++] = (uint8_t)(hi << 4 | lo);
        s += 2;
    }
    if (!r->nbytes || *s++ != ' ') return -1;
    for (int i = 0; i < 7; i++)
        if (parse_hex32(&s, &r->in[i])) return -1;
    if (s[0] != ':' || s[1] != ' ') return -1;
    s += 2;
    for (int i = 0; i < 7; i++)
        if (parse_hex32(&s, &r->out[i])) return -1;
    r->has_mem = 0;
    if (s[0] == 'm' && s[1] == ' ') {
        s += 2;
        for (int i = 0; i < 3; i++)
            if (parse_hex32(&s, &r->mem[i])) return -1;
        r->has_mem = 1;
    }
    return *s == '\0' ? 0 : -1;
}

static ZydisDecoder dec;
static ZydisFormatter fmt;

/* Arithmetic flags the instruction sequence leaves undefined; -1 if it does not decode. Also
 * the sequence as text (AT&T syntax, "; " between instructions) if text is not NULL. */
static long undefined_flags(const uint8_t *bytes, unsigned n, char *text, size_t tl)
{
    uint32_t undef = 0;
    unsigned off = 0;
    if (text) text[0] = '\0';
    while (off < n) {
        ZydisDecodedInstruction insn;
        ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
        if (!ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, bytes + off, n - off, &insn, ops)))
            return -1;
        if (insn.cpu_flags) {
            uint32_t touched = insn.cpu_flags->modified | insn.cpu_flags->set_0 |
                               insn.cpu_flags->set_1 | insn.cpu_flags->undefined;
            /* Zydis' CPU flag bits are the EFLAGS bit positions. */
            undef = (undef & ~touched) | insn.cpu_flags->undefined;
        }
        if (text) {
            char one[96];
            if (!ZYAN_SUCCESS(ZydisFormatterFormatInstruction(&fmt, &insn, ops,
                                                              insn.operand_count_visible, one,
                                                              sizeof one, off, NULL)))
                snprintf(one, sizeof one, "?");
            size_t l = strlen(text);
            snprintf(text + l, tl - l, "%s%s", l ? "; " : "", one);
        }
        off += insn.length;
    }
    return (long)(undef & ARITH_FLAGS);
}

static void flag_names(uint32_t mask, char *out, size_t ol)
{
    static const struct { uint32_t bit; const char *name; } fl[] = {
        {0x1, "CF"}, {0x4, "PF"}, {0x10, "AF"}, {0x40, "ZF"}, {0x80, "SF"},
        {0x100, "TF"}, {0x200, "IF"}, {0x400, "DF"}, {0x800, "OF"}};
    size_t l = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof fl / sizeof fl[0]; i++)
        if (mask & fl[i].bit)
            l += (size_t)snprintf(out + l, ol - l, "%s%s", l ? "," : "", fl[i].name);
    if (mask & ~0xfd5u) snprintf(out + l, ol - l, "%sother:%#x", l ? "," : "", mask & ~0xfd5u);
    if (!mask) snprintf(out, ol, "none");
}

static void print_regs(const char *label, const uint32_t *v, const struct rec *r, int out)
{
    printf("    %-6s", label);
    for (int i = 0; i < 7; i++) printf(" %s=%08x", reg_names[i], v[i]);
    if (out && r->has_mem)
        printf(" mem hash=%08x [0]=%08x [4]=%08x", r->mem[0], r->mem[1], r->mem[2]);
    printf("\n");
}

static int reports;

static void report(size_t line, const struct rec *a, const struct rec *b, long undef,
                   const char *why)
{
    if (reports++ >= MAX_REPORTS) return;
    char text[256], un[64];
    undefined_flags(a->bytes, a->nbytes, text, sizeof text);
    flag_names((uint32_t)(undef < 0 ? 0 : undef), un, sizeof un);
    printf("mismatch, line %zu: %s: %s (undefined flags: %s)\n", line, a->name, text, un);
    printf("   %s\n", why);
    print_regs("in:", a->in, a, 0);
    print_regs("ref:", a->out, a, 1);
    print_regs("morph:", b->out, b, 1);
}

static FILE *open_or_die(const char *p)
{
    FILE *f = fopen(p, "r");
    if (!f) {
        fprintf(stderr, "intcmp: %s: %s\n", p, strerror(errno));
        exit(2);
    }
    return f;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: intcmp REF_OUT MORPH_OUT\n");
        return 2;
    }
    FILE *fa = open_or_die(argv[1]), *fb = open_or_die(argv[2]);
    ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LEGACY_32, ZYDIS_STACK_WIDTH_32);
    ZydisFormatterInit(&fmt, ZYDIS_FORMATTER_STYLE_ATT);

    char *la = NULL, *lb = NULL;
    size_t ca = 0, cb = 0, line = 0;
    unsigned long total = 0, bad = 0;
    long undef = 0;
    uint8_t ubytes[MAX_BYTES];
    unsigned unb = 0;
    int status = 0, out_of_step = 0;
    for (;;) {
        ssize_t na = getline(&la, &ca, fa);
        ssize_t nb = out_of_step ? -1 : getline(&lb, &cb, fb);
        if (na < 0 && nb < 0) break;
        line++;
        if (na > 0 && la[na - 1] == '\n') la[--na] = '\0';
        if (nb > 0 && lb[nb - 1] == '\n') lb[--nb] = '\0';
        struct rec a, b;
        if (na < 0) {
            printf("morph output has more lines than the reference, from line %zu: %s\n", line, lb);
            status = 1;
            break;
        }
        if (parse(la, &a)) {
            fprintf(stderr, "intcmp: %s:%zu: malformed line: %s\n", argv[1], line, la);
            return 2;
        }
        struct form_stat *st = stat_for(a.name);
        st->compared++;
        total++;
        if (a.nbytes != unb || memcmp(a.bytes, ubytes, unb)) {
            undef = undefined_flags(a.bytes, a.nbytes, NULL, 0);
            if (undef < 0) {
                fprintf(stderr, "intcmp: %s:%zu: Zydis cannot decode the stub bytes\n", argv[1],
                        line);
                return 2;
            }
            memcpy(ubytes, a.bytes, a.nbytes);
            unb = a.nbytes;
        }
        if (nb < 0) {
            if (!out_of_step && reports++ < MAX_REPORTS)
                printf("morph output ends at line %zu; first missing line: %s\n", line, la);
            out_of_step = 1;
            st->mismatches++;
            bad++;
            continue;
        }
        if (parse(lb, &b)) {
            if (reports++ < MAX_REPORTS)
                printf("malformed line %zu from morph:\n    ref:   %s\n    morph: %s\n", line, la,
                       lb);
            st->mismatches++;
            bad++;
            continue;
        }
        if (strcmp(a.name, b.name)) {
            if (reports++ < MAX_REPORTS)
                printf("line %zu: different forms (ref %s, morph %s): outputs out of step\n", line,
                       a.name, b.name);
            out_of_step = 1;
            st->mismatches++;
            bad++;
            continue;
        }
        char why[512] = "";
        size_t wl = 0;
        if (a.nbytes != b.nbytes || memcmp(a.bytes, b.bytes, a.nbytes))
            wl += (size_t)snprintf(why + wl, sizeof why - wl, "%s",
                                   "stub bytes differ between the builds (not mode-neutral); ");
        if (memcmp(a.in, b.in, sizeof a.in))
            wl += (size_t)snprintf(why + wl, sizeof why - wl, "%s",
                                   "inputs differ (harness out of step); ");
        for (int i = 0; i < 6; i++)
            if (a.out[i] != b.out[i])
                wl += (size_t)snprintf(why + wl, sizeof why - wl, "%s ref %08x morph %08x; ",
                                       reg_names[i], a.out[i], b.out[i]);
        uint32_t fdiff = (a.out[6] ^ b.out[6]) & ~(uint32_t)undef;
        if (fdiff) {
            char names[96];
            flag_names(fdiff, names, sizeof names);
            wl += (size_t)snprintf(why + wl, sizeof why - wl, "eflags differ in %s; ", names);
        }
        if (a.has_mem != b.has_mem || (a.has_mem && memcmp(a.mem, b.mem, sizeof a.mem)))
            wl += (size_t)snprintf(why + wl, sizeof why - wl, "memory differs; ");
        if (wl) {
            st->mismatches++;
            bad++;
            report(line, &a, &b, undef, why);
        }
    }
    if (reports > MAX_REPORTS) printf("(%d more mismatches not shown)\n", reports - MAX_REPORTS);
    for (size_t i = 0; i < nstats; i++)
        printf("%s: %lu compared, %lu mismatches\n", stats[i].name, stats[i].compared,
               stats[i].mismatches);
    printf("total: %lu compared, %lu mismatches\n", total, bad);
    if (!total) {
        printf("intcmp: no cases in %s\n", argv[1]);
        return 1;
    }
    return bad || status ? 1 : 0;
}
