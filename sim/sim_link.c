/* Host link: both ends of the protocol of sim_link.h (docs/hostlink.md). */
#include "sim_link.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "morph_facts.h"
#include "sim_cpu.h"
#include "sim_csr.h"
#include "sim_htif.h"
#include "sim_timing.h"

#define LINK_MAX_WORDS 65535u /* n of one LINK_H_READ or LINK_H_WRITE */

struct range { uint32_t lo, hi; }; /* word aligned [lo, hi) of board memory */

struct sim_link {
    int fd, hold;
    int timeout_ms;
    const char *what;
    int failed;           /* the link broke: every further transfer fails at once */
    struct sim_link_stats st;
    uint8_t in[4096], out[4096];
    size_t in_at, in_n, out_n;
    /* host: the mirror's ranges touched during this request, sorted, disjoint, not adjacent;
     * the claimed ones (sim_mem_ram_fill) not fetched, until sim_mem_filled */
    struct sim_mem_fetch fetch;
    struct sim_mem *mem;
    struct range *r, *c;
    size_t nr, cap, nc, ccap;
    /* board: what was reported once */
    int said_junk, said_outside;
};

/* ---- opening ----------------------------------------------------------------------------- */

static int raw_mode(int fd, speed_t speed)
{
    struct termios t;
    if (tcgetattr(fd, &t)) return -1;
    cfmakeraw(&t); /* 8 data bits, no parity, no echo, no line editing or output processing */
    t.c_cflag &= ~(tcflag_t)(CSTOPB | PARENB | CRTSCTS);
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (speed && (cfsetispeed(&t, speed) || cfsetospeed(&t, speed))) return -1;
    /* TCSANOW, not TCSAFLUSH: bytes the board sent before we opened are the protocol's */
    return tcsetattr(fd, TCSANOW, &t);
}

static const struct { unsigned baud; speed_t speed; } rates[] = {
    {9600, B9600}, {19200, B19200}, {38400, B38400}, {57600, B57600}, {115200, B115200},
    {230400, B230400}, {460800, B460800}, {500000, B500000}, {576000, B576000},
    {921600, B921600}, {1000000, B1000000}, {1152000, B1152000}, {1500000, B1500000},
    {2000000, B2000000}, {2500000, B2500000}, {3000000, B3000000}, {3500000, B3500000},
    {4000000, B4000000},
};

int sim_link_open_serial(const char *dev, unsigned baud)
{
    speed_t speed = 0;
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
        if (rates[i].baud == baud) speed = rates[i].speed;
    if (!speed) {
        fprintf(stderr, "morph: --baud %u is not a rate the terminal driver knows (", baud);
        for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) fprintf(stderr, "%s%u", i ? ", " : "", rates[i].baud);
        fprintf(stderr, ")\n");
        return -1;
    }
    int fd = open(dev, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "morph: cannot open --serial %s: %s\n", dev, strerror(errno));
        return -1;
    }
    if (!isatty(fd) || raw_mode(fd, speed)) {
        fprintf(stderr, "morph: --serial %s: %s\n", dev,
                isatty(fd) ? strerror(errno) : "not a terminal (a serial port or a pty)");
        close(fd);
        return -1;
    }
    return fd;
}

