"""The stage of each state of a DocType's active workflow (policy_app.engine.stages), read from the
Workflow record an administrator edits: the one place the app's code learns what a state means."""

from __future__ import annotations

import frappe
from frappe import _


def _workflow(doctype: str):
	from frappe.model.workflow import get_workflow_name

	name = get_workflow_name(doctype)
	return frappe.get_cached_doc("Workflow", name) if name else None


def stage_map(doctype: str) -> dict[str, str]:
	"""{state: stage} of the DocType's active workflow; states without a stage are left out."""
	wf = _workflow(doctype)
	if not wf:
		return {}
	return {s.state: s.get("policy_stage") for s in wf.states if s.get("policy_stage")}


def workflow_states(doctype: str) -> list[str]:
	"""The states of the DocType's active workflow, in the workflow's order."""
	wf = _workflow(doctype)
	return [s.state for s in wf.states] if wf else []


def stage_of(doctype: str, state: str | None) -> str | None:
	return stage_map(doctype).get(state) if state else None


def states_in(doctype: str, *stages: str) -> list[str]:
	"""The states of the DocType's workflow that carry one of these stages, in the workflow's order."""
	return [state for state, stage in stage_map(doctype).items() if stage in stages]


def action_into(doc, stage: str) -> str | None:
	"""The action the current user may take on the record from where it is into a state of that stage
	(the name the administrator gave it in the Workflow form), or None."""
	from frappe.model.workflow import get_transitions

	into = set(states_in(doc.doctype, stage))
	return next((t.action for t in get_transitions(doc) if t.next_state in into), None)


def leads_into(doctype: str, action: str, stage: str) -> bool:
	"""Whether an action of the DocType's workflow leads into a state of that stage."""
	wf = _workflow(doctype)
	into = set(states_in(doctype, stage))
	return bool(wf) and any(t.action == action and t.next_state in into for t in wf.transitions)


def move_to_stage(doc, stage: str, remark: str = ""):
	"""Take the record, as the system does (an objection lodged, a notice ended), along the transition
	of its workflow from where it is into a state of that stage; the action is the one the
	administrator named in the Workflow form. Refused, in the user's words, when the workflow offers
	no such move from the record's state."""
	from frappe.model.workflow import get_transitions

	from policy_app.controllers.approval import move

	into = set(states_in(doc.doctype, stage))
	user = frappe.session.user
	frappe.set_user("Administrator")  # the system's move, with every role, as `move` applies it
	try:
		offered = [t for t in get_transitions(doc) if t.next_state in into]
	finally:
		frappe.set_user(user)
	if not offered:
		frappe.throw(
			_("{0} {1} cannot move from {2} to the stage {3}: its workflow has no such transition").format(
				_(doc.doctype), doc.name, _(doc.workflow_state, context=doc.doctype), _(stage)
			),
			title=_("No transition"),
		)
	return move(doc, offered[0].action, remark)


def stage_doctypes() -> dict[str, dict[str, str]]:
	"""{doctype: {state: stage}} of every active workflow that gives its states a stage, for the desk."""
	rows = frappe.get_all(
		"Workflow Document State",
		filters={"parenttype": "Workflow", "policy_stage": ["is", "set"]},
		pluck="parent",
		distinct=True,
	)
	doctypes = frappe.get_all(
		"Workflow", filters={"name": ["in", rows or [""]], "is_active": 1}, pluck="document_type"
	)
	return {dt: stage_map(dt) for dt in sorted(set(doctypes))}


def boot(bootinfo):
	"""boot_session hook: the desk reads a state's stage as the server does."""
	from policy_app.engine import stages

	if frappe.session.user != "Guest":
		bootinfo.policy_app_stages = stage_doctypes()
		# the vocabulary by its names in policy_app/engine/stages.py (NOTICE, CLOSED…), for the desk's scripts
		bootinfo.policy_app_stage_names = {
			k: v for k, v in vars(stages).items() if k.isupper() and isinstance(v, str)
		}
		bootinfo.policy_app_stage_groups = {
			"before_review": sorted(stages.BEFORE_REVIEW),
			# an ending for fault names the party responsible (XX-JBGS §19)
			"names_responsible_party": [stages.ENDED_FAULT],
		}


def check_workflow_stages(doc, method=None):
	"""Workflow.validate hook: in a workflow whose states carry stages, every state carries one, so that
	a state an administrator adds (形式审查) is never one the app's rules cannot read. Refused naming
	the states without a stage."""
	states = [s for s in doc.get("states") or [] if s.state]
	missing = [s.state for s in states if not s.get("policy_stage")]
	if missing and len(missing) < len(states):
		frappe.throw(
			_("Give each state its Case Stage, as the other states have: {0}").format(
				"、".join(_(m, context=doc.document_type) for m in missing)
			),
			title=_("Stage missing"),
		)


def carry_renamed_states(doc, method=None):
	"""Workflow.on_update hook: a state renamed in the form's table (its row kept, its name changed)
	takes the records standing in it along, so that no case of the app is left in a state its workflow
	no longer has (Frappe would leave them there, and offer them no action). Only the app's DocTypes:
	another app's workflow keeps Frappe's behaviour. The approval log keeps the names of its day."""
	from policy_app.policy_setup.workflows import app_doctypes

	before = doc.get_doc_before_save()
	if not before or doc.document_type not in app_doctypes():
		return
	field = doc.workflow_state_field or "workflow_state"
	if not frappe.get_meta(doc.document_type).has_field(field):
		return
	kept = {s.state for s in doc.states}
	was = {s.name: s.state for s in before.states}
	for row in doc.states:
		old = was.get(row.name)
		if not old or old == row.state or old in kept:
			continue
		moved = frappe.db.count(doc.document_type, {field: old})
		if not moved:
			continue
		frappe.db.set_value(doc.document_type, {field: old}, field, row.state, update_modified=False)
		frappe.msgprint(
			_("{0} records of {1} in the state {2} are now in {3}").format(
				moved,
				_(doc.document_type),
				_(old, context=doc.document_type),
				_(row.state, context=doc.document_type),
			),
			alert=True,
		)
