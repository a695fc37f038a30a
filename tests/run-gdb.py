#!/usr/bin/env python3
"""morph run -g PORT driven by gdb-multiarch in batch mode (docs/usage.md "Debugging the guest").

Session 1, on tests/x86/c/recursion.c built -O0 -g (values the program's source fixes):
  - the first stop is the ELF entry (_start), as under qemu -g;
  - `break hanoi` (Z0) stops at its first call with n=10 from='A' to='C' via='B';
  - the registers: CS 0x23, SS 0x2b, EFLAGS with IF, the x87 control word 0x37f and an empty
    tag word (0xffff: the FPU is unused), ESP inside the stack;
  - memory: `print moves` reads 0; `set var moves = 1000` writes it (the program then prints
    `hanoi moves 2023`, not 1023); `x/x 0` cannot be read;
  - stepi moves EIP to the next instruction (the second of `x/2i $pc`); a register written by
    gdb (ESI) keeps its value over a stepi (it is the firmware's state, fetched again);
  - `break 18` (a line inside hanoi, after the recursive call) stops in the deepest call (n=1,
    to='B', via='C') with the count gdb wrote (1000);
  - `hbreak is_odd` (Z1) stops with n=1999 (main's printf evaluates is_even(2000) first);
  - `break permute`: its argument s reads "abcde" from the guest's stack;
  - `next` reaches the following source line;
  - `continue` with no breakpoint left runs to the end: gdb says the program exited normally,
    morph exits 0 and the guest's output ends `perms 120`.
Session 2, exitcode (-O0 -g): `continue` to the end: gdb reports exit code 42 (052), morph 42.
Session 3, exitcode: `x/x 0` cannot be read; gdb's kill at the end of its script ends the run
(status 137).
Session 4, bytecode_vm (-O0 -g, a few seconds under -g): gdb's interrupt (^C) stops it with
SIGINT; `continue` then runs it to the end, with a plain morph run's output and status.
Session 5, sigfpe (-O0 -g): gdb sees SIGFPE at the faulting idiv (zero = 0), then the guest
dies by it (status 136).
A self-check: a session whose expectations are wrong (n=11) must fail.

    tests/run-gdb.py --morph MORPH --work DIR --recursion PROG --exitcode PROG --long PROG --sigfpe PROG [--gdb gdb-multiarch]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from tally import check, summary  # noqa: E402 (tests/lib/tally.py)


def session(a, prog, cmds, tag):
    """Starts morph run -g 0 PROG, reads the port from its first line, runs gdb with cmds;
    returns (gdb output, morph status, morph stdout, morph stderr)."""
    os.makedirs(a.work, exist_ok=True)
    out_path = os.path.join(a.work, tag + ".out")
    with open(out_path, "w") as out:
        m = subprocess.Popen([a.morph, "run", "-g", "0", prog], stdout=out, stderr=subprocess.PIPE, text=True)
        first = m.stderr.readline()
        port = re.search(r"localhost:(\d+)", first)
        if not port:
            m.kill()
            return "", -1, "", first
        script = os.path.join(a.work, tag + ".gdb")
        with open(script, "w") as f:
            f.write("set architecture i386\nset confirm off\nset pagination off\n")
            f.write(f"target remote localhost:{port.group(1)}\n")
            f.write("\n".join(cmds) + "\n")
        try:
            g = subprocess.run([a.gdb, "-batch", "-nx", "-x", script, prog], capture_output=True, text=True,
                               timeout=300)
            gout = g.stdout + g.stderr
        except subprocess.TimeoutExpired:
            gout = "gdb timed out"
        try:
            rest = m.stderr.read()
            st = m.wait(timeout=120)
        except subprocess.TimeoutExpired:
            m.kill()
            st, rest = -1, "morph did not end"
    with open(os.path.join(a.work, tag + ".gdb.log"), "w") as f:
        f.write(gout)
    return gout, st, open(out_path).read(), first + rest


def value(gout, n):
    """The value printed as $n."""
    m = re.search(r"^\$%d = (.*)$" % n, gout, re.M)
    return m.group(1) if m else None


RECURSION = [
    "break hanoi", "hbreak is_odd", "break permute",
    "continue",
    "print n", "print from", "print to", "print via",               # $1..$4
    "print moves",                                                     # $5
    "set var moves = 1000",
    "print $cs", "print $ss", "print $eflags", "print/x $fctrl", "print/x $ftag",  # $6..$10
    "print/x $esp",                                                    # $11
    "x/2i $pc",
    "print/x $pc",                                                     # $12
    "stepi",
    "print/x $pc",                                                     # $13
    "set $esi = 0x12345678",
    "stepi",
    "print/x $esi",                                                    # $14
    "delete 1",
    "break 18",
    "continue",
    "print n", "print moves",                                          # $15, $16
    "delete 4",
    "continue",
    "print n",                                                         # $17
    "delete 2",
    "continue",
    "print s",                                                         # $18
    "info line *$pc",
    "next",
    "info line *$pc",
    "delete",
    "continue",
]


def file_vaddr(prog, needle):
    """The address where the bytes needle of prog's file are loaded (readelf's sections)."""
    off = open(prog, "rb").read().find(needle)
    secs = subprocess.run(["readelf", "-S", "-W", prog], capture_output=True, text=True).stdout
    for m in re.finditer(r"^\s*\[\s*\d+\]\s+\S+\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", secs, re.M):
        addr, o, size = (int(x, 16) for x in m.groups())
        if o <= off < o + size:
            return addr + off - o
    return None


def check_recursion(a, prog, expect_n="10", label=""):
    """Returns the list of failures (names) of session 1 with the given expectation."""
    fmt = file_vaddr(prog, b"hanoi moves %d")
    cmds = list(RECURSION)
    # the format string in read-only data, written as a debugger may (ptrace too)
    cmds.insert(cmds.index("set var moves = 1000") + 1, "set {char}0x%x = 'H'" % (fmt or 0))
    gout, st, out, err = session(a, prog, cmds, "recursion" + label)
    fails = []

    def c(name, cond):
        if not cond:
            fails.append(name)
    c("first stop at _start", re.search(r"in _start \(\)", gout) is not None)
    c("break hanoi: its arguments", re.search(r"Breakpoint 1, hanoi \(n=%s, from=65 'A', to=67 'C', via=66 'B'\)"
                                               % expect_n, gout) is not None)
    c("print n, from, to, via", [value(gout, i) for i in (1, 2, 3, 4)] == [expect_n, "65 'A'", "67 'C'", "66 'B'"])
    c("print moves (memory read)", value(gout, 5) == "0")
    c("CS, SS", value(gout, 6) == "35" and value(gout, 7) == "43")
    c("EFLAGS has IF", "IF" in (value(gout, 8) or ""))
    c("x87 FCW 0x37f, tag word empty", value(gout, 9) == "0x37f" and value(gout, 10) == "0xffff")
    esp = int(value(gout, 11) or "0", 16)
    c("ESP in the stack", 0xb0000000 <= esp < 0xc0000000)
    two = re.findall(r"^(?:=> )?\s*0x([0-9a-f]+) <hanoi\+\d+>:", gout, re.M)
    pc0, pc1 = value(gout, 12), value(gout, 13)
    c("stepi: EIP at the next instruction", len(two) >= 2 and pc0 == "0x" + two[0] and pc1 == "0x" + two[1])
    c("a register written by gdb stays (ESI)", value(gout, 14) == "0x12345678")
    c("break 18: mid-function, the deepest call, the count gdb wrote",
      re.search(r"Breakpoint 4, hanoi \(n=1, from=65 'A', to=66 'B', via=67 'C'\) at \S+:18", gout) is not None
      and value(gout, 15) == "1" and value(gout, 16) == "1000")
    c("hbreak is_odd (Z1)", re.search(r"Breakpoint 2, is_odd \(n=1999\)", gout) is not None and value(gout, 17) == "1999")
    c("break permute: s from the stack", re.search(r'Breakpoint 3, permute \(s=0x[0-9a-f]+ "abcde", k=0, n=5\)', gout)
      is not None and (value(gout, 18) or "").endswith('"abcde"'))
    lines = re.findall(r'^Line (\d+) of "[^"]*recursion.c"', gout, re.M)
    c("next: a later source line", len(lines) == 2 and int(lines[1]) > int(lines[0]))
    c("continue to the end: exited normally", "exited normally" in gout)
    c("morph exit status 0", st == 0)
    c("memory writes seen by the program: a variable, read-only data (Hanoi moves 2023)",
      fmt is not None and "\nHanoi moves 2023\n" in out)
    c("the guest's output to its end", out.endswith("perms 120\n"))
    return fails, gout, err


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--morph", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--recursion", required=True)
    p.add_argument("--exitcode", required=True)
    p.add_argument("--long", required=True, help="a program that runs a few seconds under -g")
    p.add_argument("--sigfpe", required=True, help="a program that divides by zero")
    p.add_argument("--gdb", default="gdb-multiarch")
    a = p.parse_args()
    if not shutil.which(a.gdb):
        print(f"FAIL {a.gdb} not found (tools/install-deps.sh installs gdb-multiarch)")
        return 1

    fails, gout, err = check_recursion(a, a.recursion)
    for name in ["first stop at _start", "break hanoi: its arguments", "print n, from, to, via",
                 "print moves (memory read)", "CS, SS", "EFLAGS has IF", "x87 FCW 0x37f, tag word empty",
                 "ESP in the stack", "stepi: EIP at the next instruction",
                 "a register written by gdb stays (ESI)", "break 18: mid-function, the deepest call, the count gdb wrote",
                 "hbreak is_odd (Z1)", "break permute: s from the stack",
                 "next: a later source line", "continue to the end: exited normally", "morph exit status 0",
                 "memory writes seen by the program: a variable, read-only data (Hanoi moves 2023)", "the guest's output to its end"]:
        check("recursion: " + name, name not in fails,
              f"see {a.work}/recursion.gdb.log; morph said: {err.strip()[-300:]}")

    gout, st, out, err = session(a, a.exitcode, ["continue"], "exitcode")
    check("exitcode: gdb reports exit code 42", re.search(r"exited with code 052", gout) is not None,
          f"see {a.work}/exitcode.gdb.log")
    check("exitcode: morph exit status 42", st == 42, f"status {st}")

    # an unmapped address (a gdb error ends its batch script: gdb then kills the guest)
    gout, st, out, err = session(a, a.exitcode, ["x/x 0"], "unmapped")
    check("x/x 0 cannot be read", "Cannot access memory at address 0x0" in gout, f"see {a.work}/unmapped.gdb.log")
    check("gdb's kill ends the run (status 137, SIGKILL)", st == 137, f"status {st}")

    # ^C: gdb interrupts a running guest (posted from a thread: a batch script cannot type it),
    # which stops at an instruction boundary and then runs on to the same output as a plain run
    plain = subprocess.run([a.morph, "run", a.long], capture_output=True, text=True, timeout=300)
    gout, st, out, err = session(a, a.long, [
        "python", "import threading, time",
        "def later():", "    time.sleep(0.2)", "    gdb.post_event(lambda: gdb.execute('interrupt'))",
        "threading.Thread(target=later).start()", "end",
        "continue", "print/x $eip", "continue"], "interrupt")
    check("^C stops the guest (SIGINT)", "Program received signal SIGINT" in gout and value(gout, 1) is not None,
          f"see {a.work}/interrupt.gdb.log")
    check("after ^C the run goes on to a plain run's output and status",
          "exited normally" in gout and st == 0 and plain.returncode == 0 and out == plain.stdout,
          f"status {st}, plain {plain.returncode}")

    # a fault: gdb sees the signal at the faulting instruction first, then the guest dies by it
    gout, st, out, err = session(a, a.sigfpe, ["continue", "x/i $pc", "print zero", "continue"], "sigfpe")
    check("SIGFPE: gdb stops at the faulting division", "Program received signal SIGFPE" in gout and
          re.search(r"=> 0x[0-9a-f]+ <main\+\d+>:\s+idivl?\s", gout) is not None and value(gout, 1) == "0",
          f"see {a.work}/sigfpe.gdb.log")
    check("SIGFPE: then the guest dies by it (gdb and status 136)",
          "Program terminated with signal SIGFPE" in gout and st == 136, f"status {st}")

    # the checks can fail: the same session expecting hanoi's n to be 11
    sf, _, _ = check_recursion(a, a.recursion, expect_n="11", label="-selfcheck")
    check("self-check: a wrong expectation fails", "break hanoi: its arguments" in sf and "print n, from, to, via" in sf)

    return summary()


if __name__ == "__main__":
    sys.exit(main())
