/* Host side of morph run -g PORT: gdb's remote serial protocol over TCP on the loopback
 * interface, for the x86 guest (docs/usage.md "Debugging the guest"). The firmware owns the
 * guest: at each stop it hands over the registers (HTIF_CMD_GDB, struct htif_gdb) and does
 * every memory access and breakpoint change gdb asks for (cms/cms_gdb.c); this side only
 * translates packets. */
#include "sim_gdb.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "morph/htif.h"
#include "sim_syscall.h"

static int listen_fd = -1, conn_fd = -1;
static int no_ack;            /* QStartNoAckMode */
static int resumed;           /* gdb waits for a stop reply (c, s) */
static uint32_t last_sig = 5; /* for '?' */
static uint32_t last_tid;
enum pend { P_NONE, P_READ, P_WRITE, P_BREAK };
static enum pend pending;
static struct htif_gdb shown; /* the registers as the stop gave them: what gdb may not change */

/* The registers in gdb's order (the target description below): 16 of 4 bytes, 8 of 10, 8 of 4. */
#define NREGS (HTIF_GDB_NGREGS + 8 + HTIF_GDB_NFREGS)
#define G_BYTES (HTIF_GDB_NGREGS * 4 + 80 + HTIF_GDB_NFREGS * 4)
static const char *const reg_names[NREGS] = {
    "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip", "eflags", "cs", "ss", "ds", "es", "fs", "gs",
    "st0", "st1", "st2", "st3", "st4", "st5", "st6", "st7",
    "fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"};
#define WRITABLE_REGS 10 /* EAX..EDI, EIP, EFLAGS: the firmware applies these (cms_gdb.c) */

static uint8_t *reg_ptr(struct htif_gdb *g, unsigned n, unsigned *size)
{
    if (n < HTIF_GDB_NGREGS) { *size = 4; return (uint8_t *)&g->gregs[n]; }
    if (n < HTIF_GDB_NGREGS + 8) { *size = 10; return g->st[n - HTIF_GDB_NGREGS]; }
    *size = 4;
    return (uint8_t *)&g->fregs[n - HTIF_GDB_NGREGS - 8];
}

/* The target description gdb reads (qXfer:features:read): i386's core registers, x87 included. */
static char target_xml[8192];
static void make_target_xml(void)
{
    size_t l = (size_t)snprintf(target_xml, sizeof target_xml,
                                "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                                "<target version=\"1.0\">\n<architecture>i386</architecture>\n"
                                "<osabi>GNU/Linux</osabi>\n<feature name=\"org.gnu.gdb.i386.core\">\n"
                                "<flags id=\"i386_eflags\" size=\"4\">\n");
    static const struct { const char *name; unsigned bit; } flag[] = {
        {"CF", 0}, {"PF", 2}, {"AF", 4}, {"ZF", 6}, {"SF", 7}, {"TF", 8}, {"IF", 9}, {"DF", 10}, {"OF", 11},
        {"NT", 14}, {"RF", 16}, {"VM", 17}, {"AC", 18}, {"VIF", 19}, {"VIP", 20}, {"ID", 21}};
    for (unsigned f = 0; f < sizeof flag / sizeof flag[0]; f++)
        l += (size_t)snprintf(target_xml + l, sizeof target_xml - l, "<field name=\"%s\" start=\"%u\" end=\"%u\"/>\n",
                              flag[f].name, flag[f].bit, flag[f].bit);
    l += (size_t)snprintf(target_xml + l, sizeof target_xml - l, "</flags>\n");
    for (unsigned n = 0; n < NREGS; n++) {
        const char *type = n == 4 || n == 5 ? "data_ptr" : n == 8 ? "code_ptr" : n == 9 ? "i386_eflags" : n < 16 ? "int32"
                           : n < 24 ? "i387_ext" : "int";
        l += (size_t)snprintf(target_xml + l, sizeof target_xml - l,
                              "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%u\"%s/>\n", reg_names[n],
                              n >= 16 && n < 24 ? 80 : 32, type, n, n >= 16 ? " group=\"float\"" : "");
    }
    snprintf(target_xml + l, sizeof target_xml - l, "</feature>\n</target>\n");
}

