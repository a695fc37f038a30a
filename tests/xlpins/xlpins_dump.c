/* Host driver of the translation-quality pins (tests/xlpins/xlpins.py, docs/translator.md):
 * reads one x86 instruction per line on stdin as hex bytes, translates it with the host build of
 * translator/xl_bbt.c (as tests/unit/test_xl_bbt.c does) twice, with its flags live (the block
 * ends right after it) and dead (a following "cmp eax, eax" overwrites every flag), and prints
 *
 *   insn <Zydis text>
 *   live <I-ops>                     the instruction's body, then one line per I-op
 *   dead <I-ops> | dead n/a          (n/a: the instruction ends the block)
 *   end
 *
 * or "error <reason>" instead of live/dead.
 *
 * With --stages, each line is a whole block, shown after every pipeline stage (lift, each
 * pass, link; docs/translator.md "Passes"): its x86 instructions, then each stage's words with
 * the IR beside them (instruction bounds, labels, branches to labels, flag ops and their feeds,
 * deleted words). Listing lines are sim_disasm_iop text; an xexit is
 * followed by its stub's two data words, printed on the xexit's line (target EIP relative to the
 * block's start, stub kind), so the number of lines is the number of I-ops.
 *
 * With --stages --path=DIRS, the line is a superblock's code instead: the path starts at its
 * first byte, goes through each Jcc in the direction DIRS names in turn (T taken, F fall-through;
 * the other one becomes a side exit), through direct JMP and CALL, and ends with its own exits at
 * a transfer back to its start, an indirect one, a Jcc DIRS leaves out or a target outside the
 * bytes (as translator/xl_sbt.c ends a path at a return to the head or an edge it does not
 * take). With --superblock, each line is "DIRS HEX BYTES" and the output the pins' form of such a
 * superblock (tests/xlpins/superblock.json):
 *
 *   insn <Zydis text>                one per instruction of the path
 *   code <I-ops>                     then one line per I-op of the whole translation after the
 *                                    link ("+" before a fuse head), stub data as above
 *   end */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "morph_decode.h"
#include "morph_isa.h"
#include "sim_disasm.h"
#include "xl_bbt.h"
#include "xl_ir.h"
#include "xl_lift.h"
#include "xl_encode.h"
#include "fuse.h"
#include "xl_passes.h"
#include "sim_core.h"

#define BASE_EIP 0x08049000u

static uint8_t code_bytes[64];
static unsigned code_len;
static uint32_t buf[XL_BBT_MAX_WORDS];

static const struct xl_insn *fetch(uint32_t eip, struct xl_insn *out, void *ctx)
{
    (void)ctx;
    uint32_t off = eip - BASE_EIP;
    if (off >= code_len) return NULL;
    unsigned n = code_len - off < XL_MAX_LEN ? code_len - off : XL_MAX_LEN;
    return xl_decode(eip, code_bytes + off, n, out) == 0 ? out : NULL;
}

static int is_xexit(uint32_t w) { return morph_classify(w) == MI_XEXIT; }

/* Translates b[0..n) and prints the first instruction's body; returns the instructions translated. */
static unsigned listing(const char *tag, const uint8_t *b, unsigned n, unsigned want_insns)
{
    struct xl_bbt_result res;
    memcpy(code_bytes, b, n);
    code_len = n;
    res.want_insn_ops = 1;
    xl_x87_pool_used = 0; /* x87 runs: the same pool entry in every listing */
    uint32_t w = xl_bbt_translate(BASE_EIP, buf, XL_BBT_MAX_WORDS, XL_BBT_MAX_INSNS, fetch, NULL, &res);
    if (!w) { printf("error not translated (stop op %u)\n", res.stop_op); return 0; }
    if (res.ninsn != want_insns) return res.ninsn;
    /* buf[0] is the block's x86 instruction count update; the body follows */
    unsigned lo = 1, hi = 1 + res.insn_ops[0], iops = 0;
    for (unsigned i = lo; i < hi; i += is_xexit(buf[i]) ? 3 : 1) iops++;
    printf("%s %u\n", tag, iops);
    /* the I-op count class of the facts table (x86/xl_ops.h) bounds the listing */
    struct xl_insn x;
    (void)fetch(BASE_EIP, &x, NULL);
    static const unsigned bound[] = {[XL_IOPS_NA] = 0, [XL_IOPS_ZERO] = 0, [XL_IOPS_SMALL] = 8,
                                     [XL_IOPS_LARGE] = 16, [XL_IOPS_XLARGE] = 32, [XL_IOPS_STRING] = 64,
                                     [XL_IOPS_END] = ~0u};
    if (iops > bound[xl_facts(x.op)->iops])
        printf("error %u I-ops: more than %s's class in x86/xl_ops.h allows\n", iops, xl_op_name(x.op));
    for (unsigned i = lo; i < hi; i++) {
        char t[96];
        sim_disasm_iop(buf[i], t, sizeof t);
        if (is_xexit(buf[i]) && i + 2 < hi) {
            uint32_t tgt = buf[i + 1], kind = buf[i + 2];
            printf("  %s  ; eip %+d kind 0x%x\n", t, (int32_t)(tgt - BASE_EIP), kind);
            i += 2;
        } else {
            printf("  %s\n", t);
        }
    }
    return res.ninsn;
}

