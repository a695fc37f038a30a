/* morph: command-line front end of the C model (docs/usage.md).
 *   morph run [options] PROGRAM [ARGS...]   boot the CMS firmware, which runs the i386 PROGRAM
 *   morph sim [options] RV32-ELF [ARGS...]  bring-up: run a bare RV32 ELF directly
 *   morph board [options]                   the machine with its HTIF device on a pty (host link)
 *   morph host --serial DEV [options] PROGRAM [ARGS...]  the host side of a board's link
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "sim_cpu.h"
#include "morph_opts.def"
#include "sim_jtlb.h"
#include "xl_dcache.h"    /* XL_DC_DEFAULT_ENTRIES (the firmware's defaults the options name) */
#include "xl_dispatch.h" /* XL_THRESHOLD_DEFAULT */
#include "sim_disasm.h"
#include "morph_isa.h"
#include "sim_elf.h"
#include "sim_gdb.h"
#include "sim_log.h"
#include "sim_htif.h"
#include "sim_hostsig.h"
#include "sim_link.h"
#include "sim_strace.h"
#include "sim_pipeview.h"
#include "sim_profile.h"
#include "sim_syscall.h"
#include "../fusion/fuse_table.h" /* the heuristics' names, shared with the firmware */
#ifdef MORPH_WITH_RTL
#include "sim_cosim.h"
#include "sim_rtl.h"
#endif

#define MORPH_VERSION "0.1.0"

extern char **environ;

enum engine { ENGINE_MODEL, ENGINE_RTL, ENGINE_COSIM };

struct opts {
    int stats, verbose, trace_insn, dump_regs;
    enum engine engine;
    const char *stats_json, *fwdir, *wave, *pipeview;
    uint64_t max_cycles, pv_start, pv_cycles, series, prof_every;
    const char *profile; /* --profile FILE */
    uint32_t mem_mb;
    uint32_t decode_cache; /* decoded-instruction cache entries; 0 = the firmware's default */
    uint32_t emulation, bbt_threshold, code_cache_kb, jtlb_sets, jtlb_ways, gtlb_entries; /* 0 = default */
    uint32_t sbt_threshold; /* 0 = default, MORPH_SBT_OFF */
    uint32_t sbt_heads;     /* enum morph_sbt_heads */
    uint32_t quantum;       /* 0 = default, MORPH_QUANTUM_OFF */
    uint32_t x87_mode; /* enum morph_x87 */
    int rmw_write;     /* --rmw-fault=write: MORPH_CFG_RMW_WRITE */
    int no_fastdec;    /* --fast-decode=off: MORPH_CFG_NO_FASTDEC */
    int count_chains;  /* --count-chains: MORPH_CFG_COUNT_CHAINS */
    int fusion_blocks_same; /* --fusion-blocks=same: MORPH_CFG_FUSION_BLOCKS_SAME */
    uint32_t fusion;   /* enum fuse_id */
    uint32_t sched;    /* enum morph_sched */
    unsigned inject; /* test-only fault injection, SIM_INJECT_* */
    struct sim_core_cfg core; /* --core preset with the --core-opt overrides applied */
    struct sim_cache_cfg caches; /* --caches preset with the --l1i/--l1d/--l2/--mem-lat overrides */
    int fusion_profile;
    double progress; /* --progress[=S], or stderr a terminal: a status line every S seconds (1) */
    const char *argv0; /* --argv0: the guest's argv[0] (default: PROGRAM) */
    int strace;              /* --strace, or --strace-file FILE */
    const char *strace_file;
    int gdb_port; /* -g PORT: 0 = no debugger, -1 = a free port */
    uint32_t log;         /* -d KEYS: MORPH_LOG_* */
    const char *log_file; /* --log-file FILE (default stderr) */
    const char *serial;   /* morph host --serial DEV */
    unsigned baud;        /* morph host --baud N */
    double timeout;       /* morph host --timeout S (0: none) */
    int argi; /* index of PROGRAM */
};

static int strace_execed; /* MORPH_STRACE_EXECED: a guest's execve started this morph */

/* ---- the options' table (morph_opts.def): help, man page, valid values -------------------- */
enum { MO_RUN = 1, MO_SIM = 2, MO_BOTH = 3, MO_BOARD = 4, MO_HOST = 8 };
static const char *cmd_name(int cmd)
{
    return cmd == MO_RUN ? "run" : cmd == MO_SIM ? "sim" : cmd == MO_BOARD ? "board" : "host";
}
/* "morph run, morph sim and morph board": the commands of a set of MO_ bits */
static void cmd_list(FILE *f, int cmds)
{
    int n = __builtin_popcount((unsigned)cmds), k = 0;
    for (int c = MO_RUN; c <= MO_HOST; c <<= 1)
        if (cmds & c) k++, fprintf(f, "%smorph %s", k == 1 ? "" : k == n ? " and " : ", ", cmd_name(c));
}
#define MO_NUM(x) (x)
struct morph_opt {
    int cmds;
    const char *name, *shrt, *arg;
    const char *def; /* or NULL: num */
    long long num;
    const char *help;
};
static const struct morph_opt opts[] = {
#define MO_ROW_(cmds, name, shrt, arg, def, help)                                                   \
    {cmds, name, shrt, arg, _Generic((def), char *: (def), default: NULL),                            \
     _Generic((def), char *: -1LL, default: (long long)(def)), help},
    MORPH_OPTS(MO_ROW_)
#undef MO_ROW_
};
#define NOPTS (sizeof opts / sizeof opts[0])

/* The commands that take a row (morph_opts.def): its bits, the board for the machine's options
 * (morph sim's) and the host for the guest's (morph run's alone, not the board's). */
static int opt_cmds(const struct morph_opt *o)
{
    int c = o->cmds;
    if (c & MO_SIM) c |= MO_BOARD;
    if ((o->cmds & (MO_RUN | MO_SIM | MO_BOARD)) == MO_RUN) c |= MO_HOST;
    return c;
}

/* The long name of a short alias (-g, -d, -L: qemu's spellings) of a command's option, or NULL. */
static const char *opt_long_of(const char *a, int cmd)
{
    for (size_t i = 0; i < NOPTS; i++)
        if (opts[i].shrt && (opt_cmds(&opts[i]) & cmd) && !strcmp(opts[i].shrt, a)) return opts[i].name;
    return NULL;
}

static const struct morph_opt *opt_find(const char *name, size_t len)
{
    for (size_t i = 0; i < NOPTS; i++)
        if (strlen(opts[i].name) == len && !strncmp(opts[i].name, name, len)) return &opts[i];
    return NULL;
}

/* The value's index among an "=a|b|c" option's values (the table's order), or -1 after a line
 * that names the option and every valid value. */
static int opt_pick(const char *name, const char *val)
{
    const struct morph_opt *o = opt_find(name, strlen(name));
    const char *p = o && o->arg && o->arg[0] == '=' ? o->arg + 1 : "";
    for (int k = 0; *p; k++) {
        size_t l = strcspn(p, "|");
        if (strlen(val) == l && !strncmp(p, val, l)) return k;
        p += l + (p[l] == '|');
    }
    fprintf(stderr, "morph: unknown %s '%s' (valid: ", name, val);
    p = o && o->arg && o->arg[0] == '=' ? o->arg + 1 : "";
    for (int k = 0; *p; k++) {
        size_t l = strcspn(p, "|");
        fprintf(stderr, "%s%.*s", k ? ", " : "", (int)l, p);
        p += l + (p[l] == '|');
    }
    fprintf(stderr, ")\n");
    return -1;
}

static void opt_default(const struct morph_opt *o, char *out, size_t n)
{
    if (o->def) snprintf(out, n, "%s", o->def);
    else snprintf(out, n, "%lld", o->num);
}

static void opt_left(const struct morph_opt *o, char *out, size_t n)
{
    int l = snprintf(out, n, "%s", o->name);
    if (o->arg) l += snprintf(out + l, n - (size_t)l, "%s%s", o->arg[0] == '=' || o->arg[0] == '[' ? "" : " ", o->arg);
    if (o->shrt) snprintf(out + l, n - (size_t)l, ", %s%s%s", o->shrt, o->arg ? " " : "", o->arg ? o->arg : "");
}

