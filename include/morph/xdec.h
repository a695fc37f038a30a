/* The x86 decode assist (docs/isa.md section 7a): what `xmodrm rd, rs1, rs2` computes, defined
 * once in C. The model executes it with this function (sim/sim_execute.c), the host build of the
 * firmware's fast decoder calls it where the firmware executes the op (x86/xl_fastdec.c), and
 * rtl/morph_xdec.sv implements the same fields, which lockstep co-simulation and
 * tests/isa/xmodrm.S compare. Plain C, no other includes but stdint.
 *
 * rs1[7:0] is a ModRM byte, rs2[7:0] the byte after it (the SIB byte when there is one); other
 * bits are ignored. 32-bit addressing. The result packs what the ModRM and SIB bytes say:
 *   [2:0]   bytes of ModRM, SIB and displacement together (1..6)
 *   [3]     register form (mod = 3): base holds the r/m register
 *   [5:4]   displacement: 0 none, 1 one byte (sign-extended), 2 four bytes
 *   [6]     memory form whose base is ESP or EBP (the default segment is SS, else DS)
 *   [7]     a SIB byte follows the ModRM byte
 *   [9:8]   scale (log2), 0 without an index
 *   [15:10] 0
 *   [23:16] base register (0..7), MORPH_XMODRM_NONE without one
 *   [31:24] index register, MORPH_XMODRM_NONE without one (always in the register form) */
#ifndef MORPH_XDEC_H
#define MORPH_XDEC_H
#include <stdint.h>

#define MORPH_XMODRM_NONE 0xffu
#define MORPH_XMODRM_LEN(d) ((d) & 7u)
#define MORPH_XMODRM_REG 0x8u
#define MORPH_XMODRM_DISP(d) ((d) >> 4 & 3u)
#define MORPH_XMODRM_SS 0x40u
#define MORPH_XMODRM_SIB 0x80u
#define MORPH_XMODRM_SCALE(d) ((d) >> 8 & 3u)
#define MORPH_XMODRM_BASE(d) ((d) >> 16 & 0xffu)
#define MORPH_XMODRM_INDEX(d) ((d) >> 24)

static inline uint32_t morph_xmodrm(uint32_t rs1, uint32_t rs2)
{
    const uint32_t mod = rs1 >> 6 & 3, rm = rs1 & 7;
    if (mod == 3) return 1u | MORPH_XMODRM_REG | rm << 16 | MORPH_XMODRM_NONE << 24;
    const uint32_t sib = rm == 4, b = sib ? rs2 & 7 : rm, idx = rs2 >> 3 & 7;
    const uint32_t nobase = mod == 0 && b == 5;
    const uint32_t index = sib && idx != 4 ? idx : MORPH_XMODRM_NONE;
    const uint32_t scale = index != MORPH_XMODRM_NONE ? (rs2 >> 6 & 3) : 0;
    const uint32_t disp = mod == 1 ? 1 : mod == 2 || nobase ? 2 : 0;
    const uint32_t len = 1 + sib + (disp == 1 ? 1 : disp == 2 ? 4 : 0);
    const uint32_t ss = !nobase && (b == 4 || b == 5);
    return len | disp << 4 | ss << 6 | sib << 7 | scale << 8 | (nobase ? MORPH_XMODRM_NONE : b) << 16 | index << 24;
}

#endif
