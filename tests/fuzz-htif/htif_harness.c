/* Fuzz harness of the simulator's HTIF host side, sim_htif_request (sim/sim_htif.c with the real
 * sim_strace.c, sim_log.c, sim_disasm.c, sim_gdb.c and sim_timing.c; docs/testing.md "Fuzzing the
 * input parsers").
 *
 * Input: u8 n (1 + n % 4 requests), u32 pa[4] (where each request block is), then the model
 * RAM's contents from MM_RAM_BASE (64 KiB of RAM, exactly allocated so that ASan sees any access
 * past it; zeros past the input). The requests run in order on one machine. Stubs: guest
 * system calls (sim_syscall: real host calls, not made here), host signals (none pending,
 * SIG_TAKE returns as many empty records as asked, SIG_WAIT does not sleep) and sim_cpu_stop;
 * console text goes to /dev/null, --strace and -d output to /dev/null (so their parsers run).
 * Checks (a violation is abort()):
 *   - the result is -1 exactly for a block outside RAM or not word-aligned;
 *   - RAM changes only in the block's ret field and in the command's output buffer (GET_CONFIG,
 *     GET_ARGV/ENVP, SIGNALS' records, GDB's block), never past the length the firmware gave;
 *   - a buffer that is not wholly in RAM gives -EFAULT (console, config, stats, mnemonics,
 *     strace, gdb, log, instruction messages), a gdb block not word-aligned -EINVAL; an unknown
 *     command -ENOSYS; a guest system call
 *     reaches sim_syscall with its number and arguments. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_cpu.h"
#include "sim_hostsig.h"
#include "sim_htif.h"
#include "sim_log.h"
#include "sim_mem.h"
#include "sim_strace.h"
#include "sim_syscall.h"

#define FUZZ_NAME "htif"
#include "../lib/fuzz_main.h"

#define RAM_SIZE 0x10000u
#define HDR 17

/* ---- stubs ---- */
int sim_forked_child;
int sim_hostsig_pending(void) { return 0; }
static uint32_t sigs_taken;
int sim_hostsig_take(struct htif_sigrec *out, int max)
{
    FUZZ_CHECK(max >= 0 && max <= 64);
    memset(out, 0, sizeof *out * (size_t)max);
    sigs_taken = (uint32_t)max;
    return max;
}
int sim_hostsig_wait(uint32_t sec, uint32_t nsec) { (void)sec, (void)nsec; return 0; }
static int stopped;
void sim_cpu_stop(struct sim_cpu *c, enum sim_stop why, int status)
{
    (void)c, (void)why, (void)status;
    stopped = 1;
}
static uint32_t sys_nr, sys_args[6];
static int sys_called;
int32_t sim_syscall(struct sim_mem *m, uint32_t nr, const uint32_t a[6])
{
    (void)m;
    sys_called = 1;
    sys_nr = nr;
    memcpy(sys_args, a, sizeof sys_args);
    return 0;
}

/* ---- the machine ---- */
static struct sim_mem mem;
static struct sim_htif htif;
static struct sim_cpu *cpu;
static uint8_t *before;
static char *argv_list[] = {"/bin/prog", "arg", "", NULL};
static char *envp_list[] = {"LANG=C", "PATH=/usr/bin:/bin", NULL};

static void fuzz_setup(void)
{
    mem.ram = malloc(RAM_SIZE);
    mem.ram_size = RAM_SIZE;
    before = malloc(RAM_SIZE);
    cpu = calloc(1, sizeof *cpu);
    FUZZ_CHECK(mem.ram && before && cpu);
    cpu->mem = &mem;
    cpu->htif = &htif;
    htif.argv = argv_list;
    htif.envp = envp_list;
    memset(&htif.config, 0xa5, sizeof htif.config);
    stderr = fopen("/dev/null", "w"); /* the console; fd 2 stays for ASan and the checks */
    FUZZ_CHECK(stderr && sim_strace_open("/dev/null") == 0);
}

static int in_ram(uint32_t pa, uint32_t len) { return sim_mem_ram(&mem, pa, len) != NULL; }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

