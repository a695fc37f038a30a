/* Fuzz harness of the initial-stack builder cms_stack_build (cms/cms_stack.c built with
 * -DCMS_HOST; docs/testing.md "Fuzzing the input parsers").
 *
 * Input: a 29-byte header, then execfn and the strings, NUL-separated:
 *   u32 room     top - bottom, the stack area's size (clamped to CMS_MM_STACK_SIZE)
 *   u32 top      the stack top (raised to room if lower, so bottom >= 0)
 *   u32 rep      the last string is repeated (rep & 0xfffff) more times: huge argc/envc cheaply;
 *                bit 31: into envp instead of argv
 *   u8  nargv    how many strings after execfn are argv (the rest are envp)
 *   u8  random[16]
 * Guest memory is [bottom, top) only: any access outside it aborts. An accepted stack must be
 * 16-byte aligned, in range, and read back as argc, argv[], NULL, envp[], NULL and an auxv ending
 * in AT_NULL whose AT_EXECFN, AT_RANDOM and AT_PLATFORM are the given ones; a refused one must
 * have written nothing and really not fit (strings over CMS_STACK_ARGS_MAX, or the image larger
 * than the area). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cms_guest.h"
#include "cms_mm.h"
#include "cms_stack.h"

#define FUZZ_NAME "stack"
#include "../lib/fuzz_main.h"

#define HDR 29
#define REP_MAX 0xfffffu
#define STR_MAX (1u << 20) /* strings taken from the input */

static uint8_t *area; /* CMS_MM_STACK_SIZE bytes: guest [bottom, top) is area[0, top - bottom) */
static uint32_t g_bottom, g_top;
static int written;
static const char **list; /* execfn, argv..., envp... */

uint8_t *cms_host_guest_byte(uint32_t va, int write)
{
    FUZZ_CHECK(va >= g_bottom && va < g_top);
    if (write) written = 1;
    return area + (va - g_bottom);
}

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

/* The guest string at va equals s (every byte in the area). */
static void check_str(uint32_t va, const char *s)
{
    size_t n = strlen(s) + 1;
    FUZZ_CHECK(va >= g_bottom && va <= g_top && n <= g_top - va);
    FUZZ_CHECK(!memcmp(area + (va - g_bottom), s, n));
}

static void fuzz_setup(void)
{
    area = malloc(CMS_MM_STACK_SIZE);
    list = malloc(sizeof *list * (STR_MAX + REP_MAX + 1));
    FUZZ_CHECK(area && list);
}

static int fuzz_one(const uint8_t *data, uint32_t len)
{
    if (len < HDR) return 0;
    uint32_t room = rd32(data), top = rd32(data + 4), rep = rd32(data + 8);
    if (room > CMS_MM_STACK_SIZE) room = CMS_MM_STACK_SIZE;
    if (top < room) top = room;
    uint32_t nargv = data[12];
    struct cms_stack_args a = {.phdr = rd32(data + 13), .phnum = 7, .entry = 0x08049000,
                               .uid = 1000, .euid = 1001, .gid = 100, .egid = 101, .hwcap = 0x8001};
    memcpy(a.random, data + 13, 16);

    /* the strings: a copy with a NUL at the end, split at NULs */
    char *s = malloc(len - HDR + 1);
    memcpy(s, data + HDR, len - HDR);
    s[len - HDR] = 0;
    uint32_t n = 0;
    for (char *p = s; p <= s + (len - HDR) && n < STR_MAX; p += strlen(p) + 1) list[n++] = p;
    /* list[0] is execfn (always there: at least the final NUL) */
    uint32_t extra = n > 1 ? rep & REP_MAX : 0;
    for (uint32_t i = 0; i < extra; i++) list[n + i] = list[n - 1];
    uint32_t nstr = n - 1, argc = nstr < nargv ? nstr : nargv, envc = nstr - argc;
    if (rep >> 31) envc += extra;
    else if (envc) { /* the repeated string is envp's last: move the copies after it */
        envc += extra;
    } else {
        argc += extra;
    }
    a.execfn = list[0];
    a.argv = list + 1;
    a.argc = argc;
    a.envp = list + 1 + argc;
    a.envc = envc;

    g_bottom = top - room;
    g_top = top;
    written = 0;
    uint32_t sp = cms_stack_build(top, g_bottom, &a);

    uint64_t strings = strlen(a.execfn) + 1;
    for (uint32_t i = 0; i < argc + envc; i++) strings += strlen(list[1 + i]) + 1;
    /* the least the image takes: the NULL word, strings, "i686", random bytes and the words */
    uint64_t least = 4 + strings + 5 + 16 + 4 * (3 + (uint64_t)argc + envc + 2 * 18);
    if (!sp) {
        FUZZ_CHECK(!written);
        FUZZ_CHECK(strings > CMS_STACK_ARGS_MAX || argc > CMS_STACK_ARGS_MAX / 4 ||
                   envc > CMS_STACK_ARGS_MAX / 4 || least + 30 > room);
        free(s);
        return 0;
    }
    FUZZ_CHECK(strings <= CMS_STACK_ARGS_MAX && least <= room);
    FUZZ_CHECK((sp & 15) == 0 && sp >= g_bottom && sp < g_top);
    uint32_t w = sp;
#define WORD(va) (FUZZ_CHECK((va) >= g_bottom && (va) <= g_top - 4), rd32(area + ((va) - g_bottom)))
    FUZZ_CHECK(WORD(w) == argc);
    w += 4;
    for (uint32_t i = 0; i < argc; i++, w += 4) check_str(WORD(w), a.argv[i]);
    FUZZ_CHECK(WORD(w) == 0);
    w += 4;
    for (uint32_t i = 0; i < envc; i++, w += 4) check_str(WORD(w), a.envp[i]);
    FUZZ_CHECK(WORD(w) == 0);
    w += 4;
    int seen = 0;
    for (;; w += 8) {
        uint32_t t = WORD(w), v = WORD(w + 4);
        if (t == CMS_AT_NULL) break;
        if (t == CMS_AT_EXECFN) check_str(v, a.execfn), seen |= 1;
        if (t == CMS_AT_PLATFORM) check_str(v, "i686"), seen |= 2;
        if (t == CMS_AT_RANDOM) {
            FUZZ_CHECK(v >= g_bottom && v <= g_top - 16 && !memcmp(area + (v - g_bottom), a.random, 16));
            seen |= 4;
        }
        if (t == CMS_AT_PAGESZ) FUZZ_CHECK(v == 4096), seen |= 8;
    }
    FUZZ_CHECK(seen == 15);
    FUZZ_CHECK(WORD(g_top - 4) == 0);
#undef WORD
    free(s);
    return 1;
}