/* --stages: the IR after each stage. */
static int in_list(const uint16_t *l, unsigned n, unsigned k)
{
    for (unsigned i = 0; i < n; i++)
        if (l[i] == k) return 1;
    return 0;
}

static void show_stage(const char *stage, const struct xl_ir *ir)
{
    static uint32_t prev[XL_BBT_MAX_WORDS];
    static unsigned prev_n, prev_ndel;
    int linked = !strcmp(stage, "link"); /* flag-op notes are the passes' (not moved by the link) */
    int same = strcmp(stage, "lift") && !linked && ir->n == prev_n && ir->ndel == prev_ndel &&
               !memcmp(prev, ir->w, ir->n * sizeof *prev);
    memcpy(prev, ir->w, ir->n * sizeof *prev);
    prev_n = ir->n;
    prev_ndel = ir->ndel;
    if (same) { /* a pass that changed nothing */
        printf("-- %s (no change)\n", stage);
        return;
    }
    int marks = 0;
    for (unsigned k = 0; k < ir->n; k++) {
        marks |= !(ir->w[k] & MORPH_FUSE_BIT);
        if (is_xexit(ir->w[k])) k += 2;
    }
    printf("-- %s (%u words%s%s)\n", stage, ir->n, ir->ndel ? ", x = deleted" : "",
           marks ? ", + = fuse head: a macro-op with the next op" : "");
    for (unsigned k = 0; k < ir->n; k++) {
        for (unsigned i = 0; i < ir->ninsn; i++)
            if (ir->insn_start[i] == k) printf("  ; x86 #%u\n", i);
        for (unsigned l = 0; l < ir->nlabels; l++)
            if (ir->label_at[l] == k) printf("  L%u:\n", l);
        char t[96], note[64] = "";
        sim_disasm_iop(ir->w[k], t, sizeof t);
        for (unsigned f = 0; f < ir->nfix; f++)
            if (ir->fix[f].at == k) {
                snprintf(t, sizeof t, "%s -> L%u", ir->fix[f].jal ? "jal x0" : "branch", ir->fix[f].label);
                if (!ir->fix[f].jal) {
                    char b[64];
                    sim_disasm_iop(ir->w[k], b, sizeof b);
                    snprintf(t, sizeof t, "%.40s -> L%u", b, ir->fix[f].label);
                }
            }
        for (unsigned j = 0; !linked && j < ir->nflagops; j++) {
            const struct xl_flagop *f = &ir->flagop[j];
            if (f->at == k) snprintf(note, sizeof note, "flags of x86 #%u", f->insn);
            else if (f->feed <= k && k < f->at) snprintf(note, sizeof note, "feed");
        }
        char m = in_list(ir->del, ir->ndel, k) ? 'x' : !(ir->w[k] & MORPH_FUSE_BIT) ? '+' : ' ';
        printf("  %c %-34s%s%s\n", m, t, note[0] ? " ; " : "", note);
        if (is_xexit(ir->w[k]) && k + 2 < ir->n) {
            printf("      (stub data: eip %+d, kind 0x%x)\n", (int32_t)(ir->w[k + 1] - BASE_EIP), ir->w[k + 2]);
            k += 2;
        }
    }
}

/* The path through code_bytes that dirs selects (see the header); 0 if it has fewer than two
 * instructions or no role (no superblock). */
static int form_path(const char *dirs, struct xl_path *path)
{
    uint32_t eip = BASE_EIP;
    struct xl_path_calls calls = {0};
    path->n = 0;
    path->ends = 0;
    while (path->n < XL_BBT_MAX_INSNS) {
        struct xl_insn x;
        if (!fetch(eip, &x, NULL)) break;
        unsigned i = path->n++;
        path->eip[i] = eip;
        path->role[i] = XL_ROLE_NONE;
        uint32_t next = eip + x.len, to = next;
        eip = next;
        if (!xl_op_ends_block(x.op)) continue;
        unsigned role = XL_ROLE_NONE;
        if (x.op == XL_JCC && *dirs) role = *dirs++ == 'T' ? XL_ROLE_TAKEN : XL_ROLE_FALL;
        else if (x.op == XL_JMP) role = XL_ROLE_JMP;
        else if (x.op == XL_CALL) role = XL_ROLE_CALL;
        else if (x.op == XL_RET && (to = xl_path_ret_to(&calls, i)) != 0) role = XL_ROLE_RET;
        if (role != XL_ROLE_NONE && role != XL_ROLE_FALL && role != XL_ROLE_RET) to = x.target;
        if (!role || to == BASE_EIP || to - BASE_EIP >= code_len) {
            path->ends = 1;
            break;
        }
        if (role == XL_ROLE_CALL) xl_path_call(&calls, i, next);
        if (role == XL_ROLE_RET) xl_path_return(&calls, path);
        path->role[i] = (uint8_t)role;
        eip = to;
    }
    path->eip[path->n] = eip;
    for (unsigned i = 0; i < path->n; i++)
        if (path->role[i]) return path->n >= 2;
    return 0;
}