static int fuzz_one(const uint8_t *data, uint32_t len)
{
    if (len < HDR) return 0;
    uint32_t n = 1 + data[0] % 4, served = 0;
    uint32_t body = len - HDR < RAM_SIZE ? len - HDR : RAM_SIZE;
    memcpy(mem.ram, data + HDR, body);
    memset(mem.ram + body, 0, RAM_SIZE - body);
    htif.events = htif.irq_line = 0;
    sim_log_close();
    FUZZ_CHECK(sim_log_open("/dev/null") == 0);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t pa = rd32(data + 1 + 4 * i);
        struct htif_req req;
        int ok = in_ram(pa, sizeof req) && !(pa & 3);
        if (ok) memcpy(&req, mem.ram + (pa - MM_RAM_BASE), sizeof req);
        memcpy(before, mem.ram, RAM_SIZE);
        sys_called = stopped = 0;
        sigs_taken = 0;
        int rv = sim_htif_request(cpu, pa);
        FUZZ_CHECK(rv == (ok ? 0 : -1));
        if (!ok) {
            FUZZ_CHECK(!memcmp(before, mem.ram, RAM_SIZE));
            continue;
        }
        served++;
        int32_t ret;
        memcpy(&ret, mem.ram + (pa - MM_RAM_BASE) + offsetof(struct htif_req, ret), 4);
        /* the output buffer the command may write */
        uint32_t ob = 0, olen = 0;
        const uint32_t *a = req.arg;
        switch (req.cmd) {
        case HTIF_CMD_GET_CONFIG:
            ob = a[0], olen = a[1] < sizeof htif.config ? a[1] : (uint32_t)sizeof htif.config;
            FUZZ_CHECK(in_ram(ob, olen) ? ret == (int32_t)olen : ret == -EFAULT);
            break;
        case HTIF_CMD_GET_ARGV:
        case HTIF_CMD_GET_ENVP:
            ob = a[0], olen = a[1];
            FUZZ_CHECK(ret == -E2BIG || ret == -EFAULT || (ret >= 4 && (uint32_t)ret <= olen && in_ram(ob, (uint32_t)ret)));
            if (ret > 0) olen = (uint32_t)ret;
            break;
        case HTIF_CMD_SIGNALS:
            if (a[0] == HTIF_SIG_TAKE) {
                ob = a[1], olen = (a[2] > 64 ? 64 : a[2]) * (uint32_t)sizeof(struct htif_sigrec);
                FUZZ_CHECK(in_ram(ob, olen) ? ret == (int32_t)sigs_taken : ret == -EFAULT);
            }
            break;
        case HTIF_CMD_GDB:
            ob = a[0], olen = a[1];
            if (!in_ram(ob, olen)) FUZZ_CHECK(ret == -EFAULT);
            else if (ob & 3) FUZZ_CHECK(ret == -EINVAL), olen = 0; /* and nothing written */
            break;
        case HTIF_CMD_CONSOLE:
            FUZZ_CHECK(in_ram(a[0], a[1]) ? ret == (int32_t)a[1] : ret == -EFAULT);
            break;
        case HTIF_CMD_STATS:
        case HTIF_CMD_MNEMONICS: {
            uint32_t cap = req.cmd == HTIF_CMD_STATS ? (uint32_t)sizeof cpu->st.cms : (uint32_t)sizeof cpu->st.mnemonics;
            if (!in_ram(a[0], a[1] < cap ? a[1] : cap)) FUZZ_CHECK(ret == -EFAULT);
            break;
        }
        case HTIF_CMD_STRACE:
            if (!in_ram(a[0], a[1])) FUZZ_CHECK(ret == -EFAULT);
            break;
        case HTIF_CMD_LOG:
            if (!in_ram(a[1], a[2])) FUZZ_CHECK(ret == -EFAULT);
            break;
        case HTIF_CMD_INSN_MSG:
            if (!in_ram(a[2], a[3] > 15 ? 15 : a[3])) FUZZ_CHECK(ret == -EFAULT);
            break;
        case HTIF_CMD_SYSCALL:
            FUZZ_CHECK(sys_called && sys_nr == a[0] && !memcmp(sys_args, a + 1, sizeof sys_args));
            break;
        case HTIF_CMD_EXIT:
            FUZZ_CHECK(stopped);
            break;
        case HTIF_CMD_EVENTS:
        case HTIF_CMD_CODE_TIER:
            break;
        default:
            FUZZ_CHECK(ret == -ENOSYS);
        }
        if (req.cmd != HTIF_CMD_SYSCALL) FUZZ_CHECK(!sys_called);
        if (req.cmd != HTIF_CMD_EXIT) FUZZ_CHECK(!stopped);
        /* RAM: only the ret field and the output buffer changed */
        uint32_t retoff = pa - MM_RAM_BASE + (uint32_t)offsetof(struct htif_req, ret);
        for (uint32_t off = 0; off < RAM_SIZE; off++) {
            if (before[off] == mem.ram[off] || off - retoff < 4) continue;
            FUZZ_CHECK(olen && MM_RAM_BASE + off - ob < olen);
        }
    }
    return served > 0;
}

