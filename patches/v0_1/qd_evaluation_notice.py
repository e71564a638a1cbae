"""QD §14 publishes the evaluation results (优秀/合格/不合格) for public notice before they become final;
the shipped scheme now carries an "evaluation" notice period. Add it where the scheme has none yet; a
period an administrator set stays."""

import frappe

from policy_app.setup.shipped import shipped_data


def execute():
	if not frappe.db.exists("Policy Scheme", "QD-BASE"):
		return
	doc = frappe.get_doc("Policy Scheme", "QD-BASE")
	if any(n.stage == "evaluation" for n in doc.notice_periods):
		return
	for row in shipped_data("Policy Scheme", "QD-BASE").get("notice_periods", []):
		if row["stage"] == "evaluation":
			doc.append("notice_periods", row)
	doc.flags.ignore_permissions = True
	doc.save()
