/* Firmware access to guest (x86 virtual) memory through morph's guest load/store ops, which
 * translate through the guest TLB and can never reach concealed memory. A miss traps to the
 * firmware's refill handler and the op re-executes, so callers see plain loads and stores.
 * With CMS_HOST (host unit tests only) the accesses go to a test-provided byte map instead. */
#ifndef CMS_GUEST_H
#define CMS_GUEST_H
#include <stdint.h>

#ifndef CMS_HOST
#include "morph_isa.h"

#define CMS_GLOAD(name, opname)                                                             \
    static inline uint32_t name(uint32_t va)                                                \
    {                                                                                       \
        uint32_t v;                                                                         \
        __asm__ volatile(".insn i %[o], %[f], %[d], 0(%[a])"                                \
                         : [d] "=r"(v)                                                      \
                         : [o] "i"(OPC_##opname), [f] "i"(F3_##opname), [a] "r"(va)         \
                         : "memory");                                                       \
        return v;                                                                           \
    }
#define CMS_GSTORE(name, opname)                                                            \
    static inline void name(uint32_t va, uint32_t v)                                        \
    {                                                                                       \
        __asm__ volatile(".insn s %[o], %[f], %[v], 0(%[a])"                                \
                         :                                                                  \
                         : [o] "i"(OPC_##opname), [f] "i"(F3_##opname), [v] "r"(v),         \
                           [a] "r"(va)                                                      \
                         : "memory");                                                       \
    }
CMS_GLOAD(cms_gld8, GLBU)
CMS_GLOAD(cms_gld16, GLHU)
CMS_GLOAD(cms_gld32, GLW)
CMS_GLOAD(cms_gld8s, GLB)
CMS_GLOAD(cms_gld16s, GLH)
CMS_GSTORE(cms_gst8, GSB)
CMS_GSTORE(cms_gst16, GSH)
CMS_GSTORE(cms_gst32, GSW)
#undef CMS_GLOAD
#undef CMS_GSTORE
/* A 32-bit guest load at va + off, off a constant the op's immediate holds (no address add). */
static inline __attribute__((always_inline)) uint32_t cms_gld32_off(uint32_t va, int32_t off)
{
    uint32_t v;
    __asm__ volatile(".insn i %[o], %[f], %[d], %[i](%[a])"
                     : [d] "=r"(v)
                     : [o] "i"(OPC_GLW), [f] "i"(F3_GLW), [i] "i"(off), [a] "r"(va)
                     : "memory");
    return v;
}

#else /* CMS_HOST: unit tests supply the guest memory */
/* Returns a host pointer for guest byte va; the test aborts on addresses it does not map. */
uint8_t *cms_host_guest_byte(uint32_t va, int write);
static inline uint32_t cms_host_gld(uint32_t va, int n)
{
    uint32_t v = 0;
    for (int i = 0; i < n; i++) v |= (uint32_t)*cms_host_guest_byte(va + i, 0) << (8 * i);
    return v;
}
static inline void cms_host_gst(uint32_t va, uint32_t v, int n)
{
    for (int i = 0; i < n; i++) *cms_host_guest_byte(va + i, 1) = (uint8_t)(v >> (8 * i));
}
static inline uint32_t cms_gld8(uint32_t va) { return cms_host_gld(va, 1); }
static inline uint32_t cms_gld16(uint32_t va) { return cms_host_gld(va, 2); }
static inline uint32_t cms_gld32(uint32_t va) { return cms_host_gld(va, 4); }
static inline uint32_t cms_gld32_off(uint32_t va, int32_t off) { return cms_host_gld(va + (uint32_t)off, 4); }
static inline uint32_t cms_gld8s(uint32_t va) { return (uint32_t)(int32_t)(int8_t)cms_host_gld(va, 1); }
static inline uint32_t cms_gld16s(uint32_t va) { return (uint32_t)(int32_t)(int16_t)cms_host_gld(va, 2); }
static inline void cms_gst8(uint32_t va, uint32_t v) { cms_host_gst(va, v, 1); }
static inline void cms_gst16(uint32_t va, uint32_t v) { cms_host_gst(va, v, 2); }
static inline void cms_gst32(uint32_t va, uint32_t v) { cms_host_gst(va, v, 4); }
#endif

#endif
