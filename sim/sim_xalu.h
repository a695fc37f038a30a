/* x86-flag-producing ALU of morph's extension (docs/isa.md section 3): the one implementation
 * of its semantics, used by the C model, and linked into host unit tests of firmware code. */
#ifndef SIM_XALU_H
#define SIM_XALU_H
#include <stdint.h>
#include "morph_isa.h"

/* funct7 values of the x-ALU ops, from the generated list (isa/morph-ext.tbl). */
#define SIM_XALU_ENUM_(name, f7) SIM_XALU_##name = f7,
enum sim_xalu_op { MORPH_XALU_OPS(SIM_XALU_ENUM_) SIM_XALU_COUNT };
#undef SIM_XALU_ENUM_

/* size: 0 = 8-bit, 1 = 16-bit, 2 = 32-bit. *xflags is read (CF for adc/sbb/rcl/rcr, unchanged
 * bits) and written. Returns the result zero-extended to 32 bits. Returns 0 and leaves flags
 * alone for op >= SIM_XALU_COUNT or size > 2 (the decoder reports those as illegal first). */
uint32_t sim_xalu(unsigned op, unsigned size, uint32_t a, uint32_t b, uint32_t *xflags);

/* x86 condition cc (0..15, Jcc low nibble) evaluated on xflags. */
int sim_xcond(unsigned cc, uint32_t xflags);

#endif
