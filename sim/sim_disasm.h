/* Disassembly on the host: x86 (32-bit legacy mode, for HTIF instruction messages, with the
 * host's Zydis) and I-ops (RV32IM + morph's extension, names and operand layouts from
 * isa/rv32-base.tbl and isa/morph-ext.tbl through the generated morph_decode.h; used by the
 * translation-quality pins, tests/xlpins). */
#ifndef SIM_DISASM_H
#define SIM_DISASM_H
#include <stddef.h>
#include <stdint.h>

/* Intel syntax text of the instruction at eip; returns 0, or -1 if Zydis rejects the bytes. */
int sim_disasm_x86(const uint8_t *bytes, unsigned len, uint32_t eip, char *out, size_t outlen);

/* Name of Zydis mnemonic id `id` ("?" when out of range): for the mnemonic statistics. */
const char *sim_disasm_mnemonic(unsigned id);

/* Text of one I-op word ("xadd.w x18,x18,x19", "glw x5,8(x21)", "beq x5,x0,.+12"): registers as
 * xN, branch and jump targets relative to the op (".+12"). Returns 0, or -1 for a word that is
 * no RV32IM or extension op (the text is then ".word 0x...."). */
int sim_disasm_iop(uint32_t w, char *out, size_t outlen);

#endif
