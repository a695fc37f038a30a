/* Segment descriptors, segment register loads, LAR/LSL/VERR/VERW, far-transfer targets and
 * modify_ldt (cms_desc.h; docs/firmware.md "Segments"). The GDT is built on demand from what an
 * x86-64 Linux kernel puts there (arch/x86/include/asm/segment.h); only the TLS entries change. */
#include "cms_desc.h"
#include "cms.h"
#include "cms_errno.h"
#include "cms_mm.h"
#include "cms_signal.h"
#include "cms_uaccess.h"

/* The LDT of the process (threads share it): entries as 8 bytes, grown on write. */
static uint32_t (*ldt)[2];
static uint32_t ldt_n, ldt_room;

/* The fixed GDT entries (DPL 0 ones only need to exist: a load or LAR from CPL 3 fails). */
static const uint32_t gdt_fixed[CMS_GDT_ENTRIES][2] = {
    [1] = {0x0000ffffu, 0x00cf9b00u},  /* kernel 32-bit code */
    [2] = {0x0000ffffu, 0x00af9b00u},  /* kernel code */
    [3] = {0x0000ffffu, 0x00cf9300u},  /* kernel data */
    [4] = {0x0000ffffu, 0x00cffb00u},  /* 0x23 user 32-bit code */
    [5] = {0x0000ffffu, 0x00cff300u},  /* 0x2b user data */
    [6] = {0x0000ffffu, 0x00affb00u},  /* 0x33 user 64-bit code */
    [8] = {0x00000067u, 0x00008b00u},  /* TSS (busy, DPL 0; its base is the kernel's) */
    [15] = {0x00000000u, 0x0040f500u}, /* 0x7b CPU and node number in the limit: CPU 0, node 0 */
};
#define GDT_LDT 10 /* the LDT's system descriptor, present while the process has an LDT */

void cms_desc_from_user(uint32_t base, uint32_t limit, uint32_t flags, uint32_t d[2])
{
    const uint32_t seg_32bit = flags & 1, contents = (flags >> 1) & 3, read_exec_only = (flags >> 3) & 1,
                   limit_in_pages = (flags >> 4) & 1, not_present = (flags >> 5) & 1, useable = (flags >> 6) & 1;
    const uint32_t type = (read_exec_only ^ 1) << 1 | contents << 2 | 1;
    d[0] = (limit & 0xffffu) | base << 16;
    d[1] = ((base >> 16) & 0xffu) | type << 8 | 1u << 12 | 3u << 13 | (not_present ^ 1) << 15 |
           (limit & 0xf0000u) | useable << 20 | seg_32bit << 22 | limit_in_pages << 23 | (base & 0xff000000u);
}

int cms_desc_read(const struct cms_cpu *cpu, uint16_t sel, uint32_t d[2])
{
    const uint32_t idx = sel >> 3;
    d[0] = d[1] = 0;
    if (sel & 4) { /* LDT */
        if (idx >= ldt_n) return -1;
        d[0] = ldt[idx][0], d[1] = ldt[idx][1];
        return 0;
    }
    if (idx == 0 || idx >= CMS_GDT_ENTRIES) return -1;
    if (idx >= CMS_GDT_TLS_FIRST && idx < CMS_GDT_TLS_FIRST + CMS_GDT_TLS_COUNT) {
        const struct cms_tls_desc *t = &cpu->tls[idx - CMS_GDT_TLS_FIRST];
        if (t->present || t->flags) cms_desc_from_user(t->base, t->limit, t->flags, d);
        return 0; /* an empty TLS entry is all zeros */
    }
    if (idx == GDT_LDT) {
        if (ldt_n) d[0] = ldt_n * 8 - 1, d[1] = 0x00008200u; /* LDT, DPL 0 */
        return 0;
    }
    d[0] = gdt_fixed[idx][0], d[1] = gdt_fixed[idx][1];
    return 0;
}

