#!/usr/bin/env bash
# Install a released prepbook binary: download the archive for this machine from the GitHub
# release, check it against the release's SHA256SUMS, and put `prepbook` in a folder on the PATH.
#
# Used by the composite action (action.yml) and the Pages workflow `prepbook init` writes; it
# works on a laptop too:  bash install.sh --version 0.1.0 [--to ~/.local/bin]
#
# A download that fails (no release yet, no archive for this machine, no network) falls back to
# `cargo install --locked prepbook`, unless PREPBOOK_NO_FALLBACK=1. An archive whose checksum does
# not match, or that SHA256SUMS does not list, is refused, never installed, and never "fixed" by
# the fallback: that is a corrupted or tampered release, and it needs a person.
#
# Environment (flags win):
#   PREPBOOK_VERSION      the version to install, e.g. 0.1.0 (required)
#   PREPBOOK_INSTALL_DIR  where to put the binary [~/.local/bin; $RUNNER_TEMP/prepbook/bin in CI]
#   PREPBOOK_REPO         owner/name of the GitHub repository [prepbook/prepbook]
#   PREPBOOK_BASE_URL     the releases' download URL [https://github.com/$PREPBOOK_REPO/releases/download]
#   PREPBOOK_TARGET       the Rust target triple of the archive [this machine's]
#   PREPBOOK_NO_FALLBACK  1: fail instead of building with cargo
set -euo pipefail

version="${PREPBOOK_VERSION:-}"
dir="${PREPBOOK_INSTALL_DIR:-}"
target="${PREPBOOK_TARGET:-}"
repo="${PREPBOOK_REPO:-prepbook/prepbook}"
print_target=0
while (($#)); do
  case "$1" in
    --version) version="${2:?--version needs a value}"; shift 2 ;;
    --to) dir="${2:?--to needs a folder}"; shift 2 ;;
    --target) target="${2:?--target needs a triple}"; shift 2 ;;
    --print-target) print_target=1; shift ;;
    *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
version="${version#v}"
base="${PREPBOOK_BASE_URL:-https://github.com/$repo/releases/download}"

say() { echo "install.sh: $*" >&2; }

# The release's name for this machine: static musl binaries on Linux, both Mac architectures,
# and Windows on x86_64.
detect_target() {
  local os arch
  os="$(uname -s)"
  arch="$(uname -m)"
  case "$arch" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) return 1 ;;
  esac
  case "$os" in
    Linux) echo "$arch-unknown-linux-musl" ;;
    Darwin) echo "$arch-apple-darwin" ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT) [ "$arch" = x86_64 ] && echo "x86_64-pc-windows-msvc" ;;
    *) return 1 ;;
  esac
}

if [ -z "$target" ]; then
  target="$(detect_target || true)"
fi
if ((print_target)); then
  echo "${target:-unknown}"
  exit 0
fi
if [ -z "$version" ]; then
  say "say which version to install: --version X.Y.Z (or PREPBOOK_VERSION)"
  exit 2
fi
if [ -z "$dir" ]; then
  if [ -n "${RUNNER_TEMP:-}" ]; then dir="$RUNNER_TEMP/prepbook/bin"; else dir="$HOME/.local/bin"; fi
fi

fallback() {
  say "$1"
  if [ "${PREPBOOK_NO_FALLBACK:-}" = 1 ]; then
    say "no fallback (PREPBOOK_NO_FALLBACK=1)"
    exit 1
  fi
  if ! command -v cargo >/dev/null; then
    say "and cargo is not installed to build it instead (https://rustup.rs)"
    exit 1
  fi
  say "building prepbook $version with cargo install --locked instead (a few minutes)"
  # Called after `||`, where `set -e` does not apply: every step checks for itself.
  cargo install --locked --version "$version" --root "$work/cargo" prepbook >&2 ||
    { say "cargo install failed"; exit 1; }
  put "$work/cargo/bin/$exe"
  exit 0
}

# Install the binary at $1 into $dir, put $dir on the job's PATH, and show its version.
put() {
  mkdir -p "$dir" || exit 1
  cp "$1" "$dir/$exe" && chmod 755 "$dir/$exe" || exit 1
  if [ -n "${GITHUB_PATH:-}" ]; then echo "$dir" >>"$GITHUB_PATH"; fi
  "$dir/$exe" --version || exit 1
}

download() {
  if command -v curl >/dev/null; then
    curl --proto '=https,http' -fsSL --retry 3 -o "$2" "$1"
  else
    wget -q -O "$2" "$1"
  fi
}

sha256() {
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
case "$target" in
  *windows*) archive="prepbook-v$version-$target.zip"; exe=prepbook.exe ;;
  *) archive="prepbook-v$version-$target.tar.gz"; exe=prepbook ;;
esac
[ -n "$target" ] || fallback "no prepbook release is built for $(uname -s) $(uname -m)"
url="$base/v$version"
download "$url/$archive" "$work/$archive" 2>/dev/null ||
  fallback "could not download $url/$archive"
download "$url/SHA256SUMS" "$work/SHA256SUMS" 2>/dev/null ||
  fallback "could not download $url/SHA256SUMS"

# From here on a problem is the release's, not the network's: refuse, never fall back.
expected="$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1; exit }' "$work/SHA256SUMS")"
if [ -z "$expected" ]; then
  say "refusing $archive: SHA256SUMS of v$version does not list it"
  exit 1
fi
actual="$(sha256 "$work/$archive")"
if [ "$actual" != "$expected" ]; then
  say "refusing $archive: its SHA-256 is $actual, but SHA256SUMS says $expected (a corrupted or tampered download); nothing was installed"
  exit 1
fi
mkdir -p "$work/unpacked"
case "$archive" in
  # Git Bash on Windows may lack unzip; its tar (bsdtar) reads zip archives.
  *.zip) unzip -q "$work/$archive" -d "$work/unpacked" 2>/dev/null ||
    tar -xf "$work/$archive" -C "$work/unpacked" ;;
  *) tar -xzf "$work/$archive" -C "$work/unpacked" ;;
esac
if [ ! -f "$work/unpacked/$exe" ]; then
  say "refusing $archive: it holds no $exe"
  exit 1
fi
say "installing prepbook $version ($target) in $dir, SHA-256 checked"
put "$work/unpacked/$exe"
