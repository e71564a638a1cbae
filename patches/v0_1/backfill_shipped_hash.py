"""Record the shipped version on shipped records that do not carry one yet (sites installed before
the version was kept), so later patches can tell a shipped default from a local edit. A record that
already differs from its shipped content is left unmarked: it was edited locally."""

import frappe

from policy_app.setup.shipped import content_hash, record_name, shipped_records


def execute():
	for doctype, data in shipped_records():
		if not frappe.get_meta(doctype).has_field("shipped_hash"):
			continue
		name = record_name(doctype, data)
		if not frappe.db.exists(doctype, name) or frappe.db.get_value(doctype, name, "shipped_hash"):
			continue
		doc = frappe.get_doc(doctype, name)
		stored = {k: doc.get(k) for k in data if not isinstance(data[k], list)}
		plain = {k: v for k, v in data.items() if not isinstance(v, list)}
		if all(
			str(stored[k]) == str(v) or (stored[k] in (None, "", 0) and v in (None, "", 0))
			for k, v in plain.items()
		):
			frappe.db.set_value(doctype, name, "shipped_hash", content_hash(data), update_modified=False)