static const char *const usage_lines =
    "usage: morph run [OPTIONS] PROGRAM [ARGS...]   run an i386 Linux PROGRAM: the modeled core boots the\n"
    "                                               CMS firmware, which runs it; morph exits with its status\n"
    "       morph sim [OPTIONS] RV32-ELF [ARGS...]  run a bare RV32 program on the modeled core\n"
    "       morph board [OPTIONS]                    the machine with its HTIF device on a pseudo-terminal,\n"
    "                                               the host link of an FPGA board (docs/hostlink.md)\n"
    "       morph host --serial DEV [OPTIONS] PROGRAM [ARGS...]  serve a board's link: run PROGRAM on it\n"
    "       morph disas RV32-ELF|FILE|0xWORD...     I-ops as text (RV32IM + the extension)\n"
    "       morph selftest | rtl-cores [--bpred] | rtl-params CORE [--caches=NAME] [--bpred=none]\n"
    "       morph help [run|sim|board|host] | --help | --version\n";

/* morph help [run|sim|board|host]: cmd 0 the commands, MO_RUN, MO_SIM, MO_BOARD or MO_HOST a
 * command's options. */
static void usage(FILE *f, int cmd)
{
    if (!cmd) {
        fputs(usage_lines, f);
        fputs("\n`morph help run` and `morph help sim` (or `morph run --help`) list the options with their\n"
              "defaults; options come before PROGRAM. See docs/usage.md and the man page (docs/morph.1).\n", f);
        return;
    }
    fprintf(f, "usage: morph %s %s[OPTIONS]%s\n\nOptions (--opt=VALUE or --opt VALUE; -- ends them):\n", cmd_name(cmd),
            cmd == MO_HOST ? "--serial DEV " : "",
            cmd == MO_RUN || cmd == MO_HOST ? " PROGRAM [ARGS...]" : cmd == MO_SIM ? " RV32-ELF [ARGS...]" : "");
    for (size_t i = 0; i < NOPTS; i++) {
        const struct morph_opt *o = &opts[i];
        if (!(opt_cmds(o) & cmd)) continue;
        char left[160], def[64];
        opt_left(o, left, sizeof left);
        opt_default(o, def, sizeof def);
        if (strlen(left) > 28) fprintf(f, "  %s\n  %-28s", left, "");
        else fprintf(f, "  %-28s", left);
        fprintf(f, " %s%s%s%s\n", o->help, *def ? " [default: " : "", def, *def ? "]" : "");
    }
    fputs("\nSee docs/usage.md.\n", f);
}

/* roff text: '-' and '\' escaped */
static void roff(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '-' || *s == '\\') fputc('\\', f);
        fputc(*s, f);
    }
}

/* morph help --man: the man page (docs/morph.1 is this output; make man-doc). */
static void man_page(FILE *f)
{
    fputs(".\\\" Generated by `morph help --man` from sim/morph_opts.def (make man-doc); do not edit.\n", f);
    fprintf(f, ".TH MORPH 1 \"\" \"morph %s\" \"User Commands\"\n", MORPH_VERSION);
    fputs(".SH NAME\nmorph \\- run i386 Linux programs on a modeled RV32 core with code\\-morphing firmware\n"
          ".SH SYNOPSIS\n.B morph run\n[\\fIOPTIONS\\fR] \\fIPROGRAM\\fR [\\fIARGS\\fR...]\n.br\n"
          ".B morph sim\n[\\fIOPTIONS\\fR] \\fIRV32\\-ELF\\fR [\\fIARGS\\fR...]\n.br\n"
          ".B morph board\n[\\fIOPTIONS\\fR]\n.br\n"
          ".B morph host \\-\\-serial\n\\fIDEV\\fR [\\fIOPTIONS\\fR] \\fIPROGRAM\\fR [\\fIARGS\\fR...]\n.br\n"
          ".B morph disas\n\\fIRV32\\-ELF\\fR|\\fIFILE\\fR|\\fI0xWORD\\fR...\n.br\n"
          ".B morph help\n[run|sim|board|host]\n"
          ".SH DESCRIPTION\n"
          ".B morph run\nboots the CMS firmware (boot ROM and flash image) on the modeled core; the firmware\n"
          "loads and runs the i386 Linux \\fIPROGRAM\\fR, and morph exits with the guest's status (128+N when\n"
          "signal N killed it).\n"
          ".PP\n.B morph sim\nloads a bare RV32 ELF into the model's memory and starts at its entry.\n"
          ".PP\n.B morph board\nboots the firmware as \\fBmorph run\\fR does, with the HTIF device on a host link over a\n"
          "pseudo\\-terminal that it names on stderr, as an FPGA board's UART bridge would carry it.\n"
          ".PP\n.B morph host\nserves such a link (a board's serial port, or the pty): the guest's system calls, console\n"
          "and program loading, as \\fBmorph run\\fR would, and exits with the guest's status.\n"
          ".PP\n.B morph disas\nprints I\\-ops (RV32IM and the morph extension) as text.\n"
          ".PP\nOptions come before \\fIPROGRAM\\fR; everything after it belongs to the guest.\n"
          "\\fB\\-\\-opt=VALUE\\fR and \\fB\\-\\-opt VALUE\\fR are the same; \\fB\\-\\-\\fR ends the options.\n"
          ".SH OPTIONS\n", f);
    for (size_t i = 0; i < NOPTS; i++) {
        const struct morph_opt *o = &opts[i];
        char left[160], def[64];
        opt_left(o, left, sizeof left);
        opt_default(o, def, sizeof def);
        fputs(".TP\n.B ", f);
        roff(f, left);
        fputc('\n', f);
        roff(f, o->help);
        if (*def) {
            fputs(". Default: ", f);
            roff(f, def);
        }
        fputs(". (", f);
        cmd_list(f, opt_cmds(o));
        fputs(")\n", f);
    }
    fputs(".SH SEE ALSO\ndocs/usage.md (every option at length, exit statuses, examples), docs/architecture.md.\n", f);
}

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (errno || !*s || *end || s[0] == '-') return -1;
    *v = x;
    return 0;
}

/* Options come before PROGRAM; everything after PROGRAM belongs to the guest. Returns 0, -1 on
 * an error, 1 when an option did all there was to do (--core=list). cmd: MO_RUN, MO_SIM,
 * MO_BOARD or MO_HOST; each takes the options opt_cmds gives it. */
