/* Host link (docs/hostlink.md): the HTIF device as bytes over a serial line, the LINK_* bytes of
 * isa/morph-facts.tbl. The target (a board's UART bridge, or `morph board`) sends LINK_T_REQ and
 * the request block's address when the core stores to HTIF_REG_REQ and stops the core; the host
 * (`morph host`) reads and writes the board's memory with LINK_H_READ and LINK_H_WRITE while it
 * serves the request with the usual host side (sim_htif_request), then sends LINK_H_RESUME. */
#ifndef SIM_LINK_H
#define SIM_LINK_H
#include <stddef.h>
#include <stdint.h>

struct sim_cpu;
struct sim_link;

struct sim_link_stats {
    uint64_t requests;           /* LINK_T_REQ sent or received */
    uint64_t reads, writes;      /* LINK_H_READ, LINK_H_WRITE commands */
    uint64_t read_bytes, write_bytes; /* board memory the host read, wrote (data bytes) */
    uint64_t bytes_sent, bytes_received; /* on the line, at this end */
};

/* Host: DEV opened as a terminal in raw mode, 8N1, at baud (a pty ignores the rate); the file
 * descriptor, or -1 after a message. */
int sim_link_open_serial(const char *dev, unsigned baud);
/* Board: a new pseudo-terminal in raw mode; its path (/dev/pts/N) in name. Returns the master's
 * file descriptor, or -1 after a message. *slave: a descriptor of the slave side that the link
 * holds until the host has sent its first byte (before that, no host is not a hang-up). */
int sim_link_open_pty(char *name, size_t n, int *slave);

/* A link over fd (and hold, a descriptor to close at the first byte received, or -1); what names
 * it in messages ("--serial /dev/ttyUSB0"); timeout_ms: the longest wait for a byte (-1: none).
 * NULL when out of memory. sim_link_free closes both descriptors. */
struct sim_link *sim_link_new(int fd, int hold, const char *what, int timeout_ms);
void sim_link_free(struct sim_link *l);
const struct sim_link_stats *sim_link_stats(const struct sim_link *l);

/* Host: serves the board's requests with sim_htif_request on c, whose RAM becomes a mirror of the
 * board's (sim_mem.fetch): each range a request touches is read over the link the first time and
 * written back before LINK_H_RESUME. Returns after the LINK_H_RESUME of HTIF_CMD_EXIT's request
 * with 0 (c->exit_status is the status), or -1 after a message (the link closed or timed out, a
 * protocol error). */
int sim_link_host_serve(struct sim_link *l, struct sim_cpu *c);

/* Board: the HTIF device when c->htif->board is set (sim_htif_request calls it): sends the
 * request over the link and serves the host's commands from c->mem until LINK_H_RESUME, which
 * sets the interrupt line. The run ends after HTIF_CMD_EXIT's resumption with its status (the
 * board reads the block it sent), or as a fatal stop when the link fails. Returns 0, or -1 when
 * the block is not in RAM (the store faults, as without the link). */
int sim_link_board_request(struct sim_cpu *c, uint32_t pa);

#endif