/* Delivers #GP, #NP or #SS with the selector's error code (Linux: SIGSEGV, SIGBUS, SIGBUS). */
static _Noreturn void seg_fault(const struct cms_cpu *cpu, uint32_t trapno, uint16_t sel, const char *what)
{
    char why[112];
    cms_snprintf(why, sizeof why, "guest %s: %s 0x%04x at eip 0x%08x", trapno == CMS_TRAP_GP ? "SIGSEGV" : "SIGBUS",
                 what, sel, cpu->eip);
    const struct cms_siginfo si = {.signo = trapno == CMS_TRAP_GP ? 11 : 7, .code = CMS_SI_KERNEL,
                                   .trapno = trapno, .err = sel & 0xfffcu};
    cms_signal_fault(&si, why);
}

/* The checks of a data segment register load (SDM vol. 2, MOV and POP); returns the
 * descriptor's base. */
static uint32_t check_load(struct cms_cpu *cpu, unsigned s, uint16_t sel, uint32_t d[2])
{
    if ((sel & 0xfffcu) == 0) { /* null: fine but for SS */
        if (s == CMS_SS) seg_fault(cpu, CMS_TRAP_GP, 0, "load of the null selector into SS:");
        d[0] = d[1] = 0;
        return 0;
    }
    if (cms_desc_read(cpu, sel, d) < 0) seg_fault(cpu, CMS_TRAP_GP, sel, "load of a selector beyond its table:");
    const uint32_t hi = d[1], type = CMS_DESC_TYPE(hi), code = type & 8;
    if (!CMS_DESC_S(hi)) seg_fault(cpu, CMS_TRAP_GP, sel, "load of a system or empty descriptor:");
    if (s == CMS_SS) {
        if ((sel & 3) != 3 || code || !(type & 2) || CMS_DESC_DPL(hi) != 3)
            seg_fault(cpu, CMS_TRAP_GP, sel, "load into SS of a selector that is not writable data at CPL 3:");
        if (!CMS_DESC_P(hi)) seg_fault(cpu, 12 /* #SS */, sel, "load into SS of a segment not present:");
    } else {
        if (code && !(type & 2)) seg_fault(cpu, CMS_TRAP_GP, sel, "load of an execute-only code segment:");
        if ((!code || !(type & 4)) && CMS_DESC_DPL(hi) != 3) /* data or non-conforming code */
            seg_fault(cpu, CMS_TRAP_GP, sel, "load of a segment of DPL < 3:");
        if (!CMS_DESC_P(hi)) seg_fault(cpu, 11 /* #NP */, sel, "load of a segment not present:");
    }
    return cms_desc_base(d);
}

/* What accesses through a segment register holding descriptor d are checked for (cms_cpu.h
 * seg_chk; 0: nothing to check). */
static uint32_t seg_checks(const uint32_t d[2])
{
    const uint32_t hi = d[1], type = CMS_DESC_TYPE(hi);
    uint32_t c;
    if (type & 8) c = CMS_SEGCHK_RDONLY | ((type & 2) ? 0 : CMS_SEGCHK_XONLY); /* code */
    else c = ((type & 2) ? 0 : CMS_SEGCHK_RDONLY) | ((type & 4) ? CMS_SEGCHK_DOWN : 0) | (CMS_DESC_DB(hi) ? CMS_SEGCHK_BIG : 0);
    if (!(c & (CMS_SEGCHK_RDONLY | CMS_SEGCHK_DOWN)) && cms_desc_limit(d) == 0xffffffffu) return 0; /* flat */
    return CMS_SEGCHK_ON | c;
}

