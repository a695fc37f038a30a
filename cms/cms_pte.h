/* The firmware's page map entry (cms/cms_mm.c), for C and the assembly of the fast guest-TLB
 * refill (cms/start.S): prot bits, state bits, the frame address in bits 31:12 when present.
 * Plain numbers: the assembler reads them too. */
#ifndef CMS_PTE_H
#define CMS_PTE_H
#define CMS_PTE_R 0x01
#define CMS_PTE_W 0x02
#define CMS_PTE_X 0x04
#define CMS_PTE_PROT 0x07
#define CMS_PTE_MAPPED 0x08  /* part of a mapping (reserved; demand-zero until present) */
#define CMS_PTE_PRESENT 0x10 /* backed by the frame in bits 31:12 */
#define CMS_PTE_CODE 0x20    /* holds decoded or translated x86 code: its GTLB entry has no W, so
                                guest stores trap (self-modifying code, cms_mm.c) */
#define CMS_PTE_BUS 0x40     /* a file mapping's page wholly past the end of the file: any access
                                is SIGBUS (BUS_ADRERR), as Linux; never present */
#define CMS_PTE_FILE 0x80     /* a page of a file mapping (mmap of a file, an ELF segment's file
                                bytes): MADV_DONTNEED would give back the file's bytes */
#define CMS_PTE_SHARED 0x100  /* a page of a MAP_SHARED mapping: MADV_DONTNEED keeps its contents */
#define CMS_PTE_FRAME 0xfffff000
/* The page table: cms_pt_dir[va >> 22] points at 1024 entries (page va >> 12 & 1023), or 0. */
#define CMS_PT_DIR_SHIFT 22
#define CMS_PT_INDEX_MASK 1023
#endif
