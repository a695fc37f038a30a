/* x87 instruction layer of the interpreter (docs/x87.md): register stack, tag word, stack
 * faults, environment save/restore and exception delivery around the soft-float library
 * (softfloat/sf_x80.h). The FPU state lives in cpu->fpu (cms_cpu.h). */
#ifndef CMS_X87_H
#define CMS_X87_H
#include <stdint.h>
#include "cms_cpu.h"

struct xl_insn;

/* Executes one XL_X87 instruction (x->target = FOP or XL_X87_FWAIT) at eip. An unmasked
 * exception pending from an earlier instruction kills the guest with SIGFPE (status 136) here
 * when this instruction is a waiting one, as #MF does on Linux. */
void cms_x87_exec(struct cms_cpu *cpu, const struct xl_insn *x, uint32_t eip);

/* The guest memory an x87 instruction (FOP as in xl_insn.target; not an environment format:
 * FLDENV FNSTENV FRSTOR FNSAVE) accesses: its bytes, CMS_X87_ACC_STORE when it writes them;
 * 0 for a register form or FWAIT (exec_mem and control in x87.c). */
#define CMS_X87_ACC_BYTES 0x7fu
#define CMS_X87_ACC_STORE 0x80u
static inline unsigned cms_x87_mem_access(unsigned fop)
{
    /* per escape: the ModRM reg values that store (D9: FST FSTP FNSTCW; DB: FISTTP FIST FISTP
     * FSTP m80; DD: FISTTP FST FSTP FNSTSW; DF: FISTTP FIST FISTP FBSTP FISTP m64) */
    static const uint8_t store_regs[8] = {[1] = 0x8c, [3] = 0x8e, [5] = 0x8e, [7] = 0xce};
    unsigned esc = (fop >> 8) & 7, modrm = fop & 0xff, reg = (modrm >> 3) & 7, n;
    if (fop > 0x7ff || modrm >= 0xc0) return 0; /* FWAIT (0x9b00), register forms */
    switch (esc) {
    case 0: case 2: n = 4; break;                         /* m32fp, m32int */
    case 4: n = 8; break;                                 /* m64fp */
    case 6: n = 2; break;                                 /* m16int */
    case 1: n = reg >= 4 ? 2 : 4; break;                  /* FLD/FST m32; FLDCW FNSTCW */
    case 5: n = reg >= 4 ? 2 : 8; break;                  /* FLD/FISTTP/FST m64; FNSTSW m16 */
    case 3: n = reg >= 4 ? 10 : 4; break;                 /* m32int; FLD/FSTP m80 */
    default: n = reg == 4 || reg == 6 ? 10 : reg >= 4 ? 8 : 2; /* DF: m16int; FBLD FBSTP; m64int */
    }
    return n | ((store_regs[esc] >> reg) & 1 ? CMS_X87_ACC_STORE : 0);
}

/* Runs x as cms_x87_exec does and returns 1 if that cannot end in a guest fault or SIGFPE (x
 * an x87 instruction other than an environment format, whose memory access
 * cms_x87_mem_access(x->target) = acc): then it changes only the FPU state, guest memory and
 * (FNSTSW AX) EAX. Otherwise returns 0 having changed nothing. Translated code's x87 helper
 * (translator/xl_dispatch.c) runs instructions through it; 1 may be refused for an instruction
 * that would not fault after all. Firmware only. */
int cms_x87_exec_if_safe(struct cms_cpu *cpu, const struct xl_insn *x, unsigned acc, uint32_t eip);
/* The same for a memory form (acc != 0) whose operand's linear address a translated code
 * computed; probed: translated code has also accessed the operand's first and last bytes as x
 * does (read; for a store, written back), so its pages allow the access (a fault there went to
 * the interpreter). */
int cms_x87_exec_if_safe_at(struct cms_cpu *cpu, const struct xl_insn *x, unsigned acc, uint32_t eip, uint32_t a,
                            int probed);

/* FNINIT state (also the state of a new process). */
void cms_x87_reset(struct cms_fpu *f);

/* The registers a debugger shows (morph run -g, cms/cms_gdb.c): ST(0)..ST(7) in stack order
 * (significand, then sign and exponent), and FCW, FSW (with TOP), the full tag word, FCS, FIP,
 * FDS, FDP, FOP; an FPU not used yet shows its FNINIT state. */
void cms_x87_debug_regs(const struct cms_fpu *f, uint8_t st[8][10], uint32_t fregs[8]);

/* FNSAVE's 108-byte image of the state at guest address a, then FNINIT (a signal frame), and
 * FRSTOR's reading of one (sigreturn). a must be a mapped, writable / readable range. */
void cms_x87_save(struct cms_fpu *f, uint32_t a);
void cms_x87_restore(struct cms_fpu *f, uint32_t a);

#endif
