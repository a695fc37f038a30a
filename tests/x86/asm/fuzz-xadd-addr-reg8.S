/* fuzz-1-38: found by tools/fuzz-x86.py (seed 1, sequence 38), minimized; mismatched in mode interp.
 * Bug: XADD to memory whose address uses the source register; the interpreter wrote the
 * register first and stored the sum at an address computed from the new value (a wrong byte
 * of memory, or SIGSEGV). Fixed in cms/interp/interp.c (the store goes first).
 *   reference: it=3 eax=4c5e0ee8 ecx=d8af6092 edx=00007fff ebx=000000de esp=00000000 ebp=7f1623d0 esi=6490e7d8 edi=00000095 efl=00000415 mem: 1 bytes differ, first at window+0x4b: 1bedbf2b58c60817
 *   morph:     it=3 eax=4c5e0ee8 ecx=d8af6092 edx=00007fff ebx=000000de esp=00000000 ebp=7f1623d0 esi=6490e7d8 edi=00000095 efl=00000415 mem: 1 bytes differ, first at window+0x4b: deedbf2b58c60817
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
        SETFL 0x6d6
        movl $0x4c5e0ee8, %eax
        movl $0xd8af6092, %ecx
        movl $0x7fff, %edx
        movl $0xffff8000, %ebx
        movl $0x7f1623d0, %ebp
        movl $0x6490e7d8, %esi
        movl $0x95, %edi
        movl $61, %ebx
        xaddb %bl, fz_win-230(%ebx,%ebx,4)
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
        .long 0x6f45f058, 0xf89d871f, 0x47b62720, 0xe91eb7a9, 0xc29a83dc, 0xcec81f2c, 0x6892cefa, 0x18ff5ddc
        .long 0x9bd02bbe, 0x4a53394d, 0x822b71f0, 0x6eb5f8ba, 0xe5f8dd0b, 0x356186c7, 0xb295e77b, 0xc12a8886
        .long 0x977a13fb, 0x75a63659, 0xdec4b20f, 0x582bbfed, 0xd51708c6, 0xb5f58ae1, 0x919cbe15, 0xcd9dba7a
        .long 0x208a2573, 0xe0aa9b41, 0xcb9eb6a0, 0xb41db8a5, 0x622a3d01, 0x94cbf744, 0xae4348f5, 0x2cece03b
        .long 0xad90d18e, 0x4388019e, 0x34c7e823, 0xf1be7482, 0xdaeb49b5, 0xc86bbb3b, 0x5e9c131d, 0x43047122
        .long 0x692aa1f2, 0x9f8b1078, 0x4d09b9fa, 0x3cee58c1, 0x936647a, 0x72919266, 0x5b733308, 0x9f579da1
        .long 0xf092f1d0, 0x7bbc7604, 0x5aed1bfa, 0xcbd6c153, 0x6c69bd0d, 0x22ce2dc9, 0x998b032, 0xec41005d
        .long 0x45120978, 0x839c67a6, 0xe27ca252, 0xb0edf069, 0xd2fa3439, 0x1bd69ee7, 0xc94946a2, 0xd233bbec
        .long 0xc83402b, 0xf4445f68, 0x8a85773c, 0xa83e44ad, 0x75d14bf8, 0xc962d04f, 0xfe0446ba, 0xacb487b3
        .long 0xb41dcbd2, 0xa1962141, 0xd278405e, 0x940e4187, 0xdbef7c98, 0xbbf0b266, 0x1a38b3b8, 0x85b9067f
        .long 0xba02c44, 0xcb3dc150, 0x11e8e3bb, 0xbe6f2bf4, 0x392149fc, 0x13c6ff93, 0x4aabc8a9, 0x4460dfb6
        .long 0xad503fdd, 0xffd29b88, 0x38da76f9, 0xb6a8d29b, 0x33877826, 0x4cf91a87, 0x9a906733, 0x58bfcd08
        .long 0x82cd2d67, 0xcb5a0437, 0xf0489af9, 0x81eea532, 0xfc513d56, 0xa48985cb, 0x122555b3, 0xaafe56ba
        .long 0x650df36e, 0xb76b851e, 0x3eccf9ba, 0x9e86c1a7, 0x90f25d3e, 0xb1ebe214, 0x78899cc0, 0x29269048
        .long 0x9ed2563f, 0x56ae5a95, 0x226a390b, 0xcc261e6e, 0xf290eafb, 0x16305e9c, 0xa199ddcd, 0xde262b7d
        .long 0x72795df9, 0x610c725a, 0x7affad9, 0xe66072c3, 0xef34bd3f, 0x6aff4fb6, 0xe2300872, 0x84f9044d
        .bss
        .p2align 12
        .space 4096 - 256
fz_win: .space 512
        .space 4096
        .p2align 4
        .space 4096
fz_stack_top: .space 256
