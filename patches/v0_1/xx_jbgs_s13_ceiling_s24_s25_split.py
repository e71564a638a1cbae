"""XX-JBGS §13 给予最高800万元补贴 is a ceiling (rule flag `ceiling` on jb_subsidy, set where still unset; a
value an administrator chose stays). Projects made before: their subsidy was the ceiling and, once
approved, the grant; their matter (§24) is their title; their New Area / new city split (§25) is
written from the scheme's funding shares where they have none."""

import frappe

from policy_app.engine.money import funding_rows
from policy_app.policy_setup.schemes import get_scheme
from policy_app.setup.shipped import shipped_data


def execute():
	if frappe.db.exists("Policy Scheme", "XX-JBGS"):
		shipped = {r["code"]: r for r in shipped_data("Policy Scheme", "XX-JBGS").get("reward_rules", [])}
		doc = frappe.get_doc("Policy Scheme", "XX-JBGS")
		changed = False
		for row in doc.reward_rules:
			if (shipped.get(row.code) or {}).get("ceiling") and not row.ceiling:
				row.ceiling = 1
				changed = True
		if changed:
			doc.flags.ignore_permissions = True
			doc.save()
	if not frappe.db.has_column("Open Competition Project", "subsidy_ceiling"):
		return
	table = "`tabOpen Competition Project`"
	frappe.db.sql(f"update {table} set subsidy_ceiling = subsidy_amount where ifnull(subsidy_ceiling, 0) = 0")
	frappe.db.sql(
		f"""update {table} set granted_subsidy = subsidy_amount
		where approved_on is not null and ifnull(granted_subsidy, 0) = 0"""
	)
	frappe.db.sql(f"update {table} set matter = project_title where ifnull(matter, '') = ''")
	for p in frappe.get_all(
		"Open Competition Project",
		filters={"subsidy_amount": [">", 0]},
		fields=["name", "scheme", "subsidy_amount"],
	):
		if frappe.db.exists(
			"Policy Reward Funding", {"parent": p.name, "parenttype": "Open Competition Project"}
		):
			continue
		for idx, row in enumerate(funding_rows(get_scheme(p.scheme), p.subsidy_amount), 1):
			frappe.get_doc(
				{
					"doctype": "Policy Reward Funding",
					"parent": p.name,
					"parenttype": "Open Competition Project",
					"parentfield": "funding",
					"idx": idx,
					**row,
				}
			).db_insert()
