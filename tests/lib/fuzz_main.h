/* The main() shared by the AFL++ harnesses tests/fuzz-T/T_harness.c (docs/testing.md "Fuzzing
 * the input parsers" and "Fuzzing the ELF loader"). The harness defines
 *   static void fuzz_setup(void);                          once, before the first input
 *   static int fuzz_one(const uint8_t *data, uint32_t len); one input; returns 1 if it was
 *                                                          accepted (counted in the summary)
 *   static int fuzz_seeds(const char *dir, int n, char **files); writes seeds into dir from
 *                                                          the project's files; 0 or exit status
 *   FUZZ_NAME                                              "stack", "decode", ...
 * and uses FUZZ_CHECK(c): a violated rule prints the input's name and aborts (a crash for AFL++).
 *
 *   T_harness FILE...            replay: each file once; prints "N inputs, M accepted"
 *   T_harness --seeds DIR FILE...  writes the seed corpus
 * Built with afl-cc it runs AFL++'s persistent mode on the test case buffer. */
#ifndef FUZZ_MAIN_H
#define FUZZ_MAIN_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *fuzz_cur_file = "(AFL++ test case)";

static _Noreturn void fuzz_fail(const char *what, const char *file, int line)
{
    /* fd 2 itself: a harness may point the stream stderr at /dev/null (the code under test
     * writes messages there) */
    dprintf(2, FUZZ_NAME "_harness: %s: %s:%d: %s\n", fuzz_cur_file, file, line, what);
    abort();
}
/* an expression, so that it can sit in a comma expression */
#define FUZZ_CHECK(c) ((c) ? (void)0 : fuzz_fail(#c, __FILE__, __LINE__))

static void fuzz_setup(void);
static int fuzz_one(const uint8_t *data, uint32_t len);
static int fuzz_seeds(const char *dir, int n, char **files);

/* Seed writing helper: dir/name with len bytes. */
static void fuzz_write_seed(const char *dir, const char *name, const void *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
        perror(path);
        exit(2);
    }
}

#ifdef __AFL_FUZZ_TESTCASE_LEN
#include <unistd.h> /* read(), in AFL++'s macros */
__AFL_FUZZ_INIT();
int main(void)
{
    (void)fuzz_seeds;
    fuzz_setup();
    __AFL_INIT();
    unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(100000)) fuzz_one(buf, (uint32_t)__AFL_FUZZ_TESTCASE_LEN);
    return 0;
}
#else
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#include <signal.h>
static void fuzz_on_death(void) { dprintf(2, "\n" FUZZ_NAME "_harness: the input was %s\n", fuzz_cur_file); }
/* UBSan ends with abort() (so that the handler below names the input) and a stack trace */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void) { return "abort_on_error=1:print_stacktrace=1"; }
static void fuzz_on_abort(int sig)
{
    (void)sig;
    fuzz_on_death();
    signal(SIGABRT, SIG_DFL);
    abort();
}
#endif

int main(int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[1], "--seeds")) return fuzz_seeds(argv[2], argc - 3, argv + 3);
    fuzz_setup();
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_set_death_callback(fuzz_on_death);
    signal(SIGABRT, fuzz_on_abort);
#endif
    unsigned n = 0, accepted = 0;
    static uint8_t buf[1 << 22];
    for (int i = 1; i < argc; i++) {
        fuzz_cur_file = argv[i];
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 2;
        }
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        /* a copy of exactly len bytes, so ASan sees reads past the end of the input */
        uint8_t *copy = malloc(len ? len : 1);
        memcpy(copy, buf, len);
        accepted += (unsigned)fuzz_one(copy, (uint32_t)len);
        free(copy);
        n++;
    }
    printf("%u inputs, %u accepted\n", n, accepted);
    return 0;
}
#endif
#endif
