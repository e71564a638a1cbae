"""Numbers and charts of the Policy Programs workspace. Every count goes through frappe.get_list, so
a district officer or an applicant sees the numbers of their own scope only."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days

from policy_app.annual_duties.records import on_date
from policy_app.policy_setup.families import application_doctypes, certified_doctypes

RECORD_STATUSES = ("Active", "Expired", "Revoked", "Exited", "Promoted")


def _counts(doctype: str, field: str) -> dict[str, int]:
	if not frappe.has_permission(doctype, "read"):
		return {}
	rows = frappe.get_list(doctype, fields=[field, "count(*) as n"], group_by=field, order_by=None)
	return {r[field]: r["n"] for r in rows}


def _grouped(doctypes, field, order) -> dict:
	counts = {d: _counts(d, field) for d in doctypes}
	seen = {k for c in counts.values() for k in c if k}
	labels = [s for s in order if s in seen] + sorted(seen - set(order))
	return {
		"labels": [_(s) for s in labels],
		"datasets": [{"name": _(d), "values": [counts[d].get(s, 0) for s in labels]} for d in doctypes],
	}


@frappe.whitelist()
def applications_by_state(*args, **kwargs) -> dict:
	"""Dashboard chart source: applications of the three programme families by workflow state, in the
	order of their workflows' states (as an administrator has named and ordered them)."""
	from policy_app.controllers.stages import workflow_states

	order = list(dict.fromkeys(s for d in application_doctypes() for s in workflow_states(d)))
	return _grouped(application_doctypes(), "workflow_state", order)


@frappe.whitelist()
def certified_records_by_status(*args, **kwargs) -> dict:
	"""Dashboard chart source: certified records of the three kinds by status."""
	return _grouped(certified_doctypes(), "status", RECORD_STATUSES)


@frappe.whitelist()
def active_certified_records(filters=None) -> dict:
	"""Number card: active certified records."""
	return {
		"value": sum(_counts(d, "status").get("Active", 0) for d in certified_doctypes()),
		"fieldtype": "Int",
	}


@frappe.whitelist()
def records_expiring_in_90_days(filters=None) -> dict:
	"""Number card: active records whose validity ends within 90 days (the report's default)."""
	from policy_app.annual_duties.report.records_expiring_soon.records_expiring_soon import DEFAULT_DAYS

	today = on_date()
	n = 0
	for doctype in certified_doctypes():
		if frappe.has_permission(doctype, "read"):
			n += len(
				frappe.get_list(
					doctype,
					filters={
						"status": "Active",
						"valid_until": ["between", [today, add_days(today, DEFAULT_DAYS)]],
					},
					pluck="name",
				)
			)
	return {"value": n, "fieldtype": "Int"}
