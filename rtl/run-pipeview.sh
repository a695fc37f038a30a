#!/bin/sh
# --pipeview on the model and the RTL (docs/rtl.md "Pipeline view"): for each core, the Konata
# logs of one window of tests/isa/fuse_pairs.S (hand-marked pairs, trapping tails, redirects)
# from the two engines must be identical, and must show what the core does: fused pairs on the
# fusing cores and none on m0, flushed (trapping) ops, divider stalls.
#   MORPH=build/bin/morph CORES="m0 macro" rtl/run-pipeview.sh build/tests/isa/fuse_pairs.elf
set -u
elf=${1:?usage: run-pipeview.sh FUSE_PAIRS_ELF}
fail=0
for c in $CORES; do
  out=$elf.$c.pipeview
  for e in model rtl; do
    "$MORPH" sim --engine=$e --core=$c --pipeview "$out.$e" --pipeview-start 40 --pipeview-cycles 3000 \
      "$elf" >/dev/null 2>"$out.$e.log" || { echo "FAIL [pipeview $c] $e run failed: $(tail -1 "$out.$e.log")"; fail=1; continue 2; }
  done
  fused=$(grep -c "fused tail of" "$out.model")
  why=
  head -1 "$out.model" | grep -q "^Kanata	0004" || why="no Kanata header"
  cmp -s "$out.model" "$out.rtl" || why="model and RTL logs differ ($(diff "$out.model" "$out.rtl" | head -1))"
  if [ "$("$MORPH" rtl-params "$c" | grep -c Fuse=1)" = 1 ]; then
    [ "$fused" -gt 0 ] || why="$why; no fused pair on a fusing core"
  else
    [ "$fused" -eq 0 ] || why="$why; fused pairs on a core without fusion"
  fi
  grep -q "^R	[0-9]*	[0-9]*	1$" "$out.model" || why="$why; no flushed (trapping) op"
  if [ -n "$why" ]; then echo "FAIL [pipeview $c] $why"; fail=1
  else echo "PASS [pipeview $c] model = RTL, $(grep -c '^I' "$out.model") ops, $fused fused pairs"; fi
done
exit $fail
