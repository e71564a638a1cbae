"""XX-JBGS §9 qualification criteria are now checklist items of the scheme (stage qualification_review,
one set per category) instead of a list in code. Add the shipped items where the scheme has none of
that stage yet; items an administrator wrote stay."""

import frappe

from policy_app.setup.shipped import shipped_data


def execute():
	if not frappe.db.exists("Policy Scheme", "XX-JBGS"):
		return
	doc = frappe.get_doc("Policy Scheme", "XX-JBGS")
	if any(c.stage == "qualification_review" for c in doc.checklist_items):
		return
	for row in shipped_data("Policy Scheme", "XX-JBGS").get("checklist_items", []):
		if row["stage"] == "qualification_review":
			doc.append("checklist_items", row)
	doc.flags.ignore_permissions = True
	doc.save()
