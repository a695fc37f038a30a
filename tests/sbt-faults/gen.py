#!/usr/bin/env python3
"""Fault-injection variants for superblocks (docs/testing.md, "Superblock fault injection").

One hot loop, LOOP below, becomes a superblock of four blocks (two side exits, a direct CALL,
loads and stores of 1, 2 and 4 bytes, read-modify-writes, PUSH) when morph runs with
--sbt-threshold. Each variant makes exactly one place of that superblock fault on a late
iteration:

  mem-<access>-<unmapped|readonly>  every guest access of the loop body that can be the first to
      touch a bad page: a pointer (EBX walking up, or ESP walking down) reaches a page that the
      program unmapped (munmap) or made read-only (mprotect) at start, on iteration ITER. The
      start value of the pointer is chosen so that this access gets there first (checked below
      by simulating every access of the loop). A read-modify-write faults at its load (unmapped; reported as a read or, on AMD, a write)
      or at its store (read-only). Loads through ESP (POP, the return address of RET) read what
      the same iteration pushed, so they cannot be first; they are not variants.
  div-<k>  a DIV ESI before the k-th instruction of the hot path (so after each of them; not
           where the path then reads a flag DIV left undefined: div_flags_read); ESI
      is loaded every iteration from the walking data and becomes 0 on iteration ITER: SIGFPE.

Each program installs SIGSEGV and SIGFPE handlers (on an alternate stack) that print the
registers of the signal context and exit with 128+signal. The reference run (native or
qemu-i386) and morph (docs/signals.md) deliver the signal, so each run's stdout is its state at
the fault, in one line:

  fault sig=0000000b addr=... err=... eip=... eax=... ecx=... edx=... ebx=... esp=... ebp=...
        esi=... edi=... efl=...

  gen.py OUTDIR   writes OUTDIR/<variant>.S and OUTDIR/variants.txt, one line per variant:
                  name signal ecx access flagmask [xfail-eflags:REASON]
  (signal 11 or 8; ecx: ECX at the fault, the iteration; access: read, write or - for SIGFPE;
  flagmask: EFLAGS bits undefined at the fault point, not compared with the reference run;
  xfail-eflags: a known morph bug makes EFLAGS differ from the reference run's, in every mode,
  see XFAIL_EFLAGS)
"""
import os
import sys

ITER = 40           # the faulting iteration (superblocks form after 2; 40 % 8 = 0: a hot iteration)
STRIDE = 64         # EBX walks up this much per iteration
DIVISOR = 0x10001   # ESI until it becomes 0 (EDX, the remainder, stays below it: no overflow)
PAGE = 4096
CF, PF, AF, ZF, SF, OF = 0x1, 0x4, 0x10, 0x40, 0x80, 0x800
ARITH = CF | PF | AF | ZF | SF | OF

# Flag effects: (written, left undefined).
FL_NONE = (0, 0)
FL_ALL = (ARITH, 0)              # ADD SUB ADC SBB CMP NEG
FL_LOGIC = (ARITH, AF)           # AND OR XOR TEST: AF undefined
FL_INCDEC = (ARITH & ~CF, 0)     # INC DEC keep CF
FL_DIV = (ARITH, ARITH)          # DIV: all undefined
FL_BT = (CF | OF | SF | AF | PF, OF | SF | AF | PF)  # BTS: CF; ZF kept, the rest undefined


def I(asm, fl=FL_NONE, acc=(), ebx=0, esp=0, hot=True, name=None):
    """An instruction: its text, flag effect, guest accesses (register, offset, size, r|w|rw,
    name; addresses before the instruction's own register updates), EBX/ESP change after."""
    return dict(asm=asm, fl=fl, acc=acc, ebx=ebx, esp=esp, hot=hot, name=name)


