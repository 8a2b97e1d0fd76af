#!/usr/bin/env bash
# Builds the Pulumi CLI used by the end-to-end tests from Pulumi's published Go
# modules, at the release matching the pinned @pulumi/pulumi (3.248.0), and
# installs it into .pulumi-cli/bin (git-ignored):
#
#   pulumi                         github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v3.248.0
#   pulumi-language-nodejs         this repo's stand-in host (scripts/pulumi-cli/langhost-nodejs):
#                                  Pulumi's own host module is refused by the module proxy
#   pulumi-resource-pulumi-nodejs  the dynamic-provider plugin script shipped by @pulumi/pulumi
#
# The module versions are pinned by scripts/pulumi-cli/go.mod and go.sum; see
# docs/decisions/0009-pulumi-cli-from-go-modules.md for why it is built this way.
#
# Usage: scripts/install-pulumi-cli.sh         then: export PATH="$PWD/.pulumi-cli/bin:$PATH"
# Env:   FORCE=1            rebuild even if a matching CLI is installed or on PATH
#        PULUMI_CLI_DIR=d   install into d/bin instead of .pulumi-cli/bin
#        BUILD_NICE=15      niceness of the Go build (the machines are shared)
#        BUILD_PARALLEL=2   go build -p
set -euo pipefail

PULUMI_VERSION=v3.248.0
MIN_GO=1.25.11

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
wrapper="$root/scripts/pulumi-cli"
dest="${PULUMI_CLI_DIR:-$root/.pulumi-cli}/bin"
force="${FORCE:-0}"
nice_level="${BUILD_NICE:-15}"
parallel="${BUILD_PARALLEL:-2}"

log() { printf 'install-pulumi-cli: %s\n' "$*"; }
die() { printf 'install-pulumi-cli: error: %s\n' "$*" >&2; exit 1; }
now() { date +%s; }
t0=$(now)

plugin_src="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

# The dynamic-provider plugin script comes from the installed npm package; copy
# it beside the CLI so the engine finds it as a bundled plugin.
install_plugin_script() {
  [ -f "$plugin_src" ] || die "$plugin_src not found: run 'npm ci' first"
  local sdk_version
  sdk_version="v$(node -p "require('$root/node_modules/@pulumi/pulumi/package.json').version")"
  if [ "$sdk_version" != "$PULUMI_VERSION" ]; then
    log "warning: node_modules has @pulumi/pulumi $sdk_version, the CLI is pinned to $PULUMI_VERSION"
  fi
  if ! cmp -s "$plugin_src" "$dest/pulumi-resource-pulumi-nodejs" 2>/dev/null; then
    cp "$plugin_src" "$dest/pulumi-resource-pulumi-nodejs"
    log "copied pulumi-resource-pulumi-nodejs from @pulumi/pulumi ${sdk_version}"
  fi
  chmod +x "$dest/pulumi-resource-pulumi-nodejs"
}

cli_version() { "$1" version 2>/dev/null | tr -d '[:space:]' || true; }

# 1. A CLI from Pulumi's installer (or an earlier build) already on PATH.
if [ "$force" != 1 ]; then
  if on_path="$(PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$dest" | paste -sd: -)" command -v pulumi 2>/dev/null)"; then
    v="$(cli_version "$on_path")"
    if [ "$v" = "$PULUMI_VERSION" ]; then
      log "pulumi $v is already on PATH at $on_path: nothing to build (FORCE=1 builds anyway)"
      exit 0
    fi
    log "pulumi on PATH at $on_path is '$v', not $PULUMI_VERSION: building a project-local one"
  fi
fi

# 2. Already built here.
if [ "$force" != 1 ] && [ -x "$dest/pulumi" ] && [ -x "$dest/pulumi-language-nodejs" ] \
   && [ "$(cli_version "$dest/pulumi")" = "$PULUMI_VERSION" ]; then
  mkdir -p "$dest"
  install_plugin_script
  log "pulumi $PULUMI_VERSION already installed in $dest ($(( $(now) - t0 ))s): nothing to build (FORCE=1 rebuilds)"
  log "use it with: export PATH=\"$dest:\$PATH\""
  exit 0
fi

# 3. Build.
go_bin="$(command -v go 2>/dev/null || true)"
[ -n "$go_bin" ] || { [ -x /usr/local/go/bin/go ] && go_bin=/usr/local/go/bin/go; } \
  || die "Go >= $MIN_GO is required (not found on PATH or in /usr/local/go/bin)"
go_version="$("$go_bin" env GOVERSION)"; go_version="${go_version#go}"
if [ "$(printf '%s\n%s\n' "$MIN_GO" "$go_version" | sort -V | head -n1)" != "$MIN_GO" ]; then
  die "Go >= $MIN_GO is required to build pulumi $PULUMI_VERSION; found $go_version at $go_bin"
fi

mkdir -p "$dest"
export GOTOOLCHAIN=local
# go.mod and go.sum pin every module; never re-resolve or edit them here.
export GOFLAGS="${GOFLAGS:-} -mod=readonly -trimpath"
ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"

log "building with go $go_version (nice $nice_level, -p $parallel); cold builds take 10-15 minutes on 2 cores"
cd "$wrapper"

t=$(now)
"$go_bin" mod download
log "modules ready ($(( $(now) - t ))s)"

t=$(now)
nice -n "$nice_level" "$go_bin" build -p "$parallel" -ldflags "$ldflags" \
  -o "$dest/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
mv "$dest/pulumi.tmp" "$dest/pulumi"
log "built pulumi ($(( $(now) - t ))s)"

t=$(now)
nice -n "$nice_level" "$go_bin" build -p "$parallel" -ldflags "-X main.version=${PULUMI_VERSION#v}" \
  -o "$dest/pulumi-language-nodejs.tmp" ./langhost-nodejs
mv "$dest/pulumi-language-nodejs.tmp" "$dest/pulumi-language-nodejs"
log "built pulumi-language-nodejs (stand-in host) ($(( $(now) - t ))s)"

install_plugin_script

v="$(cli_version "$dest/pulumi")"
[ "$v" = "$PULUMI_VERSION" ] || die "built pulumi reports version '$v', expected $PULUMI_VERSION"
log "installed pulumi $v into $dest in $(( $(now) - t0 ))s"
log "use it with: export PATH=\"$dest:\$PATH\""
