#!/bin/bash
# Real static i386 programs from Debian's archive (tools/install-deps.sh unpacks them into
# build/deps/realprogs/PACKAGE) under morph and as the reference run, each case under LANG=C and
# LANG=C.UTF-8; stdout, stderr, exit status and any file the case writes must be identical.
#   tests/run-realprogs.sh [--deps DIR] [--work DIR] [CASES_FILE]
#
# Cases file (tests/realprogs/cases.txt), one case a line:
#   NAME EXPECT STDIN [VAR=value ...] PROGRAM ARGS...
#   EXPECT   pass, or xfail:ISSUE (the case needs what that issue brings: it is reported XFAIL
#            while it differs, and an identical run becomes a failure, XPASS, so the mark goes)
#   STDIN    a file under the input directory, or -
#   VAR=...  extra guest environment variables (both sides)
#   PROGRAM  path under build/deps/realprogs (with --sysroot: under DIR)
# In STDIN and ARGS, $IN is the prepared input directory, $SRC tests/realprogs/ and $ROOT the
# sysroot. An argument @copy:FILE is a fresh copy of $IN/FILE for each side; the copies must be
# identical afterwards.
# --sysroot DIR: dynamically linked programs whose libraries are in DIR (an i386 root from
# Debian's packages): the reference run starts DIR's ld.so with --library-path (DIR's library
# directories), morph runs with -L DIR (tests/realprogs/dyn-cases.txt).
set -u
here=$(cd "$(dirname "$0")" && pwd)
# The locale of a worker's case is chosen before common.sh builds the guest environment.
for ((i = 1; i <= $#; i++)); do
    if [ "${!i}" = --one ]; then
        j=$((i + 1))
        case ${!j} in *@utf8) export GUEST_LANG=C.UTF-8 ;; *@C) export GUEST_LANG=C ;; esac
    fi
done
. "$here/lib/common.sh"

DEPS=build/deps
WORK=build/tests/realprogs/run
SRC=$here/realprogs
CASES=$SRC/cases.txt
SYSROOT=
while [ $# -gt 0 ]; do
    case $1 in
    --deps) DEPS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --cases) CASES=$2; shift 2 ;;
    --sysroot) SYSROOT=$2; shift 2 ;;
    --one) one=$2; shift 2 ;;
    *) break ;;
    esac
