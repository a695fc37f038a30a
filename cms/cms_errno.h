/* Linux errno values as the i386 guest sees them (the firmware's libc may number differently). */
#ifndef CMS_ERRNO_H
#define CMS_ERRNO_H
#define CMS_EPERM 1
#define CMS_ENOENT 2
#define CMS_ESRCH 3
#define CMS_EINTR 4
#define CMS_EIO 5
#define CMS_E2BIG 7
#define CMS_ENOEXEC 8
#define CMS_EBADF 9
#define CMS_EAGAIN 11
#define CMS_ENOMEM 12
#define CMS_EACCES 13
#define CMS_EFAULT 14
#define CMS_EEXIST 17
#define CMS_ENODEV 19
#define CMS_ENOTDIR 20
#define CMS_EISDIR 21
#define CMS_EINVAL 22
#define CMS_ENOTTY 25
#define CMS_ERANGE 34
#define CMS_EDEADLK 35
#define CMS_ENAMETOOLONG 36
#define CMS_ENOSYS 38
#define CMS_ELOOP 40
#define CMS_ETIMEDOUT 110
/* The kernel's restart codes (include/linux/errno.h): a system call that a signal interrupted
 * returns one, and the way out of the call (cms_signal_syscall_result) turns it into EINTR or a
 * restart; the guest never sees them. */
#define CMS_ERESTARTSYS 512
#define CMS_ERESTARTNOINTR 513
#define CMS_ERESTARTNOHAND 514
#define CMS_ERESTART_RESTARTBLOCK 516
#endif