int sim_gdb_listen(int port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd < 0 || setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
        bind(listen_fd, (struct sockaddr *)&a, sizeof a) || listen(listen_fd, 1)) {
        fprintf(stderr, "morph: -g %d: cannot listen on localhost:%d: %s\n", port, port, strerror(errno));
        return -1;
    }
    socklen_t al = sizeof a;
    getsockname(listen_fd, (struct sockaddr *)&a, &al);
    fprintf(stderr, "morph: waiting for gdb on localhost:%u (target remote localhost:%u)\n", ntohs(a.sin_port),
            ntohs(a.sin_port));
    make_target_xml();
    return 0;
}

/* ---- packets ---------------------------------------------------------------------------- */

static uint8_t rbuf[4096];
static size_t rpos, rlen;

static int get_byte(void)
{
    if (rpos == rlen) {
        ssize_t n;
        do n = recv(conn_fd, rbuf, sizeof rbuf, 0);
        while (n < 0 && errno == EINTR);
        if (n <= 0) return -1;
        rpos = 0;
        rlen = (size_t)n;
    }
    return rbuf[rpos++];
}

static void send_all(const char *s, size_t n)
{
    while (n && conn_fd >= 0) {
        ssize_t w = send(conn_fd, s, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        s += w;
        n -= (size_t)w;
    }
}

static const char hexd[] = "0123456789abcdef";

static void put_packet(const char *body)
{
    size_t n = strlen(body);
    char *p = malloc(n + 5);
    if (!p) return;
    unsigned sum = 0;
    p[0] = '$';
    for (size_t i = 0; i < n; i++) sum += (uint8_t)(p[1 + i] = body[i]);
    p[n + 1] = '#';
    p[n + 2] = hexd[(sum >> 4) & 15];
    p[n + 3] = hexd[sum & 15];
    for (int tries = 0; tries < 3; tries++) {
        send_all(p, n + 4);
        if (no_ack) break;
        int c = get_byte();
        while (c >= 0 && c != '+' && c != '-' && c != '$') c = get_byte();
        if (c == '$') rpos--; /* a packet where the ack should be: taken as one */
        if (c != '-') break;
    }
    free(p);
}

/* The next packet's body (NUL-terminated), or -1 when gdb went away. */
static char pkt[0x4000];
static int get_packet(void)
{
    for (;;) {
        int c;
        do c = get_byte();
        while (c >= 0 && c != '$'); /* acks and ^C while stopped */
        if (c < 0) return -1;
        size_t n = 0;
        unsigned sum = 0;
        while ((c = get_byte()) >= 0 && c != '#') {
            if (n + 1 < sizeof pkt) pkt[n++] = (char)c;
            sum += (unsigned)c;
        }
        int h = get_byte(), l = get_byte();
        if (c < 0 || h < 0 || l < 0) return -1;
        pkt[n] = 0;
        char cs[3] = {(char)h, (char)l, 0};
        if (!no_ack) {
            if (strtoul(cs, NULL, 16) != (sum & 255)) { send_all("-", 1); continue; }
            send_all("+", 1);
        }
        return (int)n;
    }
}

static void hex_out(char *out, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hexd[b[i] >> 4];
        out[2 * i + 1] = hexd[b[i] & 15];
    }
    out[2 * n] = 0;
}

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static int hex_in(uint8_t *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int h = hexval(s[2 * i]), l = h < 0 ? -1 : hexval(s[2 * i + 1]);
        if (l < 0) return -1;
        b[i] = (uint8_t)(h << 4 | l);
    }
    return 0;
}

static void stop_reply(void)
{
    char r[64];
    snprintf(r, sizeof r, "T%02xthread:%x;", last_sig & 0xff, last_tid);
    put_packet(r);
}

static void drop_connection(void)
{
    if (conn_fd >= 0) close(conn_fd);
    conn_fd = -1;
}

/* ---- requests --------------------------------------------------------------------------- */

/* A register write gdb asked for: only EAX..EDI, EIP and EFLAGS may change. */
static int regs_ok(const struct htif_gdb *g)
{
    struct htif_gdb a = *g, b = shown;
    memset(a.gregs, 0, WRITABLE_REGS * 4);
    memset(b.gregs, 0, WRITABLE_REGS * 4);
    return !memcmp(a.gregs, b.gregs, sizeof a.gregs) && !memcmp(a.st, b.st, sizeof a.st) &&
           !memcmp(a.fregs, b.fregs, sizeof a.fregs);
}

