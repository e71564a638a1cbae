"""Two steps of recognition now follow the scheme's document:

- ZJ §11 has no public notice: an approved case of a scheme without a recognition notice is certified by
  the bureau (a new Approved → Certified transition, offered only when the case needs no notice);
- XX-BASE §9.3 组织现场考察 and XX-INC §8 实地核查: those schemes send a case to leadership only through the
  site visit (a scheme setting; Expert Review → Leadership is offered only when no visit is required).

The shipped workflows and the two schemes are updated in place (the setting is new, so no administrator
has set it yet); cases on file get the flags their scheme gives them."""

import frappe

from policy_app.policy_setup.schemes import get_scheme
from policy_app.setup.shipped import record_name, shipped_records

APPLICATIONS = ("Cooperation Base Application", "Service Institution Application", "Incubator Application")


def execute():
	frappe.reload_doc("policy_setup", "doctype", "policy_scheme")
	for doctype in APPLICATIONS:
		module = frappe.db.get_value("DocType", doctype, "module")
		frappe.reload_doc(frappe.scrub(module), "doctype", frappe.scrub(doctype))
	shipped = {record_name("Policy Scheme", data): data for _dt, data in shipped_records("Policy Scheme")}
	for code in frappe.get_all("Policy Scheme", pluck="name"):
		if (shipped.get(code) or {}).get("site_visit_required"):
			frappe.db.set_value("Policy Scheme", code, "site_visit_required", 1, update_modified=False)
	frappe.clear_cache(doctype="Policy Scheme")
	for doctype in APPLICATIONS:
		if frappe.db.exists("Workflow", {"document_type": doctype, "is_active": 1}):
			_update_workflow(frappe.get_doc("Workflow", {"document_type": doctype, "is_active": 1}))
		for row in frappe.get_all(doctype, fields=["name", "scheme"]):
			if not row.scheme or not frappe.db.exists("Policy Scheme", row.scheme):
				continue
			scheme = get_scheme(row.scheme)
			frappe.db.set_value(
				doctype,
				row.name,
				{
					"needs_public_notice": int(scheme.has_notice("recognition")),
					"needs_site_visit": int(scheme.site_visit_required),
				},
				update_modified=False,
			)


def _update_workflow(wf):
	changed = False
	for t in wf.transitions:
		if t.state == "Expert Review" and t.next_state == "Leadership Approval" and not t.condition:
			t.condition = "not doc.needs_site_visit"
			changed = True
	if not any(t.state == "Approved" and t.next_state == "Certified" for t in wf.transitions):
		publish = next(
			(t for t in wf.transitions if t.state == "Approved" and t.next_state == "Public Notice"), None
		)
		if publish:
			wf.append(
				"transitions",
				{
					"state": "Approved",
					"action": "Certify",
					"next_state": "Certified",
					"allowed": publish.allowed,
					"allow_self_approval": publish.allow_self_approval,
					"condition": "not doc.needs_public_notice",
				},
			)
			changed = True
	if changed:
		wf.flags.ignore_permissions = True
		wf.save()
