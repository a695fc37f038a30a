#!/bin/bash
# Cycles per x87 instruction on the model (docs/x87.md): runs tests/x87/x87cost under
# `morph run --stats` with N and 2N iterations, for OP and for the empty loop, and prints
# ((c(OP,2N) - c(OP,N)) - (c(none,2N) - c(none,N))) / N, which cancels start-up and the loop.
#   tests/x87/cost.sh MORPH X87COST [N] [--emulation=...]
set -eu
morph=$1 bin=$2 n=${3:-100000} emu=${4:---emulation=interp}
cyc() {
    "$morph" run --stats "$emu" "$bin" "$1" "$2" 2>&1 >/dev/null |
        awk '$1 == "cycles" && $2 ~ /^[0-9]+$/ { print $2; exit }'
}
n0=$(cyc none "$n"); n1=$(cyc none $((2 * n)))
echo "x87 cost ($emu, N=$n): loop iteration (FLD ST(0); FSTP ST(0); DEC; JNZ) $(((n1 - n0) / n)) cycles"
for op in fadd fmul fdiv fsqrt; do
    a=$(cyc "$op" "$n"); b=$(cyc "$op" $((2 * n)))
    echo "$op: $((((b - a) - (n1 - n0)) / n)) cycles per instruction"
done
