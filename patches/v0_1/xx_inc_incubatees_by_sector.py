"""XX-INC §7.3 holds each incubatee firm to the age limit of its own sector (48 months, 60 for biomedicine
and similar fields), from the carrier's list of incubatees instead of one flag per carrier. The shipped
conditions now read the facts derived from the list; a condition an administrator changed stays."""

import frappe

ROW = "Policy Scheme Eligibility Condition"
SHIPPED = {
	"inc7_3_age": ({"applies_when": "!biomedicine"}, {"applies_when": "has_ordinary_firms"}),
	"inc7_3_age_bio": (
		{"applies_when": "biomedicine", "fact": "oldest_incubatee_age_months"},
		{"applies_when": "has_special_firms", "fact": "oldest_special_incubatee_age_months"},
	),
}


def execute():
	frappe.reload_doc("recognition", "doctype", "incubator_application_incubatee")
	frappe.reload_doc("recognition", "doctype", "incubator_application")
	for code, (old, new) in SHIPPED.items():
		for name in frappe.get_all(ROW, filters={"parent": "XX-INC", "code": code, **old}, pluck="name"):
			frappe.db.set_value(ROW, name, new, update_modified=False)
	frappe.clear_document_cache("Policy Scheme", "XX-INC")