void cms_seg_load(struct cms_cpu *cpu, unsigned s, uint16_t sel)
{
    if (s == CMS_CS) cms_panic("interp: load of CS");
    uint32_t d[2];
    const uint32_t base = check_load(cpu, s, sel, d);
    cpu->seg[s] = sel;
    cpu->seg_base[s] = base;
    /* a null DS or ES faults on use; a null FS or GS is left unchecked, as translated code
     * leaves it (the initial FS is null: checking it would interpret every program) */
    if ((sel & 0xfffcu) == 0) cpu->seg_chk[s] = (s == CMS_FS || s == CMS_GS) ? 0 : CMS_SEGCHK_ON | CMS_SEGCHK_NULL;
    else if (s == CMS_SS && !CMS_DESC_DB(d[1])) cpu->seg_chk[s] = (uint8_t)(seg_checks(d) | CMS_SEGCHK_ON | CMS_SEGCHK_SP16);
    else cpu->seg_chk[s] = (uint8_t)seg_checks(d);
    cpu->seg_limit[s] = cms_desc_limit(d);
    cms_seg_update(cpu);
}

void cms_seg_update(struct cms_cpu *cpu)
{
    uint32_t chk = 0;
    for (unsigned s = 0; s < CMS_SEG_COUNT; s++) chk |= cpu->seg_chk[s];
    cpu->segmented = (cpu->seg_base[CMS_DS] | cpu->seg_base[CMS_ES] | cpu->seg_base[CMS_SS] | cpu->cs_base |
                      cpu->cs16 | chk) != 0;
}

void cms_seg_flat(struct cms_cpu *cpu)
{
    cpu->seg[CMS_DS] = cpu->seg[CMS_ES] = cpu->seg[CMS_SS] = CMS_SEL_USER_DS;
    cpu->seg[CMS_CS] = CMS_SEL_USER_CS;
    for (unsigned s = CMS_ES; s <= CMS_DS; s++) cpu->seg_base[s] = 0, cpu->seg_chk[s] = 0;
    cpu->cs_base = cpu->cs16 = 0;
    cms_seg_update(cpu);
}

/* Why an access through segment register s faults (cms_seg_check), or 0. */
static const char *seg_problem(const struct cms_cpu *cpu, unsigned s, uint32_t off, uint32_t size, int write)
{
    const uint32_t c = cpu->seg_chk[s], lim = cpu->seg_limit[s], last = off + size - 1;
    if (!c) return 0;
    if (c & CMS_SEGCHK_NULL) return "access through a null selector";
    if (write && (c & CMS_SEGCHK_RDONLY)) return "write to a read-only segment";
    if (!write && (c & CMS_SEGCHK_XONLY)) return "read of an execute-only segment";
    if (last < off) return "access wrapping around the segment";
    if (c & CMS_SEGCHK_DOWN)
        return off <= lim || last > ((c & CMS_SEGCHK_BIG) ? 0xffffffffu : 0xffffu) ? "access outside an expand-down segment" : 0;
    return last > lim ? "access beyond the segment's limit" : 0;
}

int cms_seg_ok(const struct cms_cpu *cpu, unsigned s, uint32_t off, uint32_t size, int write)
{
    return !seg_problem(cpu, s, off, size, write);
}

void cms_seg_check(const struct cms_cpu *cpu, unsigned s, uint32_t off, uint32_t size, int write)
{
    const char *why = seg_problem(cpu, s, off, size, write);
    if (!why) return;
    static const char names[CMS_SEG_COUNT][3] = {"es", "cs", "ss", "ds", "fs", "gs"};
    const uint32_t lim = cpu->seg_limit[s];
    char msg[160];
    const int ss = s == CMS_SS; /* a stack access: #SS, which Linux delivers as SIGBUS */
    cms_snprintf(msg, sizeof msg, "guest %s: %s: %s:0x%08x, %u bytes (%s 0x%04x, limit 0x%08x) at eip 0x%08x",
                 ss ? "SIGBUS" : "SIGSEGV", why, names[s], off, size, names[s], cpu->seg[s], lim, cpu->eip);
    const struct cms_siginfo si = {.signo = ss ? 7 : 11, .code = CMS_SI_KERNEL, .trapno = ss ? 12 : CMS_TRAP_GP};
    cms_signal_fault(&si, msg);
}

/* LAR/LSL/VERR/VERW's common visibility check at CPL 3: the selector names a descriptor whose
 * DPL is at least CPL and RPL (conforming code segments: any DPL). */
