/* fuzz-1-47: found by tools/fuzz-x86.py (seed 1, sequence 47), minimized; mismatched in mode interp.
 * Bug: XADD to memory whose address uses the source register; the interpreter wrote the
 * register first and stored the sum at an address computed from the new value (a wrong byte
 * of memory, or SIGSEGV). Fixed in cms/interp/interp.c (the store goes first).
 *   reference: s0000002f 00000003 eax=ffffffc5 ecx=8aaf8a93 edx=51ccdd51 ebx=0000008f esp=00000000 ebp=39c6250c esi=86ca1fbf edi=00000400 efl=00000494 mem=3c4154ec
 *   morph:     (none: morph stopped before this sequence printed)
 * The sequence runs 3 times from the same state (translated, then in a superblock in
 * the bbt modes). The record covers a PUSHF/AND/POPF that masks EFLAGS to the flags the
 * sequence defines (0xcd5), so that every recorded flag is defined. */
#include "rec.h"

        .text
        .globl test_main
test_main:
        movl $3, fz_iter
1:      movl $fz_init, %esi          /* the window's initial contents */
        movl $fz_win, %edi
        movl $128, %ecx
2:      movl (%esi), %eax
        movl %eax, (%edi)
        addl $4, %esi
        addl $4, %edi
        subl $1, %ecx
        jnz 2b
        movl %esp, fz_saved_esp
        movl $fz_stack_top, %esp
        SETFL 0xed6
        movl $0xd2120cb, %eax
        movl $0x8aaf8a93, %ecx
        movl $0x51ccdd51, %edx
        movl $0x8f, %ebx
        movl $0x39c6250c, %ebp
        movl $0x1, %esi
        movl $0x400, %edi
        movl $-59, %eax
        movl $fz_win+2126891374, %esi
        xaddw %si, -2126890739(%esi,%eax,8)
fz_mask_start:
        pushfl
        andl $0xed7, (%esp)
        popfl
fz_end:
        REC fz_mask_start, fz_end
        MEMDUMP fz_win, 512
        movl fz_saved_esp, %esp
        subl $1, fz_iter
        jnz 1b
        ret

        .data
        .p2align 2
fz_iter: .long 0
fz_saved_esp: .long 0
fz_init:
        .long 0x68868e50, 0x90d68c36, 0x6b5dff5e, 0x427cf5a5, 0x45cf43e1, 0x1bd59238, 0x9bca18d1, 0xc2dac399
        .long 0xcf9c776d, 0x6f4f0d75, 0x52dcaaa5, 0x36854541, 0x5b8860b7, 0xa44bc478, 0x4451e95a, 0x56282907
        .long 0x3214f0e3, 0x2d101a07, 0xe44d48cf, 0xe7c542c5, 0xbc25646b, 0x5a98bdf, 0xae9c4776, 0xe8201daf
        .long 0x992484c5, 0x3e38237b, 0x70bc9450, 0xa4ea4c2b, 0x4084091c, 0xf55ad02f, 0x44b39780, 0xfe321881
        .long 0x196ea410, 0x70749e26, 0x95b5d03e, 0xd9f2fb07, 0x54d9518e, 0xa3fd71ba, 0xb48cdcbf, 0xcc7e4d72
        .long 0xbfd1fcda, 0x8915631f, 0x8ba4a524, 0xff057e24, 0x48fb1ec4, 0x4f52e1f5, 0x7ee54023, 0xac82133
        .long 0xd3268ec4, 0x5d3ff8db, 0xe6bdf0e9, 0x4cbf6b99, 0x984f749f, 0xad4951d1, 0x69157f68, 0x19fb9e94
        .long 0x2f0c5b80, 0x2bfd3e7e, 0xa65b487, 0x2254555d, 0xb70b8562, 0x33537091, 0xf56eb811, 0x6ffdadc7
        .long 0x92e13c45, 0x185118d1, 0x522f8bf4, 0xc97a11dc, 0xe37b5bfc, 0x8897603e, 0xf682dcb6, 0xf9d0dbc
        .long 0x6b718f89, 0xa90dbe9, 0x2c5390ff, 0x97c7a4f9, 0x84e1ff5, 0xbdab9f8d, 0x5114ca0, 0xbc2e06a2
        .long 0xe3b5633f, 0xb5863e16, 0x3adc21b4, 0x63b526e1, 0x2a45cff5, 0xe4dfe328, 0xfe701d5, 0x1467115b
        .long 0x3fcd45dd, 0x79a362a6, 0xab02a3fd, 0x10d2f423, 0x8480d208, 0x46f23068, 0x1f1932f7, 0x11be04d4
        .long 0xf5b96486, 0xfc10ca52, 0x4e05e71f, 0xae29b3ec, 0x92db8706, 0xa55df57b, 0x65a188c2, 0xc385b15e
        .long 0xc0673aa9, 0xc1732f30, 0x363ad23a, 0xe3c92484, 0x2c612228, 0xca0e17a, 0x17a8e9d, 0x4589dfe9
        .long 0xb0ecdab3, 0x5cef42ae, 0x23e1c693, 0x7d46ca4a, 0x25f4d1ed, 0x46ecef29, 0xba3df70d, 0x9f56f903
        .long 0x4ea19e38, 0xd1b2b1eb, 0x767dd7ac, 0x5d8e0ce8, 0x1e7b1ec1, 0xc9c30210, 0x99ab8cd0, 0xee0ee1c8
        .bss
        .p2align 12
        .space 4096 - 256
fz_win: .space 512
        .space 4096
        .p2align 4
        .space 4096
fz_stack_top: .space 256
