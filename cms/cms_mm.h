/* Guest memory manager: physical frame allocator over guest RAM, the page map from guest
 * virtual page to frame, demand-zero pages, GTLB refill, and the Linux memory system calls
 * (brk, mmap2, munmap, mprotect, mremap) for a single i386 process. */
#ifndef CMS_MM_H
#define CMS_MM_H
#include <stdint.h>

#include "cms_pte.h"
#include "morph/memmap.h"
#include "cms.h" /* cms_guest_segv */

/* Guest address space (Linux i386 on a 3G/1G kernel). */
#define CMS_MM_TASK_TOP 0xc0000000u   /* first address above user space; stack top */
#define CMS_MM_STACK_SIZE 0x00800000u /* 8 MiB reserved below the stack top */
#define CMS_MM_MMAP_TOP 0xb7000000u   /* mmap allocates top-down from here (below stack gap) */
#define CMS_MM_MMAP_MIN 0x00010000u   /* like vm.mmap_min_addr */

/* Linux values used by the memory calls. */
#define CMS_PROT_READ 0x1u
#define CMS_PROT_WRITE 0x2u
#define CMS_PROT_EXEC 0x4u
#define CMS_MAP_SHARED 0x01u
#define CMS_MAP_PRIVATE 0x02u
#define CMS_MAP_SHARED_VALIDATE 0x03u
#define CMS_MAP_TYPE 0x0fu
#define CMS_MAP_FIXED 0x10u
#define CMS_MAP_ANONYMOUS 0x20u
#define CMS_MAP_FIXED_NOREPLACE 0x100000u
#define CMS_MREMAP_MAYMOVE 1u
#define CMS_MREMAP_FIXED 2u

void cms_mm_init(uint32_t ram_size);
/* Guest page frames in all (cms_stats.guest_pages of them are in use). */
uint32_t cms_mm_guest_frames(void);
uint32_t cms_mm_pte(uint32_t va);
/* 1 if a guest read (or write) of va would succeed (possibly after a demand-zero refill). */
int cms_mm_is_mapped(uint32_t va);
int cms_mm_is_writable(uint32_t va);
/* Before an access of LEN (<= a page) bytes at VA that x86 does as one but the firmware does in
 * parts, or after changing state (x87: FIP, FOP, C1): the fault the CPU would take, first (at
 * VA, or at the second page's first byte), with nothing done. */
static inline void cms_mm_access_check(uint32_t va, uint32_t len, int write)
{
    uint32_t last = va + len - 1;
    int (*ok)(uint32_t) = write ? cms_mm_is_writable : cms_mm_is_mapped;
    if (!ok(va)) cms_guest_segv(va, write);
    if ((last ^ va) >> MM_PAGE_SHIFT && !ok(last)) cms_guest_segv(last & ~(uint32_t)(MM_PAGE_SIZE - 1), write);
}
/* The same for a store made of several guest stores: within one page the first store faults by
 * itself, so only a store across a page boundary needs the check. */
static inline void cms_mm_store_check(uint32_t va, uint32_t len)
{
    if ((va ^ (va + len - 1)) >> MM_PAGE_SHIFT) cms_mm_access_check(va, len, 1);
}
/* 1 if every page of [va, va+len) passes is_mapped (write = 0) or is_writable (write = 1). */
int cms_mm_range_ok(uint32_t va, uint32_t len, int write);
/* 1 if no page of [va, va+len) is mapped. */
int cms_mm_range_free(uint32_t va, uint32_t len);
/* Highest page-aligned free range of len bytes inside [lo, hi); 0 when none. */
uint32_t cms_mm_find_free(uint32_t len, uint32_t lo, uint32_t hi);

/* Reserve [va, va+len) (page aligned) as demand-zero memory with prot (CMS_PROT_*), replacing
 * whatever was there. */
void cms_mm_map_anon(uint32_t va, uint32_t len, unsigned prot);
/* Remove mappings in [va, va+len) and free their frames; holes are fine. */
void cms_mm_unmap(uint32_t va, uint32_t len);
/* Firmware-owned fill of a mapped page before the guest sees it: makes the page present (a
 * fresh frame zeroed) and returns a pointer to its frame. */
