#!/usr/bin/env bash
# Installs the Debian packages Writ builds and tests with, if any is missing.
# Safe to run repeatedly; does nothing when everything is present.
set -euo pipefail
pkgs=(g++ cmake ninja-build pkg-config make clang clang-format clang-tidy libclang-rt-14-dev
      libcli11-dev libfmt-dev nlohmann-json3-dev libsimdjson-dev libmd4c-dev libmd4c-html0-dev libsodium-dev
      libhowardhinnant-date-dev tzdata libgtest-dev libgmock-dev libbenchmark-dev
      libsqlite3-dev libpqxx-dev postgresql libcpp-httplib-dev
      libz3-dev
      wrk
      chromium)
# Node.js and npm for the web UI (web/) and its end-to-end test: Debian's packages, unless a
# node and npm are already installed (e.g. NodeSource's nodejs, which bundles npm and conflicts
# with Debian's npm package).
command -v node >/dev/null || pkgs+=(nodejs)
command -v npm >/dev/null || pkgs+=(npm)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "writ: installing missing packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The Cedar comparison benchmark (bench/cedar): the npm package pinned in its package-lock.json,
# when node and npm are present (not needed to build or run Writ).
cedar="$(dirname "$0")/../bench/cedar"
if command -v npm >/dev/null && [ -f "$cedar/package-lock.json" ] &&
   [ ! -d "$cedar/node_modules/@cedar-policy/cedar-wasm" ]; then
  (cd "$cedar" && npm ci --no-audit --no-fund --silent)
fi
