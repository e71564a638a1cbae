"""Upgrade safety: the previous release (git tag v0.1.0) installed on a scratch site, data and an
administrator's edits made with that release's own code, then the current code migrates the site: no
record lost, no value changed, the edits kept, the new modules installed.

How the old release runs without disturbing anyone: `git archive v0.1.0` is extracted to a temporary
folder and the Frappe CLI runs with PYTHONPATH pointing at it, so `import policy_app` in THAT process
finds the old code. The bench's shared `apps/policy_app` link, the other sites and the other processes
keep the current code. The scratch site is created from the bench's MariaDB root login and dropped at
the end.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile

import pytest

from bench import bench_python
from conftest import BENCH

SCRATCH = "policy-upgrade.localhost"
TAG = "v0.1.0"
#: the commit the tag names, for checkouts made without tags (CI's clone may carry none)
RELEASE_COMMIT = "8b8af70"
REPO = BENCH / "apps" / "policy_app"


def _root_password():
	conf = json.loads((BENCH / "sites" / "common_site_config.json").read_text())
	return os.environ.get("FRAPPE_DB_ROOT_PASSWORD") or conf.get("root_password")


def _env(old: str | None) -> dict:
	env = dict(os.environ)
	if old:
		env["PYTHONPATH"] = old + os.pathsep + env.get("PYTHONPATH", "")
	return env


def cli(*args, old: str | None = None, timeout=1200) -> str:
	p = subprocess.run(
		[bench_python(BENCH), "-m", "frappe.utils.bench_helper", "frappe", *args],
		cwd=BENCH / "sites",
		capture_output=True,
		text=True,
		timeout=timeout,
		env=_env(old),
	)
	assert p.returncode == 0, f"`{' '.join(args)}` failed:\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}"
	return p.stdout


def on_site(code: str, old: str | None = None, timeout=600):
	"""Run `code` in a fresh process on the scratch site (with the old release when `old` is given);
	the code sets `result`, returned as JSON."""
	script = (
		"import json, frappe\n"
		f"frappe.init(site={SCRATCH!r}, sites_path='.')\n"
		"frappe.connect()\nfrappe.set_user('Administrator')\n"
		"import policy_app\nresult = None\n"
		"try:\n" + "".join(f"\t{line}\n" for line in code.strip().splitlines()) + "\tfrappe.db.commit()\n"
		"finally:\n\tfrappe.destroy()\n"
		"print('@@CODE@@' + policy_app.__file__)\n"
		"print('@@RESULT@@' + json.dumps(result, default=str, sort_keys=True))\n"
	)
	p = subprocess.run(
		[bench_python(BENCH), "-c", script],
		cwd=BENCH / "sites",
		capture_output=True,
		text=True,
		timeout=timeout,
		env=_env(old),
	)
	assert p.returncode == 0, f"site script failed:\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}"
	lines = p.stdout.splitlines()
	code_path = [x for x in lines if x.startswith("@@CODE@@")][-1][len("@@CODE@@") :]
	# the old release runs from its extracted folder; the current code from the bench's own app link
	# (which may itself be a checkout under /tmp, as in a fresh clone)
	assert code_path.startswith(old if old else str(REPO.resolve())), code_path
	return json.loads([x for x in lines if x.startswith("@@RESULT@@")][-1][len("@@RESULT@@") :])


@pytest.fixture(scope="module")
def old_release():
	release = next(
		(
			ref
			for ref in (f"refs/tags/{TAG}", f"{RELEASE_COMMIT}^{{commit}}")
			if not subprocess.run(
				["git", "-C", str(REPO), "rev-parse", "-q", "--verify", ref], capture_output=True
			).returncode
		),
		None,
	)
	if not release:
		pytest.skip(
			f"upgrade: neither tag {TAG} nor commit {RELEASE_COMMIT} is in this checkout (shallow clone?)"
		)
	if not _root_password():
		pytest.skip("upgrade: no MariaDB root password (root_password in common_site_config.json)")
	folder = tempfile.mkdtemp(prefix="policy-v010-")
	archive = subprocess.run(
		["git", "-C", str(REPO), "archive", release], capture_output=True, check=True
	).stdout
	subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
	pw = ["--db-root-password", _root_password()]
	if (BENCH / "sites" / SCRATCH).exists():
		cli("drop-site", SCRATCH, "--no-backup", "--force", *pw)
	cli("new-site", SCRATCH, "--admin-password", "admin", *pw)
	cli("--site", SCRATCH, "install-app", "policy_app", old=folder)
	yield folder
	subprocess.run(
		[
			bench_python(BENCH),
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"drop-site",
			SCRATCH,
			"--no-backup",
			"--force",
			*pw,
		],
		cwd=BENCH / "sites",
		capture_output=True,
	)
	shutil.rmtree(folder, ignore_errors=True)


#: data made with the old release's own controllers, and an administrator's edits
MAKE_DATA = """
from frappe.utils import add_days, today
from policy_app.engine.credit_code import check_character
d = frappe.get_doc({"doctype": "District", "district_name": "升级测试新城", "district_type": "Recommending Department",
	"parent_district": "西咸新区科技创新和新经济局"}).insert()
