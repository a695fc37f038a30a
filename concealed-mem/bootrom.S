/* morph boot ROM (reset vector MM_BOOTROM_BASE). The real boot path on the model, the RTL and
 * an FPGA: read the image header in flash, check it, copy the blob into concealed memory word by
 * word and jump to its entry. A bad header is reported through HTIF when the device answers,
 * then the ROM parks in an ebreak loop (mtvec points at the loop, so traps stay inside it). */
#include "layout.h"

    .section .text
    .globl _start
_start:
    la      t0, park
    csrw    mtvec, t0
    li      s0, MM_FLASH_BASE
    li      s1, MM_IMAGE_MAGIC
    lw      t1, 0(s0)               /* header.magic */
    bne     t1, s1, bad_image
    lw      a0, 4(s0)               /* header.load_addr */
    lw      a1, 8(s0)               /* header.size */
    lw      a2, 12(s0)              /* header.entry */
    /* The blob must land inside concealed memory, word aligned, and the entry inside it. */
    li      t2, MM_RAM_BASE
    li      t3, MM_CONCEALED_END
    bltu    a0, t2, bad_image
    add     a3, a0, a1              /* end of copy */
    bltu    a3, a0, bad_image       /* wrapped */
    bgtu    a3, t3, bad_image
    or      t1, a0, a1
    andi    t1, t1, 3
    bnez    t1, bad_image
    bltu    a2, a0, bad_image
    bgeu    a2, a3, bad_image
    addi    t0, s0, 16              /* blob follows the 16-byte header */
    /* sixteen words an iteration while 64 bytes remain (a word at a time took 8 cycles a word,
     * 1.4 M cycles of every run's start; four at a time 13 cycles per 16 bytes), then the rest a
     * word at a time */
    addi    a4, a3, -64             /* the last address a block of sixteen may start at (a3 >= RAM base: no wrap) */
    bgtu    a0, a4, copy
copy16:
    lw      t1, 0(t0)
    lw      t2, 4(t0)
    lw      t3, 8(t0)
    lw      t4, 12(t0)
    lw      t5, 16(t0)
    lw      t6, 20(t0)
    lw      a5, 24(t0)
    lw      a6, 28(t0)
    lw      a7, 32(t0)
    lw      s2, 36(t0)
    lw      s3, 40(t0)
    lw      s4, 44(t0)
    lw      s5, 48(t0)
    lw      s6, 52(t0)
    lw      s7, 56(t0)
    lw      s8, 60(t0)
    sw      t1, 0(a0)
    sw      t2, 4(a0)
    sw      t3, 8(a0)
    sw      t4, 12(a0)
    sw      t5, 16(a0)
    sw      t6, 20(a0)
    sw      a5, 24(a0)
    sw      a6, 28(a0)
    sw      a7, 32(a0)
    sw      s2, 36(a0)
    sw      s3, 40(a0)
    sw      s4, 44(a0)
    sw      s5, 48(a0)
    sw      s6, 52(a0)
    sw      s7, 56(a0)
    sw      s8, 60(a0)
    addi    t0, t0, 64
    addi    a0, a0, 64
    bleu    a0, a4, copy16
copy:
    bgeu    a0, a3, copied
    lw      t1, 0(t0)
    sw      t1, 0(a0)
    addi    t0, t0, 4
    addi    a0, a0, 4
    j       copy
copied:
    .insn i 0x0f, 1, x0, x0, 0  /* fence.i: the copied code must be fetched fresh */
    jr      a2

bad_image:
    li      s2, MM_HTIF_BASE
    lw      t1, HTIF_REG_ID(s2)
    bne     t1, s1, park            /* no HTIF: nothing to tell */
    /* HTIF buffers must be in RAM: copy the message to scratch, request block before it. */
    li      s3, CMS_BOOT_SCRATCH
    addi    a0, s3, 64
    la      a1, msg
    la      a2, msg_end
    sub     a2, a2, a1
    li      t2, 0
1:  bgeu    t2, a2, 2f
    add     t3, a1, t2
    lbu     t4, 0(t3)
    add     t3, a0, t2
    sb      t4, 0(t3)
    addi    t2, t2, 1
    j       1b
2:  li      t1, 1                   /* HTIF_CMD_CONSOLE */
    sw      t1, 0(s3)
    sw      zero, 4(s3)
    sw      a0, 8(s3)
    sw      a2, 12(s3)
    sw      s3, HTIF_REG_REQ(s2)
    li      t1, 2                   /* HTIF_CMD_EXIT, status 70 (internal software error) */
    sw      t1, 0(s3)
    sw      zero, 4(s3)
    li      t1, 70
    sw      t1, 8(s3)
    sw      s3, HTIF_REG_REQ(s2)

    .balign 4
park:
    ebreak
    j       park

msg:
    .ascii  "morph boot ROM: no valid firmware image in flash (bad header)\n"
msg_end:
