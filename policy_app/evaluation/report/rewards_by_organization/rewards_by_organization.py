"""Rewards and subsidies per organisation (or district, or year) against the programme's budget."""

from __future__ import annotations

from decimal import Decimal

import frappe
from frappe import _

from policy_app.controllers.stages import stage_map
from policy_app.engine import stages

GROUPS = {"Organization": "organization", "District": "recommending_district", "Year": "year"}
#: the report's money columns by the stage (办理阶段) of the reward's state, and the voided count
COLUMNS = {stages.LEADERSHIP: "proposed", stages.AWAITING_PAYMENT: "approved", stages.CONCLUDED: "paid"}
AMOUNTS = tuple(COLUMNS.values())


def execute(filters=None):
	filters = frappe._dict(filters or {})
	group = GROUPS.get(filters.get("group_by") or "Organization")
	if not group:
		frappe.throw(_("Unknown grouping {0}").format(filters.get("group_by")))
	stage_of = stage_map("Policy Reward")
	shown = [s for s, stage in stage_of.items() if stage in COLUMNS or stage == stages.VOIDED]
	conditions = {"workflow_state": ["in", shown or [""]]}
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
				**{c: Decimal(0) for c in AMOUNTS},
				"dropped": 0,
			},
		)
		stage = stage_of.get(r.workflow_state)
		if stage == stages.VOIDED:
			line["dropped"] += 1
		else:
			line[COLUMNS[stage]] += Decimal(str(r.granted_amount or 0))
	data = []
	for line in sorted(out.values(), key=lambda x: str(x["group"])):
		line["total"] = sum((line[c] for c in AMOUNTS), Decimal(0))
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
