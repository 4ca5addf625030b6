#!/usr/bin/env bash
# Cross-compiles orgsim into static binaries for people without Go: Linux,
# macOS and Windows, each for amd64 and arm64.
#
#   scripts/build-binaries.sh                 # into dist/
#   scripts/build-binaries.sh -o /tmp/rel     # into another folder
#   ORGSIM_VERSION=0.3.0-rc1 scripts/build-binaries.sh
#   TARGETS="linux/amd64 windows/amd64" scripts/build-binaries.sh
#
# Each binary is built with CGO_ENABLED=0 (no C library needed: one file
# that runs as it is) and -trimpath, and is stamped with -ldflags -X:
# main.Version (the version in cmd/orgsim/main.go, or $ORGSIM_VERSION) and
# main.buildRevision (the git commit, its date, and "with uncommitted
# changes" when the tree differs from it), which `orgsim version` prints.
# The folder gets orgsim-VERSION-OS-ARCH (.exe on Windows) and SHA256SUMS.
# A binary for this machine's own OS and architecture is run once to check
# that it prints the stamped version.
set -euo pipefail
cd "$(dirname "$0")/.."

out=dist
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-binaries.sh: unknown argument $1 (allowed: -o DIR)" >&2; exit 2 ;;
  esac
done

version="${ORGSIM_VERSION:-$(sed -n 's/^var Version = "\(.*\)"$/\1/p' cmd/orgsim/main.go)}"
if [ -z "$version" ]; then
  echo "build-binaries.sh: no version found in cmd/orgsim/main.go (var Version = \"…\")" >&2
  exit 1
fi
revision="unknown (not built from a git checkout)"
if git rev-parse --verify -q HEAD > /dev/null 2>&1; then
  revision="$(git log -1 --format='%H %cI')"
  if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    revision="$revision (with uncommitted changes)"
  fi
fi
targets="${TARGETS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64}"

mkdir -p "$out"
rm -f "$out"/orgsim-"$version"-* "$out"/SHA256SUMS
ldflags="-s -w -X 'main.Version=$version' -X 'main.buildRevision=$revision'"
hostos="$(go env GOHOSTOS)"
hostarch="$(go env GOHOSTARCH)"
for target in $targets; do
  goos="${target%/*}"
  goarch="${target#*/}"
  name="orgsim-$version-$goos-$goarch"
  [ "$goos" = windows ] && name="$name.exe"
  echo "building $name"
  CGO_ENABLED=0 GOOS="$goos" GOARCH="$goarch" \
    go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$out/$name" ./cmd/orgsim
  if [ "$goos" = "$hostos" ] && [ "$goarch" = "$hostarch" ]; then
    got="$("$out/$name" version | head -n 1)"
    if [ "$got" != "orgsim $version" ]; then
      echo "build-binaries.sh: $name prints \"$got\", want \"orgsim $version\"" >&2
      exit 1
    fi
    "$out/$name" version | grep -qF "revision: $revision" || {
      echo "build-binaries.sh: $name does not print the revision $revision" >&2
      exit 1
    }
  fi
done
(cd "$out" && sha256sum orgsim-"$version"-* > SHA256SUMS)
echo "wrote $(echo "$targets" | wc -w) binaries and SHA256SUMS to $out/"
