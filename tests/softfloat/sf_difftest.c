/* sf_difftest: full differential run of softfloat/ against the host x87.
 *   sf_difftest [N-per-op [seed [op-substring]]]     (default 100000, seed 1, all ops)
 * Prints "op: N compared, M mismatches" per operation and "N passed, M failed" (cases). */
#include <stdlib.h>
#include <string.h>
#include "sf_diff.h"

int main(int argc, char **argv)
{
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 1;
    const char *only = argc > 3 ? argv[3] : NULL;
    unsigned long pass = 0, fail = 0;
    int op;
    const char *kind = sfd_host_x87();
    printf("host x87 behaviour: %s (the soft side models it; docs/x87.md)\n", kind);
    if (!strcmp(kind, "mixed")) {
        printf("no modelled behaviour matches this host: 0 passed, 1 failed\n");
        return 1;
    }
    for (op = 0; op < SFD_NOPS; op++) {
        struct sfd_stats st;
        if (only && !strstr(sfd_names[op], only))
            continue;
        st = sfd_run((enum sfd_op)op, n, seed, stdout, 4);
        printf("%s: %lu compared, %lu mismatches", sfd_names[op], st.compared, st.mismatches);
        if (st.ulp1)
            printf(" (%lu within 1 ulp, not bit-equal)", st.ulp1);
        printf("\n");
        fflush(stdout);
        pass += st.compared - st.mismatches;
        fail += st.mismatches;
    }
    printf("%lu passed, %lu failed\n", pass, fail);
    return fail != 0;
}
