/* Firmware activity tags, written to CSR cmsact so the machine can attribute cycles. */
#ifndef MORPH_CMSACT_H
#define MORPH_CMSACT_H
enum cms_activity {
    CMSACT_BOOT = 0,      /* reset to first guest instruction: loader, initial stack */
    CMSACT_INTERP = 1,    /* interpreter executing decoded x86 instructions */
    CMSACT_DECODE = 2,    /* Zydis decode and decoded-cache fill */
    CMSACT_SYSCALL = 3,   /* guest system call handling and marshalling */
    CMSACT_TRAP = 4,      /* trap handler: guest-TLB refill, faults */
    CMSACT_TRANSLATE = 5, /* translator (later issue) */
    CMSACT_DISPATCH = 6,  /* dispatcher and chaining (later issue) */
    CMSACT_SBT = 7,       /* superblock formation and translation */
    CMSACT_COUNT = 8
};
#endif
