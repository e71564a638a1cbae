"""The ban each document sets after a title ends (engine.bans), on the shipped schemes of a site:

- ZJ §22, CQ §15, QD §15 ban after any revocation: the row `fraud_ban` becomes `revocation_ban`;
- XX-BASE §14 bans only an ending for fraud: its row's event becomes `fraud`;
- QD §15 also bans after the title is given up: a row `exit_ban` is added.

A row an administrator changed (another event or period) is left as they set it."""

import frappe

from policy_app.setup.shipped import record_name, shipped_records

ROW = "Policy Scheme Deadline"


def execute():
	frappe.reload_doc("policy_setup", "doctype", "policy_scheme_deadline")
	shipped = {record_name("Policy Scheme", data): data for _dt, data in shipped_records("Policy Scheme")}
	for code, data in shipped.items():
		if not frappe.db.exists("Policy Scheme", code):
			continue
		bans = [
			d
			for d in data.get("deadlines", [])
			if d.get("code") in ("revocation_ban", "fraud_ban", "exit_ban")
		]
		old = frappe.get_all(
			ROW,
			filters={
				"parent": code,
				"parenttype": "Policy Scheme",
				"code": "fraud_ban",
				"event": "revocation",
			},
			fields=["name"],
		)
		changed = False
		for row in bans:
			if row["code"] in ("revocation_ban", "fraud_ban") and old:
				frappe.db.set_value(
					ROW,
					old[0].name,
					{k: row[k] for k in ("code", "event", "article", "label_zh", "label_en")},
					update_modified=False,
				)
				changed = True
			elif row["code"] == "exit_ban" and not frappe.db.exists(
				ROW, {"parent": code, "code": "exit_ban"}
			):
				doc = frappe.get_doc("Policy Scheme", code)
				doc.append("deadlines", row)
				doc.flags.ignore_permissions = True
				doc.save()
				changed = True
		if changed:
			frappe.clear_document_cache("Policy Scheme", code)
