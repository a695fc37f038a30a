#!/usr/bin/env bash
# Lets the kernel hand i386 ELF files to qemu-i386, on a host that cannot run them itself, so
# that a reference run's own i386 children (a shell's pipeline, find -exec) run too
# (docs/testing.md, "Oracles"). Idempotent; does nothing where the host runs i386 natively,
# because a binfmt_misc entry would then take precedence over the real CPU.
# Debian's qemu-user-binfmt leaves i386 out on amd64, so the entry is written here. Needs root.
#   tools/binfmt-i386.sh [--dir PROBE_DIR]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$top/build/tests/tools
[ "${1:-}" = --dir ] && dir=$2
eval "$("$top/tools/host-probe.sh" --dir "$dir" --env)"
bf=/proc/sys/fs/binfmt_misc
case $HOST_I386 in
native) exit 0 ;;                       # the real CPU: leave it alone
binfmt-qemu)                            # already registered (by this script or the system)
    # an entry of an earlier version of this script lacks P (argv[0] lost): replace it
    if [ -e $bf/morph-i386 ] && ! grep -q '^flags: .*P' $bf/morph-i386 && [ "$(id -u)" = 0 ]; then
        echo -1 > $bf/morph-i386 || exit 0
    else
        exit 0
    fi ;;
no) ;;
*) echo "binfmt-i386: cannot tell whether the host runs i386 programs ($HOST_I386)"; exit 0 ;;
esac
qemu=$(command -v qemu-i386) || { echo "binfmt-i386: qemu-i386 missing (make deps)"; exit 0; }
if [ "$(id -u)" != 0 ]; then
    echo "binfmt-i386: not root: i386 programs started by a reference run will not run (see docs/testing.md)"
    exit 0
fi
if [ ! -e $bf/register ]; then
    mount -t binfmt_misc binfmt_misc $bf 2>/dev/null ||
        { echo "binfmt-i386: cannot mount binfmt_misc"; exit 0; }
fi
if [ -e $bf/morph-i386 ]; then
    echo 1 > $bf/morph-i386             # present but disabled
else
    # The ELF header of an i386 executable or shared object (magic and mask as in qemu's
    # scripts/qemu-binfmt-conf.sh); F: the kernel opens the interpreter now, so it works in any
    # mount namespace; P: the program's own argv[0] reaches it (qemu-i386 reads AT_FLAGS), as
    # an exec'd child's argv[0] must (tests/x86/c/exec.c).
    printf '%s' ':morph-i386:M::\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00:\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:'"$qemu"':PF' \
        > $bf/register || { echo "binfmt-i386: registration refused"; exit 0; }
fi
echo "binfmt-i386: i386 ELF files now run through $qemu (binfmt_misc entry morph-i386)"