static int visible(const struct cms_cpu *cpu, uint16_t sel, uint32_t d[2])
{
    if ((sel & 0xfffcu) == 0 || cms_desc_read(cpu, sel, d) < 0) return 0;
    const uint32_t hi = d[1];
    if (CMS_DESC_S(hi) && (CMS_DESC_TYPE(hi) & 12) == 12) return 1; /* conforming code */
    return CMS_DESC_DPL(hi) == 3;
}

int cms_desc_lar(const struct cms_cpu *cpu, uint16_t sel, uint32_t *out)
{
    uint32_t d[2];
    if (!visible(cpu, sel, d)) return 0;
    if (!CMS_DESC_S(d[1])) { /* system types LAR accepts in 32-bit mode */
        static const uint16_t ok = 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 9 | 1u << 11 | 1u << 12;
        if (!(ok >> CMS_DESC_TYPE(d[1]) & 1)) return 0;
    }
    /* the SDM masks with 00FxFF00H, bits 19:16 (the limit's top) undefined: an AMD host with
     * native i386 returns them (tests/x86/c/segments.c, descsweep.c), as Bochs does for Intel */
    *out = d[1] & 0x00ffff00u;
    return 1;
}

int cms_desc_lsl(const struct cms_cpu *cpu, uint16_t sel, uint32_t *out)
{
    uint32_t d[2];
    if (!visible(cpu, sel, d)) return 0;
    if (!CMS_DESC_S(d[1])) {
        static const uint16_t ok = 1u << 1 | 1u << 2 | 1u << 3 | 1u << 9 | 1u << 11;
        if (!(ok >> CMS_DESC_TYPE(d[1]) & 1)) return 0;
    }
    *out = cms_desc_limit(d);
    return 1;
}

int cms_desc_verr(const struct cms_cpu *cpu, uint16_t sel, int write)
{
    uint32_t d[2];
    if (!visible(cpu, sel, d) || !CMS_DESC_S(d[1])) return 0;
    const uint32_t type = CMS_DESC_TYPE(d[1]);
    if (write) return !(type & 8) && (type & 2);
    return !(type & 8) || (type & 2);
}

void cms_far_target(struct cms_cpu *cpu, uint16_t sel, uint32_t eip, int ret)
{
    uint32_t d[2];
    if ((sel & 0xfffcu) == 0) seg_fault(cpu, CMS_TRAP_GP, 0, "far transfer to the null selector:");
    if (cms_desc_read(cpu, sel, d) < 0) seg_fault(cpu, CMS_TRAP_GP, sel, "far transfer to a selector beyond its table:");
    const uint32_t hi = d[1], type = CMS_DESC_TYPE(hi);
    if (!CMS_DESC_S(hi) || !(type & 8)) seg_fault(cpu, CMS_TRAP_GP, sel, "far transfer to a segment that is not code:");
    /* CPL 3: a non-conforming target needs DPL 3 (and RPL 3 for a return: no outer level) */
    if ((ret && (sel & 3) != 3) || ((type & 4) ? CMS_DESC_DPL(hi) > 3 : CMS_DESC_DPL(hi) != 3))
        seg_fault(cpu, CMS_TRAP_GP, sel, "far transfer to a code segment of another privilege:");
    if (!CMS_DESC_P(hi)) seg_fault(cpu, 11, sel, "far transfer to a code segment not present:");
    if (eip > cms_desc_limit(d)) seg_fault(cpu, CMS_TRAP_GP, 0, "far transfer beyond the code segment's limit:");
    if (CMS_DESC_L(hi)) {
        char why[160];
        cms_snprintf(why, sizeof why,
                     "unsupported: far transfer to the 64-bit code segment 0x%04x at eip 0x%08x: morph runs 16- and "
                     "32-bit code (issue 18)",
                     sel, cpu->eip);
        cms_guest_die(4, why);
    }
    cpu->seg[CMS_CS] = sel;
    cpu->cs_base = cms_desc_base(d);
    cpu->cs16 = !CMS_DESC_DB(hi);
    /* CS is checked for its limit (instruction fetch) only where it has one: the flat user
     * code segment leaves the process unsegmented, as translated code needs */
    cpu->seg_chk[CMS_CS] = cms_desc_limit(d) == 0xffffffffu ? 0 : (uint8_t)seg_checks(d);
    cpu->seg_limit[CMS_CS] = cms_desc_limit(d);
    cms_seg_update(cpu);
}

