# Sourced by the benchmark scripts (bash): waits for a `semco-zoom simulator` started in the
# background to print its base URL (its first stdout line) and echoes it; stops the calling
# script (its `die`) when the simulator exits first or has not answered within ten minutes (an
# L account's data file takes a while to load).
#
#   BASE=$(simulator_url "$RUN/simulator.out" "$RUN/simulator.err" "$SIM_PID")
simulator_url() {
  local out=$1 err=$2 pid=$3 base=""
  for _ in $(seq 1 6000); do
    base=$(head -1 "$out" 2>/dev/null || true)
    if [[ $base == http://127.0.0.1:* ]]; then echo "$base"; return 0; fi
    kill -0 "$pid" 2>/dev/null || die "the simulator stopped: $(cat "$err")"
    sleep 0.1
  done
  die "the simulator did not print its URL"
}
