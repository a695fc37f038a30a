/* Returns inside a superblock: a path that follows a CALL goes on through the callee's RET to the
 * return address, checking the address the RET pops (translator/xl_lift.c, XL_ROLE_RET). Each
 * loop runs long enough to become a superblock at the default thresholds, and at the early ones
 * of test-x86-fusion. The callees:
 * - the PIC thunk (`mov ebx, [esp]; ret`): the check folds away;
 * - a callee that replaces its return address every 16th call: the check fails there, the RET
 *   is interpreted and goes to the other address, and the next call takes the path again;
 * - RET imm16 (a callee that pops its argument), and nested calls (both RETs on the path);
 * - a callee that moves ESP before its RET (pops its return address into a register, pushes
 *   another value and returns to it): the popped address is another on every call. */
#include "rec.h"

        .text
        .globl test_main
test_main:
        /* 1. the thunk: EBX = the return address, used as a base */
        SETREGS 0, 200, 0, 0, 0, 0, 0
        SETFL 0
sr_thunk_loop:
        call sr_thunk
sr_thunk_ret:
        subl $sr_thunk_ret, %ebx        /* 0: the thunk returned its own return address */
        addl %ebx, %eax
        addl %ecx, %esi
        subl $1, %ecx
        jnz sr_thunk_loop
sr_thunk_end:
        REC sr_thunk_loop, sr_thunk_end

        /* 2. every 16th call returns elsewhere */
        SETREGS 0, 300, 0, 0, 0, 0, 0
        SETFL 0
sr_alt_loop:
        call sr_sometimes
        addl $1, %eax                   /* the usual return */
        jmp sr_alt_next
sr_alt_other:
        addl $0x100, %eax               /* where every 16th call returns */
sr_alt_next:
        addl %ecx, %edx
        subl $1, %ecx
        jnz sr_alt_loop
sr_alt_end:
        REC sr_alt_loop, sr_alt_end

        /* 3. RET imm16 and nested calls */
        SETREGS 0, 250, 0, 0, 0, 0, 0
        SETFL 0
sr_nest_loop:
        pushl %ecx
        call sr_outer                   /* pops its argument: ret $4 */
        addl %eax, %edi
        subl $1, %ecx
        jnz sr_nest_loop
sr_nest_end:
        REC sr_nest_loop, sr_nest_end

        /* 4. a callee whose RET pops what it pushed, not its return address */
        SETREGS 0, 120, 0, 0, 0, 0, 0
        SETFL 0
sr_swap_loop:
        call sr_swap
        addl $0x1000, %eax              /* never reached: sr_swap returns to sr_swap_to */
sr_swap_to:
        addl $1, %eax
        subl $1, %ecx
        jnz sr_swap_loop
sr_swap_end:
        REC sr_swap_loop, sr_swap_end
        ret

sr_thunk:
        movl (%esp), %ebx
        ret

sr_sometimes:
        testl $15, %ecx
        jz 1f
        ret
1:      movl $sr_alt_other, (%esp)
        ret

sr_outer:
        movl 4(%esp), %eax
        call sr_inner
        addl %edx, %eax
        ret $4

sr_inner:
        leal 3(%eax,%eax,2), %edx
        ret

sr_swap:
        popl %edx                       /* the return address */
        pushl $sr_swap_to
        addl %edx, %esi
        ret