done
[ $# -gt 0 ] && CASES=$1
DEPS=$(abspath "$DEPS")
WORK=$(abspath "$WORK")
CASES=$(abspath "$CASES")
SYSROOT=${SYSROOT:+$(abspath "$SYSROOT")}
PROGS=${SYSROOT:-$DEPS/realprogs}
ROOT=${SYSROOT:-$DEPS/i386-root} # the static cases' sysroot too (MORPH_LD_PREFIX=$ROOT)
IN=$WORK/in

# guest_env_add VAR=value...: more variables for both sides (as common.sh builds them).
guest_env_add() {
    GUEST_VARS+=("$@")
    GUEST_ENV=(env -i "${GUEST_VARS[@]}")
    QEMU_GUEST_ENV=(env -i)
    local k
    for ((k = ${#GUEST_VARS[@]} - 1; k >= 0; k--)); do QEMU_GUEST_ENV+=("${GUEST_VARS[k]}"); done
}

# Inputs every case may use, made once per run in $IN (deterministic: fixed times, UUIDs, seeds).
prepare_inputs() {
    rm -rf "$IN"
    mkdir -p "$IN"
    # A small tree, an ext2 image of it, and a copy with three kinds of damage.
    local t=$IN/tree
    mkdir -p "$t/docs" "$t/bin"
    local i
    for i in 1 2 3 4 5; do seq 1 $((i * 300)) > "$t/docs/file$i.txt"; done
    echo hi > "$t/bin/hello"
    ln -s docs/file1.txt "$t/link"
    touch -h -d @1700000000 "$t/link" "$t"/docs/* "$t"/bin/* "$t/docs" "$t/bin" "$t"
    export E2FSPROGS_FAKE_TIME=1700000000
    mke2fs -q -F -t ext2 -b 1024 -N 64 -U 0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0 \
        -E hash_seed=11111111-2222-3333-4444-555555555555 -L morph-test -d "$t" \
        "$IN/ext2-clean.img" 512 || return 1
    cp "$IN/ext2-clean.img" "$IN/ext2-corrupt.img"
    {
        debugfs -w -R "set_inode_field docs/file3.txt links_count 5" "$IN/ext2-corrupt.img" &&
        debugfs -w -R "freeb 40 3" "$IN/ext2-corrupt.img" &&
        debugfs -w -R "set_inode_field bin/hello block[0] 3" "$IN/ext2-corrupt.img"
    } > /dev/null 2>&1 || return 1
    unset E2FSPROGS_FAKE_TIME
    # gpgv: the test key as a binary keyring, a signed message and a tampered copy.
    "${PYTHON:-python3}" - "$SRC/testkey.asc" "$IN/testkey.gpg" <<'EOF' || return 1
import base64, sys
lines = open(sys.argv[1]).read().split('\n')
body = lines[lines.index('') + 1:]
data = ''.join(l for l in body if l and not l.startswith('=') and not l.startswith('-----'))
open(sys.argv[2], 'wb').write(base64.b64decode(data))
EOF
    cp "$SRC/message.txt" "$SRC/message.txt.asc" "$IN/"
    sed 's/fox/cat/' "$SRC/message.txt" > "$IN/tampered.txt"
    # xz and bzip2 decompress what the host's tools made
    xz -6 -c "$t/docs/file5.txt" > "$IN/file5.txt.xz" || return 1
    bzip2 -9 -c "$t/docs/file5.txt" > "$IN/file5.txt.bz2" || return 1
    # sash reads its commands from stdin; the script names input files by absolute path.
    sed "s|@IN@|$IN|g" "$SRC/sash-script.txt" > "$IN/sash-script.txt"
}

# A case: "LINE_NUMBER@LANG".
run_case() {
    local lang=${1#*@} n=${1%@*}
    local line name expect input
    line=$(sed -n "${n}p" "$CASES")
    read -r name expect input rest <<< "$line"
    local tname=$name@$lang
    local -a words=() argv=() extra=()
    eval "words=($rest)"
    local w
    for w in "${words[@]}"; do
        if [ ${#argv[@]} = 0 ] && [[ $w == [A-Z_]*=* ]]; then extra+=("$w"); else argv+=("$w"); fi
    done
    [ ${#extra[@]} -gt 0 ] && guest_env_add "${extra[@]}"
    argv[0]=$PROGS/${argv[0]}
    local stdin=/dev/null
    [ "$input" != - ] && eval "stdin=$input"
    local -a copies=() ld=()
    local side o why="" detail=""
    local MORPH_ARGS=$MORPH_ARGS
    if [ -n "$SYSROOT" ]; then
        ld=("$SYSROOT/lib/ld-linux.so.2" --library-path "$SYSROOT/lib/i386-linux-gnu:$SYSROOT/usr/lib/i386-linux-gnu")
        MORPH_ARGS+=" -L $SYSROOT"
    fi
    for side in ref morph; do
        o=$WORK/$tname.$side
        local -a args=()
        for w in "${argv[@]}"; do
            if [[ $w == @copy:* ]]; then
                cp "$IN/${w#@copy:}" "$o.${w#@copy:}"
                args+=("$o.${w#@copy:}")
                [ $side = ref ] && copies+=("${w#@copy:}")
            else
                args+=("$w")
            fi
        done
        [ $side = ref ] && args=("${ld[@]}" "${args[@]}")
        run_side $side "$o" "$MORPH_MAX_CYCLES" "$stdin" -- "${args[@]}"
    done
    local r=$WORK/$tname.ref m=$WORK/$tname.morph
    if [ "$(cat "$r.status")" = no-reference ]; then
        why="no reference run: $(cat "$r.err")"
    else
        local rs ms
        rs=$(cat "$r.status")
        ms=$(cat "$m.status")
        [ "$rs" != "$ms" ] || [ -e "$m.timeout" ] && why="reference status $rs, morph $(describe_status "$m")"
        # The program's own path appears in messages as given: the same on both sides.
        if ! cmp -s "$r.out" "$m.out"; then
            why=${why:-stdout differs}
            detail=$(diff -u --label reference --label morph "$r.out" "$m.out" | head -n 12)
        fi
        if ! cmp -s "$r.err" "$m.err"; then
            why=${why:-stderr differs}
            detail+=${detail:+$'\n'}$(diff -u --label reference-stderr --label morph-stderr "$r.err" "$m.err" | head -n 12)
        fi
        local c
        for c in "${copies[@]}"; do
            cmp -s "$r.$c" "$m.$c" || why=${why:-"$c differs after the run"}
        done
    fi
    # Checking the harness (the reference on both sides): every case must then be identical.
    [ "$MORPH_NATIVE_BOTH" = 1 ] && expect=pass
    local rerun="cd /tmp && LANG=${GUEST_LANG} $(abspath "$MORPH") run $MORPH_ARGS ${argv[*]} < $stdin"
    if [ "$expect" = pass ]; then
        if [ -z "$why" ]; then
            report "$WORK" "$tname" PASS "PASS $tname"
        else
            local text="FAIL $tname ($why)"
            [ -n "$detail" ] && text+=$'\n'$(printf '%s\n' "$detail" | sed 's/^/    /')
            text+=$'\n'"    rerun: $rerun"
            report "$WORK" "$tname" FAIL "$text"
        fi
    else
        local issue=${expect#xfail:}
        if [ -n "$why" ]; then
            report "$WORK" "$tname" XFAIL "XFAIL $tname (needs issue $issue: $why)"
        else
            report "$WORK" "$tname" FAIL "FAIL $tname (XPASS: identical to the reference, but marked xfail:$issue in $(basename "$CASES"); remove the mark)"
        fi
    fi
}

if [ -n "${one:-}" ]; then
    run_case "$one"
    exit 0
fi

lock_work "$WORK"
rm -rf "$WORK"
mkdir -p "$WORK"
echo "== real programs: $PROGS ($([ "$MORPH_NATIVE_BOTH" = 1 ] && echo "$REF_LABEL on both sides" || echo "$REF_LABEL vs $MORPH")) =="
stamp=$PROGS/bash-static/.unpacked
[ -n "$SYSROOT" ] && stamp=$SYSROOT/.unpacked
if [ ! -e "$stamp" ]; then
    echo "FAIL realprogs ($PROGS missing: run make deps)"
    echo "0 passed, 1 failed"
    exit 1
fi
if ! prepare_inputs > "$WORK/prepare.log" 2>&1; then
    echo "FAIL realprogs (preparing the inputs failed: see $WORK/prepare.log)"
    echo "0 passed, 1 failed"
    exit 1
fi
specs=()
n=0
while IFS= read -r line; do
    n=$((n + 1))
    case $line in '#'* | '') continue ;; esac
    name=${line%% *}
    for lang in C utf8; do
        if [ -z "$ONLY" ] || [[ $name@$lang == *"$ONLY"* ]]; then specs+=("$n@$lang"); fi
    done
done < "$CASES"
export IN SRC ROOT
ONLY="" run_parallel "$0" --deps "$DEPS" --work "$WORK" --cases "$CASES" ${SYSROOT:+--sysroot "$SYSROOT"} -- "${specs[@]}"
xf=$(grep -lx XFAIL "$WORK"/*.result 2>/dev/null | wc -l)
[ "$xf" -gt 0 ] && echo "$xf expected failures (XFAIL): cases that need the issue named in tests/realprogs/cases.txt"
summary "$WORK"
