/* Zycore's C library for Zydis in the firmware (x86/x86.mk: -DZYAN_CUSTOM_LIBC -include this).
 * Zycore's own ZYAN_NO_LIBC versions copy and clear through a volatile byte pointer, one byte
 * per loop; Zydis clears its instruction and operand structures on every decode, and those
 * loops took two thirds of the firmware's decode cycles. The C library's (picolibc's) word-wise
 * memset and memcpy do the same work. Zydis's decoder uses no other function of it. */
#ifndef XL_ZYAN_LIBC_H
#define XL_ZYAN_LIBC_H
#include <string.h>
#define ZYAN_MEMCPY memcpy
#define ZYAN_MEMSET memset
#endif
