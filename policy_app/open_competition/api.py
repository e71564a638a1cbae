"""Desk actions of the open-competition chain that need more than a workflow button."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow

from policy_app.engine import stages
from policy_app.open_competition.common import project_states

#: the endings a person chooses, by the stage (办理阶段) of the state the action leads to; the overdue
#: ending is the daily job's (§17)
TERMINATIONS = (stages.ENDED_OBJECTIVE, stages.ENDED_FAULT)


def _ending(doc, action: str) -> str | None:
	"""The stage the project's workflow action `action` ends it in, when it is a termination."""
	from policy_app.controllers.stages import stage_of

	wf = doc.workflow()
	for t in wf.transitions if wf else []:
		if t.state == doc.workflow_state and t.action == action:
			stage = stage_of(doc.doctype, t.next_state)
			if stage in TERMINATIONS:
				return stage
	return None


@frappe.whitelist()
def terminate_project(project: str, action: str, reason: str, responsible_party: str | None = None):
	"""Terminate a project for an objective (§18) or a subjective (§19) cause, with the reason and, for a
	subjective cause, the responsible party. The workflow's own guards and roles apply."""
	doc = frappe.get_doc("Open Competition Project", project)
	ending = _ending(doc, action)
	if not ending:
		frappe.throw(_("Not a valid Workflow Action"))
	if not (reason or "").strip():
		frappe.throw(_("Give a reason for {0}").format(_(action)), title=_("Reason required"))
	if ending == stages.ENDED_FAULT and responsible_party not in ("Demand Side", "Solver"):
		frappe.throw(_("Name the party responsible for the termination"), title=_("Responsible party"))
	doc.check_permission("write")
	values = {"workflow_remark": reason.strip()}
	if ending == stages.ENDED_FAULT:
		values["responsible_party"] = responsible_party
	# apply_workflow reloads the record: the reason and the party are stored first, in the same transaction
	frappe.db.set_value(doc.doctype, doc.name, values, update_modified=False)
	return apply_workflow(frappe.get_doc(doc.doctype, doc.name), action)


@frappe.whitelist()
def set_responsible_party(project: str, responsible_party: str):
	"""Store who caused a subjective termination before the workflow action runs (apply_workflow reloads
	the record). Only someone who may terminate the project for fault now may write it."""
	from frappe.model.workflow import get_transitions

	if responsible_party not in ("Demand Side", "Solver"):
		frappe.throw(_("Name the party responsible for the termination"), title=_("Responsible party"))
	from policy_app.controllers.stages import stage_of

	doc = frappe.get_doc("Open Competition Project", project)
	if not any(stage_of(doc.doctype, t.next_state) == stages.ENDED_FAULT for t in get_transitions(doc)):
		frappe.throw(_("You cannot act on this record now"), frappe.PermissionError)
	frappe.db.set_value(doc.doctype, doc.name, "responsible_party", responsible_party)
	return True


@frappe.whitelist()
def next_instalment(project: str) -> dict:
	"""期次 for a new payment: the project's next instalment without a payment (shown before saving)."""
	from policy_app.open_competition.doctype.open_competition_payment.open_competition_payment import (
		next_instalment as pick,
	)

	frappe.get_doc("Open Competition Project", project).check_permission("read")
	if not frappe.has_permission("Open Competition Payment", "create"):
		frappe.throw(_("You cannot act on this record now"), frappe.PermissionError)
	return pick(project)


@frappe.whitelist()
def make_project(source_name: str, target_doc=None):
	"""立项 from the bid the demand side chose (§10–11): a draft project carrying the bid, the demand's title
	and its IP terms, opened in the form for the bureau to complete the task contract. The bid's own
	checks (notice ended, no objection, no other project) run here first, with their reasons."""
	from frappe.model.mapper import get_mapped_doc

	if not frappe.has_permission("Open Competition Project", "create"):
		frappe.throw(_("You cannot act on this record now"), frappe.PermissionError)
	bid = frappe.get_doc("Open Competition Bid", source_name)
	bid.check_permission("read")
	existing = frappe.db.get_value(
		"Open Competition Project",
		{"bid": bid.name, "workflow_state": ["not in", project_states(stages.CLOSED)]},
		"name",
	)
	if existing:
		frappe.throw(_("Bid {0} already has a project").format(bid.name) + f": {existing}")
	demand = frappe.db.get_value(
		"Open Competition Demand", bid.demand, ["demand_title", "ip_ownership"], as_dict=True
	)

	def fill(source, target):
		target.bid = source.name
		target.project_title = demand.demand_title or ""
		target.ip_ownership = demand.ip_ownership or ""
		probe = frappe.new_doc("Open Competition Project")
		probe.bid = source.name
		probe.check_bid()

	return get_mapped_doc(
		"Open Competition Bid",
		source_name,
		{
			"Open Competition Bid": {
				"doctype": "Open Competition Project",
				"field_map": {
					"demand": "demand",
					"scheme": "scheme",
					"category": "category",
					"demand_organization": "demand_organization",
					"organization": "solver_organization",
				},
				"field_no_map": ["naming_series", "workflow_state", "approval_log", "workflow_remark"],
			}
		},
		target_doc,
		fill,
	)
