"""Schemes gained a formal-review checklist and expert review criteria. Give existing sites the shipped
rows where a scheme has none yet; a scheme whose tables an administrator already filled keeps them."""

import frappe

from policy_app.setup.shipped import shipped_records


def execute():
	for _doctype, data in shipped_records("Policy Scheme"):
		name = data["code"]
		if not frappe.db.exists("Policy Scheme", name):
			continue
		doc = frappe.get_doc("Policy Scheme", name)
		changed = False
		for table in ("checklist_items", "review_criteria"):
			if not doc.get(table) and data.get(table):
				for row in data[table]:
					doc.append(table, row)
				changed = True
		if changed:
			doc.flags.ignore_permissions = True
			doc.save()
