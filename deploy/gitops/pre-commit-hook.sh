#!/bin/sh
# git pre-commit hook: refuse a commit whose backupctl tree does not validate.
# Install: cp deploy/gitops/pre-commit-hook.sh .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
# (or, with the pre-commit framework, see pre-commit-config.yaml next to this file).
# TREE: the tree's folder in the repository (default: backup).
set -eu
tree=${TREE:-backup}
if ! git diff --cached --name-only -- "$tree" | grep -q .; then
  exit 0  # nothing staged under the tree
fi
# Validate what is staged, not the working copy: export the index to a temp dir.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git checkout-index --all --prefix="$tmp/"
exec backupctl validate "$tmp/$tree"
