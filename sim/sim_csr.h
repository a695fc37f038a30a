/* The CSR file: machine CSRs and the extension's CSRs (docs/isa.md); RTL: the CSR registers and
 * read mux of rtl/morph_core.sv. The CSR instructions themselves (access rules, read-modify-write)
 * execute in sim_execute.c. Static inline: the execute loop calls them on every CSR op, and an
 * out-of-line call cost the model about 3% (bench-model). */
#ifndef SIM_CSR_H
#define SIM_CSR_H
#include <stdint.h>
#include "morph_isa.h"
#include "sim_cpu.h"
#include "sim_timing.h"

#define XMODE_XPM 0x2u /* xmode bit 1: the mode the last trap was taken from (see docs/model.md) */

/* sim_csr_read: CSR csr into *v; -1 for an unknown CSR (the op is then illegal). mcycle reads
 * the cycle before the op issued.
 * sim_csr_write: -1 if csr is unknown or read-only (the op is then illegal). A write of cmsact
 * takes effect from the next op. */
#define MISA_VALUE 0x40001100u
#define MSTATUS_VALUE 0x1800u

static inline int sim_csr_read(struct sim_cpu *c, uint32_t csr, uint32_t *v)
{
    switch (csr) {
    case CSR_XFLAGS: *v = c->xflags; return 0;
    case CSR_XFLAGS_SHADOW: *v = c->xflags_shadow; return 0;
    case CSR_XMODE: *v = c->xmode | (c->prev_mode ? XMODE_XPM : 0); return 0;
    case CSR_CMSACT: *v = c->cmsact; return 0;
    case CSR_XCOMMIT_EIP: *v = c->xcommit_eip; return 0;
    case CSR_XEPC: *v = c->xepc; return 0;
    case CSR_MSTATUS: *v = MSTATUS_VALUE; return 0;
    case CSR_MISA: *v = MISA_VALUE; return 0;
    case CSR_MTVEC: *v = c->mtvec; return 0;
    case CSR_MSCRATCH: *v = c->mscratch; return 0;
    case CSR_MEPC: *v = c->mepc; return 0;
    case CSR_MCAUSE: *v = c->mcause; return 0;
    case CSR_MTVAL: *v = c->mtval; return 0;
    case CSR_MHARTID: *v = 0; return 0;
    case CSR_MCYCLE: case CSR_CYCLE: *v = (uint32_t)c->cycles; return 0;
    case CSR_MCYCLEH: case CSR_CYCLEH: *v = (uint32_t)(c->cycles >> 32); return 0;
    case CSR_MINSTRET: case CSR_INSTRET: *v = (uint32_t)c->instret; return 0;
    case CSR_MINSTRETH: case CSR_INSTRETH: *v = (uint32_t)(c->instret >> 32); return 0;
    default: return -1;
    }
}

static inline int sim_csr_write(struct sim_cpu *c, uint32_t csr, uint32_t v)
{
    switch (csr) {
    case CSR_XFLAGS: c->xflags = v & XF_ARITH; return 0;
    case CSR_XMODE: c->prev_mode = (v & XMODE_XPM) ? 1 : 0; return 0; /* bit 0 is read-only */
    case CSR_CMSACT: sim_timing_act_switch(c, v & (CMSACT_COUNT - 1), c->instret + 1, c->cycles + 1); return 0;
    case CSR_MSTATUS: case CSR_MISA: return 0;                  /* WARL, fixed values */
    case CSR_MTVEC: c->mtvec = v & ~3u; return 0;               /* direct mode only */
    case CSR_MSCRATCH: c->mscratch = v; return 0;
    case CSR_MEPC: c->mepc = v & ~3u; return 0;
    case CSR_MCAUSE: c->mcause = v; return 0;
    case CSR_MTVAL: c->mtval = v; return 0;
    case CSR_MCYCLE: case CSR_MCYCLEH: case CSR_MINSTRET: case CSR_MINSTRETH:
        return 0; /* writes ignored: the counters also feed the statistics */
    default: return -1;
    }
}

#endif