int sim_link_open_pty(char *name, size_t n, int *slave)
{
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || grantpt(fd) || unlockpt(fd) || ptsname_r(fd, name, n) ||
        (*slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0 || raw_mode(*slave, 0)) {
        fprintf(stderr, "morph: cannot make a pseudo-terminal for the link: %s\n", strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    return fd;
}

struct sim_link *sim_link_new(int fd, int hold, const char *what, int timeout_ms)
{
    struct sim_link *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    l->fd = fd;
    l->hold = hold;
    l->what = what;
    l->timeout_ms = timeout_ms;
    return l;
}

void sim_link_free(struct sim_link *l)
{
    if (!l) return;
    if (l->mem && l->mem->fetch == &l->fetch) l->mem->fetch = NULL;
    if (l->hold >= 0) close(l->hold);
    close(l->fd);
    free(l->r);
    free(l->c);
    free(l);
}

const struct sim_link_stats *sim_link_stats(const struct sim_link *l) { return &l->st; }

/* ---- bytes ------------------------------------------------------------------------------- */

static int fail(struct sim_link *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct sim_link *l, const char *fmt, ...)
{
    if (!l->failed) {
        va_list ap;
        va_start(ap, fmt);
        fprintf(stderr, "morph: link %s: ", l->what);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
    }
    l->failed = 1;
    return -1;
}

static int flush(struct sim_link *l)
{
    size_t done = 0;
    while (!l->failed && done < l->out_n) {
        ssize_t w = write(l->fd, l->out + done, l->out_n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return fail(l, "closed (%s)", w < 0 ? strerror(errno) : "no progress");
        done += (size_t)w;
    }
    l->st.bytes_sent += done;
    l->out_n = 0;
    return l->failed ? -1 : 0;
}

static int put(struct sim_link *l, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n) {
        if (l->out_n == sizeof l->out && flush(l)) return -1;
        size_t k = sizeof l->out - l->out_n < n ? sizeof l->out - l->out_n : n;
        memcpy(l->out + l->out_n, b, k);
        l->out_n += k;
        b += k;
        n -= k;
    }
    return 0;
}

static int put8(struct sim_link *l, uint32_t v) { uint8_t b = (uint8_t)v; return put(l, &b, 1); }
static int put16(struct sim_link *l, uint32_t v) { uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)}; return put(l, b, 2); }
static int put32(struct sim_link *l, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    return put(l, b, 4);
}

/* n bytes into p: what we sent goes out first (the other end answers it); -1 after a message */
static int get(struct sim_link *l, void *p, size_t n)
{
    uint8_t *b = p;
    if (flush(l)) return -1;
    while (n) {
        if (l->in_at == l->in_n) {
            if (l->timeout_ms >= 0) {
                struct pollfd pf = {.fd = l->fd, .events = POLLIN};
                int r = poll(&pf, 1, l->timeout_ms);
                if (r < 0 && errno == EINTR) continue;
                if (r == 0)
                    return fail(l, "timed out: nothing from the other end in %g s (--timeout)", l->timeout_ms / 1000.0);
            }
            ssize_t r = read(l->fd, l->in, sizeof l->in);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) return fail(l, "closed by the other end (%s)", r < 0 ? strerror(errno) : "end of file");
            if (l->hold >= 0) { /* the host is there: its hang-up is now the end of the link */
                close(l->hold);
                l->hold = -1;
            }
            l->in_at = 0;
            l->in_n = (size_t)r;
            l->st.bytes_received += (uint64_t)r;
        }
        size_t k = l->in_n - l->in_at < n ? l->in_n - l->in_at : n;
        memcpy(b, l->in + l->in_at, k);
        l->in_at += k;
        b += k;
        n -= k;
    }
    return 0;
}

static uint32_t le(const uint8_t *b, int n)
{
    uint32_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | b[i];
    return v;
}

/* ---- host -------------------------------------------------------------------------------- */

/* [lo, hi) of board memory into dst (NULL: the mirror), LINK_MAX_WORDS words a command */
static int host_read(struct sim_link *l, uint32_t lo, uint32_t hi, uint8_t *dst)
{
    while (lo < hi) {
        uint32_t words = (hi - lo) / 4 > LINK_MAX_WORDS ? LINK_MAX_WORDS : (hi - lo) / 4;
        if (put8(l, LINK_H_READ) || put32(l, lo) || put16(l, words) ||
            get(l, dst ? dst : l->mem->ram + (lo - MM_RAM_BASE), 4u * words))
            return -1;
        if (dst) dst += 4u * words;
        l->st.reads++;
        l->st.read_bytes += 4u * words;
        lo += 4u * words;
    }
    return 0;
}

