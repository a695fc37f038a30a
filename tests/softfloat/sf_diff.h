/* sf_diff.h: differential test engine, softfloat/ against the host's x87 (x86-64 only).
 * Shared by tests/softfloat/sf_difftest.c (full run) and tests/unit/test_softfloat.c (CI). */
#ifndef SF_DIFF_H
#define SF_DIFF_H

#include <stdint.h>
#include <stdio.h>

enum sfd_op {
    SFD_ADD, SFD_SUB, SFD_MUL, SFD_DIV, SFD_SQRT,
    SFD_ADD_M32, SFD_MUL_M64, SFD_COM_M32,
    SFD_PREM, SFD_PREM1, SFD_RNDINT, SFD_SCALE, SFD_XTRACT, SFD_ABS, SFD_CHS,
    SFD_COM, SFD_UCOM, SFD_TST, SFD_XAM,
    SFD_LD32, SFD_LD64, SFD_ST32, SFD_ST64,
    SFD_IST16, SFD_IST32, SFD_IST64, SFD_ISTT16, SFD_ISTT32, SFD_ISTT64,
    SFD_ILD16, SFD_ILD32, SFD_ILD64,
    SFD_BLD, SFD_BST, SFD_CONST,
    /* transcendentals: results compared within 1 ulp, status word exactly except C1 */
    SFD_SIN, SFD_COS, SFD_SINCOS, SFD_PTAN, SFD_PATAN, SFD_F2XM1, SFD_YL2X, SFD_YL2XP1,
    SFD_NOPS
};

struct sfd_stats {
    unsigned long compared, mismatches;
    unsigned long ulp1; /* transcendentals: cases accepted at 1 ulp (not bit-equal) */
};

extern const char *const sfd_names[SFD_NOPS];

/* Run n random cases of op (seeded), print up to `show` mismatches to log (may be NULL). */
struct sfd_stats sfd_run(enum sfd_op op, unsigned long n, uint64_t seed, FILE *log, int show);
/* The host's x87 behaviour ("amd", "intel", "mixed"), which the soft side models. */
const char *sfd_host_x87(void);

#endif
