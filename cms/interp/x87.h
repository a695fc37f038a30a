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

/* Would cms_x87_exec run x (an x87 instruction other than an environment format) at this state
 * without a guest fault or SIGFPE? Then it only changes the FPU state, guest memory and (FNSTSW
 * AX) EAX, and returns. Translated code's x87 helper (translator/xl_dispatch.c) runs x only
 * when it says 1 (1 may be said of an instruction that would not fault after all). */
int cms_x87_exec_safe(const struct cms_cpu *cpu, const struct xl_insn *x);

/* FNINIT state (also the state of a new process). */
void cms_x87_reset(struct cms_fpu *f);

/* FNSAVE's 108-byte image of the state at guest address a, then FNINIT (a signal frame), and
 * FRSTOR's reading of one (sigreturn). a must be a mapped, writable / readable range. */
void cms_x87_save(struct cms_fpu *f, uint32_t a);
void cms_x87_restore(struct cms_fpu *f, uint32_t a);

#endif
