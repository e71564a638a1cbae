import frappe
from frappe import _


@frappe.whitelist()
def set_workflow_remark(doctype: str, name: str, remark: str):
	"""Store the reason for the next workflow action (apply_workflow reloads the record from the
	database, so the reason must be there before it runs). Only someone who may act on the record
	now may write it."""
	from frappe.model.workflow import get_transitions

	doc = frappe.get_doc(doctype, name)
	if not get_transitions(doc):
		frappe.throw(_("You cannot act on this record now"), frappe.PermissionError)
	frappe.db.set_value(doctype, name, "workflow_remark", (remark or "").strip())
	return True
