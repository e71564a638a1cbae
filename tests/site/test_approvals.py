"""The approval machinery on a real site, on an XX-SVC application's workflow: a delegation used and
expired (and refused for one's own submission), withdrawal allowed and refused, transfer, a copy for
information that can read but not act, and deadlines that remind and escalate across the 2026
National Day week with its make-up Saturday (10 October), each day once."""

from datetime import date

import frappe
import pytest
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import add_days, today

from factories import act, make_call, make_district, make_org, make_user, service_application
from policy_app.approvals import delegation, moves
from policy_app.approvals.deadlines import chase


@pytest.fixture
def people():
	d = make_district("审批测试新城")
	d2 = make_district("审批测试另一新城")
	org = make_org("审批测试服务机构", d, 6201)
	return frappe._dict(
		district=d,
		org=org,
		applicant=make_user("ap.applicant@policy.test", ["Policy Applicant"], orgs=[org]),
		officer=make_user("ap.officer@policy.test", ["District Officer"], districts=[d]),
		colleague=make_user("ap.colleague@policy.test", ["District Officer"], districts=[d]),
		far_officer=make_user("ap.far.officer@policy.test", ["District Officer"], districts=[d2]),
		deputy=make_user("ap.deputy@policy.test", ["Bureau Officer"]),
		leader=make_user("ap.leader@policy.test", ["Bureau Leader"]),
		bureau=make_user("ap.bureau@policy.test", ["Bureau Officer"]),
	)


def submitted_case(people, submitter=None):
	frappe.set_user("Administrator")
	call = make_call("XX-SVC", opens=-5, title="审批测试申报通知")
	frappe.clear_cache(user=people.applicant)
	frappe.set_user(people.applicant)
	app = service_application(call, people.org)
	if submitter:
		frappe.clear_cache(user=submitter)
		frappe.set_user(submitter)
	apply_workflow(frappe.get_doc(app.doctype, app.name), "Submit")
	frappe.set_user("Administrator")
	return frappe.get_doc(app.doctype, app.name)


def state(doc):
	return frappe.db.get_value(doc.doctype, doc.name, "workflow_state")


def todos(doc, user):
	return frappe.get_all(
		"ToDo",
		filters={
			"reference_type": doc.doctype,
			"reference_name": doc.name,
			"allocated_to": user,
			"status": "Open",
		},
		pluck="name",
	)


# ---- delegation


def test_a_delegation_is_used_logged_and_ends_by_itself(people):
	case = submitted_case(people)
	assert todos(case, people.officer)
	frappe.set_user(people.officer)
	d = frappe.get_doc(
		{
			"doctype": "Approval Delegation",
			"delegate": people.deputy,
			"from_date": today(),
			"to_date": add_days(today(), 6),
			"reason": "出差",
		}
	).insert()
	assert d.delegator == people.officer and [r.role for r in d.roles] == ["District Officer"]
	d.reload()
	assert d.status == "Active" and d.granted_roles == "District Officer"
	# the deputy holds the role and the officer's district for the period, and sees the work list
	assert "District Officer" in frappe.get_roles(people.deputy)
	assert frappe.db.exists("User Permission", {"user": people.deputy, "for_value": people.district}) is None
	frappe.set_user(people.deputy)
	assert frappe.has_permission(case.doctype, "read", case.name)
	assert todos(case, people.deputy)
	act(people.deputy, case, "Return", "请补充材料")
	case.reload()
	last = case.approval_log[-1]
	assert (last.action, last.user, last.acting_for, last.role) == (
		"Return",
		people.deputy,
		people.officer,
		"District Officer",
	)
	# the last day passes: before the job runs, the delegation already grants nothing
	frappe.set_user("Administrator")
	frappe.db.set_value(d.doctype, d.name, "to_date", add_days(today(), -1))
	second = submitted_case(people)
	with pytest.raises(frappe.PermissionError, match="ended"):
		act(people.deputy, second, "Return", "请补充材料")
	# the daily job takes back exactly what was given; a second run changes nothing
	frappe.set_user("Administrator")
	assert delegation.sync_all() == {d.name: "Ended"}
	assert delegation.sync_all() == {}
	assert "District Officer" not in frappe.get_roles(people.deputy)
	assert "Bureau Officer" in frappe.get_roles(people.deputy)  # their own role stays
	assert not todos(second, people.deputy)
	assert frappe.db.get_value(d.doctype, d.name, ["status", "granted_roles"]) == ("Ended", "")