/* Serves gdb until the firmware must act: returns the enum htif_gdb_op for it. */
static int32_t serve(struct htif_gdb *g)
{
    static char out[2 * HTIF_GDB_DATA + 64];
    for (;;) {
        if (get_packet() < 0) { /* gdb went away: the guest runs on, as under qemu */
            drop_connection();
            return HTIF_GDB_DETACH;
        }
        const char *p = pkt;
        unsigned long a, n;
        char *e;
        switch (p[0]) {
        case '?': stop_reply(); continue;
        case 'g': {
            uint8_t raw[G_BYTES];
            memcpy(raw, g->gregs, sizeof g->gregs);
            memcpy(raw + 64, g->st, 80);
            memcpy(raw + 144, g->fregs, sizeof g->fregs);
            hex_out(out, raw, sizeof raw);
            put_packet(out);
            continue;
        }
        case 'G': {
            uint8_t raw[G_BYTES];
            struct htif_gdb t = *g;
            if (strlen(p + 1) < 2 * sizeof raw || hex_in(raw, p + 1, sizeof raw)) { put_packet("E01"); continue; }
            memcpy(t.gregs, raw, sizeof t.gregs);
            memcpy(t.st, raw + 64, 80);
            memcpy(t.fregs, raw + 144, sizeof t.fregs);
            if (!regs_ok(&t)) { put_packet("E01"); continue; }
            memcpy(g->gregs, t.gregs, sizeof g->gregs);
            g->regs_written = 1;
            put_packet("OK");
            continue;
        }
        case 'p': case 'P': {
            unsigned long r = strtoul(p + 1, &e, 16), sz_ok;
            unsigned size;
            if (r >= NREGS) { put_packet(p[0] == 'p' ? "E00" : "E01"); continue; }
            uint8_t *rp = reg_ptr(g, (unsigned)r, &size);
            if (p[0] == 'p') {
                hex_out(out, rp, size);
                put_packet(out);
                continue;
            }
            uint8_t v[10];
            sz_ok = *e == '=' && strlen(e + 1) >= 2u * size && !hex_in(v, e + 1, size);
            if (!sz_ok || (r >= WRITABLE_REGS && memcmp(v, rp, size))) { put_packet("E01"); continue; }
            memcpy(rp, v, size);
            g->regs_written = 1;
            put_packet("OK");
            continue;
        }
        case 'm': case 'M':
            a = strtoul(p + 1, &e, 16);
            if (*e != ',') { put_packet("E01"); continue; }
            n = strtoul(e + 1, &e, 16);
            if (n == 0) { put_packet(p[0] == 'm' ? "" : "OK"); continue; }
            if (n > HTIF_GDB_DATA && p[0] == 'M') { put_packet("E01"); continue; } /* over PacketSize */
            if (n > HTIF_GDB_DATA) n = HTIF_GDB_DATA; /* gdb takes a short read and asks again */
            g->addr = (uint32_t)a;
            g->len = (uint32_t)n;
            if (p[0] == 'M') {
                if (*e != ':' || strlen(e + 1) < 2 * n || hex_in(g->data, e + 1, n)) { put_packet("E01"); continue; }
                pending = P_WRITE;
                return HTIF_GDB_WRITE;
            }
            pending = P_READ;
            return HTIF_GDB_READ;
        case 'Z': case 'z':
            /* 0 (software) and 1 (hardware): both stop before the instruction at the address,
             * without patching guest memory; watchpoints (2..4) are not offered */
            if ((p[1] != '0' && p[1] != '1') || p[2] != ',') { put_packet(""); continue; }
            g->addr = (uint32_t)strtoul(p + 3, NULL, 16);
            pending = P_BREAK;
            return p[0] == 'Z' ? HTIF_GDB_BREAK_SET : HTIF_GDB_BREAK_CLEAR;
        case 'c': case 's': case 'C': case 'S': {
            /* C/S SIG[;ADDR]: the stop's signal takes its course whatever SIG says (the
             * firmware delivers a fault's signal when the guest resumes) */
            const char *at = p[0] == 'C' || p[0] == 'S' ? strchr(p, ';') : (p[1] ? p : NULL);
            if (at) { /* resume at an address */
                g->gregs[8] = (uint32_t)strtoul(at + 1, NULL, 16);
                g->regs_written = 1;
            }
            resumed = 1;
            return p[0] == 'c' || p[0] == 'C' ? HTIF_GDB_CONT : HTIF_GDB_STEP;
        }
        case 'k':
            drop_connection();
            return HTIF_GDB_KILL;
        case 'D':
            put_packet("OK");
            drop_connection();
            return HTIF_GDB_DETACH;
        case 'H': case 'T': put_packet("OK"); continue;
        case 'q':
            if (!strncmp(p, "qSupported", 10)) put_packet("PacketSize=1000;qXfer:features:read+;QStartNoAckMode+");
            else if (!strncmp(p, "qXfer:features:read:target.xml:", 31)) {
                a = strtoul(p + 31, &e, 16);
                n = *e == ',' ? strtoul(e + 1, NULL, 16) : 0;
                size_t tl = strlen(target_xml);
                if (a >= tl) put_packet("l");
                else {
                    if (n > tl - a) n = tl - a;
                    if (n > sizeof out - 2) n = sizeof out - 2;
                    out[0] = a + n < tl ? 'm' : 'l';
                    memcpy(out + 1, target_xml + a, n);
                    out[n + 1] = 0;
                    put_packet(out);
                }
            } else if (!strncmp(p, "qXfer:", 6)) put_packet("E00");
            else if (!strcmp(p, "qAttached")) put_packet("0"); /* gdb's quit kills the run */
            else if (!strcmp(p, "qC")) { snprintf(out, sizeof out, "QC%x", last_tid); put_packet(out); }
            else if (!strcmp(p, "qfThreadInfo")) { snprintf(out, sizeof out, "m%x", last_tid); put_packet(out); }
            else if (!strcmp(p, "qsThreadInfo")) put_packet("l");
            else put_packet("");
            continue;
        case 'Q':
            if (!strcmp(p, "QStartNoAckMode")) {
                put_packet("OK");
                no_ack = 1;
            } else put_packet("");
            continue;
        default: put_packet(""); continue; /* not supported: vCont, X, watchpoints, ... */
        }
    }
}

