/* i386 system call names for log lines, generated at build time from the host's
 * asm/unistd_32.h into build/gen/cms_sysnames.h (empty table when that header is absent). */
#include "cms_syscall.h"

static const char *const names[] = {
#include "cms_sysnames.h"
    0 /* keeps the table non-empty without the header */
};

const char *cms_sysname(uint32_t nr)
{
    if (nr < sizeof names / sizeof names[0] && names[nr]) return names[nr];
    return "?";
}