static int parse(int argc, char **argv, int first, int cmd, struct opts *o)
{
    const int is_run = cmd != MO_SIM; /* the firmware's options (a board's, a host's are a subset) */
    memset(o, 0, sizeof *o);
    o->baud = 3000000;
    o->pv_cycles = 10000;
    o->mem_mb = MM_RAM_SIZE_DEFAULT >> 20;
    sim_core_preset("m0", &o->core);
    sim_cache_preset("off", &o->caches);
    char core_opts[256] = ""; /* the --core-opt values, applied after the preset */
    const char *cache_opt[4] = {0}; /* --l1i, --l1d, --l2, --mem-lat, applied after --caches */
    static const char *const cache_lvl[4] = {"l1i", "l1d", "l2", "mem-lat"};
    const char *bpred = NULL; /* --bpred, applied after the preset */
    int i;
    for (i = first; i < argc && argv[i][0] == '-' && (argv[i][1] == '-' || opt_long_of(argv[i], cmd)); i++) {
        char *a = argv[i], *val;
        if (a[1] != '-') a = (char *)opt_long_of(a, cmd);
        val = strchr(a, '=');
        size_t nl = val ? (size_t)(val - a) : strlen(a);
        if (val) val++;
        const struct morph_opt *row = opt_find(a, nl);
        if (row && !(opt_cmds(row) & cmd)) { /* e.g. a machine's option given to morph host */
            fprintf(stderr, "morph: %.*s is an option of ", (int)nl, a);
            cmd_list(stderr, opt_cmds(row));
            fprintf(stderr, ", not morph %s\n", cmd_name(cmd));
            return -1;
        }
#define IS(name) (nl == strlen(name) && !strncmp(a, name, nl))
#define NEEDVAL()                                                                          \
    do {                                                                                   \
        if (!val) {                                                                        \
            if (i + 1 >= argc) { fprintf(stderr, "morph: %s needs a value\n", a); return -1; } \
            val = argv[++i];                                                               \
        }                                                                                  \
    } while (0)
        if (!strcmp(a, "--")) { i++; break; }
        if (IS("--stats")) o->stats = 1;
        else if (IS("--verbose")) o->verbose = 1;
        else if (IS("--stats-json")) { NEEDVAL(); o->stats_json = val; }
        else if (IS("--wave")) { NEEDVAL(); o->wave = val; }
        else if (IS("--pipeview")) { NEEDVAL(); o->pipeview = val; }
        else if (IS("--series") || IS("--profile-every")) {
            const int se = IS("--series");
            NEEDVAL();
            uint64_t *v = se ? &o->series : &o->prof_every;
            if (parse_u64(val, v) || !*v) {
                fprintf(stderr, "morph: %s wants a number of cycles > 0, not '%s'\n", se ? "--series" : "--profile-every",
                        val);
                return -1;
            }
        }
        else if (IS("--profile")) { NEEDVAL(); o->profile = val; }
        else if (IS("--pipeview-start") || IS("--pipeview-cycles")) {
            const int st = IS("--pipeview-start");
            NEEDVAL();
            if (parse_u64(val, st ? &o->pv_start : &o->pv_cycles) || (!st && !o->pv_cycles)) {
                fprintf(stderr, "morph: bad %s value '%s'\n", st ? "--pipeview-start" : "--pipeview-cycles", val);
                return -1;
            }
        }
        else if (IS("--engine")) {
            NEEDVAL();
            int k = opt_pick("--engine", val); /* model, rtl, cosim */
            if (k < 0) return -1;
            o->engine = (enum engine)k;
        }
        else if (IS("--max-cycles")) {
            NEEDVAL();
            if (parse_u64(val, &o->max_cycles) || !o->max_cycles) {
                fprintf(stderr, "morph: bad --max-cycles value '%s'\n", val);
                return -1;
            }
        } else if (is_run && IS("--rmw-fault")) {
            NEEDVAL();
            int k = opt_pick("--rmw-fault", val); /* read, write */
            if (k < 0) return -1;
            o->rmw_write = k;
        } else if (is_run && IS("--fast-decode")) {
            NEEDVAL();
            int k = opt_pick("--fast-decode", val); /* on, off */
            if (k < 0) return -1;
            o->no_fastdec = k;
        } else if (is_run && IS("--x87")) {
            NEEDVAL();
            static const uint32_t mode[] = {MORPH_X87_AMD, MORPH_X87_INTEL}; /* the table's order */
            int k = opt_pick("--x87", val);
            if (k < 0) return -1;
            o->x87_mode = mode[k];
        } else if (is_run && IS("--fusion")) {
            NEEDVAL();
            static const char *const names[] = {
#define FUSE_NAME_(id, name, about) name,
                FUSE_HEURISTICS(FUSE_NAME_)
#undef FUSE_NAME_
            }, *const about[] = {
#define FUSE_ABOUT_(id, name, about) about,
                FUSE_HEURISTICS(FUSE_ABOUT_)
#undef FUSE_ABOUT_
            };
            unsigned k = 0;
            while (k < FUSE_ID_COUNT && strcmp(val, names[k])) k++;
            if (!strcmp(val, "list")) {
                for (k = 0; k < FUSE_ID_COUNT; k++) printf("%-10s %s\n", names[k], about[k]);
                exit(0);
            }
            if (k == FUSE_ID_COUNT) {
                fprintf(stderr, "morph: unknown --fusion '%s' (valid:", val);
                for (k = 0; k < FUSE_ID_COUNT; k++) fprintf(stderr, "%s %s", k ? "," : "", names[k]);
                fprintf(stderr, "; --fusion=list describes them)\n");
                return -1;
            }
            o->fusion = k;
        } else if (is_run && IS("--fusion-blocks")) {
            NEEDVAL();
            int k = opt_pick("--fusion-blocks", val); /* adjacent, same */
            if (k < 0) return -1;
            o->fusion_blocks_same = k == 1;
        } else if (is_run && IS("--sched")) {
            NEEDVAL();
            static const uint32_t mode[] = {MORPH_SCHED_OFF, MORPH_SCHED_SB, MORPH_SCHED_ALL}; /* the table's order */
            int k = opt_pick("--sched", val);
            if (k < 0) return -1;
            o->sched = mode[k];
        } else if (is_run && IS("--emulation")) {
            NEEDVAL();
            static const uint32_t mode[] = {MORPH_EMU_INTERP, MORPH_EMU_BBT}; /* the table's order */
            int k = opt_pick("--emulation", val);
            if (k < 0) return -1;
            o->emulation = mode[k];
        } else if ((is_run && (IS("--bbt-threshold") || IS("--code-cache"))) || IS("--jtlb-sets") || IS("--jtlb-ways") ||
                   IS("--gtlb-entries")) {
            uint64_t v;
            NEEDVAL();
            int sets = IS("--jtlb-sets"), ways = IS("--jtlb-ways"), gtlb = IS("--gtlb-entries");
            if (parse_u64(val, &v) || !v || v > 1u << 20 || ((sets || ways || gtlb) && (v & (v - 1)))) {
                fprintf(stderr, "morph: bad %.*s value '%s'\n", (int)nl, a, val);
                return -1;
            }
            if (gtlb) o->gtlb_entries = (uint32_t)v;
            else if (sets) o->jtlb_sets = (uint32_t)v;
            else if (ways) o->jtlb_ways = (uint32_t)v;
            else if (IS("--bbt-threshold")) o->bbt_threshold = (uint32_t)v;
            else if (v < 8 || v > 32768) { fprintf(stderr, "morph: --code-cache must be 8..32768 (KiB)\n"); return -1; }
            else o->code_cache_kb = (uint32_t)v;
        } else if (is_run && IS("--sbt-threshold")) {
            uint64_t v;
            NEEDVAL();
            if (!strcmp(val, "off")) o->sbt_threshold = MORPH_SBT_OFF;
            else if (parse_u64(val, &v) || !v || v > 1u << 20) {
                fprintf(stderr, "morph: bad --sbt-threshold value '%s' (1..1048576 or off)\n", val);
                return -1;
            } else o->sbt_threshold = (uint32_t)v;
        } else if (is_run && IS("--sbt-heads")) {
            NEEDVAL();
            static const uint32_t mode[] = {MORPH_SBT_HEADS_LOOPS, MORPH_SBT_HEADS_EXITS}; /* the table's order */
            int k = opt_pick("--sbt-heads", val);
            if (k < 0) return -1;
            o->sbt_heads = mode[k];
        } else if (is_run && IS("--quantum")) {
            uint64_t v;
            NEEDVAL();
            if (!strcmp(val, "off")) o->quantum = MORPH_QUANTUM_OFF;
            else if (parse_u64(val, &v) || v < 1000 || v >= MORPH_QUANTUM_OFF) {
                fprintf(stderr, "morph: bad --quantum value '%s' (cycles, 1000..4294967294, or off)\n", val);
                return -1;
            } else o->quantum = (uint32_t)v;
        } else if (IS("--mem")) {
            uint64_t mb;
            NEEDVAL();
            if (parse_u64(val, &mb) || mb < (MM_CONCEALED_SIZE >> 20) + 1 || mb > 2047) {
                fprintf(stderr, "morph: --mem must be %u..2047 (MiB)\n", (MM_CONCEALED_SIZE >> 20) + 1);
                return -1;
            }
            o->mem_mb = (uint32_t)mb;
        } else if (is_run && IS("--decode-cache")) {
            uint64_t n;
            NEEDVAL();
            if (parse_u64(val, &n) || n < 64 || n > (1u << 20) || (n & (n - 1))) {
                fprintf(stderr, "morph: --decode-cache must be a power of two, 64..1048576\n");
                return -1;
            }
            o->decode_cache = (uint32_t)n;
        } else if (is_run && IS("--firmware-dir")) { NEEDVAL(); o->fwdir = val; }
        else if (IS("--core")) {
            NEEDVAL();
            if (!strcmp(val, "list")) { sim_core_list(stdout); return 1; }
            if (sim_core_preset(val, &o->core)) {
                fprintf(stderr, "morph: unknown --core '%s' (known: ", val);
                sim_core_names(stderr);
                fprintf(stderr, "; --core=list describes them)\n");
                return -1;
            }
        } else if (IS("--core-opt")) {
            NEEDVAL();
            size_t l = strlen(core_opts);
            if (l + strlen(val) + 2 > sizeof core_opts) { fprintf(stderr, "morph: too many --core-opt\n"); return -1; }
            snprintf(core_opts + l, sizeof core_opts - l, "%s%s", l ? "," : "", val);
        } else if (IS("--caches")) {
            NEEDVAL();
            if (!strcmp(val, "list")) { sim_cache_list(stdout); return 1; }
            if (sim_cache_preset(val, &o->caches)) {
                fprintf(stderr, "morph: unknown --caches '%s' (known: ", val);
                sim_cache_names(stderr);
                fprintf(stderr, "; --caches=list describes them)\n");
                return -1;
            }
        } else if (IS("--l1i") || IS("--l1d") || IS("--l2") || IS("--mem-lat")) {
            NEEDVAL();
            cache_opt[IS("--l1i") ? 0 : IS("--l1d") ? 1 : IS("--l2") ? 2 : 3] = val;
        } else if (IS("--bpred")) {
            NEEDVAL();
            if (!strcmp(val, "list")) { sim_bpred_list(stdout); return 1; }
            bpred = val;
        } else if (IS("--fusion-profile")) o->fusion_profile = 1;
        else if (IS("--inject")) { /* test only: a deliberately broken model (docs/usage.md) */
            NEEDVAL();
            static const unsigned bit[] = {SIM_INJECT_XALU_FLAG, SIM_INJECT_RTL_FUSED_TAIL, SIM_INJECT_NO_FENCE_I,
                                           SIM_INJECT_RTL_CACHE_WAY, SIM_INJECT_RTL_BPRED, SIM_INJECT_CC_MAP}; /* the table's order */
            int k = opt_pick("--inject", val);
            if (k < 0) return -1;
            o->inject |= bit[k];
        }
        else if (is_run && IS("--dump-regs-on-fault")) o->dump_regs = 1;
        else if (is_run && IS("--count-chains")) o->count_chains = 1;
        else if (is_run && IS("--trace")) {
            NEEDVAL();
            if (opt_pick("--trace", val) < 0) return -1; /* insn */
            o->trace_insn = 1;
        } else if (is_run && IS("--strace") && !val) {
            o->strace = 1;
        } else if (is_run && IS("--strace-file")) {
            NEEDVAL();
            o->strace = 1;
            o->strace_file = val;
        } else if (is_run && IS("--gdb")) {
            uint64_t v;
            NEEDVAL();
            if (parse_u64(val, &v) || v > 65535) {
                fprintf(stderr, "morph: -g wants a TCP port, 1..65535 (0: a free one), not '%s'\n", val);
                return -1;
            }
            o->gdb_port = v ? (int)v : -1;
        } else if (is_run && IS("--log")) {
            NEEDVAL();
            if (!strcmp(val, "help")) {
                sim_log_keys(stdout);
                return 1;
            }
            if (sim_log_parse(val, &o->log)) return -1;
        } else if (is_run && IS("--log-file")) {
            NEEDVAL();
            o->log_file = val;
        } else if (is_run && IS("--argv0")) {
            NEEDVAL();
            o->argv0 = val;
        } else if (is_run && IS("--sysroot")) {
            struct stat st;
            NEEDVAL();
            if (stat(val, &st) || !S_ISDIR(st.st_mode)) {
                fprintf(stderr, "morph: -L wants a directory, not '%s'\n", val);
                return -1;
            }
            sim_sysroot = val;
        } else if (IS("--progress")) {
            char *end_ = NULL;
            o->progress = val ? strtod(val, &end_) : 1.0;
            if (val && (*end_ || !(o->progress >= 0.01 && o->progress <= 3600))) {
                fprintf(stderr, "morph: --progress=SECONDS wants 0.01 to 3600 seconds, not '%s'\n", val);
                return -1;
            }
        }
        else if (IS("--serial")) { NEEDVAL(); o->serial = val; }
        else if (IS("--baud")) {
            uint64_t v;
            NEEDVAL();
            if (parse_u64(val, &v) || !v || v > 100000000) {
                fprintf(stderr, "morph: bad --baud value '%s' (bits per second)\n", val);
                return -1;
            }
            o->baud = (unsigned)v;
        } else if (IS("--timeout")) {
            char *end_ = NULL;
            NEEDVAL();
            o->timeout = strtod(val, &end_);
            if (*end_ || !(o->timeout >= 0.001 && o->timeout <= 86400)) {
                fprintf(stderr, "morph: --timeout wants 0.001 to 86400 seconds, not '%s'\n", val);
                return -1;
            }
        }
        else if (IS("--help")) {
            usage(stdout, cmd);
            return 1;
        } else {
            fprintf(stderr, "morph: unknown option %s\n", a);
            return -1;
        }
#undef IS
#undef NEEDVAL
    }
    for (char *kv = strtok(core_opts, ","); kv; kv = strtok(NULL, ","))
        if (sim_core_set(&o->core, kv)) return -1;
    for (int l = 0; l < 4; l++)
        if (cache_opt[l] && sim_cache_set(&o->caches, cache_lvl[l], cache_opt[l])) return -1;
    if (sim_cache_check(&o->caches)) return -1;
    o->core.caches = o->caches.levels != 0;
    if (bpred && sim_bpred_parse(bpred, &o->core.bp, o->core.bp_label, sizeof o->core.bp_label)) return -1;
    if (cmd == MO_BOARD) { /* the host names the program */
        if (i < argc) {
            fprintf(stderr, "morph: morph board takes no PROGRAM ('%s'): give it to morph host\n", argv[i]);
            return -1;
        }
    } else if (i >= argc) {
        fprintf(stderr, "morph: missing %s\n", cmd == MO_SIM ? "RV32-ELF" : "PROGRAM");
        return -1;
    } else if (cmd == MO_HOST && !o->serial) {
        fprintf(stderr, "morph: morph host needs --serial DEV (the board's serial port, or the pty morph board names)\n");
        return -1;
    }
    o->argi = i;
    return 0;
}