# The loop as laid out in .text; strings are labels. Cold blocks (hot=False) sit before the head
# (RARE1) or between blocks (RARE2): a side exit leads there, and they rejoin forward.
LOOP = [
    "rare1",
    I("add ebp, 7", FL_ALL, hot=False),
    I("jmp blk_b", hot=False),
    "head",                                                    # block A: the superblock's head
    I("mov eax, dword ptr [ebx]", acc=[("ebx", 0, 4, "r", "load32")]),
    I("add eax, ecx", FL_ALL),
    I("mov dword ptr [ebx+4], eax", acc=[("ebx", 4, 4, "w", "store32")]),
    I("mov esi, dword ptr [ebx+8]", acc=[("ebx", 8, 4, "r", "load-divisor")], name="divisor"),
    I("movzx edi, word ptr [ebx+12]", acc=[("ebx", 12, 2, "r", "load16")]),
    I("add edi, eax", FL_ALL),
    I("push edi", acc=[("esp", -4, 4, "w", "push")], esp=-4),
    I("mov edi, ecx"),
    I("and edi, 7", FL_LOGIC),
    I("cmp edi, 5", FL_ALL),
    I("je rare1"),                                             # hot: falls through (i % 8 != 5)
    "blk_b",
    I("add dword ptr [ebx+16], eax", FL_ALL, acc=[("ebx", 16, 4, "rw", "rmw32")]),
    I("sub eax, dword ptr [ebx+20]", FL_ALL, acc=[("ebx", 20, 4, "r", "load-alu")]),
    I("mov byte ptr [ebx+24], al", acc=[("ebx", 24, 1, "w", "store8")]),
    I("cmp edi, 6", FL_ALL),
    I("jne blk_c"),                                                # hot: taken (i % 8 != 6)
    "rare2",
    I("sub ebp, 3", FL_ALL, hot=False),
    "blk_c",
    I("adc ebp, eax", FL_ALL),
    I("mov dword ptr [ebx+28], ebp", acc=[("ebx", 28, 4, "w", "store-ebp")]),
    # read-modify-writes of every shape the interpreter executes apart (a fault at the
    # store must leave the flags from before the instruction)
    I("inc dword ptr [ebx+32]", FL_INCDEC, acc=[("ebx", 32, 4, "rw", "rmw-inc32")]),
    I("shl word ptr [ebx+36], 1", (ARITH, AF), acc=[("ebx", 36, 2, "rw", "rmw-shl16")]),
    I("neg byte ptr [ebx+40]", FL_ALL, acc=[("ebx", 40, 1, "rw", "rmw-neg8")]),
    I("bts dword ptr [ebx+44], 5", FL_BT, acc=[("ebx", 44, 4, "rw", "rmw-bts32")]),
    # an x87 run (one call of the firmware's x87 helper from translated code, which leaves a
    # possible fault to the interpreter): a load, arithmetic, a store; after the other EBX
    # accesses, whose offsets grow in program order
    I("fld dword ptr [ebx+48]", acc=[("ebx", 48, 4, "r", "x87-load32")]),
    I("fadd st(0), st(0)"),
    I("fistp dword ptr [ebx+52]", acc=[("ebx", 52, 4, "w", "x87-store32")]),
    I("inc ecx", FL_INCDEC, name="inc"),
    I("call callee", acc=[("esp", -4, 4, "w", "call")], esp=-4),  # a direct CALL: its push
    # the return site: a block of its own after the superblock's RET
    I("pop edi", acc=[("esp", 0, 4, "r", None)], esp=4, hot=False),
    I("lea esp, [esp-16]", esp=-16, hot=False),                # ESP walks down
    I("jmp head", hot=False),
    "callee",
    I("add ebp, dword ptr [esp+4]", FL_ALL, acc=[("esp", 4, 4, "r", None)]),
    I("xor ebp, eax", FL_LOGIC),
    I("add ebx, %d" % STRIDE, FL_ALL, ebx=STRIDE),
    I("ret", acc=[("esp", 0, 4, "r", None)], esp=4),
]

INSNS = [x for x in LOOP if isinstance(x, dict)]
# execution order of one hot iteration: A, B, C, sub (through the CALL), then the return site
HOT = [x for x in INSNS if x["hot"]]
ORDER = HOT + [x for x in INSNS if not x["hot"] and x["asm"] in ("pop edi", "lea esp, [esp-16]", "jmp head")]