static int host_write(struct sim_link *l, uint32_t lo, uint32_t hi)
{
    while (lo < hi) {
        uint32_t words = (hi - lo) / 4 > LINK_MAX_WORDS ? LINK_MAX_WORDS : (hi - lo) / 4;
        uint8_t ack;
        if (put8(l, LINK_H_WRITE) || put32(l, lo) || put16(l, words) ||
            put(l, l->mem->ram + (lo - MM_RAM_BASE), 4u * words) || get(l, &ack, 1))
            return -1;
        if (ack != LINK_T_ACK)
            return fail(l, "protocol error: byte 0x%02x after LINK_H_WRITE of 0x%08x (LINK_T_ACK expected)", ack, lo);
        l->st.writes++;
        l->st.write_bytes += 4u * words;
        lo += 4u * words;
    }
    return 0;
}

static int grow(struct sim_link *l, struct range **r, size_t n, size_t *cap)
{
    if (n < *cap) return 0;
    size_t k = *cap ? 2 * *cap : 64;
    struct range *q = realloc(*r, k * sizeof *q);
    if (!q) return fail(l, "out of memory for the mirror's ranges");
    *r = q;
    *cap = k;
    return 0;
}

/* The words of [lo, hi) that this request has not touched yet: read into the mirror, or for a
 * buffer the host writes first (claim) noted as claimed; then [lo, hi) is recorded (merged with
 * the ranges it overlaps or touches). */
static int touch(struct sim_link *l, uint32_t lo, uint32_t hi, int claim)
{
    if (lo >= hi) return 0;
    size_t i = 0;
    while (i < l->nr && l->r[i].hi < lo) i++; /* the first range that reaches lo */
    uint32_t at = lo;
    size_t j = i;
    for (;; j++) { /* the gaps before the ranges overlapping or touching [lo, hi), and after */
        const int last = j == l->nr || l->r[j].lo > hi;
        const uint32_t end = last ? hi : l->r[j].lo;
        if (end > at) {
            if (!claim && host_read(l, at, end, NULL)) return -1;
            if (claim) {
                if (grow(l, &l->c, l->nc, &l->ccap)) return -1;
                l->c[l->nc++] = (struct range){at, end};
            }
        }
        if (last) break;
        if (l->r[j].hi > at) at = l->r[j].hi;
    }
    struct range m = {lo, hi};
    if (j > i) {
        if (l->r[i].lo < m.lo) m.lo = l->r[i].lo;
        if (l->r[j - 1].hi > m.hi) m.hi = l->r[j - 1].hi;
    } else if (grow(l, &l->r, l->nr, &l->cap)) { /* a new range: room for one more */
        return -1;
    }
    /* ranges i..j-1 become m (or m goes in at i) */
    const size_t drop = j > i ? j - i - 1 : 0;
    if (j == i) memmove(&l->r[i + 1], &l->r[i], (l->nr - i) * sizeof *l->r), l->nr++;
    else if (drop) memmove(&l->r[i + 1], &l->r[j], (l->nr - j) * sizeof *l->r), l->nr -= drop;
    l->r[i] = m;
    return 0;
}

static struct sim_link *link_of(struct sim_mem_fetch *f)
{
    return (struct sim_link *)((char *)f - offsetof(struct sim_link, fetch));
}

/* sim_mem.fetch (RAM ends below 4 GiB - 4: no sum wraps) */
static int host_fetch(struct sim_mem_fetch *f, uint32_t pa, uint32_t len)
{
    struct sim_link *l = link_of(f);
    return l->failed ? -1 : touch(l, pa & ~3u, (pa + len + 3u) & ~3u, 0);
}

/* sim_mem.claim: the buffer's whole words are not fetched; the words it shares with bytes
 * outside it are */
