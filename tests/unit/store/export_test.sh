#!/usr/bin/env bash
# `writ log export` can be checked without Writ: check_export.py recomputes the chain with
# Python's hashlib, accepts an untouched export and names the entry of a changed one.
# Usage: export_test.sh WRIT_BINARY
set -euo pipefail
writ=$1
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
for role in admin officer analyst; do "$writ" token create --role "$role" --agency nyc-doc >/dev/null; done
"$writ" token revoke "$("$writ" token list | awk 'NR==2 {print $1}')" >/dev/null
"$writ" log export -o export.jsonl
python3 "$here/check_export.py" export.jsonl
# Change one field of entry 3 in the export: the checker must name it.
sed -i '4s/"role":\\"officer\\"/"role":\\"admin\\"/; 4s/"actor_role":"admin"/"actor_role":"root"/' export.jsonl
if out=$(python3 "$here/check_export.py" export.jsonl); then
  echo "a changed export was accepted" >&2
  exit 1
fi
echo "$out"
case "$out" in *"entry 3 "*) ;; *) echo "expected entry 3 to be named" >&2; exit 1 ;; esac
