/* The host CPU's x87 behaviour, probed from 64-bit mode (docs/x87.md, "Two behaviours"); used by
 * tests/tools/x87probe (for the scripts) and by the soft-float differential test.
 *   amd:   FOP and FDP are stored after every non-control x87 instruction;
 *   intel: FOP compatibility mode off and FDP_EXCPTN_ONLY: both keep the values of the last
 *          instruction that raised an unmasked exception (zero after FNINIT), so after FNINIT,
 *          FLD m64, FSQRT (no exception) FOP and FDP read 0.
 * CPUID.(EAX=7,ECX=0):EBX bit 6 (FDP_EXCPTN_ONLY) and bit 13 (FCS/FDS deprecated) must agree;
 * otherwise the answer is "mixed", which no morph behaviour models. */
#ifndef X87PROBE_H
#define X87PROBE_H
#include <cpuid.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Returns "amd", "intel" or "mixed"; the evidence goes to ev (at least 96 bytes). */
static inline const char *x87_probe_host(char *ev, size_t evlen)
{
    static uint8_t env[28];
    static double two = 2.0;
    __asm__ volatile("fninit\n\tfldl %1\n\tfsqrt\n\tfnstenv %0\n\tfninit"
                     : "=m"(env)
                     : "m"(two));
    uint32_t fcs, fdp;
    memcpy(&fcs, env + 16, 4);
    memcpy(&fdp, env + 20, 4);
    unsigned fop = (fcs >> 16) & 0x7ff;
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid_max(0, 0) >= 7) __cpuid_count(7, 0, a, b, c, d);
    int fdp_only = (b >> 6) & 1, fcs_dep = (b >> 13) & 1;
    snprintf(ev, evlen, "fop_after_fsqrt=%03x fdp_after_fld=%s cpuid7_ebx6=%d cpuid7_ebx13=%d", fop,
             fdp ? "stored" : "0", fdp_only, fcs_dep);
    if (fop == 0x1fa && fdp != 0 && !fdp_only) return "amd";
    if (fop == 0 && fdp == 0 && fdp_only) return "intel";
    return "mixed";
}
#endif
