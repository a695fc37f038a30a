/* Traps and mret: ecall, ebreak, illegal encodings (including a clear bit 0), misaligned jump
 * targets, mepc/mcause/mtval, and returning with mret. */
#include "test.h"
TEST_BEGIN
1:  ecall
    CHECK_TRAP(1, CAUSE_ECALL_M)
    la a1, 1b
    CHECKR(2, TRAP_EPC, a1)
1:  ebreak
    CHECK_TRAP(3, CAUSE_BREAKPOINT)
    la a1, 1b
    CHECKR(4, TRAP_EPC, a1)
    .word 0x00000032           /* bit 0 clear: illegal, mtval = the bits */
    CHECK_TRAP(5, CAUSE_ILLEGAL_INSN)
    CHECK(6, TRAP_VAL, 0x32)
    .word 0xffffffff
    CHECK_TRAP(7, CAUSE_ILLEGAL_INSN)
    .word 0x0000007f           /* unused major opcode */
    CHECK_TRAP(8, CAUSE_ILLEGAL_INSN)
    .word 0x02005013 | (1 << 25)   /* srli with funct7 != 0/0x20 */
    CHECK_TRAP(9, CAUSE_ILLEGAL_INSN)
    .insn r 0x33, 0, 0x10, a1, a2, a3  /* OP with unknown funct7 */
    CHECK_TRAP(10, CAUSE_ILLEGAL_INSN)
    .insn r OPC_XADD_W, 3, 0, a1, a2, a3  /* x-ALU size 3 */
    CHECK_TRAP(11, CAUSE_ILLEGAL_INSN)
    .insn r OPC_XADD_W, 2, 0x14, a1, a2, a3 /* x-ALU funct7 beyond xlogf */
    CHECK_TRAP(12, CAUSE_ILLEGAL_INSN)
    .insn r OPC_COMMIT, F3_COMMIT, 0x08, x0, x0, x0 /* custom-3 funct7 8 */
    CHECK_TRAP(13, CAUSE_ILLEGAL_INSN)
    .insn i OPG_XCTL, 4, a1, a2, 0  /* custom-3 funct3 4 */
    CHECK_TRAP(14, CAUSE_ILLEGAL_INSN)
    /* misaligned jump target: the jump traps (cause 0), mepc = the jump, mtval = target */
    la a1, 2f
    addi a1, a1, 2
1:  jalr ra, 0(a1)
    CHECK_TRAP(15, CAUSE_MISALIGNED_FETCH)
    CHECKR(16, TRAP_VAL, a1)
    la a2, 1b
    CHECKR(17, TRAP_EPC, a2)
    /* the trapping op does not retire: its rd is unchanged */
    li ra, 77
    jalr ra, 0(a1)
    CHECK_TRAP(18, CAUSE_MISALIGNED_FETCH)
    CHECK(19, ra, 77)
    /* mret to an explicit address through RESUME */
    la RESUME, 3f
    ecall
    j fail
3:  CHECK_TRAP(20, CAUSE_ECALL_M)
    /* fence, fence.i, wfi are no-ops */
    fence
    .word 0x0000100f          /* fence.i */
    wfi
    CHECK_NOTRAP(21)
    j pass
2:  j fail
TEST_END
