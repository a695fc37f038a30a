#!/usr/bin/env python3
"""morph run -d in_asm,out_asm (docs/usage.md "Translation log").

For each i386 PROGRAM, two runs with `-d in_asm,out_asm,exec,cms --log-file LOG --stats-json J`:
the default configuration, and superblocks with fusion in a small code cache (`--sbt-threshold 2
--core=macro --fusion=adjacent --code-cache 8`, which flushes). Checks:
  - the guest's output, exit status and x86 instructions retired are those of the same run
    without -d (the log changes nothing the guest does);
  - in_asm: every instruction's EIP is an instruction start of `objdump -d` of PROGRAM, and in a
    block each next EIP is the one objdump lists after it (so the lengths are right); there are
    as many blocks and superblocks as the statistics count (bbt.blocks, sbt_superblocks), and
    as many `CMS: translate` lines that report a translation;
  - exec and cms: as many EXEC lines as the dispatcher's entries (bbt.enters), chain, JTLB
    fill, rollback and flush lines as the statistics count; the small cache flushed;
  - out_asm: one OUT per IN, same head EIP, its `; EIP text` group lines are the IN's
    instructions in order; the words listed (an exit stub's xexit with its two data words)
    add up to the header's count at consecutive addresses; no word fails to disassemble;
    every `{` (fuse head) is followed by a `}` line; the fusion run has pairs, the default none.
  - op: each OUT is preceded by its OP records from `lift` to `link`, whose words (text) are
    the OUT's; every OP lists as many words as its header says;
  - `-d bogus` is refused naming the key and every valid one; --log-file without -d is refused.
A self-check: a log with one I-op line removed, and one with a group's EIP changed, must fail.
`morph disas` (the same I-op disassembler, from the ISA tables): of the firmware's ELF, every
RV32IM op objdump decodes (-M no-aliases,numeric) has objdump's mnemonic, and every word of its
text disassembles (no .word); `morph disas 0x00000013` is `addi x0,x0,0`.

    tests/run-log.py --morph MORPH --work DIR --fw-elf CMS.ELF --objdump RV-OBJDUMP PROGRAM...
"""
import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from tally import check, summary  # noqa: E402 (tests/lib/tally.py)


def objdump_starts(prog):
    """address -> the next instruction's address, from objdump -d."""
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", prog], capture_output=True, text=True).stdout
    addrs = [int(m.group(1), 16) for m in re.finditer(r"^\s*([0-9a-f]+):\t", out, re.M)]
    return {a: b for a, b in zip(addrs, addrs[1:] + [None])}


def parse(log):
    """The IN and OUT records of a log, in order."""
    ins, outs, cur = [], [], None
    for line in log.splitlines():
        m = re.match(r"^IN: (block|superblock) 0x([0-9a-f]+), (\d+) instructions$", line)
        if m:
            cur = {"tier": m.group(1), "head": int(m.group(2), 16), "n": int(m.group(3)), "insns": []}
            ins.append(cur)
            continue
        m = re.match(r"^OUT: (block|superblock) 0x([0-9a-f]+) at 0x([0-9a-f]+), (\d+) words", line)
        if m:
            cur = {"tier": m.group(1), "head": int(m.group(2), 16), "code": int(m.group(3), 16),
                   "words": int(m.group(4)), "groups": [], "ops": []}
            outs.append(cur)
            continue
        if not line:
            cur = None
            continue
        if cur is None:
            continue
        m = re.match(r"^0x([0-9a-f]+):  (.*)$", line)
        if m and "insns" in cur:
            cur["insns"].append((int(m.group(1), 16), m.group(2)))
            continue
        m = re.match(r"^  ; 0x([0-9a-f]+)  (.*)$", line)
        if m and "groups" in cur:
            cur["groups"].append((int(m.group(1), 16), m.group(2)))
            continue
        m = re.match(r"^    0x([0-9a-f]+): ([{} ]) (.*)$", line)
        if m and "ops" in cur:
            cur["ops"].append((int(m.group(1), 16), m.group(2), m.group(3)))
            continue
        cur.setdefault("junk", []).append(line)
    return ins, outs


