/* Generic marshalling of forwarded system calls, driven by include/morph/sysabi.h. */
#ifndef CMS_SYSABI_H
#define CMS_SYSABI_H
#include <stdint.h>

struct cms_sysabi_desc {
    uint32_t nr;
    const char *name;
    uint32_t kind[6]; /* MORPH_SA_* per argument */
};

/* The descriptor of a forwarded call, or NULL. */
const struct cms_sysabi_desc *cms_sysabi_find(uint32_t nr);
/* Marshal in[] (guest values) into the bounce area, forward to the host, copy results back.
 * Returns the Linux result; -EFAULT for an unreadable/unwritable guest buffer (nothing is
 * forwarded then). */
int32_t cms_sysabi_forward(const struct cms_sysabi_desc *d, const uint32_t in[6]);
/* Longest guest string (path) accepted, NUL included. */
#define CMS_SYSABI_STR_MAX 4096

/* nanosleep, clock_nanosleep and clock_nanosleep_time64: interrupted by a signal they return
 * EINTR with the time left (copied back), and restart only when no handler runs. */
static inline int cms_sysabi_sleeps(uint32_t nr) { return nr == 162 || nr == 267 || nr == 407; }

#endif
