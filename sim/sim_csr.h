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

/* sim_csr_read: CSR csr into *v; -1 for an unknown CSR (the op is then illegal). mcycle (and
 * time, the CLINT's mtime) reads the cycle before the op issued.
 * sim_csr_write: -1 if csr is unknown or read-only (the op is then illegal; the read-only ones
 * are those whose number says so, 0xc00-0xcff and 0xf00-0xfff, and morph's xflags_shadow,
 * xcommit_eip, xepc and xcommit_at). A write of cmsact, mstatus or mie takes effect from the next op. */
#define MSTATUS_RW (CSRV_MSTATUS_MIE | CSRV_MSTATUS_MPIE)
#define MIE_RW (CSRV_MIP_MTIP | CSRV_MIP_MEIP)

/* The earliest issue cycle at which an op takes an interrupt: now if the external line is
 * pending and enabled, at mtimecmp if the timer is enabled (mip.MTIP = mtime >= mtimecmp, and
 * mtime is the cycle count). The execute loop compares it with each op's issue cycle. */
static inline void sim_irq_update(struct sim_cpu *c)
{
    uint64_t at = UINT64_MAX;
    if (c->mstatus & CSRV_MSTATUS_MIE) {
        if ((c->mie & CSRV_MIP_MEIP) && c->meip) at = 0;
        else if (c->mie & CSRV_MIP_MTIP) at = c->mtimecmp;
    }
    c->irq_at = at;
    sim_cpu_bound(c);
}

/* mcause of the interrupt taken now: external before timer (the privileged spec's priority). */
static inline unsigned sim_irq_cause(const struct sim_cpu *c)
{
    return CSRV_MCAUSE_INTERRUPT | ((c->mie & CSRV_MIP_MEIP) && c->meip ? IRQ_M_EXTERNAL : IRQ_M_TIMER);
}

static inline uint32_t sim_csr_mip(const struct sim_cpu *c)
{
    return (c->cycles >= c->mtimecmp ? CSRV_MIP_MTIP : 0) | (c->meip ? CSRV_MIP_MEIP : 0);
}

static inline int sim_csr_read(struct sim_cpu *c, uint32_t csr, uint32_t *v)
{
    switch (csr) {
    case CSR_XFLAGS: *v = c->xflags; return 0;
    case CSR_XFLAGS_SHADOW: *v = c->xflags_shadow; return 0;
    case CSR_XMODE: *v = c->xmode | (c->prev_mode ? XMODE_XPM : 0); return 0;
    case CSR_CMSACT: *v = c->cmsact; return 0;
    case CSR_XCOMMIT_EIP: *v = c->xcommit_eip; return 0;
    case CSR_XEPC: *v = c->xepc; return 0;
    case CSR_XCOMMIT_AT: *v = c->xcommit_at; return 0;
    case CSR_MSTATUS: *v = CSRV_MSTATUS_MPP | c->mstatus; return 0;
    case CSR_MISA: *v = CSRV_MISA; return 0;
    case CSR_MIE: *v = c->mie; return 0;
    case CSR_MIP: *v = sim_csr_mip(c); return 0;
    case CSR_MCOUNTINHIBIT: *v = 0; return 0;
    case CSR_MVENDORID: *v = CSRV_MVENDORID; return 0;
    case CSR_MARCHID: *v = CSRV_MARCHID; return 0;
    case CSR_MIMPID: *v = CSRV_MIMPID; return 0;
    case CSR_MCONFIGPTR: *v = 0; return 0;
    case CSR_MTVEC: *v = c->mtvec; return 0;
    case CSR_MSCRATCH: *v = c->mscratch; return 0;
    case CSR_MEPC: *v = c->mepc; return 0;
    case CSR_MCAUSE: *v = c->mcause; return 0;
    case CSR_MTVAL: *v = c->mtval; return 0;
    case CSR_MHARTID: *v = 0; return 0;
    case CSR_MCYCLE: case CSR_CYCLE: case CSR_TIME: *v = (uint32_t)c->cycles; return 0;
    case CSR_MCYCLEH: case CSR_CYCLEH: case CSR_TIMEH: *v = (uint32_t)(c->cycles >> 32); return 0;
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
    case CSR_MSTATUS: c->mstatus = v & MSTATUS_RW; sim_irq_update(c); return 0; /* MPP: WARL, M */
    case CSR_MIE: c->mie = v & MIE_RW; sim_irq_update(c); return 0;
    case CSR_MISA: case CSR_MIP: case CSR_MCOUNTINHIBIT: return 0; /* WARL, fixed values */
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
