#!/usr/bin/env bash
# Builds the Pulumi CLI used by the end-to-end tests from Pulumi's published Go
# modules, at the release matching the pinned @pulumi/pulumi (3.248.0), and
# installs it into .pulumi-cli/bin (git-ignored):
#
#   pulumi                         github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v3.248.0
#   pulumi-language-nodejs         this repo's stand-in host (scripts/pulumi-cli/langhost-nodejs):
#                                  Pulumi's own host module is refused by the module proxy
#   pulumi-resource-pulumi-nodejs  the dynamic-provider plugin script shipped by @pulumi/pulumi
#   pulumi-language-yaml           github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v1.25.0, Pulumi's
#                                  YAML language host (for examples/yaml and the native provider's e2e)
#   pulumi-language-python,        this repo's stand-ins for the SDK generation of Pulumi's Python and Go hosts
#   pulumi-language-go             (scripts/pulumi-cli/langhost-codegen: pkg/v3's codegen/python and codegen/go),
#                                  for `pulumi package gen-sdk`; the real hosts' modules are refused too
#
# The module versions are pinned by scripts/pulumi-cli/go.mod and go.sum (the CLI) and by
# scripts/pulumi-yaml/go.mod and go.sum (the YAML host, which requires pkg/v3 v3.206.0: its own module, so
# that neither build moves the other's Pulumi version). See docs/decisions/0009-pulumi-cli-from-go-modules.md
# and docs/decisions/0029-yaml-language-host-and-e2e.md.
#
# Usage: scripts/install-pulumi-cli.sh         then: export PATH="$PWD/.pulumi-cli/bin:$PATH"
# Env:   FORCE=1            rebuild even if a matching CLI is installed or on PATH
#        PULUMI_CLI_DIR=d   install into d/bin instead of .pulumi-cli/bin
#        BUILD_NICE=15      niceness of the Go build (the machines are shared)
#        BUILD_PARALLEL=2   go build -p
set -euo pipefail

PULUMI_VERSION=v3.248.0
YAML_VERSION=v1.25.0
YAML_MODULE=github.com/pulumi/pulumi-yaml
MIN_GO=1.25.11

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
wrapper="$root/scripts/pulumi-cli"
yaml_wrapper="$root/scripts/pulumi-yaml"
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

# The Go toolchain's path, or nothing.
find_go() { command -v go 2>/dev/null || { [ -x /usr/local/go/bin/go ] && echo /usr/local/go/bin/go; } || true; }

go_bin=""
# Go is needed only to build; a missing or old Go is an error only then.
require_go() {
  [ -n "$go_bin" ] && return 0
  go_bin="$(find_go)"
  [ -n "$go_bin" ] || die "Go >= $MIN_GO is required (not found on PATH or in /usr/local/go/bin)"
  local go_version
  go_version="$("$go_bin" env GOVERSION)"; go_version="${go_version#go}"
  if [ "$(printf '%s\n%s\n' "$MIN_GO" "$go_version" | sort -V | head -n1)" != "$MIN_GO" ]; then
    die "Go >= $MIN_GO is required to build pulumi $PULUMI_VERSION; found $go_version at $go_bin"
  fi
  export GOTOOLCHAIN=local
  # go.mod and go.sum pin every module; never re-resolve or edit them here.
  export GOFLAGS="${GOFLAGS:-} -mod=readonly -trimpath"
  log "building with go $go_version (nice $nice_level, -p $parallel)"
}

# The version of module $2 that the binary $1 records in its Go build info (empty without Go).
built_module_version() {
  local go_cmd
  go_cmd="$(find_go)"
  [ -n "$go_cmd" ] && [ -x "$1" ] || return 0
  "$go_cmd" version -m "$1" 2>/dev/null | awk -v m="$2" '($1 == "mod" || $1 == "dep") && $2 == m { print $3; exit }'
}

