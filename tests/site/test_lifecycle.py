"""The app's life on a fresh site of its own: install, local edits, migrate twice, restore, uninstall.

Runs the Frappe CLI in subprocesses against a scratch site, so it never touches the test site's data.
The scratch site is created from the bench's MariaDB root login (`root_password` in
common_site_config.json, or FRAPPE_DB_ROOT_PASSWORD) and dropped at the end.
"""

import json
import os

import pytest

from bench import frappe_cli, run_on_site
from conftest import BENCH

SCRATCH = "policy-lifecycle.localhost"


def _root_password():
	conf = json.loads((BENCH / "sites" / "common_site_config.json").read_text())
	return os.environ.get("FRAPPE_DB_ROOT_PASSWORD") or conf.get("root_password")


def ok(*args, timeout=900):
	p = frappe_cli(BENCH, *args, timeout=timeout)
	assert p.returncode == 0, f"`{' '.join(args)}` failed:\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}"
	return p.stdout


@pytest.fixture(scope="module")
def scratch_site():
	if not _root_password():
		pytest.skip(
			"lifecycle: no MariaDB root password (root_password in common_site_config.json or FRAPPE_DB_ROOT_PASSWORD)"
		)
	pw = ["--db-root-password", _root_password()]
	if (BENCH / "sites" / SCRATCH).exists():
		frappe_cli(BENCH, "drop-site", SCRATCH, "--no-backup", "--force", *pw)
	ok("new-site", SCRATCH, "--admin-password", "admin", *pw)
	yield SCRATCH
	frappe_cli(BENCH, "drop-site", SCRATCH, "--no-backup", "--force", *pw)


def test_install_edit_migrate_twice_restore_uninstall(scratch_site):
	site = scratch_site
	ok("--site", site, "install-app", "policy_app")
	assert run_on_site(BENCH, site, "result = sorted(frappe.get_all('Policy Scheme', pluck='name'))") == [
		"CQ-BASE",
		"QD-BASE",
		"XX-BASE",
		"XX-INC",
		"XX-JBGS",
		"XX-SVC",
		"ZJ-BASE",
	]

	# an administrator's edits: a cap on a scheme, and Customize Form on an app DocType
	run_on_site(
		BENCH,
		site,
		"""
doc = frappe.get_doc("Policy Scheme", "XX-SVC")
next(r for r in doc.reward_rules if r.code == "svc_operations").per_year_cap = 400000
doc.effective_from = "2026-01-01"
doc.save()
cf = frappe.get_doc("Customize Form")
cf.doc_type = "Applicant Organization"
cf.fetch_to_customize()
for f in cf.fields:
	if f.fieldname == "legal_representative":
		f.reqd = 1
	if f.fieldname == "contact_person":
		f.label = "Handling Officer"
cf.append("fields", {"label": "Staff with Social Insurance", "fieldtype": "Int", "is_custom_field": 1})
cf.save_customization()
""",
	)

	def state():
		return run_on_site(
			BENCH,
			site,
			"""
cap = frappe.db.get_value("Policy Scheme Reward Rule", {"parent": "XX-SVC", "code": "svc_operations"}, "per_year_cap")
meta = frappe.get_meta("Applicant Organization")
result = {
	"cap": float(cap),
	"from": str(frappe.db.get_value("Policy Scheme", "XX-SVC", "effective_from") or ""),
	"reqd": meta.get_field("legal_representative").reqd,
	"label": meta.get_field("contact_person").label,
	"custom": bool(meta.get_field("custom_staff_with_social_insurance")),
	"schemes": frappe.db.count("Policy Scheme"),
}
""",
		)

	edited = {
		"cap": 400000.0,
		"from": "2026-01-01",
		"reqd": 1,
		"label": "Handling Officer",
		"custom": True,
		"schemes": 7,
	}
	assert state() == edited
	ok("--site", site, "migrate")
	assert state() == edited
	ok("--site", site, "migrate")
	assert state() == edited

	out = ok("--site", site, "policy-app-restore", "Policy Scheme", "XX-SVC")
	assert "restored" in out
	# the whole record is back to its shipped content (the shipped XX-SVC has no effective date)
	assert state() == {**edited, "cap": 500000.0, "from": ""}

	# a shipped record deleted by mistake comes back on migrate; other records stay as they are
	run_on_site(BENCH, site, "frappe.delete_doc('Holiday Calendar', 'CN-2024')")
	ok("--site", site, "migrate")
	assert run_on_site(BENCH, site, "result = frappe.db.exists('Holiday Calendar', 'CN-2024')") == "CN-2024"

	ok("--site", site, "uninstall-app", "policy_app", "--yes", "--no-backup")
	gone = run_on_site(
		BENCH,
		site,
		"""
result = {
	"apps": frappe.get_installed_apps(),
	"doctype": frappe.db.exists("DocType", "Policy Scheme"),
	"role": frappe.db.exists("Role", "District Officer"),
}
""",
	)
	assert "policy_app" not in gone["apps"] and not gone["doctype"] and not gone["role"]
