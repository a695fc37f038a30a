/* x87 instruction layer (docs/x87.md). The decode layer hands over the 11-bit x87 opcode (FOP:
 * escape low bits << 8 | ModRM) and the memory operand; everything else is decoded here.
 * Arithmetic, conversions and condition codes come from the soft-float library; this file owns
 * TOP, the tag bits, stack faults (IE + SF, C1 = overflow), FIP/FDP/FOP, the environment
 * formats and the delivery of unmasked exceptions (SIGFPE at the next waiting instruction). */
#include "x87.h"
#include "cms_signal.h"
#include "cms_desc.h"
#include "cms_mm.h"
#include "cms_pte.h"
#include "layout.h"

#include "cms.h"
#include "cms_guest.h"
#include "cms_xalu.h"
#include "sf_x80.h"
#include "xl_decode.h"

#define SW_SF 0x0040u  /* stack fault */
#define SW_TOP_SHIFT 11
#define SW_TOP_MASK (7u << SW_TOP_SHIFT)
#define CW_WRITABLE 0x1f3fu /* FLDCW keeps these; bit 6 reads as 1 */
#define CW_ONE 0x0040u

typedef struct cms_fpu fpu_t;

/* ---- register stack ----------------------------------------------------------------------- */

static inline unsigned phys(const fpu_t *f, unsigned i) { return (f->top + i) & 7; }
static inline int st_empty(const fpu_t *f, unsigned i) { return !((f->full >> phys(f, i)) & 1); }
static inline sf_x80 st_get(const fpu_t *f, unsigned i)
{
    unsigned p = phys(f, i);
    return (sf_x80){f->mant[p], f->se[p]};
}
static inline void st_set(fpu_t *f, unsigned i, sf_x80 v)
{
    unsigned p = phys(f, i);
    f->mant[p] = v.mant;
    f->se[p] = v.se;
    f->full |= (uint8_t)(1u << p);
}
static inline void st_pop(fpu_t *f)
{
    f->full &= (uint8_t)~(1u << f->top);
    f->top = (f->top + 1) & 7;
}
static inline void st_push(fpu_t *f, sf_x80 v)
{
    f->top = (f->top - 1) & 7;
    st_set(f, 0, v);
}
static const sf_x80 indefinite = {SF_INDEFINITE_MANT, SF_INDEFINITE_SE};

void cms_x87_reset(fpu_t *f)
{
    f->cw = SF_CW_DEFAULT;
    f->sw = 0;
    f->top = 0;
    f->full = 0;
    f->fop = 0;
    f->fip = f->fdp = 0;
    f->fcs = f->fds = 0;
    f->init = 1;
}

/* ES and B follow the flags that are both raised and unmasked (FLDCW, FLDENV, FRSTOR). */
static void recompute_es(fpu_t *f)
{
    if (f->sw & ~f->cw & SF_EXC_ALL) f->sw |= SF_ES | SF_B;
    else f->sw &= (uint16_t)~(SF_ES | SF_B);
}

/* Stack overflow / underflow: IE + SF, C1 = 1 for overflow. Returns 1 when IE is masked (the
 * caller then produces the real indefinite), 0 when the instruction must leave everything. */
static int stack_fault(fpu_t *f, int overflow)
{
    f->sw = (uint16_t)((f->sw & ~SF_C1) | SF_IE | SW_SF | (overflow ? SF_C1 : 0));
    if (f->cw & SF_IE) return 1;
    f->sw |= SF_ES | SF_B;
    return 0;
}

/* Before a push (ST(7) must be empty): 0 = go ahead, 1 = masked overflow (push the real
 * indefinite instead), -1 = unmasked overflow (change nothing). */
static inline int st7_full(const fpu_t *f) { return (f->full >> ((f->top - 1) & 7)) & 1; }
static int push_check(fpu_t *f)
{
    if (!st7_full(f)) return 0;
    return stack_fault(f, 1) ? 1 : -1;
}

/* Full tag word for FNSTENV/FNSAVE: 00 valid, 01 zero, 10 special, 11 empty. */
static unsigned tag_word(const fpu_t *f)
{
    unsigned tw = 0;
    for (unsigned p = 0; p < 8; p++) {
        unsigned t;
        unsigned ex = f->se[p] & 0x7fff;
        if (!((f->full >> p) & 1)) t = 3;
        else if (ex == 0x7fff) t = 2;
        else if (ex == 0) t = f->mant[p] ? 2 : 1;
        else t = (f->mant[p] >> 63) ? 0 : 2;
        tw |= t << (2 * p);
    }
    return tw;
}

static inline uint16_t sw_full(const fpu_t *f)
{
    return (uint16_t)((f->sw & ~SW_TOP_MASK) | (f->top << SW_TOP_SHIFT));
}

void cms_x87_debug_regs(const struct cms_fpu *cur, uint8_t st[8][10], uint32_t fregs[8])
{
    fpu_t f = *cur;
    if (!f.init) cms_x87_reset(&f);
    for (unsigned i = 0; i < 8; i++) {
        unsigned p = phys(&f, i);
        for (unsigned b = 0; b < 8; b++) st[i][b] = (uint8_t)(f.mant[p] >> (8 * b));
        st[i][8] = (uint8_t)f.se[p];
        st[i][9] = (uint8_t)(f.se[p] >> 8);
    }
    const uint32_t r[8] = {f.cw, sw_full(&f), tag_word(&f), f.fcs, f.fip, f.fds, f.fdp, f.fop};
    for (unsigned i = 0; i < 8; i++) fregs[i] = r[i];
}

/* ---- memory ---------------------------------------------------------------------------------- */

static uint32_t ea_off(const struct cms_cpu *cpu, const struct xl_operand *o)
{
    uint32_t a = (uint32_t)o->val;
    if (o->reg != XL_NOREG) a += cpu->r[o->reg];
    if (o->index != XL_NOREG) a += cpu->r[o->index] << o->scale;
    if (o->flags & XL_MEMF_A16) a &= 0xffff;
    return a;
}

static uint64_t ld64(uint32_t a) { return cms_gld32(a) | (uint64_t)cms_gld32(a + 4) << 32; }
/* Multi-part stores: exec_at has checked the whole access first (cms_mm_access_check, or the
 * helper's page_ok), so none is written in part before a fault. */
static void st64(uint32_t a, uint64_t v)
{
    cms_gst32(a, (uint32_t)v);
    cms_gst32(a + 4, (uint32_t)(v >> 32));
}
static sf_x80 ld80(uint32_t a) { return (sf_x80){ld64(a), (uint16_t)cms_gld16(a + 8)}; }
static void st80(uint32_t a, sf_x80 v)
{
    st64(a, v.mant);
    cms_gst16(a + 8, v.se);
}

/* ---- exceptions -------------------------------------------------------------------------------- */

