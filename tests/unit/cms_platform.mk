# Host tests of the CMS platform (page map and frame allocator, demand paging through a fake
# guest TLB, memory system calls, ELF validation, initial stack, syscall marshalling, printf).
UNIT_TESTS += cms_platform
UNIT_SRCS_cms_platform := tests/unit/test_cms_platform.c cms/cms_mm.c cms/cms_elf.c \
	cms/cms_stack.c cms/cms_uaccess.c cms/cms_sysabi.c cms/cms_syscall.c cms/cms_desc.c cms/cms_strace.c cms/cms_signal.c cms/cms_futex.c cms/cms_thread.c cms/cms_printf.c \
	cms/cms_rt.c cms/cms_htif.c
UNIT_CFLAGS_cms_platform := -DCMS_HOST -Icms -Iconcealed-mem -Iinclude -I$(GEN)
