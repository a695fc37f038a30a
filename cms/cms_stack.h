/* Initial process stack of a Linux i386 program: strings, auxiliary vector, envp, argv, argc. */
#ifndef CMS_STACK_H
#define CMS_STACK_H
#include <stdint.h>

/* Auxiliary vector types (Linux). */
#define CMS_AT_NULL 0
#define CMS_AT_PHDR 3
#define CMS_AT_PHENT 4
#define CMS_AT_PHNUM 5
#define CMS_AT_PAGESZ 6
#define CMS_AT_BASE 7
#define CMS_AT_FLAGS 8
#define CMS_AT_ENTRY 9
#define CMS_AT_UID 11
#define CMS_AT_EUID 12
#define CMS_AT_GID 13
#define CMS_AT_EGID 14
#define CMS_AT_PLATFORM 15
#define CMS_AT_HWCAP 16
#define CMS_AT_CLKTCK 17
#define CMS_AT_SECURE 23
#define CMS_AT_RANDOM 25
#define CMS_AT_EXECFN 31

struct cms_stack_args {
    uint32_t argc, envc;
    const char *const *argv; /* firmware strings */
    const char *const *envp;
    const char *execfn;
    uint8_t random[16];
    uint32_t phdr, phnum, entry;
    uint32_t base; /* AT_BASE: the program interpreter's load bias (0: none) */
    uint32_t uid, euid, gid, egid;
    uint32_t hwcap;
};

/* Largest total of argument and environment strings accepted (Linux allows 1/4 of the stack). */
#define CMS_STACK_ARGS_MAX (2u << 20)

/* Write the initial stack below top, never below bottom (guest memory must be mapped writable
 * in [bottom, top)) and return the initial ESP (16-byte aligned, pointing at argc). Returns 0,
 * having written nothing, if the strings are too big or the image does not fit above bottom. */
uint32_t cms_stack_build(uint32_t top, uint32_t bottom, const struct cms_stack_args *a);

#endif
