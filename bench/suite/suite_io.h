/* What the suite's own drivers share (bench/suite/suite.py adds bench/suite to their include path). */
#ifndef SUITE_IO_H
#define SUITE_IO_H
#include <stdio.h>
#include <stdlib.h>

/* The whole file at path in a malloc'ed buffer, its size in *n; NULL (after a message) on error. */
static unsigned char *suite_read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    size_t cap = 1 << 16;
    unsigned char *buf = malloc(cap);
    *n = 0;
    for (size_t r; buf && (r = fread(buf + *n, 1, cap - *n, f)) > 0;) {
        *n += r;
        if (*n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) fprintf(stderr, "%s: out of memory\n", path);
    return buf;
}

#endif
