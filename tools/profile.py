#!/usr/bin/env python3
"""Reads a `morph run --profile FILE` sampling profile (docs/usage.md "Profiles") and names
what the samples hit: the share of each mode and firmware activity, the firmware's functions
(symbols of the firmware ELF, build/fw/cms.elf), and, for translated code, the guest's
functions (symbols of the i386 program, by the x86 EIP of the block). For `morph sim`, the
samples are the RV32 program's own: pass it with --elf.

    tools/profile.py FILE [--fw build/fw/cms.elf] [--guest PROGRAM] [--elf RV32-ELF] [--top N]
"""
import argparse
import bisect
import collections
import os
import shutil
import signal
import subprocess
import sys


def symbols(elf, nm):
    """Sorted (address, name) of the function symbols of elf ([] when it cannot be read)."""
    if not elf or not os.path.exists(elf) or not nm:
        return []
    out = subprocess.run([nm, "-n", elf], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         universal_newlines=True).stdout
    syms = []
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in "tTwW":
            syms.append((int(p[0], 16), p[2]))
    return sorted(syms)


def namer(syms):
    addrs = [a for a, _ in syms]

    def name(a):
        i = bisect.bisect_right(addrs, a) - 1
        return syms[i][1] if i >= 0 else f"0x{a:08x}"
    return name if syms else (lambda a: f"0x{a:08x}")


def table(title, counter, total, top):
    lines = [title]
    for k, v in counter.most_common(top):
        lines.append(f"  {v / total * 100:6.2f}% {v:>10}  {k}")
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("profile")
    ap.add_argument("--fw", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "fw",
                                                "cms.elf"), help="the firmware ELF (default build/fw/cms.elf)")
    ap.add_argument("--guest", help="the i386 program (default: the one the profile names)")
    ap.add_argument("--elf", help="for morph sim: the RV32 program, whose functions the samples are")
    ap.add_argument("--top", type=int, default=15)
    a = ap.parse_args()
    rows, program = [], None
    with open(a.profile) as f:
        for line in f:
            if line.startswith("# morph profile:"):
                program = line.rsplit("program ", 1)[-1].strip()
                continue
            if line.startswith("#") or not line.strip():
                continue
            n, mode, act, pc, eip = line.split()
            rows.append((int(n), mode, act, int(pc, 16), int(eip, 16)))
    if not rows:
        sys.exit(f"profile.py: no samples in {a.profile}")
    rv_nm = shutil.which("riscv64-unknown-elf-nm")
    fw = namer(symbols(a.elf or a.fw, rv_nm))
    guest = namer(symbols(a.guest or program, shutil.which("nm")))
    total = sum(r[0] for r in rows)
    by_act, fw_fn, xl_fn = collections.Counter(), collections.Counter(), collections.Counter()
    for n, mode, act, pc, eip in rows:
        by_act["translated code" if mode == "xl" else f"firmware: {act}"] += n
        if mode == "xl":
            xl_fn[guest(eip)] += n
        else:
            fw_fn[f"{fw(pc)} ({act})"] += n
    out = [f"{total} samples of {a.profile}" + (f" ({program})" if program else "")]
    out += table("by mode and firmware activity:", by_act, total, 20)
    out += table(f"firmware functions (top {a.top}; share of all samples):", fw_fn, total, a.top)
    if xl_fn:
        out += table(f"translated code by guest function (top {a.top}):", xl_fn, total, a.top)
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the listing quietly
    sys.exit(main())
