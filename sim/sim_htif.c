/* Host side of the HTIF device: services one request block synchronously during the store to
 * HTIF_REG_REQ. Every address the firmware names is bounds-checked against model RAM. */
#include "sim_htif.h"
#include "sim_timing.h"
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "sim_cpu.h"
#include "sim_csr.h"
#include "sim_disasm.h"
#include "sim_gdb.h"
#include "sim_log.h"
#include "sim_hostsig.h"
#include "sim_link.h"
#include "sim_strace.h"
#include "sim_syscall.h"

/* Strings as NUL-terminated list followed by an empty string. */
static int32_t put_strings(struct sim_mem *m, char **list, uint32_t pa, uint32_t len)
{
    uint32_t need = 4, count = 0;
    for (char **s = list; s && *s; s++, count++) need += (uint32_t)strlen(*s) + 1;
    if (need > len) return -E2BIG;
    uint8_t *dst = sim_mem_ram(m, pa, need);
    if (!dst) return -EFAULT;
    memcpy(dst, &count, 4); /* a count, so that empty strings survive */
    dst += 4;
    for (char **s = list; s && *s; s++) {
        size_t l = strlen(*s) + 1;
        memcpy(dst, *s, l);
        dst += l;
    }
    return (int32_t)need;
}

static int32_t insn_msg(struct sim_mem *m, const uint32_t *arg)
{
    uint32_t kind = arg[0], eip = arg[1], len = arg[3];
    if (len > 15) len = 15;
    const uint8_t *bytes = sim_mem_ram(m, arg[2], len);
    if (!bytes) return -EFAULT;
    char text[256], hex[64] = "";
    for (uint32_t i = 0; i < len; i++)
        snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%s%02x", i ? " " : "", bytes[i]);
    int ok = sim_disasm_x86(bytes, len, eip, text, sizeof text) == 0;
    switch (kind) {
    case HTIF_MSG_TRACE:
        if (ok) fprintf(stderr, "0x%08x: %s\n", eip, text);
        else fprintf(stderr, "0x%08x: (bad) %s\n", eip, hex);
        return 0;
    case HTIF_MSG_UNSUPPORTED:
        if (ok) fprintf(stderr, "morph: unsupported x86 instruction '%s' at 0x%08x\n", text, eip);
        else fprintf(stderr, "morph: unsupported x86 instruction '(bytes %s)' at 0x%08x\n", hex, eip);
        return 0;
    case HTIF_MSG_UNDECODABLE:
        fprintf(stderr, "morph: invalid x86 instruction bytes %s at 0x%08x\n", hex, eip);
        return 0;
    default:
        return -EINVAL;
    }
}