def check_log(log, starts, stats, fusion):
    """Failures (strings) of one log against objdump's instruction starts and the statistics."""
    f = []
    ins, outs = parse(log)
    if not ins:
        return ["no IN record"]
    for r in ins:
        if len(r["insns"]) != r["n"] or r.get("junk"):
            f.append("IN 0x%x: %d instructions listed, header says %d" % (r["head"], len(r["insns"]), r["n"]))
        for i, (eip, _) in enumerate(r["insns"]):
            if eip not in starts:
                f.append("IN 0x%x: 0x%x is no instruction start" % (r["head"], eip))
            elif r["tier"] == "block" and i + 1 < len(r["insns"]) and starts[eip] != r["insns"][i + 1][0]:
                f.append("IN 0x%x: after 0x%x comes 0x%x, not 0x%x" % (r["head"], eip, r["insns"][i + 1][0], starts[eip]))
    nb = sum(r["tier"] == "block" for r in ins)
    ns = sum(r["tier"] == "superblock" for r in ins)
    if nb != stats["bbt"]["blocks"] or ns != stats["bbt"]["sbt_superblocks"]:
        f.append("%d blocks, %d superblocks logged; the statistics count %d, %d" % (
            nb, ns, stats["bbt"]["blocks"], stats["bbt"]["sbt_superblocks"]))
    # (a block whose first instruction is left to the interpreter gets a translate line but no
    # translation: no IN record)
    if len(re.findall(r"^CMS: translate (?:block|superblock) 0x[0-9a-f]+: (?:\d+ blocks, )?\d+ x86 instructions",
                      log, re.M)) != len(ins):
        f.append("CMS translate lines differ from the IN records")
    if len(outs) != len(ins):
        f.append("%d OUT records for %d IN" % (len(outs), len(ins)))
    pairs = 0
    for r, o in zip(ins, outs):
        if (o["tier"], o["head"]) != (r["tier"], r["head"]):
            f.append("OUT 0x%x follows IN 0x%x" % (o["head"], r["head"]))
        if o["groups"] != r["insns"]:
            f.append("OUT 0x%x: its groups are not the IN's instructions" % o["head"])
        words, addr, prev = 0, o["code"], " "
        for a, mark, text in o["ops"]:
            if a != addr:
                f.append("OUT 0x%x: op at 0x%x, expected 0x%x" % (o["head"], a, addr))
            n = 3 if text.startswith("xexit ") else 1
            words += n
            addr += 4 * n
            if text.startswith(".word"):
                f.append("OUT 0x%x: %s" % (o["head"], text))
            if (prev == "{") != (mark == "}"):
                f.append("OUT 0x%x: a fused pair not well formed at 0x%x" % (o["head"], a))
            pairs += mark == "{"
            prev = mark
        if words != o["words"] or o.get("junk"):
            f.append("OUT 0x%x: %d words listed, header says %d" % (o["head"], words, o["words"]))
    if fusion and not pairs:
        f.append("no fused pair in a --fusion=adjacent run")
    if not fusion and pairs:
        f.append("fused pairs without --fusion")
    return f


