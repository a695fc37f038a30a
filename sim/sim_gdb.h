/* morph run -g PORT: gdb's remote protocol for the x86 guest (sim_gdb.c, cms/cms_gdb.c). */
#ifndef SIM_GDB_H
#define SIM_GDB_H
#include <stdint.h>

/* Listen on localhost:port (0: a free port; the line on stderr names it). */
int sim_gdb_listen(int port);
/* HTIF_CMD_GDB with the firmware's struct htif_gdb: returns the request's ret. */
int32_t sim_gdb_request(void *blk, uint32_t size);
/* The guest ended (HTIF_CMD_EXIT): tell gdb (W status, or X signal). */
void sim_gdb_exit(int status, int sig);

#endif