static int host_claim(struct sim_mem_fetch *f, uint32_t pa, uint32_t len)
{
    struct sim_link *l = link_of(f);
    const uint32_t lo = (pa + 3u) & ~3u, hi = (pa + len) & ~3u;
    if (l->failed) return -1;
    if (lo >= hi) return touch(l, pa & ~3u, (pa + len + 3u) & ~3u, 0);
    return touch(l, pa & ~3u, lo, 0) || touch(l, hi, (pa + len + 3u) & ~3u, 0) || touch(l, lo, hi, 1);
}

/* sim_mem.filled: what the host did not write of the claimed words, from the board, so that
 * the write-back leaves it as it was */
static int host_filled(struct sim_mem_fetch *f, uint32_t pa, uint32_t len, uint32_t done)
{
    struct sim_link *l = link_of(f);
    const uint32_t w = pa + done; /* the first byte not written */
    (void)len;
    for (size_t k = 0; k < l->nc && !l->failed; k++) {
        uint32_t from = l->c[k].lo > w ? l->c[k].lo : w;
        if (from >= l->c[k].hi) continue;
        if (from & 3) { /* a word written in part: its other bytes */
            uint8_t t[4];
            if (host_read(l, from & ~3u, (from & ~3u) + 4, t)) break;
            memcpy(l->mem->ram + (from - MM_RAM_BASE), t + (from & 3), 4 - (from & 3));
            from = (from & ~3u) + 4;
        }
        host_read(l, from, l->c[k].hi, NULL);
    }
    l->nc = 0;
    return l->failed ? -1 : 0;
}

int sim_link_host_serve(struct sim_link *l, struct sim_cpu *c)
{
    struct sim_htif *h = c->htif;
    l->mem = c->mem;
    l->fetch = (struct sim_mem_fetch){host_fetch, host_claim, host_filled};
    c->mem->fetch = &l->fetch;
    for (;;) {
        uint8_t b[5];
        if (get(l, b, 1)) return -1;
        if (b[0] != LINK_T_REQ)
            return fail(l, "protocol error: byte 0x%02x after %llu requests (LINK_T_REQ expected)", b[0],
                        (unsigned long long)l->st.requests);
        if (get(l, b + 1, 4)) return -1;
        const uint32_t pa = le(b + 1, 4);
        l->st.requests++;
        l->nr = l->nc = 0; /* a new request: nothing of the mirror is current */
        const int bad = sim_htif_request(c, pa);
        if (l->failed) return -1;
        if (bad) /* the store would have faulted on a board without the link */
            return fail(l, "protocol error: a request block at 0x%08x, outside RAM or unaligned", pa);
        /* the core is stopped: writing back the bytes a request only read leaves them as they are */
        for (size_t i = 0; i < l->nr; i++)
            if (host_write(l, l->r[i].lo, l->r[i].hi)) return -1;
        if (put8(l, LINK_H_RESUME) || put8(l, h->irq_line & 1) || flush(l)) return -1;
        if (c->stop != SIM_RUNNING) return 0; /* HTIF_CMD_EXIT answered */
    }
}

/* ---- board ------------------------------------------------------------------------------- */

static void board_outside(struct sim_link *l, const char *what, uint32_t addr)
{
    if (l->said_outside++) return;
    fprintf(stderr, "morph: board: the host's %s of 0x%08x is outside RAM or unaligned (ignored: %s); "
            "is the host's --mem the board's?\n", what, addr, what[0] == 'r' ? "zeros" : "not written");
}

static int board_read(struct sim_link *l, struct sim_mem *m, uint32_t addr, uint32_t words)
{
    const uint8_t *p = (addr & 3) ? NULL : sim_mem_ram(m, addr, 4u * words);
    if (p) return put(l, p, 4u * words);
    board_outside(l, "LINK_H_READ", addr);
    for (uint32_t i = 0; i < words; i++) {
        const uint8_t *w = (addr & 3) ? NULL : sim_mem_ram(m, addr + 4u * i, 4);
        if (w ? put(l, w, 4) : put32(l, 0)) return -1;
    }
    return 0;
}