/* Does the file name a 32-bit ELF with a program interpreter (dynamically linked)? */
static int elf32_has_interp(const char *path)
{
    Elf32_Ehdr eh;
    Elf32_Phdr ph;
    int fd = open(path, O_RDONLY | O_CLOEXEC), found = 0;
    if (fd < 0) return 0;
    if (pread(fd, &eh, sizeof eh, 0) == (ssize_t)sizeof eh && !memcmp(eh.e_ident, ELFMAG, SELFMAG) &&
        eh.e_ident[EI_CLASS] == ELFCLASS32 && eh.e_phentsize == sizeof ph)
        for (unsigned i = 0; i < eh.e_phnum && !found; i++)
            found = pread(fd, &ph, sizeof ph, (off_t)eh.e_phoff + (off_t)i * sizeof ph) == (ssize_t)sizeof ph &&
                    ph.p_type == PT_INTERP;
    close(fd);
    return found;
}

/* The sysroot of a run without -L (docs/usage.md "Dynamically linked programs"): MORPH_LD_PREFIX
 * as qemu-user's QEMU_LD_PREFIX, else for a dynamically linked program the i386 root that the
 * build unpacked (MORPH_SYSROOT_DEFAULT, sim/sim.mk) if it is there; a static program sees the
 * host's files, as its native run does. Sets sim_sysroot; -1 for a bad MORPH_LD_PREFIX. */
static int default_sysroot(const char *prog)
{
    struct stat st;
    const char *env = getenv("MORPH_LD_PREFIX");
    if (env && *env) {
        if (stat(env, &st) || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "morph: MORPH_LD_PREFIX wants a directory, not '%s'\n", env);
            return -1;
        }
        sim_sysroot = env;
        return 0;
    }
#ifdef MORPH_SYSROOT_DEFAULT
    if (elf32_has_interp(prog) && !stat(MORPH_SYSROOT_DEFAULT, &st) && S_ISDIR(st.st_mode)) sim_sysroot = MORPH_SYSROOT_DEFAULT;
#else
    (void)prog;
#endif
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Every `morph run` that the firmware ends: the firmware's text and rodata, as its ELF file
 * (cms.elf beside cms.img) holds them when the run starts, must still be in concealed memory
 * when it ends, so that nothing a guest did reached them (docs/firmware.md "Concealment").
 * Without a cms.elf there is nothing to compare. */
static struct sim_ro_image fw_ro;

static int concealment_start(const char *fw)
{
    char elf[PATH_MAX + 16];
    snprintf(elf, sizeof elf, "%s/cms.elf", fw);
    if (access(elf, R_OK)) return 0;
    return sim_elf_readonly(elf, &fw_ro);
}

static int concealment_broken(const struct sim_mem *mem, const struct sim_cpu *c)
{
    uint32_t where = 0, n = sim_elf_readonly_diff(mem, &fw_ro, &where);
    if (n)
        fprintf(stderr, "morph: concealment broken: %u bytes of the firmware's text and rodata changed during the run, "
                "the first at 0x%08x\n", n, where);
    sim_elf_readonly_free(&fw_ro);
    /* the firmware's own check of the code cache's map (translator/xl_cache.c) */
    const int map = c->st.have_cms && c->st.cms.cc_map_changed;
    if (map) fprintf(stderr, "morph: concealment broken: the code cache's map changed outside the translator\n");
    return n != 0 || map;
}

static void default_fwdir(char *out, size_t n)
{
    char exe[PATH_MAX];
    ssize_t l = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (l <= 0) { snprintf(out, n, "build/fw"); return; }
    exe[l] = 0;
    const char *dir = dirname(exe);
    snprintf(out, n, "%s/../fw", dir);
    char img[PATH_MAX + 32];
    snprintf(img, sizeof img, "%s/cms.img", out);
    if (access(img, R_OK)) snprintf(out, n, "%s/../share/morph/fw", dir); /* make install's layout */
}

