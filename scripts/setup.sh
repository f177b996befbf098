#!/usr/bin/env bash
# Installs what backupctl needs from Debian 12 (idempotent, quiet when already
# installed), then configures and builds into ./build.
#   BUILD_DIR=build-x  CMAKE_ARGS="-DBACKUPCTL_SANITIZE=thread"  scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config ccache clang libclang-rt-14-dev
  libyaml-dev libyaml-cpp-dev libspdlog-dev nlohmann-json3-dev libcli11-dev libcpp-httplib-dev
  libcurl4-openssl-dev libssl-dev libgtest-dev libgmock-dev
  awscli python3-botocore curl ca-certificates openssl procps)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

build_dir=${BUILD_DIR:-build}
werror=OFF; [ "${CI:-}" = "true" ] && werror=ON
launcher=(); command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build_dir" -G Ninja -DBACKUPCTL_WERROR=$werror "${launcher[@]}" ${CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j "$(nproc)" ${BUILD_TARGETS:+--target $BUILD_TARGETS}