# Memory: a walking data region of two pages then its fence page (EBX, upwards); a stack of two
# pages above its fence page (ESP, downwards). Addresses are relative to each area's start.
DATA_PAGES = 3      # region (2) + fence
STACK_PAGES = 3     # fence + stack (2)


def fill_word(i):
    """The data area's words grow with their address from DIVISOR on: ESI is loaded from any of
    them as EBX walks up, so each DIV's remainder (EDX) stays below the next divisor."""
    return DIVISOR + 0x1357 * i


def first_fault(b0, e0, fence_kind, area):
    """Simulates the loop from EBX=b0 (data-relative), ESP=e0 (stack-relative) until an access
    touches the fence page of `area` ('data': [2, 3) pages; 'stack': [0, 1) page); returns
    (iteration, instruction index in ORDER, access)."""
    ebx, esp = b0, e0
    for it in range(ITER + 2):
        for k, x in enumerate(ORDER):
            for reg, off, size, rw, name in x["acc"]:
                base = ebx if reg == "ebx" else esp
                a = base + off
                if reg == "ebx" and area == "data":
                    lo, hi = 2 * PAGE, 3 * PAGE
                elif reg == "esp" and area == "stack":
                    lo, hi = 0, PAGE
                else:
                    lo = hi = None
                if lo is not None and a < hi and a + size > lo:
                    if fence_kind == "unmapped" or "w" in rw:
                        return it, k, (reg, off, size, rw, name)
            ebx += x["ebx"]
            esp += x["esp"]
    return None


def flag_mask(pos):
    """EBFLAGS bits undefined just before ORDER/HOT position pos on a hot iteration: each flag's
    last writer before it (going back around the loop) left it undefined."""
    mask, seen = 0, 0
    seq = HOT[:pos][::-1] + HOT[pos:][::-1]
    for x in seq:
        written, undef = x["fl"]
        mask |= undef & written & ~seen
        seen |= written
    return mask


def ecx_at(pos, it):
    """ECX before HOT position pos on iteration it (INC ECX is in block C)."""
    inc = next(i for i, x in enumerate(HOT) if x["name"] == "inc")
    return it + (1 if pos > inc else 0)


# Known bugs, reported XFAIL by the runner while EFLAGS (only) differ from the reference run,
# and a failure (XPASS) once they match, so that the mark goes with the fix.
XFAIL_EFLAGS = {
    # (none: mem-rmw32-readonly was one until the interpreter probed a read-modify-write
    # destination before setting the flags, cms/interp/interp.c rd_rmw)
}

HANDLER_FIELDS = [("sig", "ebp", 0), ("addr", "ebp", 12), ("err", "esi", 13), ("eip", "esi", 14),
                  ("eax", "esi", 11), ("ecx", "esi", 10), ("edx", "esi", 9), ("ebx", "esi", 8),
                  ("esp", "esi", 7), ("ebp", "esi", 6), ("esi", "esi", 5), ("edi", "esi", 4),
                  ("efl", "esi", 16)]