/* ---- seeds: the argument lists of the busybox cases (tests/busybox/cases.txt: name, stdin,
 * arguments), in the environment the runners give guests, plus edge cases ---- */

static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }

static size_t seed_hdr(uint8_t *b, uint32_t room, uint32_t top, uint32_t rep, uint8_t nargv)
{
    put32(b, room), put32(b + 4, top), put32(b + 8, rep);
    b[12] = nargv;
    for (int i = 0; i < 16; i++) b[13 + i] = (uint8_t)(i * 37 + 1);
    return HDR;
}

static size_t add_str(uint8_t *b, size_t at, const char *s)
{
    size_t n = strlen(s) + 1;
    memcpy(b + at, s, n);
    return at + n;
}

static int fuzz_seeds(const char *dir, int nfiles, char **files)
{
    static uint8_t b[1 << 16];
    static const char *const env[] = {"LANG=C", "PATH=/usr/bin:/bin", "HOME=/nonexistent"};
    unsigned count = 0;
    for (int f = 0; f < nfiles; f++) {
        FILE *in = fopen(files[f], "r");
        if (!in) {
            perror(files[f]);
            return 2;
        }
        char line[4096];
        while (fgets(line, sizeof line, in) && count < 40) {
            if (line[0] == '#' || line[0] == '\n') continue;
            char *save, *name = strtok_r(line, " \t\n", &save), *std = strtok_r(NULL, " \t\n", &save);
            if (!name || !std) continue;
            size_t at = HDR;
            at = add_str(b, at, "/usr/bin/busybox");
            at = add_str(b, at, "busybox");
            (void)name;
            unsigned na = 1;
            for (char *w; (w = strtok_r(NULL, " \t\n", &save)) && at < sizeof b - 4096; na++) at = add_str(b, at, w);
            for (unsigned i = 0; i < 3; i++) at = add_str(b, at, env[i]);
            seed_hdr(b, CMS_MM_STACK_SIZE, CMS_MM_TASK_TOP, 0, (uint8_t)na);
            char nm[64];
            snprintf(nm, sizeof nm, "busybox-%u", count++);
            fuzz_write_seed(dir, nm, b, at - 1); /* the last NUL is implied */
        }
        fclose(in);
    }
    /* edge cases: no strings at all; an area just too small; many empty arguments */
    size_t at = seed_hdr(b, CMS_MM_STACK_SIZE, CMS_MM_TASK_TOP, 0, 0);
    fuzz_write_seed(dir, "empty", b, at);
    at = seed_hdr(b, 180, 0x1000, 0, 1);
    at = add_str(b, at, "/p");
    at = add_str(b, at, "a");
    fuzz_write_seed(dir, "small-area", b, at - 1);
    at = seed_hdr(b, CMS_MM_STACK_SIZE, CMS_MM_TASK_TOP, REP_MAX, 1);
    at = add_str(b, at, "/p");
    fuzz_write_seed(dir, "many-empty-args", b, at); /* "/p", "" and 2^20-1 more "" */
    printf("%u busybox seeds and 3 edge cases in %s\n", count, dir);
    return 0;
}
