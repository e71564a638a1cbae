"""ZJ §8(一): a joint R&D base hosted by a university or institute shows its strength by a provincial
project, one hosted by an enterprise by its R&D intensity. The two shipped conditions now say which host
kinds they apply to; a condition an administrator already tied to host kinds keeps its own."""

import frappe

ROUTES = {"zj8_1_project": "university,institute", "zj8_1_rd": "enterprise"}


def execute():
	for code, kinds in ROUTES.items():
		for name in frappe.get_all(
			"Policy Scheme Eligibility Condition",
			filters={"parent": "ZJ-BASE", "code": code, "applies_to_host_kind": ["is", "not set"]},
			pluck="name",
		):
			frappe.db.set_value(
				"Policy Scheme Eligibility Condition",
				name,
				"applies_to_host_kind",
				kinds,
				update_modified=False,
			)
	frappe.clear_document_cache("Policy Scheme", "ZJ-BASE")
