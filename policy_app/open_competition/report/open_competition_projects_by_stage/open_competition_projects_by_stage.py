"""Open-competition projects by stage with the money committed, paid, cancelled and recovered."""

from __future__ import annotations

from decimal import Decimal

import frappe
from frappe import _

from policy_app.controllers.stages import stage_of, workflow_states
from policy_app.engine import stages
from policy_app.engine.money import to_money

MONEY = (
	"contract_amount",
	"subsidy_amount",
	"committed",
	"paid_amount",
	"cancelled_amount",
	"recovery_due",
	"recovered",
)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		{"fieldname": "stage", "label": _("Stage"), "fieldtype": "Data", "width": 160},
		{"fieldname": "projects", "label": _("Projects"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "contract_amount",
			"label": _("Contract Amount"),
			"fieldtype": "Currency",
			"width": 150,
		},
		{
			"fieldname": "subsidy_amount",
			"label": _("Approved Subsidy"),
			"fieldtype": "Currency",
			"width": 150,
		},
		{"fieldname": "committed", "label": _("Subsidy Committed"), "fieldtype": "Currency", "width": 150},
		{"fieldname": "paid_amount", "label": _("Paid"), "fieldtype": "Currency", "width": 140},
		{
			"fieldname": "cancelled_amount",
			"label": _("Cancelled", context="Open Competition Project"),
			"fieldtype": "Currency",
			"width": 140,
		},
		{"fieldname": "recovery_due", "label": _("To Be Recovered"), "fieldtype": "Currency", "width": 140},
		{"fieldname": "recovered", "label": _("Recovered"), "fieldtype": "Currency", "width": 140},
	]
	return columns, rows(filters)


def rows(filters) -> list[dict]:
	conditions = {}
	if filters.get("scheme"):
		conditions["scheme"] = filters.scheme
	if filters.get("category"):
		conditions["category"] = filters.category
	if filters.get("district"):
		conditions["recommending_district"] = filters.district
	if filters.get("year"):
		y = int(filters.year)
		conditions["approved_on"] = ["between", [f"{y}-01-01", f"{y}-12-31"]]
	projects = frappe.get_all(
		"Open Competition Project",
		filters=conditions,
		fields=[
			"name",
			"workflow_state",
			"contract_amount",
			"subsidy_amount",
			"paid_amount",
			"cancelled_amount",
			"recovered_amount",
		],
	)
	recovered = {}
	for r in frappe.get_all(
		"Open Competition Recovery",
		filters={"project": ["in", [p.name for p in projects] or [""]], "status": "Recovered"},
		fields=["project", "amount"],
	):
		recovered[r.project] = recovered.get(r.project, Decimal(0)) + to_money(r.amount)
	# one row per state of the project's workflow, in the workflow's order, as an administrator names them
	states = workflow_states("Open Competition Project")
	out: dict[str, dict] = {}
	for p in projects:
		state = p.workflow_state or (states[0] if states else "")
		row = out.setdefault(
			state,
			{
				"stage": _(state, context="Open Competition Project"),
				"projects": 0,
				**{k: Decimal(0) for k in MONEY},
			},
		)
		subsidy = to_money(p.subsidy_amount or 0)
		cancelled = to_money(p.cancelled_amount or 0)
		row["projects"] += 1
		row["contract_amount"] += to_money(p.contract_amount or 0)
		row["subsidy_amount"] += subsidy
		# committed: what the bureau still owes or has paid; a draft or rejected project commits nothing
		if stage_of("Open Competition Project", state) not in (stages.PREPARING, stages.CLOSED):
			row["committed"] += subsidy - cancelled
		row["paid_amount"] += to_money(p.paid_amount or 0)
		row["cancelled_amount"] += cancelled
		row["recovery_due"] += to_money(p.recovered_amount or 0)
		row["recovered"] += recovered.get(p.name, Decimal(0))
	order = {s: i for i, s in enumerate(states)}
	return [out[s] for s in sorted(out, key=lambda s: order.get(s, len(order)))]
