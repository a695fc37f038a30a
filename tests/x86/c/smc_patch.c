/* Self-modifying code (docs/firmware.md "Code pages"): stores into the program's own text, made
 * writable with mprotect. A store patches the immediate of the instruction right after it, which
 * must run with the new value (the x86 rule: the next instruction fetched sees the store); a
 * loop rewrites its own body (the immediate of an ADD, then the ADD's opcode, which makes it a
 * SUB) on every iteration; a store overwrites the block that is running further on. Called many
 * times, so the code is translated (and in superblocks when they are forced early) while it
 * patches itself. Every line must be what the reference run prints. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* patch_next(k): mov [site+1], k; site: mov eax, imm32 (the patched one); ret */
int patch_next(int k);
/* self_loop(n): eax = 0; n times: add eax, IMM8 where each iteration writes IMM8 = (ecx & 0x7f)
 * for the next one */
int self_loop(int n);
/* flip_loop(n): eax = 0, edx = 3; n times: the loop's body is add eax, edx or sub eax, edx:
 * each iteration flips the opcode for the next one when ecx is divisible by 3 */
int flip_loop(int n);
/* later_in_block(k): stores k into the immediate of an instruction four instructions on, in the
 * same basic block */
int later_in_block(int k);
__asm__(".text\n"
        ".globl patch_next\n"
        "patch_next:\n"
        "  mov 4(%esp), %eax\n"
        "  mov %eax, pn_site+1\n"
        "pn_site:\n"
        "  mov $0x11111111, %eax\n"
        "  ret\n"
        ".globl self_loop\n"
        "self_loop:\n"
        "  mov 4(%esp), %ecx\n"
        "  xor %eax, %eax\n"
        "  movb $1, sl_body+2\n"
        "sl_top:\n"
        "sl_body:\n"
        "  add $1, %eax\n"              /* 83 c0 ib: the immediate at sl_body+2 */
        "  mov %cl, %dl\n"
        "  and $0x7f, %dl\n"
        "  mov %dl, sl_body+2\n"
        "  dec %ecx\n"
        "  jnz sl_top\n"
        "  ret\n"
        ".globl flip_loop\n"
        "flip_loop:\n"
        "  mov 4(%esp), %ecx\n"
        "  xor %eax, %eax\n"
        "  mov $3, %edx\n"
        "  movb $0x01, fl_body\n"        /* start as add */
        "fl_top:\n"
        "fl_body:\n"
        "  add %edx, %eax\n"             /* 01 d0 = add eax, edx; 29 d0 = sub eax, edx */
        "  inc %edx\n"
        "  push %eax\n"
        "  push %edx\n"
        "  mov %ecx, %eax\n"
        "  xor %edx, %edx\n"
        "  push %ecx\n"
        "  mov $3, %ecx\n"
        "  div %ecx\n"
        "  pop %ecx\n"
        "  test %edx, %edx\n"
        "  pop %edx\n"
        "  pop %eax\n"
        "  jnz fl_next\n"
        "  xorb $0x28, fl_body\n"        /* 0x01 <-> 0x29 */
        "fl_next:\n"
        "  dec %ecx\n"
        "  jnz fl_top\n"
        "  ret\n"
        ".globl later_in_block\n"
        "later_in_block:\n"
        "  mov 4(%esp), %edx\n"
        "  xor %eax, %eax\n"
        "  mov %edx, lb_site+1\n"
        "  add $5, %eax\n"
        "  add $6, %eax\n"
        "  add $7, %eax\n"
        "lb_site:\n"
        "  add $0x22222222, %eax\n"
        "  ret\n");

int main(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    uintptr_t lo = (uintptr_t)patch_next & ~(uintptr_t)(pg - 1);
    uintptr_t hi = ((uintptr_t)later_in_block + 64 + pg - 1) & ~(uintptr_t)(pg - 1);
    if (mprotect((void *)lo, hi - lo, PROT_READ | PROT_WRITE | PROT_EXEC)) {
        perror("mprotect");
        return 1;
    }
    uint32_t sum = 0;
    for (int i = 0; i < 600; i++) sum = sum * 31 + (uint32_t)patch_next(i * 12345);
    printf("patch_next: %d %d, sum %08x\n", patch_next(7), patch_next(-1), sum);
    sum = 0;
    for (int i = 1; i < 100; i++) sum = sum * 33 + (uint32_t)self_loop(i);
    printf("self_loop: %d %d, sum %08x\n", self_loop(1), self_loop(300), sum);
    sum = 0;
    for (int i = 1; i < 80; i++) sum = sum * 35 + (uint32_t)flip_loop(i);
    printf("flip_loop: %d %d, sum %08x\n", flip_loop(1), flip_loop(200), sum);
    sum = 0;
    for (int i = 0; i < 600; i++) sum = sum * 37 + (uint32_t)later_in_block(i);
    printf("later_in_block: %d, sum %08x\n", later_in_block(100), sum);
    return 0;
}
