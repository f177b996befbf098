#!/usr/bin/env bash
# Issue 8's benchmark in one command: installs what is missing (setup.sh),
# builds backupctl_bench in Release in its own build directory, runs it and
# prints the table; the figures also go to build-bench/bench-results.json.
#   scripts/bench.sh                       1,000 vaults / 1,000 plans / 3,000 selections, 20 ms, 32
#   scripts/bench.sh --latency-ms 50 --in-flight 64 --compute-sizes 10000,100000,200000
#   scripts/bench.sh --help                every flag (bench/README.md explains the figures)
# GCC 12 reports false -Wrestrict / -Wmaybe-uninitialized at -O3, so this
# Release build does not turn warnings into errors (the test build does).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BENCH_BUILD_DIR:-build-bench}
BUILD_DIR=$build BUILD_TARGETS=backupctl_bench \
  CMAKE_ARGS="-DCMAKE_BUILD_TYPE=Release -DBACKUPCTL_BENCH=ON -DBACKUPCTL_WERROR=OFF" \
  scripts/setup.sh >/dev/null
exec "$build/bench/backupctl_bench" --json "$build/bench-results.json" "$@"
