#!/usr/bin/env python3
"""The benchmark suite (docs/bench.md): real programs built from Debian source packages, each
for three targets from the same source:

  i386   gcc -m32 -O2 -static (glibc): the x86 program morph runs, and the reference run
  rv32   riscv64-unknown-elf-gcc -march=rv32im -mabi=ilp32 -O2, picolibc and bench/rv32rt (a
         system-call layer over morph's HTIF): runs natively on the modeled core (`morph sim`)
  host   gcc -O2 on the host: a third opinion on the outputs

PROGRAMS below is the suite's one definition: source package, files, flags, command line and
inputs. Commands:

  suite.py packages                          the Debian source packages (tools/install-deps.sh)
  suite.py build TARGET --src DIR --out DIR  compiles what is out of date (-j N)
  suite.py inputs --out DIR                  writes the deterministic inputs
  suite.py cmd NAME SIZE --bin B --inputs D  prints one program's command line (shell words)
  suite.py check --build DIR --morph M       CI: every program on its test input, four ways
                                             (host, the i386 reference run, native or qemu-i386
                                             per --oracle, morph run, morph sim on the RV32
                                             build): identical outputs and statuses
"""
import argparse
import concurrent.futures
import hashlib
import os
import random
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))

# Inputs: name -> (kind, {size: bytes}). Sizes are chosen so that the ref run executes 50 M to
# 1 G x86 instructions and the test run a few million (docs/bench.md lists the counts).
INPUTS = {
    "text": ("text", {"test": 20_000, "small": 250_000, "ref": 500_000}),
}

LUA_SRCS = ["lapi.c", "lcode.c", "lctype.c", "ldebug.c", "ldo.c", "ldump.c", "lfunc.c", "lgc.c",
            "llex.c", "lmem.c", "lobject.c", "lopcodes.c", "lparser.c", "lstate.c", "lstring.c",
            "ltable.c", "ltm.c", "lundump.c", "lvm.c", "lzio.c", "lauxlib.c", "lbaselib.c",
            "lcorolib.c", "ldblib.c", "liolib.c", "lmathlib.c", "loadlib.c", "loslib.c",
            "lstrlib.c", "ltablib.c", "lutf8lib.c", "linit.c", "lua.c"]

# Each program: pkg (Debian source package, unpacked in --src DIR/pkg), srcs (in the package),
# ours (files of bench/suite/NAME/), cflags (all targets; per target in cflags_TARGET), args
# (the command line after the program: {in} is the input file, {dir} bench/suite/NAME, {n} the
# size's work count), input (an INPUTS name, or None), work ({size: n}), headers (files the
# package's own build would generate: name -> text, written next to the objects).
PROGRAMS = [
    dict(name="bzip2", pkg="bzip2",
         srcs=["blocksort.c", "huffman.c", "crctable.c", "randtable.c", "compress.c",
               "decompress.c", "bzlib.c", "bzip2.c"],
         cflags=["-D_FILE_OFFSET_BITS=64"], args="-9 -c {in}", input="text"),
    dict(name="zlib", pkg="zlib",
         srcs=["adler32.c", "crc32.c", "deflate.c", "infback.c", "inffast.c", "inflate.c",
               "inftrees.c", "trees.c", "zutil.c", "compress.c", "uncompr.c"],
         ours=["zbench.c"], cflags=["-I{src}"], args="{in}", input="text"),
    dict(name="lua", pkg="lua5.4", srcs=["src/" + s for s in LUA_SRCS],
         cflags=["-I{src}/src"], cflags_i386=["-DLUA_USE_POSIX"], cflags_host=["-DLUA_USE_POSIX"],
         # what Debian's build generates (debian/rules): the library path's multiarch part
         headers={"lua5.4-deb-multiarch.h": '#define DEB_HOST_MULTIARCH "morph-suite"\n'},
         ours=[], args="{dir}/bench.lua {n}", input=None,
         work={"test": 1, "small": 10, "ref": 20}),
    dict(name="mbedtls", pkg="mbedtls",
         srcs=["library/" + s for s in ["sha256.c", "sha512.c", "aes.c", "bignum.c",
                                        "platform_util.c", "constant_time.c", "md5.c", "md.c",
                                        "sha1.c", "ripemd160.c"]],
         ours=["mbench.c"], cflags=["-I{src}/include", "-DMBEDTLS_USER_CONFIG_FILE=\"morph_mbedtls.h\""],
         # the same C code in every build: no x86 AES instructions, no inline assembly
         headers={"morph_mbedtls.h": "#undef MBEDTLS_AESNI_C\n#undef MBEDTLS_PADLOCK_C\n#undef MBEDTLS_HAVE_ASM\n"},
         args="{n}", input=None,
         work={"test": 1, "small": 20, "ref": 40}),
]
SIZES = ("test", "small", "ref")

RV_CC = os.environ.get("RV_CC", "riscv64-unknown-elf-gcc")
# Memory of the native RV32 runs: code and data from the start of RAM, 48 MiB of data, heap and
# stack above (morph sim's RAM starts at MM_RAM_BASE).
RV_LAYOUT = ["-Wl,--defsym=__flash=0x80000000", "-Wl,--defsym=__flash_size=0x01000000",
             "-Wl,--defsym=__ram=0x81000000", "-Wl,--defsym=__ram_size=0x03000000",
             "-Wl,--defsym=__stack_size=0x00100000"]
