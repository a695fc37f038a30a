/* Host-target interface protocol: how the firmware talks to the host (console, guest system
 * calls, exit, configuration, statistics). The device is a single MMIO register: the firmware
 * writes the physical address of a request block, the host services it synchronously (in the
 * model during the store; in the RTL harness before the store retires) and writes `ret`.
 * All buffers named in a request are physical addresses inside concealed memory. */
#ifndef MORPH_HTIF_H
#define MORPH_HTIF_H

#include <stdint.h>
#include "morph/stats.def"
#include "morph/core.def"

enum htif_cmd {
    HTIF_CMD_CONSOLE = 1,    /* arg0 = buf, arg1 = len: firmware message, host writes it to stderr */
    HTIF_CMD_EXIT = 2,       /* arg0 = morph exit status (guest status, or 128+signal); arg1 =
                                the signal that killed the guest, or 0 */
    HTIF_CMD_GET_CONFIG = 3, /* arg0 = buf, arg1 = sizeof(struct morph_config): host fills it */
    HTIF_CMD_GET_ARGV = 4,   /* arg0 = buf, arg1 = len: host writes a uint32_t count, then that
                                many NUL-terminated strings (empty ones allowed); for the
                                firmware (morph run) the program's file, then the guest's argv
                                (argv[0] may differ: --argv0, execve), for a morph sim program
                                its argv; ret = bytes, or -E2BIG */
    HTIF_CMD_GET_ENVP = 5,   /* same layout for the guest environment */
    HTIF_CMD_SYSCALL = 6,    /* arg0 = i386 syscall nr, arg1..arg6 = args (buffers marshalled as
                                include/morph/sysabi.h says); ret = Linux result (-errno) */
    HTIF_CMD_INSN_MSG = 7,   /* arg0 = kind (enum htif_insn_msg), arg1 = x86 EIP, arg2 = buf with
                                instruction bytes, arg3 = byte count: host disassembles and prints */
    HTIF_CMD_STATS = 8,      /* arg0 = buf with struct cms_stats, arg1 = its size */
    HTIF_CMD_MNEMONICS = 9,  /* arg0 = buf: bitmap of the Zydis mnemonic ids decoded (so executed)
                                in this run, bit i of word i/32; arg1 = its size in bytes */
    HTIF_CMD_CODE_TIER = 10, /* arg0 = start, arg1 = end (concealed addresses, words), arg2 = 1 if
                                the words now hold superblock code, 0 if not: the model splits
                                translated-mode cycles and I-ops between BBT and SBT code by it
                                (profiling only: nothing the machine does depends on it) */
    HTIF_CMD_EVENTS = 11,    /* the host's events for the firmware, which raise the interrupt
                                line (mip.MEIP) while any is pending. arg0 = HTIF_EV_TAKE: ret =
                                the pending mask, now cleared; HTIF_EV_POST: make arg1's bits
                                pending (the test source, tests/isa/irq_ext.S). The line changes
                                only when a request is served, so it rises and falls at the same
                                op on every engine (docs/isa.md section 9) */
    HTIF_CMD_SIGNALS = 12,   /* signals the host received for the guest (docs/signals.md,
                                "Signals from outside"): arg0 = HTIF_SIG_TAKE: arg1 = buf of
                                arg2 struct htif_sigrec; ret = how many were written (the oldest
                                pending first), now no longer pending; HTIF_SIG_WAIT: block until
                                one is pending (ret 1) or, unless arg1 = arg2 = 0xffffffff, until
                                CLOCK_MONOTONIC reaches arg1 s + arg2 ns (ret 0) */
    HTIF_CMD_STRACE = 13,    /* morph run --strace (cms/cms_strace.c): arg0 = buf "CALL\0RESULT\0",
                                arg1 = its length, arg2 = an errno the host names after RESULT
                                (" ENOENT (No such file or directory)") or 0, arg3 = enum
                                htif_strace_op, arg4 = the calling thread's TID (the PID for
                                the first thread). The host adds the TID, as strace -f, pads to
                                strace's column and writes " = RESULT" (nothing when RESULT is
                                empty) */
    HTIF_CMD_GDB = 14,       /* morph run -g PORT (cms/cms_gdb.c, sim/sim_gdb.c): arg0 = buf, a
                                struct htif_gdb, arg1 = its size. At a stop (stop = a signal
                                number) the host reports it to gdb and serves gdb's requests
                                until one needs the firmware or resumes the guest: ret = enum
                                htif_gdb_op, its arguments in the block; the firmware does it
                                and asks again with stop = HTIF_GDB_ANSWER and the result.
                                stop = HTIF_GDB_POLL (while the guest runs): ret 1 if gdb asked
                                for an interrupt (^C), else 0 */
    HTIF_CMD_LOG = 15,       /* morph run -d KEYS (translator/xl_log.c, sim/sim_log.c): arg0 =
                                enum htif_log_rec, arg1 = buf, arg2 = its length in bytes; the
                                host formats the record into the log (--log-file or stderr) */
};
/* The -d keys: the bit in morph_config.log, the name, what it logs. One table for the host's
 * parser and help, the firmware's checks and docs/usage.md's list. */
