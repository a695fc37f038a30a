/* rt.S: runtime of the random x86 sequence programs (tools/fuzz-x86.py, docs/testing.md
 * "Random differential testing").
 *
 * _start fills a 16 KiB pool with the xorshift32 stream of a fixed seed, then calls the generated
 * `fuzz_main`. For each sequence and iteration that copies 512 bytes of the pool (from an offset
 * the sequence chose) into the scratch window, switches to the private stack, loads EFLAGS and
 * the registers, calls fz_fpinit (x87: every register +0 and empty), runs the sequence, then
 * `pushfl; pushal; call fz_dump` and goes back to its own stack. fz_dump appends one binary record
 * to the output buffer:
 *   "SZFZ", sequence index, iteration, edi esi ebp esp ebx edx ecx eax eflags, the window, the
 * x87 state as FNSAVE stores it
 * (little-endian dwords; esp relative to fz_stack_top; eflags masked with fz_mask, the flags the
 * sequence defines). fz_flush writes the buffer (after each sequence, so that a crash keeps the
 * records before it). The copies are REP MOVSL: an emulation bug there shows in every record. */

/* The sizes come from tools/fuzz-x86.py (WIN, POOL, POOL_SEED) on the compiler's command line:
 * FZ_WIN_BYTES, the scratch window (half each side of a page boundary); FZ_POOL_BYTES, the random
 * pool it is filled from; FZ_POOL_SEED, the pool's xorshift32 seed; FZ_FPU_BYTES, FNSAVE's image;
 * FZ_TAIL_BYTES, the bytes below the guard page that a record holds too. */
#if !defined(FZ_WIN_BYTES) || !defined(FZ_POOL_BYTES) || !defined(FZ_POOL_SEED) || !defined(FZ_FPU_BYTES) || \
    !defined(FZ_TAIL_BYTES)
#error "build with tools/fuzz-x86.py (it defines FZ_WIN_BYTES, FZ_POOL_BYTES, FZ_POOL_SEED)"
#endif

        .text
        .globl _start
_start:
        movl $fz_outbuf, fz_outp
        movl $fz_sigs, %esi             /* the fault handler for SIGILL SIGTRAP SIGBUS SIGFPE SIGSEGV */
2:      movzbl (%esi), %ebx
        testl %ebx, %ebx
        jz 3f
        movl $174, %eax                 /* rt_sigaction(sig, &fz_sigact, 0, 8) */
        movl $fz_sigact, %ecx
        xorl %edx, %edx
        pushl %esi
        movl $8, %esi
        int $0x80
        popl %esi
        incl %esi
        jmp 2b
3:      movl $125, %eax                 /* mprotect(fz_guard, 4096, PROT_NONE) */
        movl $fz_guard, %ebx
        movl $4096, %ecx
        xorl %edx, %edx
        int $0x80
        movl $FZ_POOL_SEED, %eax        /* pool: x ^= x << 13; x ^= x >> 17; x ^= x << 5 */
        movl $fz_pool, %edi
        movl $(FZ_POOL_BYTES / 4), %ecx
1:      movl %eax, %edx
        shll $13, %edx
        xorl %edx, %eax
        movl %eax, %edx
        shrl $17, %edx
        xorl %edx, %eax
        movl %eax, %edx
        shll $5, %edx
        xorl %edx, %eax
        movl %eax, (%edi)
        addl $4, %edi
        subl $1, %ecx
        jnz 1b
        call fuzz_main
        call fz_flush
        movl $1, %eax                   /* exit(0) */
        xorl %ebx, %ebx
        int $0x80
        hlt

/* fz_fill: ESI = pool offset (a multiple of 4, at most FZ_POOL_BYTES - FZ_WIN_BYTES); copies
 * the pool there into the window, and zeroes the tail (a store that faults may have written
 * it). Clobbers EAX ECX ESI EDI. */
        .globl fz_fill
fz_fill:
        cld
        addl $fz_pool, %esi
        movl $fz_win, %edi
        movl $(FZ_WIN_BYTES / 4), %ecx
        rep movsl
        xorl %eax, %eax
        movl $fz_guard - FZ_TAIL_BYTES, %edi
        movl $(FZ_TAIL_BYTES / 4), %ecx
        rep stosl
        ret

/* fz_fpinit: the x87 state every iteration starts from: the stack empty and every physical
 * register +0 (FNSAVE stores empty registers too; popped values stay until overwritten). */
        .globl fz_fpinit
fz_fpinit:
        fninit
        fldz
        fldz
        fldz
        fldz
        fldz
        fldz
        fldz
        fldz
        fninit
        ret

/* Helpers the sequences call (CALL and RET inside superblock paths, callees far from the
 * caller): fz_h1 EAX = EAX + 2 * ECX + 7 (no flags); fz_h2 EDX += EBX (flags); fz_h3 ESI = its
 * stack argument, RET 4. */
        .globl fz_h1, fz_h2, fz_h3
fz_h1:
        leal 7(%eax,%ecx,2), %eax
        ret
fz_h2:
        addl %ebx, %edx
        ret
fz_h3:
        movl 4(%esp), %esi
        ret $4

/* fz_ro: a word in the (read-only) text that sequences write on purpose */
        .globl fz_ro
        .p2align 2
fz_ro:  .long 0x5a5a5a5a

