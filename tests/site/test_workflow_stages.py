"""What a workflow state means to the app is data on the state (办理阶段, `policy_stage`), set in the
Workflow form: the Policy Administrator renames the recognition workflow's states and adds a 形式审查
state, in the desk and without code, and an XX-BASE case walks through them with every rule still
applied: the signed scan before the review, the experts' quorum before the case leaves their review,
the notice batch, the objection, the certification when the notice ends."""

import frappe
import pytest
from frappe.utils import add_days, today
from test_recognition import (
	_complete_expert_panel,
	district_ready,
	lodge_objection,
	new_application,
	open_scheme,
	people,  # noqa: F401  (fixture)
	publish_notice,
)

from factories import act, make_call, make_user
from policy_app.controllers.stages import stage_doctypes, stage_of, states_in
from policy_app.engine import stages

WORKFLOW = "Cooperation Base Application Recognition"
DOCTYPE = "Cooperation Base Application"
#: the shipped names and the names this bureau gives them
RENAMED = {"Expert Review": "专家会评", "Public Notice": "名单公示中"}
FORMAL_CHECK = "形式审查"


@pytest.fixture
def admin():
	return make_user("stage.admin@policy.test", ["Policy Administrator"])


def new_state(name):
	"""A state the administrator creates from the Workflow form's state column."""
	if not frappe.db.exists("Workflow State", name):
		frappe.get_doc(
			{"doctype": "Workflow State", "workflow_state_name": name, "style": "Primary"}
		).insert()


def new_action(name):
	if not frappe.db.exists("Workflow Action Master", name):
		frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": name}).insert()


def edit_workflow(admin):
	"""As the administrator in the Workflow form: two states renamed, 形式审查 put between 受理 and the
	review (Accept now leads to it, 通过形式审查 leads on), each state given its stage."""
	frappe.set_user(admin)
	for name in (*RENAMED.values(), FORMAL_CHECK):
		new_state(name)
	new_action("通过形式审查")
	wf = frappe.get_doc("Workflow", WORKFLOW)
	for s in wf.states:
		s.state = RENAMED.get(s.state, s.state)
	for t in wf.transitions:
		t.state = RENAMED.get(t.state, t.state)
		t.next_state = RENAMED.get(t.next_state, t.next_state)
		if t.state == "Awaiting Acceptance" and t.action == "Accept":
			t.next_state = FORMAL_CHECK
	wf.append(
		"states",
		{
			"state": FORMAL_CHECK,
			"doc_status": "0",
			"allow_edit": "Bureau Officer",
			"policy_stage": stages.BUREAU,
		},
	)
	wf.append(
		"transitions",
		{
			"state": FORMAL_CHECK,
			"action": "通过形式审查",
			"next_state": "Accepted",
			"allowed": "Bureau Officer",
		},
	)
	wf.save()
	frappe.set_user("Administrator")


def state(app):
	return frappe.db.get_value(app.doctype, app.name, "workflow_state")


def test_the_shipped_recognition_workflows_give_every_state_its_stage():
	for doctype in (
		"Cooperation Base Application",
		"Service Institution Application",
		"Incubator Application",
	):
		wf = frappe.get_doc("Workflow", {"document_type": doctype, "is_active": 1})
		assert all(s.policy_stage in stages.RECOGNITION for s in wf.states), doctype
		assert states_in(doctype, stages.PREPARING) == ["Draft", "Returned"]
		assert stage_of(doctype, "Public Notice") == stages.NOTICE
	# the desk reads the same map
	assert stage_doctypes()[DOCTYPE]["Submitted"] == stages.DISTRICT


def test_a_state_added_without_its_stage_is_refused_naming_it(admin):
	frappe.set_user(admin)
	new_state(FORMAL_CHECK)
	wf = frappe.get_doc("Workflow", WORKFLOW)
	wf.append("states", {"state": FORMAL_CHECK, "doc_status": "0", "allow_edit": "Bureau Officer"})
	with pytest.raises(frappe.ValidationError, match=FORMAL_CHECK):
		wf.save()
	frappe.set_user("Administrator")
	assert not frappe.db.exists("Workflow Document State", {"parent": WORKFLOW, "state": FORMAL_CHECK})


def test_renamed_and_added_states_keep_every_rule(people, admin):  # noqa: F811
	edit_workflow(admin)
	open_scheme()
	app = new_application(people, make_call())
	act(people.applicant, app, "Submit")
	# the signed scan is uploaded while the case is before the review, whatever the state is called
	app = district_ready(people, app)
	act(people.officer, app, "Recommend")
	act(people.bureau, app, "Accept")
	assert state(app) == FORMAL_CHECK
	act(people.bureau, app, "通过形式审查")
	act(people.bureau, app, "Start Expert Review")
	assert state(app) == "专家会评"
	# the experts' quorum is still checked when the case leaves their review
	with pytest.raises(frappe.ValidationError, match="quorum"):
		act(people.bureau, app, "Send to Site Visit")
	assert state(app) == "专家会评"
	_complete_expert_panel(people, app)  # a panel is drawn in the renamed state
	act(people.bureau, app, "Send to Site Visit")
	act(people.bureau, app, "Send to Leadership")
	act(people.leader, app, "Approve")

	# the notice batch puts it in the renamed notice state, by the move the workflow names
	notice = publish_notice(people, app, "认定名单公示")
	assert state(app) == "名单公示中"
	# the list reads the state it entered, in the bureau's own name
	assert frappe.db.get_value("Public Notice Item", {"parent": notice.name}, "outcome") == "名单公示中"

	# an objection takes it to objection handling and its dismissal back to the notice
	objection = lodge_objection(people, notice, app)
	assert state(app) == "Objection Review"
	frappe.set_user(people.bureau)
	frappe.get_doc("Objection", objection.name).resolve(
		"Dismissed", "经专家复议，协议在有效期内。", "经核实，协议有效，异议不成立。"
	)
	assert state(app) == "名单公示中"

	# the notice ends: the daily job finds it in the notice stage and certifies it
	from policy_app.recognition.certification import certify_due_applications

	frappe.set_user("Administrator")
	frappe.db.set_value("Public Notice", notice.name, "ends_on", add_days(today(), -1))
	assert certify_due_applications() == [app.name]
	app.reload()
	assert app.workflow_state == "Certified" and app.certified_record
	assert [(r.from_state, r.to_state) for r in app.approval_log if r.action == "通过形式审查"] == [
		(FORMAL_CHECK, "Accepted")
	]