#define MORPH_LOG_KEYS(X)                                                                      \
    X(IN_ASM, 0x1u, "in_asm", "each x86 block or superblock as translated (Zydis disassembly)") \
    X(OUT_ASM, 0x2u, "out_asm", "the I-ops of each translation, grouped by x86 EIP, fused pairs marked") \
    X(EXEC, 0x4u, "exec", "each translation the dispatcher enters (chained transfers do not pass there)") \
    X(CMS, 0x8u, "cms", "firmware events: translation, chaining, JTLB fill, code-cache flush, GTLB refill (C path), rollback") \
    X(OP, 0x10u, "op", "the IR of each translation after lifting and after each pass (x deleted, + fuse head)")
#define MORPH_LOG_BIT_(id, bit, name, about) MORPH_LOG_##id = bit,
enum morph_log_key { MORPH_LOG_KEYS(MORPH_LOG_BIT_) };
#undef MORPH_LOG_BIT_
/* HTIF_CMD_LOG records (little-endian, unaligned). IN: u32 tier (0 block, 1 superblock), u32
 * count, then count x {u32 eip, u8 len, u8 bytes[len]}. OUT: u32 tier, u32 head EIP, u32 code
 * address, u32 words, u32 count, count x {u32 first word, u32 eip, u8 len, u8 bytes[len]}, then
 * the words. EXEC: u32 eip, u32 code address. CMS: text. OP (one pipeline stage): u32 tier, u32
 * head EIP, u32 name length, the name padded to 4 bytes, then u32 count and that many u32 for
 * each of: the words, the deleted word indices, each instruction's first word, each label's
 * word, each branch to a label (word | label << 16 | jal << 24). */
enum htif_log_rec { HTIF_LOG_IN = 0, HTIF_LOG_OUT = 1, HTIF_LOG_EXEC = 2, HTIF_LOG_CMS = 3, HTIF_LOG_OP = 4 };
/* HTIF_STRACE_HELD: a call that may not return (exit, exit_group, execve): the host holds the
 * text and ends it with " = ?" when the process ends, " = 0" when the execve replaces it; the
 * next request drops it. */
enum htif_strace_op { HTIF_STRACE_LINE = 0, HTIF_STRACE_HELD = 1 };
/* HTIF_EV_PEEK: ret = the pending mask, left pending (the line is brought up to date). */
enum htif_events_op { HTIF_EV_TAKE = 0, HTIF_EV_POST = 1, HTIF_EV_PEEK = 2 };
/* The event bit that says HTIF_CMD_SIGNALS has something; HTIF_EV_POST's test source uses the
 * low bits. */
#define HTIF_EVENT_SIGNALS 0x80000000u
enum htif_sig_op { HTIF_SIG_TAKE = 0, HTIF_SIG_WAIT = 1 };

/* One signal for the guest, as the host's siginfo gave it (Linux's fields; pid and uid for a
 * sent signal or SIGCHLD; status, utime and stime (clock ticks) for SIGCHLD). */
struct htif_sigrec {
    int32_t signo, code, pid, uid, status;
    uint32_t utime, stime;
};

/* HTIF_CMD_GDB. The registers in gdb's i386 order (the host's target description); the x87
 * registers as FNSAVE would store them (ST(i) in stack order). */
