"""The app as installed on the site: records loaded, patches found, fixtures read in place."""

import json
import os
from pathlib import Path

import frappe

REPO = Path(__file__).resolve().parents[2]


def test_shipped_records_are_loaded():
	codes = set(frappe.get_all("Policy Scheme", pluck="name"))
	assert {"XX-BASE", "ZJ-BASE", "CQ-BASE", "QD-BASE", "XX-JBGS", "XX-SVC", "XX-INC"} <= codes
	assert {"CN-2024", "CN-2025", "CN-2026"} <= set(frappe.get_all("Holiday Calendar", pluck="name"))
	for role in (
		"Policy Applicant",
		"District Officer",
		"Bureau Officer",
		"Policy Expert",
		"Bureau Leader",
		"Third-Party Reviewer",
		"Finance Officer",
		"Policy Administrator",
	):
		assert frappe.db.exists("Role", role)
		assert frappe.db.exists("Role Profile", f"{role} Profile")
	assert frappe.db.get_value("District", "沣东新城", "parent_district") == "西咸新区科技创新和新经济局"
	# an applicant is a website user (the portal); the desk is given by Applicant Desk Access alone
	assert frappe.db.get_value("Role", "Policy Applicant", "desk_access") == 0
	assert frappe.db.get_value("Role", "Applicant Desk Access", "desk_access") == 1
	assert frappe.db.get_value("Role", "District Officer", "desk_access") == 1


def test_scheme_record_matches_its_fixture():
	fixture = json.loads((REPO / "fixtures" / "schemes" / "xx_base.json").read_text())
	doc = frappe.get_doc("Policy Scheme", "XX-BASE")
	assert len(doc.rubric_items) == len(fixture["rubric_items"])
	band = {b.grade: b for b in doc.grade_bands}
	assert band["excellent"].min_score == 80
	assert doc.quotas[0].percent == 40
	assert str(doc.effective_from) == "2023-10-01"


def test_fixtures_and_patches_are_read_from_the_top_level_folders():
	app_fixtures = Path(frappe.get_app_path("policy_app", "fixtures")).resolve()
	assert app_fixtures.name == "fixtures" and (app_fixtures / "schemes").is_dir()
	assert app_fixtures.parent == Path(frappe.get_app_path("policy_app", "..")).resolve()
	import policy_app.patches.v0_1.backfill_shipped_hash as patch

	assert Path(patch.__file__).resolve().parent.parent.parent.name != "policy_app" or os.path.islink(
		frappe.get_app_path("policy_app", "patches")
	)
	listed = [
		line.strip()
		for line in Path(frappe.get_app_path("policy_app", "patches.txt")).read_text().splitlines()
		if line.strip() and not line.startswith(("#", "["))
	]
	for p in listed:
		assert frappe.db.exists("Patch Log", {"patch": p}), f"{p} was not run by migrate"


def test_doctypes_belong_to_the_app_modules():
	for dt, module in (
		("Policy Scheme", "Policy Setup"),
		("Holiday Calendar", "Policy Setup"),
		("Applicant Organization", "Organizations"),
		("District", "Organizations"),
	):
		assert frappe.db.get_value("DocType", dt, "module") == module
		assert frappe.db.get_value("Module Def", module, "app_name") == "policy_app"


def test_every_label_has_a_chinese_translation():
	from frappe.translate import get_translations_from_apps

	# the app's rows (a label of its own in its DocType's context, as Frappe's forms look it up) or,
	# for a word Frappe already translates the same (Code, Description…), Frappe's own
	translations = get_translations_from_apps("zh", apps=["policy_app"])
	frappe_words = get_translations_from_apps("zh", apps=["frappe"])
	for dt in frappe.get_all(
		"DocType", filters={"module": ["in", frappe.get_module_list("policy_app")]}, pluck="name"
	):
		meta = frappe.get_meta(dt)
		assert dt in translations, dt
		for df in meta.fields:
			if df.label and df.fieldtype not in ("Column Break",):
				assert (
					df.label in translations or f"{df.label}:{dt}" in translations or df.label in frappe_words
				), f"{dt}.{df.fieldname}: {df.label}"
