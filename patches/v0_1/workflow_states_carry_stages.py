"""The app's code reads what a workflow state means from the state's 办理阶段 (`policy_stage`) instead of
its name. Existing sites: each state of a shipped workflow that still has the shipped name gets the
shipped stage; a stage an administrator has set stays."""

import frappe

from policy_app.setup.install import add_workflow_fields
from policy_app.setup.shipped import present_shipped


def execute():
	add_workflow_fields()
	for name, data in present_shipped("Workflow"):
		for s in data.get("states", []):
			if not s.get("policy_stage"):
				continue
			for row in frappe.get_all(
				"Workflow Document State",
				filters={"parent": name, "parenttype": "Workflow", "state": s["state"]},
				fields=["name", "policy_stage"],
			):
				if not row.policy_stage:
					frappe.db.set_value(
						"Workflow Document State",
						row.name,
						"policy_stage",
						s["policy_stage"],
						update_modified=False,
					)
		frappe.clear_document_cache("Workflow", name)
	frappe.clear_cache()