TARGETS = {
    "i386": dict(cc=["gcc", "-m32"], cflags=["-O2", "-w", "-fno-pie"],
                 ldflags=["-static", "-no-pie", "-lm"]),
    "host": dict(cc=["gcc"], cflags=["-O2", "-w"], ldflags=["-lm"]),
    "rv32": dict(cc=[RV_CC, "-march=rv32im", "-mabi=ilp32", "--specs=picolibc.specs"],
                 cflags=["-O2", "-w", "-I" + os.path.join(TOP, "include")],
                 ldflags=["-Wl,--wrap=main"] + RV_LAYOUT + ["-lm"],
                 rt=[os.path.join(TOP, "bench", "rv32rt", "morph_rt.c")]),
}


def program(name):
    for p in PROGRAMS:
        if p["name"] == name:
            return p
    sys.exit("suite.py: no program %r (suite.py list)" % name)


def newer(target, deps):
    if not os.path.exists(target):
        return True
    t = os.path.getmtime(target)
    return any(os.path.getmtime(d) > t for d in deps)


def same_cmd(path, cmd):
    """Was the object at path.cmd's object compiled with cmd? (False: no, or not known.)"""
    try:
        with open(path) as f:
            return f.read() == " ".join(cmd) or False
    except OSError:
        return False


def build(args):
    tgt = TARGETS[args.target]
    gen = os.path.abspath(args.gen)
    jobs = []  # (obj, cmd, deps)
    links = []
    for p in PROGRAMS:
        if args.only and p["name"] not in args.only:
            continue
        src = os.path.join(os.path.abspath(args.src), p["pkg"])
        if not os.path.exists(os.path.join(src, ".unpacked")):
            sys.exit("suite.py: %s is not unpacked in %s (make deps: tools/install-deps.sh)" % (p["pkg"], src))
        mine = os.path.join(HERE, p["name"])
        flags = [f.replace("{src}", src) for f in p.get("cflags", []) + p.get("cflags_" + args.target, [])]
        files = [os.path.join(src, s) for s in p["srcs"]] + [os.path.join(mine, s) for s in p.get("ours", [])]
        files += tgt.get("rt", [])
        odir = os.path.join(args.out, "obj", p["name"])
        os.makedirs(odir, exist_ok=True)
        for h, text in p.get("headers", {}).items():
            hp = os.path.join(odir, h)
            if not os.path.exists(hp) or open(hp).read() != text:
                with open(hp, "w") as f:
                    f.write(text)
        flags.append("-I" + odir)
        objs = []
        for f in files:
            o = os.path.join(odir, os.path.basename(f)[:-2] + ".o")
            objs.append(o)
            cmd = tgt["cc"] + tgt["cflags"] + ["-I" + gen] + flags + ["-c", f, "-o", o]
            if newer(o, [f]) or same_cmd(o + ".cmd", cmd) is False:
                jobs.append((o, cmd))
        exe = os.path.join(args.out, p["name"])
        links.append((exe, tgt["cc"] + objs + tgt["ldflags"] + ["-o", exe], objs))
    failed = []
    for o, cmd in jobs:  # a failed compilation leaves no .cmd: it is retried
        if os.path.exists(o + ".cmd"):
            os.remove(o + ".cmd")
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        for (o, cmd), r in zip(jobs, ex.map(lambda j: subprocess.run(j[1], capture_output=True, text=True), jobs)):
            if not r.returncode:
                with open(o + ".cmd", "w") as f:
                    f.write(" ".join(cmd))
            else:
                failed.append(o)
                sys.stderr.write("suite.py: %s\n%s" % (" ".join(cmd), r.stderr[-3000:]))
    if failed:
        sys.exit("suite.py: %d compilations failed for %s" % (len(failed), args.target))
    for exe, cmd, objs in links:
        if newer(exe, objs):
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode:
                sys.exit("suite.py: link of %s failed:\n%s\n%s" % (exe, " ".join(cmd), r.stderr[-3000:]))
    print("suite.py: %s: %d programs built in %s (%d files compiled)" % (args.target, len(links), args.out, len(jobs)))


# ---- inputs --------------------------------------------------------------------------------
def text_input(n, seed):
    """English-like text from a fixed vocabulary, words drawn with a skewed distribution: it
    compresses like prose (bzip2 about 3.5:1)."""
    rnd = random.Random(seed)
    vocab = []
    for i in range(3000):
        ln = 2 + int(rnd.expovariate(0.35)) % 11
        vocab.append("".join(rnd.choice("etaoinshrdlucmfwypvbgkqjxz"[:8 + i % 18]) for _ in range(ln)))
    out, size = [], 0
    line = []
    while size < n:
        w = vocab[min(int(rnd.paretovariate(1.1)) - 1, len(vocab) - 1) if rnd.random() < 0.7 else rnd.randrange(len(vocab))]
        line.append(w)
        if len(line) > 6 and rnd.random() < 0.15:
            s = " ".join(line).capitalize() + ".\n"
            out.append(s)
            size += len(s)
            line = []
    return "".join(out)[:n]