static _Noreturn void deliver(const fpu_t *f, uint32_t eip)
{
    char msg[128];
    cms_snprintf(msg, sizeof msg,
                 "guest SIGFPE: unmasked x87 exception (status word 0x%04x, raised at eip 0x%08x) "
                 "at eip 0x%08x", sw_full(f), f->fip, eip);
    /* si_code from the unmasked exceptions, in Linux's order (fpu__exception_code) */
    const unsigned err = f->sw & ~f->cw & 0x3f;
    const int code = err & SF_IE ? CMS_FPE_FLTINV : err & SF_ZE ? CMS_FPE_FLTDIV : err & SF_OE ? CMS_FPE_FLTOVF
                     : err & (SF_UE | SF_DE) ? CMS_FPE_FLTUND : err & SF_PE ? CMS_FPE_FLTRES : 0;
    const struct cms_siginfo si = {.signo = 8, .code = code, .addr = eip, .trapno = CMS_TRAP_MF};
    cms_signal_fault(&si, msg);
}

/* Destination writes are skipped when IE, ZE or DE is unmasked (the x87 leaves it alone). */
#define REG_BLOCK (SF_IE | SF_ZE | SF_DE)
/* Stores to memory are skipped on any unmasked exception but PE. */
#define MEM_BLOCK (SF_IE | SF_ZE | SF_DE | SF_OE | SF_UE)

/* ---- arithmetic ---------------------------------------------------------------------------------- */

/* k = ModRM reg of D8/DC/DA/DE: 0 add, 1 mul, 4 sub, 5 subr, 6 div, 7 divr (dst op src). */
static sf_x80 arith(struct sf_env *e, unsigned k, sf_x80 dst, sf_x80 src)
{
    switch (k) {
    case 0: return sf_add(e, dst, src);
    case 1: return sf_mul(e, dst, src);
    case 4: return sf_sub(e, dst, src);
    case 5: return sf_sub(e, src, dst);
    case 6: return sf_div(e, dst, src);
    default: return sf_div(e, src, dst);
    }
}

/* The register forms of D8 (ST(0) op= ST(i)), DC (ST(i) op= ST(0)) and DE (DC, then pop): arith's
 * k, and the destination and source registers; DC and DE encode SUB/SUBR and DIV/DIVR swapped. */
static inline unsigned arith_reg_op(unsigned esc, unsigned reg, unsigned i, unsigned *d, unsigned *s)
{
    *d = esc == 0 ? 0 : i;
    *s = esc == 0 ? i : 0;
    return esc != 0 && reg >= 4 ? reg ^ 1 : reg;
}

/* FILD m32 (DB /0), m16 (DF /0) and m64 (DF /5): exact. */
static inline sf_x80 fild(unsigned esc, unsigned reg, uint32_t a)
{
    return esc == 3 ? sf_from_i32((int32_t)cms_gld32(a))
         : reg == 0 ? sf_from_i16((int16_t)cms_gld16(a)) : sf_from_i64((int64_t)ld64(a));
}

/* FCOM/FUCOM family on ST(0) and b; writes C0-C3 (or ZF PF CF for FCOMI). Returns 1 if the
 * instruction completed (the caller pops), 0 for an unmasked stack fault or IE/DE. */
static int compare(fpu_t *f, struct sf_env *e, sf_x80 b, int b_empty, int unordered, int eflags)
{
    unsigned cc;
    uint16_t keep = f->sw & (SF_C0 | SF_C1 | SF_C2 | SF_C3); /* FCOMI: C1 too, but on a stack fault */
    if (st_empty(f, 0) || b_empty) {
        if (!stack_fault(f, 0)) return 0;
        keep &= (uint16_t)~SF_C1;
        e->sw = f->sw;
        cc = SF_C0 | SF_C2 | SF_C3;
        e->sw = (uint16_t)((e->sw & ~SF_CC_ALL) | cc);
    } else {
        cc = unordered ? sf_ucom(e, st_get(f, 0), b) : sf_com(e, st_get(f, 0), b);
    }
    if (eflags) {
        uint32_t fl = cms_xflags_read() & ~(XF_CF | XF_PF | XF_ZF | XF_OF | XF_SF | XF_AF);
        if (cc & SF_C0) fl |= XF_CF;
        if (cc & SF_C2) fl |= XF_PF;
        if (cc & SF_C3) fl |= XF_ZF;
        cms_xflags_write(fl);
        e->sw = (uint16_t)((e->sw & ~SF_CC_ALL) | keep); /* FCOMI leaves the condition codes */
    }
    f->sw = e->sw;
    return !(sf_unmasked(e) & REG_BLOCK);
}

/* FCMOVcc (DA/DB C0-DF): DA moves on B, E, BE, U, DB on their negations. */
static inline int cond_fcmov(unsigned esc, unsigned reg)
{
    const unsigned k = reg | (esc == 3 ? 4 : 0);
    uint32_t fl = cms_xflags_read();
    int r;
    switch (k & 3) {
    case 0: r = (fl & XF_CF) != 0; break;             /* B */
    case 1: r = (fl & XF_ZF) != 0; break;             /* E */
    case 2: r = (fl & (XF_CF | XF_ZF)) != 0; break;   /* BE */
    default: r = (fl & XF_PF) != 0; break;            /* U */
    }
    return (k & 4) ? !r : r;
}

/* ---- environment ------------------------------------------------------------------------------------ */

/* 32-bit protected-mode layout (28 bytes); reserved halves are written as 0xFFFF, as the
 * host CPU does. */
static void store_env(const fpu_t *f, uint32_t a)
{
    cms_gst32(a + 0, 0xffff0000u | f->cw);
    cms_gst32(a + 4, 0xffff0000u | sw_full(f));
    cms_gst32(a + 8, 0xffff0000u | tag_word(f));
    cms_gst32(a + 12, f->fip);
    cms_gst32(a + 16, f->fcs | (uint32_t)(f->fop & 0x7ff) << 16);
    cms_gst32(a + 20, f->fdp);
    cms_gst32(a + 24, 0xffff0000u | f->fds);
}

static void load_env(fpu_t *f, uint32_t a)
{
    uint32_t cw = cms_gld32(a), sw = cms_gld32(a + 4), tw = cms_gld32(a + 8);
    uint32_t fip = cms_gld32(a + 12), fcs = cms_gld32(a + 16), fdp = cms_gld32(a + 20);
    uint32_t fds = cms_gld32(a + 24);
    f->cw = (uint16_t)((cw & CW_WRITABLE) | CW_ONE);
    f->sw = (uint16_t)(sw & ~SW_TOP_MASK);
    f->top = (uint8_t)((sw >> SW_TOP_SHIFT) & 7);
    f->full = 0;
    for (unsigned p = 0; p < 8; p++)
        if (((tw >> (2 * p)) & 3) != 3) f->full |= (uint8_t)(1u << p);
    f->fip = fip;
    f->fcs = (uint16_t)fcs;
    f->fop = (uint16_t)((fcs >> 16) & 0x7ff);
    f->fdp = fdp;
    f->fds = (uint16_t)fds;
    recompute_es(f);
}

/* 16-bit protected-mode layout (14 bytes, operand-size prefix): FCW FSW FTW, then FIP[15:0] FCS
 * FDP[15:0] FDS; no FOP (FLDENV leaves it as it was). */
