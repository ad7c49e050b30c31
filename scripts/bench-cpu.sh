#!/usr/bin/env bash
# CPU and memory benchmark of semco-zoom on generated SEMCO exports (see BENCHMARKS.md).
#
#   scripts/bench-cpu.sh SIZE FORMAT [--seed N] [--repeat N] [--baseline-only] [--no-night] [--fresh]
#
#   SIZE     S (300 courses / 6,000 bookings), M (3,000 / 60,000), L (20,000 / 500,000)
#   FORMAT   csv or xml
#   --seed N        generator seed (default 1)
#   --repeat N      run each measured step N times and report the fastest (default 3)
#   --baseline-only generate and run the Python baseline only (no semco-zoom needed)
#   --no-night      skip the no-change night (its first sync is slow under the simulator's limits)
#   --fresh         regenerate the data and redo the first sync instead of using the cache
#
# Builds release, generates the drop once (cached under .build-bench-data/, git-ignored),
# then measures with /usr/bin/time -v: the Python baseline reading every record of the same
# files, `semco-zoom validate`, `semco-zoom plan` on the first night (empty state: everything
# to create) and on a no-change night (a first `sync` against the embedded simulator gives a
# matching state; then `plan` is timed against that Zoom account served by a standalone
# simulator process, so the figure is semco-zoom's alone).
# Prints a table (also saved as Markdown next to the data) with wall time, CPU time (user +
# system: the embedded simulator's rate limits make plan wait, not work), peak RSS, input
# size, ours/python ratios and the check "peak memory < 2 × input + 64 MB".
#
# Environment: BENCH_BIN_DIR=DIR uses the binaries in DIR instead of building release (the
# tests use a debug build); BENCH_DATA_DIR=DIR caches data there instead of .build-bench-data.
#
# Exit: 0 all steps ran and every memory check passed; 1 a step failed or a tool is missing;
# 2 a memory check failed; 64 usage.
set -euo pipefail

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }
die() { echo "bench-cpu: $*" >&2; exit 1; }
. "$(dirname "$0")/simulator-url.sh"

[ $# -ge 2 ] || usage
SIZE=$1 FORMAT=$2
shift 2
SEED=1 REPEAT=3 BASELINE_ONLY=0 NO_NIGHT=0 FRESH=0
while [ $# -gt 0 ]; do
  case $1 in
    --seed) [ $# -ge 2 ] || usage; SEED=$2; shift 2 ;;
    --repeat) [ $# -ge 2 ] || usage; REPEAT=$2; shift 2 ;;
    --baseline-only) BASELINE_ONLY=1; shift ;;
    --no-night) NO_NIGHT=1; shift ;;
    --fresh) FRESH=1; shift ;;
    *) echo "bench-cpu: unknown option '$1'" >&2; usage ;;
  esac
done
case $SIZE in S|M|L) ;; *) echo "bench-cpu: SIZE is S, M or L, not '$SIZE'" >&2; usage ;; esac
case $FORMAT in csv|xml) ;; *) echo "bench-cpu: FORMAT is csv or xml, not '$FORMAT'" >&2; usage ;; esac
[[ $SEED =~ ^[0-9]+$ ]] || die "--seed wants a whole number, not '$SEED'"
[[ $REPEAT =~ ^[1-9][0-9]*$ ]] || die "--repeat wants a whole number ≥ 1, not '$REPEAT'"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian: apt-get install time)"
command -v python3 >/dev/null || die "python3 is missing"
[ -n "${BENCH_BIN_DIR:-}" ] || command -v swift >/dev/null || die "swift is missing"

# ---------------------------------------------------------------- build
if [ -n "${BENCH_BIN_DIR:-}" ]; then
  BIN_DIR=$BENCH_BIN_DIR
  echo "== using the binaries in $BIN_DIR (BENCH_BIN_DIR; not building)" >&2
else
  echo "== building release" >&2
  swift build -c release --product semco-zoom-bench >&2 || die "release build of semco-zoom-bench failed"
  if [ $BASELINE_ONLY = 0 ]; then
    swift build -c release --product semco-zoom >&2 || die "release build of semco-zoom failed"
  fi
  BIN_DIR=$(swift build -c release --show-bin-path)
