#!/bin/bash
# Concealed memory under attack (docs/firmware.md "Concealment"): tests/attack/attack.c tries
# loads, stores and jumps at the machine's addresses, mmap over them, system calls with pointers
# and lengths that reach beyond the process, and signal frames that would overlap; under morph
# in interp mode, bbt mode and with superblocks. Checks:
#   - "attack: N cases, 0 escapes", status 0, N the same in every mode;
#   - nothing of the firmware reached stdout (where every write of a bad pointer goes): no
#     run of 16 bytes of the firmware's text or rodata (build/fw/cms.elf), and not its canary
#     string (cms_rt.c's cms_concealed_canary);
#   - frame-0..2: a handler whose alternate stack cannot hold a frame never runs: the process
#     dies by SIGSEGV (139) with morph's message;
#   - morph's own checks after each run (the firmware's text and rodata unchanged, the code
#     cache's map as the translator wrote it) are quiet, and they do catch a change: the map
#     changed behind the translator's back (--inject=cc-map) ends the run with status 125; a firmware directory whose cms.elf differs from the image by one
#     byte of rodata makes the run end with "concealment broken" (status 125).
#   - with --cosim CORE: the same program under --engine=cosim on CORE with realistic caches and
#     gshare: 0 escapes, and the RTL does what the model does (no divergence).
#   - crafted ELF files (tests/attack/mkelf.py), run directly and through a guest's fork and
#     execve (tests/attack/execer.c): a segment at the machine's own physical addresses (the
#     concealed region, the first guest frames), whose stores there are the guest's, prints what
#     the reference run prints; segments in kernel space, wrapping past 4 GiB or beyond the
#     file are refused by the loader with its message and status 126, the guest parent sees
#     that status; morph's concealment check after every run stays quiet.
#   tests/run-attack.sh --morph MORPH --prog ATTACK --execer EXECER --fw FIRMWARE_DIR --work DIR
#                       [--cosim CORE]
set -u
MORPH=build/bin/morph PROG= FW=build/fw WORK=build/tests/attack/run COSIM= EXECER=
while [ $# -gt 0 ]; do
    case $1 in
    --morph) MORPH=$2; shift 2 ;;
    --prog) PROG=$2; shift 2 ;;
    --execer) EXECER=$2; shift 2 ;;
    --fw) FW=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --cosim) COSIM=$2; shift 2 ;;
    *) echo "run-attack.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
rm -rf "$WORK"
mkdir -p "$WORK"
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# 16-byte runs of the firmware's read-only bytes, as hex, for the leak scan
python3 - "$FW/cms.elf" > "$WORK/fw-chunks.txt" <<'EOF'
import struct, sys
elf = open(sys.argv[1], 'rb').read()
shoff, = struct.unpack_from('<I', elf, 32)
shentsize, shnum = struct.unpack_from('<HH', elf, 46)
for i in range(shnum):
    name, typ, flags, addr, off, size = struct.unpack_from('<IIIIII', elf, shoff + i * shentsize)
    if typ == 1 and flags & 2 and not flags & 1:  # PROGBITS, ALLOC, not WRITE
        data = elf[off:off + size]
        for k in range(0, len(data) - 16, 64):
            chunk = data[k:k + 16]
            if len(set(chunk)) > 6:  # not runs of zeros or padding
                print(chunk.hex())
EOF

