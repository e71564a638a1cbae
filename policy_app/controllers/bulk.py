"""Bulk workflow actions from a list view that say plainly which records were skipped.

Frappe's own bulk approval tries every selected record and, for one the user may not even read, files
the permission message under "Successful Transactions". This wrapper takes out first the records the
user cannot act on (no read permission, or no such action for them in the record's state), names them,
and hands the rest to Frappe, where every server guard of the app still applies record by record.
"""

import json

import frappe
from frappe import _

from policy_app.controllers.stages import leads_into
from policy_app.engine import stages

#: Frappe's own limit of a bulk approval (frappe.model.workflow.bulk_workflow_approval)
MAX_RECORDS = 500
#: list actions of a workflow that need more than a click, by the stage (办理阶段) they lead into, and
#: the list action that asks for it
ASKS_MORE = {
	(
		"Policy Reward",
		stages.CONCLUDED,
	): "Mark rewards paid with Mark Paid in Bulk, which asks for the payment date",
}


@frappe.whitelist()
def bulk_workflow_approval(docnames, doctype, action):
	from frappe.model import workflow

	names = json.loads(docnames) if isinstance(docnames, str) else list(docnames or [])
	if not isinstance(names, list) or not all(isinstance(n, str | int) for n in names):
		frappe.throw(_("Select the records to act on"))
	names = list(dict.fromkeys(str(n) for n in names))
	for (dt, stage), message in ASKS_MORE.items():
		if dt == doctype and leads_into(doctype, action, stage):
			# the move needs what only its own dialog asks (the payment date): not taken blind for many
			frappe.throw(_(message), title=_("Use the list's own action"))
	if len(names) > MAX_RECORDS:
		frappe.throw(
			_("At most {0} records can be acted on at once").format(MAX_RECORDS), title=_("Too many records")
		)
	# one scoped query: records the user may not read are never loaded
	readable = set(
		frappe.get_list(doctype, filters={"name": ["in", names]}, pluck="name", limit_page_length=0)
	)
	actionable, skipped = [], []
	for name in names:
		if name not in readable or not any(
			t.action == action for t in workflow.get_transitions(frappe.get_doc(doctype, name))
		):
			skipped.append(name)
		else:
			actionable.append(name)
	if skipped:
		frappe.msgprint(
			_("Skipped: you cannot {0} {1}").format(_(action), ", ".join(skipped)),
			title=_("Skipped Records"),
			indicator="orange",
		)
	if actionable:
		workflow.bulk_workflow_approval(json.dumps(actionable), doctype, action)
	return {"actionable": actionable, "skipped": skipped}