fi
GEN="$BIN_DIR/semco-zoom-bench"
TOOL="$BIN_DIR/semco-zoom"
[ -x "$GEN" ] || die "no generator at $GEN"
[ $BASELINE_ONLY = 1 ] || [ -x "$TOOL" ] || die "no semco-zoom at $TOOL"

# The embedded simulator without per-second limits (and the client without pacing): the
# first sync and the nights measure our work, not Zoom's rate limits (docs/SIMULATOR.md).
# Set SEMCO_ZOOM_SIMULATOR_RATE_LIMITS=on to measure with Zoom's limits.
export SEMCO_ZOOM_SIMULATOR_RATE_LIMITS=${SEMCO_ZOOM_SIMULATOR_RATE_LIMITS:-off}

# ---------------------------------------------------------------- measuring helpers
# timed NAME CMD...: runs CMD in directory $CWD (default: here) under /usr/bin/time -v;
# output in $RUN/NAME.{out,err,time}; sets RC to CMD's exit code.
CWD=.
timed() {
  local name=$1; shift
  RC=0
  (cd "$CWD" && exec /usr/bin/time -v -o "$RUN/$name.time" "$@") >"$RUN/$name.out" 2>"$RUN/$name.err" || RC=$?
}
# best_of NAME CMD...: `timed` up to $REPEAT times (the machine is shared: the fastest run is
# the least disturbed one); keeps the fastest run as NAME.*; stops early when the exit code changes.
best_of() {
  local name=$1; shift
  local i first_rc="" best="" best_wall="" wall
  for ((i = 1; i <= REPEAT; i++)); do
    timed "$name.$i" "$@"
    if [ -z "$first_rc" ]; then first_rc=$RC; elif [ "$RC" != "$first_rc" ]; then break; fi
    wall=$(wall_seconds "$RUN/$name.$i.time")
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then best=$i best_wall=$wall; fi
    [ "$RC" = 0 ] || [ "$RC" = 2 ] || [ "$RC" = 3 ] || break
  done
  for ext in out err time; do cp "$RUN/$name.$best.$ext" "$RUN/$name.$ext"; done
  RC=$first_rc
}
# wall_seconds FILE / peak_kb FILE: read /usr/bin/time -v output.
wall_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$1"
}
# cpu_seconds FILE: user + system time.
cpu_seconds() {
  awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$1"
}
peak_kb() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "—" }'; }

# ---------------------------------------------------------------- data (cached)
GEN_KEY=$(cat Sources/semco-zoom-bench/*.swift Sources/semco-zoom-bench/*/*.swift 2>/dev/null | sha256sum | cut -c1-12)
DATA="${BENCH_DATA_DIR:-$ROOT/.build-bench-data}/$SIZE-$FORMAT-seed$SEED-$GEN_KEY"
DROP="$DATA/drop"
RUN="$DATA/run-$(date -u +%Y%m%dT%H%M%SZ)"
if [ $FRESH = 1 ]; then rm -rf "$DATA"; fi
mkdir -p "$DATA" "$RUN"
ROWS=()
if [ ! -f "$DATA/.complete" ]; then
  echo "== generating $SIZE $FORMAT seed $SEED into $DROP" >&2
  rm -rf "$DROP"
  timed generate "$GEN" generate --size "$SIZE" --format "$FORMAT" --seed "$SEED" --out "$DROP" --users-out "$DATA/users.json"
  [ $RC = 0 ] || die "generator failed (exit $RC): $(cat "$RUN/generate.err")"
  cp "$RUN/generate.out" "$DATA/generate.txt"
  touch "$DATA/.complete"
  ROWS+=("generate|$(wall_seconds "$RUN/generate.time")|$(cpu_seconds "$RUN/generate.time")|$(mb "$(peak_kb "$RUN/generate.time")")||||||")
else
  echo "== using cached data in $DROP (--fresh regenerates)" >&2
