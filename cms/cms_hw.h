/* The few machine operations the platform code needs (guest TLB writes, CSR cmsact, the HTIF
 * register, physical addresses of firmware buffers and guest frames), kept in one place so that
 * the rest of cms/ has no inline assembly and builds on the host for unit tests. With CMS_HOST
 * every operation is an extern function that the test provides (and can record). */
#ifndef CMS_HW_H
#define CMS_HW_H
#include <stdint.h>
#include "morph/htif.h"
#include "layout.h"

#ifndef CMS_HOST
#include "morph/memmap.h"
#include "morph_isa.h"

/* Write the GTLB entry of the page of guest address va: pte = frame | W<<1 | V. */
static inline void cms_hw_gtlbw(uint32_t va, uint32_t pte)
{
    __asm__ volatile(".insn r %[o], %[f3], %[f7], x0, %[a], %[b]"
                     :
                     : [o] "i"(OPC_GTLBW), [f3] "i"(F3_GTLBW), [f7] "i"(F7_GTLBW), [a] "r"(va),
                       [b] "r"(pte)
                     : "memory");
}
/* Invalidate the GTLB entry of the page of va (va may be 0: it is in a register, not x0). */
static inline void cms_hw_gtlbinv(uint32_t va)
{
    __asm__ volatile(".insn r %[o], %[f3], %[f7], x0, %[a], x0"
                     :
                     : [o] "i"(OPC_GTLBINV), [f3] "i"(F3_GTLBINV), [f7] "i"(F7_GTLBINV),
                       [a] "r"(va)
                     : "memory");
}
/* rs1 field = x0: invalidate every GTLB entry. */
static inline void cms_hw_gtlbinv_all(void)
{
    __asm__ volatile(".insn r %[o], %[f3], %[f7], x0, x0, x0"
                     :
                     : [o] "i"(OPC_GTLBINV), [f3] "i"(F3_GTLBINV), [f7] "i"(F7_GTLBINV)
                     : "memory");
}
static inline void cms_hw_set_activity(unsigned act)
{
    __asm__ volatile("csrw %0, %1" : : "i"(CSR_CMSACT), "r"(act));
}
static inline unsigned cms_hw_get_activity(void)
{
    unsigned v;
    __asm__ volatile("csrr %0, %1" : "=r"(v) : "i"(CSR_CMSACT));
    return v;
}
/* Hand a request block to the host; it is serviced before the store retires. */
static inline void cms_hw_htif(struct htif_req *req)
{
    __asm__ volatile("" : : : "memory");
    *(volatile uint32_t *)(MM_HTIF_BASE + HTIF_REG_REQ) = (uint32_t)(uintptr_t)req;
    __asm__ volatile("" : : : "memory");
}
static inline uint32_t cms_hw_htif_id(void)
{
    return *(volatile uint32_t *)(MM_HTIF_BASE + HTIF_REG_ID);
}
/* Firmware runs with physical = virtual addresses in concealed memory. */
static inline uint32_t cms_hw_phys(const void *p) { return (uint32_t)(uintptr_t)p; }
/* Pointer to a guest page frame. Only for frames the firmware owns (freshly allocated or
 * free): guest data is otherwise reached through cms_guest.h. */
static inline void *cms_hw_frame(uint32_t paddr) { return (void *)(uintptr_t)paddr; }
/* The HTIF bounce area (concealed-mem/layout.h). */
static inline uint8_t *cms_hw_bounce(void) { return (uint8_t *)(uintptr_t)CMS_BOUNCE_BASE; }
/* The 64-bit cycle count: mcycle, which the CLINT's mtime and the time CSR equal (docs/isa.md
 * section 8); the high half read twice so a carry between the reads is seen. */
static inline uint64_t cms_hw_cycles(void)
{
    uint32_t hi, lo, hi2;
    do {
        __asm__ volatile("csrr %0, mcycleh" : "=r"(hi));
        __asm__ volatile("csrr %0, mcycle" : "=r"(lo));
        __asm__ volatile("csrr %0, mcycleh" : "=r"(hi2));
    } while (hi != hi2);
    return ((uint64_t)hi << 32) | lo;
}
/* Last resort when the host cannot be told to stop: park in an ebreak loop that is its own
 * trap vector, so no handler (and no stack) is involved any more. */
static inline _Noreturn void cms_hw_halt(void)
{
    __asm__ volatile("la t0, 1f\n\tcsrw mtvec, t0\n\t.balign 4\n1:\tebreak\n\tj 1b" : : : "t0");
    __builtin_unreachable();
}
#else /* CMS_HOST: provided by the unit test */
void cms_hw_gtlbw(uint32_t va, uint32_t pte);
void cms_hw_gtlbinv(uint32_t va);
void cms_hw_gtlbinv_all(void);
void cms_hw_set_activity(unsigned act);
unsigned cms_hw_get_activity(void);
void cms_hw_htif(struct htif_req *req);
uint32_t cms_hw_htif_id(void);
uint32_t cms_hw_phys(const void *p);
void *cms_hw_frame(uint32_t paddr);
uint8_t *cms_hw_bounce(void); /* CMS_BOUNCE_SIZE bytes */
uint64_t cms_hw_cycles(void);
_Noreturn void cms_hw_halt(void);
#endif

#endif