/* ---- seeds: one request of every command with its buffers in RAM, the -d log records and
 * strace lines as the firmware sends them, and a few hostile ones ---- */
static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }

static int fuzz_seeds(const char *dir, int nfiles, char **files)
{
    (void)nfiles, (void)files;
    static uint8_t b[HDR + 0x2000];
    unsigned count = 0;
    const uint32_t blk = MM_RAM_BASE + 0x100, buf = MM_RAM_BASE + 0x1000;
    static const uint8_t insn[] = {0x8b, 0x44, 0x24, 0x04}; /* mov eax, [esp+4] */
    for (int cmd = 1; cmd <= 16; cmd++) {
        for (int variant = 0; variant < 3; variant++) {
            memset(b, 0, sizeof b);
            b[0] = 0; /* one request */
            put32(b + 1, variant == 2 ? MM_RAM_BASE + 0xfff0 : blk);
            uint8_t *r = b + HDR + 0x100, *m = b + HDR + 0x1000;
            uint32_t a[8] = {buf, 64, 0, 0, 0, 0, 0, 0};
            switch (cmd) {
            case HTIF_CMD_CONSOLE: memcpy(m, "morph: hello\n", 13), a[1] = 13; break;
            case HTIF_CMD_EXIT: a[0] = 3, a[1] = 0; break;
            case HTIF_CMD_GET_CONFIG: a[1] = 4096; break;
            case HTIF_CMD_GET_ARGV: case HTIF_CMD_GET_ENVP: a[1] = variant == 1 ? 8 : 256; break;
            case HTIF_CMD_SYSCALL: a[0] = 4, a[1] = 1, a[2] = buf, a[3] = 5; break;
            case HTIF_CMD_INSN_MSG: a[0] = HTIF_MSG_UNSUPPORTED, a[1] = 0x08049000, a[2] = buf, a[3] = 4;
                memcpy(m, insn, 4); break;
            case HTIF_CMD_STATS: case HTIF_CMD_MNEMONICS: a[1] = 0x800; break;
            case HTIF_CMD_CODE_TIER: a[0] = MM_CONCEALED_BASE + 0x1000, a[1] = MM_CONCEALED_BASE + 0x1100, a[2] = 1; break;
            case HTIF_CMD_EVENTS: a[0] = variant == 1 ? HTIF_EV_POST : HTIF_EV_TAKE, a[1] = 1; break;
            case HTIF_CMD_SIGNALS: a[0] = HTIF_SIG_TAKE, a[1] = buf, a[2] = 4; break;
            case HTIF_CMD_STRACE:
                memcpy(m, "write(1, \"hi\", 2)\0" "2\0", 21), a[1] = 21, a[2] = variant == 1 ? 2 : 0, a[3] = HTIF_STRACE_LINE, a[4] = 100;
                break;
            case HTIF_CMD_GDB: a[1] = sizeof(struct htif_gdb), put32(m, HTIF_GDB_POLL); break;
            case HTIF_CMD_LOG: {
                /* an IN record: tier, count, then {eip, len, bytes} */
                a[0] = HTIF_LOG_IN, a[1] = buf;
                put32(m, 0), put32(m + 4, 1), put32(m + 8, 0x08049000), m[12] = 4;
                memcpy(m + 13, insn, 4);
                a[2] = 17;
                if (variant == 1) { /* an OUT record: tier, head, code, words, count, {first, insn}, words */
                    a[0] = HTIF_LOG_OUT;
                    put32(m, 1), put32(m + 4, 0x08049000), put32(m + 8, 0x80100000), put32(m + 12, 2), put32(m + 16, 1);
                    put32(m + 20, 0), put32(m + 24, 0x08049000), m[28] = 4, memcpy(m + 29, insn, 4);
                    put32(m + 33, 0x00000013), put32(m + 37, 0x00008067);
                    a[2] = 41;
                }
                break;
            }
            default: a[0] = 0; break; /* unknown: 0, 16 */
            }
            put32(r, (uint32_t)cmd);
            for (int i = 0; i < 8; i++) put32(r + 8 + 4 * i, a[i]);
            char name[64];
            snprintf(name, sizeof name, "cmd%d-%d", cmd, variant);
            fuzz_write_seed(dir, name, b, HDR + 0x1000 + 0x200);
            count++;
        }
    }
    printf("%u seeds in %s\n", count, dir);
    return 0;
}