fi
INPUT_BYTES=$(find "$DROP" -maxdepth 1 -type f -name "*.$FORMAT" -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
INPUT_MB=$(awk -v b="$INPUT_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')
LIMIT_KB=$(awk -v b="$INPUT_BYTES" 'BEGIN { printf "%d", 2 * b / 1024 + 64 * 1024 }')

# ---------------------------------------------------------------- Python baseline
echo "== python baseline" >&2
if [ "$FORMAT" = csv ]; then
  BASELINE_NAME="python csv module"
  best_of python python3 -c '
import csv, glob, os, sys
rows = 0
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.csv"))):
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f, delimiter=";"):
            rows += 1
print(rows, "rows")
' "$DROP"
else
  BASELINE_NAME="python xml.etree iterparse"
  best_of python python3 -c '
import glob, os, sys
import xml.etree.ElementTree as ET
records = 0
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.xml"))):
    for event, elem in ET.iterparse(path, events=("end",)):
        if elem.tag in ("kurs", "trainer", "buchung"):
            records += 1
            elem.clear()
print(records, "records")
' "$DROP"
fi
[ $RC = 0 ] || die "python baseline failed (exit $RC): $(cat "$RUN/python.err")"
PY_WALL=$(wall_seconds "$RUN/python.time")
PY_CPU=$(cpu_seconds "$RUN/python.time")
PY_KB=$(peak_kb "$RUN/python.time")
ROWS+=("$BASELINE_NAME ($(cat "$RUN/python.out"))|$PY_WALL|$PY_CPU|$(mb "$PY_KB")|$INPUT_MB|1.00|1.00|1.00|")

# ---------------------------------------------------------------- semco-zoom
FAILED=0 MEMORY_FAILED=0
# measure NAME OK_CODES CMD...: one table row for a semco-zoom step.
measure() {
  local name=$1 ok=$2; shift 2
  local file=${name//[^A-Za-z0-9]/-}
  best_of "$file" "$@"
  if [[ " $ok " != *" $RC "* ]]; then
    echo "bench-cpu: '$name' exited $RC (expected one of: $ok); stderr ($RUN/$file.err):" >&2
    head -20 "$RUN/$file.err" >&2
    ROWS+=("$name|n/a (exit $RC)|||$INPUT_MB||||")
    FAILED=1
    return
  fi
  local wall cpu kb check
  wall=$(wall_seconds "$RUN/$file.time")
  cpu=$(cpu_seconds "$RUN/$file.time")
  kb=$(peak_kb "$RUN/$file.time")
  if [ "$kb" -lt "$LIMIT_KB" ]; then check="yes"; else check="NO"; MEMORY_FAILED=1; fi
  ROWS+=("$name (exit $RC)|$wall|$cpu|$(mb "$kb")|$INPUT_MB|$(ratio "$wall" "$PY_WALL")|$(ratio "$cpu" "$PY_CPU")|$(ratio "$kb" "$PY_KB")|$check")
}

if [ $BASELINE_ONLY = 0 ]; then
  WORK="$DATA/night"
  mkdir -p "$WORK"
  echo "== validate" >&2
  # 0: clean, 3: record-level diagnostics (the generator plants a few on purpose).
  # Run from a scratch directory (--zoom simulator keeps its data beside the state, in <state>.simulator/).
  CWD=$WORK
  measure validate "0 3" "$TOOL" validate --drop "$DROP" --language en

  # The first night: nothing synced yet, everything to create (plan reads Zoom, writes nothing).
  echo "== plan (first night: empty state)" >&2
  rm -rf "$WORK/first-night"
  mkdir -p "$WORK/first-night"
  CWD=$WORK/first-night
  measure "plan, first night" "0 2 3" "$TOOL" plan --drop "$DROP" --state "$WORK/first-night/state.json" --zoom simulator \
    --out "$RUN/plan-first-night-out" --language en
  CWD=$WORK

  # The no-change night: a first sync (untimed, cached per binary) gives the matching state.
  TOOL_KEY=$(sha256sum "$TOOL" | cut -c1-12)
  if [ $NO_NIGHT = 1 ]; then
    echo "== no-change night skipped (--no-night)" >&2
  elif [ ! -f "$WORK/.synced-$TOOL_KEY" ]; then
    echo "== first sync against the embedded simulator (setup, not measured; cached)" >&2
    rm -rf "$WORK"/.semco-zoom "$WORK"/state.json* "$WORK"/runs "$WORK"/.synced-*
    mkdir -p "$WORK"
    timed first-sync "$TOOL" sync --drop "$DROP" --state "$WORK/state.json" --zoom simulator --keep-drop \
      --out "$WORK/runs/first-sync" --quiet
    if [ $RC = 0 ] || [ $RC = 3 ]; then
      touch "$WORK/.synced-$TOOL_KEY"
      ROWS+=("first sync, setup (exit $RC)|$(wall_seconds "$RUN/first-sync.time")|$(cpu_seconds "$RUN/first-sync.time")|$(mb "$(peak_kb "$RUN/first-sync.time")")|$INPUT_MB|||||")
    else
      echo "bench-cpu: the first sync exited $RC; stderr:" >&2
      head -20 "$RUN/first-sync.err" >&2
      ROWS+=("first sync, setup|n/a (exit $RC)|||$INPUT_MB|||||")
      FAILED=1
    fi
  fi
  if [ $NO_NIGHT = 0 ] && [ -f "$WORK/.synced-$TOOL_KEY" ]; then
    # Zoom in another process, as in production: the simulator that the first sync filled is
    # started standalone on a copy of its data file, so the timed `plan` carries only
    # semco-zoom's own cpu and memory (the embedded simulator would add its whole account).
    echo "== starting the standalone simulator on the first sync's Zoom account" >&2
    cp "$WORK/state.json.simulator/simulator.json" "$RUN/simulator.json"
    (unset ZOOM_ACCOUNT_ID ZOOM_CLIENT_ID ZOOM_CLIENT_SECRET
     exec "$TOOL" simulator --port 0 --no-rate-limits --auto-create-users --data "$RUN/simulator.json" --language en \
       >"$RUN/simulator.out" 2>"$RUN/simulator.err") &
    SIM_PID=$!
    trap 'kill -TERM $SIM_PID 2>/dev/null || true' EXIT
    SIM_BASE=$(simulator_url "$RUN/simulator.out" "$RUN/simulator.err" "$SIM_PID") || exit 1
    echo "== plan (no-change night)" >&2
    # 0: nothing to change (expected); 2: changes; 3: some courses carry errors.
    SEMCO_ZOOM_SIMULATOR_URL=$SIM_BASE \
      measure "plan, no-change night" "0 2 3" "$TOOL" plan --drop "$DROP" --state "$WORK/state.json" --zoom simulator \
      --out "$RUN/plan-out" --language en --verbose
    if [ "$RC" = 2 ]; then
      echo "bench-cpu: warning: plan found changes on a no-change night (exit 2); see $RUN/plan--no-change-night.out" >&2
    fi
    kill -TERM "$SIM_PID" 2>/dev/null || true
    wait "$SIM_PID" 2>/dev/null || true
    trap - EXIT
  fi
fi

# ---------------------------------------------------------------- table
{
  echo "semco-zoom CPU benchmark: size $SIZE, format $FORMAT, seed $SEED, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(free -h | awk '/^Mem:/ { print $2 }') RAM"
  echo "each step: fastest of $REPEAT runs; the first sync and the generator: one run"
  echo "input: $INPUT_BYTES bytes in $(find "$DROP" -maxdepth 1 -type f -name "*.$FORMAT" | wc -l) files; memory limit 2 × input + 64 MB = $(mb "$LIMIT_KB") MB"
  echo
  echo "| step | wall s | cpu s | peak RSS MB | input MB | wall ours/python | cpu ours/python | RSS ours/python | RSS < 2×input+64MB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|:---:|"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r a b c d e f g h i <<<"$row"
    echo "| $a | ${b:-—} | ${c:-—} | ${d:-—} | ${e:-—} | ${f:-—} | ${g:-—} | ${h:-—} | ${i:-—} |"
  done
  # Where the no-change night's time and memory go: its stages as `plan --verbose` reports them
  # (time since start, peak memory so far), from the fastest run.
  if [ -s "$RUN/plan--no-change-night.err" ] && grep -q '^· ' "$RUN/plan--no-change-night.err"; then
    echo
    echo "stages of the no-change night (fastest run; time since start, peak RSS so far):"
    echo
    grep '^· ' "$RUN/plan--no-change-night.err" | sed 's/^· /    /'
  fi
} | tee "$RUN/results.md"
echo "(saved: $RUN/results.md)" >&2

if [ $FAILED = 1 ]; then exit 1; fi
if [ $MEMORY_FAILED = 1 ]; then exit 2; fi
exit 0
