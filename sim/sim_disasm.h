/* x86 (32-bit legacy mode) disassembly for HTIF instruction messages, with the host's Zydis. */
#ifndef SIM_DISASM_H
#define SIM_DISASM_H
#include <stddef.h>
#include <stdint.h>

/* Intel syntax text of the instruction at eip; returns 0, or -1 if Zydis rejects the bytes. */
int sim_disasm_x86(const uint8_t *bytes, unsigned len, uint32_t eip, char *out, size_t outlen);

/* Name of Zydis mnemonic id `id` ("?" when out of range): for the mnemonic statistics. */
const char *sim_disasm_mnemonic(unsigned id);

#endif
