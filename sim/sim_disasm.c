/* Zydis 4 wrapper: one instruction, Intel syntax, 32-bit legacy mode. */
#include "sim_disasm.h"
#include <Zydis/Zydis.h>
#include <stdio.h>

int sim_disasm_x86(const uint8_t *bytes, unsigned len, uint32_t eip, char *out, size_t outlen)
{
    ZydisDisassembledInstruction insn;
    if (!ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LEGACY_32, eip, bytes, len, &insn)))
        return -1;
    snprintf(out, outlen, "%s", insn.text);
    return 0;
}

const char *sim_disasm_mnemonic(unsigned id)
{
    const char *s = id <= ZYDIS_MNEMONIC_MAX_VALUE ? ZydisMnemonicGetString((ZydisMnemonic)id) : NULL;
    return s ? s : "?";
}