def program(name, b0, e0, fence, div_pos, div_iter):
    """The assembly of one variant. fence: (area, kind) or None; div_pos: HOT index the DIV goes
    before, or None; div_iter: the iteration whose divisor is 0."""
    out = []
    w = out.append
    w("/* %s: generated by tests/sbt-faults/gen.py (see there) */" % name)
    w("        .intel_syntax noprefix")
    w("        .text")
    w("        .globl _start, fault_here")
    w("_start:")
    w("        mov esp, offset stack_top")
    # sigaltstack({altstack, 0, size}, 0), then rt_sigaction(SIGSEGV and SIGFPE)
    w("        mov eax, 186")
    w("        mov ebx, offset altss")
    w("        xor ecx, ecx")
    w("        int 0x80")
    for sig in (11, 8):
        w("        mov eax, 174")
        w("        mov ebx, %d" % sig)
        w("        mov ecx, offset act")
        w("        xor edx, edx")
        w("        mov esi, 8")
        w("        int 0x80")
    if fence:
        area, kind = fence
        page = "data + %d" % (2 * PAGE) if area == "data" else "stack_area"
        if kind == "unmapped":
            w("        mov eax, 91")        # munmap
            w("        mov ebx, offset %s" % page)
            w("        mov ecx, %d" % PAGE)
        else:
            w("        mov eax, 125")       # mprotect(PROT_READ)
            w("        mov ebx, offset %s" % page)
            w("        mov ecx, %d" % PAGE)
            w("        mov edx, 1")
        w("        int 0x80")
        w("        test eax, eax")
        w("        jnz setup_failed")
    w("        mov esp, offset stack_area + %d" % e0)
    w("        mov eax, 0x12345678")
    w("        xor ecx, ecx")
    w("        xor edx, edx")
    w("        mov ebx, offset data + %d" % b0)
    w("        mov esi, %d" % DIVISOR)
    w("        xor edi, edi")
    w("        mov ebp, 0x100")
    w("        add eax, 0")                 # defined flags at the start
    w("        jmp head")
    hot_i = 0
    fault_done = False
    for x in LOOP:
        if isinstance(x, str):
            w("%s:" % x)
            continue
        if x["hot"] and div_pos == hot_i:
            w("fault_here:")
            w("        div esi")
            fault_done = True
        if x.get("target") and not fault_done:
            w("fault_here:")
            fault_done = True
        w("        %s" % x["asm"])
        if x["hot"]:
            hot_i += 1
    # the handler: format the signal context into `line`, write it, exit(128 + sig)
    w("handler:")
    w("        mov ebp, [esp+8]")               # siginfo
    w("        mov esi, [esp+12]")              # ucontext
    w("        lea esi, [esi+20]")              # uc_mcontext: gregs[19]
    col = len("fault ")
    for key, reg, idx in HANDLER_FIELDS:
        off = idx if reg == "ebp" else idx * 4
        w("        mov eax, [%s+%d]" % (reg, off))
        w("        lea edi, [line+%d]" % (col + len(key) + 1))
        w("        call hex8")
        col += len(key) + 1 + 8 + 1
    w("        mov eax, 4")
    w("        mov ebx, 1")
    w("        mov ecx, offset line")
    w("        mov edx, %d" % col)
    w("        int 0x80")
    w("        mov ebx, [ebp]")
    w("        add ebx, 128")
    w("        mov eax, 252")
    w("        int 0x80")
    w("setup_failed:")
    w("        mov eax, 252")
    w("        mov ebx, 99")
    w("        int 0x80")
    w("hex8:")                                  # EAX as 8 hex digits at EDI
    w("        mov ecx, 8")
    w("1:      rol eax, 4")
    w("        mov edx, eax")
    w("        and edx, 15")
    w("        mov dl, byte ptr [hexdigits+edx]")
    w("        mov byte ptr [edi], dl")
    w("        inc edi")
    w("        dec ecx")
    w("        jnz 1b")
    w("        ret")
    w("        .data")
    w("hexdigits: .ascii \"0123456789abcdef\"")
    line = "fault " + " ".join("%s=%s" % (k, "_" * 8) for k, _, _ in HANDLER_FIELDS) + "\n"
    w("line:   .ascii \"%s\"" % line.replace("\n", "\\n"))
    w("altss:  .long altstack, 0, 16384")
    w("act:    .long handler, 0x08000004, 0, 0, 0")   # SA_SIGINFO | SA_ONSTACK
    w("        .balign %d" % PAGE)
    w("data:")
    words = [fill_word(i) for i in range(DATA_PAGES * PAGE // 4)]
    if div_pos is not None:
        words[(b0 + STRIDE * div_iter + 8) // 4] = 0
    for i in range(0, len(words), 8):
        w("        .long " + ", ".join("0x%08x" % v for v in words[i:i + 8]))
    w("        .bss")
    w("        .balign %d" % PAGE)
    w("stack_area: .skip %d" % (STACK_PAGES * PAGE))
    w("stack_top:")
    w("altstack: .skip 16384")
    return "\n".join(out) + "\n"


def flags_read(x):
    """The arithmetic flags instruction x reads (those of the loop's instructions)."""
    op = x["asm"].split()[0]
    return CF if op in ("adc", "sbb") else ZF if op in ("je", "jne") else 0


def div_flags_read(pos):
    """Does a DIV before HOT[pos] leave flags that the hot path reads before writing them? DIV
    leaves every arithmetic flag undefined, and CPUs differ (an AMD EPYC clears ZF and sets AF
    where the flags before were ZF|PF): such a variant's earlier iterations would depend on the
    implementation, so it is not made."""
    undefined = ARITH
    for k in range(len(HOT)):
        x = HOT[(pos + k) % len(HOT)]
        if flags_read(x) & undefined:
            return True
        undefined &= ~(x["fl"][0] & ~x["fl"][1])
        if not undefined:
            return False
    return False


def variants():
    """Yields (name, b0, e0, fence, div_pos, div_iter, signal, ecx, access, flagmask, target)."""
    default_b0 = 0
    default_e0 = STACK_PAGES * PAGE
    seen = set()
    for k, x in enumerate(ORDER):
        if not x["hot"]:
            continue
        pos = HOT.index(x)
        for reg, off, size, rw, aname in x["acc"]:
            if aname is None:
                continue
            assert aname not in seen
            seen.add(aname)
            kinds = ["unmapped"] + (["readonly"] if "w" in rw else [])
            for kind in kinds:
                # offset of this access from the walking register's value at the loop head
                delta = 0
                for y in ORDER[:k]:
                    delta += y["ebx" if reg == "ebx" else "esp"]
                if reg == "ebx":
                    area = "data"
                    b0 = 2 * PAGE - STRIDE * ITER - delta - off   # reaches the fence on ITER
                    e0 = default_e0
                else:
                    area = "stack"
                    per_iter = sum(y["esp"] for y in ORDER)
                    b0 = default_b0
                    # the access's last byte is just below the stack's bottom (the fence's top)
                    e0 = PAGE - 4 - per_iter * ITER - delta - off
                    assert 0 < e0 <= default_e0, e0
                got = first_fault(b0, e0, kind, area)
                assert got and got[0] == ITER and got[1] == k and got[2][4] == aname, (aname, kind, got)
                # a read-modify-write on an unmapped page: "rmw", which the host decides (read
                # or write: tests/run-sbt-faults.sh, tests/tools/rmwprobe)
                access = ("rmw" if "w" in rw else "read") if kind == "unmapped" and "r" in rw else "write"
                yield ("mem-%s-%s" % (aname, kind), b0, e0, (area, kind), None, None, 11,
                       ecx_at(pos, ITER), access, flag_mask(pos), x)
    divisor = next(i for i, x in enumerate(HOT) if x["name"] == "divisor")
    for pos in range(len(HOT)):
        if div_flags_read(pos):
            continue
        it = ITER if pos > divisor else ITER + 1
        yield ("div-%02d" % pos, default_b0, default_e0, None, pos, ITER, 8, ecx_at(pos, it), "-",
               flag_mask(pos), None)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen.py OUTDIR")
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    lines = []
    for name, b0, e0, fence, div_pos, div_iter, sig, ecx, access, mask, target in variants():
        for x in INSNS:
            x.pop("target", None)
        if target is not None:
            target["target"] = True
        text = program(name, b0, e0, fence, div_pos, div_iter)
        path = os.path.join(outdir, name + ".S")
        if not os.path.exists(path) or open(path).read() != text:
            with open(path, "w") as f:
                f.write(text)
        xf = " xfail-eflags:" + XFAIL_EFLAGS[name] if name in XFAIL_EFLAGS else ""
        lines.append("%s %d %d %s %x%s\n" % (name, sig, ecx, access, mask, xf))
    assert set(XFAIL_EFLAGS) <= {l.split()[0] for l in lines}, "XFAIL_EFLAGS names an unknown variant"
    with open(os.path.join(outdir, "variants.txt"), "w") as f:
        f.writelines(lines)
    print("gen.py: %d variants in %s" % (len(lines), outdir))


if __name__ == "__main__":
    main()
