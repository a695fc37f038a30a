#!/usr/bin/env python3
"""Fail when a machine fact is spelled by hand outside the isa/ tables and the generated files.

The facts (isa/morph-ext.tbl, isa/morph-sys.tbl, isa/morph-facts.tbl, isa/rv32-base.tbl;
tools/isagen.py writes them to build/gen/) are: the extension's opcode groups and encodings, the
x-ALU funct7 list, the xflags bit positions, the physical memory map and firmware layout, the core
sizes, and the instruction fields (C code decodes through the generated morph_decode.h). This lint greps the
hand-written sources (C, assembler, ld scripts, SystemVerilog, Python, shell, make) for the
literal forms those facts used to take, and prints file:line: rule for each hit.

A line that must keep a literal (a test operand that happens to equal an address, say) carries the
marker `lint-facts: ok` with the reason next to it.

usage: lint-facts.py [--root DIR] [FILE...]     (no FILE: every tracked source under DIR)
exit status 0 when clean, 1 when a hand-written fact is found.
"""
import argparse
import os
import re
import subprocess
import sys

# Where the facts are defined (the tables and their generator) and this file, which names them.
SOURCES = {"isa/morph-ext.tbl", "isa/morph-sys.tbl", "isa/morph-facts.tbl", "isa/rv32-base.tbl",
           "tools/isagen.py", "tools/lint-facts.py"}
EXTS = (".c", ".h", ".S", ".s", ".ld", ".sv", ".v", ".vh", ".py", ".sh", ".mk", ".cpp")
SKIP_DIRS = ("build", "deps", "docs", "zydis", "softfloat/berkeley")  # prefixes of paths
MARK = "lint-facts: ok"
# Host-side tests: their addresses are guest virtual ones and 0x8d5 is the host's x86 EFLAGS mask.
HOST_TESTS = ("tests/unit/", "tests/x87/")
# Files whose hits are reported but do not fail the lint yet, with the reason. An entry with no
# hits left fails: remove it.
PENDING = {}
# Instruction fields (RISC-V base formats): opcode rd funct3 rs1 rs2 funct7.
FIELD_MASKS = (0x7f, 0xf80, 0x7000, 0xf8000, 0x1f00000, 0xfe000000)


def load_facts(root):
    """Memory-map, layout and size values from isa/morph-facts.tbl (same evaluation as isagen)."""
    env, out = {}, []
    for line in open(os.path.join(root, "isa/morph-facts.tbl")):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, expr = line.split(None, 2)[:2]
        v = int(eval(expr, {"__builtins__": {}}, dict(env))) & 0xffffffff
        env[name] = v
        out.append((name, v))
    return out


def strip_comments(text, path):
    """Blank out comments, keeping line numbers; the marker is checked on the raw line."""
    if path.endswith((".py", ".sh", ".mk")) or os.path.basename(path) == "Makefile":
        return "\n".join(re.sub(r"(^|\s)#.*$", "", l) for l in text.split("\n"))
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    return "\n".join(re.sub(r"//.*$", "", l) for l in text.split("\n"))