/* --pipeview: the model's per-op hook (the run then steps op by op inside the window) and the
 * RTL engine's event callback feed the same writer (sim_pipeview.h). */
static struct sim_pipeview *pv;
static int pv_done;

static void pv_model_hook(struct sim_cpu *c, uint32_t pc, uint32_t raw, uint64_t issue, int trap,
                          unsigned cause, uint32_t tval)
{
    (void)tval;
    if (sim_pipeview_op(pv, pc, raw, issue, trap, cause, c->xmode & 1, sim_cpu_commit_eip(c))) pv_done = 1;
}

/* --progress[=S]: after 2 S seconds, a status line every S seconds (rewritten in place on a
 * terminal). */
#define PROGRESS_SLICE 4000000u /* cycles between looks at the clock: a few ms of model time */
static void progress_line(struct sim_cpu *c, double every, double t0, double *last, int tty)
{
    double t = now();
    if (t - t0 < 2 * every || t - *last < every || sim_forked_child) return;
    *last = t;
    uint64_t cyc, iops, tr;
    sim_stats_progress(c, &cyc, &iops, &tr);
    fprintf(stderr, "morph: %.1f s  %.1f M cycles  %.1f M I-ops  %.1f M I-ops/s  firmware %.1f%% of cycles%s",
            t - t0, cyc / 1e6, iops / 1e6, iops / 1e6 / (t - t0), cyc ? 100.0 * (double)(cyc - tr) / (double)cyc : 0.0,
            tty ? "\033[K\r" : "\n");
    fflush(stderr);
}

/* --series, --profile and --progress: the run in slices that end at the next series row (every
 * `series` cycles, sim_stats_sample; and one at the end), profile sample (every prof->every
 * cycles) or look at the clock (every PROGRESS_SLICE cycles).
 * Slicing does not change the run: the loop stops and resumes at an op boundary, as cosim's
 * single steps do. */
static enum sim_stop sliced_run(struct sim_cpu *c, uint64_t series, struct sim_profile *prof, double progress)
{
    const uint64_t limit = c->max_cycles ? c->max_cycles : UINT64_MAX;
    uint64_t next_row = series ? series : UINT64_MAX, next_sample = prof ? prof->every : UINT64_MAX;
    uint64_t next_look = progress ? PROGRESS_SLICE : UINT64_MAX;
    const int tty = isatty(2);
    double t0 = now(), last = t0;
    int shown = 0;
    c->st.series_interval = series;
    for (;;) {
        uint64_t next = next_row < next_sample ? next_row : next_sample;
        if (next_look < next) next = next_look;
        sim_cpu_limit(c, next < limit ? next : limit);
        enum sim_stop why = sim_cpu_run(c);
        const int slice_end = why == SIM_STOP_MAX_CYCLES && c->cycles < limit;
        if (slice_end) c->stop = SIM_RUNNING;
        int oom = 0;
        if (prof && c->cycles >= next_sample) {
            oom |= slice_end && sim_profile_sample(prof, c);
            next_sample = (c->cycles / prof->every + 1) * prof->every;
        }
        if (series && (c->cycles >= next_row || !slice_end)) {
            oom |= sim_stats_sample(c);
            next_row = (c->cycles / series + 1) * series;
        }
        if (progress && c->cycles >= next_look) {
            next_look = c->cycles + PROGRESS_SLICE;
            double before = last;
            progress_line(c, progress, t0, &last, tty);
            if (last != before) shown = 1;
        }
        if (oom) {
            fprintf(stderr, "morph: out of memory for --series or --profile\n");
            return SIM_STOP_FATAL;
        }
        if (!slice_end) {
            if (shown && tty) fputc('\n', stderr); /* the status line stays; the report starts below */
            return why;
        }
    }
}

static enum sim_stop pv_model_run(struct sim_cpu *c, uint64_t start)
{
    const uint64_t limit = c->max_cycles ? c->max_cycles : UINT64_MAX; /* the run's limit (sim_cpu_limit) */
    if (start > 2 && start - 2 < limit) { /* fast to just before the window */
        sim_cpu_limit(c, start - 2);
        if (sim_cpu_run(c) == SIM_STOP_MAX_CYCLES) c->stop = SIM_RUNNING;
    }
    c->hook = pv_model_hook;
    while (!pv_done && sim_cpu_step(c) == SIM_RUNNING) {}
    c->hook = NULL;
    if (c->stop != SIM_RUNNING) return c->stop;
    sim_cpu_limit(c, limit);
    return sim_cpu_run(c);
}

#ifdef MORPH_WITH_RTL
static int pv_rtl_event(void *ctx, const struct sim_event *e)
{
    const struct sim_mem *m = ctx; /* the memory the RTL runs on: a commit x0's exit stub */
    if (!pv_done) {
        uint32_t eip = sim_pipeview_eip(pv, e->trap ? 0 : e->insn, e->pc, m);
        if (sim_pipeview_op(pv, e->pc, e->trap ? 0 : e->insn, e->cycle, e->trap, e->cause, e->mode, eip))
            pv_done = 1;
    }
    if (e->rd_we) sim_pipeview_reg(pv, e->rd, e->rd_val);
    return 0;
}
#endif

/* morph board: the HTIF device on a new pseudo-terminal, named on stderr for morph host. */
static int board_open(struct sim_htif *h)
{
    static char name[64];
    int slave, fd = sim_link_open_pty(name, sizeof name, &slave);
    if (fd < 0) return -1;
    if (!(h->board = sim_link_new(fd, slave, name, -1))) {
        close(fd);
        close(slave);
        return -1;
    }
    fprintf(stderr, "morph: link on %s\n", name);
    fflush(stderr);
    return 0;
}

static void link_figures(const char *who, struct sim_link *l, double secs)
{
    const struct sim_link_stats *s = sim_link_stats(l);
    fprintf(stderr, "morph %s: %llu requests, %llu reads of %llu bytes, %llu writes of %llu bytes, %llu bytes sent, "
            "%llu received, %.3f s\n", who, (unsigned long long)s->requests, (unsigned long long)s->reads,
            (unsigned long long)s->read_bytes, (unsigned long long)s->writes, (unsigned long long)s->write_bytes,
            (unsigned long long)s->bytes_sent, (unsigned long long)s->bytes_received, secs);
}

/* morph host: the guest's side of a board's link. cpu's RAM becomes a mirror of the board's
 * (sim_link.h); cpu never runs: it carries what sim_htif_request serves. */
static int host_run(const struct opts *o, struct sim_cpu *cpu, const char *prog)
{
    if (access(prog, R_OK)) {
        fprintf(stderr, "morph: cannot read program '%s': %s\n", prog, strerror(errno));
        return 127;
    }
    int fd = sim_link_open_serial(o->serial, o->baud);
    if (fd < 0) return SIM_EXIT_USAGE;
    char what[PATH_MAX + 16];
    snprintf(what, sizeof what, "--serial %s", o->serial);
    struct sim_link *l = sim_link_new(fd, -1, what, o->timeout > 0 ? (int)(o->timeout * 1000) : -1);
    if (!l) {
        close(fd);
        return SIM_EXIT_MODEL_ERROR;
    }
    const double t0 = now();
    const int r = sim_link_host_serve(l, cpu);
    fflush(stdout);
    if (o->stats || o->verbose) link_figures("host", l, now() - t0);
    sim_link_free(l);
    return r ? SIM_EXIT_MODEL_ERROR : cpu->exit_status;
}

