#!/bin/bash
# Self-test of regcmp with crafted outputs: it must catch a register difference and a difference in
# a defined flag, and must ignore a difference in a flag Zydis reports as undefined.
# Usage: regcmp-selftest.sh REGCMP WORKDIR   -- prints PASS/FAIL lines, exits non-zero on failure.
set -u
regcmp=$1
work=$2
mkdir -p "$work"
fails=0

# rec BYTES EAX EFL: a record line with otherwise fixed registers.
rec() {
    printf '@08049000 %s eax=%s ecx=00000002 edx=00000003 ebx=00000004 esp=fffffffc ebp=00000000 esi=00000000 edi=00000000 efl=%s\n' "$1" "$2" "$3"
}

# check NAME EXPECTED_STATUS NATIVE_TEXT MORPH_TEXT
check() {
    local name=$1 want=$2
    printf '%s' "$3" > "$work/$name.native"
    printf '%s' "$4" > "$work/$name.morph"
    "$regcmp" "$work/$name.native" "$work/$name.morph" > "$work/$name.out" 2>&1
    local got=$?
    if [ "$got" = "$want" ]; then
        echo "PASS regcmp-selftest/$name"
    else
        echo "FAIL regcmp-selftest/$name (regcmp exit $got, expected $want)"
        sed 's/^/    /' "$work/$name.out" | head -n 6
        fails=$((fails + 1))
    fi
}

same="hello
$(rec 01d8 00000006 00000206)
end
"
check identical 0 "$same" "$same"
# add eax,ebx: every arithmetic flag is defined.
check register-diff 1 "$(rec 01d8 00000006 00000206)
" "$(rec 01d8 00000007 00000206)
"
check defined-flag-diff 1 "$(rec 01d8 00000006 00000206)
" "$(rec 01d8 00000006 00000246)
"
# mul ebx: SF ZF AF PF are undefined, CF OF defined.
check undefined-flag-ignored 0 "$(rec f7e3 0000000c 00000206)
" "$(rec f7e3 0000000c 000002d2)
"
check mul-cf-defined 1 "$(rec f7e3 0000000c 00000206)
" "$(rec f7e3 0000000c 00000207)
"
# DF is never masked, even when the instruction leaves arithmetic flags undefined.
check non-arith-flag-diff 1 "$(rec f7e3 0000000c 00000206)
" "$(rec f7e3 0000000c 00000606)
"
# A sequence: mul (ZF undefined) then add (ZF defined again): ZF must match.
check sequence-redefines 1 "$(rec f7e301d8 0000000c 00000206)
" "$(rec f7e301d8 0000000c 00000246)
"
check text-line-diff 1 "hello
" "hellp
"
check morph-output-short 1 "$same" "hello
"
check different-insn 1 "$(rec 01d8 00000006 00000206)
" "$(rec 29d8 00000006 00000206)
"
exit $((fails != 0))