first=""
for mode in "interp:--emulation=interp" "bbt:--emulation=bbt --bbt-threshold=1" \
            "sbt:--emulation=bbt --bbt-threshold=1 --sbt-threshold=2 --fusion=hu-smith"; do
    name=${mode%%:*}
    # shellcheck disable=SC2086
    "$MORPH" run ${mode#*:} "$PROG" all > "$WORK/$name.out" 2> "$WORK/$name.err" < /dev/null
    rc=$?
    last=$(tail -n 1 "$WORK/$name.out")
    if [ $rc != 0 ] || ! [[ $last =~ ^attack:\ ([0-9]+)\ cases,\ 0\ escapes$ ]]; then
        bad "attack $name (status $rc, last line '$last'; $(grep -m3 'ESCAPE\|morph:' "$WORK/$name.out" "$WORK/$name.err" | tr '\n' ' '))"
        continue
    fi
    n=${BASH_REMATCH[1]}
    if [ -z "$first" ]; then first=$n; fi
    if [ "$n" != "$first" ] || [ "$n" -lt 500 ]; then
        bad "attack $name: $n cases (first mode $first; at least 500 expected)"
        continue
    fi
    ok "attack $name: $n cases, 0 escapes"
    if grep -q 'MORPH-CONCEALED-CANARY' "$WORK/$name.out"; then
        bad "attack $name: the firmware's canary string reached stdout"
    elif python3 - "$WORK/fw-chunks.txt" "$WORK/$name.out" <<'EOF'
import sys
chunks = [bytes.fromhex(l.strip()) for l in open(sys.argv[1]) if l.strip()]
out = open(sys.argv[2], 'rb').read()
hit = next((c for c in chunks if c in out), None)
if hit:
    print("firmware bytes on stdout:", hit.hex())
    sys.exit(1)
EOF
    then
        ok "attack $name: no firmware bytes on stdout ($(wc -l < "$WORK/fw-chunks.txt") runs of 16 bytes searched)"
    else
        bad "attack $name: firmware bytes reached stdout"
    fi
done

for k in 0 1 2; do
    "$MORPH" run "$PROG" frame-$k > "$WORK/frame-$k.out" 2> "$WORK/frame-$k.err" < /dev/null
    rc=$?
    if [ $rc = 139 ] && grep -q 'cannot write the frame' "$WORK/frame-$k.err" && ! grep -q ESCAPE "$WORK/frame-$k.out"; then
        ok "frame-$k: SIGSEGV, no handler ran"
    else
        bad "frame-$k (status $rc: $(cat "$WORK/frame-$k.out" "$WORK/frame-$k.err" | head -3 | tr '\n' ' '))"
    fi
done

if [ -n "$COSIM" ]; then
    "$MORPH" run --engine=cosim --core="$COSIM" --caches=realistic --bpred=gshare "$PROG" all \
        > "$WORK/cosim.out" 2> "$WORK/cosim.err" < /dev/null
    rc=$?
    if [ $rc = 0 ] && tail -n 1 "$WORK/cosim.out" | grep -q "^attack: $first cases, 0 escapes\$" &&
        grep -q 'no divergence' "$WORK/cosim.err"; then
        ok "attack under cosim ($COSIM, realistic caches, gshare): $(grep -o '[0-9]* events compared' "$WORK/cosim.err"), no divergence"
    else
        bad "attack under cosim ($COSIM): status $rc, $(tail -n 1 "$WORK/cosim.out"); $(tail -n 2 "$WORK/cosim.err" | tr '\n' ' ')"
    fi
fi

# crafted ELF files: NAME ~ VADDR ~ MEMSZ ~ extra mkelf.py arguments ~ expected status
here=$(dirname "$0")
crafted=(
    "seg-concealed~MM_CONCEALED_BASE~MM_CONCEALED_SIZE~--touch MM_CONCEALED_BASE+0x1000 --touch MM_CONCEALED_END-4~0"
    "seg-guest-frames~MM_GUEST_PHYS_BASE~0x140000~--touch MM_GUEST_PHYS_BASE+0x2000 --touch MM_GUEST_PHYS_BASE+0x13fffc~0"
    "seg-kernel~0xc0000000~0x2000~~126"
    "seg-wrap~0xfffff000~0x2000~~126"
    "seg-past-file~0x08048000~0x2000~--offset 0x50000~126"
)
paths=()
for c in "${crafted[@]}"; do
    IFS='~' read -r name va sz extra want <<< "$c"
    # shellcheck disable=SC2086
    python3 "$here/attack/mkelf.py" "$WORK/$name" "$va" "$sz" $extra || { bad "mkelf $name"; continue; }
    paths+=("$WORK/$name")
    "$MORPH" run "$WORK/$name" > "$WORK/$name.out" 2> "$WORK/$name.err" < /dev/null
    rc=$?
    if [ "$want" = 0 ]; then
        if [ $rc = 0 ] && [ "$(cat "$WORK/$name.out")" = "crafted: ok" ]; then
            ok "crafted ELF $name: loaded, its stores stay the guest's, 'crafted: ok'"
        else
            bad "crafted ELF $name: status $rc, $(head -2 "$WORK/$name.out" "$WORK/$name.err" | tr '\n' ' ')"
        fi
    elif [ $rc = "$want" ] && grep -q "^morph: .*$name: \(bad ELF loadable segment\|truncated ELF file\)" "$WORK/$name.err"; then
        ok "crafted ELF $name: refused by the loader (status $rc, $(head -1 "$WORK/$name.err"))"
    else
        bad "crafted ELF $name: status $rc, want $want: $(head -2 "$WORK/$name.err" | tr '\n' ' ')"
    fi
done
if [ -n "$EXECER" ]; then
    "$MORPH" run "$EXECER" "${paths[@]}" > "$WORK/execer.out" 2> "$WORK/execer.err" < /dev/null
    rc=$?
    want=""
    for c in "${crafted[@]}"; do
        IFS='~' read -r name va sz extra st <<< "$c"
        if [ "$st" = 0 ]; then want+="crafted: ok"$'\n'; fi
        want+="$name: exit $st"$'\n'
    done
    if [ $rc = 0 ] && [ "$(cat "$WORK/execer.out")"$'\n' = "$want" ]; then
        ok "crafted ELF files through a guest's execve: $(grep -c ': exit' "$WORK/execer.out") programs, the statuses above"
    else
        bad "crafted ELF files through execve: status $rc: $(tr '\n' ' ' < "$WORK/execer.out") $(grep -m2 'concealment\|morph:' "$WORK/execer.err" | tr '\n' ' ')"
    fi
fi

# a run stopped before the boot ROM has copied the firmware is not a broken concealment
"$MORPH" run --max-cycles 50000 "$PROG" all > /dev/null 2> "$WORK/early.err" < /dev/null
rc=$?
if [ $rc = 124 ] && ! grep -q concealment "$WORK/early.err"; then
    ok "a run stopped during boot (--max-cycles 50000): status 124, no concealment message"
else
    bad "a run stopped during boot: status $rc: $(tail -2 "$WORK/early.err" | tr '\n' ' ')"
fi

# the code cache's map check: an entry changed behind the translator's back is caught
"$MORPH" run --inject=cc-map "$PROG" all > /dev/null 2> "$WORK/ccmap.err" < /dev/null
rc=$?
if [ $rc = 125 ] && grep -q "concealment broken: the code cache's map changed outside the translator" "$WORK/ccmap.err"; then
    ok "a code-cache map entry changed outside the translator is caught (status 125)"
else
    bad "code-cache map check: status $rc, $(tail -2 "$WORK/ccmap.err" | tr '\n' ' ')"
fi

# the check itself: a cms.elf that differs from the image in one byte of rodata
cp -r "$FW" "$WORK/fw-changed"
python3 - "$WORK/fw-changed/cms.elf" <<'EOF'
import struct, sys
p = sys.argv[1]
elf = bytearray(open(p, 'rb').read())
shoff, = struct.unpack_from('<I', elf, 32)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', elf, 46)
stroff = struct.unpack_from('<IIIIII', elf, shoff + shstrndx * shentsize)[4]
for i in range(shnum):
    name, typ, flags, addr, off, size = struct.unpack_from('<IIIIII', elf, shoff + i * shentsize)
    if elf[stroff + name:stroff + name + 8] == b'.rodata\0':
        elf[off + size // 2] ^= 0x40
        open(p, 'wb').write(elf)
        sys.exit(0)
sys.exit("no .rodata section")
EOF
"$MORPH" run --firmware-dir "$WORK/fw-changed" "$PROG" frame-0 > /dev/null 2> "$WORK/changed.err"
rc=$?
if [ $rc = 125 ] && grep -q 'concealment broken: 1 bytes' "$WORK/changed.err"; then
    ok "a changed firmware byte is caught (status 125)"
else
    bad "a changed firmware byte is not caught (status $rc: $(tail -2 "$WORK/changed.err" | tr '\n' ' '))"
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
