/* make SANITIZE=1 (docs/testing.md "Sanitizers"): the sanitized morph's ASan and UBSan options,
 * built in because the test runners start morph with `env -i` (no ASAN_OPTIONS reaches it).
 * A report goes to stderr and stops morph with exit status 86, which no test expects; an
 * ASAN_OPTIONS or UBSAN_OPTIONS of the environment overrides these, option by option. (gcc links
 * UBSan's own runtime beside ASan's: each reads its own options.) LeakSanitizer stays on: memory
 * still allocated and unreachable at exit is a report too. In a build without
 * -fsanitize=address this file is empty. */
#ifdef __SANITIZE_ADDRESS__
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void) { return "exitcode=86"; }
const char *__ubsan_default_options(void) { return "exitcode=86:print_stacktrace=1:halt_on_error=1"; }
#else
typedef int sim_sanitize_unused; /* ISO C: a translation unit is not empty */
#endif
