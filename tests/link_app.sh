#!/usr/bin/env bash
# Put this checkout into the given bench as apps/policy_app (a link, so the bench runs exactly the code
# under test), install it on the site if it is not yet, and migrate.
set -euo pipefail
bench=$1 site=$2
repo="$(cd "$(dirname "$0")/.." && pwd)"
target="$bench/apps/policy_app"
if [ "$(readlink -f "$target" 2>/dev/null)" != "$repo" ]; then
	if [ -e "$target" ] && [ ! -L "$target" ]; then mv "$target" "$bench/.policy_app-replaced-$(date +%s)"; fi
	rm -f "$target"
	ln -s "$repo" "$target"
fi
"$bench/env/bin/pip" install -q --disable-pip-version-check -e "$target" >/dev/null
"$bench/env/bin/python" -c 'import pytest' 2>/dev/null || "$bench/env/bin/pip" install -q --disable-pip-version-check pytest >/dev/null
grep -qx policy_app "$bench/sites/apps.txt" || printf '\npolicy_app\n' >>"$bench/sites/apps.txt"
sed -i '/^$/d' "$bench/sites/apps.txt"
cd "$bench/sites"
frappe() { ../env/bin/python -m frappe.utils.bench_helper frappe "$@"; }
if ! frappe --site "$site" list-apps 2>/dev/null | grep -q '^policy_app'; then
	frappe --site "$site" install-app policy_app | tail -n 3
fi
frappe --site "$site" migrate 2>&1 | tail -n 2
