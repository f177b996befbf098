#!/usr/bin/env bash
# Sets up and builds backupctl, then runs the main job on an example tree
# against the local emulated AWS Backup account: validate, plan, apply, and
# plan again (which must show no changes).
#   scripts/demo.sh [TREE]        (default: examples/production)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
bin=build/backupctl
tree=${1:-examples/production}
# A fresh account for every run, so the demo always starts from nothing.
state=$(mktemp -d)/state.json
trap 'rm -rf "$(dirname "$state")"' EXIT

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
step backupctl validate "$tree"
"$bin" validate "$tree"
step backupctl plan "$tree"
"$bin" plan "$tree" --state "$state" --detailed-exitcode && rc=0 || rc=$?
[ "$rc" = 2 ] || { echo "demo: expected pending changes (exit 2), got $rc" >&2; exit 1; }
step backupctl apply "$tree"
"$bin" apply "$tree" --state "$state"
step backupctl plan "$tree"
"$bin" plan "$tree" --state "$state" --detailed-exitcode
echo
echo "demo: converged; the second plan shows no changes."
