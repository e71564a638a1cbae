"""Cases waiting in a state longer than its time limit (Workflow State Deadline), in working days."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from policy_app.approvals.deadlines import assignees, deadline_rules, rule_calendar, waiting_cases


def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		{
			"fieldname": "document_type",
			"label": _("Document Type"),
			"fieldtype": "Link",
			"options": "DocType",
			"width": 190,
		},
		{
			"fieldname": "name",
			"label": _("Document"),
			"fieldtype": "Dynamic Link",
			"options": "document_type",
			"width": 170,
		},
		{
			"fieldname": "state",
			"label": _("State", context="Workflow State Deadline"),
			"fieldtype": "Data",
			"width": 130,
		},
		{"fieldname": "entered", "label": _("In State Since"), "fieldtype": "Date", "width": 110},
		{"fieldname": "due", "label": _("Due"), "fieldtype": "Date", "width": 110},
		{"fieldname": "overdue_days", "label": _("Working Days Overdue"), "fieldtype": "Int", "width": 120},
		{"fieldname": "assignees", "label": _("Waiting For"), "fieldtype": "Data", "width": 220},
	]
	on = getdate(filters.get("on") or today())
	rows, calendars = [], {}
	for rule in deadline_rules(filters.get("document_type")):
		# the cases this user may read; the time limit itself is counted over all of them
		names = set(frappe.get_list(rule.document_type, filters={"workflow_state": rule.state}, pluck="name"))
		for case in waiting_cases(rule, on, rule_calendar(rule, calendars)):
			if case.name in names and on > case.due:
				rows.append(
					{
						"document_type": rule.document_type,
						"name": case.name,
						"state": _(rule.state, context=rule.document_type),
						"entered": case.entered,
						"due": case.due,
						"overdue_days": case.overdue_days,
						"assignees": "、".join(
							frappe.utils.get_fullname(u) for u in assignees(rule.document_type, case.name)
						),
					}
				)
	rows.sort(key=lambda r: -r["overdue_days"])
	return columns, rows
