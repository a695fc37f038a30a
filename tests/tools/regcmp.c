/* regcmp: compare the output of an x86 register-dump test run natively with the same test run
 * under morph.
 *
 *   regcmp NATIVE_OUT MORPH_OUT
 *
 * Lines that do not start with '@' must be byte-identical. Record lines
 *   @<eip> <bytes> eax=.. ecx=.. edx=.. ebx=.. esp=.. ebp=.. esi=.. edi=.. efl=..
 * must have the same EIP, bytes and registers; EFLAGS must be equal after masking the arithmetic
 * flags (CF PF AF ZF SF OF) that x86 leaves undefined for the recorded instruction(s), as Zydis
 * reports them (decoded in 32-bit mode). A record may cover several instructions: a flag is masked
 * if the last instruction in the sequence that touches it leaves it undefined.
 * Exit status: 0 same, 1 different, 2 usage or malformed input. */
#include <Zydis/Zydis.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARITH_FLAGS 0x8d5u /* CF PF AF ZF SF OF */
#define MAX_BYTES 64
#define MAX_REPORTS 5

static const char *const reg_names[9] = {"eax", "ecx", "edx", "ebx", "esp",
                                         "ebp", "esi", "edi", "efl"};

struct record {
    uint32_t eip;
    uint8_t bytes[MAX_BYTES];
    unsigned nbytes;
    uint32_t reg[9];
};

struct lines {
    char **line;
    size_t n;
};

static int read_lines(const char *path, struct lines *out)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "regcmp: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 0;
    out->line = NULL;
    out->n = 0;
    char *buf = NULL;
    size_t bufcap = 0;
    ssize_t len;
    while ((len = getline(&buf, &bufcap, f)) >= 0) {
        if (len > 0 && buf[len - 1] == '\n')
            buf[len - 1] = '\0';
        if (out->n == cap) {
            cap = cap ? cap * 2 : 256;
            out->line = realloc(out->line, cap * sizeof *out->line);
            if (!out->line)
                abort();
        }
        out->line[out->n++] = strdup(buf);
    }
    free(buf);
    fclose(f);
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Parse a record line; returns 0 on success. */
static int parse_record(const char *s, struct record *r)
{
    char *end;
    if (*s++ != '@')
        return -1;
    r->eip = (uint32_t)strtoul(s, &end, 16);
    if (end == s || *end != ' ')
        return -1;
    s = end + 1;
    r->nbytes = 0;
    while (*s && *s != ' ') {
        int hi = hexval(s[0]), lo = s[1] ? hexval(s[1]) : -1;
        if (hi < 0 || lo < 0 || r->nbytes == MAX_BYTES)
            return -1;
        r->bytes[r->nbytes++] = (uint8_t)(hi << 4 | lo);
        s += 2;
    }
    if (r->nbytes == 0)
        return -1;
    for (int i = 0; i < 9; i++) {
        size_t n = strlen(reg_names[i]);
        if (s[0] != ' ' || strncmp(s + 1, reg_names[i], n) != 0 || s[1 + n] != '=')
            return -1;
        s += n + 2;
        r->reg[i] = (uint32_t)strtoul(s, &end, 16);
        if (end == s)
            return -1;
        s = end;
    }
    return *s == '\0' ? 0 : -1;
}

/* Arithmetic flags left undefined by the instruction sequence in the record; -1 if undecodable. */
static long undefined_flags(const ZydisDecoder *dec, const struct record *r)
{
    uint32_t undef = 0;
    unsigned off = 0;
    while (off < r->nbytes) {
        ZydisDecodedInstruction insn;
        ZydisDecoderContext ctx;
        if (!ZYAN_SUCCESS(ZydisDecoderDecodeInstruction(dec, &ctx, r->bytes + off,
                                                        r->nbytes - off, &insn)))
            return -1;
        if (insn.cpu_flags) {
            uint32_t touched = insn.cpu_flags->modified | insn.cpu_flags->set_0 |
                               insn.cpu_flags->set_1 | insn.cpu_flags->undefined;
            /* Zydis' CPU flag bits are the EFLAGS bit positions. */
            undef = (undef & ~touched) | insn.cpu_flags->undefined;
        }
        off += insn.length;
    }
    return (long)(undef & ARITH_FLAGS);
}