/* fz_dump: frame at entry: 0 ret, 4 edi, 8 esi, 12 ebp, 16 esp (pushal), 20 ebx, 24 edx,
 * 28 ecx, 32 eax, 36 eflags. The record's signal, si_code, si_addr and EIP words are 0. */
        .globl fz_dump
fz_dump:
        cld
        movl fz_outp, %edi
        call fz_head
        xorl %eax, %eax
        movl $4, %ecx
        rep stosl
        leal 4(%esp), %esi
        movl $9, %ecx
        rep movsl
        movl -24(%edi), %eax            /* esp: undo the pushfl, relative to the stack top */
        addl $4, %eax
        subl $fz_stack_top, %eax
        movl %eax, -24(%edi)
        call fz_mem
        fnsave (%edi)                   /* the x87 state (FNSAVE also reinitializes it) */
        addl $FZ_FPU_BYTES, %edi
        movl %edi, fz_outp
        ret

/* fz_head: "SZFZ", sequence, iteration at EDI (advanced). Clobbers EAX. */
fz_head:
        movl $0x5a465a53, (%edi)        /* "SZFZ" */
        movl fz_seq, %eax
        movl %eax, 4(%edi)
        movl fz_iter, %eax
        movl %eax, 8(%edi)
        addl $12, %edi
        ret

/* fz_mem: masks the record's EFLAGS (EDI - 4) with fz_mask, appends the window and the tail.
 * Clobbers EAX ECX ESI. */
fz_mem:
        movl -4(%edi), %eax
        andl fz_mask, %eax
        movl %eax, -4(%edi)
        movl $fz_win, %esi
        movl $(FZ_WIN_BYTES / 4), %ecx
        rep movsl
        movl $fz_guard - FZ_TAIL_BYTES, %esi
        movl $(FZ_TAIL_BYTES / 4), %ecx
        rep movsl
        ret

/* fz_fault: the handler (SA_SIGINFO | SA_NODEFER) of the signals a sequence raises on purpose
 * (tools/fuzz-x86.py u_fault). Appends a record of the signal context: signal, si_code, si_addr,
 * EIP, the registers (EDI..EAX as pushal, ESP relative to the stack top, EFLAGS masked), the
 * window and the tail, and the x87 state of the context (its FNSAVE image); then leaves through
 * fz_resume, the sequence's next iteration, without returning (SA_NODEFER: the signal is not
 * blocked). Frame: 4 signal, 8 siginfo, 12 ucontext (sigcontext at +20). */
#define UC_SC 20
fz_fault:
        cld
        movl fz_outp, %edi
        call fz_head
        movl 4(%esp), %eax
        movl %eax, (%edi)
        movl 8(%esp), %ebx
        movl 8(%ebx), %eax              /* si_code */
        movl %eax, 4(%edi)
        movl 12(%ebx), %eax             /* si_addr */
        movl %eax, 8(%edi)
        movl 12(%esp), %ebp
        movl UC_SC + 56(%ebp), %eax     /* eip */
        movl %eax, 12(%edi)
        addl $16, %edi
        leal UC_SC + 16(%ebp), %esi     /* edi esi ebp esp ebx edx ecx eax */
        movl $8, %ecx
        rep movsl
        movl UC_SC + 64(%ebp), %eax     /* eflags */
        movl %eax, (%edi)
        addl $4, %edi
        subl $fz_stack_top, -24(%edi)
        call fz_mem
        movl UC_SC + 76(%ebp), %esi     /* fpstate: its first bytes are the FNSAVE image */
        movl $(FZ_FPU_BYTES / 4), %ecx
        testl %esi, %esi
        jz 1f
        rep movsl
        jmp 2f
1:      xorl %eax, %eax
        rep stosl
2:      movl %edi, fz_outp
        fninit
        jmp *fz_resume

/* fz_flush: write(1, fz_outbuf, fz_outp - fz_outbuf), then empty the buffer. Clobbers EAX ECX
 * EDX EBX. */
        .globl fz_flush
fz_flush:
        movl fz_outp, %edx
        subl $fz_outbuf, %edx
        jz 1f
        movl $4, %eax
        movl $1, %ebx
        movl $fz_outbuf, %ecx
        int $0x80
        movl $fz_outbuf, fz_outp
1:      ret

        .data
        .p2align 2
        .globl fz_seq, fz_iter, fz_mask, fz_saved_esp, fz_resume
fz_seq: .long 0
fz_resume: .long 0
fz_iter: .long 0
fz_mask: .long 0
fz_saved_esp: .long 0
fz_outp: .long 0
fz_sigact:                              /* struct sigaction: handler, flags, restorer, mask */
        .long fz_fault, 0x40000004, 0, 0, 0
fz_sigs: .byte 4, 5, 7, 8, 11, 0

        .bss
        .p2align 12
        .globl fz_win, fz_page
        .space 4096 - FZ_WIN_BYTES / 2
fz_win:                                 /* the window: 256 bytes, the page boundary, 256 bytes */
        .space FZ_WIN_BYTES / 2
fz_page:
        .space 4096
        .globl fz_guard
fz_guard:                               /* PROT_NONE (_start): accesses here fault on purpose */
        .space 4096
        .p2align 4
        .space 16384
        .globl fz_stack_top
fz_stack_top:                           /* the sequences' stack; 256 bytes above for stray pops */
        .space 256
        .p2align 4
fz_pool:
        .space FZ_POOL_BYTES
fz_outbuf:
        .space 65536