static void store_env16(const fpu_t *f, uint32_t a)
{
    cms_gst32(a + 0, (uint32_t)sw_full(f) << 16 | f->cw);
    cms_gst32(a + 4, (f->fip & 0xffffu) << 16 | tag_word(f));
    cms_gst32(a + 8, (f->fdp & 0xffffu) << 16 | f->fcs);
    cms_gst16(a + 12, f->fds);
}

static void load_env16(fpu_t *f, uint32_t a)
{
    uint32_t w0 = cms_gld32(a), w1 = cms_gld32(a + 4), w2 = cms_gld32(a + 8), fds = cms_gld16(a + 12);
    f->cw = (uint16_t)((w0 & CW_WRITABLE) | CW_ONE);
    f->sw = (uint16_t)((w0 >> 16) & ~SW_TOP_MASK);
    f->top = (uint8_t)((w0 >> (16 + SW_TOP_SHIFT)) & 7);
    f->full = 0;
    for (unsigned p = 0; p < 8; p++)
        if (((w1 >> (2 * p)) & 3) != 3) f->full |= (uint8_t)(1u << p);
    f->fip = w1 >> 16;
    f->fcs = (uint16_t)w2;
    f->fdp = w2 >> 16;
    f->fds = (uint16_t)fds;
    recompute_es(f);
}

/* FNSAVE / FRSTOR: the environment (32- or 16-bit format), then ST(0)..ST(7), 10 bytes each. */
static void save_fmt(fpu_t *f, uint32_t a, int e16)
{
    if (!f->init) cms_x87_reset(f);
    if (e16) store_env16(f, a);
    else store_env(f, a);
    for (unsigned i = 0; i < 8; i++) st80(a + (e16 ? 14 : 28) + 10 * i, st_get(f, i));
    cms_x87_reset(f);
}

static void restore_fmt(fpu_t *f, uint32_t a, int e16)
{
    sf_x80 r[8];
    for (unsigned i = 0; i < 8; i++) r[i] = ld80(a + (e16 ? 14 : 28) + 10 * i);
    if (e16) load_env16(f, a);
    else load_env(f, a);
    for (unsigned i = 0; i < 8; i++) {
        unsigned p = phys(f, i);
        f->mant[p] = r[i].mant;
        f->se[p] = r[i].se;
    }
    f->init = 1;
}

void cms_x87_save(fpu_t *f, uint32_t a) { save_fmt(f, a, 0); }
void cms_x87_restore(fpu_t *f, uint32_t a) { restore_fmt(f, a, 0); }

static _Noreturn void unsupported(uint32_t eip, const struct xl_insn *x)
{
    uint8_t b[XL_MAX_LEN];
    for (unsigned i = 0; i < x->len; i++) b[i] = (uint8_t)cms_gld8(eip + i);
    cms_unsupported(eip, b, x->len);
}

/* ---- control instructions (FNINIT FNCLEX FLDCW FNSTCW FNSTSW FLDENV FNSTENV FRSTOR FNSAVE):
 * they do not update FIP/FDP/FOP. Returns 1 if x was one. ---------------------------------------- */
static int control(struct cms_cpu *cpu, fpu_t *f, const struct xl_insn *x, uint32_t eip,
                   unsigned esc, unsigned modrm, uint32_t a)
{
    unsigned reg = (modrm >> 3) & 7;
    int mem = modrm < 0xc0;
    if (mem && (esc == 1 || esc == 5) && reg >= 4) {
        if (reg == 7) { /* FNSTCW / FNSTSW m16: non-waiting */
            cms_gst16(a, esc == 1 ? f->cw : sw_full(f));
            return 1;
        }
        if (reg == 5 && esc == 5) return 0; /* DD /5: invalid, Zydis rejects it */
        /* the environment: 28 bytes, or 14 in the 16-bit format (operand-size prefix) */
        const int e16 = (x->prefix & XL_PFX_OPSIZE) != 0;
        const uint32_t env = e16 ? 14 : 28;
        if (reg == 4 || reg == 5) { /* FLDENV, FLDCW, FRSTOR: waiting */
            if (f->sw & SF_ES) deliver(f, eip);
            if (esc == 1 && reg == 5) {
                f->cw = (uint16_t)((cms_gld16(a) & CW_WRITABLE) | CW_ONE);
                recompute_es(f);
            } else if (esc == 1) {
                if (e16) load_env16(f, a);
                else load_env(f, a);
            } else {
                restore_fmt(f, a, e16);
            }
            return 1;
        }
        /* FNSTENV (masks everything afterwards) / FNSAVE (then FNINIT); one access each */
        cms_mm_store_check(a, esc == 1 ? env : env + 80);
        if (esc == 1) {
            if (e16) store_env16(f, a);
            else store_env(f, a);
            f->cw |= SF_EXC_ALL;
            recompute_es(f);
        } else {
            save_fmt(f, a, e16);
        }
        return 1;
    }
    if (!mem && esc == 3 && modrm >= 0xe0 && modrm <= 0xe4) {
        if (modrm == 0xe2) f->sw &= (uint16_t)~(SF_EXC_ALL | SW_SF | SF_ES | SF_B); /* FNCLEX */
        else if (modrm == 0xe3) cms_x87_reset(f);                                    /* FNINIT */
        else if (f->sw & SF_ES) deliver(f, eip); /* FENI/FDISI/FSETPM: no-ops that wait */
        return 1;
    }
    if (!mem && esc == 7 && modrm == 0xe0) { /* FNSTSW AX */
        cpu->r[CMS_EAX] = (cpu->r[CMS_EAX] & 0xffff0000u) | sw_full(f);
        return 1;
    }
    return 0;
}

/* ---- memory forms --------------------------------------------------------------------------------- */