def inputs(args):
    os.makedirs(args.out, exist_ok=True)
    for name, (kind, sizes) in INPUTS.items():
        for size, n in sizes.items():
            path = os.path.join(args.out, "%s-%s" % (name, size))
            if not os.path.exists(path) or os.path.getsize(path) != n:
                with open(path, "w") as f:
                    f.write(text_input(n, 1 + SIZES.index(size)))
    print("suite.py: inputs in %s" % args.out)


def command(p, size, binary, indir):
    """The argv of program p on input size `size`."""
    words = shlex.split(p["args"].format(
        dir=os.path.join(HERE, p["name"]),
        n=p.get("work", {}).get(size, 1),
        **{"in": os.path.join(indir, "%s-%s" % (p["input"], size)) if p["input"] else ""}))
    return [binary] + words


def cmd(args):
    print(" ".join(shlex.quote(w) for w in command(program(args.name), args.size, args.bin, args.inputs)))


# ---- CI check ------------------------------------------------------------------------------
# Every run gets the same small environment (no locale: the C one).
ENV = ["env", "-i", "PATH=/usr/bin:/bin", "LANG=C", "LC_ALL=C"]


def run(argv, timeout):
    try:
        r = subprocess.run(ENV + argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                           stdin=subprocess.DEVNULL)
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""


def check(args):
    build_dir, indir = args.build, os.path.join(args.build, "inputs")
    failed = []
    for p in PROGRAMS:
        if args.only and p["name"] not in args.only:
            continue
        oracle = ["qemu-i386"] if args.oracle == "qemu" else []
        ways = [
            ("host", command(p, args.size, os.path.join(build_dir, "host", p["name"]), indir)),
            ("i386", oracle + command(p, args.size, os.path.join(build_dir, "i386", p["name"]), indir)),
            ("morph", [args.morph, "run"] + command(p, args.size, os.path.join(build_dir, "i386", p["name"]), indir)),
            ("rv32", [args.morph, "sim"] + command(p, args.size, os.path.join(build_dir, "rv32", p["name"]), indir)),
        ]
        res = {w: run(a, args.timeout) for w, a in ways}
        ref = res["i386"]
        bad = [w for w, r in res.items() if r[:2] != ref[:2]]
        digest = hashlib.sha256(ref[1]).hexdigest()[:16]
        if ref[0] != 0 or bad:
            failed.append(p["name"])
            print("FAIL suite-%s: %s" % (p["name"], ", ".join(
                "%s status %s, %d bytes out (%s)" % (w, r[0], len(r[1]), hashlib.sha256(r[1]).hexdigest()[:16])
                for w, r in res.items())))
            for w, r in res.items():
                if r[2]:
                    print("    %s stderr: %s" % (w, r[2].decode(errors="replace")[-400:].strip()))
        else:
            print("PASS suite-%s (%s input: host, i386 (%s), morph and rv32 print the same %d bytes, sha256 %s)"
                  % (p["name"], args.size, args.oracle, len(ref[1]), digest))
    n = len([p for p in PROGRAMS if not args.only or p["name"] in args.only])
    print("%d passed, %d failed" % (n - len(failed), len(failed)))
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    sub.add_parser("packages")
    sub.add_parser("list")
    b = sub.add_parser("build")
    b.add_argument("target", choices=sorted(TARGETS))
    b.add_argument("--src", required=True)
    b.add_argument("--out", required=True)
    b.add_argument("--gen", required=True, help="morph's generated headers (build/gen)")
    b.add_argument("-j", "--jobs", type=int, default=2)
    b.add_argument("--only", nargs="*")
    i = sub.add_parser("inputs")
    i.add_argument("--out", required=True)
    c = sub.add_parser("cmd")
    c.add_argument("name")
    c.add_argument("size", choices=SIZES)
    c.add_argument("--bin", required=True)
    c.add_argument("--inputs", required=True)
    k = sub.add_parser("check")
    k.add_argument("--build", required=True, help="the suite's build dir (host/, i386/, rv32/, inputs/)")
    k.add_argument("--morph", required=True)
    k.add_argument("--size", default="test", choices=SIZES)
    k.add_argument("--timeout", type=int, default=600)
    k.add_argument("--only", nargs="*")
    k.add_argument("--oracle", default="native", choices=("native", "qemu"),
                   help="the i386 reference run: the host runs it, or qemu-i386 (tools/host-probe.sh)")
    a = ap.parse_args()
    if a.what == "packages":
        print("\n".join(sorted({p["pkg"] for p in PROGRAMS})))
    elif a.what == "list":
        print("\n".join(p["name"] for p in PROGRAMS))
    elif a.what == "build":
        build(a)
    elif a.what == "inputs":
        inputs(a)
    elif a.what == "cmd":
        cmd(a)
    elif a.what == "check":
        sys.exit(check(a))


if __name__ == "__main__":
    main()