def test_nobody_approves_their_own_submission_through_a_delegation(people):
	# the organisation's second user submits a case their colleague drafted, and also stands in for
	# the district officer: they may not pass judgement on what they submitted
	submitter = make_user("ap.applicant2@policy.test", ["Policy Applicant"], orgs=[people.org])
	frappe.set_user(people.officer)
	frappe.get_doc(
		{
			"doctype": "Approval Delegation",
			"delegate": submitter,
			"from_date": today(),
			"to_date": add_days(today(), 3),
		}
	).insert()
	case = submitted_case(people, submitter=submitter)
	assert case.owner == people.applicant and case.approval_log[-1].user == submitter
	with pytest.raises(frappe.PermissionError, match="own submission"):
		act(submitter, case, "Return", "请补充材料")
	assert state(case) == "Submitted"


def test_delegation_input_is_checked(people):
	frappe.set_user(people.officer)
	base = {"doctype": "Approval Delegation", "from_date": today(), "to_date": add_days(today(), 3)}
	with pytest.raises(frappe.ValidationError, match="someone else"):
		frappe.get_doc({**base, "delegate": people.officer}).insert()
	with pytest.raises(frappe.ValidationError, match="end before it starts"):
		frappe.get_doc({**base, "delegate": people.deputy, "to_date": add_days(today(), -2)}).insert()
	with pytest.raises(frappe.ValidationError, match="not an approval role"):
		frappe.get_doc({**base, "delegate": people.deputy, "roles": [{"role": "Bureau Leader"}]}).insert()
	with pytest.raises(frappe.PermissionError, match="your own"):
		frappe.get_doc({**base, "delegator": people.colleague, "delegate": people.deputy}).insert()
	assert not frappe.get_all("Approval Delegation", filters={"delegator": people.officer})


# ---- the work list


def open_entries(doc) -> dict[str, int]:
	rows = frappe.get_all(
		"ToDo",
		filters={"reference_type": doc.doctype, "reference_name": doc.name, "status": "Open"},
		pluck="allocated_to",
	)
	return {u: rows.count(u) for u in rows}


def assigned(doc) -> set[str]:
	"""Who the form's assignment avatars and the list's 分配给 filter show."""
	import json

	return set(json.loads(frappe.db.get_value(doc.doctype, doc.name, "_assign") or "[]"))


def test_the_work_list_follows_the_case(people):
	case = submitted_case(people)
	waiting = open_entries(case)
	# the district's officers, once each; not another district's officer, not the organisation
	assert waiting.get(people.officer) == 1 and waiting.get(people.colleague) == 1
	assert set(waiting.values()) == {1}
	assert people.far_officer not in waiting and people.applicant not in waiting
	assert assigned(case) == set(waiting)
	first = todos(case, people.officer)
	# returned: the officers' entries close, the form shows nobody, the applicant's own case is not a task
	act(people.officer, case, "Return", "请补充服务合同")
	assert open_entries(case) == {} and assigned(case) == set()
	assert frappe.db.get_value("ToDo", first[0], "status") == "Cancelled"
	# submitted again: a fresh entry each, never a second one
	act(people.applicant, case, "Submit")
	again = open_entries(case)
	assert again == waiting and assigned(case) == set(again)
	assert todos(case, people.officer) != first
	entry = frappe.get_doc("ToDo", todos(case, people.officer)[0])
	assert entry.assigned_by == people.applicant and case.name in entry.description