static void exec_mem(fpu_t *f, struct sf_env *e, const struct xl_insn *x,
                     uint32_t eip, unsigned esc, unsigned reg, uint32_t a)
{
    switch (esc) {
    case 0: case 2: case 4: case 6: { /* D8 m32fp, DA m32int, DC m64fp, DE m16int */
        sf_x80 b;
        if (esc == 0) b = sf_widen_f32(e, cms_gld32(a));
        else if (esc == 4) b = sf_widen_f64(e, ld64(a));
        else if (esc == 2) b = sf_from_i32((int32_t)cms_gld32(a));
        else b = sf_from_i16((int16_t)cms_gld16(a));
        if (reg == 2 || reg == 3) { /* FCOM(P) / FICOM(P) */
            if (compare(f, e, b, 0, 0, 0) && reg == 3) st_pop(f);
            return;
        }
        if (st_empty(f, 0)) {
            e->mem_de = 0;
            if (stack_fault(f, 0)) st_set(f, 0, indefinite);
            return;
        }
        sf_x80 r = arith(e, reg, st_get(f, 0), b);
        f->sw = e->sw;
        if (!(sf_unmasked(e) & REG_BLOCK)) st_set(f, 0, r);
        return;
    }
    case 1: /* D9: FLD m32, FST(P) m32 (the control forms were handled before) */
    case 5: /* DD: FLD m64, FISTTP m64, FST(P) m64 */
        if (reg == 0) {
            sf_x80 v = esc == 1 ? sf_from_f32(e, cms_gld32(a)) : sf_from_f64(e, ld64(a));
            int ovf = push_check(f);
            if (ovf < 0) return;
            if (ovf) {
                v = indefinite;
            } else {
                f->sw = e->sw;
                /* an unmasked DE still loads (the host x87 does); an unmasked IE does not */
                if (sf_unmasked(e) & SF_IE) return;
            }
            st_push(f, v);
            return;
        }
        if (reg == 2 || reg == 3 || (esc == 5 && reg == 1)) {
            int pop = reg != 2;
            if (st_empty(f, 0)) {
                if (!stack_fault(f, 0)) return;
                if (esc == 1) cms_gst32(a, 0xffc00000u);
                else if (reg == 1) st64(a, 0x8000000000000000ull);
                else st64(a, 0xfff8000000000000ull);
                if (pop) st_pop(f);
                return;
            }
            sf_x80 v = st_get(f, 0);
            if (esc == 1) {
                uint32_t r = sf_to_f32(e, v);
                f->sw = e->sw;
                if (sf_unmasked(e) & MEM_BLOCK) return;
                cms_gst32(a, r);
            } else {
                uint64_t r = reg == 1 ? (uint64_t)sf_to_i64_tr(e, v) : sf_to_f64(e, v);
                f->sw = e->sw;
                if (sf_unmasked(e) & MEM_BLOCK) return;
                st64(a, r);
            }
            if (pop) st_pop(f);
            return;
        }
        break;
    case 3: /* DB: FILD m32, FISTTP m32, FIST(P) m32, FLD m80, FSTP m80 */
    case 7: /* DF: FILD m16, FISTTP m16, FIST(P) m16, FBLD, FILD m64, FBSTP, FISTP m64 */
        if (reg == 0 || (reg == 5) || (esc == 7 && reg == 4)) { /* loads */
            sf_x80 v;
            if (reg == 0 || (esc == 7 && reg == 5)) v = fild(esc, reg, a);
            else if (reg == 5) v = ld80(a); /* FLD m80 */
            else {
                uint8_t bcd[10];
                for (unsigned i = 0; i < 10; i++) bcd[i] = (uint8_t)cms_gld8(a + i);
                v = sf_from_bcd(bcd);
            }
            int ovf = push_check(f);
            if (ovf < 0) return;
            st_push(f, ovf ? indefinite : v);
            return;
        }
        if (esc == 3 && (reg == 4 || reg == 6)) break; /* DB /4 /6: invalid */
        {
            /* stores: reg 1 FISTTP, 2 FIST, 3 FISTP; DB /7 FSTP m80; DF /6 FBSTP, /7 FISTP m64 */
            int pop = reg != 2;
            int kind = esc == 3 ? (reg == 7 ? 80 : 32) : (reg == 6 ? 10 : reg == 7 ? 64 : 16);
            sf_x80 v = st_get(f, 0);
            if (st_empty(f, 0)) {
                if (!stack_fault(f, 0)) return;
                v = indefinite;
                if (kind == 32) cms_gst32(a, 0x80000000u);
                else if (kind == 16) cms_gst16(a, 0x8000u);
                else if (kind == 64) st64(a, 0x8000000000000000ull);
                else if (kind == 80) st80(a, indefinite);
                else {
                    for (unsigned i = 0; i < 7; i++) cms_gst8(a + i, 0);
                    cms_gst8(a + 7, 0xc0);
                    cms_gst8(a + 8, 0xff);
                    cms_gst8(a + 9, 0xff);
                }
                if (pop) st_pop(f);
                return;
            }
            int tr = reg == 1;
            if (kind == 80) {
                st80(a, v);
            } else if (kind == 10) {
                uint8_t bcd[10];
                sf_to_bcd(e, v, bcd);
                f->sw = e->sw;
                if (sf_unmasked(e) & MEM_BLOCK) return;
                for (unsigned i = 0; i < 10; i++) cms_gst8(a + i, bcd[i]);
            } else {
                int64_t r = kind == 64 ? sf_to_i64(e, v)
                          : kind == 32 ? (tr ? sf_to_i32_tr(e, v) : sf_to_i32(e, v))
                                       : (tr ? sf_to_i16_tr(e, v) : sf_to_i16(e, v));
                f->sw = e->sw;
                if (sf_unmasked(e) & MEM_BLOCK) return;
                if (kind == 64) st64(a, (uint64_t)r);
                else if (kind == 32) cms_gst32(a, (uint32_t)r);
                else cms_gst16(a, (uint16_t)r);
            }
            if (pop) st_pop(f);
            return;
        }
    default: break;
    }
    unsupported(eip, x);
}

/* ---- D9 E0-FF: ST(0) operations, constants, transcendentals ------------------------------------ */

/* D9 E8+k: FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ */
static const uint8_t konst[7] = {SF_K_ONE, SF_K_L2T, SF_K_L2E, SF_K_PI, SF_K_LG2, SF_K_LN2, SF_K_ZERO};

