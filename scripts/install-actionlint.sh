#!/usr/bin/env bash
# Builds actionlint (github.com/rhysd/actionlint v1.7.12, pinned by scripts/actionlint/go.mod and go.sum)
# into .pulumi-cli/bin beside the Pulumi CLI (git-ignored). It lints examples/github-actions/*.yml in
# `npm test` (test/examples/github-actions-lint.test.ts). Skipped when already built.
# Exit status 3 means Go is not installed (the lint test then skips, saying so).
#
# Usage: bash scripts/install-actionlint.sh
# Env:   FORCE=1            rebuild even if actionlint v1.7.12 is installed
#        PULUMI_CLI_DIR=d   install into d/bin instead of .pulumi-cli/bin
#        BUILD_NICE=15      niceness of the Go build (the machines are shared)
#        BUILD_PARALLEL=2   go build -p
set -euo pipefail

ACTIONLINT_VERSION=1.7.12

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${PULUMI_CLI_DIR:-$root/.pulumi-cli}/bin"
force="${FORCE:-0}"
nice_level="${BUILD_NICE:-15}"
parallel="${BUILD_PARALLEL:-2}"

log() { printf 'install-actionlint: %s\n' "$*"; }
die() { printf 'install-actionlint: error: %s\n' "$*" >&2; exit 1; }
t0=$(date +%s)

installed_version() { "$dest/actionlint" -version 2>/dev/null | head -n1 | tr -d '[:space:]' || true; }

if [ "$force" != 1 ] && [ -x "$dest/actionlint" ] && [ "$(installed_version)" = "$ACTIONLINT_VERSION" ]; then
  log "actionlint $ACTIONLINT_VERSION already installed in $dest: nothing to build (FORCE=1 rebuilds)"
  exit 0
fi

go_bin="$(command -v go 2>/dev/null || true)"
if [ -z "$go_bin" ] && [ -x /usr/local/go/bin/go ]; then go_bin=/usr/local/go/bin/go; fi
if [ -z "$go_bin" ]; then
  printf 'install-actionlint: Go not found (on PATH or in /usr/local/go/bin): cannot build actionlint\n' >&2
  exit 3
fi

mkdir -p "$dest"
export GOTOOLCHAIN=local
# go.mod and go.sum pin every module; never re-resolve or edit them here.
export GOFLAGS="${GOFLAGS:-} -mod=readonly -trimpath"
cd "$root/scripts/actionlint"
# actionlint's Makefile stamps the version the same way; without it `-version` prints "(devel)".
nice -n "$nice_level" "$go_bin" build -p "$parallel" \
  -ldflags "-X github.com/rhysd/actionlint.version=$ACTIONLINT_VERSION" \
  -o "$dest/actionlint.tmp" github.com/rhysd/actionlint/cmd/actionlint
mv "$dest/actionlint.tmp" "$dest/actionlint"

v="$(installed_version)"
[ "$v" = "$ACTIONLINT_VERSION" ] || die "built actionlint reports version '$v', expected $ACTIONLINT_VERSION"
log "installed actionlint $v into $dest in $(( $(date +%s) - t0 ))s"
