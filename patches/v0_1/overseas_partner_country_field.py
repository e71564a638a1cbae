"""A country abroad was kept in fields named `country`, which Frappe fills with the site's own country
(the setup wizard's default 中国) on every new record or row. The fields are renamed (an overseas
partner's `partner_country`, an overseas resource's and its match rows' `resource_country`, a base
activity's `activity_country`); the countries already entered are kept."""

import frappe

RENAMED = {
	("recognition", "Overseas Partner"): "partner_country",
	("cooperation_platform", "Overseas Resource"): "resource_country",
	("cooperation_platform", "Cooperation Match Resource"): "resource_country",
	("cooperation_platform", "Base Activity"): "activity_country",
}


def execute():
	for (module, doctype), field in RENAMED.items():
		frappe.reload_doc(module, "doctype", frappe.scrub(doctype))
		if frappe.db.has_column(doctype, "country"):
			frappe.db.sql(f"update `tab{doctype}` set `{field}` = `country` where ifnull(`{field}`, '') = ''")
