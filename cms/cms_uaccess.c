/* Guest copies: word-sized guest ops where possible (unaligned is fine for guest ops). */
#include "cms_errno.h"
#include "cms_guest.h"
#include "cms_mm.h"
#include "cms_uaccess.h"

/* The firmware side's words: a plain word access when the buffer is aligned (the bounce area and
 * the firmware's structures are), else __builtin_memcpy, which the compiler expands into byte
 * accesses. A memcpy(&v, s, 4) was a call of picolibc's memcpy per word (-ffreestanding implies
 * -fno-builtin): 3.3% of tcc's cycles, reading its source 8 KiB at a time. */
typedef uint32_t __attribute__((may_alias)) cms_word_t;

void cms_copy_from_guest(void *dst, uint32_t va, uint32_t len)
{
    uint8_t *d = dst;
    if (((uintptr_t)d & 3) == 0) {
        for (; len >= 4; len -= 4, va += 4, d += 4) *(cms_word_t *)d = cms_gld32(va);
    } else {
        for (; len >= 4; len -= 4, va += 4, d += 4) {
            uint32_t v = cms_gld32(va);
            __builtin_memcpy(d, &v, 4);
        }
    }
    for (; len; len--) *d++ = (uint8_t)cms_gld8(va++);
}

void cms_copy_to_guest(uint32_t va, const void *src, uint32_t len)
{
    const uint8_t *s = src;
    if (((uintptr_t)s & 3) == 0) {
        for (; len >= 4; len -= 4, va += 4, s += 4) cms_gst32(va, *(const cms_word_t *)s);
    } else {
        for (; len >= 4; len -= 4, va += 4, s += 4) {
            uint32_t v;
            __builtin_memcpy(&v, s, 4);
            cms_gst32(va, v);
        }
    }
    for (; len; len--) cms_gst8(va++, *s++);
}

int32_t cms_copy_str_from_guest(char *dst, uint32_t va, uint32_t max)
{
    uint32_t checked_page = 1; /* no page checked yet (a page address is never odd) */
    for (uint32_t i = 0; i < max; i++, va++) {
        uint32_t page = va & ~0xfffu;
        if (page != checked_page) {
            if (!cms_mm_is_mapped(va)) return -CMS_EFAULT;
            checked_page = page;
        }
        dst[i] = (char)cms_gld8(va);
        if (!dst[i]) return (int32_t)i;
    }
    return -CMS_ENAMETOOLONG;
}

int32_t cms_get_user(void *dst, uint32_t va, uint32_t len)
{
    if (!cms_mm_range_ok(va, len, 0)) return -CMS_EFAULT;
    cms_copy_from_guest(dst, va, len);
    return 0;
}

int32_t cms_put_user(uint32_t va, const void *src, uint32_t len)
{
    if (!cms_mm_range_ok(va, len, 1)) return -CMS_EFAULT;
    cms_copy_to_guest(va, src, len);
    return 0;
}
