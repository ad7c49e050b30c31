#!/usr/bin/env bash
# API benchmark of semco-zoom against the standalone Zoom simulator (see BENCHMARKS.md, "API").
#
#   scripts/bench-api.sh [SIZE] [FORMAT] [--seed N] [--latency-ms N] [--plan pro|business] [--fresh]
#
#   SIZE     S (default; 300 courses / 6,000 bookings), M or L
#   FORMAT   csv (default) or xml
#   --seed N          generator seed (default 1)
#   --latency-ms N    latency the simulator adds to every answer (default 100)
#   --plan P          Zoom plan whose per-second limits the simulator enforces (default pro)
#   --fresh           regenerate the drop instead of using the cache
#
# Builds release, generates the drop once (cached under .build-bench-data/, git-ignored),
# starts `semco-zoom simulator` with the drop's hosts, latency and the plan's rate limits on a
# free loopback port, then runs, each under /usr/bin/time -v, against a fresh simulator and
# a fresh state file:
#   1. the first sync of the drop (--keep-drop: meetings plus registrants),
#   2. the no-change night (the same drop again: reads only, zero writes expected).
# Reads each run's api-calls.jsonl and report.json and prints a table: calls per label and
# method, write calls against applied Zoom-write actions, wall time (process and first to last
# call), and the lower bound: max over labels of calls ÷ allowed rate, and the latency bound
# (calls × latency ÷ concurrency, and the longest serial chain of one course × latency).
#
# Environment: BENCH_BIN_DIR=DIR uses the binaries in DIR instead of building release;
# BENCH_DATA_DIR=DIR caches data there instead of .build-bench-data; BENCH_CONCURRENCY=N tells
# the analysis the number of requests in flight the client allows (default 16, the client's).
#
# Exit: 0 both runs finished, the first within 1.15 × its lower bound, the night with zero
# writes, and write calls equal to applied write actions; 1 a step failed or a tool is missing;
# 2 a target was missed; 64 usage.
set -euo pipefail

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }
die() { echo "bench-api: $*" >&2; exit 1; }
. "$(dirname "$0")/simulator-url.sh"

SIZE=S FORMAT=csv
if [ $# -gt 0 ] && [[ $1 != --* ]]; then SIZE=$1; shift; fi
if [ $# -gt 0 ] && [[ $1 != --* ]]; then FORMAT=$1; shift; fi
SEED=1 LATENCY_MS=100 PLAN=pro FRESH=0
while [ $# -gt 0 ]; do
  case $1 in
    --seed) [ $# -ge 2 ] || usage; SEED=$2; shift 2 ;;
    --latency-ms) [ $# -ge 2 ] || usage; LATENCY_MS=$2; shift 2 ;;
    --plan) [ $# -ge 2 ] || usage; PLAN=$2; shift 2 ;;
    --fresh) FRESH=1; shift ;;
    -h|--help) usage ;;
    *) echo "bench-api: unknown option '$1'" >&2; usage ;;
  esac
done
case $SIZE in S|M|L) ;; *) echo "bench-api: SIZE is S, M or L, not '$SIZE'" >&2; usage ;; esac
case $FORMAT in csv|xml) ;; *) echo "bench-api: FORMAT is csv or xml, not '$FORMAT'" >&2; usage ;; esac
case $PLAN in pro|business) ;; *) echo "bench-api: --plan is pro or business, not '$PLAN'" >&2; usage ;; esac
[[ $SEED =~ ^[0-9]+$ ]] || die "--seed wants a whole number, not '$SEED'"
[[ $LATENCY_MS =~ ^[0-9]+$ ]] || die "--latency-ms wants a whole number, not '$LATENCY_MS'"
CONCURRENCY=${BENCH_CONCURRENCY:-16}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian: apt-get install time)"
command -v python3 >/dev/null || die "python3 is missing"

# ---------------------------------------------------------------- build
if [ -n "${BENCH_BIN_DIR:-}" ]; then
  BIN_DIR=$BENCH_BIN_DIR
  echo "== using the binaries in $BIN_DIR (BENCH_BIN_DIR; not building)" >&2