enum htif_gdb_op {
    HTIF_GDB_CONT = 0,   /* resume until a breakpoint, an exit or ^C */
    HTIF_GDB_STEP = 1,   /* resume for one x86 instruction */
    HTIF_GDB_READ = 2,   /* guest memory [addr, addr+len) into data; result = bytes readable
                            from addr (through the guest's page map), the rest left alone */
    HTIF_GDB_WRITE = 3,  /* data into guest memory [addr, addr+len); result 0, or -EFAULT
                            (nothing written) when a page of it is not writable */
    HTIF_GDB_BREAK_SET = 4,   /* stop before the instruction at addr; result 0 or -ENOSPC */
    HTIF_GDB_BREAK_CLEAR = 5, /* result 0, or -ENOENT when addr had none */
    HTIF_GDB_DETACH = 6, /* run on without the debugger */
    HTIF_GDB_KILL = 7,   /* end the run (gdb's kill) */
};
#define HTIF_GDB_ANSWER 0xffffffffu /* stop: the answer to the request the host made */
#define HTIF_GDB_POLL 0xfffffffeu   /* stop: a look for ^C while the guest runs */
#define HTIF_GDB_DATA 2048u         /* bytes of memory per request */
#define HTIF_GDB_BREAKS 64u         /* breakpoints at a time */
enum { HTIF_GDB_NGREGS = 16, HTIF_GDB_NFREGS = 8 }; /* eax..edi eip eflags cs ss ds es fs gs;
                                                       fctrl fstat ftag fiseg fioff foseg fooff fop */
struct htif_gdb {
    uint32_t stop;     /* firmware: a signal number (5 SIGTRAP, 2 SIGINT), or ANSWER, POLL */
    int32_t result;    /* firmware: the answer's result */
    uint32_t op, addr, len; /* host: the request (enum htif_gdb_op) */
    uint32_t regs_written; /* host: 1 when gdb changed the registers below (firmware applies them
                              when the guest resumes) */
    uint32_t tid;      /* firmware: the thread that stopped */
    uint32_t gregs[HTIF_GDB_NGREGS];
    uint8_t st[8][10]; /* ST(0)..ST(7): 64-bit significand, then sign and exponent */
    uint32_t fregs[HTIF_GDB_NFREGS];
    uint8_t data[HTIF_GDB_DATA];
};

enum htif_insn_msg {
    HTIF_MSG_TRACE = 0,       /* --trace=insn line: "0x%08x: <intel syntax>" */
    HTIF_MSG_UNSUPPORTED = 1, /* "unsupported x86 instruction '<disasm>' at 0x%08x" */
    HTIF_MSG_UNDECODABLE = 2, /* bytes Zydis refused: invalid opcode at EIP */
};

struct htif_req {
    uint32_t cmd;
    int32_t ret;
    uint32_t arg[8];
};

/* Run configuration the host hands to the firmware at boot. */
#define MORPH_CFG_TRACE_INSN 0x1u
#define MORPH_CFG_VERBOSE 0x2u /* firmware logs loader and syscall detail to the console */
#define MORPH_CFG_DUMP_REGS 0x4u /* a guest killed by a signal: its registers on the console */
/* A read-modify-write (ADD/INC/.../BTS/XCHG to memory) whose page is not mapped faults as a
 * write, as AMD CPUs report it (--rmw-fault=write); without, as a read (its load first). */
#define MORPH_CFG_RMW_WRITE 0x8u
/* --inject=cc-map (test only): at exit the firmware changes one entry of the code cache's map
 * behind the translator's back, as a write from outside would, before checking it */
#define MORPH_CFG_INJECT_CC_MAP 0x40u
#define MORPH_CFG_STRACE 0x10u /* morph run --strace: every guest system call (HTIF_CMD_STRACE) */
/* with STRACE: this machine is a guest's execve, whose line the machine before showed; without,
 * the firmware shows the program's start as strace shows its execve */
#define MORPH_CFG_STRACE_EXECED 0x20u
/* morph run -g PORT: the firmware runs the guest under gdb's control (HTIF_CMD_GDB) */
#define MORPH_CFG_GDB 0x80u
/* morph run --fast-decode=off: Zydis decodes every x86 instruction (the fast decoder's baseline,
 * x86/xl_fastdec.c) */
#define MORPH_CFG_NO_FASTDEC 0x100u
/* morph run --count-chains: every translation starts with an I-op that counts the transfers
 * into it through chained exits (bbt.exits_chained); without, no such op and no count */
#define MORPH_CFG_COUNT_CHAINS 0x200u
/* morph run --fusion-blocks=same: basic blocks get the --fusion heuristic too; without, they get
 * `adjacent` (docs/fusion.md "Blocks and superblocks") */
