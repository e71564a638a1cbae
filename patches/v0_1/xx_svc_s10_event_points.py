"""XX-SVC §10 (适当加分 / 适当减分 for the free events): the shipped scheme now carries the bonus and the
penalty as parameters (events_bonus_points, events_penalty_points). Add the ones a site's scheme lacks
from the shipped data; a value an administrator set stays. The four shares of the 申报表 (附件) are now
computed from the form's figures: applications saved before show them too."""

import frappe

from policy_app.setup.shipped import shipped_data

NEW = ("events_bonus_points", "events_penalty_points")


def execute():
	if frappe.db.exists("Policy Scheme", "XX-SVC"):
		doc = frappe.get_doc("Policy Scheme", "XX-SVC")
		have = {p.code for p in doc.parameters}
		rows = [r for r in shipped_data("Policy Scheme", "XX-SVC").get("parameters", []) if r["code"] in NEW]
		missing = [r for r in rows if r["code"] not in have]
		if missing:
			for row in missing:
				doc.append("parameters", row)
			doc.flags.ignore_permissions = True
			doc.save()
	from policy_app.recognition.doctype.service_institution_application.service_institution_application import (
		stored_shares,
	)

	for name in frappe.get_all("Service Institution Application", pluck="name"):
		doc = frappe.get_doc("Service Institution Application", name)
		shares = stored_shares(doc)
		if shares:
			frappe.db.set_value(doc.doctype, name, shares, update_modified=False)
