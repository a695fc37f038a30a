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
  suite.py check --build DIR --morph M       CI: every program on its test input, five ways
                                             (host, the i386 reference run, native or qemu-i386
                                             per --oracle, morph run, morph run as make bench
                                             runs it, morph sim on the RV32 build): identical
                                             outputs and statuses
  suite.py bench --build DIR --morph M --out DIR [-j N]
                                             make bench: cycles of x86 through CMS against the
                                             native RV32 build on m0 and macro, total and steady
                                             state; suite.txt, suite.csv, suite.png
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
sys.path.insert(0, os.path.dirname(HERE))
from progress import Progress  # noqa: E402 (bench/progress.py)
TOP = os.path.dirname(os.path.dirname(HERE))

# Inputs: name -> (kind, {size: bytes}). Sizes are chosen so that the ref run executes 50 M to
# 1 G x86 instructions and the test run a few million (docs/bench.md lists the counts).
INPUTS = {
    "text": ("text", {"test": 20_000, "small": 250_000, "ref": 500_000}),
    "csrc": ("csrc", {"test": 40, "small": 1500, "ref": 3000}),  # functions
}

LUA_SRCS = ["lapi.c", "lcode.c", "lctype.c", "ldebug.c", "ldo.c", "ldump.c", "lfunc.c", "lgc.c",
            "llex.c", "lmem.c", "lobject.c", "lopcodes.c", "lparser.c", "lstate.c", "lstring.c",
            "ltable.c", "ltm.c", "lundump.c", "lvm.c", "lzio.c", "lauxlib.c", "lbaselib.c",
            "lcorolib.c", "ldblib.c", "liolib.c", "lmathlib.c", "loadlib.c", "loslib.c",
            "lstrlib.c", "ltablib.c", "lutf8lib.c", "linit.c", "lua.c"]

