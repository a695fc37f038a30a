/* The x86-flag-producing ALU ops of morph's extension, as the firmware's interpreter uses them.
 * Flags live in CSR xflags between instructions; these wrappers are volatile so that the
 * compiler keeps their order (their flag effect is invisible to it).
 * With CMS_HOST (host unit tests only) they call the C model's implementation, sim_xalu(). */
#ifndef CMS_XALU_H
#define CMS_XALU_H
#include <stdint.h>
#include "morph_isa.h"

/* op: funct7 of the x-ALU row (isa/morph-ext.tbl), size: 0/1/2 for 8/16/32-bit. Both must be
 * compile-time constants on the target. */
#ifndef CMS_HOST
#define cms_xalu(op, size, a, b)                                                            \
    ({                                                                                      \
        uint32_t r_;                                                                        \
        __asm__ volatile(".insn r " MORPH_STR(OPG_XALU) ", %[f3], %[f7], %[d], %[x], %[y]"                     \
                         : [d] "=r"(r_)                                                     \
                         : [f3] "i"(size), [f7] "i"(op), [x] "r"((uint32_t)(a)),            \
                           [y] "r"((uint32_t)(b)));                                         \
        r_;                                                                                 \
    })
/* Flags only (CMP, TEST): rd = x0. */
#define cms_xalu_flags(op, size, a, b)                                                      \
    __asm__ volatile(".insn r " MORPH_STR(OPG_XALU) ", %[f3], %[f7], x0, %[x], %[y]"                           \
                     :                                                                      \
                     : [f3] "i"(size), [f7] "i"(op), [x] "r"((uint32_t)(a)),                \
                       [y] "r"((uint32_t)(b)))
static inline uint32_t cms_xflags_read(void)
{
    uint32_t v;
    __asm__ volatile("csrr %0, %1" : "=r"(v) : "i"(CSR_XFLAGS));
    return v;
}
static inline void cms_xflags_write(uint32_t v)
{
    __asm__ volatile("csrw %0, %1" : : "i"(CSR_XFLAGS), "r"(v));
}
/* x86 condition cc (0..15) on the current flags: 1 or 0. cc must be a constant. */
#define cms_xcond(cc)                                                                       \
    ({                                                                                      \
        uint32_t r_;                                                                        \
        __asm__ volatile(".insn i " MORPH_STR(OPG_XCTL) ", " MORPH_STR(F3_XSETCC) ", %[d], x0, %[c]" : [d] "=r"(r_) : [c] "i"(cc));   \
        r_;                                                                                 \
    })
#else
#include "../sim/sim_xalu.h"
extern uint32_t cms_host_xflags;
#define cms_xalu(op, size, a, b) sim_xalu((op), (size), (a), (b), &cms_host_xflags)
#define cms_xalu_flags(op, size, a, b) ((void)sim_xalu((op), (size), (a), (b), &cms_host_xflags))
static inline uint32_t cms_xflags_read(void) { return cms_host_xflags; }
static inline void cms_xflags_write(uint32_t v) { cms_host_xflags = v & XF_ARITH; }
#define cms_xcond(cc) ((uint32_t)sim_xcond((cc), cms_host_xflags))
#endif

/* The guest's EFLAGS image: its arithmetic flags from xflags, the rest from cpu->eflags. */
#include "cms_cpu.h"
static inline uint32_t cms_eflags(const struct cms_cpu *cpu)
{
    return (cpu->eflags & ~XF_ARITH) | cms_xflags_read() | CMS_EFLAGS_FIXED;
}

#endif
