#!/usr/bin/env bash
# Builds the whole suite with sanitizers and runs it with ctest.
#   scripts/sanitize.sh address [CTEST_ARGS...]   ASan + UBSan, into build-asan
#   scripts/sanitize.sh thread  [CTEST_ARGS...]   TSan, into build-tsan
# Any sanitizer report fails the test that triggered it (halt_on_error). The
# reliability tests run fewer chaos runs and crash trials under sanitizers (they
# are 2-15x slower); the fuzz smoke test is skipped (fuzz targets are built with
# ASan + UBSan already). Example: scripts/sanitize.sh thread -R 'Chaos|Race|reconcile'
set -euo pipefail
cd "$(dirname "$0")/.."

kind=${1:-}
shift || true
case "$kind" in
  address) sanitizers=address,undefined; build=${BUILD_DIR:-build-asan} ;;
  thread) sanitizers=thread; build=${BUILD_DIR:-build-tsan} ;;
  *) sed -n '2,9p' "$0"; exit 2 ;;
esac

# -O1 -g1 (build type None: only these flags): about half the compile time
# of -O2 -g, still file:line in every report. Read when build-* is first configured.
export CXXFLAGS=${CXXFLAGS:--O1 -g1}
BUILD_DIR=$build CMAKE_ARGS="-DCMAKE_BUILD_TYPE=None -DBACKUPCTL_SANITIZE=$sanitizers \
  -DBACKUPCTL_BENCH=OFF ${CMAKE_ARGS:-}" scripts/setup.sh

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp}
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 3600 "$@"
