"""Two articles now carried on existing sites:

- XX-BASE §14 因前述情形导致不能履行职责的，应主动申请终止合作关系: a change matter that ends the record;
- CQ §10 其中国际创新园由申报单位所在地的各区县（自治县）人民政府…管委会向市科技局提出申请: a condition of the
  international innovation park.

The shipped rows are added where a site's scheme does not have them; rows an administrator wrote stay."""

import frappe

from policy_app.setup.shipped import shipped_data

ROWS = {
	"XX-BASE": ("change_matters", "terminate"),
	"CQ-BASE": ("eligibility_conditions", "cq10_park_applicant"),
}


def execute():
	frappe.reload_doc("recognition", "doctype", "cooperation_base_application")
	for scheme, (table, code) in ROWS.items():
		if not frappe.db.exists("Policy Scheme", scheme):
			continue
		doc = frappe.get_doc("Policy Scheme", scheme)
		if any(r.code == code for r in doc.get(table)):
			continue
		row = next(r for r in shipped_data("Policy Scheme", scheme)[table] if r["code"] == code)
		doc.append(table, row)
		doc.flags.ignore_permissions = True
		doc.save()
