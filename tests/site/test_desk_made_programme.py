"""A programme whose forms an administrator made in the desk (#16 item 1): 新型研发机构认定 with an
application DocType and a certified-record DocType built as the Form Builder builds them (custom
DocTypes with fields of their own), registered as a Programme Family, given its copy of the shared
recognition workflow and a scheme whose three conditions read its own fields. An applicant applies and
the case is walked by each role's user to its certificate, exactly as a shipped programme's.

Making and dropping a DocType alters the database, which MariaDB commits: the DocTypes, the family and
the workflow are made once for the module and removed at its end; each test's own records roll back."""

from __future__ import annotations

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from test_recognition import _walk_to_certified, people  # noqa: F401  (the roles' users)

from factories import make_call, make_user
from policy_app.policy_setup import families

APP = "RD Institution Application"
RECORD = "RD Institution"
FAMILY = "rd_institution"
SCHEME = "XX-RDI"


def _permissions(template: str) -> list[dict]:
	"""The roles of the shipped form, as the administrator ticks them in the DocType's permission table
	(level 0: the higher levels come with the shared fields that need them)."""
	keep = ("role", "permlevel", "read", "write", "create", "delete", "submit", "print", "report", "export")
	return [{k: p.get(k) for k in keep} for p in frappe.get_meta(template).permissions if not p.permlevel]


def _desk_doctype(name: str, fields: list[dict], template: str, autoname: str = "hash"):
	if frappe.db.exists("DocType", name):
		frappe.delete_doc("DocType", name, force=True, ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "DocType",
			"name": name,
			"module": "Recognition",
			"custom": 1,
			"autoname": autoname,
			"track_changes": 1,
			"fields": fields,
			"permissions": _permissions(template),
		}
	).insert(ignore_permissions=True)


def _drop():
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for wf in frappe.get_all("Workflow", filters={"document_type": APP}, pluck="name"):
		frappe.delete_doc("Workflow", wf, force=True, ignore_permissions=True)
	for dt, name in (("Policy Scheme", SCHEME), ("Programme Family", FAMILY)):
		if frappe.db.exists(dt, name):
			frappe.delete_doc(dt, name, force=True, ignore_permissions=True)
	for dt in (APP, RECORD):
		if frappe.db.exists("Client Script", f"policy_app: {dt}"):
			frappe.delete_doc("Client Script", f"policy_app: {dt}", force=True, ignore_permissions=True)
	for name in frappe.get_all("Translation", filters={"context": ["in", [APP, RECORD]]}, pluck="name"):
		frappe.delete_doc("Translation", name, force=True, ignore_permissions=True)
	for dt in (APP, RECORD):
		for cf in frappe.get_all("Custom Field", filters={"dt": dt}, pluck="name"):
			frappe.delete_doc("Custom Field", cf, force=True, ignore_permissions=True)
		if frappe.db.exists("DocType", dt):
			frappe.delete_doc("DocType", dt, force=True, ignore_permissions=True)
	frappe.db.commit()
	families.forget()
	frappe.clear_cache()
	frappe.local.valid_columns = {}


@pytest.fixture(scope="module")
def programme(site_connection):
	_drop()
	frappe.set_user("Administrator")
	# the administrator's Form Builder: the form's own questions, and the certified record's
	_desk_doctype(
		APP,
		[
			{"fieldname": "institution_name", "fieldtype": "Data", "label": "机构名称"},
			{"fieldname": "rd_staff", "fieldtype": "Int", "label": "研发人员数"},
			{"fieldname": "rd_spend_share", "fieldtype": "Percent", "label": "研发投入占营业收入比例"},
			{"fieldname": "independent_legal_person", "fieldtype": "Check", "label": "具有独立法人资格"},
		],
		"Service Institution Application",
	)
	_desk_doctype(
		RECORD,
		[{"fieldname": "institution_name", "fieldtype": "Data", "label": "机构名称"}],
		"Service Institution",
	)
	family = frappe.get_doc(
		{
			"doctype": "Programme Family",
			"family_code": FAMILY,
			"title_zh": "新型研发机构",
			"application_doctype": APP,
			"certified_doctype": RECORD,
			"certificate_series": "{scheme}-{year}-.####",
			"public_name_field": "institution_name",
		}
	).insert()
	workflow = families.create_workflow(FAMILY)
	scheme = frappe.copy_doc(frappe.get_doc("Policy Scheme", "XX-SVC"))
	scheme.update(
		{
			"code": SCHEME,
			"title_zh": "西咸新区新型研发机构认定办法",
			"family": FAMILY,
			"application_print_format": None,
			"shipped_hash": None,
			"version_of": None,
			"eligibility_conditions": [
				{
					"code": "rd1",
					"article": "第四条第（一）项",
					"label_zh": "具有独立法人资格",
					"fact": "independent_legal_person",
					"operator": "is_true",
				},
				{
					"code": "rd2",
					"article": "第四条第（二）项",
					"label_zh": "研发人员不少于10人",
					"fact": "rd_staff",
					"operator": "gte",
					"value": 10,
				},
				{
					"code": "rd3",
					"article": "第四条第（三）项",
					"label_zh": "研发投入占营业收入比例不低于3%",
					"fact": "rd_spend_share",
					"operator": "gte",
					"value": 3,
				},
			],
		}
	)
	scheme.insert()
	frappe.db.commit()
	# a request's cached table columns (frappe.local.valid_columns) predate the fields just added: in the
	# desk the next request reads them afresh; this long test process reads them again here
	frappe.local.valid_columns = {}
	yield frappe._dict(family=family.name, workflow=workflow, scheme=scheme.name)
	_drop()


