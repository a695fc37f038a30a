/* Machine operations of the translator's runtime (dispatcher, code cache): JTLB writes and
 * invalidation, the commit EIP, the translated-mode entry stub (translator/xl_enter.S). */
#ifndef XL_HW_H
#define XL_HW_H
#include <stdint.h>
#include "morph_isa.h"
#include "cms_cpu.h"
#include "cms_hw.h"

static inline void xl_hw_jtlbw(uint32_t eip, const uint32_t *code)
{
    __asm__ volatile(".insn r %[o], %[f3], %[f7], x0, %[a], %[b]"
                     :
                     : [o] "i"(OPC_JTLBW), [f3] "i"(F3_JTLBW), [f7] "i"(F7_JTLBW), [a] "r"(eip),
                       [b] "r"((uint32_t)(uintptr_t)code)
                     : "memory");
}
static inline void xl_hw_jtlbinv(void)
{
    __asm__ volatile(".insn r %[o], %[f3], %[f7], x0, x0, x0"
                     :
                     : [o] "i"(OPC_JTLBINV), [f3] "i"(F3_JTLBINV), [f7] "i"(F7_JTLBINV)
                     : "memory");
}
static inline uint32_t xl_hw_commit_eip(void)
{
    uint32_t v;
    __asm__ volatile("csrr %0, %1" : "=r"(v) : "i"(CSR_XCOMMIT_EIP));
    return v;
}
static inline uint32_t xl_hw_commit_at(void)
{
    uint32_t v;
    __asm__ volatile("csrr %0, %1" : "=r"(v) : "i"(CSR_XCOMMIT_AT));
    return v;
}

/* The firmware's timer (docs/firmware.md "Interrupts"): the CLINT's mtimecmp = now + q cycles
 * (mtime is the cycle count). The firmware runs with mstatus.MIE clear;
 * translated code with it set (xl_enter.S enters through mret). */
static inline void xl_hw_timer_arm(uint32_t q)
{
    uint64_t t = cms_hw_cycles() + q;
    volatile uint32_t *cmp = (volatile uint32_t *)(uintptr_t)(MM_CLINT_BASE + CLINT_REG_MTIMECMP);
    cmp[1] = (uint32_t)(t >> 32);
    cmp[0] = (uint32_t)t;
}
static inline void xl_hw_irq_enable(uint32_t mie_bits)
{
    __asm__ volatile("csrw mie, %0" : : "r"(mie_bits));
}
/* fence.i: the L1I forgets every line, so code written before it is fetched fresh (with
 * caches; docs/model.md "Caches"). Spelled as .insn: the toolchain's -march has no Zifencei. */
static inline void xl_hw_fence_i(void) { __asm__ volatile(".insn i 0x0f, 1, x0, x0, 0" ::: "memory"); }

/* Exit reasons returned by xl_enter (the low byte); XL_R_ROLLBACK makes the exit path roll the
 * guest state back to the last commit before it saves the registers. */
#define XL_R_EXIT 1     /* xexit of an exit stub: xl_exit_tval = stub address */
#define XL_R_JTLB 2     /* jtlbj missed: xl_exit_tval = x86 EIP */
#define XL_R_FAULT 3    /* guest fault: rolled back, EIP = xcommit_eip */
#define XL_R_EVENT 4    /* the host has events: rolled back, EIP = xcommit_eip */
#define XL_R_ROLLBACK 0x100

/* translator/xl_enter.S: saves the CMS context, loads EAX..EDI into x18..x25 and the GS base
 * into x26, commits (so the shadows hold the entry state), sets mscratch to the CMS stack and
 * xenters code. Returns (through the trap entry of cms/start.S and xl_leave) when translated
 * code leaves, with the guest registers stored back into cpu. */
uint32_t xl_enter(struct cms_cpu *cpu, const uint32_t *code);

#endif
