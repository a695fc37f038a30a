#!/usr/bin/env bash
# What morph's tests need to know about the host, probed (docs/testing.md, "Oracles").
#
#   tools/host-probe.sh [--dir DIR] [--env | --banner]
#
# --env (default) prints shell assignments, for `eval`:
#   HOST_I386     native       the real CPU runs i386 programs (tests/tools/i386-probe exits 42)
#                 binfmt-qemu  executing one starts qemu-i386 through binfmt_misc (exit 43)
#                 no           the kernel refuses them (ia32_emulation=off: "Exec format error")
#   MORPH_ORACLE  the reference run of every comparison: native | qemu | none; MORPH_ORACLE in the
#                 environment forces one (checked: forcing native on a host without i386 fails)
#   ORACLE_WHY    why (one line), or why there is none
#   MORPH_X87     the host CPU's x87 behaviour: amd | intel | mixed (tests/tools/x87probe)
#   X87_EVIDENCE  what the x87 probe saw
#   MORPH_RMW_FAULT  how the host CPU reports a read-modify-write's fault on an unmapped page:
#                 write | read (tests/tools/rmwprobe; morph run --rmw-fault models the same)
#   RMW_EVIDENCE  what the RMW probe saw
# --banner prints the same as a few lines for people (make test starts with it).
# DIR holds the probe programs; they are built there with gcc if missing.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$top/build/tests/tools
mode=env
while [ $# -gt 0 ]; do
    case $1 in
    --dir) dir=$2; shift 2 ;;
    --env) mode=env; shift ;;
    --banner) mode=banner; shift ;;
    *) echo "host-probe: unknown argument $1" >&2; exit 2 ;;
    esac
done
mkdir -p "$dir"
probe32=$dir/i386-probe x87probe=$dir/x87probe rmwprobe=$dir/rmwprobe
[ -x "$probe32" ] || gcc -m32 -nostdlib -static -fno-pie -no-pie \
    "$top/tests/tools/i386-probe.S" -o "$probe32" 2>/dev/null
[ -x "$x87probe" ] || gcc -std=c11 -O2 "$top/tests/tools/x87probe.c" -o "$x87probe" 2>/dev/null
[ -x "$rmwprobe" ] || gcc -std=c11 -O2 "$top/tests/tools/rmwprobe.c" -o "$rmwprobe" 2>/dev/null

# ---- i386 execution ----
if [ ! -x "$probe32" ]; then
    host_i386=unknown i386_text="unknown (could not build tests/tools/i386-probe.S: gcc-multilib missing?)"
else
    "$probe32" 2>/dev/null
    st=$?
    case $st in
    42) host_i386=native i386_text="yes, natively" ;;
    43) host_i386=binfmt-qemu i386_text="through binfmt_misc and qemu-i386 (the kernel itself cannot)" ;;
    *) host_i386=no i386_text="no (exit status $st; the kernel refuses i386 programs, e.g. ia32_emulation=off)" ;;
    esac
fi
qemu_ok=0
qemu_version=""
if command -v qemu-i386 >/dev/null 2>&1 && [ -x "$probe32" ]; then
    qemu-i386 "$probe32" 2>/dev/null
    [ $? = 43 ] && qemu_ok=1
    qemu_version=$(qemu-i386 --version 2>/dev/null | head -n 1)
fi

# ---- the oracle ----
forced=${MORPH_ORACLE:-}
case $forced in
native)
    if [ "$host_i386" = native ]; then oracle=native why="forced by MORPH_ORACLE=native"
    else oracle=none why="MORPH_ORACLE=native, but can this host run i386 programs? $i386_text"; fi ;;
qemu)
    if [ $qemu_ok = 1 ]; then oracle=qemu why="forced by MORPH_ORACLE=qemu ($qemu_version)"
    else oracle=none why="MORPH_ORACLE=qemu, but qemu-i386 does not run the probe (install qemu-user)"; fi ;;
"")
    if [ "$host_i386" = native ]; then oracle=native why="the host runs i386 programs natively"
    elif [ $qemu_ok = 1 ]; then oracle=qemu why="the host cannot run i386 natively; $qemu_version"
    else oracle=none why="the host cannot run i386 programs and qemu-i386 is missing (make deps)"; fi ;;
*)
    oracle=none why="MORPH_ORACLE=$forced is not one of native, qemu" ;;
esac

# ---- x87 ----
if [ -x "$x87probe" ]; then
    read -r x87 x87_evidence < <("$x87probe")
else
    x87=unknown x87_evidence="tests/tools/x87probe.c could not be built"
fi

# ---- a read-modify-write's fault on an unmapped page ----
rmw=unknown rmw_evidence="tests/tools/rmwprobe.c could not be built or did not fault as expected"
if [ -x "$rmwprobe" ] && out=$("$rmwprobe" 2>/dev/null); then
    read -r rmw rmw_evidence <<< "$out"
fi

if [ "$mode" = env ]; then
    printf 'HOST_I386=%q\nMORPH_ORACLE=%q\nORACLE_WHY=%q\nMORPH_X87=%q\nX87_EVIDENCE=%q\nMORPH_RMW_FAULT=%q\nRMW_EVIDENCE=%q\n' \
        "$host_i386" "$oracle" "$why" "$x87" "$x87_evidence" "$rmw" "$rmw_evidence"
    exit 0
fi
vendor=$(sed -n 's/^vendor_id[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
family=$(sed -n 's/^cpu family[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
model=$(sed -n 's/^model[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
name=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
binfmt="no binfmt_misc entry for i386"
for f in /proc/sys/fs/binfmt_misc/*; do
    [ -f "$f" ] || continue
    if grep -q '^interpreter .*qemu-i386' "$f" 2>/dev/null; then
        binfmt="binfmt_misc entry $(basename "$f") ($(head -n 1 "$f")) runs i386 ELF files with $(sed -n 's/^interpreter //p' "$f")"
    fi
done
echo "host:    $name ($vendor, family $family, model $model), Linux $(uname -r), $(nproc) cores"
echo "i386:    $i386_text; $binfmt"
echo "oracle:  $oracle ($why)"
echo "x87:     $x87 ($x87_evidence); x87 and integer instruction tests compare against the host CPU in 64-bit mode"
echo "rmw:     a read-modify-write faulting on an unmapped page reports a $rmw ($rmw_evidence)"
