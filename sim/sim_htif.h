/* Host side of the host-target interface (include/morph/htif.h). */
#ifndef SIM_HTIF_H
#define SIM_HTIF_H
#include <stdint.h>
#include "morph/htif.h"

struct sim_cpu;
struct sim_link;

struct sim_htif {
    char **argv;                /* guest argv (NULL-terminated) */
    char **envp;                /* guest environment (NULL-terminated) */
    struct morph_config config; /* handed to the firmware by HTIF_CMD_GET_CONFIG */
    int verbose;
    uint64_t syscalls;          /* HTIF_CMD_SYSCALL requests served */
    uint32_t events;            /* events pending for the firmware (HTIF_CMD_EVENTS) */
    uint32_t irq_line;          /* the interrupt line to the core (mip.MEIP): events != 0 */
    int exit_signal;            /* HTIF_CMD_EXIT's arg1: the signal that killed the guest, or 0 */
    struct sim_link *board;     /* morph board: requests go over the host link (sim_link.h) */
};

/* A store of pa to HTIF_REG_REQ. Returns 0, or -1 if the request block is not in RAM (the
 * store then faults). With board set, sim_link_board_request serves it over the link. */
int sim_htif_request(struct sim_cpu *c, uint32_t pa);

#endif