static int run(int argc, char **argv, int cmd)
{
    const int is_run = cmd != MO_SIM; /* the firmware boots (on this machine, or on a board) */
    const int guest = cmd == MO_RUN || cmd == MO_HOST; /* PROGRAM and its arguments are given here */
    struct opts o;
    int pr = parse(argc, argv, 2, cmd, &o);
    if (pr > 0) return 0;
    if (pr) { /* the error line said what was wrong; the options are one command away */
        fprintf(stderr, "morph: `morph %s --help` lists the options\n", cmd_name(cmd));
        return SIM_EXIT_USAGE;
    }
    if (cmd == MO_BOARD && o.engine == ENGINE_COSIM) {
        fprintf(stderr, "morph: morph board runs --engine=model or --engine=rtl\n");
        return SIM_EXIT_USAGE;
    }
    /* The RTL is built per preset it implements (build/bin/morph-rtl-NAME); the others are
     * model-only. */
    const char *rtl_why, *rtl_core = o.engine == ENGINE_MODEL ? NULL : sim_core_rtl_name(&o.core, &rtl_why);
    const char *cwhy;
    if (o.engine != ENGINE_MODEL && o.caches.levels && (cwhy = sim_cache_rtl_check(&o.caches))) {
        fprintf(stderr, "morph: --caches=%s is model-only: %s; use --engine=model for it\n", o.caches.label, cwhy);
        return SIM_EXIT_USAGE;
    }
    if ((o.inject & SIM_INJECT_RTL_CACHE_WAY) && (o.engine == ENGINE_MODEL || !o.caches.levels)) {
        fprintf(stderr, "morph: --inject=rtl-cache-way needs --engine=rtl or cosim and caches\n");
        return SIM_EXIT_USAGE;
    }
    if (o.engine != ENGINE_MODEL && !rtl_core) {
        fprintf(stderr, "morph: core %s is model-only: the RTL does not implement it (%s); --engine=%s "
                "runs the cores `morph rtl-cores` lists, use --engine=model\n", o.core.label, rtl_why,
                o.engine == ENGINE_RTL ? "rtl" : "cosim");
        return SIM_EXIT_USAGE;
    }
    if (o.engine == ENGINE_RTL && o.fusion_profile) {
        fprintf(stderr, "morph: --fusion-profile is counted by the C model (--engine=model or cosim)\n");
        return SIM_EXIT_USAGE;
    }
    if ((o.inject & SIM_INJECT_NO_FENCE_I) && !o.caches.levels) {
        fprintf(stderr, "morph: --inject=no-fence-i needs caches (--caches=l1, l1l2 or realistic)\n");
        return SIM_EXIT_USAGE;
    }
    if ((o.inject & SIM_INJECT_XALU_FLAG) && o.engine != ENGINE_MODEL) {
        fprintf(stderr, "morph: --inject=xalu-flag works with the C model only (--engine=model)\n");
        return SIM_EXIT_USAGE;
    }
    if ((o.inject & SIM_INJECT_RTL_BPRED) && (o.engine == ENGINE_MODEL || o.core.bp.kind < SIM_BP_bimodal)) {
        fprintf(stderr, "morph: --inject=rtl-bpred needs --engine=rtl or cosim and --bpred=bimodal or gshare\n");
        return SIM_EXIT_USAGE;
    }
    if ((o.inject & SIM_INJECT_RTL_FUSED_TAIL) && (o.engine == ENGINE_MODEL || !o.core.fuse)) {
        fprintf(stderr, "morph: --inject=rtl-fused-tail needs --engine=rtl or cosim and a fusing core\n");
        return SIM_EXIT_USAGE;
    }
    if (o.pipeview && o.engine == ENGINE_COSIM) {
        fprintf(stderr, "morph: --pipeview works with --engine=model or --engine=rtl (cosim checks the "
                "two agree op by op; compare their pipeview files instead)\n");
        return SIM_EXIT_USAGE;
    }
    if (o.progress && (o.engine != ENGINE_MODEL || o.pipeview)) {
        fprintf(stderr, "morph: --progress works with the C model (--engine=model), without --pipeview\n");
        return SIM_EXIT_USAGE;
    }
    if (!o.progress && o.engine == ENGINE_MODEL && !o.pipeview && isatty(2)) o.progress = 1.0; /* a user watching */
    if ((o.series || o.profile) && (o.engine != ENGINE_MODEL || o.pipeview)) {
        fprintf(stderr, "morph: --series and --profile work with the C model (--engine=model), without --pipeview\n");
        return SIM_EXIT_USAGE;
    }
    if (o.prof_every && !o.profile) {
        fprintf(stderr, "morph: --profile-every needs --profile FILE\n");
        return SIM_EXIT_USAGE;
    }
    if (o.wave && o.engine == ENGINE_MODEL) {
        fprintf(stderr, "morph: --wave needs --engine=rtl or --engine=cosim\n");
        return SIM_EXIT_USAGE;
    }
#ifdef MORPH_WITH_RTL
    if (o.engine != ENGINE_MODEL && strcmp(rtl_core, MORPH_RTL_CORE)) {
        fprintf(stderr, "morph: this morph-rtl is built for core %s, not %s\n", MORPH_RTL_CORE, rtl_core);
        return SIM_EXIT_USAGE;
    }
    /* The core's geometry is fixed when it is Verilated (its preset's, or rtl/rtl.mk's RTL_* knobs;
     * sim_cosim.c compares the model's with it). */
    if (o.engine != ENGINE_MODEL &&
        ((o.jtlb_sets && o.jtlb_sets != RTL_JTLB_SETS) || (o.jtlb_ways && o.jtlb_ways != RTL_JTLB_WAYS))) {
        fprintf(stderr, "morph: this morph-rtl has a %u x %u JTLB; rebuild with make rtl RTL_JTLB_SETS=.. "
                "RTL_JTLB_WAYS=.. for another geometry\n", RTL_JTLB_SETS, RTL_JTLB_WAYS);
        return SIM_EXIT_USAGE;
    }
    if (o.engine != ENGINE_MODEL && o.gtlb_entries && o.gtlb_entries != RTL_GTLB_ENTRIES) {
        fprintf(stderr, "morph: this morph-rtl has a %u-entry GTLB; rebuild with make rtl RTL_GTLB_ENTRIES=.. "
                "for another size\n", RTL_GTLB_ENTRIES);
        return SIM_EXIT_USAGE;
    }
#else
    if (o.engine != ENGINE_MODEL) { /* the Verilated core lives in a separate binary */
        char exe[PATH_MAX], path[PATH_MAX + 16];
        ssize_t l = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (l <= 0) l = 0;
        exe[l] = 0;
        char *bin = dirname(exe);
        snprintf(path, sizeof path, "%s/morph-rtl-%s", bin, rtl_core);
        if (access(path, X_OK)) { /* not built yet: build it when morph runs from its build tree */
            char root[PATH_MAX + 16], cmd[3 * PATH_MAX];
            snprintf(root, sizeof root, "%s/../..", bin);
            snprintf(cmd, sizeof cmd, "%s/Makefile", root);
            if (!access(cmd, R_OK)) {
                fprintf(stderr, "morph: building %s (make rtl RTL_CORES=%s)\n", path, rtl_core);
                snprintf(cmd, sizeof cmd, "make -s -C '%s' BUILD='%s/..' rtl RTL_CORES=%s >&2", root, bin, rtl_core);
                if (system(cmd)) fprintf(stderr, "morph: building %s failed\n", path);
            }
        }
        execv(path, argv);
        fprintf(stderr, "morph: --engine=%s needs %s (build it with `make rtl RTL_CORES=%s`): %s\n",
                o.engine == ENGINE_RTL ? "rtl" : "cosim", path, rtl_core, strerror(errno));
        return SIM_EXIT_MODEL_ERROR;
    }
#endif
    static struct sim_mem mem;
    static struct sim_cpu cpu;
    static struct sim_htif htif;
    struct sim_cpu_config cfg = { .max_cycles = o.max_cycles, .jtlb_sets = o.jtlb_sets, .jtlb_ways = o.jtlb_ways,
                                  .gtlb_entries = o.gtlb_entries,
                                  .inject = o.inject, .core = o.core, .fusion_profile = o.fusion_profile,
                                  .caches = o.caches };
    if (sim_mem_init(&mem, o.mem_mb << 20) || sim_cpu_init(&cpu, &mem, &cfg)) return SIM_EXIT_MODEL_ERROR;
    cpu.htif = &htif;
    /* the firmware reads the program's file, then the guest's argv; a `morph sim` program its
     * own argv (HTIF_CMD_GET_ARGV) */
    htif.argv = &argv[o.argi];
    if (guest) {
        char **gargv = calloc((size_t)(argc - o.argi) + 2, sizeof *gargv);
        if (!gargv) return SIM_EXIT_MODEL_ERROR;
        gargv[0] = argv[o.argi];
        gargv[1] = o.argv0 ? (char *)o.argv0 : argv[o.argi];
        for (int i = o.argi + 1; i < argc; i++) gargv[i - o.argi + 1] = argv[i];
        htif.argv = gargv;
    }
    htif.envp = environ;
    if (guest) sim_hostsig_install(); /* the guest's signals from outside (docs/signals.md) */
    /* for a guest execve (sim_syscall.c): the options, and the program /proc/self/exe names */
    sim_exec_opts = &argv[2];
    sim_exec_nopts = o.argi - 2 - (o.argi > 2 && !strcmp(argv[o.argi - 1], "--"));
    if (o.gdb_port) { /* the program a guest's execve starts runs without the debugger (as under qemu) */
        char **keep = calloc((size_t)sim_exec_nopts + 1, sizeof *keep);
        int n = 0;
        if (!keep) return SIM_EXIT_MODEL_ERROR;
        for (int i = 0; i < sim_exec_nopts; i++) {
            const char *x = sim_exec_opts[i];
            if (!strcmp(x, "-g") || !strcmp(x, "--gdb")) i++;
            else if (strncmp(x, "--gdb=", 6)) keep[n++] = sim_exec_opts[i];
        }
        sim_exec_opts = keep;
        sim_exec_nopts = n;
    }
    static char exe_path[PATH_MAX];
    if (guest && realpath(argv[o.argi], exe_path)) sim_guest_exe = exe_path;
    if (guest && !sim_sysroot && default_sysroot(argv[o.argi])) return SIM_EXIT_USAGE;
    htif.verbose = o.verbose;
    htif.config.flags = (o.trace_insn ? MORPH_CFG_TRACE_INSN : 0) | (o.verbose ? MORPH_CFG_VERBOSE : 0) |
                        (o.dump_regs ? MORPH_CFG_DUMP_REGS : 0);
    htif.config.ram_size = mem.ram_size;
    htif.config.decode_cache_entries = o.decode_cache;
    htif.config.emulation = o.emulation;
    htif.config.bbt_threshold = o.bbt_threshold;
    htif.config.sbt_threshold = o.sbt_threshold;
    htif.config.sbt_heads = o.sbt_heads;
    htif.config.quantum = o.quantum;
    htif.config.code_cache_size = o.code_cache_kb << 10;
    htif.config.x87_mode = o.x87_mode;
    if (o.rmw_write) htif.config.flags |= MORPH_CFG_RMW_WRITE;
    if (o.no_fastdec) htif.config.flags |= MORPH_CFG_NO_FASTDEC;
    if (o.count_chains) htif.config.flags |= MORPH_CFG_COUNT_CHAINS;
    if (o.fusion_blocks_same) htif.config.flags |= MORPH_CFG_FUSION_BLOCKS_SAME;
    if (o.inject & SIM_INJECT_CC_MAP) htif.config.flags |= MORPH_CFG_INJECT_CC_MAP;
    if (o.gdb_port) {
        if (sim_gdb_listen(o.gdb_port > 0 ? o.gdb_port : 0)) return SIM_EXIT_USAGE;
        htif.config.flags |= MORPH_CFG_GDB;
    }
    if (o.log_file && !o.log) {
        fprintf(stderr, "morph: --log-file needs -d KEYS (-d help lists them)\n");
        return SIM_EXIT_USAGE;
    }
    if (o.log) {
        if (sim_log_open(o.log_file)) return SIM_EXIT_USAGE;
        htif.config.log = o.log;
    }
    if (o.strace) {
        if (sim_strace_open(o.strace_file)) return SIM_EXIT_USAGE;
        htif.config.flags |= MORPH_CFG_STRACE | (strace_execed ? MORPH_CFG_STRACE_EXECED : 0);
    }
    htif.config.fusion = o.fusion;
    htif.config.sched = o.sched;
    sim_core_knobs(&o.core, &htif.config.core); /* the translator tunes its code for this core */
    htif.config.gsb_depth = (uint8_t)o.core.gsb_depth; /* and keeps a commit region's stores in its GSB */

    if (cmd == MO_HOST) return host_run(&o, &cpu, argv[o.argi]);
    uint32_t entry;
    if (is_run) {
        char fw[PATH_MAX], path[PATH_MAX + 32];
        if (o.fwdir) snprintf(fw, sizeof fw, "%s", o.fwdir);
        else default_fwdir(fw, sizeof fw);
        if (guest && access(argv[o.argi], R_OK)) {
            fprintf(stderr, "morph: cannot read program '%s': %s\n", argv[o.argi], strerror(errno));
            return 127;
        }
        snprintf(path, sizeof path, "%s/bootrom.bin", fw);
        if (sim_mem_load_file(&mem, path, MM_BOOTROM_BASE, MM_BOOTROM_SIZE) < 0) return SIM_EXIT_MODEL_ERROR;
        snprintf(path, sizeof path, "%s/cms.img", fw);
        if (sim_mem_load_file(&mem, path, MM_FLASH_BASE, MM_FLASH_SIZE) < 0) return SIM_EXIT_MODEL_ERROR;
        if (concealment_start(fw)) return SIM_EXIT_MODEL_ERROR;
        entry = MM_BOOTROM_BASE;
        if (o.verbose) fprintf(stderr, "morph: firmware from %s, RAM %u MiB\n", fw, o.mem_mb);
    } else {
        if (sim_elf_load(&mem, argv[o.argi], &entry)) return SIM_EXIT_MODEL_ERROR;
        if (o.verbose) fprintf(stderr, "morph: %s entry 0x%08x\n", argv[o.argi], entry);
    }
    sim_cpu_reset(&cpu, entry);
    if (cmd == MO_BOARD && board_open(&htif)) return SIM_EXIT_MODEL_ERROR;
    /* a guest fork forks this process (sim_syscall.c): the C model only, one waveform or
     * pipeline view being one process's */
    sim_fork_allowed = o.engine == ENGINE_MODEL && !o.pipeview;
    if (o.pipeview && !(pv = sim_pipeview_open(o.pipeview, o.pv_start, o.pv_cycles, &cpu.core)))
        return SIM_EXIT_MODEL_ERROR;
    double t0 = now();
    enum sim_stop why;
    struct sim_cpu *rep_cpu = &cpu; /* whose counters the report shows */
    int diverged = 0;
#ifdef MORPH_WITH_RTL
    static struct sim_cpu shell;
    if (o.engine == ENGINE_RTL) {
        shell.mem = &mem;
        shell.htif = &htif;
        shell.max_cycles = o.max_cycles;
        shell.core = cpu.core; /* the report names it; its penalties cost the RTL's events */
        shell.cache_cfg = cpu.cache_cfg; /* the RTL's caches */
        why = sim_rtl_run(&shell, entry, &(struct sim_rtl_config){ .wave = o.wave, .inject = o.inject,
                                                                  .on_event = pv ? pv_rtl_event : NULL,
                                                                  .ctx = &mem });
        cpu.exit_status = shell.exit_status;
        cpu.pc = shell.pc;
        rep_cpu = &shell;
    } else if (o.engine == ENGINE_COSIM) {
        char elf[PATH_MAX + 16] = "";
        if (is_run) {
            if (o.fwdir) snprintf(elf, sizeof elf, "%s/cms.elf", o.fwdir);
            else {
                char fw[PATH_MAX];
                default_fwdir(fw, sizeof fw);
                snprintf(elf, sizeof elf, "%s/cms.elf", fw);
            }
        }
        why = sim_cosim_run(&cpu, entry, is_run ? elf : NULL, o.wave, &diverged);
        sim_cpu_flush_stats(&cpu);
    } else
#endif
    {
        static struct sim_profile prof;
        if (o.profile && sim_profile_init(&prof, o.prof_every ? o.prof_every : 997)) return SIM_EXIT_MODEL_ERROR;
        why = pv                        ? pv_model_run(&cpu, o.pv_start)
              : o.series || o.profile || o.progress ? sliced_run(&cpu, o.series, o.profile ? &prof : NULL, o.progress)
                                      : sim_cpu_run(&cpu);
        if (o.profile && !sim_forked_child) {
            if (sim_profile_write(&prof, o.profile, argv[o.argi])) {
                fprintf(stderr, "morph: cannot write %s: %s\n", o.profile, strerror(errno));
                why = SIM_STOP_FATAL;
            }
            sim_profile_free(&prof);
        }
        sim_cpu_flush_stats(&cpu);
    }
    if (pv && sim_pipeview_close(pv)) return SIM_EXIT_MODEL_ERROR;
    double secs = now() - t0;
    fflush(stdout);

    struct sim_report rep = { .mode = is_run ? "run" : "sim", .host_seconds = secs };
    switch (why) {
    case SIM_STOP_EXIT:
        rep.exit_status = cpu.exit_status;
        rep.stop = "exit";
        break;
    case SIM_STOP_MAX_CYCLES:
        fprintf(stderr, "morph: stopped after %llu cycles (--max-cycles) at pc 0x%08x\n",
                (unsigned long long)o.max_cycles, cpu.pc);
        rep.exit_status = SIM_EXIT_MAX_CYCLES;
        rep.stop = "max-cycles";
        break;
    default:
        rep.exit_status = SIM_EXIT_MODEL_ERROR;
        rep.stop = "error";
        break;
    }
    if (diverged) {
        rep.exit_status = SIM_EXIT_MODEL_ERROR;
        rep.stop = "divergence";
    }
    /* only a run the firmware ended (HTIF exit) has it all in concealed memory: one stopped by
     * --max-cycles may not have finished copying it there */
    if (is_run && why == SIM_STOP_EXIT && concealment_broken(&mem, &cpu)) {
        rep.exit_status = SIM_EXIT_MODEL_ERROR;
        rep.stop = "concealment";
    }
    if (sim_forked_child) o.stats = 0, o.stats_json = NULL; /* the first process's report only */
    if (o.stats) sim_stats_print(stderr, rep_cpu, &rep);
    if (o.stats_json && sim_stats_json(o.stats_json, rep_cpu, &rep)) {
        fprintf(stderr, "morph: cannot write %s: %s\n", o.stats_json, strerror(errno));
        if (!rep.exit_status) rep.exit_status = SIM_EXIT_MODEL_ERROR;
    }
    if (htif.board) { /* the host has its answer to the exit (or the link failed) */
        if (o.verbose) link_figures("board", htif.board, secs);
        sim_link_free(htif.board);
    }
    sim_cpu_free(&cpu);
    /* a child machine whose guest a signal killed dies by that signal, so that its parent's
     * wait sees WIFSIGNALED as on Linux (the first process keeps the exit status 128+N) */
    if (sim_forked_child && why == SIM_STOP_EXIT && htif.exit_signal) {
        fflush(NULL);
        sim_hostsig_die(htif.exit_signal);
    }
    return rep.exit_status;
}