static void exec_d9(fpu_t *f, struct sf_env *e, const struct xl_insn *x, uint32_t eip,
                    unsigned modrm)
{
    if (modrm >= 0xe8 && modrm <= 0xee) { /* FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ */
        sf_x80 v = sf_const(e, (enum sf_const)konst[modrm - 0xe8]);
        int ovf = push_check(f);
        if (ovf < 0) return;
        st_push(f, ovf ? indefinite : v);
        return;
    }
    if (modrm == 0xf6 || modrm == 0xf7) { /* FDECSTP / FINCSTP */
        f->top = (uint8_t)((f->top + (modrm == 0xf6 ? 7 : 1)) & 7);
        return;
    }
    /* Operands: ST(0), and ST(1) for the two-operand ones. */
    int two = modrm == 0xf1 || modrm == 0xf3 || modrm == 0xf5 || modrm == 0xf8 ||
              modrm == 0xf9 || modrm == 0xfd;
    if (modrm == 0xe5) { /* FXAM: empty is a result, not a fault */
        if (st_empty(f, 0)) {
            unsigned c1 = (f->se[phys(f, 0)] & 0x8000) ? SF_C1 : 0;
            f->sw = (uint16_t)((f->sw & ~SF_CC_ALL) | SF_C3 | SF_C0 | c1);
        } else {
            (void)sf_xam(e, st_get(f, 0));
            f->sw = e->sw;
        }
        return;
    }
    int pushes = modrm == 0xf2 || modrm == 0xf4 || modrm == 0xfb; /* FPTAN FXTRACT FSINCOS */
    if (st_empty(f, 0) || (two && st_empty(f, 1))) {
        if (!stack_fault(f, 0)) return;
        /* FPREM FPREM1 FSIN FCOS FSINCOS FPTAN: C2 (incomplete / out of range) is cleared
         * (measured; found by tools/fuzz-x86.py) */
        if (modrm == 0xf5 || modrm == 0xf8 || modrm == 0xfe || modrm == 0xff || modrm == 0xfb ||
            modrm == 0xf2)
            f->sw &= (uint16_t)~SF_C2;
        if (modrm == 0xe4) { /* FTST: unordered */
            f->sw |= SF_C0 | SF_C2 | SF_C3;
            return;
        }
        if (modrm == 0xf1 || modrm == 0xf3 || modrm == 0xf9) { /* result in ST(1), pop */
            st_set(f, 1, indefinite);
            st_pop(f);
            return;
        }
        st_set(f, 0, indefinite);
        if (pushes) st_push(f, indefinite); /* an underflow only, even onto a full ST(7) (measured) */
        return;
    }
    sf_x80 a = st_get(f, 0), b = two ? st_get(f, 1) : a, r, extra;
    switch (modrm) {
    case 0xe0: r = sf_chs(a); break;
    case 0xe1: r = sf_abs(a); break;
    case 0xe4: (void)sf_tst(e, a); f->sw = e->sw; return;
    case 0xf0: r = sf_f2xm1(e, a); break;
    case 0xfa: r = sf_sqrt(e, a); break;
    case 0xfc: r = sf_rndint(e, a); break;
    case 0xfe: r = sf_sin(e, a); break;
    case 0xff: r = sf_cos(e, a); break;
    case 0xf5: r = sf_prem1(e, a, b); break;
    case 0xf8: r = sf_prem(e, a, b); break;
    case 0xfd: r = sf_scale(e, a, b); break;
    case 0xf1: case 0xf3: case 0xf9: /* FYL2X FPATAN FYL2XP1: ST(1) := f(ST(1), ST(0)), pop */
        r = modrm == 0xf1 ? sf_yl2x(e, b, a) : modrm == 0xf3 ? sf_atan2(e, b, a)
                                                            : sf_yl2xp1(e, b, a);
        f->sw = e->sw;
        if (sf_unmasked(e) & REG_BLOCK) return;
        st_set(f, 1, r);
        st_pop(f);
        return;
    case 0xf2: case 0xf4: case 0xfb: { /* FPTAN FXTRACT FSINCOS: ST(0) := r, push extra */
        int ovf = push_check(f);
        if (ovf) {
            if (ovf < 0) return;
            st_set(f, 0, indefinite);
            st_push(f, indefinite);
            return;
        }
        if (modrm == 0xf2) r = sf_ptan(e, a, &extra);
        else if (modrm == 0xfb) r = sf_sincos(e, a, &extra);
        else r = sf_xtract(e, a, &extra); /* returns the significand: the pushed value */
        f->sw = e->sw;
        if (sf_unmasked(e) & REG_BLOCK) return;
        if (modrm != 0xf4 && (f->sw & SF_C2)) return; /* out of range: nothing changes */
        if (modrm == 0xf4) {
            st_set(f, 0, extra); /* exponent */
            st_push(f, r);
        } else {
            st_set(f, 0, r);
            st_push(f, extra);
        }
        return;
    }
    default: unsupported(eip, x);
    }
    f->sw = e->sw;
    if (sf_unmasked(e) & REG_BLOCK) return;
    st_set(f, 0, r);
}

/* ---- register forms --------------------------------------------------------------------------------- */

static void exec_reg(struct cms_cpu *cpu, fpu_t *f, struct sf_env *e, const struct xl_insn *x,
                     uint32_t eip, unsigned esc, unsigned modrm)
{
    unsigned reg = (modrm >> 3) & 7, i = modrm & 7;
    (void)cpu;
    switch (esc) {
    case 0: case 4: case 6: /* D8: ST(0) op= ST(i); DC: ST(i) op= ST(0); DE: DC and pop */
        if (reg == 2 || reg == 3) { /* FCOM, FCOMP; DC: aliases; DE D0+i FCOMP, DE D9 FCOMPP */
            unsigned pops = reg == 3;
            if (esc == 6) {
                if (reg == 3 && modrm != 0xd9) break;
                pops = reg == 3 ? 2 : 1;
            }
            if (compare(f, e, st_get(f, i), st_empty(f, i), 0, 0))
                while (pops--) st_pop(f);
            return;
        }
        {
            unsigned d, s;
            const unsigned k = arith_reg_op(esc, reg, i, &d, &s);
            if (st_empty(f, 0) || st_empty(f, i)) {
                if (!stack_fault(f, 0)) return;
                st_set(f, d, indefinite);
                if (esc == 6) st_pop(f);
                return;
            }
            sf_x80 r = arith(e, k, st_get(f, d), st_get(f, s));
            f->sw = e->sw;
            if (sf_unmasked(e) & REG_BLOCK) return;
            st_set(f, d, r);
            if (esc == 6) st_pop(f);
            return;
        }
    case 1: /* D9 */
        if (reg == 0) { /* FLD ST(i) */
            int empty = st_empty(f, i);
            sf_x80 v = st_get(f, i);
            if (empty) { /* underflow: no overflow check on top of it (C1 = 0; measured) */
                if (stack_fault(f, 0)) st_push(f, indefinite);
                return;
            }
            int ovf = push_check(f);
            if (ovf < 0) return;
            st_push(f, ovf ? indefinite : v);
            return;
        }
        if (reg == 1) goto fxch;
        if (modrm == 0xd0) return; /* FNOP */
        if (reg == 3) goto fstp;   /* D9 D8+i: FSTP alias */
        if (modrm >= 0xe0) {
            exec_d9(f, e, x, eip, modrm);
            return;
        }
        break;
    case 2: case 3: /* DA: FCMOVB/E/BE/U, FUCOMPP; DB: FCMOVNB/NE/NBE/NU, FUCOMI, FCOMI */
        if (reg < 4) {
            if (st_empty(f, 0) || st_empty(f, i)) {
                if (stack_fault(f, 0)) st_set(f, 0, indefinite);
                return;
            }
            if (cond_fcmov(esc, reg)) st_set(f, 0, st_get(f, i));
            return;
        }
        if (esc == 2 && modrm == 0xe9) { /* FUCOMPP */
            if (compare(f, e, st_get(f, 1), st_empty(f, 1), 1, 0)) {
                st_pop(f);
                st_pop(f);
            }
            return;
        }
        if (esc == 3 && (reg == 5 || reg == 6)) { /* FUCOMI / FCOMI */
            compare(f, e, st_get(f, i), st_empty(f, i), reg == 5, 1);
            return;
        }
        break;
    case 5: /* DD: FFREE, FXCH4, FST, FSTP, FUCOM, FUCOMP */
        switch (reg) {
        case 0: f->full &= (uint8_t)~(1u << phys(f, i)); return;
        case 1: goto fxch;
        case 2: case 3: goto fstp;
        case 4: case 5:
            if (compare(f, e, st_get(f, i), st_empty(f, i), 1, 0) && reg == 5) st_pop(f);
            return;
        default: break;
        }
        break;
    case 7: /* DF: FFREEP, FXCH7, FSTP8/9, FUCOMIP, FCOMIP (FNSTSW AX was a control op) */
        if (reg == 0) {
            f->full &= (uint8_t)~(1u << phys(f, i));
            st_pop(f);
            return;
        }
        if (reg == 1) goto fxch;
        if (reg == 2 || reg == 3) goto fstp;
        if (reg == 5 || reg == 6) {
            if (compare(f, e, st_get(f, i), st_empty(f, i), reg == 5, 1)) st_pop(f);
            return;
        }
        break;
    default: break;
    }
    unsupported(eip, x);

fxch: {
        int e0 = st_empty(f, 0), ei = st_empty(f, i);
        if (e0 || ei) {
            if (!stack_fault(f, 0)) return;
            if (e0) st_set(f, 0, indefinite);
            if (ei) st_set(f, i, indefinite);
        }
        sf_x80 t = st_get(f, 0);
        st_set(f, 0, st_get(f, i));
        st_set(f, i, t);
        return;
    }
fstp: { /* FST / FSTP ST(i) (and the aliases): reg 2 = FST, otherwise pop */
        int pop = !(reg == 2 && esc == 5);
        if (st_empty(f, 0) && esc == 1 && e->vendor == SF_VENDOR_AMD) {
            st_pop(f); /* FSTP1 (D9 D8+i) on AMD: an empty ST(0) is popped, no stack fault, ST(i) kept */
            return;
        }
        if (st_empty(f, 0)) {
            if (!stack_fault(f, 0)) return;
            st_set(f, i, indefinite);
        } else {
            st_set(f, i, st_get(f, 0));
        }
        if (pop) st_pop(f);
        return;
    }
}

