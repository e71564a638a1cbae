"""XX-INC §16–17 pay the high-tech and venture-capital awards only to carriers graded 合格以上 that year;
the shipped scheme now says so on those rules (`min_grade`). Set it where it is still empty; a value an
administrator chose stays."""

import frappe

from policy_app.setup.shipped import shipped_data


def execute():
	if not frappe.db.exists("Policy Scheme", "XX-INC"):
		return
	shipped = {
		r["code"]: r.get("min_grade") for r in shipped_data("Policy Scheme", "XX-INC").get("reward_rules", [])
	}
	doc = frappe.get_doc("Policy Scheme", "XX-INC")
	changed = False
	for row in doc.reward_rules:
		if shipped.get(row.code) and not row.min_grade:
			row.min_grade = shipped[row.code]
			changed = True
	if changed:
		doc.flags.ignore_permissions = True
		doc.save()