first17 = "91610000MA0000777"
org = frappe.get_doc({"doctype": "Applicant Organization", "organization_name": "升级测试企业",
	"unified_social_credit_code": first17 + check_character(first17), "recommending_district": d.name,
	"host_kind": "Enterprise", "registered_capital": 1234567.89}).insert()
s = frappe.get_doc("Policy Scheme", "XX-BASE")
s.effective_from, s.effective_years = "2023-10-01", 10
s.reward_rules[0].amount = 450000
s.remarks = (s.remarks or "") + " 管理员修改"
s.save()
frappe.get_doc({"doctype": "Property Setter", "doctype_or_field": "DocField", "doc_type": "Applicant Organization",
	"field_name": "legal_representative", "property": "label", "value": "法人代表（本局）", "property_type": "Data"}).insert()
call = frappe.get_doc({"doctype": "Call for Applications", "title": "升级测试通知", "scheme": "XX-BASE",
	"year": 2026, "opens_on": add_days(today(), -5), "closes_on": add_days(today(), 30)}).insert()
app = frappe.get_doc({"doctype": "Cooperation Base Application", "call_for_applications": call.name,
	"organization": org.name, "base_type": "coop_base", "international_staff": 4, "success_cases_5y": 2,
	"registered_taxed_counted_in_area": 1, "independent_legal_person": 1}).insert()
result = {"org": org.name, "app": app.name, "call": call.name}
"""

SNAPSHOT = """
mods = ["Policy Setup", "Organizations", "Recognition"]
dts = frappe.get_all("DocType", filters={"module": ["in", mods], "custom": 0}, pluck="name")
result = {
	"counts": {dt: frappe.db.count(dt) for dt in dts if frappe.db.table_exists(dt)},
	"org": frappe.db.get_value("Applicant Organization", {"organization_name": "升级测试企业"},
		["name", "unified_social_credit_code", "recommending_district", "registered_capital"], as_dict=True),
	"app": frappe.db.get_value("Cooperation Base Application", {"organization_name": "升级测试企业"},
		["name", "international_staff", "success_cases_5y", "workflow_state", "call_for_applications"], as_dict=True),
	"reward": frappe.get_doc("Policy Scheme", "XX-BASE").reward_rules[0].amount,
	"remarks": frappe.db.get_value("Policy Scheme", "XX-BASE", "remarks"),
	"effective": [str(x) for x in frappe.db.get_value("Policy Scheme", "XX-BASE", ["effective_from", "effective_years"])],
	"label": frappe.get_meta("Applicant Organization").get_field("legal_representative").label,
	"modules": sorted(frappe.get_all("Module Def", filters={"app_name": "policy_app"}, pluck="name")),
	"patches": frappe.db.count("Patch Log"),
}
"""


def test_upgrade_from_the_previous_release_keeps_data_and_edits(old_release):
	old = old_release
	made = on_site(MAKE_DATA, old=old)
	before = on_site(SNAPSHOT, old=old)
	assert before["reward"] == 450000 and before["label"] == "法人代表（本局）"
	assert before["modules"] == ["Organizations", "Policy Setup", "Recognition"]

	cli("--site", SCRATCH, "migrate")  # the current code
	after = on_site(SNAPSHOT)

	# nothing of the old release's records is lost
	lost = {
		dt: (n, after["counts"].get(dt))
		for dt, n in before["counts"].items()
		if after["counts"].get(dt, 0) < n
	}
	assert not lost, lost
	# the records keep their values, the administrator's edits stay
	# an organisation is renamed to its credit code (patch organizations_named_by_credit_code), nothing else
	assert before["org"]["name"] == made["org"] != before["org"]["unified_social_credit_code"]
	assert after["org"] == {**before["org"], "name": before["org"]["unified_social_credit_code"]}
	assert {k: v for k, v in after["app"].items()} == before["app"]
	assert after["reward"] == 450000 and "管理员修改" in after["remarks"]
	assert after["effective"] == before["effective"]
	assert after["label"] == "法人代表（本局）"
	# the new modules came with the migration
	assert set(before["modules"]) < set(after["modules"]) and "Evaluation" in after["modules"]
	# and the migrated site still works: the old application saves under the current code
	saved = on_site(
		f"doc = frappe.get_doc('Cooperation Base Application', {made['app']!r})\n"
		"doc.lead_person = '升级后编辑'\ndoc.save()\n"
		"result = [doc.workflow_state, len(doc.eligibility_results)]"
	)
	assert saved[0] == "Draft" and saved[1] > 0
