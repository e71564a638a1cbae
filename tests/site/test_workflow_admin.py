"""The bureau's administrator changes the app's workflows in the desk, without code: which actions need
a reason is a tick on the transition (需填写理由) that the server and the desk's dialog read; the
administrator edits only the app's workflows, never another app's."""

import frappe
import pytest
from frappe.utils import add_days, today
from test_annual_duties import act, certify, years_ago

from factories import make_district, make_org, make_user
from policy_app.annual_duties.title_actions import propose
from policy_app.controllers.approval import reason_doctypes

WORKFLOW = "Title Action Decision"


@pytest.fixture
def people():
	d = make_district("流程设置测试新城")
	org = make_org("流程设置测试企业", d, 5131)
	return frappe._dict(org=org, bureau=make_user("wf.bureau@policy.test", ["Bureau Officer"]))


@pytest.fixture
def admin():
	return make_user("wf.admin@policy.test", ["Policy Administrator"])


def tick(admin, action, value):
	"""The administrator opens the workflow and (un)ticks 需填写理由 on the action's transition."""
	frappe.set_user(admin)
	wf = frappe.get_doc("Workflow", WORKFLOW)
	rows = [t for t in wf.transitions if t.action == action]
	assert rows, action
	for t in rows:
		t.needs_reason = value
	wf.save()
	frappe.set_user("Administrator")


def proposal(people):
	record = certify(people.org, "XX-BASE", years_ago(1), valid_until=add_days(today(), 300))
	return record, propose("Cooperation Base", record, "Warn", "年度报告内容不实", "第十四条")


def test_the_shipped_workflow_asks_a_reason_for_dismissal_only(people):
	wf = frappe.get_doc("Workflow", WORKFLOW)
	assert {t.action: t.needs_reason for t in wf.transitions} == {"Confirm": 0, "Dismiss": 1}
	assert "Title Action" in reason_doctypes()
	_, name = proposal(people)
	with pytest.raises(frappe.ValidationError, match="reason"):
		act(people.bureau, "Title Action", name, "Dismiss", remark="")
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Title Action", name, "status") == "Proposed"


def test_an_administrator_ticks_a_reason_for_confirmation_and_unticks_it_for_dismissal(people, admin):
	tick(admin, "Confirm", 1)
	tick(admin, "Dismiss", 0)
	_, name = proposal(people)
	with pytest.raises(frappe.ValidationError, match="reason"):
		act(people.bureau, "Title Action", name, "Confirm", remark="")
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Title Action", name, "status") == "Proposed"
	# dismissal now goes without a reason
	act(people.bureau, "Title Action", name, "Dismiss", remark="")
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Title Action", name, "status") == "Dismissed"

	_, other = proposal(people)
	act(people.bureau, "Title Action", other, "Confirm", remark="经核实，年度报告内容不实")
	frappe.set_user("Administrator")
	doc = frappe.get_doc("Title Action", other)
	assert doc.status == "Confirmed" and doc.approval_log[-1].remarks == "经核实，年度报告内容不实"


def test_the_administrator_edits_only_the_apps_workflows(admin):
	frappe.set_user("Administrator")
	other = frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": "外部应用的待办流程",
			"document_type": "ToDo",
			"workflow_state_field": "workflow_state",
			"is_active": 0,
			"states": [{"state": "Pending", "doc_status": "0", "allow_edit": "System Manager"}],
			"transitions": [],
		}
	).insert()
	frappe.set_user(admin)
	listed = frappe.get_list("Workflow", pluck="name")
	assert WORKFLOW in listed and other.name not in listed
	assert not frappe.has_permission("Workflow", "read", other.name)
	with pytest.raises(frappe.PermissionError):
		doc = frappe.get_doc("Workflow", other.name)
		doc.is_active = 1
		doc.save()
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Workflow",
				"workflow_name": "管理员不能建的流程",
				"document_type": "Note",
				"workflow_state_field": "workflow_state",
				"states": [{"state": "Pending", "doc_status": "0", "allow_edit": "Policy Administrator"}],
			}
		).insert()
	frappe.set_user("Administrator")
	assert not frappe.db.get_value("Workflow", other.name, "is_active")
	assert not frappe.db.exists("Workflow", "管理员不能建的流程")
	# a user with no role gets nothing
	nobody = make_user("wf.nobody@policy.test", [])
	frappe.set_user(nobody)
	with pytest.raises(frappe.PermissionError):
		frappe.get_list("Workflow")
	frappe.set_user("Administrator")