static int board_write(struct sim_link *l, struct sim_mem *m, uint32_t addr, uint32_t words)
{
    uint8_t *p = (addr & 3) ? NULL : sim_mem_ram(m, addr, 4u * words);
    if (p) return get(l, p, 4u * words) || put8(l, LINK_T_ACK);
    board_outside(l, "LINK_H_WRITE", addr);
    for (uint32_t i = 0; i < words; i++) {
        uint8_t w[4], *q = (addr & 3) ? NULL : sim_mem_ram(m, addr + 4u * i, 4);
        if (get(l, w, 4)) return -1;
        if (q) memcpy(q, w, 4);
    }
    return put8(l, LINK_T_ACK);
}

int sim_link_board_request(struct sim_cpu *c, uint32_t pa)
{
    struct sim_htif *h = c->htif;
    struct sim_link *l = h->board;
    struct sim_mem *m = c->mem;
    if (!sim_mem_ram(m, pa, sizeof(struct htif_req)) || (pa & 3)) {
        fprintf(stderr, "morph: HTIF request block at bad address 0x%08x\n", pa);
        return -1;
    }
    l->st.requests++;
    int irq = -1; /* the line LINK_H_RESUME sets, -1 until then */
    if (put8(l, LINK_T_REQ) || put32(l, pa)) irq = -2;
    while (irq == -1) {
        uint8_t b[6], cmd;
        if (get(l, &cmd, 1)) break;
        if (cmd == LINK_H_RESUME) {
            if (get(l, b, 1)) break;
            irq = b[0] & 1;
        } else if (cmd == LINK_H_READ || cmd == LINK_H_WRITE) {
            if (get(l, b, 6)) break;
            const uint32_t addr = le(b, 4), words = le(b + 4, 2);
            if (cmd == LINK_H_READ ? board_read(l, m, addr, words) : board_write(l, m, addr, words)) break;
            if (cmd == LINK_H_READ) {
                l->st.reads++;
                l->st.read_bytes += 4u * words;
            } else {
                l->st.writes++;
                l->st.write_bytes += 4u * words;
            }
        } else if (!l->said_junk++) { /* the target ignores what is not a command */
            fprintf(stderr, "morph: board: ignored byte 0x%02x from the host where a command was due\n", cmd);
        }
    }
    if (irq < 0) {
        fprintf(stderr, "morph: board: the link failed during the HTIF request at 0x%08x\n", pa);
        sim_cpu_stop(c, SIM_STOP_FATAL, SIM_EXIT_MODEL_ERROR);
        return 0;
    }
    /* the line the host's sim_htif_request set; the core sees it from the next op (the RTL:
     * from the next edge, sim_rtl.c) */
    h->irq_line = (uint32_t)irq;
    c->meip = h->irq_line;
    sim_irq_update(c);
    /* What the host's answer means to this machine, read from the block it served: the run ends
     * at EXIT; the firmware's statistics and the code tiers (profiling) are kept for --stats, as
     * morph run keeps them (sim_htif.c). */
    struct htif_req req;
    memcpy(&req, sim_mem_ram(m, pa, sizeof req), sizeof req);
    if (req.cmd == HTIF_CMD_EXIT) {
        h->exit_signal = (int)(req.arg[1] & 0x7f);
        sim_cpu_stop(c, SIM_STOP_EXIT, (int)(req.arg[0] & 0xff));
    } else if (req.cmd == HTIF_CMD_STATS) {
        const uint32_t n = req.arg[1] < sizeof c->st.cms ? req.arg[1] : (uint32_t)sizeof c->st.cms;
        const uint8_t *buf = sim_mem_ram(m, req.arg[0], n);
        if (buf) {
            memset(&c->st.cms, 0, sizeof c->st.cms);
            memcpy(&c->st.cms, buf, n);
            c->st.have_cms = 1;
        }
    } else if (req.cmd == HTIF_CMD_CODE_TIER) {
        sim_timing_mark_tier(c, req.arg[0], req.arg[1], req.arg[2] != 0);
    }
    return 0;
}