build_cli() {
  # 1. A CLI from Pulumi's installer (or an earlier build) already on PATH.
  if [ "$force" != 1 ]; then
    if on_path="$(PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$dest" | paste -sd: -)" command -v pulumi 2>/dev/null)"; then
      v="$(cli_version "$on_path")"
      if [ "$v" = "$PULUMI_VERSION" ]; then
        log "pulumi $v is already on PATH at $on_path: nothing to build (FORCE=1 builds anyway)"
        return 0
      fi
      log "pulumi on PATH at $on_path is '$v', not $PULUMI_VERSION: building a project-local one"
    fi
  fi

  # 2. Already built here.
  if [ "$force" != 1 ] && [ -x "$dest/pulumi" ] && [ -x "$dest/pulumi-language-nodejs" ] \
     && [ "$(cli_version "$dest/pulumi")" = "$PULUMI_VERSION" ]; then
    install_plugin_script
    log "pulumi $PULUMI_VERSION already installed in $dest: nothing to build (FORCE=1 rebuilds)"
    return 0
  fi

  # 3. Build (cold: 10-15 minutes on 2 cores).
  require_go
  local ldflags t
  ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"
  (
    cd "$wrapper"
    t=$(now)
    "$go_bin" mod download
    log "CLI modules ready ($(( $(now) - t ))s)"

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
  )

  install_plugin_script

  local v
  v="$(cli_version "$dest/pulumi")"
  [ "$v" = "$PULUMI_VERSION" ] || die "built pulumi reports version '$v', expected $PULUMI_VERSION"
  log "installed pulumi $v into $dest"
}

# Pulumi's YAML language host, always project-local: the e2e tests run it from $dest beside the CLI.
build_yaml_host() {
  local target="$dest/pulumi-language-yaml" have t
  have="$(built_module_version "$target" "$YAML_MODULE")"
  if [ "$force" != 1 ] && [ -x "$target" ]; then
    if [ "$have" = "$YAML_VERSION" ]; then
      log "pulumi-language-yaml $YAML_VERSION already installed in $dest: nothing to build (FORCE=1 rebuilds)"
      return 0
    elif [ -z "$(find_go)" ]; then
      log "pulumi-language-yaml is installed in $dest; without Go its version cannot be checked: keeping it"
      return 0
    fi
    log "pulumi-language-yaml in $dest is '${have:-unknown}', not $YAML_VERSION: rebuilding"
  fi

  # Cold: 3-6 minutes on 2 cores (pkg/v3 v3.206.0 is compiled apart from the CLI's v3.248.0).
  require_go
  (
    cd "$yaml_wrapper"
    t=$(now)
    "$go_bin" mod download
    log "YAML host modules ready ($(( $(now) - t ))s)"

    t=$(now)
    nice -n "$nice_level" "$go_bin" build -p "$parallel" \
      -ldflags "-X $YAML_MODULE/pkg/version.Version=${YAML_VERSION#v}" \
      -o "$target.tmp" "$YAML_MODULE/cmd/pulumi-language-yaml"
    mv "$target.tmp" "$target"
    log "built pulumi-language-yaml $YAML_VERSION ($(( $(now) - t ))s)"
  )
  have="$(built_module_version "$target" "$YAML_MODULE")"
  [ "$have" = "$YAML_VERSION" ] || die "built pulumi-language-yaml records $YAML_MODULE '$have', expected $YAML_VERSION"
}

# Stand-ins for the SDK generation of Pulumi's Python and Go hosts (`pulumi package gen-sdk`), from the CLI's
# module: always project-local, like the YAML host.
build_codegen_hosts() {
  local language target have t
  for language in python go; do
    target="$dest/pulumi-language-$language"
    have="$(built_module_version "$target" github.com/pulumi/pulumi/pkg/v3)"
    if [ "$force" != 1 ] && [ -x "$target" ] && { [ "$have" = "$PULUMI_VERSION" ] || [ -z "$(find_go)" ]; }; then
      log "pulumi-language-$language (stand-in for gen-sdk) already installed in $dest: nothing to build"
      continue
    fi
    require_go
    t=$(now)
    (
      cd "$wrapper"
      nice -n "$nice_level" "$go_bin" build -p "$parallel" \
        -ldflags "-X main.language=$language -X main.version=${PULUMI_VERSION#v}" \
        -o "$target.tmp" ./langhost-codegen
      mv "$target.tmp" "$target"
    )
    log "built pulumi-language-$language (stand-in for gen-sdk) ($(( $(now) - t ))s)"
  done
}

mkdir -p "$dest"
build_cli
build_yaml_host
build_codegen_hosts
log "done in $(( $(now) - t0 ))s; use it with: export PATH=\"$dest:\$PATH\""
