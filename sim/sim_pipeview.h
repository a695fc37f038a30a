/* Pipeline log in Konata's format (`morph run|sim --pipeview FILE`, docs/usage.md): one record
 * per op the core issues, with the stages drawn from the op's issue cycle by the pipeline's rules
 * (docs/model.md "Pipeline view"), fused pairs marked, traps drawn as flushed ops, and the x86
 * EIP of the last commit point as the label of translated code. The model feeds it from its
 * per-op hook, the RTL engine from the core's retire events, so the two files of one run can be
 * compared line by line. */
#ifndef SIM_PIPEVIEW_H
#define SIM_PIPEVIEW_H
#include <stdint.h>
#include "sim_core.h"

struct sim_pipeview;
struct sim_mem;

/* Opens FILE for ops issued in cycles [start, start + cycles); NULL with a message on error. */
struct sim_pipeview *sim_pipeview_open(const char *path, uint64_t start, uint64_t cycles,
                                       const struct sim_core_cfg *k);
/* One op (trap = 0) or one trap taken by the op at pc (raw = 0), in issue order. mode: 1 in
 * translated code; eip: the x86 EIP of the last commit point (xcommit_eip after the op).
 * Returns 1 once the window is over (the caller may stop feeding it). */
int sim_pipeview_op(struct sim_pipeview *p, uint32_t pc, uint32_t raw, uint64_t issue, int trap,
                    unsigned cause, int mode, uint32_t eip);
/* The register write of a retired op, for the engines that do not read xcommit_eip directly
 * (the RTL's events): tracks the registers so a commit's rs1 gives the EIP. */
void sim_pipeview_reg(struct sim_pipeview *p, uint32_t rd, uint32_t val);
/* The EIP the op raw at pc would set if it is a commit (the tracked rs1; for `commit x0`, its
 * exit stub's target in m: sim_commit_at_eip), else the current one. */
uint32_t sim_pipeview_eip(struct sim_pipeview *p, uint32_t raw, uint32_t pc, const struct sim_mem *m);
/* Writes what is pending and closes the file; returns -1 if writing failed. */
int sim_pipeview_close(struct sim_pipeview *p);

#endif
