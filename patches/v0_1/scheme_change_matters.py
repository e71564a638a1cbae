"""Schemes now list the matters a certified organisation may ask to change (and those they may not:
QD §16(二)). Add the shipped list where a scheme has none yet; lists an administrator wrote stay."""

import frappe

from policy_app.setup.shipped import record_name, shipped_records


def execute():
	frappe.reload_doc("policy_setup", "doctype", "policy_scheme_change_matter")
	frappe.reload_doc("policy_setup", "doctype", "policy_scheme")
	shipped = {record_name("Policy Scheme", data): data for _dt, data in shipped_records("Policy Scheme")}
	for name in frappe.get_all("Policy Scheme", pluck="name"):
		rows = (shipped.get(name) or {}).get("change_matters") or []
		doc = frappe.get_doc("Policy Scheme", name)
		if not rows or doc.get("change_matters"):
			continue
		for row in rows:
			doc.append("change_matters", row)
		doc.flags.ignore_permissions = True
		doc.save()
