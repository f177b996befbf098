#!/usr/bin/env bash
# Installs what backupctl needs from Debian 12 (idempotent; apt's own progress
# when something is missing), then configures and builds into ./build.
#   scripts/setup.sh                 everything: the tool, the tests and their peers
#   SETUP_FOR=demo scripts/setup.sh  only what building and running backupctl needs
#   BUILD_DIR=build-x  CMAKE_ARGS="-DBACKUPCTL_SANITIZE=thread"  BUILD_TARGETS=backupctl
# Each step that fails says which it was and shows the end of its output.
set -euo pipefail
cd "$(dirname "$0")/.."

build_packages=(build-essential cmake ninja-build pkg-config ccache binutils
  libyaml-dev libyaml-cpp-dev libspdlog-dev nlohmann-json3-dev libcli11-dev libcpp-httplib-dev
  libcurl4-openssl-dev libssl-dev ca-certificates)
# The tests' own needs and their independent peers: the AWS CLI v2 (/usr/bin/aws),
# botocore, clang for the fuzz smoke run, etcd for the daemon's high
# availability, and the tools the tests drive.
test_packages=(clang libclang-rt-14-dev libgtest-dev libgmock-dev
  awscli python3-botocore curl openssl procps git etcd-server)

for_what=${SETUP_FOR:-tests}
packages=("${build_packages[@]}")
[ "$for_what" = demo ] || packages+=("${test_packages[@]}")

# Runs "$@" as step $1's work; on failure prints the step and the last lines.
run_step() {
  local name=$1
  shift
  local log
  log=$(mktemp)
  # The output goes to the terminal as it comes and to a log for the failure report.
  if ! "$@" 2>&1 | tee "$log"; then
    echo >&2
    echo "setup: step '$name' failed; its last lines:" >&2
    tail -n 30 "$log" | sed 's/^/  | /' >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
}

# Runs "$@" with its output kept for run_step's failure report only.
quietly() {
  local out status=0
  out=$("$@" 2>&1) || status=$?
  ((status == 0)) || printf '%s\n' "$out"
  return $status
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  run_step "apt-get update" $SUDO apt-get update -q
  run_step "apt-get install" $SUDO env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# moto is a pip package with no Debian package: the tests find it where the
# machine has it, and fail under CI=true where it is missing.
if [ "$for_what" != demo ] && ! python3 -c 'import moto.server' >/dev/null 2>&1; then
  echo "setup: note: moto is not installed (pip install 'moto[server]'); its tests will" \
    "skip, or fail under CI=true"
fi

build_dir=${BUILD_DIR:-build}
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
tests=ON
[ "$for_what" = demo ] && tests=OFF
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # Paths under the checkout are hashed relative to it, so two clones share hits.
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
fi
echo "setup: configuring $build_dir"
run_step "cmake configure" quietly cmake -S . -B "$build_dir" -G Ninja -DBACKUPCTL_WERROR=$werror \
  -DBACKUPCTL_TESTS=$tests "${launcher[@]}" ${CMAKE_ARGS:-}
echo "setup: building ${BUILD_TARGETS:-everything} in $build_dir ($(nproc) cores)"
run_step "build" cmake --build "$build_dir" -j "$(nproc)" ${BUILD_TARGETS:+--target $BUILD_TARGETS}
