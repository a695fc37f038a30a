/* x86-flag-producing ALU of morph's extension (docs/isa.md section 3): the one implementation
 * of its semantics, used by the C model, and linked into host unit tests of firmware code. */
#ifndef SIM_XALU_H
#define SIM_XALU_H
#include <stdint.h>

/* funct7 values of the x-ALU ops (mirror isa/morph-ext.tbl; sim_xalu.c checks them against
 * the generated MATCH_ constants at compile time). */
enum sim_xalu_op {
    SIM_XALU_ADD = 0x00, SIM_XALU_ADC, SIM_XALU_SUB, SIM_XALU_SBB, SIM_XALU_AND, SIM_XALU_OR,
    SIM_XALU_XOR, SIM_XALU_INC, SIM_XALU_DEC, SIM_XALU_NEG, SIM_XALU_SHL, SIM_XALU_SHR,
    SIM_XALU_SAR, SIM_XALU_ROL, SIM_XALU_ROR, SIM_XALU_RCL, SIM_XALU_RCR, SIM_XALU_MULF,
    SIM_XALU_IMULF, SIM_XALU_LOGF, SIM_XALU_COUNT
};

/* size: 0 = 8-bit, 1 = 16-bit, 2 = 32-bit. *xflags is read (CF for adc/sbb/rcl/rcr, unchanged
 * bits) and written. Returns the result zero-extended to 32 bits. Returns 0 and leaves flags
 * alone for op >= SIM_XALU_COUNT or size > 2 (the decoder reports those as illegal first). */
uint32_t sim_xalu(unsigned op, unsigned size, uint32_t a, uint32_t b, uint32_t *xflags);

/* x86 condition cc (0..15, Jcc low nibble) evaluated on xflags. */
int sim_xcond(unsigned cc, uint32_t xflags);

#endif
