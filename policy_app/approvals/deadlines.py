"""Deadlines that chase: an administrator gives a workflow state a time limit in working days
(`Workflow State Deadline`); the daily job reminds the people a waiting case is assigned to before the
limit and tells the escalation role after it, on working days only (weekends, public holidays and
make-up working days from the holiday calendar). A case enters a state at its last approval-log move
into it (else when it was created). What was sent is written to `Approval Chase Log` under a key of
case, state, kind and day, so a second run the same day sends nothing."""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate, today

from policy_app.engine.errors import PolicyError
from policy_app.engine.models import DEFAULT_REGION
from policy_app.policy_setup.schemes import work_calendar

REMINDER, ESCALATION = "Reminder", "Escalation"
RULE_FIELDS = (
	"name",
	"document_type",
	"state",
	"working_days",
	"remind_before",
	"escalate_to",
	"holiday_calendar",
)


def deadline_rules(document_type: str | None = None) -> list[frappe._dict]:
	"""The enabled time limits (of one DocType when given): what the daily chase and the overdue
	report both walk."""
	filters = {"enabled": 1}
	if document_type:
		filters["document_type"] = document_type
	return frappe.get_all("Workflow State Deadline", filters=filters, fields=list(RULE_FIELDS))


def rule_calendar(rule, calendars: dict):
	"""The rule's working-day calendar, built once per region for a run."""
	region = rule.holiday_calendar or DEFAULT_REGION
	if region not in calendars:
		calendars[region] = work_calendar(region)
	return calendars[region]


def _entered(doctype: str, state: str, names: list[str]) -> dict[str, date]:
	rows = frappe.db.sql(
		"""select parent, max(`at`) from `tabApproval Log Entry`
		where parenttype = %s and to_state = %s and parent in %s group by parent""",
		(doctype, state, tuple(names)),
	)
	return {parent: getdate(at) for parent, at in rows if at}


def waiting_cases(rule, on: date, cal=None) -> list[frappe._dict]:
	"""The cases sitting in the rule's state, with the day they entered it, their due date and where
	`on` stands: 'remind', 'escalate' or ''."""
	cal = cal or rule_calendar(rule, {})
	records = frappe.get_all(
		rule.document_type,
		filters={"workflow_state": rule.state},
		fields=["name", "creation"],
		order_by="creation asc",
	)
	if not records:
		return []
	entered = _entered(rule.document_type, rule.state, [r.name for r in records])
	out = []
	for r in records:
		start = entered.get(r.name) or getdate(r.creation)
		due, stage = cal.chase_stage(start, rule.working_days, rule.remind_before, on)
		out.append(
			frappe._dict(
				name=r.name,
				entered=start,
				due=due,
				stage=stage,
				overdue_days=cal.working_days_between(due, on) if on > due else 0,
			)
		)
	return out


def assignees(doctype: str, name: str) -> list[str]:
	"""Who the case is assigned to now (its open ToDos)."""
	return sorted(
		set(
			frappe.get_all(
				"ToDo",
				filters={"reference_type": doctype, "reference_name": name, "status": "Open"},
				pluck="allocated_to",
			)
		)
	)


def _role_users(role: str, doc) -> list[str]:
	from policy_app.controllers import work_list

	return sorted(u.name for u in work_list.readers(doc, work_list.users_with_roles({role})))


def claim(key: str, doctype: str, name: str, state, kind: str, on, due, users: list[str]) -> bool:
	"""Write what is about to be sent under its key, first: a parallel run of a daily job finds the key
	taken and sends nothing (False)."""
	frappe.db.savepoint("approval_chase")
	try:
		frappe.get_doc(
			{
				"doctype": "Approval Chase Log",
				"key": key,
				"reference_doctype": doctype,
				"reference_name": name,
				"state": state,
				"kind": kind,
				"on_date": on,
				"due_date": due,
				"recipients": "\n".join(users),
			}
		).insert(ignore_permissions=True)
	except frappe.DuplicateEntryError:
		frappe.db.rollback(save_point="approval_chase")
		frappe.clear_messages()
		return False
	return True


def notify_once(key: str, doctype: str, name: str, state, on, due, users: list[str], subject: str) -> bool:
	"""A reminder to these users about the record, sent once under its key (claimed first, so a parallel
	run of the daily job sends nothing twice), in the portal's notifications and by email."""
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

	if not users or frappe.db.exists("Approval Chase Log", {"key": key}):
		return False
	if not claim(key, doctype, name, state, REMINDER, on, due, users):
		return False
	make_notification_logs(
		{
			"type": "Alert",
			"document_type": doctype,
			"document_name": name,
			"subject": subject,
			"email_content": subject,
			"from_user": "Administrator",
		},
		users,
	)
	return True


def chase(on=None) -> list[dict]:
	"""Daily: send today's reminders and escalations once; returns what was sent."""
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

	on = getdate(on or today())
	sent = []
	calendars = {}
	for rule in deadline_rules():
		try:
			cases = waiting_cases(rule, on, rule_calendar(rule, calendars))
		except PolicyError as e:  # a year the holiday calendar does not cover: say so, chase the rest
			frappe.log_error(title=_("Deadline {0} could not be computed").format(rule.name), message=str(e))
			continue
		for case in cases:
			if not case.stage or (case.stage == "escalate" and not rule.escalate_to):
				continue
			kind = REMINDER if case.stage == "remind" else ESCALATION
			key = f"{rule.document_type}|{case.name}|{rule.state}|{kind}|{on.isoformat()}"
			if frappe.db.exists("Approval Chase Log", {"key": key}):
				continue
			doc = frappe.get_doc(rule.document_type, case.name)
			users = (
				assignees(rule.document_type, case.name)
				if kind == REMINDER
				else _role_users(rule.escalate_to, doc)
			)
			if not users:
				continue
			if not claim(key, rule.document_type, case.name, rule.state, kind, on, case.due, users):
				continue
			if kind == REMINDER:
				subject = _("{0} {1} waits for you in {2}: due {3}").format(
					_(rule.document_type), case.name, _(rule.state, context=rule.document_type), case.due
				)
			else:
				subject = _("{0} {1} is overdue in {2} since {3} ({4} working days)").format(
					_(rule.document_type),
					case.name,
					_(rule.state, context=rule.document_type),
					case.due,
					case.overdue_days,
				)
			make_notification_logs(
				{
					"type": "Alert",
					"document_type": rule.document_type,
					"document_name": case.name,
					"subject": subject,
					"from_user": "Administrator",
				},
				users,
			)
			sent.append({"name": case.name, "kind": kind, "users": users, "due": case.due})
	return sent
