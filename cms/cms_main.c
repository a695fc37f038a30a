/* Firmware main: talk to the host, load the guest ELF, build its initial stack, start the
 * interpreter. */
#include <string.h>
#include "cms.h"
#include "cms_elf.h"
#include "cms_gdb.h"
#include "cms_htif.h"
#include "cms_interp.h"
#include "cms_mm.h"
#include "cms_stack.h"
#include "cms_strace.h"
#include "cms_syscall.h"
#include "cms_xalu.h"
#include "xl_dcache.h"   /* x86 front end (x86/) */
#include "xl_decode.h"
#include "xl_dispatch.h" /* dispatcher (translator/) */
#include "morph/memmap.h"

void cms_main(void);

/* Fetch argv or envp (a count, then that many NUL-terminated strings) into the heap. */
static const char *const *get_strings(uint32_t cmd, uint32_t *count, const char *what)
{
    uint8_t *bounce = cms_hw_bounce();
    int32_t n = cms_htif(cmd, cms_hw_phys(bounce), CMS_BOUNCE_SIZE, 0, 0);
    if (n < 0 || (uint32_t)n > CMS_BOUNCE_SIZE) {
        cms_printf("morph: guest %s too long (%d)\n", what, n);
        cms_exit(126);
    }
    char *copy = cms_alloc((uint32_t)n + 1, 1);
    memcpy(copy, bounce, (uint32_t)n);
    copy[n] = 0;
    uint32_t c = 0;
    if (n >= 4) memcpy(&c, copy, 4);
    const char **v = cms_alloc((c + 1) * sizeof *v, 4);
    uint32_t i = 4;
    for (uint32_t k = 0; k < c; k++) { /* the host wrote count strings; stay inside n */
        if (i >= (uint32_t)n) cms_panic("malformed %s from host", what);
        v[k] = copy + i;
        i += (uint32_t)strlen(copy + i) + 1;
    }
    *count = c;
    return v;
}

static uint32_t forward0(uint32_t nr)
{
    uint32_t args[6] = {0};
    return (uint32_t)cms_htif_syscall(nr, args);
}

void cms_main(void)
{
    static struct cms_cpu cpu;
    static struct cms_elf_info elf;

    if (cms_hw_htif_id() != MM_IMAGE_MAGIC) cms_hw_halt(); /* no host to talk to */
    cms_set_activity(CMSACT_BOOT);
    if (cms_htif(HTIF_CMD_GET_CONFIG, cms_hw_phys(&cms_config), sizeof cms_config, 0, 0) < 0)
        cms_panic("host refused GET_CONFIG");
    if (cms_config.ram_size <= MM_CONCEALED_SIZE + MM_PAGE_SIZE ||
        cms_config.ram_size > 0x80000000u - MM_PAGE_SIZE)
        cms_panic("unusable RAM size 0x%08x", cms_config.ram_size);
    cms_mm_init(cms_config.ram_size);

    uint32_t argc, envc;
    /* the program's file, then the guest's argv (HTIF_CMD_GET_ARGV) */
    const char *const *files = get_strings(HTIF_CMD_GET_ARGV, &argc, "argument list");
    const char *const *envp = get_strings(HTIF_CMD_GET_ENVP, &envc, "environment");
    if (argc < 2) {
        cms_printf("morph: no guest program given\n");
        cms_exit(2);
    }
    const char *const path = files[0], *const *argv = files + 1;
    argc--;

    cms_elf_load(path, &elf);
    cms_guest_exe_name = path;

    /* Stack: 8 MiB demand-zero below 0xC0000000. */
    cms_mm_map_anon(CMS_MM_TASK_TOP - CMS_MM_STACK_SIZE, CMS_MM_STACK_SIZE,
                    CMS_PROT_READ | CMS_PROT_WRITE);
    struct cms_stack_args sa = {
        .argc = argc, .envc = envc, .argv = argv, .envp = envp, .execfn = path,
        .phdr = elf.phdr_va, .phnum = elf.phnum, .entry = elf.entry + elf.bias,
        .base = elf.interp_bias, .hwcap = CMS_CPUID1_EDX,
    };
    uint8_t *bounce = cms_hw_bounce();
    uint32_t rargs[6] = {cms_hw_phys(bounce), sizeof sa.random, 0};
    if (cms_htif_syscall(355 /* getrandom */, rargs) != (int32_t)sizeof sa.random)
        cms_panic("host getrandom failed");
    memcpy(sa.random, bounce, sizeof sa.random);
    sa.uid = forward0(199);  /* getuid32 */
    sa.gid = forward0(200);  /* getgid32 */
    sa.euid = forward0(201); /* geteuid32 */
    sa.egid = forward0(202); /* getegid32 */
    uint32_t esp = cms_stack_build(CMS_MM_TASK_TOP, CMS_MM_TASK_TOP - CMS_MM_STACK_SIZE, &sa);
    if (!esp) {
        cms_printf("morph: %s: Argument list too long\n", argv[0]);
        cms_exit(126);
    }

    if ((cms_config.flags & (MORPH_CFG_STRACE | MORPH_CFG_STRACE_EXECED)) == MORPH_CFG_STRACE)
        cms_strace_start(path, esp);

    memset(&cpu, 0, sizeof cpu);
    cpu.eip = elf.interp_len ? elf.interp_entry : elf.entry + elf.bias; /* ld.so runs first */
    cpu.r[CMS_ESP] = esp;
    cpu.eflags = CMS_EFLAGS_FIXED;
    cpu.seg[CMS_CS] = CMS_SEL_USER_CS;
    cpu.seg[CMS_DS] = cpu.seg[CMS_ES] = cpu.seg[CMS_SS] = CMS_SEL_USER_DS;
    cms_xflags_write(0);
    if (cms_config.flags & MORPH_CFG_VERBOSE)
        cms_printf("morph: initial esp 0x%08x, eip 0x%08x, %u guest pages\n", esp, cpu.eip,
                   (uint32_t)cms_stats.guest_pages);

    cms_cur_cpu = &cpu;
    cms_mnemonics_seen = xl_mnemonic_seen;
    cms_mnemonics_size = sizeof xl_mnemonic_seen;
    xl_dc_init(); /* the decoded-instruction cache both tiers read (still activity boot) */
    cms_interp_init();
    cms_set_activity(CMSACT_INTERP);
    if (cms_config.flags & MORPH_CFG_GDB) cms_gdb_run(&cpu); /* every instruction a stop point */
    /* Default: bbt (the whole corpus passes in both modes; docs/translator.md). --trace=insn
     * traces every instruction, which only the interpreter does. */
    if (cms_config.emulation == MORPH_EMU_INTERP || (cms_config.flags & MORPH_CFG_TRACE_INSN))
        cms_interp_run(&cpu);
    xl_dispatch_run(&cpu);
}
