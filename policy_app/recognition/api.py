import frappe
from frappe import _

from policy_app.permissions import readable_record


@frappe.whitelist()
def set_workflow_remark(doctype: str, name: str, remark: str):
	"""Store the reason for the next workflow action (apply_workflow reloads the record from the
	database, so the reason must be there before it runs). Only someone who may act on the record
	now may write it."""
	from frappe.model.workflow import get_transitions

	from policy_app.input_guard import check_value

	doc = readable_record(doctype, name)
	if not doc.meta.get_field("workflow_remark") or not get_transitions(doc):
		frappe.throw(_("You cannot act on this record now"), frappe.PermissionError)
	doc.workflow_remark = (remark or "").strip()
	check_value(doc, "workflow_remark")
	# the reason is not a change of the record: the form's `modified` stays valid for the action
	doc.db_set("workflow_remark", doc.workflow_remark, update_modified=False)
	return True


@frappe.whitelist()
def attach_signed_scan(doctype: str, name: str, file_url: str):
	"""The applicant uploads the signed and sealed scan of the frozen application after submitting,
	while the record waits for the district (or the bureau, on the direct path): the only change an
	applicant may still make then."""
	from frappe.utils import now_datetime

	from policy_app.core_guards import readable_file

	doc = readable_record(doctype, name)
	if frappe.session.user != doc.owner and not frappe.has_permission(doctype, "write", doc):
		frappe.throw(_("Only the applicant can upload the signed scan"), frappe.PermissionError)
	from policy_app.controllers.stages import stage_of
	from policy_app.engine import stages

	if stage_of(doctype, doc.workflow_state) not in stages.BEFORE_REVIEW:
		frappe.throw(_("The signed scan is uploaded after submission and before the review starts"))
	if not file_url or not frappe.db.exists("File", {"file_url": file_url}):
		frappe.throw(_("Upload the file first"))
	# the scan is a file the applicant uploaded or may read, never another case's attachment
	if (
		not readable_file(file_url)
		or frappe.db.exists(
			"File",
			{
				"file_url": file_url,
				"attached_to_doctype": ["is", "set"],
				"attached_to_name": ["!=", doc.name],
			},
		)
		and not frappe.db.exists("File", {"file_url": file_url, "attached_to_name": doc.name})
	):
		frappe.throw(_("You do not have access to this file"), frappe.PermissionError)
	doc.db_set("signed_scan", file_url)
	doc.append(
		"approval_log",
		{
			"from_state": doc.workflow_state,
			"to_state": doc.workflow_state,
			"action": _("Signed scan uploaded"),
			"user": frappe.session.user,
			"at": now_datetime(),
			"remarks": file_url,
		},
	)
	doc.approval_log[-1].db_insert()
	return file_url
