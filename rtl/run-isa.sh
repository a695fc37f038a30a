#!/bin/sh
# Runs the ISA tests (bare RV32 ELFs) on an engine other than the model: ENGINE=rtl or cosim,
# on core configuration CORE (default m0). Same pass criteria as `make test-isa`: exit status 0
# and consistent statistics; the tests carry their own timing checks (mcycle deltas), written
# for m0, so on another core the exit status must be the model's on that core instead (timing.S
# and fuse.S fail their m0 cycle checks there, on both engines alike). On the RTL engine the
# statistics must also equal the model's. BPRED=NAME runs both with --bpred=NAME (the m0 cycle
# checks then fail alike: the exit status must be the model's, as on another core). CACHES=NAME
# runs both with --caches=NAME (the same: the model's status; the statistics, the caches'
# counters and stalls included, must still be equal on the RTL engine).
# Usage: ENGINE=rtl [CORE=macro] [BPRED=gshare] [CACHES=realistic] rtl/run-isa.sh ELF...
: "${ENGINE:?}" "${MORPH:?}" "${PYTHON:=python3}" "${CORE:=m0}" "${BPRED:=none}" "${CACHES:=off}"
tag=$CORE; [ "$BPRED" = none ] || tag=$CORE.$(echo "$BPRED" | tr ",=" "._")
[ "$CACHES" = off ] || tag=$tag.$CACHES
# the runs, JOBS at a time (each writes files of its own); then every verdict in one Python
# process (rtl/isa-verdicts.py)
run() {
  t=$1
  want=0
  if [ "$ENGINE" = rtl ] || [ "$CORE" != m0 ] || [ "$BPRED" != none ] || [ "$CACHES" != off ]; then
    "$MORPH" sim --core="$CORE" --bpred="$BPRED" --caches="$CACHES" --max-cycles 10000000 \
      --stats-json "$t.model.$tag.json" "$t" 2>/dev/null
    mrc=$?
    [ "$CORE" = m0 ] && [ "$BPRED" = none ] && [ "$CACHES" = off ] || want=$mrc
  fi
  "$MORPH" sim --engine="$ENGINE" --core="$CORE" --bpred="$BPRED" --caches="$CACHES" --max-cycles 10000000 \
    --stats-json "$t.$ENGINE.$tag.json" "$t" 2>"$t.$ENGINE.$tag.log"
  echo "$t:$?:$want"
}
jobs=${JOBS:-2}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
i=0
for t in "$@"; do
  i=$((i+1))
  run "$t" >"$tmp/$i" &
  [ $((i % jobs)) -eq 0 ] && wait
done
wait
k=0
set --
while [ $k -lt $i ]; do k=$((k+1)); set -- "$@" "$(cat "$tmp/$k")"; done
"$PYTHON" "$(dirname "$0")/isa-verdicts.py" "$ENGINE" "$tag" "$@"