int32_t sim_gdb_request(void *blk, uint32_t size)
{
    struct htif_gdb *g = blk;
    if (size != sizeof *g) {
        fprintf(stderr, "morph: gdb request block of %u bytes, not %zu\n", size, sizeof *g);
        return -EINVAL;
    }
    if (sim_forked_child || listen_fd < 0) { /* a guest's fork: the debugger follows the parent */
        if (g->stop == HTIF_GDB_POLL) return 0;
        if (listen_fd >= 0) close(listen_fd);
        if (conn_fd >= 0) close(conn_fd);
        listen_fd = conn_fd = -1;
        return HTIF_GDB_DETACH;
    }
    if (g->stop == HTIF_GDB_POLL) {
        struct pollfd pf = {.fd = conn_fd, .events = POLLIN};
        if (conn_fd < 0 || (rpos == rlen && poll(&pf, 1, 0) <= 0)) return 0;
        int c = get_byte();
        if (c < 0) { drop_connection(); return 0; }
        return c == 3; /* ^C */
    }
    if (conn_fd < 0 && g->stop != HTIF_GDB_ANSWER) {
        if (!resumed && listen_fd >= 0) { /* the first stop: wait for gdb */
            do conn_fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
            while (conn_fd < 0 && errno == EINTR);
            if (conn_fd < 0) {
                fprintf(stderr, "morph: gdb: accept: %s\n", strerror(errno));
                return HTIF_GDB_DETACH;
            }
            int one = 1;
            setsockopt(conn_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        } else
            return HTIF_GDB_DETACH; /* gdb went away */
    }
    if (g->stop == HTIF_GDB_ANSWER) {
        static char out[2 * HTIF_GDB_DATA + 8];
        if (pending == P_READ) {
            if (g->result <= 0) put_packet("E0e"); /* EFAULT */
            else {
                hex_out(out, g->data, (size_t)g->result);
                put_packet(out);
            }
        } else if (pending == P_WRITE || pending == P_BREAK) {
            if (g->result < 0) snprintf(out, sizeof out, "E%02x", -g->result & 0xff);
            put_packet(g->result < 0 ? out : "OK");
        }
        pending = P_NONE;
    } else {
        last_sig = g->stop;
        last_tid = g->tid;
        shown = *g;
        if (resumed) stop_reply();
        resumed = 0;
    }
    return serve(g);
}

void sim_gdb_exit(int status, int sig)
{
    if (conn_fd >= 0 && resumed && !sim_forked_child) {
        char r[8];
        snprintf(r, sizeof r, sig ? "X%02x" : "W%02x", (sig ? sig : status) & 0xff);
        put_packet(r);
    }
    drop_connection();
}
