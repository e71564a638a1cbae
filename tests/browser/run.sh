#!/usr/bin/env bash
# Browser tier: serve the site on 127.0.0.1 with the bench's own server and drive the desk in
# Debian's headless Chromium through playwright-core.
set -uo pipefail
bench=$1 site=$2
here="$(cd "$(dirname "$0")" && pwd)"
# the files named after the site (all by default), made absolute before the cd below
files=()
for f in "${@:3}"; do files+=("$(realpath "$f")"); done
[ ${#files[@]} -gt 0 ] || files=("$here"/*.test.mjs)
port=${POLICY_APP_TEST_PORT:-8765}
(cd "$here" && npm install --no-audit --no-fund --silent >/dev/null 2>&1) || { echo "browser tier: npm install failed"; exit 1; }
cd "$bench/sites"
frappe_cli() { ../env/bin/python -m frappe.utils.bench_helper frappe "$@"; }
# PDFs (the frozen application) are rendered with wkhtmltopdf, which loads the page's assets from the
# site's host_name: point it at this server for the run, and put it back afterwards
old_host="$(../env/bin/python -c 'import json,sys; print(json.load(open(sys.argv[1])).get("host_name",""))' "$site/site_config.json")"
frappe_cli --site "$site" set-config host_name "http://127.0.0.1:$port" >/dev/null
# the tests make their people as an administrator does, more than Frappe's 60 new users an hour allow
# (frappe.core.doctype.user.user.throttle_user_creation) once the site tier has run: lifted for the run
old_throttle="$(../env/bin/python -c 'import json,sys; print(json.load(open(sys.argv[1])).get("throttle_user_limit",""))' "$site/site_config.json")"
frappe_cli --site "$site" set-config --parse throttle_user_limit 100000 >/dev/null
../env/bin/python "$here/serve.py" "$site" "$port" >"$here/serve.log" 2>&1 &
server=$!
# a queue worker, as a bureau's deployment has: evaluation rounds preview and publish on the queue.
# The site tier's rolled-back tests left notification jobs behind; they would queue ahead of ours
frappe_cli --site "$site" purge-jobs >/dev/null 2>&1
# started directly, not through the shell function, so that $! is the worker itself and the restore
# below stops it (a function in the background is a subshell: killing it left the worker running, and
# a left-over worker runs later site-tier jobs against committed data)
../env/bin/python -m frappe.utils.bench_helper frappe --site "$site" worker --queue long,default,short >"$here/worker.log" 2>&1 &
worker=$!
restore() {
	kill $server $worker 2>/dev/null
	wait $server $worker 2>/dev/null
	if [ -n "$old_host" ]; then frappe_cli --site "$site" set-config host_name "$old_host" >/dev/null
	else frappe_cli --site "$site" remove-from-config host_name >/dev/null 2>&1; fi
	if [ -n "$old_throttle" ]; then frappe_cli --site "$site" set-config --parse throttle_user_limit "$old_throttle" >/dev/null
	else frappe_cli --site "$site" set-config throttle_user_limit None >/dev/null 2>&1; fi
}
trap restore EXIT
for _ in $(seq 60); do
	curl -s -o /dev/null "http://127.0.0.1:$port/api/method/ping" && break
	sleep 1
done
# one file at a time: some files change what the others share (a workflow, a scheme version) and put it back
BASE_URL="http://127.0.0.1:$port" SITE="$site" node --test --test-concurrency=1 "${files[@]}"