/* ---- entry ---------------------------------------------------------------------------------------------- */

/* One instruction; for a memory form, off is its offset and a its linear address; checked: the
 * caller has made sure that the access cannot fault (cms_x87_exec_if_safe). */
static void exec_at(struct cms_cpu *cpu, const struct xl_insn *x, uint32_t eip, uint32_t off, uint32_t a,
                    int checked)
{
    fpu_t *f = &cpu->fpu;
    if (!f->init) cms_x87_reset(f);
    unsigned fop = x->target;
    if (fop == XL_X87_FWAIT) {
        if (f->sw & SF_ES) deliver(f, eip);
        return;
    }
    unsigned esc = (fop >> 8) & 7, modrm = fop & 0xff;
    if (control(cpu, f, x, eip, esc, modrm, a)) return;
    if (f->sw & SF_ES) deliver(f, eip); /* pending unmasked exception: #MF -> SIGFPE */
    unsigned acc = checked ? 0 : cms_x87_mem_access(fop);
    if (acc) /* a page fault leaves the FPU as it was: it comes before FIP, FOP and C1 change */
        cms_mm_access_check(a, acc & CMS_X87_ACC_BYTES, (acc & CMS_X87_ACC_STORE) != 0);

    /* Non-control instruction: FIP/FOP, and FDP for a memory operand. With --x87=intel, FOP and
     * FDP/FDS keep the values of the last instruction that raised an unmasked exception (FOP
     * compatibility mode off, FDP_EXCPTN_ONLY), and FCS/FDS read 0 (deprecated): docs/x87.md. */
    int intel = cms_config.x87_mode == MORPH_X87_INTEL;
    uint16_t old_fop = f->fop, old_fds = f->fds;
    uint32_t old_fdp = f->fdp;
    f->fip = eip;
    f->fcs = intel ? 0 : cpu->seg[CMS_CS];
    f->fop = (uint16_t)fop;
    /* C1 is 0 unless the operation or a stack fault sets it; FNOP, FCMOVcc and FCOMI/FUCOMI(P)
     * leave it (measured on the host CPU; found by tools/fuzz-x86.py) */
    int keeps_c1 = modrm >= 0xc0 &&
                   ((esc == 1 && modrm == 0xd0) || ((esc == 2 || esc == 3) && modrm < 0xe0) ||
                    ((esc == 3 || esc == 7) && modrm >= 0xe8 && modrm < 0xf8));
    if (!keeps_c1) f->sw &= (uint16_t)~SF_C1;
    struct sf_env e = {f->cw, f->sw, 0, 0, intel ? SF_VENDOR_INTEL : SF_VENDOR_AMD};
    if (modrm < 0xc0) {
        f->fdp = off;
        f->fds = intel ? 0 : cpu->seg[x->ops[0].seg];
        exec_mem(f, &e, x, eip, esc, (modrm >> 3) & 7, a);
    } else {
        exec_reg(cpu, f, &e, x, eip, esc, modrm);
    }
    if (intel && !(f->sw & SF_ES)) {
        f->fop = old_fop;
        f->fdp = old_fdp;
        f->fds = old_fds;
    }
}

void cms_x87_exec(struct cms_cpu *cpu, const struct xl_insn *x, uint32_t eip)
{
    uint32_t off = 0, a = 0;
    if ((x->target & 0xff) < 0xc0 && x->target != XL_X87_FWAIT) {
        const unsigned s = x->ops[0].seg;
        off = ea_off(cpu, &x->ops[0]);
        a = off + cpu->seg_base[s];
        if (cpu->seg_chk[s]) { /* segmented mode: the operand's bytes against the segment */
            const unsigned esc = (x->target >> 8) & 7, reg = (x->target >> 3) & 7;
            unsigned acc = cms_x87_mem_access(x->target);
            if ((esc == 1 || esc == 5) && (reg == 4 || reg == 6)) /* FLDENV FNSTENV (14, 28 bytes), FRSTOR FNSAVE (94, 108) */
                acc = (esc == 1 ? 28 : 108) - (x->osize == 2 ? 14 : 0) + (reg == 6 ? CMS_X87_ACC_STORE : 0);
            cms_seg_check(cpu, s, off, acc & CMS_X87_ACC_BYTES, (acc & CMS_X87_ACC_STORE) != 0);
        }
    }
    exec_at(cpu, x, eip, off, a, 0);
}

#ifndef CMS_HOST /* the translator's x87 helper (firmware only; host unit tests have no page map) */
/* The page map allows the access (cms_mm_range_ok's rule, for one page). */
static inline int page_ok(uint32_t va, int store)
{
    const uint32_t *t = cms_pt_dir[va >> CMS_PT_DIR_SHIFT];
    uint32_t pte = t ? t[(va >> MM_PAGE_SHIFT) & CMS_PT_INDEX_MASK] : 0;
    return (pte & CMS_PTE_MAPPED) && (pte & (store ? CMS_PTE_W : CMS_PTE_PROT));
}

/* A fast form that completed: FIP, FCS and FOP as exec_at leaves them when no exception is
 * pending (--x87=intel keeps FOP then, and FCS reads 0). */
static inline void fast_note(const struct cms_cpu *cpu, fpu_t *f, unsigned fop, uint32_t eip, int intel)
{
    f->fip = eip;
    f->fcs = intel ? 0 : cpu->seg[CMS_CS];
    if (!intel) f->fop = (uint16_t)fop;
}

