/* Requests to the host through the HTIF device (include/morph/htif.h). */
#ifndef CMS_HTIF_H
#define CMS_HTIF_H
#include <stdint.h>

/* Issue one request; a0..a3 are the first arguments (physical addresses for buffers). */
int32_t cms_htif(uint32_t cmd, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3);
/* Forward i386 system call nr with six already-marshalled arguments; returns -errno or result. */
int32_t cms_htif_syscall(uint32_t nr, const uint32_t args[6]);
/* Write len bytes of a firmware buffer to the host console. */
void cms_htif_console(const char *buf, uint32_t len);
/* Now on the host's clock (a clockid: 0 realtime, 1 monotonic), by clock_gettime64. */
void cms_htif_clock(uint32_t clock, int64_t *sec, uint32_t *nsec);

#endif
