"""The app's own files, checked without a site: DocTypes mirror the engine's models, every label and
message has its Chinese translation, and the packaging keeps tests and patches out of the top level."""

from __future__ import annotations

import ast
import csv
import json
import re
from pathlib import Path

from policy_app.engine.calendar import CalendarDay, HolidayCalendar
from policy_app.engine.models import TABLES, Scheme

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "policy_app"
LAYOUT = {"Column Break", "Section Break", "Tab Break"}


def doctype(name: str) -> dict:
	folder = name.lower().replace(" ", "_").replace("-", "_")
	(path,) = APP.glob(f"*/doctype/{folder}/{folder}.json")
	return json.loads(path.read_text(encoding="utf-8"))


def fieldnames(doc: dict) -> set[str]:
	return {f["fieldname"] for f in doc["fields"] if f["fieldtype"] not in LAYOUT}


def test_policy_scheme_doctype_mirrors_the_engine_model():
	parent = doctype("Policy Scheme")
	virtual = {f["fieldname"] for f in parent["fields"] if f.get("is_virtual")}
	# which record a version amends and whether it is in force are the site's bookkeeping, not rules
	bookkeeping = {"shipped_hash", "version_of", "version_status"}
	assert fieldnames(parent) - bookkeeping - virtual == set(Scheme.model_fields)
	# a virtual field shows what the engine computes from the stored ones (有效期至: Scheme.effective_to)
	assert virtual == {"effective_to"}
	assert all(isinstance(getattr(Scheme, f), property) for f in virtual)
	tables = {f["fieldname"]: f["options"] for f in parent["fields"] if f["fieldtype"] == "Table"}
	assert set(tables) == set(TABLES)
	for table, model in TABLES.items():
		child = doctype(tables[table])
		assert child.get("istable") == 1
		assert fieldnames(child) == set(model.model_fields), table
		for f in child["fields"]:
			if f["fieldname"] in model.ZERO_IS_UNSET:
				assert "0 =" in f.get("description", ""), f"{table}.{f['fieldname']} must say what 0 means"


def test_holiday_calendar_doctype_mirrors_the_engine_model():
	assert fieldnames(doctype("Holiday Calendar")) - {"shipped_hash"} == set(HolidayCalendar.model_fields)
	assert fieldnames(doctype("Holiday Calendar Day")) == set(CalendarDay.model_fields)


def _zh() -> dict[str, str]:
	with open(APP / "translations" / "zh.csv", encoding="utf-8", newline="") as f:
		return {row[0]: row[1] for row in csv.reader(f) if row}


def _messages() -> set[str]:
	strings: set[str] = set((APP / "modules.txt").read_text(encoding="utf-8").split("\n")) - {""}
	for path in APP.glob("*/doctype/*/*.json"):
		doc = json.loads(path.read_text(encoding="utf-8"))
		strings.add(doc["name"])
		for f in doc["fields"]:
			for key in ("label", "description"):
				if f.get(key):
					strings.add(f[key])
			if f["fieldtype"] == "Select" and f["fieldname"] != "naming_series":
				strings |= {o for o in (f.get("options") or "").split("\n") if o}
	for path in list(APP.rglob("*.py")) + list((REPO / "patches").rglob("*.py")):
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_" and node.args:
				if isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
					strings.add(node.args[0].value)
	for name in ("roles", "role_profiles", "workflow_states", "workflow_actions", "workflows"):
		for path in (REPO / "fixtures" / name).glob("*.json"):
			data = json.loads(path.read_text(encoding="utf-8"))
			for rec in data if isinstance(data, list) else [data]:
				for key in (
					"role_name",
					"role_profile",
					"workflow_state_name",
					"workflow_action_name",
					"workflow_name",
				):
					if rec.get(key):
						strings.add(rec[key])
				for t in rec.get("transitions", []):
					strings |= {t["state"], t["action"], t["next_state"]}
	# what the desk shows of workspaces, reports, number cards and charts, and the app's own JS strings
	for path in APP.glob("*/workspace/*/*.json"):
		doc = json.loads(path.read_text(encoding="utf-8"))
		strings.add(doc.get("label") or doc["name"])
		strings |= {
			row["label"] for key in ("links", "shortcuts") for row in doc.get(key, []) if row.get("label")
		}
	for kind, key in (("report", "report_name"), ("number_card", "label"), ("dashboard_chart", "chart_name")):
		for path in APP.glob(f"*/{kind}/*/*.json"):
			doc = json.loads(path.read_text(encoding="utf-8"))
			strings.add(doc.get(key) or doc["name"])
	for path in APP.rglob("*.js"):
		text = path.read_text(encoding="utf-8")
		strings |= set(re.findall(r'__\(\s*"((?:[^"\\]|\\.)+)"', text))
		strings |= set(re.findall(r"__\(\s*'((?:[^'\\]|\\.)+)'", text))
	return strings


