"""CQ §6(一)(三)(四), §7(一)(三), §8(二), §9(一)(四): the qualitative conditions of each CQ base type are
now asked on the form and read by the scheme. Add the shipped rows a site's CQ-BASE does not have yet;
rows an administrator wrote or changed stay as they are."""

import frappe

from policy_app.setup.shipped import shipped_data


def execute():
	frappe.reload_doc("recognition", "doctype", "cooperation_base_application")
	if not frappe.db.exists("Policy Scheme", "CQ-BASE"):
		return
	shipped = shipped_data("Policy Scheme", "CQ-BASE").get("eligibility_conditions", [])
	doc = frappe.get_doc("Policy Scheme", "CQ-BASE")
	have = {r.code for r in doc.eligibility_conditions}
	added = [row for row in shipped if row["code"] not in have]
	for row in added:
		doc.append("eligibility_conditions", row)
	if added:
		doc.flags.ignore_permissions = True
		doc.save()