uint8_t *cms_mm_page_for_fill(uint32_t va);
/* Fill guest range [va, va + len) (mapped) from file fd at byte offset off: the host's pread64
 * writes each page's frame itself. Returns the bytes read (fewer at the end of the file; the
 * rest of the range's present pages is zero), or the host's -errno. */
int32_t cms_mm_fill_file(uint32_t va, uint32_t len, int32_t fd, uint64_t off);

/* Set when a mapping with execute permission was removed or changed (decoded instructions and
 * translations may be stale); the syscall layer clears it and calls cms_notify_code_change. */
extern int cms_mm_code_changed;

/* GTLB miss / protection trap on guest address va. Returns CMS_MM_FAULT_OK when the access can
 * be retried (entry refilled), CMS_MM_FAULT_SEGV when it is a guest SIGSEGV, and
 * CMS_MM_FAULT_CODE for a store to a writable code page: the caller completes the store with
 * cms_mm_code_store (CMS mode) or rolls back to the interpreter, which does (translated mode). */
#define CMS_MM_FAULT_SEGV 0
#define CMS_MM_FAULT_OK 1
#define CMS_MM_FAULT_CODE 2
#define CMS_MM_FAULT_BUS 3 /* a file mapping past its end: SIGBUS (cms_guest_segv delivers it) */
int cms_mm_fault(uint32_t va, int write);

/* Code pages (self-modifying code, docs/firmware.md "Code pages"): pages are split into chunks of
 * CMS_CODE_CHUNK bytes; the x86 front end marks the bytes of every instruction it decodes. */
#define CMS_CODE_CHUNK_SHIFT 6
#define CMS_CODE_CHUNK (1u << CMS_CODE_CHUNK_SHIFT)
#define CMS_CODE_CHUNKS (MM_PAGE_SIZE >> CMS_CODE_CHUNK_SHIFT)
#define CMS_CODE_PAGES_MAX 8192u /* table slots; at most 3/4 used, then pages are marked whole */
/* [va, va+len) holds x86 code that was decoded: its page becomes a code page. */
void cms_mm_code_mark(uint32_t va, uint32_t len);
/* 1 if the chunk of va holds code. */
int cms_mm_is_code(uint32_t va);
/* Completes a guest store of size (1, 2, 4) bytes of val at va that touches a code page: writes
 * it, then drops the decoded instructions and translations it overwrote (the code-written hooks).
 * Returns 0, or the first address the page map does not let the guest write (nothing written). */
uint32_t cms_mm_code_store(uint32_t va, uint32_t size, uint32_t val);
/* A debugger's store (morph run -g), as ptrace's: the same on any page the guest may read, its
 * protection aside (code, read-only data); returns 0 or the first address it may not. */
uint32_t cms_mm_debug_store(uint32_t va, uint32_t size, uint32_t val);

/* brk: set the initial break (page after the ELF's highest segment). */
void cms_mm_brk_init(uint32_t start);
uint32_t cms_mm_brk(uint32_t want);

/* System calls (Linux semantics, -errno on failure). pgoff is in 4096-byte units. */
int32_t cms_mm_mmap(uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags, int32_t fd,
                    uint32_t pgoff);
int32_t cms_mm_munmap(uint32_t addr, uint32_t len);
int32_t cms_mm_mprotect(uint32_t addr, uint32_t len, uint32_t prot);
int32_t cms_mm_madvise(uint32_t addr, uint32_t len, uint32_t advice);
/* ORs state bits (CMS_PTE_FILE, CMS_PTE_SHARED) into the entries of the mapped pages of
 * [va, va+len) (page aligned). */
void cms_mm_mark(uint32_t va, uint32_t len, uint32_t bits);
int32_t cms_mm_mremap(uint32_t old, uint32_t old_len, uint32_t new_len, uint32_t flags,
                      uint32_t new_addr);

/* Read from a host file descriptor into firmware memory (through the bounce area); returns
 * bytes read or -errno. Used for file mappings and the ELF loader. */
int32_t cms_file_pread(int32_t fd, void *dst, uint32_t len, uint64_t off);

/* The page table's directory (cms_pte.h), which the fast refill in cms/start.S reads, and the
 * refills that path made (added to gtlb_refills when the statistics are sent). */
extern uint32_t *cms_pt_dir[1024];
extern uint32_t cms_gtlb_fast_refills;

#endif
