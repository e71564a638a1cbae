"""A record listed in a public notice showed "Public Notice" in the notice's 结果 column: the outcome is
now written in the site's language, as the evaluation notices' grades are. Existing rows are rewritten."""

import frappe
from frappe import _


def execute():
	lang = frappe.db.get_default("lang") or "en"
	rows = frappe.get_all(
		"Public Notice Item",
		filters={"outcome": "Public Notice"},
		fields=["name", "reference_doctype"],
	)
	for row in rows:
		text = _("Public Notice", lang=lang, context=row.reference_doctype)
		if text != "Public Notice":
			frappe.db.set_value("Public Notice Item", row.name, "outcome", text, update_modified=False)
