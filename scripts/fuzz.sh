#!/usr/bin/env bash
# libFuzzer targets of backupctl (clang, AddressSanitizer + UBSan).
#   scripts/fuzz.sh build                build the targets into $FUZZ_BUILD_DIR (build-fuzz)
#   scripts/fuzz.sh TARGET [SECONDS]     build, then fuzz TARGET for SECONDS (default 600)
#   scripts/fuzz.sh all [SECONDS]        every target, SECONDS each (default 60)
#   scripts/fuzz.sh smoke [SECONDS]      every target, SECONDS each (default 5): the test suite's run,
#                                        built at -O0 (half the compile time; fewer executions)
# Targets: yaml_loader wire_decode sigv4 router policy. Each starts from its seed corpus in
# tests/fuzz/corpus/TARGET; new inputs go to $FUZZ_BUILD_DIR/corpus/TARGET (copy the
# interesting ones into the seed corpus), crashes to $FUZZ_BUILD_DIR/artifacts/.
# Reproduce a crash: $FUZZ_BUILD_DIR/tests/fuzz/fuzz_TARGET ARTIFACT
# Prints one line per target: "fuzz: target=T executions=N seconds=S".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
targets=(yaml_loader wire_decode sigv4 router policy)

die() { echo "fuzz.sh: $*" >&2; exit 1; }

build_targets() {
  command -v clang++ >/dev/null || die "clang++ not found (Debian: apt-get install clang libclang-rt-14-dev)"
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DBACKUPCTL_FUZZ=ON -DBACKUPCTL_TESTS=OFF \
    -DBACKUPCTL_BENCH=OFF -DBACKUPCTL_WERROR=OFF -DBACKUPCTL_FUZZ_OPT="${FUZZ_OPT:--O1}" \
    "${launcher[@]}" >/dev/null
  cmake --build "$build" --target fuzz_targets -j "${FUZZ_JOBS:-$(nproc)}"
}

# Builds quietly; on failure shows the build's output.
build_quietly() {
  local log
  log=$(mktemp)
  if ! build_targets >"$log" 2>&1; then
    tail -60 "$log" >&2
    rm -f "$log"
    die "the fuzz build failed"
  fi
  rm -f "$log"
}

run_target() {
  local target=$1 seconds=$2
  [[ " ${targets[*]} " == *" $target "* ]] || die "unknown target $target (${targets[*]})"
  local bin=$build/tests/fuzz/fuzz_$target work=$build/corpus/$target log=$build/fuzz_$target.log
  mkdir -p "$work" "$build/artifacts"
  local status=0
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
    "$work" "$root/tests/fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  local execs
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if ((status != 0)); then
    tail -40 "$log" >&2
    die "$target failed (exit $status); the input is in $build/artifacts/"
  fi
  echo "fuzz: target=$target executions=${execs:-0} seconds=$seconds"
}

cmd=${1:-}
case "$cmd" in
  build) build_targets ;;
  all | smoke)
    default=60
    [ "$cmd" = smoke ] && default=5 && export FUZZ_OPT=${FUZZ_OPT:--O0}
    build_quietly
    for t in "${targets[@]}"; do run_target "$t" "${2:-$default}"; done
    ;;
  "" | -h | --help) sed -n '2,12p' "$0"; exit 2 ;;
  *)
    build_quietly
    run_target "$cmd" "${2:-600}"
    ;;
esac