def test_the_administrator_makes_states_and_picks_roles_but_changes_no_shared_state(admin):
	"""What the Workflow form asks of the Policy Administrator: a new state or action made and filled in
	on Frappe's new-record form (write on their own), the role of a state picked from its link (select on
	Role, never read), and the shipped states, which other apps' workflows share, left unchanged."""
	from frappe.client import validate_link

	from policy_app.core_guards import search_link

	frappe.set_user(admin)
	name = f"资格审查{frappe.generate_hash(length=4)}"
	new_state(name)
	mine = frappe.get_doc("Workflow State", name)
	assert mine.has_permission("write")
	mine.style = "Warning"
	mine.save()
	assert frappe.db.get_value("Workflow State", name, "style") == "Warning"
	shipped = frappe.get_doc("Workflow State", "Accepted")
	assert not shipped.has_permission("write")
	shipped.style = "Danger"
	with pytest.raises(frappe.PermissionError):
		shipped.save()
	assert validate_link("Role", "Bureau Officer").name == "Bureau Officer"
	assert "Bureau Officer" in [r["value"] for r in search_link("Role", "Bureau", page_length=20)]
	assert not frappe.has_permission("Role", "read")
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Workflow State", "Accepted", "style") != "Danger"


def test_a_state_renamed_in_its_row_takes_its_cases_along(people, admin):  # noqa: F811
	open_scheme()
	app = new_application(people, make_call())
	act(people.applicant, app, "Submit")
	assert state(app) == "Submitted"
	frappe.set_user(admin)
	new_state("待推荐")
	wf = frappe.get_doc("Workflow", WORKFLOW)
	for s in wf.states:
		if s.state == "Submitted":
			s.state = "待推荐"
	for t in wf.transitions:
		t.state = "待推荐" if t.state == "Submitted" else t.state
		t.next_state = "待推荐" if t.next_state == "Submitted" else t.next_state
	wf.save()
	frappe.set_user("Administrator")
	# the case stands in the renamed state, and its district officer acts on it there
	assert state(app) == "待推荐"
	act(people.officer, district_ready(people, app), "Recommend")
	assert state(app) == "Awaiting Acceptance"
	app.reload()
	# the log keeps the names of its day
	assert [r.to_state for r in app.approval_log][:1] == ["Submitted"]


@pytest.fixture
def note_state_field():
	"""Frappe gives Note its workflow-state field as a Custom Field, which alters the table (MariaDB
	commits it): removed afterwards, with whatever the test committed along with it."""
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for wf in frappe.get_all("Workflow", filters={"document_type": "Note"}, pluck="name"):
		frappe.delete_doc("Workflow", wf, force=True, ignore_permissions=True)
	for name in frappe.get_all("Note", filters={"title": "工作流测试笔记"}, pluck="name"):
		frappe.delete_doc("Note", name, force=True, ignore_permissions=True)
	if frappe.db.exists("Custom Field", "Note-workflow_state"):
		frappe.delete_doc("Custom Field", "Note-workflow_state", force=True, ignore_permissions=True)
	frappe.db.commit()


def test_a_state_renamed_in_another_apps_workflow_keeps_frappes_behaviour(note_state_field):
	"""Only the app's records are carried along: a workflow of a DocType the app does not own (Frappe's
	Note here, standing for ERPNext's and HRMS's) is left as Frappe leaves it."""
	for name in ("笔记草稿", "笔记定稿", "笔记改名"):
		new_state(name)
	new_action("定稿")
	wf = frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": "Note test flow",
			"document_type": "Note",
			"is_active": 1,
			"workflow_state_field": "workflow_state",
			"states": [
				{"state": "笔记草稿", "doc_status": "0", "allow_edit": "System Manager"},
				{"state": "笔记定稿", "doc_status": "0", "allow_edit": "System Manager"},
			],
			"transitions": [
				{"state": "笔记草稿", "action": "定稿", "next_state": "笔记定稿", "allowed": "System Manager"}
			],
		}
	).insert(ignore_permissions=True)
	note = frappe.get_doc({"doctype": "Note", "title": "工作流测试笔记"}).insert(ignore_permissions=True)
	assert frappe.db.get_value("Note", note.name, "workflow_state") == "笔记草稿"
	wf.reload()
	wf.states[0].state = "笔记改名"
	wf.transitions[0].state = "笔记改名"
	wf.save(ignore_permissions=True)
	assert frappe.db.get_value("Note", note.name, "workflow_state") == "笔记草稿"
