/* Small printf for the firmware console: enough for messages, no floating point. */
#include <stdint.h>
#include "cms.h"
#include "cms_htif.h"

struct fmt_out {
    char *buf;
    uint32_t size, len;
};

static void put(struct fmt_out *o, char c)
{
    if (o->len + 1 < o->size) o->buf[o->len] = c;
    o->len++;
}

static void put_num(struct fmt_out *o, uint64_t v, unsigned base, int neg, int width, int zero,
                    int left, int upper)
{
    char tmp[24];
    int n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    int total = n + (neg ? 1 : 0);
    if (neg && zero) put(o, '-');
    if (!left)
        for (int i = total; i < width; i++) put(o, zero ? '0' : ' ');
    if (neg && !zero) put(o, '-');
    while (n) put(o, tmp[--n]);
    if (left)
        for (int i = total; i < width; i++) put(o, ' ');
}

int cms_vsnprintf(char *buf, uint32_t size, const char *fmt, va_list ap)
{
    struct fmt_out o = {buf, size, 0};
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        p++;
        int left = 0, zero = 0, width = 0, lng = 0;
        for (;; p++) {
            if (*p == '-') left = 1;
            else if (*p == '0') zero = 1;
            else break;
        }
        while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
        while (*p == 'l') {
            lng++;
            p++;
        }
        if (left) zero = 0;
        switch (*p) {
        case 'd':
        case 'i': {
            int64_t v = lng >= 2 ? va_arg(ap, long long)
                      : lng ? (int64_t)va_arg(ap, long) : (int64_t)va_arg(ap, int);
            uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            put_num(&o, m, 10, v < 0, width, zero, left, 0);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = lng >= 2 ? va_arg(ap, unsigned long long)
                       : lng ? (uint64_t)va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            put_num(&o, v, *p == 'u' ? 10 : 16, 0, width, zero, left, *p == 'X');
            break;
        }
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_num(&o, (uintptr_t)va_arg(ap, void *), 16, 0, 8, 1, 0, 0);
            break;
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            int n = 0;
            while (s[n]) n++;
            if (!left)
                for (int i = n; i < width; i++) put(&o, ' ');
            for (int i = 0; i < n; i++) put(&o, s[i]);
            if (left)
                for (int i = n; i < width; i++) put(&o, ' ');
            break;
        }
        case '%':
            put(&o, '%');
            break;
        case '\0':
            p--;
            break;
        default: /* unknown conversion: show it rather than guess its argument */
            put(&o, '%');
            put(&o, *p);
            break;
        }
    }
    if (size) buf[o.len < size ? o.len : size - 1] = 0;
    return (int)o.len;
}

int cms_snprintf(char *buf, uint32_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = cms_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

void cms_vprintf(const char *fmt, va_list ap)
{
    char buf[512];
    int n = cms_vsnprintf(buf, sizeof buf, fmt, ap);
    if (n > (int)sizeof buf - 1) n = sizeof buf - 1;
    cms_htif_console(buf, (uint32_t)n);
}

void cms_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cms_vprintf(fmt, ap);
    va_end(ap);
}