else
  command -v swift >/dev/null || die "swift is missing"
  echo "== building release" >&2
  swift build -c release --product semco-zoom-bench >&2 || die "release build of semco-zoom-bench failed"
  swift build -c release --product semco-zoom >&2 || die "release build of semco-zoom failed"
  BIN_DIR=$(swift build -c release --show-bin-path)
fi
[ -x "$BIN_DIR/semco-zoom-bench" ] || die "no generator at $BIN_DIR/semco-zoom-bench"
[ -x "$BIN_DIR/semco-zoom" ] || die "no semco-zoom at $BIN_DIR/semco-zoom"

# ---------------------------------------------------------------- data (cached)
GEN_KEY=$(cat Sources/semco-zoom-bench/*.swift Sources/semco-zoom-bench/*/*.swift 2>/dev/null | sha256sum | cut -c1-12)
DATA="${BENCH_DATA_DIR:-$ROOT/.build-bench-data}/$SIZE-$FORMAT-seed$SEED-$GEN_KEY"
DROP="$DATA/drop"
if [ $FRESH = 1 ]; then rm -rf "$DATA"; fi
mkdir -p "$DATA"
if [ ! -f "$DATA/.complete" ]; then
  echo "== generating $SIZE $FORMAT seed $SEED into $DROP" >&2
  rm -rf "$DROP"
  "$BIN_DIR/semco-zoom-bench" generate --size "$SIZE" --format "$FORMAT" --seed "$SEED" --out "$DROP" \
    --users-out "$DATA/users.json" >"$DATA/generate.txt" || die "generator failed"
  touch "$DATA/.complete"
else
  echo "== using cached data in $DROP (--fresh regenerates)" >&2
fi

RUN="$DATA/api-run-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN/bin"
# Private copies: a rebuild during the run cannot swap the binaries under it.
cp "$BIN_DIR/semco-zoom" "$RUN/bin/semco-zoom"
TOOL="$RUN/bin/semco-zoom"

# ---------------------------------------------------------------- simulator
SIM_PID=""
cleanup() {
  if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then
    kill -TERM "$SIM_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SIM_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SIM_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

export ZOOM_ACCOUNT_ID=bench-account ZOOM_CLIENT_ID=bench-client ZOOM_CLIENT_SECRET="bench-$RANDOM$RANDOM"
echo "== starting the simulator (latency ${LATENCY_MS} ms, $PLAN rate limits)" >&2
"$TOOL" simulator --port 0 --latency-ms "$LATENCY_MS" --plan "$PLAN" --users "$DATA/users.json" \
  --data "$RUN/simulator.json" --language en >"$RUN/simulator.out" 2>"$RUN/simulator.err" &
SIM_PID=$!
BASE=$(simulator_url "$RUN/simulator.out" "$RUN/simulator.err" "$SIM_PID") || exit 1
export ZOOM_API_URL="$BASE/v2" ZOOM_OAUTH_URL="$BASE/oauth/token"
echo "   $BASE" >&2

# ---------------------------------------------------------------- runs
# sync_run NAME: one sync of the drop (kept in place) with the run's state file.
sync_run() {
  local name=$1 rc=0
  echo "== $name" >&2
  (cd "$RUN" && exec /usr/bin/time -v -o "$RUN/$name.time" "$TOOL" sync --drop "$DROP" --state "$RUN/state.json" \
    --keep-drop --out "$RUN/$name" --json --language en) >"$RUN/$name.out" 2>"$RUN/$name.err" || rc=$?
  echo "$rc" >"$RUN/$name.rc"
  # 0 clean, 3: some courses carry errors (the generator plants them on purpose).
  [ "$rc" = 0 ] || [ "$rc" = 3 ] || { head -20 "$RUN/$name.err" >&2; die "$name exited $rc"; }
}
sync_run first-sync
sync_run no-change-night

# ---------------------------------------------------------------- analysis
set +e
python3 "$ROOT/scripts/bench-api-report.py" --run "$RUN" --latency-ms "$LATENCY_MS" --plan "$PLAN" \
  --concurrency "$CONCURRENCY" --size "$SIZE" --format "$FORMAT" --seed "$SEED" | tee "$RUN/results.md"
STATUS=${PIPESTATUS[0]}
set -e
echo "(saved: $RUN/results.md)" >&2
exit "$STATUS"
