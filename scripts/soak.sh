#!/usr/bin/env bash
# Long soak run: seeded nights of SEMCO edits, Zoom edits, faults and SIGKILLs against the real
# semco-zoom binary and an in-process Zoom simulator (see RELIABILITY.md).
#
#   scripts/soak.sh --seed 7 --nights 1000            # release build in .build-release
#   scripts/soak.sh --seed 7 --nights 60 --debug      # the debug build the test suite uses
#
# Replays a shrunk failing case when given its other knobs in the environment
# (SOAK_MAX_EDITS, SOAK_FAULTS, SOAK_KILLS, SOAK_ZOOM_EDITS, SOAK_TRUNCATION; SOAK_KEEP=1 keeps
# the case's folder). Prints a progress line every 25 nights and the summary at the end; exits
# non-zero on any invariant violation, with the seed and the minimal failing case.
set -euo pipefail
cd "$(dirname "$0")/.."

seed=1
nights=1000
config=release
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seed) seed="$2"; shift 2 ;;
    --nights) nights="$2"; shift 2 ;;
    --debug) config=debug; shift ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "unknown option: $1 (use --seed N --nights N [--debug])" >&2; exit 64 ;;
  esac
done

if [[ "$config" == release ]]; then
  # -enable-testing: the package's unit tests use @testable imports, and swift test builds them all.
  scratch=(--scratch-path .build-release -c release -Xswiftc -enable-testing)
else
  scratch=()
fi
swift build "${scratch[@]}" --build-tests
# The test binary itself, where SwiftPM builds one (Linux): its progress lines reach a log file
# as they happen, where `swift test` can hold them back until the end.
tests="$(swift build "${scratch[@]}" --show-bin-path)/semco-zoomPackageTests.xctest"
if [[ -f "$tests" && -x "$tests" ]]; then
  SOAK_SEED="$seed" SOAK_NIGHTS="$nights" exec "$tests" --testing-library swift-testing --filter SemcoZoomSoakTests
fi
SOAK_SEED="$seed" SOAK_NIGHTS="$nights" swift test "${scratch[@]}" --skip-build --filter SemcoZoomSoakTests
