/* Segment descriptors as an x86-64 Linux kernel shows them to an i386 process (issue 18;
 * docs/firmware.md "Segments"): the GDT (16 entries: the kernel's, flat user code and data
 * 0x23/0x2b, the 64-bit user code segment 0x33, the TSS and LDT system entries, the three TLS
 * entries of set_thread_area, the CPU-number segment 0x7b), the process's LDT (modify_ldt), the
 * checks of a segment register load, LAR/LSL/VERR/VERW and far-transfer targets. */
#ifndef CMS_DESC_H
#define CMS_DESC_H
#include <stdint.h>
#include "cms_cpu.h"

#define CMS_GDT_ENTRIES 16
#define CMS_LDT_ENTRIES 8192
#define CMS_SEL_USER_CS64 0x33

/* Descriptor fields (the high word of the 8 bytes). */
#define CMS_DESC_TYPE(hi) (((hi) >> 8) & 15u)
#define CMS_DESC_S(hi) (((hi) >> 12) & 1u)   /* 1: code or data */
#define CMS_DESC_DPL(hi) (((hi) >> 13) & 3u)
#define CMS_DESC_P(hi) (((hi) >> 15) & 1u)
#define CMS_DESC_L(hi) (((hi) >> 21) & 1u)
#define CMS_DESC_DB(hi) (((hi) >> 22) & 1u)
static inline uint32_t cms_desc_base(const uint32_t d[2])
{
    return d[0] >> 16 | (d[1] & 0xffu) << 16 | (d[1] & 0xff000000u);
}
/* The limit in bytes (granularity applied). */
static inline uint32_t cms_desc_limit(const uint32_t d[2])
{
    uint32_t l = (d[0] & 0xffffu) | (d[1] & 0xf0000u);
    return (d[1] & (1u << 23)) ? l << 12 | 0xfffu : l;
}

/* The 8 bytes of the descriptor a selector names, into d; 0, or -1 for a null selector or one
 * beyond the table's limit (no LDT: an LDT of no entries). */
int cms_desc_read(const struct cms_cpu *cpu, uint16_t sel, uint32_t d[2]);

/* A descriptor built from a struct user_desc's base, limit and flags word (Linux fill_ldt; the
 * accessed bit set); flags bit 5 (seg_not_present) gives P = 0. */
void cms_desc_from_user(uint32_t base, uint32_t limit, uint32_t flags, uint32_t d[2]);

/* Loads selector sel into segment register s (CMS_ES .. CMS_GS, not CS) with the checks of MOV
 * or POP to a segment register at CPL 3: a fault is the guest's signal (#GP: SIGSEGV, #NP and
 * #SS: SIGBUS, the error code the selector); does not return then. Sets seg[s], seg_base[s],
 * seg_chk[s], seg_limit[s] and cpu->segmented (a based DS, ES or SS, or any segment whose
 * accesses need checks: the interpreter's generic paths only). */
void cms_seg_load(struct cms_cpu *cpu, unsigned s, uint16_t sel);
/* The flat user segments in CS, DS, ES and SS (signal delivery; FS and GS stay). */
void cms_seg_flat(struct cms_cpu *cpu);
/* An access of size bytes at offset off through segment register s, checked as the CPU checks
 * it against the segment's type and limit (a null selector, a write to read-only data or code,
 * outside the limit: #GP(0), SIGSEGV; through SS: #SS(0), SIGBUS); returns if allowed. Called
 * only where cpu->seg_chk[s] is nonzero. */
void cms_seg_check(const struct cms_cpu *cpu, unsigned s, uint32_t off, uint32_t size, int write);
/* 1 if that access would not fault. */
int cms_seg_ok(const struct cms_cpu *cpu, unsigned s, uint32_t off, uint32_t size, int write);
/* The linear address of that access (the segment's base added). */
static inline uint32_t cms_seg_addr(const struct cms_cpu *cpu, unsigned s, uint32_t off, uint32_t size, int write)
{
    if (__builtin_expect(cpu->seg_chk[s] != 0, 0)) cms_seg_check(cpu, s, off, size, write);
    return off + cpu->seg_base[s];
}

/* LAR, LSL, VERR, VERW at CPL 3: 1 (ZF set) and *out (access rights masked as LAR's 32-bit form
 * gives them, or the byte limit) when the selector passes the instruction's checks, else 0. */
int cms_desc_lar(const struct cms_cpu *cpu, uint16_t sel, uint32_t *out);
int cms_desc_lsl(const struct cms_cpu *cpu, uint16_t sel, uint32_t *out);
int cms_desc_verr(const struct cms_cpu *cpu, uint16_t sel, int write);

/* A far JMP/CALL/RET/IRET (or sigreturn) to sel:eip at CPL 3: checks the code segment as the
 * CPU does (#GP, #NP as signals; does not return then), then loads CS: seg[CMS_CS], cs_base,
 * cs16 and segmented. A 64-bit code segment stops the run as unsupported. */
void cms_far_target(struct cms_cpu *cpu, uint16_t sel, uint32_t eip, int ret);
/* cpu->segmented from the segment state (DS ES SS bases, CS's base and size, seg_chk). */
void cms_seg_update(struct cms_cpu *cpu);

/* SGDT, SIDT, SLDT, STR and SMSW at CPL 3 give what an x86-64 Linux kernel's UMIP emulation
 * gives (arch/x86/kernel/umip.c): dummy table bases with limit 0, the LDT and TSS selectors of
 * its GDT (SLDT 0 while the process has no LDT), and a fixed CR0 (PE MP ET NE WP AM PG). */
#define CMS_UMIP_GDT_BASE 0xfffe0000u
#define CMS_UMIP_IDT_BASE 0xffff0000u
#define CMS_UMIP_CR0 0x80050033u
#define CMS_SEL_TSS 0x40
uint16_t cms_desc_ldtr(void);

/* modify_ldt(func, ptr, bytecount): 0 reads the LDT, 2 the (empty) default LDT, 1 and 0x11
 * write one entry (old and new modes). Returns the result or -errno. */
int32_t cms_modify_ldt(struct cms_cpu *cpu, uint32_t func, uint32_t ptr, uint32_t count);

#endif
