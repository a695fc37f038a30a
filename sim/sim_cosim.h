/* Lockstep co-simulation of the C model and the RTL core (morph run --engine=cosim): both run
 * on one memory; the model executes each op when the RTL issues it, and every retired op and
 * trap is compared (pc, op bits, destination register and value, store address/size/data, trap
 * cause and value, issue cycle). The first divergence stops the run with a report. */
#ifndef SIM_COSIM_H
#define SIM_COSIM_H
#include <stdint.h>
#include "sim_cpu.h"

/* model: initialised and reset at the entry point, with htif attached. fw_elf: firmware ELF for
 * the guest EIP in reports (NULL for `morph sim`). wave: FST file or NULL. Returns the run's
 * stop reason; *diverged is set when the engines disagreed. */
enum sim_stop sim_cosim_run(struct sim_cpu *model, uint32_t entry, const char *fw_elf,
                            const char *wave, int *diverged);

#endif