def rules(facts):
    addr = {}
    for name, v in facts:
        # Only values distinctive enough to be an address or a layout size.
        if name.startswith(("MM_", "CMS_")) and v >= 0x10000 and name != "CMS_CODE_MAP_ENTRIES":
            addr.setdefault(v, name)
    sizes = {n: v for n, v in facts if n.startswith("CORE_")}
    hexlit = re.compile(r"(?<![\w'])(?:0x|\d+'h)([0-9a-fA-F_]+)(?![\w])")

    def mem(line, path):
        if path.startswith(HOST_TESTS):
            return None  # guest virtual addresses and x86 data, not the physical map
        for m in hexlit.finditer(line):
            try:
                v = int(m.group(1).replace("_", ""), 16)
            except ValueError:
                continue
            if v in addr:
                return "memory-map value 0x%08x by hand (use %s, isa/morph-facts.tbl)" % (v, addr[v])
        return None

    opg = r"(?:0x|7'h)(?:0b|2b|5b|7b)\b"

    def insn(line, path):
        m = re.search(r"\.insn\s+\w+\s+(0x[0-9a-fA-F]+|\d+)\s*,", line)
        if m and int(m.group(1), 0) in (0x0b, 0x2b, 0x5b, 0x7b):
            return "extension opcode in .insn by hand (use OPG_*/OPC_* from morph_isa.h)"
        return None

    def opcode(line, path):
        # RV opcode-group literals where an RV opcode is meant: next to the 0x7f opcode mask or an
        # opc()/opcode name, in a `case` of the model or the RTL, or as a 7-bit Verilog constant.
        if re.search(opg, line) and re.search(r"0x7f|\bopc\w*\s*\(|\bopcode\b", line):
            return "extension opcode group by hand (use OPG_*)"
        if path.startswith(("sim/", "rtl/")) and re.search(r"\bcase\s+0x(?:0b|2b|5b|7b)\s*:", line):
            return "extension opcode group by hand in a case label (use OPG_*)"
        if path.endswith((".sv", ".v", ".vh")) and re.search(r"7'h(?:0b|2b|5b|7b)\b", line):
            return "extension opcode group by hand (use OPG_*)"
        return None

    def xalu(line, path):
        if re.search(r"\b(?:SIM_XALU|XA|XALU)_[A-Z]+\s*=\s*(?:0x)?[0-9]", line):
            return "x-ALU op numbered by hand (use MORPH_XALU_OPS from morph_isa.h)"
        if re.search(r"SZ_CASES\s*\(\s*(?:0x)?[0-9]", line):
            return "x-ALU funct7 list by hand (use MORPH_XALU_OPS)"
        return None

    def flags(line, path):
        if path.endswith((".sv", ".v", ".vh")) and re.search(r"\bflags\w*\s*\[\s*\d+\s*\]", line):
            return "xflags bit position by hand (use XF_*_BIT from morph_isa.vh)"
        if not path.startswith(HOST_TESTS) and re.search(r"(?:0x|'h)0*8d5\b", line):
            return "XF_ARITH mask by hand (use XF_ARITH)"
        return None

    size_re = re.compile(r"\b\w*(?:GSB|GTLB|JTLB|Gsb|Gtlb|Jtlb)\w*(?:DEPTH|ENTRIES|SETS|WAYS|Depth|"
                         r"Entries|Sets|Ways)\w*\s*(?:\?=|:=|=|\s)\s*(\d+)\b")
    param_re = re.compile(r"\bparameter\b.*\b(?:Depth|Entries|Sets|Ways)\s*=\s*(\d+)")

    # (param_re's bare Depth/Entries/Sets/Ways: only in the modules of the structures CORE_* sizes,
    # the GTLB, JTLB and gated store buffer; a cache's geometry is include/morph/cache.def's, and
    # its module defaults are numbers such as 4 that a core size may equal)
    sized_module = re.compile(r"(?:gtlb|jtlb|gsb)[^/]*$")

    def size(line, path):
        for r in (size_re, param_re) if sized_module.search(path) else (size_re,):
            m = r.search(line)
            if m and int(m.group(1)) in sizes.values():
                return "core size %s by hand (use CORE_* from isa/morph-facts.tbl)" % m.group(1)
        return None

    # Unions of two or more fields (0x01fff07f: rs1 rs2 funct3 opcode), and the B offset. Runs of
    # ones from bit 0 or to bit 31 (0xfff, 0xfffff000, ...) are page and width masks as often.
    unions = {0xfe000f80}
    for n in range(1, 1 << len(FIELD_MASKS)):
        if bin(n).count("1") >= 2:
            unions.add(sum(m for i, m in enumerate(FIELD_MASKS) if n >> i & 1))
    unions = {v for v in unions if v & (v + 1) and (~v & 0xffffffff) & ((~v & 0xffffffff) + 1)}
    insn_name = r"\b(?:insn|ins|raw|word|iop|w)\b"
    extract = re.compile(r">>\s*(?:7|15|20)\s*\)\s*&\s*(?:0x1f|31)\b|>>\s*12\s*\)\s*&\s*(?:0x7|7)\b|"
                         + insn_name + r"\s*>>\s*(?:20|25)\b|\(int32_t\)\s*\w+\s*>>\s*(?:20|25)\b|"
                         + insn_name + r"\s*(?:\|\s*\w+\s*\)\s*)?&\s*0x7f\b")

    def fields(line, path):
        if not path.endswith((".c", ".h")):
            return None
        if extract.search(line):
            return "instruction field or immediate extracted by hand (use morph_decode.h)"
        for m in re.finditer(r"(?<!\w)0x([0-9a-fA-F]+)[uU]?(?!\w)", line):
            v = int(m.group(1), 16)
            if v in unions:
                return "instruction field mask 0x%08x by hand (use MORPH_F_* / morph_set_imm_b/j)" % v
        return None

    return [mem, insn, opcode, xalu, flags, size, fields]


def tracked(root):
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "--cached", "--others",
                              "--exclude-standard"], capture_output=True, text=True,
                             check=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        out = [os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs]
    return [p for p in out if p and (p.endswith(EXTS) or os.path.basename(p) == "Makefile")]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    root = os.path.normpath(a.root)
    checks = rules(load_facts(root))
    files = [os.path.relpath(os.path.abspath(f), root) for f in a.files] or tracked(root)
    bad = 0
    pending = dict.fromkeys(PENDING, 0)
    for path in sorted(files):
        if path in SOURCES or path.startswith(SKIP_DIRS) or path.startswith("tests/x86/"):
            continue  # tests/x86: i386 programs, their numbers are x86 opcodes and data
        full = os.path.join(root, path)
        if not os.path.isfile(full):
            continue
        raw = open(full, errors="replace").read()
        if "Generated by tools/isagen.py" in raw[:200]:
            continue
        code = strip_comments(raw, path).split("\n")
        for n, (line, rawline) in enumerate(zip(code, raw.split("\n")), 1):
            if MARK in rawline:
                continue
            for check in checks:
                why = check(line, path)
                if why and path in PENDING:
                    print("%s:%d: %s (pending: %s)\n    %s" % (path, n, why, PENDING[path],
                                                          rawline.strip()))
                    pending[path] += 1
                    break
                if why:
                    print("%s:%d: %s\n    %s" % (path, n, why, rawline.strip()))
                    bad += 1
                    break
    for path, hits in pending.items():
        if not hits and (not a.files or path in files):
            print("%s: listed in PENDING (tools/lint-facts.py) but clean: remove the entry" % path)
            bad += 1
    if bad:
        print("lint-facts: %d hand-written fact(s); define them in isa/*.tbl (tools/isagen.py)" % bad)
        return 1
    print("lint-facts: clean (%d files)" % len(files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