#: Frappe's own words the app uses in Frappe's meaning: Frappe's zh.csv translates them, the app's must not
#: (tests/site/test_translations.py checks that Frappe has them and that no app row changes a Frappe word)
FRAPPE_WORDS = {
	"{0} {1} not found",
	"New {0}",
	"Amended From",
	"Code",
	"Contact Email",
	"Description",
	"Document",
	"Document Type",
	"Due Date",
	"Email",
	"Enabled",
	"Group By",
	"Key",
	"Left",
	"Not a valid Workflow Action",
	"Queued",
	"Recipients",
	"Region",
	"Reports",
	"Right",
	"Row {0}",
	"Value",
	"Workflow State",
	"{0} is required",
}


def test_every_label_option_and_message_has_a_chinese_translation():
	zh = _zh()
	missing = sorted(s for s in _messages() if s not in zh and s not in FRAPPE_WORDS)
	assert not missing, f"no zh translation for: {missing}"
	for source, target in zh.items():
		assert target.strip(), source
		# a translation may reorder the placeholders, never drop or add one
		assert sorted(re.findall(r"\{\d\}", source)) == sorted(re.findall(r"\{\d\}", target)), (
			f"placeholders differ: {source}"
		)


def test_credit_code_problems_are_translated():
	from policy_app.engine import credit_code

	zh = _zh()
	for text in re.findall(r'return "([^"]+)"', Path(credit_code.__file__).read_text(encoding="utf-8")):
		assert text in zh, text


def test_packaging_keeps_tests_and_patches_out_of_the_top_level():
	setup = (REPO / "setup.py").read_text(encoding="utf-8")
	assert 'find_packages(include=["policy_app", "policy_app.*"])' in setup
	assert (APP / "fixtures").is_symlink() and (APP / "fixtures").resolve() == (REPO / "fixtures").resolve()
	assert (APP / "patches").is_symlink() and (APP / "patches").resolve() == (REPO / "patches").resolve()
	for line in (APP / "patches.txt").read_text().splitlines():
		line = line.strip()
		if line and not line.startswith(("#", "[")):
			module = REPO / "patches" / Path(*line.split(".")[2:]).with_suffix(".py")
			assert line.startswith("policy_app.patches.") and module.exists(), line


def test_no_app_doctype_reuses_an_erpnext_or_hrms_name():
	taken = {
		"Project",
		"Contract",
		"Task",
		"Holiday List",
		"Holiday",
		"Payment Entry",
		"Appraisal",
		"Grant",
		"Employee",
		"Department",
		"Territory",
		"Designation",
		"Branch",
		"Company",
		"Supplier",
		"Customer",
		"Job Applicant",
		"Expense Claim",
		"Training Event",
		"Interview",
		"Appointment",
	}
	names = {json.loads(p.read_text(encoding="utf-8"))["name"] for p in APP.glob("*/doctype/*/*.json")}
	assert not names & taken


# the forms applicants fill; each box is a question a qualified, honest applicant answers by ticking it
APPLICANT_FORMS = (
	"Cooperation Base Application",
	"Service Institution Application",
	"Incubator Application",
	"Open Competition Demand",
	"Open Competition Bid",
)


def test_a_ticked_box_is_always_the_qualifying_answer(schemes):
	"""XX-BASE §6.1 无违法失信记录, CQ §5(三), QD §8(五), XX-JBGS §22: a box labelled with the good fact is read
	as that fact. No scheme condition reads an applicant's box as a negative (`is_false`), and every box a
	condition reads is labelled with the condition's own statement."""
	boxes = {}
	for form in APPLICANT_FORMS:
		for f in doctype(form)["fields"]:
			if f["fieldtype"] == "Check" and not f.get("read_only"):
				boxes[f["fieldname"]] = f.get("label") or ""
	read = 0
	for code, scheme in schemes.items():
		for c in scheme.eligibility_conditions:
			if c.fact in boxes:
				read += 1
				assert c.operator == "is_true", f"{code} {c.code} reads the box {c.fact} as {c.operator}"
				assert not c.fact.startswith(("has_bad", "bad_", "serious_", "accident_")), (code, c.fact)
	assert read >= 30, "the shipped schemes read the applicants' boxes"