def test_the_desk_made_forms_are_registered_with_the_shared_fields_and_workflow(programme):
	assert APP in families.application_doctypes() and families.certified_doctype_for(APP) == RECORD
	app_meta, record_meta = frappe.get_meta(APP), frappe.get_meta(RECORD)
	for field in ("scheme", "organization", "recommending_district", "eligibility_results", "approval_log"):
		assert app_meta.has_field(field), field
	assert record_meta.has_field("certificate_number") and record_meta.autoname == "field:certificate_number"
	# the district's checklist and opinion come at their level, with the template's rows of that level
	level = app_meta.get_field("recommendation_opinion").permlevel
	assert level and app_meta.get_field("formal_review").permlevel == level
	rows = {(p.role, bool(p.write)) for p in app_meta.permissions if p.permlevel == level}
	assert {("District Officer", True), ("Bureau Officer", True), ("Policy Applicant", False)} <= rows, rows
	# the copy of the shared workflow, each state with its stage
	wf = frappe.get_doc("Workflow", programme.workflow)
	assert wf.document_type == APP and wf.is_active and all(s.policy_stage for s in wf.states)
	# its own fields are the facts its scheme's conditions read
	from policy_app.policy_setup.facts import known_facts

	assert {"rd_staff", "rd_spend_share", "independent_legal_person"} <= set(known_facts(FAMILY))
	# the desk's scripts of the template form come with it (reason dialogs, 撤回/转办/抄送, the panel)
	script = frappe.get_doc("Client Script", f"policy_app: {APP}")
	assert script.enabled and script.dt == APP
	assert "policy_app/public/js/workflow_reason.js" in script.script
	assert "policy_app/public/js/approval_moves.js" in script.script
	# and the certified record's: its type by the scheme's label, its words in its own context
	script = frappe.get_doc("Client Script", f"policy_app: {RECORD}")
	assert script.enabled and script.dt == RECORD
	assert "policy_app/public/js/scheme_choices.js" in script.script
	assert "policy_app/public/js/translation_context.js" in script.script
	# its states and statuses read the template form's words, not Frappe's general ones
	from frappe import _

	for source, doctype, zh in (
		("Submitted", APP, "已提交推荐部门"),
		("Accepted", APP, "已受理"),
		("Active", RECORD, "有效"),
	):
		assert _(source, lang="zh", context=doctype) == zh, (source, doctype)
	assert _("Submitted", lang="zh") != "已提交推荐部门"  # Frappe's own word stays Frappe's
	assert frappe.db.exists("Translation", {"context": APP, "source_text": "Submitted", "language": "zh"})