def check_op(log):
    """-d op: per translation, stages from lift to link; the link's words are the OUT's."""
    f = []
    recs = re.split(r"\n(?=OP: |OUT: |IN: |EXEC: |CMS: )", log)
    stages, links = [], 0
    for r in recs:
        m = re.match(r"OP: (block|superblock) 0x([0-9a-f]+) after (\S+) \((\d+) words", r)
        if m:
            ops = re.findall(r"^  ([x+ ]) (\S.*)$", r, re.M)
            words = sum(3 if t.startswith("xexit ") else 1 for _, t in ops)
            if words != int(m.group(4)):
                f.append("OP 0x%s after %s: %d words listed, header %s" % (m.group(2), m.group(3), words, m.group(4)))
            # a branch to a label shows " -> Ln" after its text
            stages.append((m.group(1), m.group(2), m.group(3), [re.sub(r" -> L\d+$", "", t) for _, t in ops]))
            continue
        m = re.match(r"OUT: (block|superblock) 0x([0-9a-f]+) at", r)
        if m:
            links += 1
            out_ops = [t for _, _, t in re.findall(r"^    0x([0-9a-f]+): ([{} ]) (.*?)(?:  ; exit to .*)?$", r, re.M)]
            last = stages[-1] if stages else None
            if not last or last[:3] != (m.group(1), m.group(2), "link"):
                f.append("OUT 0x%s: no OP after link before it" % m.group(2))
            elif last[3] != out_ops:
                f.append("OUT 0x%s: its words differ from the OP after link" % m.group(2))
            if not any(s[2] == "lift" and s[1] == m.group(2) for s in stages[-12:]):
                f.append("OUT 0x%s: no OP after lift" % m.group(2))
    if not links:
        f.append("no OUT record")
    return f


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--morph", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--fw-elf", required=True)
    p.add_argument("--objdump", required=True)
    p.add_argument("progs", nargs="+")
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    first_log = None
    for prog in a.progs:
        name = os.path.basename(prog)
        starts = objdump_starts(prog)
        for tag, extra in (("default", []), ("sbt-fusion", ["--sbt-threshold", "2", "--core=macro", "--fusion=adjacent",
                                                            "--code-cache", "8"])):
            base = os.path.join(a.work, f"{name}.{tag}")
            if os.path.exists(base + ".log"):
                os.remove(base + ".log")  # morph appends
            plain = run([a.morph, "run", "--stats-json", base + ".plain.json"] + extra + [prog])
            logged = run([a.morph, "run", "-d", "in_asm,out_asm,exec,cms,op", "--log-file", base + ".log",
                          "--stats-json", base + ".json"] + extra + [prog])
            sp, sl = json.load(open(base + ".plain.json")), json.load(open(base + ".json"))
            check(f"{name} {tag}: same output, status and x86 instructions as without -d",
                  (plain.stdout, plain.returncode, sp["cms"]["x86_retired"]) ==
                  (logged.stdout, logged.returncode, sl["cms"]["x86_retired"]),
                  f"status {plain.returncode}/{logged.returncode}, x86 {sp['cms']['x86_retired']}/{sl['cms']['x86_retired']}")
            log = open(base + ".log").read()
            fails = check_log(log, starts, sl, tag != "default")
            check(f"{name} {tag}: in_asm and out_asm records", not fails, "; ".join(fails[:5]))
            b = sl["bbt"]
            counts = {"EXEC": (r"^EXEC: 0x", b["enters"]), "chain": (r"^CMS: chain exit stub ", b["chains"]),
                      "JTLB fill": (r"^CMS: JTLB fill ", b["jtlb_fills"]), "rollback": (r"^CMS: rollback to ", b["rollbacks"]),
                      "flush": (r"^CMS: code cache flush", b["flushes"])}
            wrong = ["%s %d, statistics %d" % (k, len(re.findall(rx, log, re.M)), n) for k, (rx, n) in counts.items()
                     if len(re.findall(rx, log, re.M)) != n]
            check(f"{name} {tag}: exec and cms lines as many as the statistics count", not wrong and b["enters"] > 0,
                  "; ".join(wrong))
            if tag != "default":
                check(f"{name} {tag}: the 8 KiB code cache flushed", b["flushes"] > 0, "no flush")
            fails = check_op(log)
            check(f"{name} {tag}: op records (each translation's IR after lift ... link)", not fails, "; ".join(fails[:5]))
            if first_log is None:
                first_log = (log, starts, sl)

    r = run([a.morph, "run", "-d", "in_asm,bogus", "/bin/true"])
    check("-d bogus is refused, naming the valid keys",
          r.returncode == 2 and "bogus" in r.stderr and all(k in r.stderr for k in ("in_asm", "out_asm", "exec", "cms", "op")),
          r.stderr.strip())
    r = run([a.morph, "run", "--log-file", os.path.join(a.work, "x.log"), "/bin/true"])
    check("--log-file without -d is refused", r.returncode == 2 and "-d" in r.stderr, r.stderr.strip())

    log, starts, sl = first_log
    lines = log.splitlines()
    i = next(k for k, l in enumerate(lines) if re.match(r"^    0x[0-9a-f]+:   ", l))
    check("self-check: an I-op line removed is caught",
          bool(check_log("\n".join(lines[:i] + lines[i + 1:]) + "\n", starts, sl, False)))
    j = next(k for k, l in enumerate(lines) if l.startswith("  ; 0x"))
    changed = re.sub(r"0x([0-9a-f]+)", lambda m: "0x%08x" % (int(m.group(1), 16) + 1), lines[j], count=1)
    check("self-check: a group's EIP changed is caught",
          bool(check_log("\n".join(lines[:j] + [changed] + lines[j + 1:]) + "\n", starts, sl, False)))

    r = run([a.morph, "disas", "0x00000013", "0x0009d197"])
    check("morph disas WORD", r.returncode == 0 and r.stdout == "addi x0,x0,0\nauipc x3,0x9d\n", repr(r.stdout))
    mine = {}
    for line in run([a.morph, "disas", a.fw_elf]).stdout.splitlines():
        addr, word, text = line.split(None, 2)
        mine[int(addr[:-1], 16)] = (int(word, 16), text[2:] if text.startswith("+ ") else text)
    theirs = run([a.objdump, "-d", "-M", "no-aliases,numeric", a.fw_elf]).stdout
    same, differ = 0, []
    for m in re.finditer(r"^\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(\S+)", theirs, re.M):
        addr, mn = int(m.group(1), 16), m.group(3)
        if addr not in mine or mn.startswith(".") or (mine[addr][0] & 3) != 3:
            continue  # not decoded by objdump (the extension), or a fuse-marked word
        if mine[addr][1].split()[0] == mn:
            same += 1
        else:
            differ.append("0x%x: %s, objdump %s" % (addr, mine[addr][1], mn))
    check("morph disas of the firmware: objdump's mnemonics", same > 1000 and not differ,
          "%d same; %s" % (same, "; ".join(differ[:5])))
    words = [t for _, t in mine.values()]
    check("morph disas of the firmware: every word an op", len(words) > 1000 and not any(t.startswith(".word") for t in words),
          "%d words" % len(words))

    return summary()


if __name__ == "__main__":
    sys.exit(main())
