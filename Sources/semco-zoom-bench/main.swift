// Benchmark tools: the seeded data generator and the benchmark drivers (BENCHMARKS.md).
print("semco-zoom-bench: not built yet")
