"""Rewards and subsidies per organisation (or district, or year) against the programme's budget."""

from __future__ import annotations

from decimal import Decimal

import frappe
from frappe import _

GROUPS = {"Organization": "organization", "District": "recommending_district", "Year": "year"}
STATES = ("Proposed", "Approved", "Paid")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	group = GROUPS.get(filters.get("group_by") or "Organization")
	if not group:
		frappe.throw(_("Unknown grouping {0}").format(filters.get("group_by")))
	conditions = {"workflow_state": ["in", [*STATES, "Dropped"]]}
	for f in ("scheme", "year", "recommending_district", "organization"):
		if filters.get(f):
			conditions[f] = filters.get(f)
	rows = frappe.get_list(
		"Policy Reward",
		filters=conditions,
		fields=[
			"organization",
			"organization_name",
			"recommending_district",
			"year",
			"scheme",
			"granted_amount",
			"workflow_state",
		],
		limit_page_length=0,
	)
	out: dict = {}
	for r in rows:
		key = r.get(group)
		line = out.setdefault(
			key,
			{
				"group": key,
				"label": r.organization_name if group == "organization" else key,
				**{s.lower(): Decimal(0) for s in STATES},
				"dropped": 0,
			},
		)
		if r.workflow_state == "Dropped":
			line["dropped"] += 1
		else:
			line[r.workflow_state.lower()] += Decimal(str(r.granted_amount or 0))
	data = []
	for line in sorted(out.values(), key=lambda x: str(x["group"])):
		line["total"] = sum((line[s.lower()] for s in STATES), Decimal(0))
		data.append(line)
	columns = [
		{
			"fieldname": "label",
			"label": _(filters.get("group_by") or "Organization"),
			"fieldtype": "Data",
			"width": 240,
		},
		{"fieldname": "proposed", "label": _("Proposed"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "approved", "label": _("Approved"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "paid", "label": _("Paid"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "total", "label": _("Total Amount"), "fieldtype": "Currency", "width": 140},
		{"fieldname": "dropped", "label": _("Dropped"), "fieldtype": "Int", "width": 90},
	]
	committed = sum((d["total"] for d in data), Decimal(0))
	summary = [{"value": committed, "label": _("Committed"), "datatype": "Currency"}]
	budget = budget_for(filters)
	if budget is not None:
		summary += [
			{"value": budget, "label": _("Budget"), "datatype": "Currency"},
			{
				"value": budget - committed,
				"label": _("Remaining Budget"),
				"datatype": "Currency",
				"indicator": "Red" if committed > budget else "Green",
			},
		]
	return columns, data, None, None, summary


def budget_for(filters) -> Decimal | None:
	if not (filters.get("scheme") and filters.get("year")):
		return None
	amount = frappe.db.get_value(
		"Policy Budget", {"scheme": filters.scheme, "year": filters.year}, "budget_amount"
	)
	return Decimal(str(amount)) if amount is not None else None
