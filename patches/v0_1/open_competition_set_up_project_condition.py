"""The bid's Set Up Project move is the system's, taken when the leader approves the bid's project; the
desk offered it to the bureau officer on every bid in public notice, where it always refused. Give the
transition its condition (the bid's project is approved) where the shipped workflow still has none."""

import frappe

from policy_app.setup.shipped import update_shipped_default

CONDITION = (
	'doc.project and frappe.db.get_value("Open Competition Project", doc.project, "workflow_state")'
	' == "In Progress"'
)


def execute():
	name = "Open Competition Bid Selection"
	if not frappe.db.exists("Workflow", name):
		return
	for old in (None, ""):
		update_shipped_default(
			"Workflow",
			name,
			"condition",
			old,
			CONDITION,
			table="transitions",
			row={"action": "Set Up Project"},
		)