# ---- withdraw, transfer, copy


def test_the_submitter_withdraws_until_the_reviewer_acts(people):
	case = submitted_case(people)
	frappe.set_user(people.applicant)
	assert moves.can_withdraw(case.doctype, case.name)
	assert moves.withdraw(case.doctype, case.name, "材料有误，撤回修改") == "Draft"
	case.reload()
	assert case.workflow_state == "Draft" and not todos(case, people.officer)
	assert (case.approval_log[-1].action, case.approval_log[-1].remarks) == ("Withdraw", "材料有误，撤回修改")
	# submitted again and acted on by the district: too late to withdraw
	act(people.applicant, case, "Submit")
	act(people.officer, case, "Return", "请补充服务合同")
	frappe.set_user(people.applicant)
	assert not moves.can_withdraw(case.doctype, case.name)
	with pytest.raises(frappe.PermissionError, match="before anyone acts"):
		moves.withdraw(case.doctype, case.name)
	assert state(case) == "Returned"


def test_a_reviewer_transfers_to_a_colleague_of_the_same_role_and_district(people):
	case = submitted_case(people)
	frappe.set_user(people.officer)
	with pytest.raises(frappe.ValidationError, match="cannot act on"):
		moves.transfer(case.doctype, case.name, people.far_officer)  # another district
	with pytest.raises(frappe.ValidationError, match="does not hold your role"):
		moves.transfer(case.doctype, case.name, people.leader)
	frappe.set_user(people.officer)
	moves.transfer(case.doctype, case.name, people.colleague, "请代为审核")
	assert not todos(case, people.officer) and todos(case, people.colleague)
	case.reload()
	assert case.approval_log[-1].action == "Transfer" and "请代为审核" in case.approval_log[-1].remarks
	act(people.colleague, case, "Return", "请补充服务合同")
	assert state(case) == "Returned"
	# a user the case does not wait for cannot transfer it
	frappe.set_user(people.bureau)
	with pytest.raises(frappe.PermissionError, match="not waiting for you"):
		moves.transfer(case.doctype, case.name, people.deputy)


def test_a_copy_for_information_reads_but_cannot_act(people):
	case = submitted_case(people)
	frappe.set_user(people.far_officer)
	assert not frappe.has_permission(case.doctype, "read", case.name)
	frappe.set_user(people.officer)
	moves.copy_to(case.doctype, case.name, [people.far_officer, people.leader], "供参阅")
	for user in (people.far_officer, people.leader):
		frappe.set_user(user)
		assert frappe.has_permission(case.doctype, "read", case.name)
	frappe.set_user(people.far_officer)
	assert not frappe.has_permission(case.doctype, "write", case.name)  # a copy is read-only
	with pytest.raises((frappe.PermissionError, WorkflowTransitionError)):
		act(people.far_officer, case, "Return", "越权退回")  # holds the role, but only a copy of this case
	with pytest.raises((frappe.PermissionError, WorkflowTransitionError)):
		act(people.leader, case, "Return", "越权退回")  # no role for this step
	assert state(case) == "Submitted"
	case.reload()
	assert case.approval_log[-1].action == "Copy" and "供参阅" in case.approval_log[-1].remarks


# ---- deadlines


