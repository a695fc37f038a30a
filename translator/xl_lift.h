/* The lifter (docs/translator.md, "The pipeline"): x86 instructions of one block -> I-op
 * records (xl_ir.h). It always writes the flag-producing form; xl_pass_flags removes what is
 * dead. */
#ifndef XL_LIFT_H
#define XL_LIFT_H
#include "xl_ir.h"
#include "cms_cpu.h" /* enum cms_seg */

/* Would the translator accept this instruction (op and operand forms)? The usual case inline:
 * an op it takes at this operand size, no address-size prefix, and no operand it leaves (a
 * segment register, a memory operand with 16-bit addressing or FS); the rest decides out of
 * line. */
int xl_lift_supported_slow(const struct xl_insn *x);
/* A memory operand the lifter takes (not 16-bit addressing, not FS), or no memory operand. */
static inline int xl_lift_mem_ok(const struct xl_operand *o)
{
    return o->kind != XL_OPK_MEM || (!(o->flags & XL_MEMF_A16) && o->seg != CMS_FS);
}
static inline int xl_lift_operand_plain(const struct xl_operand *o)
{
    return o->kind != XL_OPK_SREG && xl_lift_mem_ok(o);
}
/* The facts table's inline class (xl_ops.h) at an operand size: 1 when the op is taken
 * (XL_INL_FORM: 0, the operands decide). */
static inline int xl_lift_inl_ok(unsigned inl, unsigned osize)
{
    /* the usual case falls through: a taken branch costs the block loop 2 cycles an instruction */
    return __builtin_expect(inl == XL_INL_YES, 1) || (inl == XL_INL_D32 && osize == 4) ||
           (inl == XL_INL_NOT8 && osize != 1);
}
static inline int xl_lift_supported(const struct xl_insn *x)
{
    if (xl_lift_inl_ok(xl_facts(x->op)->inl, x->osize) && !(x->prefix & XL_PFX_ADSIZE) &&
        xl_lift_operand_plain(&x->ops[0]) && xl_lift_operand_plain(&x->ops[1]) && xl_lift_operand_plain(&x->ops[2]))
        return 1;
    return xl_lift_supported_slow(x);
}

/* x87 runs called from translated code (docs/translator.md): the decoded instructions, copied
 * by the lifter, named by the runs' XL_STUB_X87 stubs (xl_encode.h). Without a pool (never
 * set), x87 instructions stay with the interpreter. xl_cache.c empties it with the code cache
 * and asks for a flush when fewer than XL_IR_MAX_INSNS entries are free. */
struct xl_x87_op {
    struct xl_insn x;
    uint32_t acc;   /* its memory access: cms_x87_mem_access (cms/interp/x87.h) */
    uint8_t ea_reg; /* 0, or the temporary (x10 or x11) in which translated code hands the helper
                       the operand's linear address: the trap entry saves it in the frame at that
                       index */
    uint8_t probed; /* translated code has read (and, for a store, written back) the operand's
                       first and last bytes: its pages allow the access */
} __attribute__((aligned(64))); /* a power of two: the helper finds an entry with a shift, not a mul */
#define XL_X87_EA_MAX 2 /* operands of a run with an address computed by translated code */
extern struct xl_x87_op *xl_x87_pool;
extern uint32_t xl_x87_pool_size, xl_x87_pool_used;
void xl_x87_pool_init(struct xl_x87_op *pool, uint32_t n);
/* The x87 forms the firmware's helper runs from translated code. */
int xl_x87_direct_ok(const struct xl_insn *x);

enum { XL_LIFT_OK = 0, XL_LIFT_FORM = 1, XL_LIFT_ROOM = 2 };

/* Lifts ins[0..n) at eips[] into ir (whose ninsn, eip[], op[] and flag facts the caller set).
 * The last instruction is a block-ending control transfer when ends; otherwise the block ends
 * with a stub of kind tail_kind to the next EIP. The lifted code is at most cap_words words.
 * Returns XL_LIFT_OK, or XL_LIFT_FORM (an operand form the lifter does not take) or
 * XL_LIFT_ROOM (out of words or records) with *at = the instruction (n: the block's exits). */
int xl_lift_block(struct xl_ir *ir, const struct xl_insn *const *ins, unsigned n, int ends,
                  uint32_t tail_kind, unsigned cap_words, unsigned *at);

#endif
