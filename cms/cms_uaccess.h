/* Copies between firmware buffers and guest memory, through the guest load/store ops only.
 * Callers check the range first (cms_mm_range_ok); these never fail on a mapped range. */
#ifndef CMS_UACCESS_H
#define CMS_UACCESS_H
#include <stdint.h>

void cms_copy_from_guest(void *dst, uint32_t va, uint32_t len);
void cms_copy_to_guest(uint32_t va, const void *src, uint32_t len);
/* Copy a NUL-terminated guest string of at most max bytes (NUL included) into dst.
 * Returns the length without NUL, -EFAULT on an unreadable byte, -ENAMETOOLONG if too long. */
int32_t cms_copy_str_from_guest(char *dst, uint32_t va, uint32_t max);
/* Checked variants: -EFAULT (nothing copied) unless the whole range is readable/writable. */
int32_t cms_get_user(void *dst, uint32_t va, uint32_t len);
int32_t cms_put_user(uint32_t va, const void *src, uint32_t len);

#endif