/* Parses hex bytes into code_bytes; returns the count. */
static unsigned parse_bytes(const char *p)
{
    unsigned n = 0;
    char *e;
    while (n < sizeof code_bytes) {
        unsigned long v = strtoul(p, &e, 16);
        if (e == p) break;
        code_bytes[n++] = (uint8_t)v;
        p = e;
    }
    return code_len = n;
}

static void print_x86(const struct xl_path *path)
{
    for (unsigned i = 0; i < path->n; i++) {
        uint32_t off = path->eip[i] - BASE_EIP;
        char text[128];
        if (sim_disasm_x86(code_bytes + off, code_len - off, path->eip[i], text, sizeof text))
            snprintf(text, sizeof text, "(bad)");
        printf("  x86 #%u  %s\n", i, text);
    }
}

/* --superblock: "DIRS HEX BYTES" per line. */
static int superblocks(void)
{
    char line[1024];
    static struct xl_path path;
    while (fgets(line, sizeof line, stdin)) {
        char dirs[XL_BBT_MAX_INSNS + 1];
        int used = 0;
        if (sscanf(line, "%48s %n", dirs, &used) != 1 || !parse_bytes(line + used)) continue;
        if (!strcmp(dirs, "-")) dirs[0] = 0;
        if (!form_path(dirs, &path)) {
            printf("error no superblock: a path of one block\nend\n");
            continue;
        }
        for (unsigned i = 0; i < path.n; i++) {
            uint32_t off = path.eip[i] - BASE_EIP;
            char text[128];
            if (sim_disasm_x86(code_bytes + off, code_len - off, path.eip[i], text, sizeof text))
                snprintf(text, sizeof text, "(bad)");
            printf("insn %s\n", text);
        }
        struct xl_bbt_result res;
        res.want_insn_ops = 0;
        uint32_t w = xl_path_translate(&path, buf, XL_BBT_MAX_WORDS, fetch, NULL, &res);
        if (!w || res.ninsn != path.n) {
            printf("error %u of %u instructions translated\nend\n", res.ninsn, path.n);
            continue;
        }
        printf("code %u\n", res.iops);
        for (unsigned i = 0; i < w; i++) {
            char t[96];
            sim_disasm_iop(buf[i], t, sizeof t);
            char m = !(buf[i] & MORPH_FUSE_BIT) ? '+' : ' ';
            if (is_xexit(buf[i]) && i + 2 < w) {
                printf("  %c %s  ; eip %+d kind 0x%x\n", m, t, (int32_t)(buf[i + 1] - BASE_EIP), buf[i + 2]);
                i += 2;
            } else {
                printf("  %c %s\n", m, t);
            }
        }
        printf("end\n");
        fflush(stdout);
    }
    return 0;
}

static int stages(const char *dirs)
{
    char line[1024];
    while (fgets(line, sizeof line, stdin)) {
        unsigned n = 0;
        char *p = line, *e;
        while (n < sizeof code_bytes) {
            unsigned long v = strtoul(p, &e, 16);
            if (e == p) break;
            code_bytes[n++] = (uint8_t)v;
            p = e;
        }
        if (!n) continue;
        code_len = n;
        if (dirs) {
            static struct xl_path path;
            if (!form_path(dirs, &path)) {
                printf("== no superblock: a path of one block\n");
                continue;
            }
            printf("== superblock at 0x%08x (%s)\n", BASE_EIP, *dirs ? dirs : "no Jcc");
            print_x86(&path);
            struct xl_bbt_result res;
            res.want_insn_ops = 0;
            xl_bbt_stage_hook = show_stage;
            uint32_t w = xl_path_translate(&path, buf, XL_BBT_MAX_WORDS, fetch, NULL, &res);
            xl_bbt_stage_hook = NULL;
            printf("== %u words, %u I-ops, %u x86 instructions, %u with flags elided\n", w, res.iops,
                   res.ninsn, res.flag_ops_elided);
            continue;
        }
        printf("== block at 0x%08x\n", BASE_EIP);
        for (unsigned off = 0, i = 0; off < n; i++) {
            struct xl_insn x;
            char text[128];
            if (!fetch(BASE_EIP + off, &x, NULL)) break;
            if (sim_disasm_x86(code_bytes + off, n - off, BASE_EIP + off, text, sizeof text)) snprintf(text, sizeof text, "(bad)");
            printf("  x86 #%u  %s\n", i, text);
            off += x.len;
        }
        struct xl_bbt_result res;
        res.want_insn_ops = 1;
        xl_bbt_stage_hook = show_stage;
        uint32_t w = xl_bbt_translate(BASE_EIP, buf, XL_BBT_MAX_WORDS, XL_BBT_MAX_INSNS, fetch, NULL, &res);
        xl_bbt_stage_hook = NULL;
        printf("== %u words, %u I-ops, %u x86 instructions, %u with flags elided\n", w, res.iops, res.ninsn,
               res.flag_ops_elided);
    }
    return 0;
}