/* morph disas FILE|WORD...: I-ops (RV32IM + the extension, sim_disasm_iop, whose names and
 * operand layouts come from the ISA tables) of an RV32 ELF's executable segments, of a raw
 * file of little-endian words (from address 0), or of words given in hex. */
static int disas_words(const uint8_t *b, size_t n, uint32_t addr)
{
    for (size_t i = 0; i + 4 <= n; i += 4, addr += 4) {
        uint32_t w;
        char t[96];
        memcpy(&w, b + i, 4);
        sim_disasm_iop(w, t, sizeof t);
        printf("%08x:  %08x  %s%s\n", addr, w, !(w & MORPH_FUSE_BIT) && (w & 1) ? "+ " : "", t);
    }
    return 0;
}

static int disas(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: morph disas RV32-ELF|FILE|0xWORD...\n");
        return SIM_EXIT_USAGE;
    }
    if (!strncmp(argv[2], "0x", 2)) {
        for (int i = 2; i < argc; i++) {
            uint64_t w;
            char t[96];
            if (parse_u64(argv[i], &w) || w > 0xffffffffu) {
                fprintf(stderr, "morph: disas: '%s' is no 32-bit word (0x...)\n", argv[i]);
                return SIM_EXIT_USAGE;
            }
            sim_disasm_iop((uint32_t)w, t, sizeof t);
            printf("%s\n", t);
        }
        return 0;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        fprintf(stderr, "morph: disas: %s: %s\n", argv[2], strerror(errno));
        return SIM_EXIT_USAGE;
    }
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    rewind(f);
    uint8_t *b = malloc(sz > 0 ? (size_t)sz : 1);
    if (!b || fread(b, 1, (size_t)sz, f) != (size_t)sz) {
        fprintf(stderr, "morph: disas: cannot read %s\n", argv[2]);
        fclose(f);
        return SIM_EXIT_MODEL_ERROR;
    }
    fclose(f);
    const Elf32_Ehdr *eh = (const Elf32_Ehdr *)b;
    if (sz < (long)sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG)) { /* raw words */
        disas_words(b, (size_t)sz, 0);
        free(b);
        return 0;
    }
    if (eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_machine != EM_RISCV ||
        (uint64_t)eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr) > (uint64_t)sz) {
        fprintf(stderr, "morph: disas: %s is no RV32 ELF\n", argv[2]);
        free(b);
        return SIM_EXIT_USAGE;
    }
    /* the executable sections (text, not the rodata a segment may hold too); without section
     * headers, the executable segments */
    unsigned shown = 0;
    if (eh->e_shoff && (uint64_t)eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf32_Shdr) <= (uint64_t)sz)
        for (unsigned i = 0; i < eh->e_shnum; i++) {
            const Elf32_Shdr *sh = (const Elf32_Shdr *)(b + eh->e_shoff) + i;
            if (sh->sh_type != SHT_PROGBITS || !(sh->sh_flags & SHF_EXECINSTR)) continue;
            if ((uint64_t)sh->sh_offset + sh->sh_size > (uint64_t)sz) continue;
            disas_words(b + sh->sh_offset, sh->sh_size, sh->sh_addr);
            shown++;
        }
    for (unsigned i = 0; !shown && i < eh->e_phnum; i++) {
        const Elf32_Phdr *ph = (const Elf32_Phdr *)(b + eh->e_phoff) + i;
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
        if ((uint64_t)ph->p_offset + ph->p_filesz > (uint64_t)sz) {
            fprintf(stderr, "morph: disas: %s: a segment runs past the file\n", argv[2]);
            free(b);
            return SIM_EXIT_USAGE;
        }
        disas_words(b + ph->p_offset, ph->p_filesz, ph->p_vaddr);
    }
    free(b);
    return 0;
}