uint16_t cms_desc_ldtr(void) { return ldt_n ? GDT_LDT << 3 : 0; }

/* ---- modify_ldt ---- */
#define UD_SIZE 16

static void zero_guest(uint32_t va, uint32_t n)
{
    static const uint8_t zero[64];
    for (uint32_t k; n; va += k, n -= k) {
        k = n < sizeof zero ? n : sizeof zero;
        cms_copy_to_guest(va, zero, k);
    }
}

static int32_t write_ldt(uint32_t ptr, uint32_t count, int oldmode)
{
    uint32_t ud[4];
    if (count != UD_SIZE) return -CMS_EINVAL;
    if (!cms_mm_range_ok(ptr, UD_SIZE, 0)) return -CMS_EFAULT;
    cms_copy_from_guest(ud, ptr, UD_SIZE);
    const uint32_t entry = ud[0], base = ud[1], limit = ud[2], flags = ud[3];
    if (entry >= CMS_LDT_ENTRIES) return -CMS_EINVAL;
    const uint32_t contents = (flags >> 1) & 3, not_present = (flags >> 5) & 1;
    if (contents == 3 && (oldmode || !not_present)) return -CMS_EINVAL;
    uint32_t d[2] = {0, 0};
    /* Linux's "empty" entry (LDT_empty) clears it; old mode clears on base = limit = 0 */
    const int empty = (flags & 0x7fu) == (1u << 3 | 1u << 5);
    if (!(base == 0 && limit == 0 && (oldmode || empty))) {
        cms_desc_from_user(base, limit, flags, d);
        if (oldmode) d[1] &= ~(1u << 20); /* no AVL */
    }
    if (entry >= ldt_room) {
        uint32_t room = ldt_room ? ldt_room : 16;
        while (room <= entry) room *= 2;
        if (room > CMS_LDT_ENTRIES) room = CMS_LDT_ENTRIES;
        uint32_t(*n)[2] = cms_alloc(room * 8, 8);
        for (uint32_t i = 0; i < ldt_n; i++) n[i][0] = ldt[i][0], n[i][1] = ldt[i][1];
        ldt = n, ldt_room = room; /* the old table stays in the bump heap: at most 13 doublings */
    }
    if (entry >= ldt_n) ldt_n = entry + 1;
    ldt[entry][0] = d[0], ldt[entry][1] = d[1];
    return 0;
}

int32_t cms_modify_ldt(struct cms_cpu *cpu, uint32_t func, uint32_t ptr, uint32_t count)
{
    (void)cpu;
    switch (func) {
    case 0: { /* read: the entries, the rest of count zeroed, count returned */
        if (!ldt_n) return 0;
        if (count > CMS_LDT_ENTRIES * 8) count = CMS_LDT_ENTRIES * 8;
        if (!cms_mm_range_ok(ptr, count, 1)) return -CMS_EFAULT;
        uint32_t have = ldt_n * 8 < count ? ldt_n * 8 : count;
        cms_copy_to_guest(ptr, ldt, have);
        zero_guest(ptr + have, count - have);
        return (int32_t)count;
    }
    case 2: { /* the default LDT: five empty entries */
        uint32_t n = count < 40 ? count : 40;
        if (!cms_mm_range_ok(ptr, n, 1)) return -CMS_EFAULT;
        zero_guest(ptr, n);
        return (int32_t)n;
    }
    case 1: return write_ldt(ptr, count, 1);
    case 0x11: return write_ldt(ptr, count, 0);
    default: return -CMS_ENOSYS;
    }
}
