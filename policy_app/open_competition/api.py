"""Desk actions of the open-competition chain that need more than a workflow button."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow

TERMINATIONS = ("Terminate", "Terminate for Fault")


@frappe.whitelist()
def terminate_project(project: str, action: str, reason: str, responsible_party: str | None = None):
	"""Terminate a project for an objective (§18) or a subjective (§19) cause, with the reason and, for a
	subjective cause, the responsible party. The workflow's own guards and roles apply."""
	if action not in TERMINATIONS:
		frappe.throw(_("Not a valid Workflow Action"))
	if not (reason or "").strip():
		frappe.throw(_("Give a reason for {0}").format(_(action)), title=_("Reason required"))
	if action == "Terminate for Fault" and responsible_party not in ("Demand Side", "Solver"):
		frappe.throw(_("Name the party responsible for the termination"), title=_("Responsible party"))
	doc = frappe.get_doc("Open Competition Project", project)
	doc.check_permission("write")
	values = {"workflow_remark": reason.strip()}
	if action == "Terminate for Fault":
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
	doc = frappe.get_doc("Open Competition Project", project)
	if not any(t.action == "Terminate for Fault" for t in get_transitions(doc)):
		frappe.throw(_("You cannot act on this record now"), frappe.PermissionError)
	frappe.db.set_value(doc.doctype, doc.name, "responsible_party", responsible_party)
	return True