/* The common forms, for the translator's helper (docs/x87.md "The helper's fast path"): each
 * computes into a local environment and changes the FPU only when it completes without a stack
 * fault or an unmasked exception; then the state is what exec_at leaves (FIP/FCS/FOP, FDP/FDS for
 * a memory form, C1 cleared unless the operation sets it, no ES, so --x87=intel keeps FOP and
 * FDP/FDS). Otherwise it returns 0 having changed nothing, and exec_at runs the instruction.
 * The access (acc) has been checked. */
static int exec_fast(struct cms_cpu *cpu, fpu_t *f, const struct xl_insn *x, uint32_t eip, uint32_t off,
                     uint32_t a)
{
    const unsigned fop = x->target, esc = (fop >> 8) & 7, modrm = fop & 0xff, reg = (modrm >> 3) & 7;
    const unsigned i = modrm & 7;
    const int intel = cms_config.x87_mode == MORPH_X87_INTEL;
    struct sf_env e = {f->cw, (uint16_t)(f->sw & ~SF_C1), 0, 0, intel ? SF_VENDOR_INTEL : SF_VENDOR_AMD};
    sf_x80 r;
    int pop = 0;
    if (modrm >= 0xc0) { /* (the arithmetic on registers: fast_arith_reg) */
        if (esc == 1 && modrm >= 0xe8 && modrm <= 0xee) { /* the constants */
            if (st7_full(f)) return 0;
            st_push(f, sf_const(&e, (enum sf_const)konst[modrm - 0xe8]));
            e.sw = (uint16_t)(f->sw & ~SF_C1); /* SW keeps what it had but C1 (exec_d9) */
        } else if ((esc == 3 || esc == 7) && (reg == 5 || reg == 6)) { /* F(U)COMI, F(U)COMIP */
            if (st_empty(f, 0) || st_empty(f, i)) return 0;
            /* compare() writes SW and EFLAGS itself; they are put back if it must not complete */
            const uint16_t sw0 = f->sw;
            const uint32_t fl0 = cms_xflags_read();
            e.sw = f->sw; /* they keep C1 */
            if (!compare(f, &e, st_get(f, i), 0, reg == 5, 1) || sf_unmasked(&e)) {
                f->sw = sw0;
                cms_xflags_write(fl0);
                return 0;
            }
            if (esc == 7) st_pop(f);
        } else {
            return 0;
        }
        f->sw = e.sw;
    } else {
        if ((esc == 0 || esc == 4) && reg != 2 && reg != 3) { /* arithmetic with m32fp / m64fp */
            if (st_empty(f, 0)) return 0;
            sf_x80 b = esc == 0 ? sf_widen_f32(&e, cms_gld32(a)) : sf_widen_f64(&e, ld64(a));
            r = arith(&e, reg, st_get(f, 0), b);
            if (sf_unmasked(&e)) return 0;
            st_set(f, 0, r);
        } else if ((esc == 1 || esc == 5) && reg == 0) { /* FLD m32fp / m64fp */
            if (st7_full(f)) return 0;
            r = esc == 1 ? sf_from_f32(&e, cms_gld32(a)) : sf_from_f64(&e, ld64(a));
            if (sf_unmasked(&e)) return 0;
            st_push(f, r);
        } else if ((esc == 1 || esc == 5) && (reg == 2 || reg == 3)) { /* FST(P) m32fp / m64fp */
            if (st_empty(f, 0)) return 0;
            if (esc == 1) {
                uint32_t v = sf_to_f32(&e, st_get(f, 0));
                if (sf_unmasked(&e)) return 0;
                cms_gst32(a, v);
            } else {
                uint64_t v = sf_to_f64(&e, st_get(f, 0));
                if (sf_unmasked(&e)) return 0;
                st64(a, v);
            }
            pop = reg == 3;
        } else if ((esc == 3 && reg == 0) || (esc == 7 && (reg == 0 || reg == 5))) { /* FILD: exact */
            if (st7_full(f)) return 0;
            st_push(f, fild(esc, reg, a));
        } else {
            return 0;
        }
        f->sw = e.sw;
        if (pop) st_pop(f);
        if (!intel) {
            f->fdp = off;
            f->fds = cpu->seg[x->ops[0].seg];
        }
    }
    fast_note(cpu, f, fop, eip, intel);
    return 1;
}

/* The register moves (FXCH, FLD ST(i), FST(P) ST(i), FCMOVcc) and the sign operations (FCHS,
 * FABS): no rounding (kept out of exec_fast, whose soft-float calls make it save more registers
 * than these need). The same contract as exec_fast. */
static inline int exec_fast_move(const struct cms_cpu *cpu, fpu_t *f, unsigned fop, uint32_t eip)
{
    const unsigned esc = (fop >> 8) & 7, modrm = fop & 0xff, reg = (modrm >> 3) & 7, i = modrm & 7;
    int keep_c1 = 0;
    if (modrm < 0xc0) return 0;
    if (esc == 1 && reg == 1) { /* FXCH ST(i) */
        if (st_empty(f, 0) || st_empty(f, i)) return 0;
        sf_x80 t = st_get(f, 0);
        st_set(f, 0, st_get(f, i));
        st_set(f, i, t);
    } else if (esc == 1 && reg == 0) { /* FLD ST(i) */
        if (st_empty(f, i) || st7_full(f)) return 0;
        st_push(f, st_get(f, i));
    } else if (esc == 5 && (reg == 2 || reg == 3)) { /* FST / FSTP ST(i) */
        if (st_empty(f, 0)) return 0;
        st_set(f, i, st_get(f, 0));
        if (reg == 3) st_pop(f);
    } else if (esc == 1 && (modrm == 0xe0 || modrm == 0xe1)) { /* FCHS, FABS: the sign only */
        if (st_empty(f, 0)) return 0;
        st_set(f, 0, modrm == 0xe0 ? sf_chs(st_get(f, 0)) : sf_abs(st_get(f, 0)));
    } else if ((esc == 2 || esc == 3) && reg < 4) { /* FCMOVcc: C1 kept */
        if (st_empty(f, 0) || st_empty(f, i)) return 0;
        if (cond_fcmov(esc, reg)) st_set(f, 0, st_get(f, i));
        keep_c1 = 1;
    } else {
        return 0;
    }
    if (!keep_c1) f->sw &= (uint16_t)~SF_C1;
    fast_note(cpu, f, fop, eip, cms_config.x87_mode == MORPH_X87_INTEL);
    return 1;
}

/* The control instructions (FNSTCW, FNSTSW AX, ...: no FIP/FOP update), which no fast form is;
 * out of line, so that the fast forms do not pay for it. */
static __attribute__((noinline)) int control_call(struct cms_cpu *cpu, const struct xl_insn *x, uint32_t eip,
                                                  uint32_t a)
{
    return control(cpu, &cpu->fpu, x, eip, (x->target >> 8) & 7, x->target & 0xff, a);
}

