"""Annual reports past their due date that were not filed, with the days they are overdue."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from policy_app.annual_duties.jobs import unfiled_states
from policy_app.annual_duties.records import on_date


def execute(filters=None):
	filters = frappe._dict(filters or {})
	return columns(), rows(filters)


def columns():
	return [
		{
			"fieldname": "name",
			"label": _("Annual Report"),
			"fieldtype": "Link",
			"options": "Annual Report",
			"width": 220,
		},
		{
			"fieldname": "organization_name",
			"label": _("Organization Name"),
			"fieldtype": "Data",
			"width": 200,
		},
		{
			"fieldname": "recommending_district",
			"label": _("Recommending Department"),
			"fieldtype": "Link",
			"options": "District",
			"width": 160,
		},
		{
			"fieldname": "record_doctype",
			"label": _("Certified Record Type"),
			"fieldtype": "Link",
			"options": "DocType",
			"width": 130,
		},
		{
			"fieldname": "record_name",
			"label": _("Certified Record"),
			"fieldtype": "Dynamic Link",
			"options": "record_doctype",
			"width": 180,
		},
		{
			"fieldname": "scheme",
			"label": _("Policy Scheme"),
			"fieldtype": "Link",
			"options": "Policy Scheme",
			"width": 100,
		},
		{"fieldname": "year", "label": _("Report Year"), "fieldtype": "Int", "width": 80},
		# XX-BASE §13 asks for two reports a year: which one is overdue
		{"fieldname": "report_kind_label", "label": _("Yearly Report"), "fieldtype": "Data", "width": 200},
		{"fieldname": "due_date", "label": _("Due Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_overdue", "label": _("Days Overdue"), "fieldtype": "Int", "width": 90},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 90},
	]


def rows(filters) -> list[dict]:
	today = on_date()
	conditions = {
		"due_date": ["<", today],
		"workflow_state": ["in", unfiled_states()],
	}
	for key in ("scheme", "year", "recommending_district", "organization"):
		if filters.get(key):
			conditions[key] = filters[key]
	out = []
	for r in frappe.get_list(
		"Annual Report",
		filters=conditions,
		fields=[
			"name",
			"organization_name",
			"recommending_district",
			"record_doctype",
			"record_name",
			"scheme",
			"year",
			"report_kind_label",
			"due_date",
			"status",
		],
		order_by="due_date asc, name asc",
	):
		r["days_overdue"] = (today - getdate(r["due_date"])).days
		r["status"] = _(r["status"])
		out.append(r)
	return out
