/* Signals the host delivers to the simulator process on the guest's behalf (docs/signals.md,
 * "Signals from outside"): the guest's alarm and interval timers are the host's, a signal
 * another process sends to the guest's PID reaches this process, and so does SIGCHLD when a
 * forked child machine ends. Each is recorded here and handed to the firmware through
 * HTIF_CMD_SIGNALS; the event bit HTIF_EVENT_SIGNALS tells it there is something to take. */
#ifndef SIM_HOSTSIG_H
#define SIM_HOSTSIG_H
#include <stdint.h>
#include <sys/types.h>
#include "morph/htif.h"

/* Catches every signal a guest can receive from outside (not the job-control stops, which
 * stop the simulator itself, nor the faults). An interrupt, quit, hang-up or terminate that
 * comes again before the firmware took the first one kills morph as before. */
void sim_hostsig_install(void);

/* Non-zero while a recorded signal waits for the firmware. */
int sim_hostsig_pending(void);

/* Moves up to max records into out (lowest signal number first); returns how many. */
int sim_hostsig_take(struct htif_sigrec *out, int max);

/* Blocks until a signal is recorded (1) or CLOCK_MONOTONIC reaches sec:nsec (0); sec = nsec =
 * 0xffffffff: no deadline. */
int sim_hostsig_wait(uint32_t sec, uint32_t nsec);

/* fork(2) for a guest's fork: the child starts with nothing pending, as on Linux, and sees a
 * signal sent to it right after the fork. */
pid_t sim_hostsig_fork(void);

/* Around the execve that replaces morph with a new morph for the guest's execve: the caught
 * signals are held back, and those recorded but not yet taken are raised again, so that they
 * stay pending in the host kernel through the execve and reach the new morph once it has
 * installed its handlers (sim_hostsig_install lets them in). If the execve fails, everything
 * is as before. */
void sim_hostsig_exec_begin(void);
void sim_hostsig_exec_failed(void);

/* Ends this process by sig as the host's default action would (no core file), so that the
 * parent's wait sees WIFSIGNALED; returns only if that failed. */
void sim_hostsig_die(int sig);

#endif
