#!/usr/bin/env bash
# The web UI's end-to-end test: installs the pinned npm packages (npm ci), builds web/dist,
# and drives the UI in Debian's headless Chromium against a real `writ serve`.
#
#   scripts/web-e2e.sh [path/to/writ]     (default: build/release/src/cli/writ)
#
# Exit 0 passed, 1 failed, 77 skipped (node, npm or /usr/bin/chromium missing; `make deps`
# installs them).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
writ=${1:-$root/build/release/src/cli/writ}
writ=$(cd "$(dirname "$writ")" && pwd)/$(basename "$writ")
chromium=${CHROMIUM:-/usr/bin/chromium}

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "web-e2e: SKIPPED: $tool is not installed (scripts/install-deps.sh installs nodejs and npm)"
    exit 77
  fi
done
if [ ! -x "$chromium" ]; then
  echo "web-e2e: SKIPPED: no Chromium at $chromium (scripts/install-deps.sh installs chromium)"
  exit 77
fi

cd "$root/web"
# npm ci (the versions pinned in package-lock.json) unless they are installed already.
if ! npm ls --depth=0 >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build >/dev/null
CHROMIUM="$chromium" node e2e/decide-review-report.mjs "$writ"
