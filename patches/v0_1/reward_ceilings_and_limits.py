"""最高 is a ceiling (XX-BASE §18, XX-INC §19), XX-INC §15 原则上可连续两年享受 and the XX-JBGS §19
blacklist over every New Area programme: the shipped schemes now say so on their rows (`ceiling`,
`max_consecutive_years`, `binds_jurisdiction`). Set each where it is still unset; a value an
administrator chose stays. Rewards published before get their granted amount: the amount they carry."""

import frappe

from policy_app.setup.shipped import shipped_data

ROWS = (
	("XX-BASE", "reward_rules", "code", ("ceiling",)),
	("XX-INC", "reward_rules", "code", ("ceiling", "max_consecutive_years")),
	("XX-JBGS", "deadlines", "code", ("binds_jurisdiction",)),
)


def execute():
	for scheme, table, key, fields in ROWS:
		if not frappe.db.exists("Policy Scheme", scheme):
			continue
		shipped = {r[key]: r for r in shipped_data("Policy Scheme", scheme).get(table, [])}
		doc = frappe.get_doc("Policy Scheme", scheme)
		changed = False
		for row in doc.get(table):
			for field in fields:
				value = (shipped.get(row.get(key)) or {}).get(field)
				if value and not row.get(field):
					row.set(field, int(value))
					changed = True
		if changed:
			doc.flags.ignore_permissions = True
			doc.save()
	if frappe.db.has_column("Policy Reward", "granted_amount"):
		frappe.db.sql(
			"""update `tabPolicy Reward` set granted_amount = amount
			where ifnull(granted_amount, 0) = 0 and ifnull(amount, 0) != 0"""
		)
