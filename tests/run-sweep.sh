#!/usr/bin/env bash
# make test-sweep (docs/sweeps.md): one small fusion sweep, its job list run by the three runners
# of tools/sweep -- serially, under GNU parallel, and as a job array on a private single-node
# Slurm (tools/slurm-local) -- must give the same bytes: every point's statistics, every failure
# record, the collected tables and figures. Also: a rerun skips what is done and redoes what is
# cut short or failed; failures are recorded and reported, never dropped; Slurm's accounting
# (sacct) agrees; every daemon started is stopped. Slurm that cannot start is a failure.
#   tests/run-sweep.sh --morph MORPH --x86 DIR --dies PROGRAM --busybox BUSYBOX --python PY --work DIR
# The sweep: four points per program -- none on m0 and macro, hu-smith and dual on macro (a
# heuristic does not run on m0, which does not fuse: bench/fusion.py) -- for compute-O2 and
# qsort-O2 (8 points), and the same four of a program that dies by SIGSEGV (the bad-input case
# unmapped-read, status 139): 4 failed points.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
while (($#)); do
  case $1 in
    --morph) morph=$2; shift 2 ;;
    --x86) x86=$2; shift 2 ;;
    --dies) dies=$2; shift 2 ;;
    --busybox) busybox=$2; shift 2 ;;
    --python) py=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "run-sweep: unknown argument $1" >&2; exit 2 ;;
  esac
done
: "${morph:?--morph}" "${x86:?--x86}" "${dies:?--dies}" "${busybox:?--busybox}" "${py:?--python}" "${work:?--work}"
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1 ($2)"; fail=$((fail + 1)); }
check() { local name=$1 why=$2; shift 2; if "$@"; then ok "$name"; else ko "$name" "$why"; fi; }

rm -rf "$work"
mkdir -p "$work"
out=$work/out
list=$work/jobs.txt
fusion=("$py" bench/fusion.py --morph "$morph" --out "$out" --heuristic hu-smith --heuristic dual --core macro
        --prog "compute-O2=$x86/compute-O2" --prog "qsort-O2=$x86/qsort-O2" --prog "dies=$dies")
"${fusion[@]}" --list > "$list"
check list "12 lines expected, got $(wc -l < "$list")" test "$(wc -l < "$list")" = 12

# run RUNNER [tools/sweep run options]: the list, then the collector; logs in $work/RUNNER.log
run() {
  local r=$1; shift
  local t0=$SECONDS
  "$py" tools/sweep run --runner "$r" "$@" "$list" > "$work/$r.log" 2>&1
  echo "$?" > "$work/$r.rc"
  "${fusion[@]}" --collect > "$work/$r.collect" 2>&1
  echo "$?" > "$work/$r.collect.rc"
  echo "     ($r: $((SECONDS - t0)) s)"
}
# keep NAME: move this run's results aside as $work/results-NAME
keep() { rm -rf "${work:?}/results-$1"; mv "$out" "$work/results-$1"; }
# same A B: identical statistics, tables and figures, and the same failure records
same() {
  "$py" - "$work/results-$1" "$work/results-$2" <<'EOF'
import filecmp, json, os, sys
a, b = sys.argv[1:]
def files(d):
    return sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs)
fa, fb = files(a), files(b)
if fa != fb:
    sys.exit(f"different files: {sorted(set(fa) ^ set(fb))}")
bad = []
for f in fa:
    if f.endswith(".run.json"):  # a record: runner, host and times differ; the outcome may not
        ra, rb = (json.load(open(os.path.join(d, f))) for d in (a, b))
        if any(ra.get(k) != rb.get(k) for k in ("argv", "simulator", "status", "exit", "stderr_tail")):
            bad.append(f)
    elif not filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False):
        bad.append(f)
if bad:
    sys.exit(f"{len(bad)} of {len(fa)} files differ: {' '.join(bad[:6])}")
print(f"     {len(fa)} files compared")
EOF
}
states() { local s; s=$("$py" tools/sweep status "$list"); s=${s%%$'\n'*}; echo "${s##*: }"; }
has() { grep -q -- "$2" "$1"; }

# ---- serial: failures recorded and reported ------------------------------------------------------
run serial
check serial-status "tools/sweep status: $(states)" test "$(states)" = "8 done, 4 failed, 0 missing"
check serial-exit "a sweep with failures must exit non-zero (log $work/serial.log)" test "$(cat "$work/serial.rc")" != 0
check failure-record "dies.hu-smith.macro.run.json: exit 139 and the SIGSEGV line of stderr" "$py" -c '
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(not (r["status"] == "failed" and r["exit"] == 139 and any("SIGSEGV" in l for l in r["stderr_tail"])))' \
  "$out/runs/dies.hu-smith.macro.run.json"
check collect-reports "the collector lists 4 failed points and exits 1 ($work/serial.collect)" eval \
  'test "$(cat "$work/serial.collect.rc")" = 1 && has "$work/serial.collect" "8 of 12 points done, 4 failed" &&
   test "$(grep -c "^  failed .*dies\..*: exit 139: morph: guest SIGSEGV" "$work/serial.collect")" = 4'
