/* C side of the trap entry (cms/start.S): guest-TLB refills, guest faults, firmware bugs. */
#include "cms.h"
#include "cms_mm.h"
#include "cms_pte.h"
#include "cms_signal.h"
#include "morph_decode.h"
#include "morph_isa.h"

uint32_t cms_trap(uint32_t cause, uint32_t tval, uint32_t epc, uint32_t *frame);

static const char *cause_name(uint32_t c)
{
    switch (c) {
    case CAUSE_MISALIGNED_FETCH: return "misaligned fetch";
    case 1: return "instruction access fault";
    case CAUSE_ILLEGAL_INSN: return "illegal instruction";
    case CAUSE_BREAKPOINT: return "breakpoint";
    case CAUSE_MISALIGNED_LOAD: return "misaligned load";
    case CAUSE_LOAD_FAULT: return "load access fault";
    case CAUSE_MISALIGNED_STORE: return "misaligned store";
    case CAUSE_STORE_FAULT: return "store access fault";
    case CAUSE_ECALL_M: return "ecall";
    case CAUSE_GUEST_PROT: return "guest access to concealed memory";
    case CAUSE_JTLB_MISS: return "jtlb miss";
    case CAUSE_XEXIT: return "xexit";
    case CAUSE_XMODE_VIOLATION: return "translated-mode violation";
    default: return "unknown cause";
    }
}

static int depth;

void cms_trap_abandon(void) { depth = 0; }

/* A page fault the guest gets: SIGSEGV, or SIGBUS on a file mapping's page past the end of its
 * file (BUS_ADRERR, as Linux's do_sigbus). */
_Noreturn void cms_guest_segv(uint32_t va, int write)
{
    char why[80];
    if (cms_mm_pte(va) & CMS_PTE_BUS) {
        cms_snprintf(why, sizeof why, "guest SIGBUS: %s past the end of a mapped file at 0x%08x, eip 0x%08x",
                     write ? "write" : "read", va, cms_cur_cpu ? cms_cur_cpu->eip : 0);
        const struct cms_siginfo si = {.signo = 7, .code = CMS_BUS_ADRERR, .addr = va, .trapno = CMS_TRAP_PF,
                                       .err = 4u | (write ? 2u : 0u)};
        cms_signal_fault(&si, why);
    }
    /* SEGV_ACCERR where a mapping covers the page (read-only, or PROT_NONE), as Linux decides
     * by the VMA; SEGV_MAPERR where none does */
    const int mapped = (cms_mm_pte(va) & CMS_PTE_MAPPED) != 0;
    cms_snprintf(why, sizeof why, "guest SIGSEGV: %s of %s address 0x%08x at eip 0x%08x",
                 write ? "write" : "read",
                 !mapped ? "unmapped" : cms_mm_is_mapped(va) ? "read-only" : "inaccessible", va,
                 cms_cur_cpu ? cms_cur_cpu->eip : 0);
    /* a page fault: error code user (4), write (2), present (1: the page has a frame, as the
     * Linux page is present once touched) */
    const int present = (cms_mm_pte(va) & CMS_PTE_PRESENT) != 0;
    const struct cms_siginfo si = {.signo = 11, .code = mapped ? CMS_SEGV_ACCERR : CMS_SEGV_MAPERR, .addr = va,
                                   .trapno = CMS_TRAP_PF, .err = 4u | (write ? 2u : 0u) | (present ? 1u : 0u)};
    cms_signal_fault(&si, why);
}

uint32_t cms_trap(uint32_t cause, uint32_t tval, uint32_t epc, uint32_t *frame)
{
    unsigned prev = cms_hw_get_activity();
    if (++depth > 1) { /* a trap inside the handler: keep it short, nothing else is safe */
        cms_printf("morph: firmware bug: nested trap, cause %u at pc 0x%08x, mtval 0x%08x\n",
                   cause, epc, tval);
        cms_exit(CMS_EXIT_FIRMWARE_BUG);
    }
    cms_set_activity(CMSACT_TRAP);
    int write = -1;
    if (cause == CAUSE_GTLB_MISS_LOAD || cause == CAUSE_GTLB_MISS_STORE) {
        write = cause == CAUSE_GTLB_MISS_STORE;
    } else if (cause == CAUSE_GUEST_PROT) {
        /* Was the faulting op a guest store (custom-1) or a load (custom-0)? */
        uint32_t insn = *(const uint32_t *)(uintptr_t)epc;
        if (morph_opcode(insn | MORPH_FUSE_BIT) == OPG_GSTORE) write = 1; /* bit 1 may be a fuse mark */
        /* A guest load refused by protection can only be a concealed target: firmware bug. */
    }
    if (write >= 0) {
        int r = cms_mm_fault(tval, write);
        if (r == CMS_MM_FAULT_SEGV || r == CMS_MM_FAULT_BUS) cms_guest_segv(tval, write);
        if (r == CMS_MM_FAULT_CODE) { /* a store to a code page: completed here, then the next op */
            uint32_t insn = *(const uint32_t *)(uintptr_t)epc;
            if (morph_opcode(insn | MORPH_FUSE_BIT) != OPG_GSTORE)
                cms_panic("code-page store trap at pc 0x%08x is not a guest store", epc);
            const uint32_t rs1 = morph_rs1(insn), rs2 = morph_rs2(insn);
            const uint32_t va = (rs1 ? frame[rs1] : 0) + (uint32_t)morph_imm_s(insn);
            const uint32_t bad = cms_mm_code_store(va, 1u << morph_funct3(insn), rs2 ? frame[rs2] : 0);
            if (bad) cms_guest_segv(bad, 1);
            epc += 4;
        }
        cms_set_activity(prev);
        depth--;
        return epc; /* re-execute the access, or the op after the completed store */
    }
    cms_printf("morph: firmware bug: trap cause %u (%s) at pc 0x%08x, mtval 0x%08x, ra 0x%08x, "
               "sp 0x%08x\n",
               cause, cause_name(cause), epc, tval, frame[1], frame[2]);
    cms_exit(CMS_EXIT_FIRMWARE_BUG);
}
