/* A cheap stdout writer for the differential test programs (tests/x87/x87diff.c,
 * tests/inthw/inthw.c): under morph every instruction is simulated, so formatting avoids stdio
 * and output leaves through write(2) in 64 KiB blocks. Callers flush when olen nears the end. */
#ifndef OUTBUF_H
#define OUTBUF_H
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static char obuf[1 << 16];
static unsigned olen;
static inline void oflush(void)
{
    unsigned off = 0;
    while (off < olen) {
        ssize_t n = write(1, obuf + off, olen - off);
        if (n <= 0) exit(3);
        off += (unsigned)n;
    }
    olen = 0;
}
static inline void ostr(const char *s)
{
    while (*s) obuf[olen++] = *s++;
}
/* v as `digits` hex digits, most significant first */
static inline void ohex(uint64_t v, int digits)
{
    static const char hx[] = "0123456789abcdef";
    for (int i = digits - 1; i >= 0; i--) obuf[olen++] = hx[(v >> (4 * i)) & 15];
}
static inline void odec(unsigned v)
{
    char t[12];
    int n = 0;
    do t[n++] = (char)('0' + v % 10); while ((v /= 10));
    while (n) obuf[olen++] = t[--n];
}
#endif
