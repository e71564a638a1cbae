"""XX-INC §8 publishes the recognition result but sets no number of days; the shipped scheme now
carries a 5-working-day recognition notice (as the other Xixian measures do). Add it where the scheme
has no recognition notice yet; a period an administrator set stays."""

import frappe

from policy_app.setup.shipped import shipped_data


def execute():
	if not frappe.db.exists("Policy Scheme", "XX-INC"):
		return
	doc = frappe.get_doc("Policy Scheme", "XX-INC")
	if any(n.stage == "recognition" for n in doc.notice_periods):
		return
	for row in shipped_data("Policy Scheme", "XX-INC").get("notice_periods", []):
		if row["stage"] == "recognition":
			doc.append("notice_periods", row)
	doc.flags.ignore_permissions = True
	doc.save()