#define MORPH_CFG_FUSION_BLOCKS_SAME 0x400u
struct morph_config {
    uint32_t flags;
    uint32_t ram_size;        /* bytes of RAM from MM_RAM_BASE */
    uint32_t decode_cache_entries; /* decoded-instruction cache entries (power of two) */
    uint32_t emulation;       /* enum morph_emulation; 0 = firmware default */
    uint32_t bbt_threshold;   /* interpreted executions of a block before it is translated; 0 = default */
    uint32_t code_cache_size; /* bytes of concealed memory for translations; 0 = default */
    uint32_t x87_mode;        /* enum morph_x87: the implementation-specific x87 choices */
    uint32_t sbt_threshold;   /* exits through a block's stub before superblock formation; 0 = default,
                                 MORPH_SBT_OFF = no superblocks */
    uint32_t fusion;          /* fusion heuristic: its row in fusion/fuse_table.h; 0 = none */
    uint32_t sched;           /* enum morph_sched: which translations the scheduling pass runs on */
    struct morph_core_knobs { /* the configured core (--core, --core-opt): the translator's
                                 passes tune their code for it; width 0 = none given */
#define MORPH_CORE_KNOB_FIELD(f, lo, hi, desc) uint8_t f;
        MORPH_CORE_KNOBS(MORPH_CORE_KNOB_FIELD)
#undef MORPH_CORE_KNOB_FIELD
    } core;
    uint8_t gsb_depth;        /* the configured core's gated store buffer entries (its preset's,
                                 sim/sim_core.c), which the lifter keeps a commit region's stores
                                 within; 0 = CORE_GSB_DEPTH (a byte: it fills core's padding) */
    uint32_t quantum;         /* cycles translated code may run before the firmware looks at the
                                 host's events (docs/firmware.md "Interrupts"); 0 = default,
                                 MORPH_QUANTUM_OFF = no timer */
    uint32_t sbt_heads;       /* enum morph_sbt_heads: which blocks may head a superblock */
    uint32_t log;             /* morph run -d: MORPH_LOG_* bits */
};
#define MORPH_CORE_KNOB_FITS(f, lo, hi, desc) _Static_assert(hi <= 255, "knob " #f " travels as a uint8_t");
MORPH_CORE_KNOBS(MORPH_CORE_KNOB_FITS)
#undef MORPH_CORE_KNOB_FITS
_Static_assert(sizeof(struct morph_config) == 64, "struct morph_config is 64 bytes: host and firmware agree on its layout");
/* docs/translator.md "Scheduling": 0 = the firmware's default (superblocks) */
enum morph_sched { MORPH_SCHED_DEFAULT = 0, MORPH_SCHED_OFF = 1, MORPH_SCHED_SB = 2, MORPH_SCHED_ALL = 3 };
#define MORPH_SBT_OFF 0xffffffffu
/* docs/translator.md "Superblocks", heads: loop heads only, or also the hot exits of
 * superblocks; 0 = the firmware's default */
enum morph_sbt_heads { MORPH_SBT_HEADS_DEFAULT = 0, MORPH_SBT_HEADS_LOOPS = 1, MORPH_SBT_HEADS_EXITS = 2 };
#define MORPH_QUANTUM_OFF 0xffffffffu
#define MORPH_QUANTUM_DEFAULT (1u << 20)
enum morph_emulation { MORPH_EMU_DEFAULT = 0, MORPH_EMU_INTERP = 1, MORPH_EMU_BBT = 2 };
/* docs/x87.md, "Two behaviours": when FOP and FDP/FDS are stored, FCS/FDS deprecation,
 * pseudo-denormal operands of the transcendentals, and what CPUID leaf 7 reports. */
enum morph_x87 { MORPH_X87_AMD = 0, MORPH_X87_INTEL = 1 };

/* Firmware-side counters, sent with HTIF_CMD_STATS just before HTIF_CMD_EXIT. The host prints
 * them with the hardware counters (morph run --stats). Fields and their meaning are defined in
 * include/morph/stats.def (MORPH_CMS_STATS_ABI: append only; host and firmware share it). */
#define MORPH_CMS_STATS_FIELD(name) uint64_t name;
struct cms_stats {
    MORPH_CMS_STATS_ABI(MORPH_CMS_STATS_FIELD)
    uint64_t reserved[MORPH_CMS_STATS_RESERVED];
};
#undef MORPH_CMS_STATS_FIELD

#endif