def test_deadlines_remind_and_escalate_on_working_days_across_national_day(people):
	"""Submitted on Tuesday 29 September 2026 with 3 working days: Wednesday 30 September is the first,
	1–7 October are holidays, Thursday 8 and Friday 9 October the second and third: due 9 October.
	Reminders on the last working day before it and on it; escalation from Saturday 10 October, the
	make-up working day; nothing on holidays or on Sunday 11 October; nothing twice the same day."""
	case = submitted_case(people)
	frappe.db.set_value(
		"Approval Log Entry", case.approval_log[-1].name, "at", "2026-09-29 10:00:00", update_modified=False
	)
	frappe.get_doc(
		{
			"doctype": "Workflow State Deadline",
			"document_type": "Service Institution Application",
			"state": "Submitted",
			"working_days": 3,
			"remind_before": 1,
			"escalate_to": "Bureau Leader",
		}
	).insert()
	other_leader = make_user("ap.leader2@policy.test", ["Bureau Leader"])

	def run(day):
		return [(s["kind"], s["users"]) for s in chase(date(*day)) if s["name"] == case.name]

	assert run((2026, 9, 30)) == []  # two working days left
	assert run((2026, 10, 3)) == []  # National Day holiday
	waiting = sorted(
		set(
			frappe.get_all(
				"ToDo", filters={"reference_name": case.name, "status": "Open"}, pluck="allocated_to"
			)
		)
	)
	assert people.officer in waiting and people.colleague in waiting  # the district's officers
	assert run((2026, 10, 8)) == [("Reminder", waiting)]
	assert run((2026, 10, 8)) == []  # the same day again: nothing
	assert run((2026, 10, 9)) == [("Reminder", waiting)]  # the due day
	leaders = {people.leader, other_leader}  # every Bureau Leader (the site may have more)
	[(kind, users)] = run((2026, 10, 10))  # make-up Saturday
	assert kind == "Escalation" and leaders <= set(users) and people.officer not in users
	assert run((2026, 10, 10)) == []
	assert run((2026, 10, 11)) == []  # Sunday
	[(kind, users)] = run((2026, 10, 12))
	assert kind == "Escalation" and leaders <= set(users)
	sent = frappe.get_all(
		"Notification Log",
		filters={"document_name": case.name, "for_user": people.officer},
		pluck="subject",
	)
	assert len(sent) == 2 and all("2026-10-09" in s for s in sent)
	assert frappe.db.count("Approval Chase Log", {"reference_name": case.name}) == 4
	# the overdue report on 12 October lists it, two working days late
	from policy_app.approvals.report.overdue_approvals.overdue_approvals import execute

	frappe.set_user(people.leader)
	_cols, rows = execute({"document_type": "Service Institution Application", "on": "2026-10-12"})
	row = next(r for r in rows if r["name"] == case.name)
	assert (str(row["due"]), row["overdue_days"]) == ("2026-10-09", 2)
	# the case moves on: no more chasing for that state
	frappe.set_user("Administrator")
	act(people.officer, case, "Return", "请补充服务合同")
	assert run((2026, 10, 13)) == []


def test_a_deadline_must_name_a_state_of_the_workflow(people):
	with pytest.raises(frappe.ValidationError, match="not a state"):
		frappe.get_doc(
			{
				"doctype": "Workflow State Deadline",
				"document_type": "Service Institution Application",
				"state": "Paid",
				"working_days": 3,
			}
		).insert()
	with pytest.raises(frappe.ValidationError, match="at least one working day"):
		frappe.get_doc(
			{
				"doctype": "Workflow State Deadline",
				"document_type": "Service Institution Application",
				"state": "Submitted",
				"working_days": 0,
			}
		).insert()


def test_a_delegation_is_seen_by_its_two_users_only(people):
	frappe.set_user(people.officer)
	d = frappe.get_doc(
		{
			"doctype": "Approval Delegation",
			"delegate": people.deputy,
			"from_date": add_days(today(), 10),
			"to_date": add_days(today(), 12),
		}
	).insert()
	assert d.status == "Scheduled" and not d.granted_roles  # nothing given before its first day
	assert "District Officer" not in frappe.get_roles(people.deputy)
	frappe.set_user(people.deputy)
	assert frappe.has_permission(d.doctype, "read", d.name)
	assert not frappe.has_permission(d.doctype, "write", d.name)
	frappe.set_user(people.colleague)
	assert not frappe.has_permission(d.doctype, "read", d.name)
	assert d.name not in frappe.get_list("Approval Delegation", pluck="name")
