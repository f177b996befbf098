#!/usr/bin/env bash
# Installs what backupctl needs, builds only the backupctl binary, then runs
# the main job on an example tree against the local emulated AWS Backup
# account: validate, plan, apply, and plan again (which must show no changes).
#   scripts/demo.sh [TREE]        (default: examples/production)
# A step that fails is named, with the last lines of its output, and the
# demo exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

fail() {
  echo >&2
  echo "demo: step '$1' failed (exit $2)." >&2
  exit 1
}

SETUP_FOR=demo BUILD_TARGETS=backupctl scripts/setup.sh || fail "install and build" $?
bin=build/backupctl
tree=${1:-examples/production}
[ -d "$tree" ] || { echo "demo: no tree at $tree" >&2; exit 1; }
echo "demo: built $bin ($(du -h "$bin" | cut -f1), stripped; debug info in $bin.debug)" \
  "in $((SECONDS - started)) s"

# A fresh account for every run, so the demo always starts from nothing.
work=$(mktemp -d)
state=$work/state.json
trap 'rm -rf "$work"' EXIT

# Runs one demo step: shows the command and its output; a failure names the
# step and shows its last lines again (they may have scrolled past).
step() {
  local name=$1 expect=$2
  shift 2
  printf '\n\033[1m$ backupctl %s\033[0m\n' "$name"
  set +e
  "$@" 2>&1 | tee "$work/step.log"
  local rc=${PIPESTATUS[0]}
  set -e
  if [ "$rc" != "$expect" ]; then
    echo >&2
    echo "demo: step 'backupctl $name' exited $rc (expected $expect); its last lines:" >&2
    tail -n 20 "$work/step.log" | sed 's/^/  | /' >&2
    exit 1
  fi
}

step "validate $tree" 0 "$bin" validate "$tree"
# --detailed-exitcode: 2 means changes are pending, which a fresh account must have.
step "plan $tree" 2 "$bin" plan "$tree" --state "$state" --detailed-exitcode
step "apply $tree" 0 "$bin" apply "$tree" --state "$state"
step "plan $tree" 0 "$bin" plan "$tree" --state "$state" --detailed-exitcode
echo
echo "demo: converged; the second plan shows no changes ($((SECONDS - started)) s in all)."
