# Shared by the scripts in this folder: say what is happening, and install
# whatever the machine lacks, once, telling the user as it goes.
# shellcheck shell=bash

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say() { printf '\n==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf '\nerror: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The wasm-bindgen version pinned in Cargo.lock; the CLI must match it.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Installing the Rust target wasm32-unknown-unknown (rustup)"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_wasm_pack() {
  if ! command -v wasm-pack >/dev/null; then
    say "Installing wasm-pack from crates.io (about 2 minutes, once)"
    cargo install --locked wasm-pack
  fi
}

# wasm-pack would download wasm-bindgen, which this kind of closed network
# refuses; installing the matching CLI first makes it use ours.
ensure_wasm_bindgen() {
  local want have=""
  want="$(wasm_bindgen_version)"
  if command -v wasm-bindgen >/dev/null; then
    have="$(wasm-bindgen --version | awk '{print $2}')"
  fi
  if [ "$have" != "$want" ]; then
    say "Installing wasm-bindgen-cli $want from crates.io (about 3 minutes, once)"
    # Not --locked: its lock file names a webpki-roots release the registry
    # no longer serves.
    cargo install --force wasm-bindgen-cli --version "$want"
  fi
}

APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "Installing Chromium and ChromeDriver from Debian's packages"
    apt_install chromium chromium-driver
  fi
  export CHROMEDRIVER=/usr/bin/chromedriver
}

ensure_firefox() {
  if [ ! -x /usr/bin/firefox-esr ]; then
    say "Installing Firefox ESR from Debian's packages"
    apt_install firefox-esr
  fi
  if ! command -v geckodriver >/dev/null; then
    say "Installing geckodriver from crates.io (about 1 minute, once)"
    cargo install --locked geckodriver
  fi
  GECKODRIVER="$(command -v geckodriver)"
  export GECKODRIVER
}

ensure_node_modules() {
  command -v npm >/dev/null || die "npm is missing; install Node.js 20 or later"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# Starts the emulator in the background on a free port and sets
# EMULATOR_URL and EMULATOR_PID. Its request log goes to $1.
start_emulator() {
  local log="$1" line="" tries=0
  ./target/debug/legionedge-emulator --port 0 >"$log.out" 2>"$log" &
  EMULATOR_PID=$!
  while [ -z "$line" ]; do
    tries=$((tries + 1))
    [ "$tries" -le 100 ] || die "the emulator did not start; see $log"
    kill -0 "$EMULATOR_PID" 2>/dev/null || die "the emulator exited; see $log"
    sleep 0.1
    line="$(grep -m1 -o 'http://[0-9.]*:[0-9]*' "$log.out" || true)"
  done
  EMULATOR_URL="$line"
}
