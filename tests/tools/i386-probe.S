/* i386-probe: tells how the host runs an i386 program (tools/host-probe.sh).
 * Exit 42: the real CPU ran it (uname's machine field, as a 64-bit kernel reports it to a 32-bit
 * process, starts with "x86_"); exit 43: something else answered uname (qemu-i386 reports
 * "i686"); "Exec format error" from the shell: the kernel cannot run i386 code at all. */
    .globl _start
    .text
_start:
    subl $400, %esp             /* struct new_utsname: 6 fields of 65 bytes */
    movl $122, %eax             /* newuname */
    movl %esp, %ebx
    int $0x80
    movl $43, %ebx
    testl %eax, %eax
    jnz 1f
    cmpl $0x5f363878, 260(%esp) /* machine (field 4, offset 260) begins "x86_" */
    jne 1f
    movl $42, %ebx
1:  movl $1, %eax               /* exit */
    int $0x80
