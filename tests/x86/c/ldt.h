/* modify_ldt's write of one entry for the segment tests (segments.c, seglimits.c): func 1 (old
 * mode) or 0x11 (new), the struct user_desc fields as arguments (contents: MODIFY_LDT_CONTENTS_*),
 * useable set. Returns modify_ldt's result. */
#ifndef TESTS_X86_LDT_H
#define TESTS_X86_LDT_H
#include <asm/ldt.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int ldt_write(int func, unsigned entry, uint32_t base, uint32_t limit, unsigned contents, int read_exec_only,
                     int seg_32bit, int limit_in_pages, int present)
{
    struct user_desc d;
    memset(&d, 0, sizeof d);
    d.entry_number = entry;
    d.base_addr = base;
    d.limit = limit;
    d.seg_32bit = seg_32bit;
    d.contents = contents;
    d.read_exec_only = read_exec_only;
    d.limit_in_pages = limit_in_pages;
    d.seg_not_present = !present;
    d.useable = 1;
    return (int)syscall(SYS_modify_ldt, func, &d, sizeof d);
}

#endif