def test_an_applicant_applies_and_the_case_runs_to_its_certificate(programme, people):  # noqa: F811
	call = make_call(SCHEME)
	frappe.clear_cache(user=people.applicant)
	frappe.set_user(people.applicant)
	app = frappe.get_doc(
		{
			"doctype": APP,
			"call_for_applications": call.name,
			"organization": people.org,
			"base_type": "professional",
			"institution_name": "秦创原新型研发机构",
			"rd_staff": 8,
			"rd_spend_share": 5,
			"independent_legal_person": 1,
			"pledge_accepted": 1,
		}
	).insert()
	# a queued job's argument after the save (pickled for the worker's process): a plain record there
	import pickle

	queued = pickle.loads(pickle.dumps(app))
	assert (queued.doctype, queued.name, queued.rd_staff) == (APP, app.name, 8)
	# the eligibility panel of its own conditions: 8 research staff are fewer than 10
	results = {r.condition: r.passed for r in app.eligibility_results}
	assert results == {"rd1": 1, "rd2": 0, "rd3": 1} and not app.eligible
	app.rd_staff = 12
	app.save()
	assert app.eligible and app.recommending_district == people.district
	# another district's officer does not see it
	frappe.set_user(people.other_officer)
	assert not frappe.has_permission(APP, "read", doc=app)
	assert app.name not in frappe.get_list(APP, pluck="name")

	app = _walk_to_certified(people, app)
	assert app.certified_doctype == RECORD
	record = frappe.get_doc(RECORD, app.certified_record)
	assert record.certificate_number.startswith(f"{SCHEME}-") and record.organization == people.org
	assert record.status == "Active" and record.application == app.name
	# the record's own question, asked by the application form too, keeps the applicant's answer
	assert record.institution_name == "秦创原新型研发机构"
	# the approval log holds every role's step, as on a shipped programme
	actions = [r.action for r in app.approval_log]
	steps = ["Submit", "Recommend", "Accept", "Start Expert Review", "Send to Leadership", "Approve"]
	assert [a for a in actions if a in steps] == steps, actions


def test_next_years_evaluation_grades_it_and_grants_its_reward(programme, people):  # noqa: F811
	"""The certified record of the desk-made form is evaluated as a shipped programme's, each step by
	its role's user: the district officer sends it to an expert, the expert awards 优秀, the bureau
	officer confirms it and opens the year's round of XX-RDI; the evaluation is graded and the scheme's
	reward for a first 优秀 (the rules copied from XX-SVC §8) is proposed to the organisation."""
	frappe.set_user("Administrator")
	record = frappe.get_doc(
		{
			"doctype": RECORD,
			"organization": people.org,
			"scheme": SCHEME,
			"certificate_number": f"{SCHEME}-2024-9001",
			"institution_name": "秦创原新型研发机构",
			"status": "Active",
			"certified_on": "2024-06-01",
			"valid_until": "2027-05-31",
		}
	).insert(ignore_permissions=True)
	expert = make_user("rdi.expert@policy.test", ["Policy Expert"])
	if not frappe.db.exists("Policy Expert", {"user": expert}):
		frappe.get_doc(
			{"doctype": "Policy Expert", "user": expert, "expert_name": "研发评估专家", "active": 1}
		).insert(ignore_permissions=True)
	# the district officer opens the record's evaluation and sends it to the expert (XX-SVC §8, copied:
	# the experts award the grade)
	frappe.set_user(people.officer)
	evaluation = frappe.get_doc(
		{
			"doctype": "Policy Evaluation",
			"scheme": SCHEME,
			"year": 2025,
			"record_doctype": RECORD,
			"record_name": record.name,
			"experts": [{"expert_user": expert}],
		}
	).insert()
	apply_workflow(evaluation, "Send to Experts")
	# the expert awards 优秀 on the form and submits; the bureau officer confirms
	frappe.set_user(expert)
	evaluation = frappe.get_doc("Policy Evaluation", evaluation.name)
	evaluation.expert_grade = "excellent"
	evaluation.save()
	evaluation.submit_scores({})
	frappe.set_user(people.bureau)
	evaluation = frappe.get_doc("Policy Evaluation", evaluation.name)
	assert evaluation.workflow_state == "Bureau Review"
	apply_workflow(evaluation, "Confirm")
	assert [e.action for e in frappe.get_doc("Policy Evaluation", evaluation.name).approval_log] == [
		"Send to Experts",
		"Submit Scores",
		"Confirm",
	]

	frappe.set_user(people.bureau)
	rnd = frappe.get_doc({"doctype": "Evaluation Round", "scheme": SCHEME, "year": 2025}).insert()
	rnd.run_publish()
	frappe.set_user("Administrator")
	evaluation.reload()
	assert evaluation.published and evaluation.final_grade == "excellent"
	rewards = frappe.get_all(
		"Policy Reward",
		filters={"scheme": SCHEME, "organization": people.org},
		fields=["rule", "amount", "year", "evaluation_round"],
	)
	assert [(r.rule, int(r.amount), r.year, r.evaluation_round) for r in rewards] == [
		("svc_medal_bronze", 100000, 2025, rnd.name)
	], rewards
