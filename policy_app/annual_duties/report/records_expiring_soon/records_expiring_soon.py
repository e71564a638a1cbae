"""Active certified records whose validity ends within the next N days (90 unless the filter says
otherwise): the ones to remind of a renewal application."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate

from policy_app.annual_duties.records import on_date
from policy_app.policy_setup.families import certified_doctypes

DEFAULT_DAYS = 90


def execute(filters=None):
	filters = frappe._dict(filters or {})
	return columns(), rows(filters)


def columns():
	return [
		{
			"fieldname": "record_doctype",
			"label": _("Certified Record Type"),
			"fieldtype": "Link",
			"options": "DocType",
			"width": 130,
		},
		{
			"fieldname": "name",
			"label": _("Certified Record"),
			"fieldtype": "Dynamic Link",
			"options": "record_doctype",
			"width": 180,
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
			"fieldname": "scheme",
			"label": _("Policy Scheme"),
			"fieldtype": "Link",
			"options": "Policy Scheme",
			"width": 100,
		},
		{"fieldname": "certified_on", "label": _("Certified On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "valid_until", "label": _("Valid Until"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_left", "label": _("Days Left"), "fieldtype": "Int", "width": 80},
	]


def rows(filters) -> list[dict]:
	days = cint(filters.get("days")) if filters.get("days") not in (None, "") else DEFAULT_DAYS
	if days < 0:
		frappe.throw(_("The number of days cannot be negative"))
	today = on_date()
	conditions = {"status": "Active", "valid_until": ["between", [today, add_days(today, days)]]}
	if filters.get("scheme"):
		conditions["scheme"] = filters.scheme
	out = []
	for doctype in certified_doctypes():
		if filters.get("record_doctype") and filters.record_doctype != doctype:
			continue
		for r in frappe.get_list(
			doctype,
			filters=conditions,
			fields=[
				"name",
				"organization_name",
				"recommending_district",
				"scheme",
				"certified_on",
				"valid_until",
			],
		):
			r["record_doctype"] = doctype
			r["days_left"] = (getdate(r["valid_until"]) - today).days
			out.append(r)
	return sorted(out, key=lambda r: (r["valid_until"], r["name"]))
