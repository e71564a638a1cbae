"""Which actions need a reason is now a tick on the workflow transition (需填写理由) that the server's
guard and the desk's reason dialog both read, instead of two lists in code. Existing sites: the
transitions of the shipped workflows that the code used to refuse without a reason get the tick."""

import frappe

from policy_app.setup.install import add_workflow_fields
from policy_app.setup.shipped import present_shipped


def execute():
	add_workflow_fields()
	for name, data in present_shipped("Workflow"):
		for t in data.get("transitions", []):
			if not t.get("needs_reason"):
				continue
			frappe.db.set_value(
				"Workflow Transition",
				{
					"parent": name,
					"parenttype": "Workflow",
					"state": t["state"],
					"action": t["action"],
					"next_state": t["next_state"],
				},
				"needs_reason",
				1,
				update_modified=False,
			)
		frappe.clear_document_cache("Workflow", name)
	frappe.clear_cache()