static void flag_names(uint32_t mask, char *out)
{
    static const struct { uint32_t bit; const char *name; } fl[] = {
        {0x1, "CF"}, {0x4, "PF"}, {0x10, "AF"}, {0x40, "ZF"}, {0x80, "SF"},
        {0x100, "TF"}, {0x200, "IF"}, {0x400, "DF"}, {0x800, "OF"}};
    out[0] = '\0';
    for (size_t i = 0; i < sizeof fl / sizeof fl[0]; i++)
        if (mask & fl[i].bit) {
            strcat(out, out[0] ? "," : "");
            strcat(out, fl[i].name);
        }
    if (mask & ~0xfd5u)
        sprintf(out + strlen(out), "%sother:%#x", out[0] ? "," : "", mask & ~0xfd5u);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: regcmp NATIVE_OUT MORPH_OUT\n");
        return 2;
    }
    struct lines nat, mor;
    if (read_lines(argv[1], &nat) || read_lines(argv[2], &mor))
        return 2;

    ZydisDecoder dec;
    ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LEGACY_32, ZYDIS_STACK_WIDTH_32);

    int reports = 0, records = 0, masked_diffs = 0;
    size_t n = nat.n < mor.n ? nat.n : mor.n;
    for (size_t i = 0; i < n && reports < MAX_REPORTS; i++) {
        const char *a = nat.line[i], *b = mor.line[i];
        if (a[0] != '@' || b[0] != '@') {
            if (strcmp(a, b) != 0) {
                printf("line %zu differs:\n  native: %s\n  morph:  %s\n", i + 1, a, b);
                reports++;
            }
            continue;
        }
        struct record ra, rb;
        if (parse_record(a, &ra) != 0) {
            fprintf(stderr, "regcmp: %s:%zu: malformed record: %s\n", argv[1], i + 1, a);
            return 2;
        }
        if (parse_record(b, &rb) != 0) {
            printf("line %zu: malformed record from morph:\n  native: %s\n  morph:  %s\n", i + 1,
                   a, b);
            reports++;
            continue;
        }
        records++;
        if (ra.eip != rb.eip || ra.nbytes != rb.nbytes ||
            memcmp(ra.bytes, rb.bytes, ra.nbytes) != 0) {
            printf("line %zu: records for different instructions:\n  native: %s\n  morph:  %s\n",
                   i + 1, a, b);
            reports++;
            continue;
        }
        long undef = undefined_flags(&dec, &ra);
        if (undef < 0) {
            fprintf(stderr, "regcmp: %s:%zu: Zydis cannot decode the recorded bytes\n", argv[1],
                    i + 1);
            return 2;
        }
        char why[256] = "";
        for (int k = 0; k < 8; k++)
            if (ra.reg[k] != rb.reg[k])
                sprintf(why + strlen(why), " %s native %08x morph %08x;", reg_names[k],
                        ra.reg[k], rb.reg[k]);
        uint32_t fdiff = (ra.reg[8] ^ rb.reg[8]) & ~(uint32_t)undef;
        if (fdiff) {
            char names[96];
            flag_names(fdiff, names);
            sprintf(why + strlen(why), " eflags differ in %s (native %08x morph %08x);", names,
                    ra.reg[8], rb.reg[8]);
        } else if (ra.reg[8] != rb.reg[8]) {
            masked_diffs++;
        }
        if (why[0]) {
            printf("line %zu @%08x:%s\n  native: %s\n  morph:  %s\n", i + 1, ra.eip, why, a, b);
            reports++;
        }
    }
    if (reports < MAX_REPORTS && nat.n != mor.n) {
        printf("%s output has %zu lines, native %zu\n", mor.n < nat.n ? "morph (shorter)" : "morph",
               mor.n, nat.n);
        if (mor.n < nat.n)
            printf("  first missing line: %s\n", nat.line[mor.n]);
        reports++;
    }
    if (reports)
        return 1;
    printf("regcmp: %zu lines, %d records equal (%d differ only in undefined flags)\n", nat.n,
           records, masked_diffs);
    return 0;
}
