#!/usr/bin/env bash
# Browser tier: serve the site on 127.0.0.1 with the bench's own server and drive the desk in
# Debian's headless Chromium through playwright-core.
set -uo pipefail
bench=$1 site=$2
here="$(cd "$(dirname "$0")" && pwd)"
port=${POLICY_APP_TEST_PORT:-8765}
(cd "$here" && npm install --no-audit --no-fund --silent >/dev/null 2>&1) || { echo "browser tier: npm install failed"; exit 1; }
cd "$bench/sites"
../env/bin/python "$here/serve.py" "$site" "$port" >"$here/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 60); do
	curl -s -o /dev/null "http://127.0.0.1:$port/api/method/ping" && break
	sleep 1
done
BASE_URL="http://127.0.0.1:$port" SITE="$site" node --test "$here"/*.test.mjs
