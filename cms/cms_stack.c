/* Builds the initial stack image the way Linux's exec does for i386 (fs/exec.c, binfmt_elf.c):
 * from the top down: a NULL word, execfn, environment strings, argument strings, the platform
 * string, 16 random bytes; then, 16-byte aligned, argc, argv[], NULL, envp[], NULL, auxv.
 * All writes go through the guest store ops. */
#include <string.h>
#include "cms_guest.h"
#include "cms_stack.h"

static uint32_t put_string(uint32_t va, const char *s)
{
    uint32_t n = (uint32_t)strlen(s) + 1;
    for (uint32_t i = 0; i < n; i++) cms_gst8(va + i, (uint8_t)s[i]);
    return n;
}

uint32_t cms_stack_build(uint32_t top, uint32_t bottom, const struct cms_stack_args *a)
{
    if (a->argc > CMS_STACK_ARGS_MAX / 4 || a->envc > CMS_STACK_ARGS_MAX / 4) return 0;
    uint64_t total = strlen(a->execfn) + 1; /* 64-bit: a sum of strlens cannot wrap */
    for (uint32_t i = 0; i < a->argc; i++) total += strlen(a->argv[i]) + 1;
    for (uint32_t i = 0; i < a->envc; i++) total += strlen(a->envp[i]) + 1;
    if (total > CMS_STACK_ARGS_MAX) return 0;
    uint32_t strings = (uint32_t)total;
    /* the whole image: NULL word, strings, platform, random bytes, the 16-byte alignment
     * below them, the argc/argv/envp/auxv words and their alignment (18 auxv pairs, below) */
    uint64_t need = 4 + (uint64_t)strings + 5 + 16 + 15 +
                    4 * (1 + (uint64_t)a->argc + 1 + a->envc + 1 + 2 * 18) + 15;
    if (top < bottom || top - bottom < need) return 0;

    uint32_t p = top - 4;
    cms_gst32(p, 0);
    p -= (uint32_t)strlen(a->execfn) + 1;
    uint32_t execfn = p;
    put_string(execfn, a->execfn);
    p -= strings - ((uint32_t)strlen(a->execfn) + 1);
    uint32_t str = p; /* argv strings first (lowest), then envp strings */
    uint32_t argv0 = str;
    for (uint32_t i = 0; i < a->argc; i++) str += put_string(str, a->argv[i]);
    uint32_t envp0 = str;
    for (uint32_t i = 0; i < a->envc; i++) str += put_string(str, a->envp[i]);

    p -= 5;
    uint32_t platform = p;
    put_string(platform, "i686");
    p -= 16;
    uint32_t random = p;
    for (int i = 0; i < 16; i++) cms_gst8(random + i, a->random[i]);
    p &= ~15u;

    const uint32_t aux[][2] = {
        {CMS_AT_HWCAP, a->hwcap},  {CMS_AT_PAGESZ, 4096},     {CMS_AT_CLKTCK, 100},
        {CMS_AT_PHDR, a->phdr},    {CMS_AT_PHENT, 32},        {CMS_AT_PHNUM, a->phnum},
        {CMS_AT_BASE, a->base},          {CMS_AT_FLAGS, 0},         {CMS_AT_ENTRY, a->entry},
        {CMS_AT_UID, a->uid},      {CMS_AT_EUID, a->euid},    {CMS_AT_GID, a->gid},
        {CMS_AT_EGID, a->egid},    {CMS_AT_SECURE, 0},        {CMS_AT_RANDOM, random},
        {CMS_AT_EXECFN, execfn},   {CMS_AT_PLATFORM, platform}, {CMS_AT_NULL, 0},
    };
    uint32_t naux = sizeof aux / sizeof aux[0];
    _Static_assert(sizeof aux / sizeof aux[0] == 18, "the size check above counts 18 auxv pairs");
    uint32_t words = 1 + a->argc + 1 + a->envc + 1 + 2 * naux;
    uint32_t sp = (p - words * 4) & ~15u;

    uint32_t w = sp;
    cms_gst32(w, a->argc);
    w += 4;
    for (uint32_t i = 0; i < a->argc; i++, w += 4) {
        cms_gst32(w, argv0);
        argv0 += (uint32_t)strlen(a->argv[i]) + 1;
    }
    cms_gst32(w, 0);
    w += 4;
    for (uint32_t i = 0; i < a->envc; i++, w += 4) {
        cms_gst32(w, envp0);
        envp0 += (uint32_t)strlen(a->envp[i]) + 1;
    }
    cms_gst32(w, 0);
    w += 4;
    for (uint32_t i = 0; i < naux; i++, w += 8) {
        cms_gst32(w, aux[i][0]);
        cms_gst32(w + 4, aux[i][1]);
    }
    return sp;
}
