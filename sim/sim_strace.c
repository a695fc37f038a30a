/* morph run --strace on the host side (sim_strace.h). */
#include "sim_strace.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "morph/htif.h"

/* the file's descriptor: the lowest free one from here (the guest's are the host's) */
enum { STRACE_FD_MIN = 900 };
enum { COLUMN = 39 }; /* strace's: " = " starts at column 40 of the line, prefix included */

static FILE *out;
static int to_file, multi;
static char held[4096];
static int have_held, held_tid;

int sim_strace_open(const char *file)
{
    if (!file) {
        /* stderr as it is now: the guest's descriptor 2 is the host's, and may be redirected */
        int high = fcntl(2, F_DUPFD_CLOEXEC, STRACE_FD_MIN);
        out = high >= 0 ? fdopen(high, "w") : NULL;
        if (!out) out = stderr;
        return 0;
    }
    /* far above the guest's descriptors (they are the host's: the guest's next open must get
     * the number it gets natively), and not inherited by a guest's execve (that morph opens it
     * again) */
    int fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666), high = -1;
    if (fd >= 0) {
        high = fcntl(fd, F_DUPFD_CLOEXEC, STRACE_FD_MIN);
        close(fd);
    }
    out = high >= 0 ? fdopen(high, "a") : NULL;
    if (!out) {
        fprintf(stderr, "morph: cannot open --strace-file '%s': %s\n", file, strerror(errno));
        return -1;
    }
    to_file = 1;
    return 0;
}

int sim_strace_on(void) { return out != NULL; }
void sim_strace_forked(void) { multi = 1; }

/* Appends to line[*n] without passing the last byte of size (kept for the '\n'): a long call
 * or result is cut, never written past the buffer (found by tests/fuzz-htif). */
static void add(char *line, size_t size, int *n, const char *fmt, ...)
{
    if ((size_t)*n >= size - 2) return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(line + *n, size - 1 - (size_t)*n, fmt, ap);
    va_end(ap);
    if (k > 0) *n = (size_t)*n + (size_t)k < size - 2 ? *n + k : (int)size - 2;
}

/* strace -f -o FILE puts every line's TID first; on stderr, [pid N] once there are two
 * processes or threads. tid 0: the process's. */
static void emit(const char *call, const char *result, int err, int tid)
{
    char line[8192];
    int n = 0;
    if (!tid) tid = (int)getpid();
    if (tid != (int)getpid()) multi = 1;
    if (to_file) add(line, sizeof line, &n, "%-5d ", tid);
    else if (multi) add(line, sizeof line, &n, "[pid %5d] ", tid);
    add(line, sizeof line, &n, "%s", call);
    if (n > (int)sizeof line - 512) n = (int)sizeof line - 512;
    if (*result) {
        while (n < COLUMN) line[n++] = ' ';
        add(line, sizeof line, &n, " = %s", result);
        if (err) {
            const char *name = strerrorname_np(err);
            if (name) add(line, sizeof line, &n, " %s (%s)", name, strerror(err));
            else add(line, sizeof line, &n, " errno %d", err);
        }
    }
    line[n++] = '\n';
    fwrite(line, 1, (size_t)n, out);
    fflush(out);
}

int sim_strace_request(const char *buf, unsigned len, int err, unsigned op, int tid)
{
    if (!len || buf[len - 1]) return -EINVAL;
    const char *call = buf, *result = memchr(buf, 0, len);
    if (!result || result + 1 >= buf + len) return -EINVAL;
    result++;
    have_held = 0;
    if (!out) return 0;
    if (op == HTIF_STRACE_HELD) {
        snprintf(held, sizeof held, "%s", call);
        have_held = 1;
        held_tid = tid;
        return 0;
    }
    if (op != HTIF_STRACE_LINE) return -EINVAL;
    emit(call, result, err, tid);
    return 0;
}

void sim_strace_exec(void)
{
    if (out && have_held) emit(held, "0", 0, held_tid);
    have_held = 0;
}

void sim_strace_exit(int status, int sig)
{
    if (!out) return;
    if (have_held) emit(held, "?", 0, held_tid);
    have_held = 0;
    char text[64];
    if (sig) {
        const char *abbrev = sigabbrev_np(sig);
        snprintf(text, sizeof text, "+++ killed by SIG%s +++", abbrev ? abbrev : "?");
    } else {
        snprintf(text, sizeof text, "+++ exited with %d +++", status);
    }
    emit(text, "", 0, 0);
}
