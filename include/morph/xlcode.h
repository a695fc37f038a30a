/* Conventions of translated code that the simulator's tools read as well as the firmware
 * (docs/translator.md "Commits and recovery"). */
#ifndef MORPH_XLCODE_H
#define MORPH_XLCODE_H

/* A `commit x0` records its own address in CSR xcommit_at (docs/isa.md section 5) instead of an
 * EIP in a register: the translator writes it only right before an exit stub whose target is
 * that commit point's EIP, so the EIP is the word this many bytes after the commit (the stub's
 * data word 2: translator/xl_encode.h lays the stub out and checks this). */
#define MORPH_COMMIT_AT_EIP_OFFSET 12u

/* Exit stubs (translator/xl_encode.h lays them out): the index of the kind word, and in its low
 * seven bits the kind of an x87 call, which the trap entry (cms/start.S) tests to go straight to
 * the x87 helper. Plain numbers: the assembler reads them too. */
#define MORPH_STUB_KIND_WORD 3
#define MORPH_STUB_KIND_MASK 0x7f
#define MORPH_STUB_X87 3

#endif
