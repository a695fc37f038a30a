/* Guest x86 (IA-32) architectural state as the firmware keeps it in concealed memory while the
 * interpreter runs. The arithmetic flags (CF PF AF ZF SF OF) live in the core's xflags CSR while
 * the interpreter runs; `eflags` holds every other EFLAGS bit (DF, IF, ID, bit 1 ...). */
#ifndef CMS_CPU_H
#define CMS_CPU_H
#include <stdint.h>

enum cms_reg { CMS_EAX, CMS_ECX, CMS_EDX, CMS_EBX, CMS_ESP, CMS_EBP, CMS_ESI, CMS_EDI };
enum cms_seg { CMS_ES, CMS_CS, CMS_SS, CMS_DS, CMS_FS, CMS_GS, CMS_SEG_COUNT };

#define CMS_EFLAGS_FIXED 0x202u /* bit 1 and IF read as 1 in user mode */
#define CMS_EFLAGS_DF (1u << 10)
#define CMS_EFLAGS_ID (1u << 21)
#define CMS_EFLAGS_AC (1u << 18)
#define CMS_EFLAGS_NT (1u << 14)
#define CMS_EFLAGS_TF (1u << 8) /* single-step: the dispatcher interprets one instruction, then SIGTRAP */
/* the non-arithmetic bits a debugger may change (cms_gdb.c; Linux's ptrace FLAG_MASK) */
#define CMS_EFLAGS_USER_W (CMS_EFLAGS_DF | CMS_EFLAGS_AC | CMS_EFLAGS_ID)
/* those a user-mode POPF changes: NT too (SDM POPF; only IRET acts on it), which neither
 * ptrace nor sigreturn (cms_signal.c EFLAGS_FIX, Linux's FIX_EFLAGS) lets through, and TF, which
 * sigreturn restores too (the debugger steps by itself: cms_gdb.c leaves TF alone) */
#define CMS_EFLAGS_POPF_W (CMS_EFLAGS_USER_W | CMS_EFLAGS_NT | CMS_EFLAGS_TF)
/* Values an x86-64 Linux kernel gives i386 processes (the native oracle): TLS entries 12..14. */
#define CMS_GDT_TLS_FIRST 12
#define CMS_SEL_USER_CS 0x23
#define CMS_SEL_USER_DS 0x2b
#define CMS_GDT_TLS_COUNT 3

struct cms_tls_desc {
    uint32_t base, limit;
    uint32_t flags; /* user_desc flags word as Linux reads it (seg_32bit, ..., useable) */
    uint32_t present;
};

/* x87 FPU state (cms/interp/x87.c, docs/x87.md). Registers are kept by physical number
 * (ST(i) = phys[(top + i) & 7]); only empty / non-empty is kept per register, the full tag word
 * is computed by FNSTENV/FNSAVE. sw holds everything but TOP (bits 11-13 stay 0). */
struct cms_fpu {
    uint64_t mant[8];
    uint16_t se[8];
    uint16_t cw, sw;
    uint8_t top;
    uint8_t full;   /* bit i: physical register i is not empty */
    uint16_t fop;   /* last non-control instruction: 11-bit opcode */
    uint32_t fip;   /*   and its EIP */
    uint32_t fdp;   /* last non-control instruction with a memory operand: offset */
    uint16_t fcs, fds; /* selectors stored with FIP and FDP */
    uint32_t init;  /* nonzero once the FPU state was set up (FNINIT state at first use) */
};

struct cms_cpu {
    uint32_t r[8];      /* EAX ECX EDX EBX ESP EBP ESI EDI */
    uint32_t eip;
    uint32_t eflags;    /* non-arithmetic bits; arithmetic ones are in CSR xflags */
    uint16_t seg[CMS_SEG_COUNT];
    uint32_t seg_base[CMS_SEG_COUNT]; /* 0 except FS/GS when they select a TLS descriptor */
    struct cms_tls_desc tls[CMS_GDT_TLS_COUNT];
    struct cms_fpu fpu; /* appended: nothing above moves */
    /* DS, ES or SS has a nonzero base (an LDT data segment; cms_desc.c), or CS is a based or
     * 16-bit code segment: only the interpreter's generic paths run, which add the bases
     * (translated code and the fast paths do not) */
    uint32_t segmented;
    uint32_t cs_base; /* CS's base (seg_base[CMS_CS] stays 0: the interpreter's zero slot) */
    uint32_t cs16;    /* CS is a 16-bit code segment (default operand and address size 16) */
    /* What an access through each segment register is checked for (cms_desc.c cms_seg_check;
     * CMS_SEGCHK_*): 0 for a flat one (base 0, 4 GiB, writable data; the user code segment; a
     * null FS or GS, which morph does not check), so that nonzero implies segmented. */
    uint8_t seg_chk[CMS_SEG_COUNT];
    uint32_t seg_limit[CMS_SEG_COUNT]; /* the byte limit, where seg_chk is nonzero */
};
#define CMS_SEGCHK_ON 1u      /* checked: offset and size against seg_limit */
#define CMS_SEGCHK_NULL 2u    /* the null selector (DS, ES): every access is #GP(0) */
#define CMS_SEGCHK_RDONLY 4u  /* no writes: read-only data, or code */
#define CMS_SEGCHK_XONLY 8u   /* no reads either: execute-only code (CS only) */
#define CMS_SEGCHK_DOWN 16u   /* expand-down: offsets above the limit are valid */
#define CMS_SEGCHK_BIG 32u    /* expand-down's upper bound is 4 GiB - 1 (B set), else 64 KiB - 1 */
#define CMS_SEGCHK_SP16 64u   /* SS only: B clear, a 16-bit stack: SP, not ESP */

#endif