int main(int argc, char **argv)
{
    /* a morph that a guest's execve started in a forked child (sim_syscall.c do_execve): a
     * child still, and the mark is not the guest's */
    if (getenv("MORPH_FORKED_CHILD")) {
        sim_forked_child = 1;
        sim_strace_forked(); /* --strace on stderr: [pid N] */
        unsetenv("MORPH_FORKED_CHILD");
    }
    /* ... and one whose execve line the morph before it showed (--strace) */
    if (getenv("MORPH_STRACE_EXECED")) {
        strace_execed = 1;
        unsetenv("MORPH_STRACE_EXECED");
    }
    if (argc < 2) {
        usage(stderr, 0);
        return SIM_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        if (argc == 2) usage(stdout, 0);
        else if (!strcmp(argv[2], "run")) usage(stdout, MO_RUN);
        else if (!strcmp(argv[2], "sim")) usage(stdout, MO_SIM);
        else if (!strcmp(argv[2], "board")) usage(stdout, MO_BOARD);
        else if (!strcmp(argv[2], "host")) usage(stdout, MO_HOST);
        else if (!strcmp(argv[2], "--man")) man_page(stdout);
        else {
            fprintf(stderr, "morph: help: unknown topic '%s' (valid: run, sim, board, host, --man)\n", argv[2]);
            return SIM_EXIT_USAGE;
        }
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("morph %s (C model of the morph core: RV32IM + Zicsr + morph extension)\n", MORPH_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "run")) return run(argc, argv, MO_RUN);
    if (!strcmp(argv[1], "disas")) return disas(argc, argv);
    if (!strcmp(argv[1], "sim")) return run(argc, argv, MO_SIM);
    if (!strcmp(argv[1], "board")) return run(argc, argv, MO_BOARD);
    if (!strcmp(argv[1], "host")) return run(argc, argv, MO_HOST);
    /* for rtl/rtl.mk: the presets the RTL implements, and the parameters of one's build */
    if (!strcmp(argv[1], "rtl-cores") && (argc == 2 || (argc == 3 && !strcmp(argv[2], "--bpred")))) {
        sim_core_rtl_list(stdout, argc == 3); /* --bpred: the cores whose RTL has the predictor */
        return 0;
    }
    if (!strcmp(argv[1], "rtl-params") && argc >= 3) {
        /* make synth-configs: one cache preset (--caches=NAME), no predictor (--bpred=none) */
        const char *caches = NULL;
        int nobp = 0;
        for (int i = 3; i < argc; i++) {
            if (!strncmp(argv[i], "--caches=", 9)) caches = argv[i] + 9;
            else if (!strcmp(argv[i], "--bpred=none")) nobp = 1;
            else {
                fprintf(stderr, "morph: rtl-params: unknown option '%s' (--caches=NAME, --bpred=none)\n", argv[i]);
                return SIM_EXIT_USAGE;
            }
        }
        return sim_core_rtl_params(argv[2], caches, nobp, stdout) ? SIM_EXIT_USAGE : 0;
    }
    if (!strcmp(argv[1], "selftest")) {
        static struct sim_mem mem;
        if (sim_mem_init(&mem, MM_CONCEALED_SIZE)) return SIM_EXIT_MODEL_ERROR;
        int bad = sim_syscall_selftest(&mem);
        printf("morph selftest: %s\n", bad ? "FAILED" : "every forwarded syscall has a host implementation");
        return bad ? 1 : 0;
    }
    fprintf(stderr, "morph: unknown command '%s' (valid: run, sim, board, host, disas, selftest, rtl-cores, rtl-params, help)\n", argv[1]);
    usage(stderr, 0);
    return SIM_EXIT_USAGE;
}