/* FLD m64 and FST(P) m64 of normal numbers, two thirds of lua's x87 instructions (bench/suite):
 * the conversions inline (sf_x80.h), no call, so that cms_x87_exec_if_safe saves no register
 * for them. The same contract and the same result as exec_fast, which takes every other case. */
static inline __attribute__((always_inline)) int fast_m64(struct cms_cpu *cpu, fpu_t *f, const struct xl_insn *x,
                                                          uint32_t eip, uint32_t off, uint32_t a)
{
    const unsigned fop = x->target, reg = (fop >> 3) & 7;
    if (reg == 0) { /* FLD m64 */
        sf_x80 r;
        if (st7_full(f) || !sf_from_f64_normal(ld64(a), &r)) return 0;
        st_push(f, r);
        f->sw &= (uint16_t)~SF_C1;
    } else { /* FST, FSTP m64 */
        uint64_t v;
        if (st_empty(f, 0)) return 0;
        const unsigned k = sf_to_f64_nearest(f->cw, st_get(f, 0), &v);
        if (!k || (k & ~f->cw & SF_PE)) return 0; /* an unmasked PE: exec_at delivers it */
        st64(a, v);
        f->sw = (uint16_t)((f->sw & ~SF_C1) | (k & (SF_PE | SF_C1)));
        if (reg == 3) st_pop(f);
    }
    const int intel = cms_config.x87_mode == MORPH_X87_INTEL;
    if (!intel) {
        f->fdp = off;
        f->fds = cpu->seg[x->ops[0].seg];
    }
    fast_note(cpu, f, fop, eip, intel);
    return 1;
}

/* The rest of cms_x87_exec_if_safe, after the access check and its lanes (fast_m64,
 * fast_arith_reg, exec_fast_move): the other fast forms, then the general path. */
static __attribute__((noinline)) int exec_checked(struct cms_cpu *cpu, const struct xl_insn *x, uint32_t eip,
                                                  uint32_t off, uint32_t a)
{
    if (cpu->fpu.init && x->target != XL_X87_FWAIT &&
        (exec_fast(cpu, &cpu->fpu, x, eip, off, a) || control_call(cpu, x, eip, a)))
        return 1;
    exec_at(cpu, x, eip, off, a, 1); /* the access was checked */
    return 1;
}

/* The arithmetic on registers (FADD, FMUL, FSUB(R), FDIV(R) ST(0),ST(i) / ST(i),ST(0) and the P
 * forms, a fifth of lua's x87 instructions): exec_fast's contract, in a function of its own whose
 * few live values save few registers around the soft-float call; what it refuses goes to
 * exec_checked. */
static __attribute__((noinline)) int fast_arith_reg(struct cms_cpu *cpu, const struct xl_insn *x, uint32_t eip)
{
    fpu_t *f = &cpu->fpu;
    const unsigned fop = x->target, esc = (fop >> 8) & 7, i = fop & 7;
    unsigned d, s2;
    const unsigned k = arith_reg_op(esc, (fop >> 3) & 7, i, &d, &s2);
    if (st_empty(f, 0) || st_empty(f, i)) return exec_checked(cpu, x, eip, 0, 0);
    const int intel = cms_config.x87_mode == MORPH_X87_INTEL;
    struct sf_env e = {f->cw, (uint16_t)(f->sw & ~SF_C1), 0, 0, intel ? SF_VENDOR_INTEL : SF_VENDOR_AMD};
    const sf_x80 r = arith(&e, k, st_get(f, d), st_get(f, s2));
    if (sf_unmasked(&e)) return exec_checked(cpu, x, eip, 0, 0);
    st_set(f, d, r);
    if (esc == 6) st_pop(f);
    f->sw = e.sw;
    fast_note(cpu, f, fop, eip, cms_config.x87_mode == MORPH_X87_INTEL); /* read again: one value
                                                                          * fewer across the call */
    return 1;
}

/* The register moves and sign operations (a lane of their own: inline, their two 80-bit values
 * cost cms_x87_exec_if_safe six saved registers); what they refuse goes to exec_checked. */
static __attribute__((noinline)) int fast_move(struct cms_cpu *cpu, const struct xl_insn *x, uint32_t eip)
{
    if (exec_fast_move(cpu, &cpu->fpu, x->target, eip)) return 1;
    return exec_checked(cpu, x, eip, 0, 0);
}

/* The memory forms, at linear address a (offset off in its segment); probed: translated code
 * has accessed the operand's first and last bytes, so its pages are known to allow the access.
 * Out of line (both entries tail-call it), so that fast_m64 is inlined once, here. */
static __attribute__((noinline)) int exec_mem_if_safe(struct cms_cpu *cpu, const struct xl_insn *x, unsigned acc,
                                                      uint32_t eip, uint32_t off, uint32_t a, int probed)
{
    fpu_t *f = &cpu->fpu;
    int store = (acc & CMS_X87_ACC_STORE) != 0;
    uint32_t last = a + (acc & CMS_X87_ACC_BYTES) - 1;
    if (last < a) return 0; /* wraps around 4 GiB */
    if (!probed && (!page_ok(a, store) || ((last ^ a) >> MM_PAGE_SHIFT && !page_ok(last, store)))) return 0;
    /* DD /0, /2, /3 with a memory operand: FLD, FST, FSTP m64 */
    const unsigned fop = x->target;
    if (fop >> 8 == 5 && (0x0du >> ((fop >> 3) & 7) & 1) && f->init && fast_m64(cpu, f, x, eip, off, a))
        return 1;
    return exec_checked(cpu, x, eip, off, a); /* a tail call: the forms above save no register */
}

int cms_x87_exec_if_safe(struct cms_cpu *cpu, const struct xl_insn *x, unsigned acc, uint32_t eip)
{
    fpu_t *f = &cpu->fpu;
    if (f->init && (f->sw & SF_ES)) return 0; /* a waiting instruction delivers SIGFPE */
    if (acc) {
        const struct xl_operand *o = &x->ops[0];
        const uint32_t off = ea_off(cpu, o);
        return exec_mem_if_safe(cpu, x, acc, eip, off, off + cpu->seg_base[o->seg], 0);
    }
    if (f->init && (x->target & 0xc0) == 0xc0) { /* register forms (not FWAIT) */
        if ((0x51u >> ((x->target >> 8) & 7) & 1) && (0xf3u >> ((x->target >> 3) & 7) & 1))
            return fast_arith_reg(cpu, x, eip); /* escape D8, DC or DE, ModRM reg not 2 or 3 */
        return fast_move(cpu, x, eip);
    }
    return exec_checked(cpu, x, eip, 0, 0); /* a tail call: the forms above save no register */
}

int cms_x87_exec_if_safe_at(struct cms_cpu *cpu, const struct xl_insn *x, unsigned acc, uint32_t eip, uint32_t a,
                            int probed)
{
    if (cpu->fpu.init && (cpu->fpu.sw & SF_ES)) return 0; /* a waiting instruction delivers SIGFPE */
    return exec_mem_if_safe(cpu, x, acc, eip, a - cpu->seg_base[x->ops[0].seg], a, probed);
}
#endif
