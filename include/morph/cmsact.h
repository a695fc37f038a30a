/* Firmware activity tags, written to CSR cmsact so the machine can attribute cycles. Plain
 * defines: the firmware's assembly (cms/start.S, the fast guest-TLB refill) uses them too. */
#ifndef MORPH_CMSACT_H
#define MORPH_CMSACT_H
#define CMSACT_BOOT 0      /* reset to first guest instruction: loader, initial stack */
#define CMSACT_INTERP 1    /* interpreter executing decoded x86 instructions */
#define CMSACT_DECODE 2    /* Zydis decode and decoded-cache fill */
#define CMSACT_SYSCALL 3   /* guest system call handling and marshalling */
#define CMSACT_TRAP 4      /* trap handler: guest-TLB refill, faults */
#define CMSACT_TRANSLATE 5 /* translator (later issue) */
#define CMSACT_DISPATCH 6  /* dispatcher and chaining (later issue) */
#define CMSACT_SBT 7       /* superblock formation and translation */
#define CMSACT_COUNT 8
#endif