# Each program: pkg (Debian source package, unpacked in --src DIR/pkg), srcs (in the package),
# ours (files of bench/suite/NAME/), cflags (all targets; per target in cflags_TARGET), args
# (the command line after the program: {in} is the input file, {dir} bench/suite/NAME, {n} the
# size's work count), input (an INPUTS name, or None), work ({size: n}), outputs (files it
# writes into its working directory, compared after stdout), headers (files the
# package's own build would generate: name -> text, written next to the objects), copies
# (files of the package copied there under another name, as its own build does: name -> path;
# {obj} in srcs is that directory).
PROGRAMS = [
    dict(name="bzip2", pkg="bzip2",
         srcs=["blocksort.c", "huffman.c", "crctable.c", "randtable.c", "compress.c",
               "decompress.c", "bzlib.c", "bzip2.c"],
         cflags=["-D_FILE_OFFSET_BITS=64"], args="-9 -c {in}", input="text"),
    dict(name="zlib", pkg="zlib",
         srcs=["adler32.c", "crc32.c", "deflate.c", "infback.c", "inffast.c", "inflate.c",
               "inftrees.c", "trees.c", "zutil.c", "compress.c", "uncompr.c"],
         ours=["zbench.c"], cflags=["-I{src}"], args="{in}", input="text"),
    dict(name="xz", pkg="xz-utils",
         srcs=["src/liblzma/" + s for s in [
             "common/common.c", "common/block_util.c", "common/easy_preset.c",
             "common/easy_buffer_encoder.c", "common/block_buffer_encoder.c", "common/block_encoder.c",
             "common/block_header_encoder.c", "common/filter_common.c", "common/filter_encoder.c",
             "common/filter_flags_encoder.c", "common/index.c", "common/index_encoder.c",
             "common/stream_buffer_encoder.c", "common/stream_flags_common.c",
             "common/stream_flags_encoder.c", "common/vli_encoder.c", "common/vli_size.c",
             "common/stream_buffer_decoder.c", "common/stream_decoder.c", "common/block_decoder.c",
             "common/block_header_decoder.c", "common/filter_decoder.c",
             "common/filter_flags_decoder.c", "common/index_hash.c", "common/stream_flags_decoder.c",
             "common/vli_decoder.c", "check/check.c", "check/crc32_fast.c", "check/crc32_table.c",
             "check/crc64_fast.c", "check/crc64_table.c", "lz/lz_encoder.c", "lz/lz_encoder_mf.c",
             "lz/lz_decoder.c", "lzma/lzma_encoder.c", "lzma/lzma_encoder_presets.c",
             "lzma/lzma_encoder_optimum_fast.c", "lzma/lzma_encoder_optimum_normal.c",
             "lzma/lzma_decoder.c", "lzma/lzma2_encoder.c", "lzma/lzma2_decoder.c",
             "lzma/fastpos_table.c", "rangecoder/price_table.c"]],
         ours=["xzbench.c"],
         cflags=["-DHAVE_CONFIG_H"] + ["-I{src}/src/" + d for d in [
             "liblzma/api", "liblzma/common", "liblzma/check", "liblzma/lz", "liblzma/lzma",
             "liblzma/rangecoder", "liblzma/delta", "liblzma/simple", "common"]],
         # what the package's configure would find on every target: C99, LZMA1/2 coders, the
         # match finders, CRC32 and CRC64 in C (no x86 assembly), no threads
         headers={"config.h": "".join("#define %s 1\n" % d for d in [
             "HAVE_STDBOOL_H", "HAVE__BOOL", "HAVE_STDINT_H", "HAVE_INTTYPES_H",
             "HAVE_ENCODER_LZMA1", "HAVE_ENCODER_LZMA2", "HAVE_DECODER_LZMA1", "HAVE_DECODER_LZMA2",
             "HAVE_MF_HC3", "HAVE_MF_HC4", "HAVE_MF_BT2", "HAVE_MF_BT3", "HAVE_MF_BT4",
             "HAVE_CHECK_CRC32", "HAVE_CHECK_CRC64"]) + "#define SIZEOF_SIZE_T 4\n#define ASSUME_RAM 128\n"
             '#define PACKAGE_NAME "XZ Utils"\n#define PACKAGE_URL "https://tukaani.org/xz/"\n'},
         args="{in}", input="text"),
    dict(name="lua", pkg="lua5.4", srcs=["src/" + s for s in LUA_SRCS],
         # a fixed string-hash seed (lstate.c seeds it from time() and addresses), so that every
         # run executes the same instructions: comparisons of two builds need no repeats
         cflags=["-I{src}/src", "-Dluai_makeseed(L)=0x6d6f7270u"],
         cflags_i386=["-DLUA_USE_POSIX"], cflags_host=["-DLUA_USE_POSIX"],
         # what Debian's build generates (debian/rules): the library path's multiarch part
         headers={"lua5.4-deb-multiarch.h": '#define DEB_HOST_MULTIARCH "morph-suite"\n'},
         ours=[], args="{dir}/bench.lua {n}", input=None,
         work={"test": 1, "small": 10, "ref": 20}),
    dict(name="pcre2grep", pkg="pcre2",
         srcs=["src/" + s for s in ["pcre2_auto_possess.c", "pcre2_compile.c", "pcre2_config.c",
                                    "pcre2_context.c", "pcre2_convert.c", "pcre2_dfa_match.c",
                                    "pcre2_error.c", "pcre2_extuni.c", "pcre2_find_bracket.c",
                                    "pcre2_maketables.c", "pcre2_match.c", "pcre2_match_data.c",
                                    "pcre2_newline.c", "pcre2_ord2utf.c", "pcre2_pattern_info.c",
                                    "pcre2_script_run.c", "pcre2_serialize.c", "pcre2_string_utils.c",
                                    "pcre2_study.c", "pcre2_substitute.c", "pcre2_substring.c",
                                    "pcre2_tables.c", "pcre2_ucd.c", "pcre2_valid_utf.c",
                                    "pcre2_xclass.c", "pcre2grep.c"]] + ["{obj}/pcre2_chartables.c"],
         # the package's NON-AUTOTOOLS-BUILD recipe: its generic config.h and pcre2.h, the
         # default character tables; no JIT (it has no RV32 back end)
         copies={"config.h": "src/config.h.generic", "pcre2.h": "src/pcre2.h.generic",
                 "pcre2_chartables.c": "src/pcre2_chartables.c.dist"},
         # -fno-strict-aliasing: riscv64-unknown-elf-gcc 12 -O2 compiles pcre2_compile.c so that
         # 'e[a-z]{3}t' matches "eet ti" (found by test-suite; -O1, or -O2 with this flag, and
         # every x86 build are right; the model and the RTL agree, so not a core bug)
         cflags=["-DHAVE_CONFIG_H", "-DHAVE_STRERROR", "-DPCRE2_CODE_UNIT_WIDTH=8", "-I{src}/src",
                 "-fno-strict-aliasing"],
         args="-c -i -e '[a-z]+ing\\b' -e '\\b(\\w)\\w*\\1\\b' -e '^[^.]*e[a-z]{{3,}}t' "
              "-e '(?:th|sh|ch)[aeiou]+\\w{{2,}}\\s+\\w+d\\b' {in}", input="text"),
    dict(name="tcc", pkg="tcc", srcs=["tcc.c"],
         # one translation unit (ONE_SOURCE), an i386 cross compiler on every target: it
         # compiles a generated C program into an i386 object (never -o /dev/stdout: tcc
         # unlinks its output file first)
         # -fsigned-char: tcc's i386 code generator assumes the host's char is signed, as x86's
         # is (with RISC-V's unsigned char it emits different code, 21% more of it)
         cflags=["-DTCC_TARGET_I386", "-DONE_SOURCE=1", "-DCONFIG_TCC_STATIC", "-fsigned-char"],
         # what its configure writes, and a one-thread semaphore (picolibc has none; every build
         # uses it, so that all run the same code)
         headers={"config.h": '#define TCC_VERSION "0.9.27"\n',
                  "semaphore.h": "typedef int sem_t;\n"
                  "static inline int sem_init(sem_t *s, int p, unsigned v) { (void)p; *s = (int)v; return 0; }\n"
                  "static inline int sem_wait(sem_t *s) { (void)s; return 0; }\n"
                  "static inline int sem_post(sem_t *s) { (void)s; return 0; }\n"},
         args="-nostdinc -nostdlib -c {in} -o out.o", outputs=["out.o"], input="csrc"),
    dict(name="cjson", pkg="cjson", srcs=["cJSON.c", "cJSON_Utils.c"], ours=["jbench.c"],
         cflags=["-I{src}"], args="{n}", input=None, work={"test": 100, "small": 4000, "ref": 8000}),
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
def rv_layout(gen):
    """The link map of the native RV32 runs, from MM_RAM_BASE (build/gen/morph_facts.py)."""
    import importlib.machinery
    facts = importlib.machinery.SourceFileLoader("morph_facts", os.path.join(gen, "morph_facts.py")).load_module()
    base, mib = facts.MM_RAM_BASE, 1 << 20
    return ["-Wl,--defsym=__flash=%#x" % base, "-Wl,--defsym=__flash_size=%#x" % (16 * mib),
            "-Wl,--defsym=__ram=%#x" % (base + 16 * mib), "-Wl,--defsym=__ram_size=%#x" % (48 * mib),
            "-Wl,--defsym=__stack_size=%#x" % mib]
TARGETS = {
    "i386": dict(cc=["gcc", "-m32"], cflags=["-O2", "-w", "-fno-pie"],
                 ldflags=["-static", "-no-pie", "-lm"]),
    "host": dict(cc=["gcc"], cflags=["-O2", "-w"], ldflags=["-lm"]),
    "rv32": dict(cc=[RV_CC, "-march=rv32im", "-mabi=ilp32", "--specs=picolibc.specs"],
                 cflags=["-O2", "-w", "-I" + os.path.join(TOP, "include")],
                 ldflags=["-Wl,--wrap=main", "{layout}", "-lm"],
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
        odir = os.path.abspath(os.path.join(args.out, "obj", p["name"]))
        os.makedirs(odir, exist_ok=True)
        mine = os.path.join(HERE, p["name"])
        flags = [f.replace("{src}", src) for f in p.get("cflags", []) + p.get("cflags_" + args.target, [])]
        files = [os.path.join(src, s.replace("{obj}", odir)) for s in p["srcs"]] + [os.path.join(mine, s) for s in p.get("ours", [])]
        files += tgt.get("rt", [])
        for h, rel in p.get("copies", {}).items():
            hp = os.path.join(odir, h)
            if newer(hp, [os.path.join(src, rel)]):
                with open(os.path.join(src, rel), "rb") as fi, open(hp, "wb") as fo:
                    fo.write(fi.read())
        for h, text in p.get("headers", {}).items():
            hp = os.path.join(odir, h)
            if not os.path.exists(hp) or open(hp).read() != text:
                with open(hp, "w") as f:
                    f.write(text)
        flags += ["-I" + odir, "-I" + HERE]  # HERE: suite_io.h, shared by the drivers
        objs = []
        for f in files:
            o = os.path.join(odir, os.path.basename(f)[:-2] + ".o")
            objs.append(o)
            cmd = tgt["cc"] + tgt["cflags"] + ["-I" + gen] + flags + ["-c", f, "-o", o]
            if newer(o, [f]) or same_cmd(o + ".cmd", cmd) is False:
                jobs.append((o, cmd))
        exe = os.path.join(args.out, p["name"])
        ld = [x for f in tgt["ldflags"] for x in (rv_layout(gen) if f == "{layout}" else [f])]
        links.append((exe, tgt["cc"] + objs + ld + ["-o", exe], objs))
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


def csrc_input(nfuncs, seed):
    """A self-contained C program (no headers) of nfuncs functions: structs, loops, switches,
    arithmetic, pointers and calls, for a compiler to chew on."""
    rnd = random.Random(seed)
    out = ["typedef unsigned long size_t;", "struct node { int key; long val; struct node *next; char tag[8]; };",
           "static int table[256];", "extern int ext_calls;"]
    ops = ["+", "-", "*", "^", "|", "&", "<<", ">>"]
    for i in range(nfuncs):
        a, b = rnd.randrange(1, 97), rnd.randrange(1, 31)
        body = ["static long f%d(struct node *n, int x, long y) {" % i,
                "    long acc = %d; int k;" % a]
        for j in range(rnd.randrange(2, 6)):
            op = rnd.choice(ops)
            body.append("    for (k = 0; k < x %% %d + %d; k++) {" % (b, j + 1))
            body.append("        acc = (acc %s (k * %d + y)) %% 1000003;" % (op if op not in ("<<", ">>") else "+", rnd.randrange(3, 50)))
            body.append("        if (n && n->key == k) acc += n->val; else table[k & 255] ^= (int)acc;")
            body.append("    }")
        body.append("    switch (x & 7) {")
        for c in range(rnd.randrange(2, 8)):
            body.append("    case %d: acc %s= %d; break;" % (c, rnd.choice(["+", "-", "^", "|"]), rnd.randrange(1000)))
        body.append("    default: acc = -acc;")
        body.append("    }")
        if i:
            body.append("    if (x > 1) acc += f%d(n ? n->next : 0, x - 1, acc);" % rnd.randrange(i))
        body.append("    return acc;")
        body.append("}")
        out.extend(body)
    out.append("long run_all(struct node *n) { long s = 0; int i;")
    out.append("    for (i = 0; i < %d; i++) s += f%d(n, i, s);" % (nfuncs, nfuncs - 1))
    out.append("    return s; }")
    return "\n".join(out) + "\n"


def inputs(args):
    os.makedirs(args.out, exist_ok=True)
    for name, (kind, sizes) in INPUTS.items():
        for size, n in sizes.items():
            path = os.path.join(args.out, "%s-%s" % (name, size))
            text = (text_input if kind == "text" else csrc_input)(n, 1 + SIZES.index(size))
            if not os.path.exists(path) or open(path).read() != text:
                with open(path, "w") as f:
                    f.write(text)
    print("suite.py: inputs in %s" % args.out)


def command(p, size, binary, indir):
    """The argv of program p on input size `size`."""
    words = shlex.split(p["args"].format(
        dir=os.path.join(HERE, p["name"]),
        n=p.get("work", {}).get(size, 1),
        **{"in": os.path.join(indir, "%s-%s" % (p["input"], size)) if p["input"] else ""}))
    return [binary] + words


def i386_runs(build, size):
    """(name, argv) of every program's i386 build in `build` (make suite) on input `size`. A file a
    program writes (tcc's object) goes to build/scratch/NAME-SIZE-FILE, so that runs may go side by
    side in any directory (bench/fusion.py's points, bench/bench.py's start-up table); runs of the
    same argv share it, which is harmless (tcc unlinks it, then creates it anew; nobody reads it).
    Never /dev/null: tcc unlinks its output first, and a benchmark run as root deleted the host's
    /dev/null."""
    build = os.path.abspath(build)
    scratch = os.path.join(build, "scratch")
    os.makedirs(scratch, exist_ok=True)
    runs = []
    for p in PROGRAMS:
        argv = command(p, size, os.path.join(build, "i386", p["name"]), os.path.join(build, "inputs"))
        outs = p.get("outputs", ())
        runs.append((p["name"], [os.path.join(scratch, "%s-%s-%s" % (p["name"], size, a)) if a in outs else a
                                 for a in argv]))
    return runs


def cmd(args):
    print(" ".join(shlex.quote(w) for w in command(program(args.name), args.size, args.bin, args.inputs)))


# ---- CI check ------------------------------------------------------------------------------
# Every run gets the same small environment (no locale: the C one).
ENV = ["env", "-i", "PATH=/usr/bin:/bin", "LANG=C", "LC_ALL=C"]


def run(argv, timeout, outputs=()):
    """(status, stdout followed by the files the program writes, stderr) of one run, in a fresh
    directory."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="suite-") as d:
        try:
            r = subprocess.run(ENV + argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                               stdin=subprocess.DEVNULL, cwd=d)
        except subprocess.TimeoutExpired:
            return "timeout", b"", b""
        out = r.stdout
        for name in outputs:
            path = os.path.join(d, name)
            out += b"\n== %s ==\n" % name.encode() + (open(path, "rb").read() if os.path.exists(path) else b"(missing)")
        return r.returncode, out, r.stderr


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
            # as make bench runs it: superblocks and fusion on macro (a layout-dependent superblock
            # bug once corrupted pcre2grep's heap there alone)
            ("morph-sbt", [args.morph] + BENCH_SIDES["x86"]("macro")
             + command(p, args.size, os.path.join(build_dir, "i386", p["name"]), indir)),
            ("rv32", [args.morph, "sim"] + command(p, args.size, os.path.join(build_dir, "rv32", p["name"]), indir)),
        ]
        res = {w: run(a, args.timeout, p.get("outputs", ())) for w, a in ways}
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
            print("PASS suite-%s (%s input: host, i386 (%s), morph, morph with superblocks on macro and rv32 "
                  "print the same %d bytes, sha256 %s)"
                  % (p["name"], args.size, args.oracle, len(ref[1]), digest))
    n = len([p for p in PROGRAMS if not args.only or p["name"] in args.only])
    # the benchmarks' argv (i386_runs) write their files into build/scratch, never a device
    # (tcc unlinks its output first: /dev/null was deleted by a benchmark run as root)
    scratch = os.path.join(os.path.abspath(build_dir), "scratch") + os.sep
    outs = [a for name, argv in i386_runs(build_dir, args.size)
            for a, w in zip(argv, command(program(name), args.size, "", indir))
            if a.startswith("/dev/") or w in program(name).get("outputs", ())]
    n += 1
    if outs and all(a.startswith(scratch) for a in outs):
        print("PASS suite-scratch (the benchmarks' output files: %s)" % " ".join(outs))
    else:
        failed.append("scratch")
        print("FAIL suite-scratch: the benchmarks' output files are not all in %s: %s" % (scratch, outs))
    print("%d passed, %d failed" % (n - len(failed), len(failed)))
    return 1 if failed else 0


# ---- make bench: x86 through CMS against the native RV32 build ------------------------------
# (label, engine args): how each side runs on each core. CMS runs with superblocks, and fuses
# with hu-smith where the core fuses; the native RV32 code has no fuse marks.
BENCH_CORES = ("m0", "macro")
BENCH_SIDES = {
    "x86": lambda core: ["run", "--core=" + core, "--sbt-threshold=8"]
    + (["--fusion=hu-smith"] if core != "m0" else []),
    "rv32": lambda core: ["sim", "--core=" + core],
}
BENCH_SIZES = ("small", "ref")  # steady state: the difference of the two (--sizes)


def bench_jobs(args):
    js = []
    for p in PROGRAMS:
        if args.only and p["name"] not in args.only:
            continue
        for side, opts in BENCH_SIDES.items():
            binary = os.path.join(args.build, "i386" if side == "x86" else "rv32", p["name"])
            for core in BENCH_CORES:
                for size in args.sizes:
                    out = os.path.join(args.out, "runs", "%s.%s.%s.%s.json" % (p["name"], side, core, size))
                    argv = [args.morph] + opts(core) + ["--stats-json", out] + command(
                        p, size, binary, os.path.join(args.build, "inputs"))
                    js.append(((p["name"], side, core, size), out, argv))
    return js


def bench(args):
    import json
    os.makedirs(os.path.join(args.out, "runs"), exist_ok=True)
    js = bench_jobs(args)
    # a result is reused only if it is newer than what made it: morph, the firmware it boots and
    # the suite's binaries (a translator change must not leave old figures in the table)
    fw = os.path.join(os.path.dirname(os.path.abspath(args.morph)), "..", "fw")
    made_by = [p for p in (args.morph, os.path.join(fw, "cms.img"), os.path.join(fw, "bootrom.bin"),
                           os.path.join(args.build, ".built")) if os.path.exists(p)]
    todo = [j for j in js if args.force or newer(j[1], made_by)]
    prog = Progress("bench-suite", len(todo))

    # what every run must print (and write): the host build's, as test-suite checks it
    progs = {p["name"]: p for p in PROGRAMS}
    expect = {}
    for name, size in sorted({(j[0][0], j[0][3]) for j in todo}):
        p = progs[name]
        expect[name, size] = run(command(p, size, os.path.join(args.build, "host", name),
                                         os.path.join(args.build, "inputs")), None, p.get("outputs", ()))[:2]

    def one(j):
        key, out, argv = j
        # the statistics go to a name of their own and become the result only when the run
        # ended well and printed what the host build prints: a run cut short (the bench
        # interrupted, its pipes closed under a program that went on) or a wrong one must not
        # leave a file that the table, or a later bench, takes
        part = out + ".part"
        st, printed, _ = run([part if a == out else a for a in argv], None, progs[key[0]].get("outputs", ()))
        ok = st == 0 and os.path.exists(part) and (st, printed) == expect[key[0], key[3]]
        why = "" if ok else " FAILED (status %s%s)" % (st, ", not the host build's output" if st == 0 else "")
        prog.step(" ".join(key) + (" ok" if ok else why))
        if ok:
            os.replace(part, out)
        elif os.path.exists(part):
            os.remove(part)
        return ok

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        results = list(ex.map(one, todo))
    data = {}
    for key, out, _ in js:
        if os.path.exists(out):
            with open(out) as f:
                data[key] = json.load(f)
    rows = []
    names = [p["name"] for p in PROGRAMS if not args.only or p["name"] in args.only]
    lo, hi = args.sizes
    for name in names:
        for core in BENCH_CORES:
            k = {(side, size): data.get((name, side, core, size)) for side in BENCH_SIDES for size in args.sizes}
            if not all(k.values()):
                continue
            x_s, x_r, r_s, r_r = k["x86", lo], k["x86", hi], k["rv32", lo], k["rv32", hi]
            dx86 = x_r["cms"]["x86_retired"] - x_s["cms"]["x86_retired"]
            drv = r_r["iops_retired"] - r_s["iops_retired"]
            rows.append(dict(
                program=name, core=core,
                x86_insns=x_r["cms"]["x86_retired"], rv32_insns=r_r["iops_retired"],
                x86_cycles=x_r["cycles"], rv32_cycles=r_r["cycles"],
                total=x_r["cycles"] / r_r["cycles"],
                steady=(x_r["cycles"] - x_s["cycles"]) / (r_r["cycles"] - r_s["cycles"]),
                fw_share=x_r["cycles_cms"] / x_r["cycles"],
                iops_per_x86=(x_r["iops_translated"] - x_s["iops_translated"]) / dx86 if dx86 else 0,
                rv32_per_x86=drv / dx86 if dx86 else 0,
                x86_iops_per_rv32=(x_r["iops_retired"] - x_s["iops_retired"]) / drv if drv else 0,
                gtlb_refills=x_r["cms"]["gtlb_refills"]))
    cols = ["program", "core", "x86_insns", "rv32_insns", "x86_cycles", "rv32_cycles", "total", "steady",
            "fw_share", "iops_per_x86", "rv32_per_x86", "x86_iops_per_rv32", "gtlb_refills"]
    with open(os.path.join(args.out, "suite.csv"), "w") as f:
        f.write(",".join(cols) + "\n")
        for r in rows:
            f.write(",".join(("%.4f" % r[c]) if isinstance(r[c], float) else str(r[c]) for c in cols) + "\n")
    lines = ["x86 through CMS against the same source built for RV32IM, on the same core (%s input;" % hi,
             "steady state = (%s - %s) / (%s - %s); ratios are cycles x86 / cycles RV32)" % (hi, lo, hi, lo), "",
             "%-10s %-6s %12s %12s %8s %8s %8s %9s %9s" % ("program", "core", "x86 insns", "RV32 insns",
                                                      "total", "steady", "fw cyc", "I-op/x86", "RV32/x86")]
    for r in rows:
        lines.append("%-10s %-6s %12d %12d %7.2fx %7.2fx %7.1f%% %9.2f %9.2f" % (
            r["program"], r["core"], r["x86_insns"], r["rv32_insns"], r["total"], r["steady"],
            100 * r["fw_share"], r["iops_per_x86"], r["rv32_per_x86"]))
    for core in BENCH_CORES:
        rs = [r for r in rows if r["core"] == core]
        if rs:
            hm = lambda xs: len(xs) / sum(1.0 / x for x in xs)
            lines.append("%-10s %-6s %12s %12s %7.2fx %7.2fx   (harmonic means; targets on macro: steady <= 1.0x, total <= 1.2x)"
                         % ("hmean", core, "", "", hm([r["total"] for r in rs]), hm([r["steady"] for r in rs])))
    missing = [j[0] for j in js if j[0] not in data]
    if missing:
        lines.append("")
        lines.append("missing or failed runs: " + ", ".join(" ".join(m) for m in missing))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "suite.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    plot(rows, os.path.join(args.out, "suite.png"))
    return 0 if not missing else 1


def plot(rows, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench-suite: no matplotlib (python3-matplotlib): no %s" % path)
        return
    names = sorted({r["program"] for r in rows}, key=[p["name"] for p in PROGRAMS].index)
    fig, ax = plt.subplots(figsize=(8, 4))
    w = 0.2
    for i, (core, kind) in enumerate([(c, k) for c in BENCH_CORES for k in ("total", "steady")]):
        vals = [next((r[kind] for r in rows if r["program"] == n and r["core"] == core), 0) for n in names]
        ax.bar([x + (i - 1.5) * w for x in range(len(names))], vals, w, label="%s %s" % (core, kind))
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(names)
    ax.set_ylabel("cycles x86 via CMS / native RV32")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    print("bench-suite: %s" % path)


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
    bb = sub.add_parser("bench")
    bb.add_argument("--build", required=True)
    bb.add_argument("--morph", required=True)
    bb.add_argument("--out", required=True)
    bb.add_argument("-j", "--jobs", type=int, default=1)
    bb.add_argument("--only", nargs="*")
    bb.add_argument("--force", action="store_true", help="rerun runs whose results exist")
    bb.add_argument("--sizes", nargs=2, default=BENCH_SIZES, choices=SIZES, metavar="SIZE",
                    help="the two input sizes (default: small ref; make bench-suite-quick: test small)")
    a = ap.parse_args()
    for k in ("build", "morph", "out"):  # runs happen in temporary directories
        if getattr(a, k, None) and a.what in ("check", "bench"):
            setattr(a, k, os.path.abspath(getattr(a, k)))
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
    elif a.what == "bench":
        sys.exit(bench(a))


if __name__ == "__main__":
    main()
