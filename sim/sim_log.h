/* morph run -d KEYS, --log-file FILE: the firmware's translation log (sim_log.c). */
#ifndef SIM_LOG_H
#define SIM_LOG_H
#include <stdint.h>
#include <stdio.h>

/* A comma-separated list of keys (MORPH_LOG_KEYS) into MORPH_LOG_* bits; -1 (said on stderr,
 * with the valid keys) on a bad one. */
int sim_log_parse(const char *list, uint32_t *bits);
/* The keys and what each logs, one a line. */
void sim_log_keys(FILE *f);
/* The log goes to path (NULL: stderr). */
int sim_log_open(const char *path);
/* HTIF_CMD_LOG: one record. */
int32_t sim_log_request(uint32_t kind, const uint8_t *buf, uint32_t len);
void sim_log_close(void);

#endif