int sim_htif_request(struct sim_cpu *c, uint32_t pa)
{
    struct sim_mem *m = c->mem;
    struct sim_htif *h = c->htif;
    if (h->board) return sim_link_board_request(c, pa);
    uint8_t *p = sim_mem_ram(m, pa, sizeof(struct htif_req));
    if (!p || (pa & 3)) {
        fprintf(stderr, "morph: HTIF request block at bad address 0x%08x\n", pa);
        return -1;
    }
    struct htif_req req;
    memcpy(&req, p, sizeof req);
    int32_t ret = 0;
    if (sim_hostsig_pending()) h->events |= HTIF_EVENT_SIGNALS;
    switch (req.cmd) {
    case HTIF_CMD_CONSOLE: {
        const uint8_t *buf = sim_mem_ram(m, req.arg[0], req.arg[1]);
        if (!buf) { ret = -EFAULT; break; }
        fflush(stdout);
        ret = (int32_t)fwrite(buf, 1, req.arg[1], stderr);
        fflush(stderr);
        break;
    }
    case HTIF_CMD_EXIT:
        h->exit_signal = (int)(req.arg[1] & 0x7f);
        sim_strace_exit((int)(req.arg[0] & 0xff), h->exit_signal);
        sim_gdb_exit((int)(req.arg[0] & 0xff), h->exit_signal);
        sim_log_close();
        sim_cpu_stop(c, SIM_STOP_EXIT, (int)(req.arg[0] & 0xff));
        break;
    case HTIF_CMD_GET_CONFIG: {
        uint32_t n = req.arg[1] < sizeof h->config ? req.arg[1] : (uint32_t)sizeof h->config;
        uint8_t *buf = sim_mem_ram(m, req.arg[0], n);
        if (!buf) { ret = -EFAULT; break; }
        memcpy(buf, &h->config, n);
        ret = (int32_t)n;
        break;
    }
    case HTIF_CMD_GET_ARGV:
        ret = put_strings(m, h->argv, req.arg[0], req.arg[1]);
        break;
    case HTIF_CMD_GET_ENVP:
        ret = put_strings(m, h->envp, req.arg[0], req.arg[1]);
        break;
    case HTIF_CMD_SYSCALL:
        h->syscalls++;
        ret = sim_syscall(m, req.arg[0], &req.arg[1]);
        break;
    case HTIF_CMD_INSN_MSG:
        ret = insn_msg(m, req.arg);
        break;
    case HTIF_CMD_STATS: {
        uint32_t n = req.arg[1] < sizeof c->st.cms ? req.arg[1] : (uint32_t)sizeof c->st.cms;
        const uint8_t *buf = sim_mem_ram(m, req.arg[0], n);
        if (!buf) { ret = -EFAULT; break; }
        memset(&c->st.cms, 0, sizeof c->st.cms);
        memcpy(&c->st.cms, buf, n);
        c->st.have_cms = 1;
        break;
    }
    case HTIF_CMD_MNEMONICS: {
        uint32_t n = req.arg[1] < sizeof c->st.mnemonics ? req.arg[1] : (uint32_t)sizeof c->st.mnemonics;
        const uint8_t *buf = sim_mem_ram(m, req.arg[0], n);
        if (!buf) { ret = -EFAULT; break; }
        memset(c->st.mnemonics, 0, sizeof c->st.mnemonics);
        memcpy(c->st.mnemonics, buf, n);
        break;
    }
    case HTIF_CMD_EVENTS:
        if (req.arg[0] == HTIF_EV_TAKE) {
            ret = (int32_t)h->events;
            h->events = 0;
        } else if (req.arg[0] == HTIF_EV_POST) {
            h->events |= req.arg[1];
        } else if (req.arg[0] == HTIF_EV_PEEK) {
            ret = (int32_t)h->events;
        } else {
            ret = -EINVAL;
        }
        break;
    case HTIF_CMD_SIGNALS:
        if (req.arg[0] == HTIF_SIG_TAKE) {
            uint32_t n = req.arg[2] > 64 ? 64 : req.arg[2];
            uint8_t *buf = sim_mem_ram(m, req.arg[1], n * (uint32_t)sizeof(struct htif_sigrec));
            if (!buf) { ret = -EFAULT; break; }
            struct htif_sigrec recs[64];
            ret = sim_hostsig_take(recs, (int)n);
            memcpy(buf, recs, (size_t)ret * sizeof recs[0]);
        } else if (req.arg[0] == HTIF_SIG_WAIT) {
            ret = sim_hostsig_wait(req.arg[1], req.arg[2]);
        } else {
            ret = -EINVAL;
        }
        break;
    case HTIF_CMD_STRACE: {
        const char *buf = (const char *)sim_mem_ram(m, req.arg[0], req.arg[1]);
        if (!buf) { ret = -EFAULT; break; }
        ret = sim_strace_request(buf, req.arg[1], (int)req.arg[2], req.arg[3], (int)req.arg[4]);
        break;
    }
    case HTIF_CMD_GDB: {
        uint8_t *buf = sim_mem_ram(m, req.arg[0], req.arg[1]);
        if (!buf) { ret = -EFAULT; break; }
        if (req.arg[0] & 3) { ret = -EINVAL; break; } /* read as a struct htif_gdb (tests/fuzz-htif) */
        ret = sim_gdb_request(buf, req.arg[1]);
        break;
    }
    case HTIF_CMD_LOG: {
        const uint8_t *buf = sim_mem_ram(m, req.arg[1], req.arg[2]);
        if (!buf) { ret = -EFAULT; break; }
        ret = sim_log_request(req.arg[0], buf, req.arg[2]);
        break;
    }
    case HTIF_CMD_CODE_TIER:
        ret = sim_timing_mark_tier(c, req.arg[0], req.arg[1], req.arg[2] != 0) ? -EINVAL : 0;
        break;
    default:
        fprintf(stderr, "morph: unknown HTIF command %u (request at 0x%08x)\n", req.cmd, pa);
        ret = -ENOSYS;
        break;
    }
    /* Signals the host received for the guest raise the line at the next request served (so
     * that it changes at the same op on every engine); the firmware looks at least once a
     * quantum (HTIF_EV_PEEK) and after every system call. */
    if (sim_hostsig_pending()) h->events |= HTIF_EVENT_SIGNALS;
    else h->events &= ~HTIF_EVENT_SIGNALS;
    if (h->irq_line != (h->events != 0) || req.cmd == HTIF_CMD_EVENTS) {
        h->irq_line = h->events != 0;
        c->meip = h->irq_line; /* the core sees it from the next op (sim_rtl.c: from the next edge) */
        sim_irq_update(c);
    }
    /* Re-resolve: nothing above remaps RAM, but keep the write bounds-checked. */
    p = sim_mem_ram(m, pa, sizeof(struct htif_req));
    memcpy(p + offsetof(struct htif_req, ret), &ret, sizeof ret);
    return 0;
}
