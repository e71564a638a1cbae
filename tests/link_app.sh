#!/usr/bin/env bash
# Put this checkout into the given bench as apps/policy_app (a link, so the bench runs exactly the code
# under test), install it on the site if it is not yet, and migrate. With no site, it only links: the bench's
# apps.txt may name policy_app from an earlier run whose checkout is gone, and Frappe imports every app it
# names, `new-site` included, so the link comes first.
set -euo pipefail
bench=$1 site=${2:-}
repo="$(cd "$(dirname "$0")/.." && pwd)"
target="$bench/apps/policy_app"
if [ "$(readlink -f "$target" 2>/dev/null)" != "$repo" ]; then
	if [ -e "$target" ] && [ ! -L "$target" ]; then mv "$target" "$bench/.policy_app-replaced-$(date +%s)"; fi
	rm -f "$target"
	ln -s "$repo" "$target"
fi
"$bench/env/bin/pip" install -q --disable-pip-version-check -e "$target" >/dev/null 2>&1
"$bench/env/bin/python" -c 'import pytest' 2>/dev/null || "$bench/env/bin/pip" install -q --disable-pip-version-check pytest >/dev/null 2>&1
grep -qx policy_app "$bench/sites/apps.txt" || printf '\npolicy_app\n' >>"$bench/sites/apps.txt"
sed -i '/^$/d' "$bench/sites/apps.txt"
[ -n "$site" ] || exit 0
cd "$bench/sites"
frappe() { ../env/bin/python -m frappe.utils.bench_helper frappe "$@"; }
if ! frappe --site "$site" list-apps 2>/dev/null | grep -q '^policy_app'; then
	frappe --site "$site" install-app policy_app 2>&1 | grep -v "Updating DocTypes" | tail -n 3
fi
frappe --site "$site" migrate 2>&1 | grep -v "Updating DocTypes" | tail -n 2
# a bench built for tests may never have seen its setup wizard; a bureau's real site has
../env/bin/python - "$site" <<'PY'
import sys

import frappe

frappe.init(site=sys.argv[1], sites_path=".")
frappe.connect()
if not frappe.db.get_single_value("System Settings", "setup_complete"):
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	frappe.set_user("Administrator")
	setup_complete({"language": "English", "country": "China", "timezone": "Asia/Shanghai", "currency": "CNY",
					"full_name": "Policy Admin", "email": "policy.admin@example.com", "password": "admin"})
	frappe.db.commit()
	print("setup wizard completed")
frappe.destroy()
PY