int main(int argc, char **argv)
{
    static struct xl_x87_op x87_pool[XL_X87_POOL_MAX]; /* x87 runs are translated, as in the firmware */
    xl_x87_pool_init(x87_pool, XL_X87_POOL_MAX);
    if (argc > 1 && (!strcmp(argv[1], "--stages") || !strcmp(argv[1], "--superblock"))) {
        /* [--fusion=NAME]: the fusion pass with that heuristic (fusion/fuse_table.h);
         * [--path=DIRS]: a superblock (see the header); [--sched=off|sb|all]: the scheduler on
         * superblocks (sb) or on blocks too (all), off by default here; [--core=NAME]: translating
         * for that core configuration (sim/sim_core.c; default: fuse_core_default) */
        const char *dirs = NULL;
        xl_sched_set(XL_SCHED_OFF);
        for (int a = 2; a < argc; a++) {
            if (!strncmp(argv[a], "--fusion=", 9)) {
                fuse_chosen = 0;
                while (fuse_chosen < FUSE_ID_COUNT && strcmp(argv[a] + 9, fuse_names[fuse_chosen])) fuse_chosen++;
                if (fuse_chosen == FUSE_ID_COUNT) { fprintf(stderr, "xlpins_dump: unknown %s\n", argv[a]); return 2; }
            } else if (!strcmp(argv[a], "--fusion-blocks=same")) {
                xl_fuse_blocks = XL_FUSE_BLOCKS_SAME;
            } else if (!strcmp(argv[a], "--fusion-blocks=adjacent")) {
                xl_fuse_blocks = XL_FUSE_BLOCKS_ADJACENT;
            } else if (!strncmp(argv[a], "--path=", 7)) {
                dirs = argv[a] + 7;
            } else if (!strcmp(argv[a], "--sched=all")) {
                xl_sched_set(XL_SCHED_ALL);
            } else if (!strcmp(argv[a], "--sched=sb")) {
                xl_sched_set(XL_SCHED_SB);
            } else if (!strcmp(argv[a], "--sched=off")) {
                xl_sched_set(XL_SCHED_OFF);
            } else if (!strncmp(argv[a], "--core=", 7)) {
                struct sim_core_cfg k;
                struct morph_core_knobs m;
                if (sim_core_preset(argv[a] + 7, &k)) { fprintf(stderr, "xlpins_dump: unknown %s\n", argv[a]); return 2; }
                sim_core_knobs(&k, &m);
                fuse_core_from_knobs(&fuse_core, &m);
            } else {
                fprintf(stderr, "xlpins_dump: unknown option %s\n", argv[a]);
                return 2;
            }
        }
        return argv[1][2] == 's' && argv[1][3] == 'u' ? superblocks() : stages(dirs);
    }
    char line[512];
    while (fgets(line, sizeof line, stdin)) {
        uint8_t b[32];
        unsigned n = 0;
        char *p = line, *e;
        while (n < 15) {
            unsigned long v = strtoul(p, &e, 16);
            if (e == p) break;
            b[n++] = (uint8_t)v;
            p = e;
        }
        if (!n) continue;
        char text[128];
        if (sim_disasm_x86(b, n, BASE_EIP, text, sizeof text)) snprintf(text, sizeof text, "(bad)");
        printf("insn %s\n", text);
        unsigned r = listing("live", b, n, 1);
        if (r == 1) {
            b[n] = 0x39; /* cmp eax, eax */
            b[n + 1] = 0xc0;
            r = listing("dead", b, n + 2, 2);
            if (r == 1) printf("dead n/a\n");
            else if (r != 2) printf("error %u instructions translated with the cmp\n", r);
        } else if (r) {
            printf("error %u instructions translated\n", r);
        }
        printf("end\n");
        fflush(stdout);
    }
    return 0;
}
