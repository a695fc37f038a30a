/* Host side of morph run --strace (include/morph/htif.h HTIF_CMD_STRACE; docs/usage.md): the
 * firmware formats each call, the host adds the PID, strace's column and the errno's name and
 * writes the line to stderr or the --strace-file (opened for appending: forked and exec'd
 * machines add to it). */
#ifndef SIM_STRACE_H
#define SIM_STRACE_H

/* NULL: stderr. Returns 0, or -1 (said) when the file cannot be opened. */
int sim_strace_open(const char *file);
int sim_strace_on(void);
/* HTIF_CMD_STRACE: "CALL\0RESULT\0" of len bytes, from thread tid. */
int sim_strace_request(const char *buf, unsigned len, int err, unsigned op, int tid);
/* The process forked (both sides call it): lines on stderr carry [pid N] from now on. */
void sim_strace_forked(void);
/* A guest execve is about to replace this process: the held execve line ends " = 0". */
void sim_strace_exec(void);
/* The guest process ends: a held line ends " = ?", then strace's "+++ exited with N +++". */
void sim_strace_exit(int status, int sig);

#endif
