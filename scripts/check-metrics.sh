#!/usr/bin/env bash
# Runs the README's demo (`sync --zoom simulator` on a copy of samples/) with --metrics-file and
# reads the file with the Prometheus project's own parser (Python's prometheus_client), checking
# its values against the run's report.json and api-calls.jsonl (scripts/check-metrics.py).
# `swift test` checks the same file with a strict parser of its own (MetricsFileCLITests); this
# adds the reference implementation where it can be installed (.ci/run installs it in a venv).
#   SEMCO_ZOOM_BIN  the binary (default .build/debug/semco-zoom)
#   PYTHON          a python3 with prometheus_client (default python3)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${SEMCO_ZOOM_BIN:-$ROOT/.build/debug/semco-zoom}
PYTHON=${PYTHON:-python3}
if [ ! -x "$BIN" ]; then echo "FAIL  no binary at $BIN (swift build first)"; exit 1; fi
if ! "$PYTHON" -c 'import prometheus_client' 2>/dev/null; then
  echo "FAIL  $PYTHON has no prometheus_client (pip install prometheus_client)"
  exit 1
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -R "$ROOT/samples" "$WORK/samples"
cd "$WORK"
RC=0
"$BIN" sync --zoom simulator --keep-drop --drop samples/drop --json --quiet --metrics-file textfile/semco-zoom.prom \
  >summary.json || RC=$?
# The samples hold bad records on purpose: 3 (error diagnostics) or 0.
if [ $RC != 0 ] && [ $RC != 3 ]; then echo "FAIL  the demo run exited $RC"; cat summary.json; exit 1; fi
REPORT=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["report"])' summary.json)
"$PYTHON" "$ROOT/scripts/check-metrics.py" textfile/semco-zoom.prom "$REPORT" "$RC"