check collect-tables "ladder-hu-smith.txt: compute-O2 and qsort-O2 measured, dies missing" eval \
  'grep -Eq "^compute-O2 .*%" "$out/ladder-hu-smith.txt" && grep -Eq "^qsort-O2 .*%" "$out/ladder-hu-smith.txt" &&
   grep -Eq "^dies .*missing" "$out/ladder-hu-smith.txt" && test -s "$out/ladder.png" && test -s "$out/profile.png"'

# ---- a point stopped by SIGTERM (what Slurm sends at a time limit or a preemption) -----------
# the job's guest sleeps, so that the signal cannot come after its end (compute-O2 itself runs
# for about 0.05 s, about as long as the poll below takes to see morph start)
kline=$(grep -m1 'compute-O2.none.macro.json' "$list" | sed "s|$out/runs/|$work/killed/|; s|$x86/compute-O2\$|$busybox sleep 30|")
case $kline in *" sleep 30") ;; *) echo "run-sweep: no sleeping job line: $kline" >&2; exit 1 ;; esac
bash -c "exec $kline" > /dev/null 2>&1 & kpid=$!
for ((i = 0; i < 50; i++)); do pgrep -P "$kpid" > /dev/null && break; sleep 0.1; done  # morph started
kill -TERM "$kpid"; wait "$kpid"; krc=$?
check killed-record "a job stopped by SIGTERM must exit 143 and record 'signal SIGTERM', no statistics (rc $krc)" eval \
  'test "$krc" = 143 && has "$work/killed/compute-O2.none.macro.run.json" "\"exit\": \"signal SIGTERM\"" &&
   ! test -e "$work/killed/compute-O2.none.macro.json"'

# ---- resuming: done points are skipped, cut-short and failed ones rerun ---------------------------
stamp=$(stat -c %Y.%y "$out/runs/qsort-O2.none.m0.json")
head -c 100 "$out/runs/compute-O2.hu-smith.macro.json" > "$out/runs/t" && mv "$out/runs/t" "$out/runs/compute-O2.hu-smith.macro.json"
rm "$out/runs/qsort-O2.none.macro.run.json"
run serial
check resume "the rerun must run the 4 failed, the cut-short and the unrecorded points: $(head -1 "$work/serial.log")" \
  has "$work/serial.log" "12 points, 6 done, 6 to run"
check resume-skips "a done point was rewritten" test "$(stat -c %Y.%y "$out/runs/qsort-O2.none.m0.json")" = "$stamp"
keep serial

# ---- GNU parallel -----------------------------------------------------------------------------
run parallel --jobs 2
check parallel-status "tools/sweep status: $(states)" test "$(states)" = "8 done, 4 failed, 0 missing"
keep parallel
check parallel-equals-serial "$(same serial parallel 2>&1 | tail -1)" same serial parallel

# ---- a private single-node Slurm --------------------------------------------------------------
slurm=$work/cluster
started=0
stop_slurm() { if ((started)); then tools/slurm-local stop "$slurm"; started=0; fi; }
trap stop_slurm EXIT
t0=$SECONDS
if tools/slurm-local start "$slurm" > "$work/slurm-start.log" 2>&1; then
  started=1
  ok "slurm-start ($((SECONDS - t0)) s: $(tail -2 "$work/slurm-start.log" | head -1 | sed 's/^slurm-local: //'))"
  eval "$(tools/slurm-local env "$slurm")"
  run slurm
  check slurm-sacct "sacct must show 8 COMPLETED and 4 FAILED tasks ($work/slurm.log)" \
    has "$work/slurm.log" "(sacct): 8 COMPLETED, 4 FAILED$"
  check slurm-failed-tasks "the 4 FAILED tasks must be the dies points, exit 139 ($work/slurm.log)" \
    test "$(grep -c 'task [0-9]*: FAILED exit 139:0' "$work/slurm.log")" = 4
  check slurm-status "tools/sweep status: $(states)" test "$(states)" = "8 done, 4 failed, 0 missing"
  check slurm-runner "the records must name the Slurm array task" \
    has "$out/runs/compute-O2.none.m0.run.json" '"runner": "slurm array '
  # resubmission: the failed points and a lost one, 3 lines per array task
  rm "$out/runs/compute-O2.none.macro.json"
  run slurm --chunk 3
  check slurm-resume "the resubmission must run 5 points as 2 array tasks ($work/slurm.log)" eval \
    'has "$work/slurm.log" "12 points, 7 done, 5 to run" && has "$work/slurm.log" "(2 tasks, 3 line(s) each)"'
  keep slurm
  check slurm-equals-parallel "$(same parallel slurm 2>&1 | tail -1)" same parallel slurm
  pids=$(cat "$slurm"/run/*.pid 2>/dev/null)
  stop_slurm > "$work/slurm-stop.log" 2>&1
  left=""
  for p in $pids; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
  check slurm-stop "daemons still running after stop:$left" test -z "$left" -a -n "$pids"
else
  ko slurm-start "tools/slurm-local start could not start a single-node Slurm (root, slurm-wlm and munge from make deps needed): $(tail -3 "$work/slurm-start.log" | tr '\n' ' ')"
fi
echo "$pass passed, $fail failed"
((fail == 0))
