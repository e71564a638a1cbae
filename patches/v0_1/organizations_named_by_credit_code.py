"""Applicant Organization records are named by their unified social credit code instead of a random
hash, so that a record's name in a link, an export or a URL says which organisation it is. Records of
existing sites are renamed (Frappe updates every link, dynamic link and user permission to them); one
whose code another record already carries as its name keeps its old name."""

import frappe


def execute():
	frappe.reload_doc("organizations", "doctype", "applicant_organization")
	for row in frappe.get_all("Applicant Organization", fields=["name", "unified_social_credit_code"]):
		code = (row.unified_social_credit_code or "").strip().upper()
		if not code or row.name == code or frappe.db.exists("Applicant Organization", code):
			continue
		frappe.rename_doc("Applicant Organization", row.name, code, force=True, show_alert=False)
